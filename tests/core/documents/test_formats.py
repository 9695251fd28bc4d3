"""One list of formats for each part: what the messages say and the dialogs offer follows from it."""

from __future__ import annotations

from assistant.core.documents.formats import EDITABLE, READABLE, TRANSLATABLE, describe, glob_patterns, primary
from assistant.core.documents.readers import SUPPORTED
from assistant.core.stores.drafts import FORMATS


def test_each_part_reads_what_its_list_says() -> None:
    assert SUPPORTED == READABLE and FORMATS == EDITABLE
    assert set(TRANSLATABLE) == set(READABLE) - {".pdf"}  # a translation is saved in its source's format
    assert primary(EDITABLE) == (".md", ".txt", ".docx")


def test_sentences_and_patterns() -> None:
    assert describe(READABLE) == ".txt, .md, .html, .pdf and .docx"
    assert describe(EDITABLE, "or") == ".md, .txt or .docx"
    assert describe((".md",)) == ".md"
    assert glob_patterns((".md", ".txt")) == "*.md *.txt"
