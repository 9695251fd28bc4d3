"""The desktop app's flags (``quill`` with no command), declared once for the CLI's help and the GUI.

No Qt here: ``assistant.ui.app`` reads its flags through :func:`parse_gui_args`, and the
CLI shows them in ``quill --help`` through :func:`add_gui_arguments`.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from assistant.core.settings import THEMES


def add_gui_arguments(parser: Any) -> None:
    """Add --lang, --theme, --model and --self-test to ``parser`` (a parser or an argument group)."""
    parser.add_argument(
        "--lang",
        metavar="CODE",
        help="language of the app and of every command's messages: en or zh_CN, before the command "
        "(default: Settings, else the system's)",
    )
    parser.add_argument("--theme", choices=THEMES, help="colour theme")
    parser.add_argument("--model", metavar="PATH", help="the GGUF model to load")
    parser.add_argument("--self-test", action="store_true", help="open, answer one message, exit 0 if it worked")


def parse_gui_args(argv: Sequence[str]) -> argparse.Namespace:
    """The GUI's flags in ``argv``; anything else (Qt's own options, -platform ...) passes through."""
    parser = argparse.ArgumentParser(prog="quill", add_help=False)
    add_gui_arguments(parser)
    args, _unknown = parser.parse_known_args(list(argv))
    return args
