"""Which file formats each part of Quill reads and writes: one list each, for the code and the file dialogs."""

from __future__ import annotations

from collections.abc import Sequence

READABLE = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx")  # load_document reads these
TRANSLATABLE = (".txt", ".md", ".markdown", ".html", ".htm", ".docx")  # translated and saved in the same format
EDITABLE = (".txt", ".md", ".markdown", ".docx")  # the Write pane opens and saves these


def glob_patterns(formats: Sequence[str]) -> str:
    """``*.txt *.md ...``: the patterns a file dialog's filter lists."""
    return " ".join(f"*{suffix}" for suffix in formats)
