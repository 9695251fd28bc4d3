"""Which file formats each part of Quill reads and writes: one list each, for the code, its messages and the
file dialogs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from assistant.core.i18n import msg

READABLE = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx")  # load_document reads these
TRANSLATABLE = (".txt", ".md", ".markdown", ".html", ".htm", ".docx")  # translated and saved in the same format
EDITABLE = (".md", ".markdown", ".txt", ".docx")  # the Write pane opens and saves these (Markdown first)
SUMMARY = (".md", ".txt")  # a summary is saved as Markdown or plain text
ALIASES = frozenset({".markdown", ".htm"})  # other names for a format listed before them


def primary(formats: Sequence[str]) -> tuple[str, ...]:
    """The formats without their aliases (``.md`` stands for ``.markdown``)."""
    return tuple(suffix for suffix in formats if suffix not in ALIASES)


def describe(formats: Sequence[str], last: Literal["and", "or"] = "and") -> str:
    """``.txt, .md and .docx``: the formats for a sentence, aliases left out."""
    names = primary(formats)
    if len(names) == 1:
        return names[0]
    if last == "or":
        return msg("{names} or {final}", names=", ".join(names[:-1]), final=names[-1])
    return msg("{names} and {final}", names=", ".join(names[:-1]), final=names[-1])


def glob_patterns(formats: Sequence[str]) -> str:
    """``*.txt *.md ...``: the patterns a file dialog's filter lists."""
    return " ".join(f"*{suffix}" for suffix in formats)
