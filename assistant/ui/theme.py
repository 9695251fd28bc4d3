"""Light and dark: follow the system, or the user's choice."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication


def _dark_palette() -> QPalette:
    palette = QPalette()
    colors = {
        QPalette.ColorRole.Window: "#1f2023",
        QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#17181a",
        QPalette.ColorRole.AlternateBase: "#26282c",
        QPalette.ColorRole.ToolTipBase: "#2b2d31",
        QPalette.ColorRole.ToolTipText: "#e6e6e6",
        QPalette.ColorRole.Text: "#e6e6e6",
        QPalette.ColorRole.Button: "#2b2d31",
        QPalette.ColorRole.ButtonText: "#e6e6e6",
        QPalette.ColorRole.BrightText: "#ff6b6b",
        QPalette.ColorRole.Highlight: "#3d6fd8",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#7aa7ff",
        QPalette.ColorRole.PlaceholderText: "#8a8d93",
    }
    for role, color in colors.items():
        palette.setColor(role, QColor(color))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6d7076"))
    return palette


def system_prefers_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def _style_sheet(dark: bool) -> str:
    """The few touches the palette cannot express: message bubbles and notices."""
    user_bg = "#2a3550" if dark else "#e8effc"
    avatar_bg = "#2a3550" if dark else "#dfe8fb"
    composer_border = "#3a3d44" if dark else "#cfd3da"
    notice_bg = "#4a3b1c" if dark else "#fff4d6"
    nav_bg = "#18191b" if dark else "#f4f5f7"
    rule = "#2c2e33" if dark else "#e2e4e8"  # the line between the rail and the panes
    return (
        f"QFrame#userBubble {{ background: {user_bg}; border: none; border-radius: 14px; }}"
        f"QLabel#assistantAvatar {{ background: {avatar_bg}; border-radius: 12px; }}"
        "QToolButton#messageAction { border: 1px solid transparent; border-radius: 4px; padding: 2px; }"
        "QToolButton#messageAction:hover { border-color: palette(mid); }"
        "QToolButton#messageAction:focus { border-color: palette(highlight); }"
        f"QFrame#composer {{ background: palette(base); border: 1px solid {composer_border}; border-radius: 12px; }}"
        "QPlainTextEdit#chatInput { background: transparent; border: none; }"
        "QListWidget#conversationList { border: none; background: transparent; }"
        "QListWidget#conversationList::item { padding: 5px 6px; border-radius: 6px; }"
        "QListWidget#conversationList::item:selected { background: palette(highlight); color: palette(highlighted-text); }"
        "QWidget#chatMain, QWidget#transcriptContent { background: palette(base); }"
        f"QPushButton#chatSuggestion {{ border: 1px solid {composer_border}; border-radius: 14px; padding: 6px 12px; }}"
        "QPushButton#chatSuggestion:hover, QPushButton#chatSuggestion:focus { border-color: palette(highlight); }"
        f"QLabel#trimmedNotice, QLabel#editBanner {{ background: {notice_bg}; border-radius: 6px; padding: 6px; }}"
        f"QListWidget#navigation {{ background: {nav_bg}; border: none; border-right: 1px solid {rule}; }}"
        "QLabel#emptyStateTitle { font-size: 13pt; font-weight: 600; }"
        "QLabel#emptyStateText { color: palette(placeholder-text); }"
        "QLabel#messageStatus { color: palette(placeholder-text); font-style: italic; }"
    )


def apply_theme(app: QApplication, theme: str) -> str:
    """Apply "light", "dark" or "system"; returns the scheme in effect ("light" or "dark")."""
    dark = theme == "dark" or (theme == "system" and system_prefers_dark())
    # Each of these re-polishes every widget the application has: only what changes is set again
    # (a theme applied twice, a window made again in the same process, cost seconds each).
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    palette = _dark_palette() if dark else app.style().standardPalette()
    if app.palette() != palette:
        app.setPalette(palette)
    sheet = _style_sheet(dark)
    if app.styleSheet() != sheet:
        app.setStyleSheet(sheet)
    return "dark" if dark else "light"
