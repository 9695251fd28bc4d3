"""The ``quill`` entry point: parse, run the subcommand (or the desktop app), turn errors into one line.

Errors are one line on stderr (``quill: error: ...``, in the user's language: see
:func:`assistant.cli.base.cli_language`); the exit code is 2 for bad input or usage and 1 for
other failures. Tracebacks go to the log file.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from assistant import __version__
from assistant.cli.base import UsageParser, error, set_language
from assistant.cli.commands import COMMANDS
from assistant.cli.gui import add_gui_arguments
from assistant.core.errors import UserFacingError
from assistant.core.i18n import msg
from assistant.core.logs import setup_logging
from assistant.core.paths import quill_paths

log = logging.getLogger("quill.cli")


def _version_text() -> str:
    from assistant.core.engine.system_report import build_line

    return f"quill {__version__} ({build_line()})"


def build_parser() -> argparse.ArgumentParser:
    """The whole command line: the GUI's flags, then one subparser per entry of COMMANDS."""
    parser = UsageParser(
        prog="quill",
        description="Quill: an offline chat and writing assistant on local GGUF models.",
        formatter_class=argparse.RawDescriptionHelpFormatter,  # keeps --version on one line
    )
    parser.add_argument("--version", action="version", version=_version_text())
    add_gui_arguments(parser.add_argument_group("desktop app (quill with no command)"))
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=UsageParser)
    for command in COMMANDS:
        sub = subparsers.add_parser(
            command.name,
            help=command.help,
            description=command.description,
            parents=[make() for make in command.options],
        )
        command.arguments(sub)
        sub.set_defaults(run=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["--cpu-probe"]:  # the CPU check's child, in the desktop bundle (no `python -m` there)
        from assistant.core.engine.cpu_probe import main as probe

        return probe(args_list[1:])
    if args_list[:1] == ["--speed-probe"]:  # the speed probe's child, likewise (core/models/speed.py)
        from assistant.core.models.speed import main as speed

        return speed(args_list[1:])
    log_file = setup_logging(quill_paths().log_file)
    set_language(None)  # a usage error speaks Settings' language (else the locale's): --lang is not read yet
    try:
        args = build_parser().parse_args(args_list)
        set_language(args.lang)
        if args.command is None:
            from assistant.ui.app import main as gui_main

            return gui_main(args_list)
        return int(args.run(args))
    except UserFacingError as exc:
        error(exc.message)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: one line here, the traceback in the log
        log.exception("unexpected failure")
        what = f"{exc.__class__.__name__}: {exc}"
        if log_file:
            error(msg("unexpected failure ({what}); details are in {log}", what=what, log=log_file))
        else:
            error(msg("unexpected failure ({what})", what=what))
        return 1
