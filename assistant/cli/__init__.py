"""The ``quill`` command: the desktop app by default, and headless subcommands on the same engine.

- ``entry.py``: the parser and ``main`` (errors become one line; exit code 2 for usage, 1 otherwise)
- ``commands.py``: the list of subcommands; ``chat.py``, ``summarize.py``, ``translate.py``,
  ``write.py``, ``serve.py``, ``models.py``: one module each, ending in ``COMMAND = Command(...)``
- ``base.py``: the Command record and the option sets commands share (model, remote server,
  sampling knobs), settings, errors and Ctrl+C
- ``events.py``: the one loop that runs a task's events, with per-command hooks
- ``gui.py``: the desktop app's flags, which ``assistant.ui.app`` parses too (no Qt here)

Importing this package loads nothing else (``quill = "assistant.cli:main"``), so the GUI can
read its flags from ``assistant.cli.gui`` without pulling in the subcommands.
"""

from __future__ import annotations

from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``quill`` with ``argv`` (default: the process's arguments); the exit code."""
    from assistant.cli.entry import main as run

    return run(argv)
