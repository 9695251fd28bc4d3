"""The chat transcript: one bubble per message, Markdown for replies, actions per message.

While a reply streams, new text is appended as plain text (cheap) and the
whole reply is re-rendered as Markdown a few times a second and once at the
end, so the event loop never stalls on a long reply.
"""

from __future__ import annotations

import html
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QPalette, QTextCursor
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from assistant.core.documents.markdown import COPY_SCHEME, code_blocks, to_html
from assistant.ui.icons import icon, pixmap
from assistant.ui.widgets.safe_browser import SafeBrowser

RENDER_INTERVAL_MS = 250
COLUMN_MAX_WIDTH = 820  # the transcript reads as a column, not a line across a wide window
USER_BUBBLE_SHARE = 0.8  # your message's bubble is at most this share of the column
AVATAR_SIZE = 24
ACTION_ICON_SIZE = 15
COPIED_MS = 1500  # the copy button shows a tick this long after copying


def _document_css(palette: QPalette) -> str:
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    code_bg = "#2b2d31" if dark else "#f3f4f6"
    border = "#555" if dark else "#ccc"
    link = palette.color(QPalette.ColorRole.Link).name()
    return (
        f"pre {{ background-color: {code_bg}; white-space: pre-wrap; padding: 6px; }}"
        f"code {{ background-color: {code_bg}; font-family: monospace; }}"
        f"table {{ border-collapse: collapse; }} th, td {{ border: 1px solid {border}; padding: 3px 6px; }}"
        f"p.code-header {{ margin-bottom: 0px; font-size: small; }} a {{ color: {link}; }}"
        "h1 { font-size: x-large; } h2 { font-size: large; } h3 { font-size: medium; }"
    )


class MessageText(SafeBrowser):
    """Read-only rich text that grows to fit its content instead of scrolling.

    Links open in the system browser only when clicked and only if http(s); nothing is loaded.
    """

    copy_code_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None, *, fit_width: bool = False) -> None:
        super().__init__(parent, internal_schemes=(COPY_SCHEME,))
        self._natural_width: int | None = None  # fit_width: as wide as the text's longest line
        self._fit_width = fit_width
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        horizontal = QSizePolicy.Policy.Preferred if fit_width else QSizePolicy.Policy.Expanding
        self.setSizePolicy(horizontal, QSizePolicy.Policy.Fixed)
        self.viewport().setAutoFillBackground(False)
        self.setStyleSheet("QTextBrowser { background: transparent; }")
        self.document().setDocumentMargin(2)
        self.document().setDefaultStyleSheet(_document_css(self.palette()))
        self.document().documentLayout().documentSizeChanged.connect(self._fit_height)
        self.internal_link.connect(lambda url: self.copy_code_requested.emit(int(url.path() or 0)))

    def _fit_height(self, size: object = None) -> None:
        height = int(self.document().size().height()) + 2
        if height != self.height():
            self.setFixedHeight(height)

    def resizeEvent(self, event: object) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)  # type: ignore[arg-type]
        self.document().setTextWidth(self.viewport().width())
        self._fit_height()

    def fit_to(self, text: str) -> None:
        """Plain ``text`` is shown: ask for just its width, so a short message makes a small bubble."""
        if not self._fit_width:
            return
        metrics = self.fontMetrics()
        longest = max((metrics.horizontalAdvance(line) for line in text.split("\n")), default=0)
        self._natural_width = longest + 2 * int(self.document().documentMargin()) + 8
        self.updateGeometry()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(self._natural_width or 400, self.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(min(self._natural_width or 80, 80), self.height())


class ReasoningSection(QWidget):
    """What the model thought before its answer: a "Thinking…" header that folds the text away.

    It streams open while the model thinks (the header counts the seconds and tokens) and folds
    when the answer starts; a click on the header opens or folds it again.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reasoningSection")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 2)
        layout.setSpacing(0)
        self.toggle = QToolButton(self)
        self.toggle.setObjectName("reasoningToggle")
        self.toggle.setCheckable(True)
        self.toggle.setAutoRaise(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setToolTip(self.tr("Show or hide what the model thought before answering"))
        self.toggle.setStyleSheet("QToolButton { border: none; padding: 1px 2px; }")  # a header, not a pressed key
        self.toggle.toggled.connect(self._on_toggled)
        self.body = MessageText(self)
        self.body.setObjectName("reasoningText")
        self.body.setAccessibleName(self.tr("The model's reasoning"))
        palette = self.body.palette()
        palette.setColor(QPalette.ColorRole.Text, palette.color(QPalette.ColorRole.PlaceholderText))
        self.body.setPalette(palette)
        layout.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.body)
        self.text = ""
        self.tokens = 0
        self.seconds: float | None = None  # how long it thought (None: still thinking, or not recorded)
        self.live = False  # the model is thinking now
        self._started = time.monotonic()
        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self._update_header)
        self.set_expanded(False)
        self.hide()

    @property
    def expanded(self) -> bool:
        return self.toggle.isChecked()

    def set_expanded(self, expanded: bool) -> None:
        self.toggle.setChecked(expanded)
        self._on_toggled(expanded)

    def _on_toggled(self, expanded: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.body.setVisible(expanded)

    def start(self) -> None:
        """The model began thinking: show it open, the header counting."""
        self._started = time.monotonic()
        self.seconds = None
        self.live = True
        self.show()
        self.set_expanded(True)
        self._clock.start()
        self._update_header()

    def append(self, text: str, tokens: int) -> None:
        if not self.live and self.seconds is None:
            self.start()
        self.text += text
        self.tokens += tokens
        cursor = QTextCursor(self.body.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(text)
        self._update_header()

    def finish(self, seconds: float | None = None, tokens: int | None = None) -> None:
        """The thinking is over (the answer began, or the reply ended): fold it, say how long it took."""
        if not self.live:  # folded when the answer began: the final count may still come
            if tokens:
                self.tokens = tokens
                self._update_header()
            return
        self._clock.stop()
        self.live = False
        self.seconds = seconds if seconds is not None else time.monotonic() - self._started
        if tokens:
            self.tokens = tokens
        self.set_expanded(False)
        self._update_header()

    def show_stored(self, text: str, seconds: float | None, tokens: int) -> None:
        """A reply from the history: its reasoning, folded."""
        self.text, self.tokens, self.seconds, self.live = text, tokens, seconds, False
        self.body.setPlainText(text)
        self.setVisible(bool(text.strip()))
        self.set_expanded(False)
        self._update_header()

    def _update_header(self) -> None:
        if self.live:
            elapsed = int(time.monotonic() - self._started)
            self.toggle.setText(self.tr("Thinking… {0} s · {1} tokens").format(elapsed, self.tokens))
        elif self.seconds is not None:
            self.toggle.setText(self.tr("Thought for {0} s · {1} tokens").format(f"{self.seconds:.1f}", self.tokens))
        else:
            self.toggle.setText(self.tr("Thoughts · {0} tokens").format(self.tokens))


class MessageBubble(QFrame):
    """One message laid out as chat apps do: yours in a bubble on the right, the reply on the left.

    The reply has the assistant's mark and name above it and spans the column; your message is a
    rounded bubble as wide as its text (at most :data:`USER_BUBBLE_SHARE` of the column). Below each
    are its actions as small icon buttons (copy, edit or regenerate, and the "‹ 2/3 ›" switcher),
    always shown so that Tab reaches them.

    Signals:
        edit_requested(): the user wants to change this (user) message and send it again.
        regenerate_requested(): the user wants this (last) reply written again.
    """

    edit_requested = Signal()
    regenerate_requested = Signal()

    def __init__(
        self,
        role: str,
        text: str = "",
        status: str = "complete",
        parent: QWidget | None = None,
        reasoning: str = "",
        reasoning_stats: dict[str, object] | None = None,
    ) -> None:
        super().__init__(parent)
        self.role = role
        self._text = text
        self._render_pending = False
        self.html_filter: Callable[[str], str] | None = None  # e.g. citations.py links a reply's [n] markers
        self.setObjectName("userMessage" if role == "user" else "assistantMessage")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName(self.tr("Your message") if role == "user" else self.tr("Assistant's reply"))
        mine = role == "user"

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.role_label = QLabel(self.tr("You") if mine else self.tr("Assistant"))
        self.role_label.setObjectName("messageRole")
        self.status_label = QLabel()
        self.status_label.setObjectName("messageStatus")

        self.reasoning = ReasoningSection(self)
        if reasoning.strip():
            stats = reasoning_stats or {}
            seconds, tokens = stats.get("reasoning_seconds"), stats.get("reasoning_tokens")
            self.reasoning.show_stored(
                reasoning,
                float(seconds) if isinstance(seconds, (int, float)) else None,
                tokens if isinstance(tokens, int) else 0,
            )
        self.body = MessageText(self, fit_width=mine)
        self.body.setAccessibleName(self.accessibleName())
        self.body.copy_code_requested.connect(self._copy_code)

        if mine:
            # The name is for screen readers (the bubble's place says whose it is); the bubble holds the text.
            self.role_label.hide()
            self.card = QFrame(self)
            self.card.setObjectName("userBubble")
            self.card.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
            card_layout = QVBoxLayout(self.card)
            card_layout.setContentsMargins(12, 7, 12, 7)
            card_layout.addWidget(self.body)
            row = QHBoxLayout()
            row.setContentsMargins(0, 0, 0, 0)
            row.addStretch(1)
            row.addWidget(self.card)
            layout.addLayout(row)
        else:
            self.card = QFrame(self)
            self.card.setObjectName("assistantBody")
            header = QHBoxLayout()
            header.setContentsMargins(0, 0, 0, 0)
            header.setSpacing(8)
            self.avatar = QLabel(self)
            self.avatar.setObjectName("assistantAvatar")
            self.avatar.setFixedSize(AVATAR_SIZE, AVATAR_SIZE)
            self.avatar.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self._draw_avatar()
            font = self.role_label.font()
            font.setBold(True)
            self.role_label.setFont(font)
            header.addWidget(self.avatar)
            header.addWidget(self.role_label)
            header.addWidget(self.status_label)
            header.addStretch(1)
            layout.addLayout(header)
            card_layout = QVBoxLayout(self.card)
            card_layout.setContentsMargins(AVATAR_SIZE + 8, 0, 0, 0)  # the text lines up with the name
            card_layout.setSpacing(2)
            card_layout.addWidget(self.reasoning)
            card_layout.addWidget(self.body)
            layout.addWidget(self.card)

        self.action_row = QHBoxLayout()  # widgets/versions.py puts a "‹ 2/3 ›" switcher here
        self.action_row.setContentsMargins(0 if mine else AVATAR_SIZE + 4, 0, 0, 0)
        self.action_row.setSpacing(0)
        self.copy_button = self._tool_button("copy", self.tr("Copy this message"))
        self.copy_button.clicked.connect(self.copy_to_clipboard)
        self.edit_button = self._tool_button("pencil", self.tr("Edit this message and send it again"))
        self.edit_button.clicked.connect(self.edit_requested)
        self.edit_button.setVisible(mine)
        self.regenerate_button = self._tool_button("refresh-cw", self.tr("Write this reply again"))
        self.regenerate_button.clicked.connect(self.regenerate_requested)
        self.regenerate_button.setVisible(False)
        if mine:
            self.action_row.addStretch(1)
            self.action_row.addWidget(self.status_label)
        self.action_row.addWidget(self.copy_button)
        self.action_row.addWidget(self.edit_button)
        self.action_row.addWidget(self.regenerate_button)
        if not mine:
            self.action_row.addStretch(1)
        layout.addLayout(self.action_row)

        self._copied_timer = QTimer(self)
        self._copied_timer.setSingleShot(True)
        self._copied_timer.setInterval(COPIED_MS)
        self._copied_timer.timeout.connect(lambda: self.copy_button.setIcon(icon("copy")))
        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.setInterval(RENDER_INTERVAL_MS)
        self._render_timer.timeout.connect(self.render_text)
        self.set_status(status)
        self.render_text()

    def _tool_button(self, icon_name: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName("messageAction")
        button.setIcon(icon(icon_name))
        button.setIconSize(QSize(ACTION_ICON_SIZE, ACTION_ICON_SIZE))
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        return button

    def _draw_avatar(self) -> None:
        color = self.palette().color(QPalette.ColorRole.WindowText)
        self.avatar.setPixmap(pixmap("sparkles", AVATAR_SIZE - 8, color, self.devicePixelRatioF()))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        """A theme change redraws the assistant's mark in the new text colour (a pixmap keeps its own)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.role != "user":
            self._draw_avatar()

    def add_switcher(self, switcher: QWidget) -> None:
        """Put the "‹ 2/3 ›" switcher among the actions, where the reader looks for the other versions."""
        at = self.action_row.indexOf(self.copy_button)
        self.action_row.insertWidget(at, switcher)

    def set_column_width(self, width: int) -> None:
        """The transcript's column is ``width`` wide: your bubble takes at most its share of it."""
        if self.role == "user":
            self.card.setMaximumWidth(max(120, int(width * USER_BUBBLE_SHARE)))

    @property
    def text(self) -> str:
        return self._text

    def append_reasoning(self, text: str, tokens: int) -> None:
        """Streaming: the model is still thinking; its thoughts show open above the answer."""
        self.reasoning.append(text, tokens)

    def end_reasoning(self, tokens: int | None = None) -> None:
        """The answer began (or the reply ended): the thoughts fold away."""
        if self.reasoning.text:
            self.reasoning.finish(tokens=tokens)

    def append_text(self, text: str) -> None:
        """Streaming: show the new text at once, re-render the Markdown soon."""
        if text.strip():
            self.end_reasoning()
        self._text += text
        cursor = QTextCursor(self.body.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(text)
        if not self._render_timer.isActive():
            self._render_timer.start()

    def render_text(self) -> None:
        self._render_timer.stop()
        if self.role == "assistant":
            rendered = to_html(self._text, copy_label=self.tr("Copy code"))
            self.body.setHtml(self.html_filter(rendered) if self.html_filter else rendered)
        else:
            self.body.setHtml("<p>" + html.escape(self._text).replace("\n", "<br>") + "</p>")
            self.body.fit_to(self._text)

    def set_status(self, status: str) -> None:
        labels = {
            "streaming": self.tr("writing…"),
            "stopped": self.tr("stopped"),
            "interrupted": self.tr("interrupted"),
            "error": self.tr("failed"),
        }
        self.status = status
        self.status_label.setText(labels.get(status, ""))
        self.status_label.setVisible(status in labels)

    def copy_to_clipboard(self) -> None:
        QGuiApplication.clipboard().setText(self._text)
        self.copy_button.setIcon(icon("check"))  # it worked; the copy mark comes back by itself
        self._copied_timer.start()

    def _copy_code(self, index: int) -> None:
        blocks = code_blocks(self._text)
        if 0 <= index < len(blocks):
            QGuiApplication.clipboard().setText(blocks[index])


class TranscriptView(QScrollArea):
    """The messages of one conversation, newest at the bottom, following a streaming reply.

    A bubble is a few widgets, so a conversation of thousands of messages is not
    shown whole: the owner adds the latest ones and says how many earlier ones
    there are; "Show earlier messages" asks for them a page at a time.

    Signals:
        earlier_requested(): the user wants to see earlier messages.
    """

    earlier_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chatTranscript")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._content = QWidget()
        self._content.setObjectName("transcriptContent")  # the theme gives the reading area the base colour
        self._layout = QVBoxLayout(self._content)
        self._layout.setContentsMargins(16, 12, 16, 12)
        self._layout.setSpacing(14)
        self.column_width = COLUMN_MAX_WIDTH
        self.earlier_button = QPushButton(self._content)
        self.earlier_button.setObjectName("showEarlierButton")
        self.earlier_button.clicked.connect(self.earlier_requested)
        self.earlier_button.hide()
        self._layout.addWidget(self.earlier_button, 0, Qt.AlignmentFlag.AlignHCenter)
        self._layout.addStretch(1)
        self.setWidget(self._content)
        self.bubbles: list[MessageBubble] = []
        self._follow = True
        self._keep_from_bottom: int | None = None
        self.verticalScrollBar().rangeChanged.connect(self._on_range_changed)
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)

    def clear(self) -> None:
        for bubble in self.bubbles:
            self._layout.removeWidget(bubble)
            bubble.deleteLater()
        self.bubbles = []
        self._follow = True
        self.set_earlier_count(0)

    def set_earlier_count(self, count: int) -> None:
        """How many earlier messages are not shown (0 hides the button)."""
        self.earlier_button.setText(self.tr("Show earlier messages ({0} more)").format(count))
        self.earlier_button.setVisible(count > 0)

    def add_message(
        self,
        role: str,
        text: str,
        status: str = "complete",
        reasoning: str = "",
        reasoning_stats: dict[str, object] | None = None,
    ) -> MessageBubble:
        bubble = MessageBubble(role, text, status, self._content, reasoning, reasoning_stats)
        bubble.set_column_width(self.column_width)
        self._layout.insertWidget(self._layout.count() - 1, bubble)
        self.bubbles.append(bubble)
        self._follow = True
        self._update_regenerate()
        return bubble

    def add_earlier_message(
        self,
        role: str,
        text: str,
        status: str = "complete",
        reasoning: str = "",
        reasoning_stats: dict[str, object] | None = None,
    ) -> MessageBubble:
        """Put a message above those shown, keeping the view where it was."""
        bar = self.verticalScrollBar()
        from_bottom = bar.maximum() - bar.value()
        bubble = MessageBubble(role, text, status, self._content, reasoning, reasoning_stats)
        bubble.set_column_width(self.column_width)
        self._layout.insertWidget(1, bubble)  # below the "show earlier" button
        self.bubbles.insert(0, bubble)
        self._follow = False
        self._keep_from_bottom = from_bottom
        self._update_regenerate()
        return bubble

    def resizeEvent(self, event: object) -> None:  # noqa: N802 (Qt's name)
        """Keep the messages in a column of at most :data:`COLUMN_MAX_WIDTH`, centred in the view."""
        super().resizeEvent(event)  # type: ignore[arg-type]
        available = self.viewport().width()
        column = max(200, min(COLUMN_MAX_WIDTH, available - 32))
        side = max(16, (available - column) // 2)
        self._layout.setContentsMargins(side, 12, side, 12)
        if column != self.column_width:
            self.column_width = column
            for bubble in self.bubbles:
                bubble.set_column_width(column)

    def _update_regenerate(self) -> None:
        for i, bubble in enumerate(self.bubbles):
            bubble.regenerate_button.setVisible(bubble.role == "assistant" and i == len(self.bubbles) - 1)

    def _on_scrolled(self, value: int) -> None:
        bar = self.verticalScrollBar()
        self._follow = value >= bar.maximum() - 24

    def _on_range_changed(self, _low: int, high: int) -> None:
        if self._follow:
            self.verticalScrollBar().setValue(high)
        elif self._keep_from_bottom is not None:
            self.verticalScrollBar().setValue(high - self._keep_from_bottom)
            self._keep_from_bottom = None

    def keep_in_view(self, widget: QWidget) -> None:
        """Scroll to ``widget`` (a bubble) once the layout settles, instead of following the bottom: switching
        an early message's version rebuilds the transcript, and the reader stays where they clicked."""
        self._follow = False
        self._keep_from_bottom = None
        QTimer.singleShot(0, lambda: self.ensureWidgetVisible(widget, 0, 40))
