"""The Write pane's files: open and save .txt, .md and .docx, and the autosaved draft.

The draft lives in Quill's data folder as one small JSON file written
atomically (temporary file + rename), so a crash at any moment leaves either
the previous draft or the new one, never half of either. A Word file is
written from Markdown: headings become Word headings, list items list
paragraphs, bold, italic and code keep their look.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from assistant.core.documents.readers import DocumentError, decode_text, load_document
from assistant.core.errors import UserFacingError
from assistant.core.files import atomic_write_text, save_text

log = logging.getLogger(__name__)

FORMATS = (".txt", ".md", ".markdown", ".docx")
DRAFT_FILE = "write-draft.json"


def open_text(path: Path) -> tuple[str, bool]:
    """The text of a .txt, .md or .docx file and whether it is Markdown (a .docx comes as Markdown).

    Raises:
        DocumentError: one sentence naming the file and the problem.
    """
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise DocumentError(f"The Write pane opens .txt, .md and .docx files, not {suffix or path.name}.")
    if suffix == ".docx":
        return load_document(path).to_markdown(), True
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DocumentError(f"{path} does not exist.") from None
    except IsADirectoryError:
        raise DocumentError(f"{path} is a folder, not a document.") from None
    except OSError as exc:
        raise DocumentError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    return decode_text(data, path.name), suffix != ".txt"


def save_as(path: Path, text: str, markdown: bool) -> Path:
    """Save in the format the name asks for (.docx is written from the Markdown or plain text).

    Raises:
        UserFacingError: the format is not one Quill writes, or the file could not be written.
    """
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise UserFacingError(
            f"Quill saves drafts as .txt, .md or .docx, not {suffix or 'a file without an extension'}."
        )
    if suffix != ".docx":
        return save_text(path, text if text.endswith("\n") or not text else text + "\n")
    document = to_docx(text, markdown)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        document.save(str(tmp))
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserFacingError(f"Could not save to {path}: {exc.strerror or exc}.") from exc
    return path


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
            _lines_into(document.add_paragraph(), token.content.rstrip("\n").split("\n"), "Courier New")
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

    bold = italic = strike = False
    last = None
    for child in children:
        kind = child.type
        if kind == "strong_open":
            bold = True
        elif kind == "strong_close":
            bold = False
        elif kind == "em_open":
            italic = True
        elif kind == "em_close":
            italic = False
        elif kind == "s_open":
            strike = True
        elif kind == "s_close":
            strike = False
        elif kind in ("text", "code_inline", "html_inline"):
            last = paragraph.add_run(child.content)
            last.bold, last.italic, last.font.strike = bold or None, italic or None, strike or None
            if kind == "code_inline":
                last.font.name = "Courier New"
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


# ----- the autosaved draft ----------------------------------------------------------------


@dataclass
class Draft:
    """What the Write pane had: its text, format, the file it came from and whether it differs from it."""

    text: str
    markdown: bool = True
    path: str | None = None
    modified: bool = True
    saved_at: float = 0.0


class DraftStore:
    """One draft file in Quill's data folder, written atomically; reading never raises."""

    def __init__(self, folder: Path) -> None:
        self.file = folder / DRAFT_FILE

    def save(self, draft: Draft) -> None:
        """Write the draft. Raises OSError (the caller shows it) if the disk refuses."""
        draft.saved_at = time.time()
        self.file.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(self.file, json.dumps(asdict(draft), ensure_ascii=False))

    def load(self) -> Draft | None:
        """The last draft, or None if there is none or it cannot be read (the file is left for a look)."""
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            log.warning("could not read the draft %s: %s", self.file, exc)
            return None
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            return None
        path = data.get("path")
        return Draft(
            text=data["text"],
            markdown=bool(data.get("markdown", True)),
            path=path if isinstance(path, str) else None,
            modified=bool(data.get("modified", True)),
            saved_at=float(data.get("saved_at") or 0.0),
        )

    def clear(self) -> None:
        self.file.unlink(missing_ok=True)


__all__ = ["FORMATS", "Draft", "DraftStore", "DocumentError", "open_text", "save_as", "to_docx"]
