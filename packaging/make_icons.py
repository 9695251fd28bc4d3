"""Render resources/icons/quill.svg into the PNG sizes desktops expect, plus .ico and .icns.

    python packaging/make_icons.py

Run after changing the SVG; the outputs are committed (a build needs no renderer).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QImageWriter, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "resources" / "icons" / "quill.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    _app = QGuiApplication(sys.argv)
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"cannot read {SVG}", file=sys.stderr)
        return 1
    for size in SIZES:
        folder = ROOT / "resources" / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True, exist_ok=True)
        render(renderer, size).save(str(folder / "quill.png"))
    formats = {bytes(f).decode() for f in QImageWriter.supportedImageFormats()}
    for ext in ("ico", "icns"):
        if ext in formats:
            render(renderer, 256).save(str(ROOT / "resources" / "icons" / f"quill.{ext}"))
        else:
            print(f"this Qt cannot write .{ext}; skipped", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
