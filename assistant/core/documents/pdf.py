"""PDF files as blocks: headings, paragraphs, list items and code, found from where the text sits and in which font.

pdfminer.six gives every character with its font and box. From those:

- running headers, footers and page numbers go: a row at the top or bottom of a page that is a
  page number ("7", "xxvii", "Page 3 of 9", "第 3 页"), that repeats at the same height on other
  pages, or that ends in the page's own number;
- a page's columns are read one after the other: a gutter is a vertical strip that no line of
  text crosses, with lines of text on both sides at the same heights;
- rows in a monospaced font are code and keep their line breaks and indentation; rows larger
  than the body text, or bold and short, are headings, their level by size; rows that start with
  a bullet or a number are list items; the rest are paragraphs, re-joined across line, column and
  page breaks.

Every block keeps the page (1-based) it starts on. pypdf opens the file first: it tells a damaged
file and one that needs a password, and if pdfminer cannot lay a file out, pypdf's plain text is
read as before (paragraphs only).
"""

from __future__ import annotations

import bisect
import logging
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.core.documents.readers import _LIST_MARK, Block, BlockKind, Document, DocumentError, join_lines
from assistant.core.i18n import msg
from assistant.core.text import UNSPACED, is_cjk, is_unspaced

log = logging.getLogger(__name__)

_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi|extrabold|ultrabold|cmbx|cmb\d|[-,_ ]bd\b", re.I)
_MONO_NAME = re.compile(
    r"mono(?!type)|courier|cmtt|cmsltt|consola|menlo|monaco|inconsolata|typewriter|code|fixed|lucidaconsole"
    r"|andale|cousine|sourcecode|firacode|jetbrains|\bhack\b|lmmono|nimbusmon|lettergothic|ocr-?[ab]",
    re.I,
)
_FIXED_PITCH, _FORCE_BOLD = 1, 1 << 18  # font descriptor flags (PDF 32000-1, table 123)

_ROMAN = r"(?=[mdclxvi])m{0,4}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})"
_CJK_NUMBER = "一二三四五六七八九十百千〇零"
_PAGE_NUMBER = re.compile(
    rf"""[-–—]?\s*\d{{1,4}}\s*[-–—]?
    | [-–—]?\s*{_ROMAN}\s*[-–—]?
    | (?:page|p\.|pg\.?|seite|página|pagina|стр\.?|страница)\s*\d{{1,4}}(?:\s*(?:of|/|de|von|из)\s*\d{{1,4}})?
    | \d{{1,4}}\s*(?:/|of)\s*\d{{1,4}}
    | 第\s*(?:\d{{1,4}}|[{_CJK_NUMBER}]+)\s*页(?:\s*[,，/]?\s*共\s*\d{{1,4}}\s*页)?
    | (?:\d{{1,4}}\s*/\s*)?共\s*\d{{1,4}}\s*页
    | \d{{1,4}}\s*页""",
    re.I | re.X,
)
_END_NUMBER = re.compile(r"^(\d{1,4})\s+\S|\S\s+(\d{1,4})$")
_LEADER = re.compile(r"\s*(?:(?:\.\s?){4,}|…{2,}|·{4,}|_{4,})\s*(?=\S+$)")  # a table of contents' dots
_BULLET = "•◦▪▫‣⁃●○■□►▶➢➤✓✔–—*·-"  # "-" last: not a range
_MARKER = re.compile(
    rf"^\s*(?:(?P<bullet>[{_BULLET}])\s+"
    r"|(?:\d{1,3}(?:\.\d{1,3})*[.)]|\(\d{1,3}\)|[a-z][)]|\([a-z]\)|[ivx]{1,4}[.)])\s+"
    rf"|[\d{_CJK_NUMBER}]{{1,3}}、|（[\d{_CJK_NUMBER}]{{1,3}}）|[\u2460-\u2473])"
)
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})
_INFERRED_SPACE = "\ue000"  # stands for a space pdfminer inferred, until _clean decides
_INFERRED_BETWEEN_CJK = re.compile(f"(?<=[{UNSPACED}]){_INFERRED_SPACE}+(?=[{UNSPACED}])")
_NO_CHARACTER = re.compile(r"\(cid:\d+\)")
_SENTENCE_END = tuple('.!?。！？…:：;；"”’)）')


@dataclass
class _Line:
    """A line of text on a page (pdfminer's), or a row of them on one baseline."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    size: float  # the median size of its characters
    mono: float  # the share of its characters (not counting CJK) in a monospaced font
    bold: float  # the share of its characters in a bold font
    page: int  # 1-based
    chars: int  # characters that are not spaces
    cjk: int  # of which CJK
    base: float = 0.0  # the baseline of its main line (its y0 unless a row of several)
    largest: float = 0.0  # the size of its largest characters (a line with small capitals: its text's size)
    glyphs: list[tuple[float, float, str]] = field(default_factory=list)  # (x0, x1, character) of a monospaced line
    advance: float = 0.0  # the median width of its monospaced characters

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def middle(self) -> float:
        return (self.y0 + self.y1) / 2


# ----- reading the file -------------------------------------------------------


def from_pdf(path: Path) -> Document:
    """A PDF as blocks with their page numbers.

    Raises:
        DocumentError: the file is damaged, not a PDF, or password-protected.
    """
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError(
                msg(
                    "{name} is password-protected; open it in a PDF reader and save a copy without a password.",
                    name=path.name,
                )
            )
        page_count = len(reader.pages)
    except DocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, IndexError, OSError) as exc:
        raise _damaged(path, exc) from exc
    try:
        blocks = _blocks(_read_lines(path))
    except Exception:  # pdfminer fails in many ways on files pypdf still reads: fall back to plain text
        log.warning("Could not lay out %s; reading its plain text", path.name, exc_info=True)
        try:
            blocks = _plain_blocks(reader)
        except (PdfReadError, ValueError, KeyError, TypeError, IndexError, OSError) as exc:
            raise _damaged(path, exc) from exc
    document = Document(blocks)
    if not blocks and page_count:
        document.warnings.append(
            msg("{name} has no text layer (a scanned PDF?); Quill cannot read images of text.", name=path.name)
        )
    return document


def _damaged(path: Path, exc: Exception) -> DocumentError:
    return DocumentError(
        msg(
            "Could not read {name}: it is damaged or not a PDF ({kind}).",
            name=path.name,
            kind=exc.__class__.__name__,
        )
    )


def _font_style(font: Any) -> tuple[bool, bool]:
    """(bold, monospaced) from the font's name and descriptor. A CID font's fixed-pitch flag is not
    trusted: CJK fonts (SimSun, MS Mincho) set it, and their Latin letters are not code."""
    from pdfminer.pdffont import PDFCIDFont
    from pdfminer.pdftypes import resolve1

    name = str(getattr(font, "fontname", "") or "").split("+")[-1]
    descriptor = getattr(font, "descriptor", None) or {}
    try:
        flags = int(resolve1(descriptor.get("Flags", 0)) or 0)
        weight = float(resolve1(descriptor.get("FontWeight", 0)) or 0)
    except (TypeError, ValueError, AttributeError):
        flags, weight = 0, 0.0
    bold = bool(_BOLD_NAME.search(name)) or bool(flags & _FORCE_BOLD) or weight >= 600
    mono = bool(_MONO_NAME.search(name)) or (bool(flags & _FIXED_PITCH) and not isinstance(font, PDFCIDFont))
    return bold, mono


def _read_lines(path: Path) -> list[list[_Line]]:
    """Each page's lines of text (pdfminer's layout analysis joins characters into lines)."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    styles: dict[str, tuple[bool, bool]] = {}

    class Aggregator(PDFPageAggregator):  # notes each font's style as its characters are drawn
        def render_char(self, matrix: Any, font: Any, *args: Any, **kwargs: Any) -> float:
            if font.fontname not in styles:
                styles[font.fontname] = _font_style(font)
            return super().render_char(matrix, font, *args, **kwargs)

    manager = PDFResourceManager(caching=True)
    device = Aggregator(manager, laparams=LAParams(boxes_flow=None, all_texts=True))
    interpreter = PDFPageInterpreter(manager, device)
    pages: list[list[_Line]] = []
    with path.open("rb") as handle:
        for number, page in enumerate(PDFPage.get_pages(handle, check_extractable=False), start=1):
            interpreter.process_page(page)
            lines = (_line(item, styles, number) for item in _text_lines(device.get_result()))
            pages.append([line for line in lines if line is not None])
    return pages


def _text_lines(item: Any) -> Iterator[Any]:
    from pdfminer.layout import LTContainer, LTTextLineHorizontal

    if isinstance(item, LTTextLineHorizontal):
        yield item
    elif isinstance(item, LTContainer):
        for child in item:
            yield from _text_lines(child)


def _line(item: Any, styles: dict[str, tuple[bool, bool]], page: int) -> _Line | None:
    """pdfminer's line as a _Line; None for a line with no text or turned on its side."""
    from pdfminer.layout import LTAnno, LTChar

    pieces: list[str] = []
    sizes: list[float] = []
    mono = bold = cjk = turned = 0
    glyphs: list[tuple[float, float, str]] = []
    widths: list[float] = []
    for char in item:
        if isinstance(char, LTAnno):  # a space pdfminer inferred from a gap, not one in the file
            pieces.append(_INFERRED_SPACE if char.get_text() == " " else " ")
            continue
        if not isinstance(char, LTChar):
            continue
        text = char.get_text()
        pieces.append(text)
        if not text.strip():
            continue
        is_bold, is_mono = styles.get(char.fontname, (False, False))
        sizes.append(char.size)
        bold += is_bold
        turned += not char.upright
        glyphs.append((char.x0, char.x1, text))
        if ord(text[0]) >= 0x3000 and is_cjk(text):  # the test is a regular expression: ASCII skips it
            cjk += 1
        elif is_mono:
            mono += 1
            widths.append(char.width)
    if not sizes or turned * 2 > len(sizes) or statistics.median(sizes) < 1:  # none, sideways, or invisible
        return None
    text = _clean("".join(pieces))
    if not text:
        return None
    latin = len(sizes) - cjk
    mono_share = mono / latin if latin else 0.0
    keep = mono_share >= 0.5
    return _Line(
        item.x0,
        item.y0,
        item.x1,
        item.y1,
        text,
        statistics.median(sizes),
        mono_share,
        bold / len(sizes),
        page,
        len(sizes),
        cjk,
        base=item.y0,
        largest=max(sizes),
        glyphs=glyphs if keep else [],
        advance=statistics.median(widths) if keep and widths else 0.0,
    )


def _clean(text: str) -> str:
    """One line's text: ligatures spelt out, glyphs with no known character ("(cid:13)") left out, a
    soft hyphen at the end made a hyphen (join_lines rejoins the word), runs of spaces made one. A
    space pdfminer inferred between two CJK characters goes: spaced-out Chinese is set that way
    for justification, not written so (a space in the file itself stays, as in "第1章 概述")."""
    text = _INFERRED_BETWEEN_CJK.sub("", text).replace(_INFERRED_SPACE, " ")
    text = _NO_CHARACTER.sub("", text.translate(_LIGATURES)).strip()
    if text.endswith("\u00ad"):
        text = text[:-1] + "-"
    return re.sub(r"\s+", " ", text.replace("\u00ad", ""))


# ----- rows, furniture and columns ----------------------------------------------


def _rows(lines: list[_Line]) -> list[list[_Line]]:
    """Lines grouped into rows (lines side by side on one baseline), top to bottom, each left to right."""
    rows: list[list[_Line]] = []
    top = bottom = 0.0
    for line in sorted(lines, key=lambda line: -line.middle):
        if rows:
            overlap = min(top, line.y1) - max(bottom, line.y0)
            if overlap >= 0.5 * min(top - bottom, line.height):
                rows[-1].append(line)
                top, bottom = max(top, line.y1), min(bottom, line.y0)
                continue
        rows.append([line])
        top, bottom = line.y1, line.y0
    for row in rows:
        row.sort(key=lambda line: line.x0)
    return rows


def _merge(row: list[_Line]) -> _Line:
    """A row of lines as one line: its text joined with spaces (none between CJK characters)."""
    if len(row) == 1:
        return row[0]
    main = max(row, key=lambda line: line.chars)
    chars = sum(line.chars for line in row)
    latin = chars - sum(line.cjk for line in row)
    mono = sum(line.mono * (line.chars - line.cjk) for line in row)
    text = row[0].text
    for line in row[1:]:
        text += line.text if is_unspaced(text[-1]) and is_unspaced(line.text[0]) else " " + line.text
    glyphs = sorted(glyph for line in row for glyph in line.glyphs)
    advances = [line.advance for line in row if line.advance]
    return _Line(
        min(line.x0 for line in row),
        min(line.y0 for line in row),
        max(line.x1 for line in row),
        max(line.y1 for line in row),
        text,
        main.size,
        mono / latin if latin else 0.0,
        sum(line.bold * line.chars for line in row) / chars,
        main.page,
        chars,
        chars - latin,
        base=main.y0,
        largest=max(line.largest for line in row),
        glyphs=glyphs,
        advance=statistics.median(advances) if advances else 0.0,
    )


def _furniture_key(text: str) -> str:
    """What stays the same in a running header or footer from page to page: the text less the page
    number at either end. Numbers inside stay ("Chapter 3"): lines that differ only in them are not
    furniture."""
    words = text.casefold().split()
    while words and _PAGE_NUMBER.fullmatch(words[-1]):
        words.pop()
    while words and _PAGE_NUMBER.fullmatch(words[0]):
        words.pop(0)
    return " ".join(words)


def _end_number(text: str) -> int | None:
    match = _END_NUMBER.search(text)
    return int(match.group(1) or match.group(2)) if match else None


def _drop_furniture(pages: list[list[_Line]], body: float) -> list[list[_Line]]:
    """The pages without running headers, footers and page numbers.

    Only the two rows nearest the top and the bottom of a page are candidates, peeled from the
    outside in. A row goes if it is a page number; or if its text (less numbers) comes back at the
    same height on another page and white space sets it apart from the text (or it is on half the
    pages); or if it starts or ends with a number that is the page's own number give or take the
    offset most such rows agree on (a book's page 1 is often the PDF's page 9).
    """
    page_rows = [[_merge(row) for row in _rows(lines)] for lines in pages]
    heights: dict[tuple[str, str], dict[int, float]] = defaultdict(dict)
    offsets: Counter[int] = Counter()
    for index, rows in enumerate(page_rows):
        seen_offsets: set[int] = set()
        for band, ends in (("top", rows[:2]), ("bottom", rows[::-1][:2])):
            for row in ends:
                key = _furniture_key(row.text)
                if key and len(row.text) <= 150:
                    heights[(band, key)].setdefault(index, row.y0)
                number = _end_number(row.text)
                if _PAGE_NUMBER.fullmatch(row.text) and row.text.strip().isdigit():
                    number = int(row.text)
                if number is not None and row.size <= 1.05 * body:
                    seen_offsets.add(number - (index + 1))
        offsets.update(seen_offsets)
    offset, agreeing = offsets.most_common(1)[0] if offsets else (0, 0)
    offset_holds = agreeing >= 2

    def furniture(row: _Line, band: str, index: int, gap: float) -> bool:
        if _PAGE_NUMBER.fullmatch(row.text):
            return True
        key = _furniture_key(row.text)
        if key and len(row.text) <= 150 and row.size <= 1.05 * body:  # not a title that recurs
            others = [y for page, y in heights[(band, key)].items() if page != index and abs(y - row.y0) <= 3]
            if others and (gap >= 0.8 * body or len(others) + 1 >= 0.5 * len(pages)):
                return True
        number = _end_number(row.text)
        return offset_holds and number is not None and number == index + 1 + offset and row.size <= 1.05 * body

    kept: list[list[_Line]] = []
    for index, rows in enumerate(page_rows):
        drop: set[int] = set()
        for band, order in (("top", range(len(rows))), ("bottom", range(len(rows) - 1, -1, -1))):
            for step, i in enumerate(order):
                if step == 2 or i in drop:
                    break
                inner = i + 1 if band == "top" else i - 1
                if 0 <= inner < len(rows):
                    gap = rows[i].y0 - rows[inner].y1 if band == "top" else rows[inner].y0 - rows[i].y1
                else:
                    gap = float("inf")
                if not furniture(rows[i], band, index, gap):
                    break
                drop.add(i)
        dropped = [rows[i] for i in drop]
        kept.append(
            [
                line
                for line in pages[index]
                if not any(row.x0 <= line.x0 and line.x1 <= row.x1 and row.y0 <= line.y0 <= row.y1 for row in dropped)
            ]
        )
    return kept


def _gutter(lines: list[_Line]) -> tuple[float, float] | None:
    """Where a region splits into columns, as (left column's right edge, right column's left edge).

    A gutter has at least three lines of prose (not code, wider than a table's cells) on each
    side, some of them side by side; lines that cross it are titles or figures spanning both, and
    fewer than those beside it (else it is a table inside a page of one column).
    """
    prose = [line for line in lines if line.mono < 0.9 and line.width >= 10 * line.size]
    if len(prose) < 6:
        return None
    size = statistics.median(line.size for line in prose)
    best: tuple[int, float, float, float] | None = None
    for edge in sorted({round(line.x1, 1) for line in prose}):
        starts = [line.x0 for line in prose if line.x0 >= edge + max(0.9 * size, 6)]
        if not starts:
            continue
        start = min(starts)
        left = [line for line in prose if line.x1 <= edge + 1]
        right = [line for line in prose if line.x0 >= start - 1]
        if len(left) < 3 or len(right) < 3 or len(prose) - len(left) - len(right) > len(left) + len(right):
            continue
        score = (min(len(left), len(right)), start - edge)
        if best is not None and score <= best[:2]:
            continue
        if _side_by_side(left, right) >= 2:
            best = (score[0], score[1], edge, start)
    return (best[2], best[3]) if best else None


def _side_by_side(left: list[_Line], right: list[_Line]) -> int:
    """How many lines on the left have a line on the right at their height (up to 2: enough)."""
    middles = sorted(line.middle for line in right)
    found = 0
    for line in left:
        i = bisect.bisect_left(middles, line.middle)
        near = [middles[j] for j in (i - 1, i) if 0 <= j < len(middles)]
        if any(abs(y - line.middle) < 0.5 * line.height for y in near):
            found += 1
            if found == 2:
                break
    return found


def _white_rows(lines: list[_Line], height: float) -> list[float]:
    """Heights (top to bottom) of white strips at least ``height`` tall that run across all the lines."""
    cuts: list[float] = []
    bottom: float | None = None
    for line in sorted(lines, key=lambda line: -line.y1):
        if bottom is not None and bottom - line.y1 >= height:
            cuts.append((bottom + line.y1) / 2)
        bottom = line.y0 if bottom is None else min(bottom, line.y0)
    return cuts


def _regions(lines: list[_Line], depth: int = 0) -> list[list[_Line]]:
    """A page's lines as regions in reading order: columns one after the other, each column a
    region of rows top to bottom; lines that span the columns (a title, a wide figure) cut the
    page into bands, read one after the other."""
    split = _gutter(lines) if depth < 4 and len(lines) >= 6 else None
    if split is None:
        return [[_merge(row) for row in _rows(lines)]] if lines else []
    edge, start = split

    def columned(part: list[_Line]) -> bool:  # prose on both sides of this gutter
        prose = [line for line in part if line.mono < 0.9 and line.width >= 10 * line.size]
        return min(sum(line.x1 <= edge + 1 for line in prose), sum(line.x0 >= start - 1 for line in prose)) >= 3

    size = statistics.median(line.size for line in lines)
    for cut in _white_rows(lines, 1.5 * size):  # where columns begin or end: a title or authors above them
        upper = [line for line in lines if line.middle > cut]
        lower = [line for line in lines if line.middle < cut]
        if columned(upper) != columned(lower):
            return _regions(upper, depth + 1) + _regions(lower, depth + 1)
    left: list[_Line] = []
    right: list[_Line] = []
    spanning: list[_Line] = []
    for line in lines:
        reach = line.size * 2
        if line.x0 < edge - reach and line.x1 > start + reach:
            spanning.append(line)
        elif (min(line.x1, edge) - line.x0) >= (line.x1 - max(line.x0, start)):
            left.append(line)
        else:
            right.append(line)
    spanning.sort(key=lambda line: -line.middle)
    bands: list[tuple[list[_Line], list[_Line]]] = [([], []) for _ in range(len(spanning) + 1)]
    for side, members in ((0, left), (1, right)):
        for line in members:
            band = sum(1 for cut in spanning if cut.middle > line.middle)
            bands[band][side].append(line)
    regions: list[list[_Line]] = []
    wide: list[_Line] = []
    for band, (band_left, band_right) in enumerate(bands):
        if band_left or band_right:
            if wide:
                regions += _regions(wide, depth + 1)
                wide = []
            regions += _regions(band_left, depth + 1) + _regions(band_right, depth + 1)
        if band < len(spanning):
            wide.append(spanning[band])
    if wide:
        regions += _regions(wide, depth + 1)
    return regions


# ----- blocks ---------------------------------------------------------------------


@dataclass
class _Draft:
    kind: BlockKind
    rows: list[_Line]
    bullet: bool = False  # a list item that starts with a bullet (taken off), not a number
    right: float = 0.0  # the right edge of the region its last row is in


def _blocks(pages: list[list[_Line]]) -> list[Block]:
    if not any(pages):
        return []
    body = _body_size(pages)
    pages = _drop_furniture([[line for line in page if _is_text(line, body)] for page in pages], body)
    if not any(pages):
        return []
    body = _body_size(pages)  # in a short document, running headers can be much of the text
    lines = [line for page in pages for line in page]
    mono = sum(line.mono * (line.chars - line.cjk) for line in lines)
    code_ok = mono < 0.6 * sum(line.chars for line in lines)  # else the whole file is set in a typewriter font
    regions = [region for page in pages for region in _regions(page)]
    pitches = [
        (a.base - b.base) / a.size
        for region in regions
        for a, b in zip(region, region[1:])
        if abs(a.size - body) < 0.5 and abs(b.size - body) < 0.5 and 0.9 < (a.base - b.base) / a.size < 2.2
    ]
    pitch = statistics.median(pitches) if pitches else 1.2
    edges = sorted(min(line.x0 for line in page) for page in pages if page)
    margin = edges[len(edges) // 10]  # the left margin: where the text of most pages reaches, less outliers
    return _Assembler(body, pitch, code_ok, margin).run(regions)


def _body_size(pages: list[list[_Line]]) -> float:
    """The size most of the text is set in."""
    weights: Counter[float] = Counter()
    for page in pages:
        for line in page:
            weights[round(line.size * 2) / 2] += line.chars
    return weights.most_common(1)[0][0]


def _text_row(draft: _Draft) -> _Line:
    """The last row of a block that is not a line of inline code (which may be set smaller)."""
    return next((row for row in reversed(draft.rows) if row.mono < 0.9), draft.rows[-1])


def _same_size(a: _Line, b: _Line) -> bool:
    """Whether two rows are set in one size (either may have small capitals or a smaller word)."""
    return any(abs(x - y) <= 0.08 * max(x, y) for x in (a.size, a.largest) for y in (b.size, b.largest))


def _is_text(line: _Line, body: float) -> bool:
    """Not a figure's labels: text far smaller than the body's, or a stray symbol or two outside code."""
    if line.size < 0.6 * body:
        return False
    return line.mono >= 0.9 or len(line.text) > 3 or any(ch.isalnum() for ch in line.text)


class _Assembler:
    """Rows into blocks: the role of each row (code, heading, list item, body text), then where one
    block ends and the next begins."""

    def __init__(self, body: float, pitch: float, code_ok: bool, margin: float) -> None:
        self.body = body
        self.pitch = pitch  # the usual distance between baselines, in font sizes
        self.code_ok = code_ok
        self.margin = margin
        self.drafts: list[_Draft] = []
        self.left = margin  # the left edge of the region being read (or the margin, if that is further left)

    def role(self, row: _Line) -> str:
        if self.code_ok and row.mono >= 0.9 and row.cjk * 2 < row.chars:
            return "code"
        if _LEADER.search(row.text):
            return "toc"
        style = self.heading_style(row)
        if _MARKER.match(row.text) and (style is None or row.size < 1.15 * self.body):
            return "list"  # a bold list item is a list item; "1. Introduction" set large is a heading
        return "heading" if style is not None else "body"

    def heading_style(self, row: _Line) -> tuple[float, bool] | None:
        bold = row.bold >= 0.9
        if row.size >= 1.15 * self.body or (bold and row.size >= 0.95 * self.body):
            return (round(row.size * 2) / 2, bold)
        return None

    def run(self, regions: list[list[_Line]]) -> list[Block]:
        for region in regions:
            self.left = min(self.margin, min(row.x0 for row in region))
            right = max(row.x1 for row in region)
            previous: _Line | None = None
            for row in region:
                role = self.role(row)
                draft = self.drafts[-1] if self.drafts else None
                inline = (
                    role == "code" and draft is not None and previous is not None and self.runs_on(draft, row, right)
                )
                if draft is not None and (inline or self.continues(draft, previous, row, role, right)):
                    draft.rows.append(row)
                    draft.right = right
                elif (resumed := self.resumable(row, role)) is not None:
                    resumed.rows.append(row)
                    resumed.right = right
                else:
                    self.start(row, role, right)
                previous = row
        return self.finish()

    def start(self, row: _Line, role: str, right: float) -> None:
        if role in ("list", "toc"):
            self.drafts.append(_Draft("list_item", [row], bullet=role == "list", right=right))
        else:
            kind: BlockKind = "heading" if role == "heading" else "code" if role == "code" else "paragraph"
            self.drafts.append(_Draft(kind, [row], right=right))

    def full(self, row: _Line, right: float) -> bool:
        """Whether a row runs to the right edge of its region (so the paragraph goes on after it)."""
        return row.x1 >= right - max(2.5 * row.size, 0.1 * (right - row.x0))

    def runs_on(self, draft: _Draft, row: _Line, right: float) -> bool:
        """Whether ``row`` goes on the paragraph or list item ``draft`` without a break: no white
        space above it, and the row above runs to the margin without ending a sentence."""
        last = draft.rows[-1]
        return (
            draft.kind in ("paragraph", "list_item")
            and last.base - row.base <= 1.15 * self.pitch * last.size
            and self.full(last, right)
            and not last.text.endswith(_SENTENCE_END)
        )

    def continues(self, draft: _Draft, previous: _Line | None, row: _Line, role: str, right: float) -> bool:
        """Whether ``row`` goes on ``draft`` (``previous`` is the row above it in this region, None at
        the top of a column or page; ``right`` is the region's right edge)."""
        last = draft.rows[-1]
        if role in ("list", "toc"):
            return False
        if draft.kind == "code":
            if role != "code":
                return False
            return previous is None or last.base - row.base <= 3.5 * self.pitch * last.size
        if draft.kind == "heading" and role == "body" and previous is not None and self.term(last, row):
            draft.kind = "paragraph"  # a bold term over its indented description (a man page's options)
            return True
        if role == "code" or (role == "heading") != (draft.kind == "heading"):
            return False
        if not _same_size(row, _text_row(draft)):
            return False
        text = last.text
        if previous is None:  # a new column or page: a sentence that runs on from the last one
            if draft.kind == "heading" or text.endswith(_SENTENCE_END):
                return False
            return row.text[:1].islower() or (
                draft.kind == "paragraph" and self.full(last, draft.right) and self.full(row, right)
            )
        if draft.kind == "heading":
            aligned = abs(row.x0 - last.x0) <= row.size or abs(row.x0 + row.x1 - last.x0 - last.x1) <= 2 * row.size
            return (
                aligned
                and self.heading_style(row) == self.heading_style(last)
                and len(draft.rows) < 3
                and last.base - row.base <= 1.6 * self.pitch * last.size
            )
        if last.base - row.base > 1.15 * self.pitch * _text_row(draft).size:
            return False  # white space between paragraphs
        first = draft.rows[0]
        hanging = len(draft.rows) > 1 and draft.rows[1].x0 > first.x0 + 0.8 * first.size
        if hanging and row.x0 < last.x0 - 0.8 * row.size:
            return False  # back out to where the block began: the next item of a list with hanging indents
        if not text.endswith(_SENTENCE_END):
            return True
        indented = draft.kind == "paragraph" and not hanging and row.x0 > last.x0 + 0.8 * row.size
        return self.full(last, right) and not indented  # a short last line, or the next one's first-line indent

    def term(self, last: _Line, row: _Line) -> bool:
        """Whether ``last``, a line of bold body text, is a term that ``row`` describes below it, indented.
        A term is indented itself: bold text at the margin over indented text is a heading."""
        return (
            last.size < 1.15 * self.body
            and last.x0 > self.left + 2.5 * last.size
            and row.x0 > last.x0 + 1.5 * row.size
            and last.base - row.base <= 1.6 * self.pitch * last.size
        )

    def resumable(self, row: _Line, role: str) -> _Draft | None:
        """The paragraph that ``row`` finishes, when a caption or footnote (text of another size)
        came between: the paragraph had not ended, and the row starts in lower case."""
        if role != "body" or not row.text[:1].islower():
            return None
        for skipped, draft in enumerate(reversed(self.drafts)):
            if draft.kind != "paragraph":
                return None
            last = draft.rows[-1]
            if _same_size(_text_row(draft), row):
                return draft if skipped and not last.text.endswith(_SENTENCE_END) else None
        return None

    def finish(self) -> list[Block]:
        drafts = [self.validate(draft) for draft in self.drafts]
        styles = sorted(
            {self.style(d) for d in drafts if d.kind == "heading"}, key=lambda style: (-style[0], not style[1])
        )
        levels = {style: min(6, rank + 1) for rank, style in enumerate(styles)}
        blocks: list[Block] = []
        for draft in drafts:
            text = self.text(draft)
            if text:
                level = levels[self.style(draft)] if draft.kind == "heading" else 0
                blocks.append(Block(draft.kind, text, level, page=draft.rows[0].page))
        return blocks

    def style(self, draft: _Draft) -> tuple[float, bool]:
        return self.heading_style(draft.rows[0]) or (self.body, False)

    def validate(self, draft: _Draft) -> _Draft:
        """A heading that reads like a paragraph (long, or bold body text that ends a sentence) is one."""
        if draft.kind != "heading":
            return draft
        text = join_lines([row.text for row in draft.rows])
        big = draft.rows[0].size >= 1.15 * self.body
        if len(draft.rows) > 3 or len(text) > 250 or not any(ch.isalpha() for ch in text):
            return _Draft("paragraph", draft.rows)
        if not big and (len(draft.rows) > 2 or text.endswith((".", ":", ";", ",", "。", "：", "；", "，"))):
            return _Draft("paragraph", draft.rows)
        return draft

    def text(self, draft: _Draft) -> str:
        if draft.kind == "code":
            return self.code(draft.rows)
        text = join_lines([row.text for row in draft.rows])
        if draft.kind == "list_item":
            leader = _LEADER.search(text)
            if leader:
                text = text[: leader.start()] + " … " + text[leader.end() :]
            elif draft.bullet:
                match = _MARKER.match(text)
                if match and match.group("bullet"):  # a bullet goes, a number stays ("step 3" may refer to it)
                    text = text[match.end() :]
        return text.strip()

    def code(self, rows: list[_Line]) -> str:
        """Code with its line breaks, blank lines and indentation, from where each character sits."""
        left = min(row.x0 for row in rows)
        advances = [row.advance for row in rows if row.advance]
        advance = statistics.median(advances) if advances else 0.0
        out: list[str] = []
        for i, row in enumerate(rows):
            if i:
                step = self.pitch * rows[i - 1].size
                blank = round((rows[i - 1].base - row.base) / step) - 1 if step else 0
                out += [""] * max(0, min(blank, 2))
            if len(row.glyphs) != row.chars or advance <= 0:  # a part in a font of its own: indent it whole
                out.append(" " * max(0, round((row.x0 - left) / advance)) + row.text if advance > 0 else row.text)
                continue
            line = ""
            end = left
            for x0, x1, char in row.glyphs:
                column = round((x0 - left) / advance)
                if column > len(line):
                    line += " " * (column - len(line))
                elif line and x0 - end >= 0.3 * advance:  # set in proportional spacing: a narrower space
                    line += " "
                line += char
                end = x1
            out.append(line.rstrip())
        return "\n".join(out).strip("\n")


# ----- the fallback: pypdf's plain text ---------------------------------------------


def _plain_blocks(reader: Any) -> list[Block]:
    """Paragraphs and list items from pypdf's plain text, for a file pdfminer cannot lay out."""
    blocks: list[Block] = []
    pending: tuple[int, str] | None = None  # a page's last paragraph, which may run on to the next page
    for number, page in enumerate(reader.pages, start=1):
        paragraphs = [(number, text) for text in _pdf_paragraphs(_page_text(page))]
        if pending and paragraphs and not pending[1].endswith(_SENTENCE_END):
            paragraphs[0] = (pending[0], join_lines([pending[1], paragraphs[0][1]]))
        elif pending:
            blocks.append(Block("paragraph", pending[1], page=pending[0]))
        pending = paragraphs.pop() if paragraphs else None
        blocks += [
            Block("list_item" if _LIST_MARK.match(p) else "paragraph", _LIST_MARK.sub("", p), page=n)
            for n, p in paragraphs
        ]
    if pending:
        blocks.append(Block("paragraph", pending[1], page=pending[0]))
    return blocks


def _pdf_paragraphs(page_text: str) -> list[str]:
    """Re-join a PDF page's lines: a paragraph ends at a blank line, or at a short line that ends a
    sentence (shorter than most lines on the page, which run to the margin)."""
    lines = [line.rstrip() for line in page_text.replace("\r", "\n").split("\n")]
    lines = [line for line in lines if not re.fullmatch(r"\s*(?:-\s*)?\d{1,4}(?:\s*-)?\s*", line)]  # page numbers
    lengths = [len(line) for line in lines if line.strip()]
    typical = statistics.median(lengths) if lengths else 0
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if not line.strip():
            if current:
                paragraphs.append(join_lines(current))
                current = []
            continue
        current.append(line)
        stripped = line.strip()
        if stripped.endswith(_SENTENCE_END) and len(stripped) < 0.8 * typical:
            paragraphs.append(join_lines(current))
            current = []
    if current:
        paragraphs.append(join_lines(current))
    return [p for p in paragraphs if p]


def _page_text(page: Any) -> str:
    """A page's text with a blank line wherever the gap between lines is wider than usual:
    pypdf's plain extraction drops the spacing that separates paragraphs."""
    fragments: list[tuple[float, str]] = []

    def visit(text: str, _cm: list[float], tm: list[float], _font: object, _size: float) -> None:
        if text:
            fragments.append((round(float(tm[5]), 1), text))

    plain = page.extract_text(visitor_text=visit) or ""
    lines: list[tuple[float, str]] = []
    for y, text in fragments:
        for i, piece in enumerate(text.split("\n")):
            if i == 0 and lines and abs(lines[-1][0] - y) < 0.5:
                lines[-1] = (y, lines[-1][1] + piece)
            elif piece.strip() or i == 0:
                lines.append((y, piece))
    lines = [(y, t) for y, t in lines if t.strip()]
    if len(lines) < 3:
        return plain
    gaps = [abs(a[0] - b[0]) for a, b in zip(lines, lines[1:]) if abs(a[0] - b[0]) > 0.5]
    if not gaps:
        return plain
    usual = statistics.median(gaps)
    out = [lines[0][1]]
    for (y0, _), (y1, text) in zip(lines, lines[1:]):
        if abs(y0 - y1) > 1.4 * usual:
            out.append("")
        out.append(text)
    return "\n".join(out)
