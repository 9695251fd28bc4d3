"""Every import format keeps its structure; bad files are one clear sentence. Fixtures are built here."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.core.documents.readers import DocumentError, decode_text, from_text, join_lines, load_document


def kinds(path: Path) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in load_document(path).blocks]


def test_plain_text_rejoins_wrapped_lines_and_keeps_lists(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text(
        "The river flows\nnorth through the\nvalley.\n\n- first\n- second\n\n中文的句子被\n分成了两行。\n",
        encoding="utf-8",
    )
    assert kinds(path) == [
        ("paragraph", "The river flows north through the valley."),
        ("list_item", "first"),
        ("list_item", "second"),
        ("paragraph", "中文的句子被分成了两行。"),
    ]


def test_hyphenated_words_are_made_whole() -> None:
    assert join_lines(["an exam-", "ple of text"]) == "an example of text"
    assert join_lines(["well-", "Known"]) == "well- Known"


def test_encodings_and_binary_files(tmp_path: Path) -> None:
    assert decode_text("中文文本".encode("gb18030")) == "中文文本"
    assert decode_text("\ufeffBOM text".encode("utf-8")) == "BOM text"
    assert decode_text("utf16".encode("utf-16")) == "utf16"
    binary = tmp_path / "data.txt"
    binary.write_bytes(bytes(range(256)) * 50)
    with pytest.raises(DocumentError, match="binary file"):
        load_document(binary)


def test_markdown_headings_lists_code_and_tables(tmp_path: Path) -> None:
    path = tmp_path / "doc.md"
    path.write_text(
        "# Title\n\nIntro text.\n\n## Part\n\n- a\n- b\n\n```python\nx = 1\n```\n\n| k | v |\n|---|---|\n| 1 | 2 |\n"
        "\n> quoted\n",
        encoding="utf-8",
    )
    document = load_document(path)
    assert [(b.kind, b.text, b.level) for b in document.blocks] == [
        ("heading", "Title", 1),
        ("paragraph", "Intro text.", 0),
        ("heading", "Part", 2),
        ("list_item", "a", 0),
        ("list_item", "b", 0),
        ("code", "x = 1\n", 0),
        ("table", "k | v\n1 | 2", 0),
        ("quote", "quoted", 0),
    ]
    assert document.title == "Title"


def test_pdf_lines_are_rejoined_into_paragraphs(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    first = "The river valley had many mills. " * 8
    second = "A bridge was built in 1999 to cross it. " * 6
    pdf.multi_cell(120, 6, first.strip())
    pdf.ln(4)
    pdf.multi_cell(120, 6, second.strip())
    pdf.ln(4)
    pdf.cell(0, 6, "7")  # a page number
    path = tmp_path / "mills.pdf"
    pdf.output(str(path))
    blocks = load_document(path).blocks
    texts = [b.text for b in blocks]
    assert texts[0] == first.strip()
    assert texts[1] == second.strip()
    assert "7" not in texts


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("broken.pdf", b"%PDF-1.4 this is not really a pdf", "damaged or not a PDF"),
        ("broken.docx", b"PK\x03\x04 not a zip at all", "damaged or not a .docx"),
        ("sheet.xlsx", b"whatever", "cannot read .xlsx files"),
        ("empty.txt", b"", "no text"),
    ],
)
def test_bad_files_are_one_clear_sentence(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(DocumentError, match=message) as caught:
        load_document(path)
    assert "\n" not in str(caught.value)


def test_missing_files_and_folders(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="does not exist"):
        load_document(tmp_path / "nope.md")
    folder = tmp_path / "folder.md"
    folder.mkdir()
    with pytest.raises(DocumentError, match="folder"):
        load_document(folder)


def test_to_markdown_round_trips_structure() -> None:
    document = from_text("Para one.\n\n- item")
    assert document.to_markdown() == "Para one.\n\n- item"


def test_heading_levels_in_a_long_markdown_text() -> None:
    # Each heading's level used to be found by searching back through every token: quadratic, so a
    # pasted 10 MB text took many minutes to parse. Levels are now tracked as the parser goes.
    from assistant.core.documents.readers import from_markdown

    text = "\n\n".join(f"{'#' * (1 + i % 3)} Title {i}\n\nBody {i}." for i in range(3000))
    document = from_markdown(text)
    headings = [b for b in document.blocks if b.kind == "heading"]
    assert len(headings) == 3000
    assert [h.level for h in headings[:6]] == [1, 2, 3, 1, 2, 3]
    assert headings[-1].text == "Title 2999" and headings[-1].level == 1 + 2999 % 3
