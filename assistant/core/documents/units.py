"""The translatable units of a Markdown or plain text, and the pieces inside them that must not change.

A Markdown document is parsed (markdown-it) into blocks with their source
lines; only the text of headings, paragraphs, list items, quotes and table
cells is a unit. :func:`render` writes new text back in place of a unit's
lines with the unit's own prefix (``## ``, ``- ``, ``> ``...), and every other
line (code, math, HTML, front matter) comes back byte-identical, so the number
of headings, paragraphs, list items and fenced blocks cannot change.

Inside a unit, inline code, URLs, link targets, math, HTML tags and
placeholders are replaced by numbered markers (``⟦1⟧``) with :func:`protect`
and put back with :func:`restore`, which never loses a piece.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.core.documents.readers import join_lines

MARK_OPEN, MARK_CLOSE = "⟦", "⟧"
MARKER = re.compile(r"⟦(\d+)⟧")
# Pieces never to translate, most specific first.
_PROTECT = re.compile(
    r"(`+)(?:(?!\1).)+?\1"  # inline code
    r"|\$\$.+?\$\$|(?<![\\$\w])\$(?!\s)[^$\n]+?(?<!\s)\$(?!\w)"  # math
    r"|\]\([^)\s]*(?:\s+\"[^\"]*\")?\)"  # a link's or image's target: ](url "title")
    r"|<https?://[^>\s]+>|https?://[^\s<>()\[\]]+[^\s<>()\[\].,;:!?。，；：！？]"  # URLs
    r"|<[A-Za-z/][^>\n]*>"  # HTML tags
    r"|\{[A-Za-z_][\w.]*\}|%(?:\d+\$)?[sdif]|\{\{[^}]+\}\}"  # placeholders
)


@dataclass
class Unit:
    """A piece to translate: its text, where it goes back, and its kind (for the prompt)."""

    kind: str
    text: str
    line: int  # first source line it replaces
    end: int  # one past its last source line
    prefix: str = ""
    cells: list[tuple[int, int]] | None = None  # for a table row: cell spans within the line


@dataclass
class Protected:
    text: str
    pieces: list[str]


def protect(text: str, keep_terms: Sequence[str] = ()) -> Protected:
    """Replace pieces that must not change by numbered markers."""
    pieces: list[str] = []

    def mark(piece: str) -> str:
        pieces.append(piece)
        return f"{MARK_OPEN}{len(pieces)}{MARK_CLOSE}"

    out = _PROTECT.sub(lambda m: mark(m.group(0)), text)
    for term in sorted(keep_terms, key=len, reverse=True):
        if term and term in out:
            out = re.sub(re.escape(term), lambda m: mark(m.group(0)), out)
    return Protected(out, pieces)


def restore(translated: str, protected: Protected) -> tuple[str, list[int]]:
    """Put the pieces back. Returns the text and the numbers of markers that were missing
    (those pieces are appended at the end, so nothing is lost); extra copies are dropped."""
    seen: set[int] = set()

    def put_back(match: re.Match[str]) -> str:
        number = int(match.group(1))
        if not 1 <= number <= len(protected.pieces) or number in seen:
            return ""
        seen.add(number)
        return protected.pieces[number - 1]

    text = MARKER.sub(put_back, translated)
    missing = [n for n in range(1, len(protected.pieces) + 1) if n not in seen]
    if missing:
        text = text.rstrip() + " " + " ".join(protected.pieces[n - 1] for n in missing)
    return text, missing


def markers_intact(translated: str, protected: Protected) -> bool:
    found = [int(n) for n in MARKER.findall(translated)]
    return sorted(found) == list(range(1, len(protected.pieces) + 1))


# ----- splitting into units ---------------------------------------------------------------


def _front_matter_end(lines: list[str]) -> int:
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() in ("---", "..."):
                return i + 1
    return 0


def markdown_units(text: str) -> tuple[list[str], list[Unit]]:
    """The source lines and the translatable units in them (everything else stays as it is)."""
    from markdown_it import MarkdownIt

    lines = text.split("\n")
    skip_until = _front_matter_end(lines)
    tokens = MarkdownIt("commonmark").enable(["table"]).parse(text)
    units: list[Unit] = []
    kinds: list[str] = []
    for i, token in enumerate(tokens):
        if token.type.endswith("_open"):
            kinds.append(token.type[:-5])
        elif token.type.endswith("_close") and kinds:
            kinds.pop()
        if token.type == "table_open" and token.map:
            start, end = token.map
            for row in range(start, end):
                if row < skip_until or re.fullmatch(r"\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*", lines[row]):
                    continue
                cells = [
                    (m.start(1), m.end(1)) for m in re.finditer(r"(?:^|\|)\s*([^|]*?[^|\s])\s*(?=\||$)", lines[row])
                ]
                if cells:
                    units.append(Unit("table row", lines[row], row, row + 1, cells=cells))
            continue
        if token.type != "inline" or not token.map or "th" in kinds or "td" in kinds:
            continue
        start, end = token.map
        if start < skip_until:
            continue
        content = token.content
        if not content.strip() or (content.strip().startswith("$$") and content.strip().endswith("$$")):
            continue
        first_line = content.split("\n", 1)[0]
        at = lines[start].find(first_line)
        if at < 0:
            continue  # a shape we do not understand is left exactly as it was
        kind = (
            "heading"
            if "heading" in kinds
            else "list item"
            if "list_item" in kinds
            else "quote"
            if "blockquote" in kinds
            else "paragraph"
        )
        if kind == "heading" and tokens[i - 1].markup in ("=", "-"):  # a setext heading: keep its underline
            end = start + len(content.split("\n"))
        units.append(Unit(kind, join_lines(content.split("\n")), start, end, prefix=lines[start][:at]))
    return lines, units


def plain_units(text: str) -> tuple[list[str], list[Unit]]:
    """Plain text: a paragraph is a run of non-blank lines (re-joined before translating)."""
    lines = text.split("\n")
    units: list[Unit] = []
    start = None
    for i, line in enumerate([*lines, ""]):
        if line.strip() and start is None:
            start = i
        elif not line.strip() and start is not None:
            indent = re.match(r"\s*", lines[start]).group(0)  # type: ignore[union-attr]
            units.append(Unit("paragraph", join_lines(lines[start:i]), start, i, prefix=indent))
            start = None
    return lines, units


# ----- writing new text back ---------------------------------------------------------------


_BLOCK_START = re.compile(r"#{1,6}(?=\s|$)|[-+*](?=\s|$)|>|`{3,}|~{3,}|[=*_-]{3,}\s*$|<[A-Za-z/!?]")


def neutralize(text: str, in_table: bool = False) -> str:
    """Keep a translation from changing the structure it is written into: a paragraph whose
    translation starts with "- ", "1. ", "#", ">", a fence or a tag would become a list, a heading,
    a quote, code or HTML. Such a start is escaped, as is "|" inside a table cell."""
    text = text.strip()
    ordered = re.match(r"(\d{1,9})([.)])(?=\s|$)", text)
    if ordered:
        text = f"{ordered.group(1)}\\{ordered.group(2)}{text[ordered.end() :]}"
    elif _BLOCK_START.match(text):
        text = "\\" + text
    if in_table:
        text = re.sub(r"(?<!\\)\|", r"\\|", text)
    return text


def rebuild_row(line: str, cells: list[tuple[int, int]], translations: list[str]) -> str:
    """A table row with each cell's text replaced and every pipe and space around it kept."""
    out, last = [], 0
    for (start, end), new in zip(cells, translations):
        out.append(line[last:start])
        out.append(new)
        last = end
    out.append(line[last:])
    return "".join(out)


def render(lines: list[str], units: list[Unit], output: dict[int, str], start: int, end: int) -> str:
    """Source lines [start, end) with translated units in place; the newline after each line included
    except after the very last line of the document."""
    spans = {u.line: u for u in units}
    out: list[str] = []
    i = start
    while i < end:
        unit = spans.get(i)
        if unit is not None and i in output:
            out.append(output[i])
            i = max(unit.end, i + 1)
        else:
            out.append(lines[i])
            i += 1
    text = "\n".join(out)
    if end < len(lines) and out:
        text += "\n"
    return text
