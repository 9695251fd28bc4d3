"""Writes small real PDFs with text exactly where a test puts it, in the fonts and sizes it names.

The Latin fonts are three of the standard 14 (Helvetica, Helvetica-Bold, Courier), which every PDF
reader knows without embedding; "cjk" is a Type 0 font (Identity-H) whose ToUnicode map gives each
character back, as PDFs made by word processors carry them (the glyphs themselves are not embedded,
so a viewer shows boxes, but the text layer is exact).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

FONTS = {"regular": "Helvetica", "bold": "Helvetica-Bold", "mono": "Courier"}
WIDTH, HEIGHT = 595, 842  # A4 in points


@dataclass(frozen=True)
class Text:
    """One line of text: its left end at (x, y) (the baseline, from the bottom of the page)."""

    x: float
    y: float
    text: str
    font: str = "regular"  # a key of FONTS, or "cjk"
    size: float = 11


def _latin(text: str) -> bytes:
    data = text.encode("cp1252")
    return b"(" + data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def write_pdf(path: Path, pages: list[list[Text]]) -> Path:
    """A PDF of ``pages``, each a list of lines; returns ``path``."""
    cjk_chars = sorted({ch for page in pages for t in page if t.font == "cjk" for ch in t.text})
    cid = {ch: i + 1 for i, ch in enumerate(cjk_chars)}
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(data: bytes, extra: bytes = b"") -> bytes:
        return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"

    catalog = add(b"")  # filled in at the end
    tree = add(b"")
    fonts = {
        key: add(b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding >>" % name.encode())
        for key, name in FONTS.items()
    }
    if cjk_chars:
        to_unicode = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        to_unicode += (
            b"/CMapName /Quill-UCS def /CMapType 2 def\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        )
        to_unicode += b"%d beginbfchar\n" % len(cjk_chars)
        for ch in cjk_chars:
            to_unicode += b"<%04X> <%s>\n" % (cid[ch], ch.encode("utf-16-be").hex().upper().encode())
        to_unicode += b"endbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end"
        cmap = add(stream(to_unicode))
        descriptor = add(
            b"<< /Type /FontDescriptor /FontName /QuillSong /Flags 4 /FontBBox [0 -120 1000 880]"
            b" /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>"
        )
        descendant = add(
            b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /QuillSong /CIDToGIDMap /Identity"
            b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
            b" /FontDescriptor %d 0 R /DW 1000 >>" % descriptor
        )
        fonts["cjk"] = add(
            b"<< /Type /Font /Subtype /Type0 /BaseFont /QuillSong /Encoding /Identity-H"
            b" /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (descendant, cmap)
        )
    resources = b"<< /Font << %s >> >>" % b" ".join(b"/%s %d 0 R" % (k.encode(), n) for k, n in fonts.items())
    kids = []
    for page in pages:
        content = b""
        for t in page:
            shown = b"<" + b"".join(b"%04X" % cid[ch] for ch in t.text) + b">" if t.font == "cjk" else _latin(t.text)
            content += b"BT /%s %g Tf %g %g Td %s Tj ET\n" % (t.font.encode(), t.size, t.x, t.y, shown)
        contents = add(stream(content))
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Resources %s /Contents %d 0 R >>"
                % (tree, WIDTH, HEIGHT, resources, contents)
            )
        )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % tree
    objects[tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
    path.write_bytes(bytes(out))
    return path


def wrap(words: str, x: float, top: float, width_chars: int, pitch: float, **style: object) -> list[Text]:
    """A paragraph broken into lines of at most ``width_chars`` characters, from baseline ``top`` down."""
    lines: list[str] = []
    for word in words.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width_chars:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return [Text(x, top - i * pitch, line, **style) for i, line in enumerate(lines)]  # type: ignore[arg-type]
