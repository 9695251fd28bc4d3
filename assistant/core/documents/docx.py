"""Word files: read as blocks, written from Markdown, and translated paragraph by paragraph in place.

python-docx is imported only when a Word file is touched (it costs start-up
time otherwise). A file that is not a Word document, or a damaged one, is one
sentence (:class:`DocumentError`); saving goes through a temporary file, so a
failed save never leaves half a document where the old one was.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from assistant.core.documents.readers import Block, Document, DocumentError
from assistant.core.errors import UserFacingError
from assistant.core.i18n import msg

MONOSPACE = "Courier New"


def open_docx(path: Path) -> Any:
    """The python-docx Document of ``path``.

    Raises:
        DocumentError: the file is missing, damaged or not a .docx file.
    """
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(str(path))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise DocumentError(msg("Could not read {name}: it is damaged or not a .docx file.", name=path.name)) from exc


def save_docx(document: Any, path: Path) -> Path:
    """Write ``document`` to ``path`` through a temporary file renamed into place.

    Raises:
        UserFacingError: the file could not be written (folder missing or read-only, disk full).
    """
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        document.save(str(tmp))
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserFacingError(msg("Could not save to {path}: {value}.", path=path, value=exc.strerror or exc)) from exc
    return path


def heading_level(paragraph: Any) -> int:
    """1-9 for a paragraph styled as a heading ("Title" counts as 1), else 0."""
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    match = re.match(r"Heading (\d)", style)
    return int(match.group(1)) if match else 1 if style == "Title" else 0


# ----- reading ----------------------------------------------------------------------------


def from_docx(path: Path) -> Document:
    """A Word file as blocks, in body order: headings, list items, quotes, paragraphs and tables."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    word = open_docx(path)
    blocks: list[Block] = []
    for child in word.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, word)
            text = paragraph.text.strip()
            if not text:
                continue
            style = (paragraph.style.name if paragraph.style is not None else "") or ""
            level = heading_level(paragraph)
            if level:
                blocks.append(Block("heading", text, level))
            elif style.startswith("List") or child.find(".//{*}numPr") is not None:
                blocks.append(Block("list_item", text))
            elif style in ("Quote", "Intense Quote"):
                blocks.append(Block("quote", text))
            else:
                blocks.append(Block("paragraph", text))
        elif tag == "tbl":
            table = Table(child, word)
            rows = [" | ".join(cell.text.strip() for cell in row.cells) for row in table.rows]
            if any(r.strip(" |") for r in rows):
                blocks.append(Block("table", "\n".join(rows)))
    return Document(blocks, title=word.core_properties.title or "")


# ----- translating in place ---------------------------------------------------------------


def text_paragraphs(document: Any) -> list[Any]:
    """Every paragraph that holds text, body first, then those in table cells (each once):
    what a translation replaces."""
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs += [p for p in cell.paragraphs if p.text.strip() and p not in paragraphs]
    return paragraphs


def replace_text(paragraph: Any, text: str) -> None:
    """Put ``text`` in the paragraph, keeping its style; inline formatting becomes that of its first run."""
    runs = paragraph.runs
    if runs:
        runs[0].text = text
        for extra in runs[1:]:
            extra.text = ""
    else:
        paragraph.text = text


# ----- writing from Markdown or plain text ------------------------------------------------


def to_docx(text: str, markdown: bool) -> Any:
    """A python-docx Document from Markdown (headings, lists, quotes, code, tables, emphasis) or
    plain text (paragraphs split at blank lines, line breaks kept)."""
    import docx

    document = docx.Document()
    if not markdown:
        for block in [b for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]:
            _lines_into(document.add_paragraph(), block.strip("\n").split("\n"))
        return document
    _markdown_into(document, text)
    return document


def _lines_into(paragraph: Any, lines: list[str], font: str | None = None) -> None:
    """Lines as runs of one paragraph, with line breaks between them (not new paragraphs)."""
    from docx.enum.text import WD_BREAK

    for number, line in enumerate(lines):
        if number:
            paragraph.runs[-1].add_break(WD_BREAK.LINE)
        run = paragraph.add_run(line)
        if font:
            run.font.name = font


def _markdown_into(document: Any, text: str) -> None:
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(text)
    lists: list[str] = []  # "bullet" or "ordered", innermost last
    quote = 0
    row: list[str] | None = None
    table_rows: list[list[str]] = []
    heading_level = 0
    for token in tokens:
        kind = token.type
        if kind == "bullet_list_open":
            lists.append("bullet")
        elif kind == "ordered_list_open":
            lists.append("ordered")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "blockquote_open":
            quote += 1
        elif kind == "blockquote_close":
            quote -= 1
        elif kind == "heading_open":
            heading_level = int(token.tag[1])
        elif kind == "heading_close":
            heading_level = 0
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close" and row is not None:
            table_rows.append(row)
            row = None
        elif kind == "table_close":
            _add_table(document, table_rows)
            table_rows = []
        elif kind in ("fence", "code_block"):
            _lines_into(document.add_paragraph(), token.content.rstrip("\n").split("\n"), MONOSPACE)
        elif kind == "hr":
            document.add_paragraph("―" * 12)
        elif kind == "inline":
            if row is not None:
                row.append(token.content)
                continue
            if heading_level:
                paragraph = document.add_heading(level=min(heading_level, 9))
            elif lists:
                style = "List Bullet" if lists[-1] == "bullet" else "List Number"
                depth = min(len(lists), 3)
                paragraph = document.add_paragraph(style=style if depth == 1 else f"{style} {depth}")
            elif quote:
                paragraph = document.add_paragraph(style="Quote")
            else:
                paragraph = document.add_paragraph()
            _inline_runs(paragraph, token.children or [])


def _inline_runs(paragraph: Any, children: list[Any]) -> None:
    from docx.enum.text import WD_BREAK

    on = {"strong": False, "em": False, "s": False}  # bold, italic, strikethrough: open at this point
    last = None
    for child in children:
        kind = child.type
        mark, _, edge = kind.rpartition("_")
        if mark in on and edge in ("open", "close"):
            on[mark] = edge == "open"
        elif kind in ("text", "code_inline", "html_inline"):
            last = paragraph.add_run(child.content)
            last.bold, last.italic, last.font.strike = on["strong"] or None, on["em"] or None, on["s"] or None
            if kind == "code_inline":
                last.font.name = MONOSPACE
        elif kind in ("softbreak", "hardbreak"):
            if kind == "hardbreak" and last is not None:
                last.add_break(WD_BREAK.LINE)
            else:
                last = paragraph.add_run(" ")
        elif kind == "image":
            last = paragraph.add_run(child.content or "")


def _add_table(document: Any, rows: list[list[str]]) -> None:
    if not rows:
        return
    width = max(len(r) for r in rows)
    table = document.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for r, cells in enumerate(rows):
        for c, value in enumerate(cells):
            table.cell(r, c).text = value
            if r == 0:
                for run in table.cell(r, c).paragraphs[0].runs:
                    run.bold = True
