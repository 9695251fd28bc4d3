"""Interface icons: Lucide SVGs (ISC licence, resources/icons/lucide/LICENSE) drawn in the palette's colours.

Lucide draws with ``stroke="currentColor"``; each icon is rendered with that
colour replaced by the palette's text colour at paint time, so the same icon
is dark on the light theme, light on the dark one, and follows a theme change
without being rebuilt. Rendered pixmaps are cached by name, size and colour.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QByteArray, QRect, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from assistant.core.resources import resource_path

ICON_SET = "lucide"
ICON_CREDIT = "Lucide (lucide.dev), ISC licence"


@lru_cache(maxsize=64)
def _svg(name: str) -> str:
    return resource_path("icons", ICON_SET, f"{name}.svg").read_text(encoding="utf-8")


def has_icon(name: str) -> bool:
    return resource_path("icons", ICON_SET, f"{name}.svg").is_file()


@lru_cache(maxsize=512)
def _render(name: str, width: int, height: int, color: str, opacity: float) -> QPixmap:
    svg = _svg(name).replace("currentColor", color).replace("<svg", f'<svg opacity="{opacity:.3f}"', 1)
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    pixmap = QPixmap(width, height)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    renderer.render(painter)
    painter.end()
    return pixmap


def pixmap(name: str, size: int, color: QColor, device_pixel_ratio: float = 1.0) -> QPixmap:
    """``name`` drawn ``size`` logical pixels square in ``color`` (sharp on high-DPI screens)."""
    side = max(1, round(size * device_pixel_ratio))
    drawn = QPixmap(_render(name, side, side, color.name(QColor.NameFormat.HexRgb), color.alphaF()))
    drawn.setDevicePixelRatio(device_pixel_ratio)
    return drawn


def palette_color(mode: QIcon.Mode, palette: QPalette | None = None) -> QColor:
    """The colour an icon takes in ``mode``: the text colour, dimmed when disabled, inverted when selected."""
    palette = palette or QGuiApplication.palette()
    if mode == QIcon.Mode.Disabled:
        return palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
    if mode == QIcon.Mode.Selected:
        return palette.color(QPalette.ColorRole.HighlightedText)
    return palette.color(QPalette.ColorRole.WindowText)


class _PaletteIconEngine(QIconEngine):
    """Draws one SVG in the application palette's colour for the requested mode, at any size."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self._name = name

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        ratio = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
        side = min(rect.width(), rect.height())
        drawn = pixmap(self._name, side, palette_color(mode), ratio)
        x = rect.x() + (rect.width() - side) // 2
        y = rect.y() + (rect.height() - side) // 2
        painter.drawPixmap(QRect(x, y, side, side), drawn)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return pixmap(self._name, min(size.width(), size.height()), palette_color(mode))

    def scaledPixmap(  # noqa: N802 (Qt's name)
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        return pixmap(self._name, min(size.width(), size.height()), palette_color(mode), scale)

    def clone(self) -> QIconEngine:
        return _PaletteIconEngine(self._name)

    def key(self) -> str:
        return "quill-palette-svg"


def icon(name: str) -> QIcon:
    """A theme-aware icon from the bundled set (``name`` is the SVG's file name without .svg)."""
    return QIcon(_PaletteIconEngine(name))
