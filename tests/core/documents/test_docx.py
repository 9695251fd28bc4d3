"""Word files: read as blocks, written from Markdown or plain text, and translated paragraph by paragraph."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from assistant.core.documents.docx import (
    heading_level,
    open_docx,
    replace_text,
    save_docx,
    text_paragraphs,
    to_docx,
)
from assistant.core.documents.readers import DocumentError, load_document
from assistant.core.errors import UserFacingError

MARKDOWN = (
    "# Report\n\nSome **bold**, *italic* and `code`.\n\n## Part two\n\n- one\n- two\n  - nested\n\n"
    "1. first\n2. second\n\n> a quote\n\n```\nx = 1\ny = 2\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n中文段落。\n"
)


def test_docx_headings_lists_and_tables(tmp_path: Path) -> None:
    word = docx.Document()
    word.add_heading("Report 报告", level=1)
    word.add_paragraph("The first paragraph.")
    word.add_paragraph("An item", style="List Bullet")
    table = word.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "k", "v"
    table.cell(1, 0).text, table.cell(1, 1).text = "1", "2"
    word.add_heading("Next", level=2)
    path = tmp_path / "report.docx"
    word.save(str(path))
    document = load_document(path)
    assert [(b.kind, b.text, b.level) for b in document.blocks] == [
        ("heading", "Report 报告", 1),
        ("paragraph", "The first paragraph.", 0),
        ("list_item", "An item", 0),
        ("table", "k | v\n1 | 2", 0),
        ("heading", "Next", 2),
    ]


def test_markdown_becomes_a_word_file_with_headings_lists_and_emphasis(tmp_path: Path) -> None:
    path = save_docx(to_docx(MARKDOWN, markdown=True), tmp_path / "report.docx")
    word = docx.Document(str(path))
    styles = [(p.style.name, p.text) for p in word.paragraphs]
    assert styles[:3] == [("Heading 1", "Report"), ("Normal", "Some bold, italic and code."), ("Heading 2", "Part two")]
    assert ("List Bullet", "one") in styles and ("List Bullet 2", "nested") in styles
    assert ("List Number", "first") in styles and ("Quote", "a quote") in styles
    assert ("Normal", "x = 1\ny = 2") in styles and ("Normal", "中文段落。") in styles
    runs = word.paragraphs[1].runs
    assert any(r.bold and r.text == "bold" for r in runs) and any(r.italic and r.text == "italic" for r in runs)
    assert [[c.text for c in row.cells] for row in word.tables[0].rows] == [["a", "b"], ["1", "2"]]
    text = load_document(path).to_markdown()
    assert text.startswith("# Report\n\nSome bold, italic and code.\n\n## Part two")


def test_plain_text_keeps_paragraphs_and_line_breaks_in_word(tmp_path: Path) -> None:
    path = save_docx(to_docx("Dear Ann,\nhello.\n\nBest,\nBo", markdown=False), tmp_path / "letter.docx")
    assert [p.text for p in docx.Document(str(path)).paragraphs] == ["Dear Ann,\nhello.", "Best,\nBo"]


def test_paragraphs_to_translate_keep_their_style_when_their_text_is_replaced(tmp_path: Path) -> None:
    word = docx.Document()
    word.add_heading("标题", level=2)
    word.add_paragraph("")
    mixed = word.add_paragraph("普通")
    mixed.add_run("加粗").bold = True
    table = word.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "单元格"
    paragraphs = text_paragraphs(word)
    assert [p.text for p in paragraphs] == ["标题", "普通加粗", "单元格"]  # body, then cells; no empty paragraph
    assert [heading_level(p) for p in paragraphs] == [2, 0, 0]
    for paragraph, text in zip(paragraphs, ("Title", "Plain bold", "Cell")):
        replace_text(paragraph, text)
    path = save_docx(word, tmp_path / "out.docx")
    again = open_docx(path)
    assert [(p.style.name, p.text) for p in again.paragraphs if p.text] == [
        ("Heading 2", "Title"),
        ("Normal", "Plain bold"),
    ]
    assert again.tables[0].cell(0, 0).text == "Cell"


def test_damaged_files_and_failed_saves_are_one_sentence_and_leave_nothing_behind(tmp_path: Path) -> None:
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not a zip at all")
    with pytest.raises(DocumentError, match="damaged or not a .docx"):
        open_docx(folder / "broken.docx")
    with pytest.raises(UserFacingError, match="Could not save to"):
        save_docx(to_docx("text", markdown=False), folder / "no-such-folder" / "x.docx")
    assert sorted(p.name for p in folder.iterdir()) == ["broken.docx"]


def test_emphasis_opens_and_closes_run_by_run() -> None:
    runs = to_docx("a **b *c*** ~~d~~ `e`", markdown=True).paragraphs[0].runs
    looks = {r.text.strip(): (r.bold, r.italic, r.font.strike, r.font.name) for r in runs if r.text.strip()}
    assert looks == {
        "a": (None, None, None, None),
        "b": (True, None, None, None),
        "c": (True, True, None, None),
        "d": (None, None, True, None),
        "e": (None, None, None, "Courier New"),
    }
