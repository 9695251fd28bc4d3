"""Import documents (.txt, .md, .html, .pdf, .docx) as blocks that keep their structure.

Summaries and translations work on structure: a heading starts a section, a
paragraph is never cut in the middle when it need not be, code and tables stay
whole. So every format becomes the same list of blocks (a PDF's, read from its
layout, in pdf.py).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from assistant.core.documents.formats import READABLE, describe
from assistant.core.errors import BadInputError
from assistant.core.i18n import msg
from assistant.core.text import is_unspaced

BlockKind = Literal["heading", "paragraph", "list_item", "code", "table", "quote"]
SUPPORTED = READABLE
MAX_BYTES = 200 * 2**20

_LIST_MARK = re.compile(r"^\s*(?:[-*•·]|\d{1,3}[.)、])\s+")


class DocumentError(BadInputError):
    """A file that cannot be imported: unsupported, unreadable, damaged or empty."""


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str
    level: int = 0  # a heading's level (1 = top)
    page: int | None = None  # the page it starts on (1-based), where the format has pages (PDF)


@dataclass
class Document:
    blocks: list[Block]
    title: str = ""
    source: Path | None = None
    warnings: list[str] = field(default_factory=list)

    def to_markdown(self) -> str:
        """The document as Markdown text (what a model reads)."""
        parts = []
        for block in self.blocks:
            if block.kind == "heading":
                parts.append("#" * max(1, min(block.level, 6)) + " " + block.text)
            elif block.kind == "list_item":
                parts.append("- " + block.text)
            elif block.kind == "code":
                parts.append("```\n" + block.text.rstrip("\n") + "\n```")
            elif block.kind == "quote":
                parts.append("> " + block.text.replace("\n", "\n> "))
            else:
                parts.append(block.text)
        return "\n\n".join(parts)


def join_lines(lines: list[str]) -> str:
    """Join lines that belong to one paragraph: a space between words, none between CJK characters,
    and a word hyphenated across a line break made whole again."""
    text = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not text:
            text = line
        elif text.endswith("-") and len(text) > 1 and text[-2].isalpha() and line[:1].islower():
            text = text[:-1] + line
        elif is_unspaced(text[-1]) or is_unspaced(line[0]):
            text += line
        else:
            text += " " + line
    return text


# ----- plain text --------------------------------------------------------------


def decode_text(data: bytes, name: str = "the text", warnings: list[str] | None = None) -> str:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030 (Chinese), else Windows-1252.

    UTF-8 with a few damaged bytes stays UTF-8 (each bad byte becomes U+FFFD, and a warning is
    added to ``warnings``) rather than turning the whole text into another encoding's mojibake.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    sample = data[:65536]
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13))
    if b"\0" in sample or controls > len(sample) // 20:
        raise DocumentError(msg("{name} looks like a binary file, not text.", name=name))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    replaced = data.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd") - data.count("\ufffd".encode())
    multibyte = sum(1 for ch in replaced if ord(ch) > 127 and ch != "\ufffd")
    if multibyte and bad * 20 <= multibyte:
        if warnings is not None:
            warnings.append(
                msg("{name} is not valid UTF-8 in {bad} place(s); those bytes are shown as \ufffd.", name=name, bad=bad)
            )
        return replaced
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def from_text(text: str) -> Document:
    """Plain text: paragraphs at blank lines, hard-wrapped lines re-joined, list items kept apart."""
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [line for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        if all(_LIST_MARK.match(line) for line in lines):
            blocks += [Block("list_item", _LIST_MARK.sub("", line).strip()) for line in lines]
        else:
            blocks.append(Block("paragraph", join_lines(lines)))
    return Document(blocks)


# ----- Markdown ----------------------------------------------------------------


def from_markdown(text: str) -> Document:
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable(["table"]).parse(text)
    blocks: list[Block] = []
    stack: list[str] = []
    row: list[str] = []
    rows: list[str] = []
    level = 1
    for token in tokens:
        if token.type.endswith("_open"):
            stack.append(token.type[:-5])
            if token.type == "heading_open":
                level = int(token.tag[1]) if token.tag[1:2].isdigit() else 1
            elif token.type == "table_open":
                rows = []
            elif token.type == "tr_open":
                row = []
        elif token.type.endswith("_close"):
            if stack:
                stack.pop()
            if token.type == "tr_close":
                rows.append(" | ".join(row))
            elif token.type == "table_close":
                blocks.append(Block("table", "\n".join(rows)))
        elif token.type in ("fence", "code_block"):
            blocks.append(Block("code", token.content))
        elif token.type == "inline":
            content = token.content.strip()
            if "th" in stack or "td" in stack:
                row.append(content)
            elif "heading" in stack:
                blocks.append(Block("heading", content, level))
            elif "list_item" in stack:
                blocks.append(Block("list_item", content))
            elif "blockquote" in stack:
                blocks.append(Block("quote", content))
            elif content:
                blocks.append(Block("paragraph", content))
        elif token.type == "html_block" and token.content.strip():
            blocks.append(Block("paragraph", token.content.strip()))
    return Document(blocks)


# ----- entry point -------------------------------------------------------------


def load_document(path: Path | str) -> Document:
    """Import a file by its type.

    Raises:
        DocumentError: one sentence naming the file and what is wrong.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise DocumentError(
            msg(
                "Quill cannot read {suffix} files ({name}); it reads {readable}.",
                suffix=suffix or msg("files without an extension"),
                name=path.name,
                readable=describe(READABLE),
            )
        )
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise DocumentError(msg("{path} does not exist.", path=path)) from None
    except OSError as exc:
        raise DocumentError(msg("Cannot read {path}: {value}.", path=path, value=exc.strerror or exc)) from None
    if path.is_dir():
        raise DocumentError(msg("{path} is a folder, not a document.", path=path))
    if size > MAX_BYTES:
        raise DocumentError(
            msg(
                "{name} is {size} MB; Quill reads documents up to {limit} MB.",
                name=path.name,
                size=size // 2**20,
                limit=MAX_BYTES // 2**20,
            )
        )
    from assistant.core.documents.docx import from_docx  # these import Block and Document from here
    from assistant.core.documents.html import from_html
    from assistant.core.documents.pdf import from_pdf

    try:
        if suffix == ".pdf":
            document = from_pdf(path)
        elif suffix == ".docx":
            document = from_docx(path)
        else:
            problems: list[str] = []
            text = decode_text(path.read_bytes(), path.name, problems)
            document = (
                from_html(text)
                if suffix in (".html", ".htm")
                else from_markdown(text)
                if suffix in (".md", ".markdown")
                else from_text(text)
            )
            document.warnings.extend(problems)
    except PermissionError:
        raise DocumentError(msg("Cannot read {path}: permission denied.", path=path)) from None
    except OSError as exc:
        raise DocumentError(msg("Cannot read {path}: {value}.", path=path, value=exc.strerror or exc)) from None
    document.source = path
    if not document.title:
        heading = next((b.text for b in document.blocks if b.kind == "heading"), "")
        document.title = heading or path.stem
    if not document.blocks and not document.warnings:
        raise DocumentError(msg("{name} has no text to work with.", name=path.name))
    return document


def read_text(path: Path, formats: Sequence[str], refusal: Callable[[str], str]) -> str:
    """The text of a file to edit or translate as text: a text file decoded, a .docx as Markdown.

    ``refusal`` makes the sentence for a format not in ``formats`` from the file's extension (or name).

    Raises:
        DocumentError: one sentence naming the file and the problem.
    """
    suffix = path.suffix.lower()
    if suffix not in formats:
        raise DocumentError(refusal(suffix or path.name))
    if suffix == ".docx":
        return load_document(path).to_markdown()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DocumentError(msg("{path} does not exist.", path=path)) from None
    except IsADirectoryError:
        raise DocumentError(msg("{path} is a folder, not a document.", path=path)) from None
    except OSError as exc:
        raise DocumentError(msg("Cannot read {path}: {value}.", path=path, value=exc.strerror or exc)) from None
    return decode_text(data, path.name)
