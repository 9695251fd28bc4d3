"""PDFs read as documents: headings, code, lists and paragraphs from the layout, no running headers
or page numbers, columns one after the other, each block with its page. The PDFs are written here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.core.backends.scripted import ScriptedBackend
from assistant.core.cancel import CancelToken
from assistant.core.documents import pdf as pdf_reader
from assistant.core.documents.readers import Block, DocumentError, load_document
from assistant.core.tasks.summarize import SummaryOptions, summarize
from assistant.core.tasks.translate import TranslateOptions, translate
from assistant.core.types import Finished, GenerationRequest, ModelSpec, TextDelta
from tests.helpers.pdf_writer import Text, wrap, write_pdf

PITCH = 14  # between baselines of 11-point body text
HEADER = "Quill Field Guide: reading documents offline"

INTRO = (
    "Quill runs a language model on your own computer, so your documents never leave it, and it "
    "keeps working on a train, in a plane or anywhere else without a network connection at all."
)
INSTALL = "Install the package, then start the app from the menu of your desktop or from a terminal window."
RUN_ON = (
    "The summary appears while the model writes it, a few words at a time, and you can stop it "
    "whenever you like with the Stop button next to the box where it is written."
)
SETTINGS = "Every setting is saved as soon as it changes, and none of them needs a restart of the app to apply."
CODE = [
    (72, "def greet(name):"),
    (72, "    if name:"),
    (72 + 8 * 6, "return f'Hello, {name}'"),  # indented by position, not by spaces: 8 columns of 6 points
    (72, "    return 'Hello'"),
]


def furniture(number: int) -> list[Text]:
    """The running header and the page number that every page of the guide carries."""
    return [Text(72, 800, HEADER, size=9), Text(290, 40, str(number), size=9)]


def guide(tmp_path: Path) -> Path:
    page1 = [Text(72, 740, "Using Quill Offline", "bold", 18)]
    page1 += wrap(INTRO, 72, 710, 80, PITCH)
    page1 += [Text(72, 640, "Installing", "bold", 14)]
    page1 += wrap(INSTALL, 72, 615, 80, PITCH)
    y = 570
    for x, line in CODE:
        page1.append(Text(x, y, line, "mono", 10))
        y -= 12
    page1.append(Text(72, y - 12, "print(greet('Ada'))", "mono", 10))  # after a blank line
    page1 += [Text(72, 470, "\u2022 Works without a network"), Text(72, 452, "\u2022 Reads PDF, Word and Markdown")]
    page1 += [Text(72, 420, "1. Open a document"), Text(72, 402, "2. Press Summarize")]
    words = RUN_ON.split()
    first, rest = " ".join(words[:13]), " ".join(words[13:])
    page1 += wrap(first, 72, 100 + PITCH, 80, PITCH)  # runs on to page 2
    page2 = wrap(rest, 72, 760, 80, PITCH)
    page2 += [Text(72, 700, "Settings", "bold", 14)]
    page2 += wrap(SETTINGS, 72, 675, 80, PITCH)
    page3 = [Text(72, 740, "Questions", "bold", 14), Text(72, 715, "Ask in the forum.")]
    pages = [page + furniture(n) for n, page in enumerate([page1, page2, page3], start=1)]
    return write_pdf(tmp_path / "guide.pdf", pages)


def shape(blocks: list[Block]) -> list[tuple[str, str, int, int | None]]:
    return [(b.kind, b.text, b.level, b.page) for b in blocks]


def test_headings_code_lists_and_paragraphs_with_their_pages(tmp_path: Path) -> None:
    document = load_document(guide(tmp_path))
    code = "def greet(name):\n    if name:\n        return f'Hello, {name}'\n    return 'Hello'\n\nprint(greet('Ada'))"
    assert shape(document.blocks) == [
        ("heading", "Using Quill Offline", 1, 1),
        ("paragraph", INTRO, 0, 1),
        ("heading", "Installing", 2, 1),
        ("paragraph", INSTALL, 0, 1),
        ("code", code, 0, 1),
        ("list_item", "Works without a network", 0, 1),
        ("list_item", "Reads PDF, Word and Markdown", 0, 1),
        ("list_item", "1. Open a document", 0, 1),
        ("list_item", "2. Press Summarize", 0, 1),
        ("paragraph", RUN_ON, 0, 1),  # across the page break, on the page it starts on
        ("heading", "Settings", 2, 2),
        ("paragraph", SETTINGS, 0, 2),
        ("heading", "Questions", 2, 3),
        ("paragraph", "Ask in the forum.", 0, 3),
    ]
    assert document.title == "Using Quill Offline"
    markdown = document.to_markdown()
    assert "```\n" + code + "\n```" in markdown and "## Installing" in markdown
    assert HEADER not in markdown and not re.search(r"^\d$", markdown, re.M)


@pytest.mark.parametrize(
    "footer",
    [
        lambda n: str(n),
        lambda n: f"- {n} -",
        lambda n: f"Page {n} of 3",
        lambda n: ["i", "ii", "iii"][n - 1],
        lambda n: ["XII", "XIII", "XIV"][n - 1],
        lambda n: f"{n}/3",
    ],
)
def test_page_numbers_of_every_style_are_dropped(tmp_path: Path, footer) -> None:  # noqa: ANN001
    pages = [
        [Text(72, 700, f"Chapter text on page {n}, plain and short.")] + [Text(290, 40, footer(n), size=9)]
        for n in (1, 2, 3)
    ]
    blocks = load_document(write_pdf(tmp_path / "numbers.pdf", pages)).blocks
    assert [(b.text, b.page) for b in blocks] == [(f"Chapter text on page {n}, plain and short.", n) for n in (1, 2, 3)]


def test_running_headers_that_carry_the_books_page_number_are_dropped(tmp_path: Path) -> None:
    # A book's page 11 is the PDF's page 1; the header names the chapter, which changes.
    chapters = ["Chapter 1: Rivers", "Chapter 1: Rivers", "Chapter 2: Bridges", "Chapter 3: Roads"]
    pages = []
    for n, chapter in enumerate(chapters, start=1):
        header = f"{chapter} {n + 10}" if n % 2 else f"{n + 10} {chapter}"  # left and right pages
        pages.append([Text(72, 800, header, size=9), Text(72, 700, f"Body text of page {n}.")])
    blocks = load_document(write_pdf(tmp_path / "book.pdf", pages)).blocks
    assert [b.text for b in blocks] == [f"Body text of page {n}." for n in range(1, 5)]


def test_a_heading_like_the_running_header_stays(tmp_path: Path) -> None:
    pages = [
        [Text(72, 800, HEADER, size=9), Text(72, 740, HEADER, "bold", 18), Text(72, 700, "Welcome to the guide.")],
        [Text(72, 800, HEADER, size=9), Text(72, 700, "The second page.")],
    ]
    blocks = load_document(write_pdf(tmp_path / "title.pdf", pages)).blocks
    assert shape(blocks) == [
        ("heading", HEADER, 1, 1),
        ("paragraph", "Welcome to the guide.", 0, 1),
        ("paragraph", "The second page.", 0, 2),
    ]


LEFT_A = "The left column opens with a paragraph of its own, set in ten point type, which ends here."
LEFT_B = "A second paragraph starts lower down in the left column, and at the foot of it it carries on into"
RIGHT_B = "the right column, where a reader looks for it first, before anything else on the page."
RIGHT_C = "Then the right column has a last paragraph of its own, with nothing after it, which closes the page."


def test_two_columns_are_read_one_after_the_other(tmp_path: Path) -> None:
    page = [Text(150, 760, "Two Columns on One Page", "bold", 16)]
    left_a = wrap(LEFT_A, 72, 720, 40, 12, size=10)
    left = left_a + wrap(LEFT_B, 72, 720 - 12 * len(left_a), 40, 12, size=10)
    right_b = wrap(RIGHT_B, 310, 720, 40, 12, size=10)
    right = right_b + wrap(RIGHT_C, 310, 720 - 12 * len(right_b), 40, 12, size=10)
    blocks = load_document(write_pdf(tmp_path / "columns.pdf", [page + left + right])).blocks
    assert shape(blocks) == [
        ("heading", "Two Columns on One Page", 1, 1),
        ("paragraph", LEFT_A, 0, 1),
        ("paragraph", LEFT_B + " " + RIGHT_B, 0, 1),
        ("paragraph", RIGHT_C, 0, 1),
    ]


CHINESE = "大型语言模型是一种深度学习模型，它在大量文本上训练，能够理解和生成自然语言，并且可以在个人电脑上离线运行。"


def chinese_guide(tmp_path: Path) -> Path:
    pages = []
    for n in (1, 2):
        lines = [CHINESE[i : i + 20] for i in range(0, len(CHINESE), 20)]
        header = "离线助手 参考手册 " + ["i", "ii"][n - 1]  # front matter: roman page numbers in the header
        page = [Text(72, 800, header, "cjk", 9), Text(270, 40, f"第 {n} 页", "cjk", 9)]
        page += [Text(72, 740, f"第{n}章 模型简介", "cjk", 18)]
        page += [Text(72, 710 - i * 16, line, "cjk", 11) for i, line in enumerate(lines)]
        if n == 2:
            page += [Text(72, 600, "print(greeting)", "mono", 10)]
        pages.append(page)
    return write_pdf(tmp_path / "chinese.pdf", pages)


def test_chinese_text_round_trips(tmp_path: Path) -> None:
    blocks = load_document(chinese_guide(tmp_path)).blocks
    assert shape(blocks) == [
        ("heading", "第1章 模型简介", 1, 1),
        ("paragraph", CHINESE, 0, 1),
        ("heading", "第2章 模型简介", 1, 2),
        ("paragraph", CHINESE, 0, 2),
        ("code", "print(greeting)", 0, 2),
    ]


def test_a_pdf_is_summarized_from_its_structure(tmp_path: Path) -> None:
    document = load_document(guide(tmp_path))
    backend = ScriptedBackend(n_ctx=4096, reply_for=lambda _request: "- Quill works offline.")
    backend.load(ModelSpec(Path("scripted.gguf")))
    events = list(summarize(backend, document, SummaryOptions(), CancelToken()))
    assert isinstance(events[-1], Finished) and events[-1].reason == "stop"
    assert "".join(e.text for e in events if isinstance(e, TextDelta)) == "- Quill works offline."
    prompt = backend.requests[-1].messages[-1].content
    assert "# Using Quill Offline" in prompt and "        return f'Hello, {name}'" in prompt
    assert HEADER not in prompt


def test_a_pdf_is_translated_with_its_code_and_headings_kept(tmp_path: Path) -> None:
    def english(request: GenerationRequest) -> str:  # every run of Chinese becomes an English phrase
        text = request.messages[-1].content.split("<text>\n", 1)[1].rsplit("\n</text>", 1)[0]
        return re.sub(r"\s+", " ", re.sub(r"[\u3400-\u9fff，。]+", " the model ", text)).strip()

    backend = ScriptedBackend(n_ctx=4096, reply_for=english)
    backend.load(ModelSpec(Path("scripted.gguf")))
    source = load_document(chinese_guide(tmp_path)).to_markdown()
    events = list(translate(backend, source, TranslateOptions(target="en"), CancelToken()))
    assert isinstance(events[-1], Finished) and events[-1].reason == "stop"
    out = "".join(e.text for e in events if isinstance(e, TextDelta))
    assert "```\nprint(greeting)\n```" in out
    assert [line[:2] for line in out.splitlines() if line.startswith("#")] == ["# ", "# "]
    assert not re.search(r"[\u3400-\u9fff]", out)


def test_reading_documents_imports_no_pdf_library_until_a_pdf_is_opened() -> None:
    """Core modules load at start-up; pdfminer and pypdf load with the first PDF."""
    import subprocess
    import sys

    code = (
        "import sys, assistant.core.documents.readers, assistant.core.documents.pdf, assistant.core.documents.chunking; "
        "print(sorted(m for m in ('pdfminer', 'pypdf') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_password_protected_and_damaged_pdfs_are_one_sentence(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(guide(tmp_path)))
    writer.encrypt("secret")
    locked = tmp_path / "locked.pdf"
    writer.write(locked)
    with pytest.raises(DocumentError, match="password-protected") as caught:
        load_document(locked)
    assert "\n" not in str(caught.value)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(guide(tmp_path).read_bytes()[:300])
    with pytest.raises(DocumentError, match="damaged or not a PDF"):
        load_document(broken)


def test_a_pdf_locked_only_against_editing_reads_normally(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(guide(tmp_path)))
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    opened = tmp_path / "owner.pdf"
    writer.write(opened)
    assert shape(load_document(opened).blocks)[:2] == [
        ("heading", "Using Quill Offline", 1, 1),
        ("paragraph", INTRO, 0, 1),
    ]


def test_a_pdf_without_a_text_layer_says_so(tmp_path: Path) -> None:
    document = load_document(write_pdf(tmp_path / "scan.pdf", [[], []]))
    assert document.blocks == []
    assert document.warnings == ["scan.pdf has no text layer (a scanned PDF?); Quill cannot read images of text."]


def test_a_layout_pdfminer_cannot_read_falls_back_to_plain_text(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    def fail(_path: Path) -> None:
        raise ValueError("unreadable layout")

    monkeypatch.setattr(pdf_reader, "_read_lines", fail)
    blocks = load_document(guide(tmp_path)).blocks  # pypdf's plain text: paragraphs, with their pages
    assert any(INTRO in b.text and b.page == 1 for b in blocks)
    assert any(SETTINGS in b.text and b.page == 2 for b in blocks)


def test_terms_over_indented_descriptions_and_hanging_indents(tmp_path: Path) -> None:
    # A man page's options: a bold term, its description indented below; a heading at the margin
    # over indented text stays a heading. Then a licence's items: "A." out, the rest indented in.
    page = [
        Text(72, 760, "OPTIONS", "bold"),
        Text(108, 745, "--verbose", "bold"),
        Text(144, 731, "Print every step as it is taken."),
        Text(108, 717, "--quiet", "bold"),
        Text(144, 703, "Print nothing at all."),
        Text(72, 670, "A. Use a title distinct from that of the Document, and from those of the"),
        Text(90, 656, "versions before it, unless the publisher of that version allows it"),
        Text(72, 642, "B. List on the Title Page one or more persons responsible for the work"),
        Text(90, 628, "of the modifications in the Modified Version, as authors."),
    ]
    blocks = load_document(write_pdf(tmp_path / "terms.pdf", [page])).blocks
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "OPTIONS"),
        ("paragraph", "--verbose Print every step as it is taken."),
        ("paragraph", "--quiet Print nothing at all."),
        (
            "paragraph",
            "A. Use a title distinct from that of the Document, and from those of the "
            "versions before it, unless the publisher of that version allows it",
        ),
        (
            "paragraph",
            "B. List on the Title Page one or more persons responsible for the work "
            "of the modifications in the Modified Version, as authors.",
        ),
    ]


def test_a_path_in_a_typewriter_font_that_wraps_stays_in_its_paragraph(tmp_path: Path) -> None:
    page = [
        Text(72, 760, "The model that Quill starts with is saved in the folder of the app, in the file named"),
        Text(72, 746, "/usr/share/quill/models/starter.gguf,", "mono", 10),
        Text(72, 732, "and the app loads it when it starts."),
        Text(72, 700, "Run this to see it:"),
        Text(72, 684, "ls /usr/share/quill/models", "mono", 10),
    ]
    blocks = load_document(write_pdf(tmp_path / "path.pdf", [page])).blocks
    assert [(b.kind, b.text) for b in blocks] == [
        (
            "paragraph",
            "The model that Quill starts with is saved in the folder of the app, in the file named "
            "/usr/share/quill/models/starter.gguf, and the app loads it when it starts.",
        ),
        ("paragraph", "Run this to see it:"),
        ("code", "ls /usr/share/quill/models"),
    ]


def test_a_table_of_contents_is_a_list_without_its_dot_leaders(tmp_path: Path) -> None:
    page = [Text(72, 760, "Contents", "bold", 16)]
    page += [Text(72, 730, "1 Installing " + ". " * 30 + "3"), Text(72, 714, "2 Settings " + ". " * 31 + "7")]
    blocks = load_document(write_pdf(tmp_path / "contents.pdf", [page])).blocks
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "Contents"),
        ("list_item", "1 Installing … 3"),
        ("list_item", "2 Settings … 7"),
    ]
