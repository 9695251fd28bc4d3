"""Every ``quill`` subcommand, in the order ``quill --help`` lists them.

To add one: write ``assistant/cli/NAME.py`` ending in ``COMMAND = Command(...)`` (its help,
arguments, the shared option sets it takes and its ``run``), then add it here. Keep heavy
imports inside ``run``: this list is imported on every start, including the GUI's.
"""

from __future__ import annotations

from assistant.cli import ask, chat, doctor, library, models, serve, summarize, translate, write
from assistant.cli.base import Command

COMMANDS: tuple[Command, ...] = (
    chat.COMMAND,
    summarize.COMMAND,
    translate.COMMAND,
    serve.COMMAND,
    models.COMMAND,
    write.COMMAND,
    library.COMMAND,
    ask.COMMAND,
    doctor.COMMAND,
)
