"""The Write pane's files: .txt/.md/.docx in and out, and the autosaved draft."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest

from assistant.core.documents.readers import DocumentError
from assistant.core.errors import UserFacingError
from assistant.core.stores.drafts import Draft, DraftStore, open_text, save_as

MARKDOWN = (
    "# Report\n\nSome **bold**, *italic* and `code`.\n\n## Part two\n\n- one\n- two\n  - nested\n\n"
    "1. first\n2. second\n\n> a quote\n\n```\nx = 1\ny = 2\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n中文段落。\n"
)


def test_markdown_becomes_a_word_file_with_headings_lists_and_emphasis(tmp_path: Path) -> None:
    path = save_as(tmp_path / "report.docx", MARKDOWN, markdown=True)
    word = docx.Document(str(path))
    styles = [(p.style.name, p.text) for p in word.paragraphs]
    assert styles[:3] == [("Heading 1", "Report"), ("Normal", "Some bold, italic and code."), ("Heading 2", "Part two")]
    assert ("List Bullet", "one") in styles and ("List Bullet 2", "nested") in styles
    assert ("List Number", "first") in styles and ("Quote", "a quote") in styles
    assert ("Normal", "x = 1\ny = 2") in styles and ("Normal", "中文段落。") in styles
    runs = word.paragraphs[1].runs
    assert any(r.bold and r.text == "bold" for r in runs) and any(r.italic and r.text == "italic" for r in runs)
    assert [[c.text for c in row.cells] for row in word.tables[0].rows] == [["a", "b"], ["1", "2"]]
    text, markdown = open_text(path)
    assert markdown and text.startswith("# Report\n\nSome bold, italic and code.\n\n## Part two")


def test_plain_text_keeps_paragraphs_and_line_breaks_in_word(tmp_path: Path) -> None:
    path = save_as(tmp_path / "letter.docx", "Dear Ann,\nhello.\n\nBest,\nBo", markdown=False)
    assert [p.text for p in docx.Document(str(path)).paragraphs] == ["Dear Ann,\nhello.", "Best,\nBo"]


def test_text_files_round_trip_and_bad_files_are_one_sentence(tmp_path: Path) -> None:
    save_as(tmp_path / "a.md", "# Hi\n\n你好", markdown=True)
    assert open_text(tmp_path / "a.md") == ("# Hi\n\n你好\n", True)
    save_as(tmp_path / "a.txt", "plain", markdown=False)
    assert open_text(tmp_path / "a.txt") == ("plain\n", False)
    with pytest.raises(DocumentError, match="does not exist"):
        open_text(tmp_path / "missing.md")
    with pytest.raises(DocumentError, match=r"\.pdf"):
        open_text(tmp_path / "x.pdf")
    (tmp_path / "broken.docx").write_bytes(b"not a zip")
    with pytest.raises(DocumentError, match="damaged"):
        open_text(tmp_path / "broken.docx")
    with pytest.raises(UserFacingError, match=r"\.rtf"):
        save_as(tmp_path / "x.rtf", "text", markdown=False)
    with pytest.raises(UserFacingError, match="Could not save"):
        save_as(tmp_path / "no-such-folder" / "x.docx", "text", markdown=False)


def test_the_draft_store_writes_atomically_and_survives_a_damaged_file(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "data")
    assert store.load() is None
    store.save(Draft("草稿 draft", markdown=False, path="/x/y.md", modified=True))
    loaded = store.load()
    assert loaded is not None and (loaded.text, loaded.markdown, loaded.path, loaded.modified) == (
        "草稿 draft",
        False,
        "/x/y.md",
        True,
    )
    assert loaded.saved_at > 0
    assert [p.name for p in (tmp_path / "data").iterdir()] == ["write-draft.json"]  # no temporary file left
    store.file.write_text("{half a json", encoding="utf-8")
    assert store.load() is None
    store.file.write_text(json.dumps({"text": 3}), encoding="utf-8")
    assert store.load() is None
    store.clear()
    assert not store.file.exists()
