"""The Chat pane: conversations on the left, the transcript and the message box on the right.

It stores every message in the history as it goes (a streamed reply at least
every second and when it ends), so closing the window or a crash loses at
most the last moment of a reply, and that reply is marked as cut off.

Editing a message or regenerating a reply adds a version beside it (issue 19); a message with versions
shows "‹ 2/3 ›", and the transcript and the model's history are always the branch chosen there.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from assistant.core.documents.export import EXTENSIONS, ExportFormat, export_conversation
from assistant.core.errors import UserFacingError
from assistant.core.library.store import LibraryStore, Passage
from assistant.core.reasoning import thinking_key
from assistant.core.stores.history import (
    LEAF,
    Conversation,
    ConversationSources,
    HistoryError,
    HistoryStore,
    MessageStatus,
    StoredMessage,
)
from assistant.core.tasks.ask import NothingFound, SourcesFound, ask_task
from assistant.core.tasks.chat import chat
from assistant.core.types import (
    Failed,
    Finished,
    GenerationParams,
    Message,
    ModelInfo,
    ReasoningDelta,
    TextDelta,
    Trimmed,
)
from assistant.ui.errors import error_text
from assistant.ui.i18n import shown
from assistant.ui.icons import icon
from assistant.ui.task_runner import TaskRunner
from assistant.ui.widgets.chat_input import ChatInput
from assistant.ui.widgets.citations import CitedReply, PassagePanel, attach
from assistant.ui.widgets.transcript import COLUMN_MAX_WIDTH, MessageBubble, TranscriptView
from assistant.ui.widgets.versions import VersionSwitcher, attach_switcher
from assistant.ui.worker import EngineClient

SAVE_INTERVAL_SECONDS = 1.0
TITLE_LENGTH = 48
SHOWN_MESSAGES = 50  # the transcript shows the latest messages; earlier ones a page at a time


class ChatPane(QWidget):
    """Signals:
    reply_started(int): a reply was requested (its request id).
    reply_finished(object): a reply ended (the Finished event), for the status bar.
    reply_failed(str): a reply failed, with the sentence shown to the user.
    conversation_changed(int): another conversation is shown (its id, 0 for none).
    sources_changed(object): the conversation's Library sources changed (a ConversationSources).
    nothing_found(str): asked with sources, nothing relevant was found (the question).
    """

    reply_started = Signal(int)
    reply_finished = Signal(object)
    reply_failed = Signal(str)
    conversation_changed = Signal(int)
    sources_changed = Signal(object)
    nothing_found = Signal(str)

    def __init__(
        self,
        store: HistoryStore,
        engine: EngineClient,
        params: Callable[[], GenerationParams],
        default_system_prompt: Callable[[], str] = lambda: "",
        parent: QWidget | None = None,
        *,
        library_db: Path | None = None,
        embedder_path: Callable[[], Path | None] = lambda: None,
        thinking_default: Callable[[str], bool | None] = lambda _model: None,
        remember_thinking: Callable[[str, bool], None] = lambda _model, _on: None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("chatPane")
        self.store = store
        self.engine = engine
        self._params = params
        self._default_system_prompt = default_system_prompt
        self._thinking_default = thinking_default  # the last choice per model (settings)
        self._remember_thinking = remember_thinking
        self._thinking: bool | None = None  # the switch for a conversation not stored yet
        self.conversation: Conversation | None = None
        self.runner = TaskRunner(engine, self)
        self._reply: StoredMessage | None = None
        self._reply_bubble: MessageBubble | None = None
        self._reply_text = ""
        self._reply_reasoning = ""
        self._last_save = 0.0
        self._editing_id: int | None = None  # the user message being edited: sending adds a version of it
        self.switchers: dict[int, VersionSwitcher] = {}  # message id -> its "‹ 2/3 ›", for messages with versions
        self._first_shown: int | None = None  # position of the earliest message in the transcript
        self.library_db = library_db  # the Library's store: a conversation with sources asks it
        self._embedder_path = embedder_path
        self._library: LibraryStore | None = None
        self._reply_passages: tuple[Passage, ...] = ()
        self._nothing_found = False  # the reply being written is the "nothing relevant" notice
        self._reply_cited: CitedReply | None = None
        self._build()
        self.runner.on(TextDelta, self._on_text)
        self.runner.on(ReasoningDelta, self._on_reasoning)
        self.runner.on(Trimmed, self._on_trimmed)
        self.runner.on(Finished, self._on_finished)
        self.runner.on(Failed, self._on_failed)
        self.runner.on(SourcesFound, self._on_sources)
        self.runner.on(NothingFound, self._on_nothing_found)
        engine.model_loaded.connect(lambda _info: self._update_thinking_button())
        self.refresh_conversations()
        recent = store.conversations()
        self._show_conversation(recent[0] if recent else None)
        self.refresh_conversations()

    # -- layout -------------------------------------------------------------

    def _build(self) -> None:
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("chatSplitter")  # its sizes are remembered (ui/window_state.py)
        splitter.setChildrenCollapsible(False)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(8, 8, 4, 8)
        self.new_button = QPushButton(icon("square-pen"), self.tr("New chat"))
        self.new_button.setObjectName("newChatButton")
        self.new_button.setToolTip(self.tr("Start a new conversation (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_conversation)
        self.search_box = QLineEdit()
        self.search_box.setObjectName("conversationSearch")
        self.search_box.setPlaceholderText(self.tr("Search conversations"))
        self.search_box.setAccessibleName(self.tr("Search conversations"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.textChanged.connect(self.refresh_conversations)
        self.conversation_list = QListWidget()
        self.conversation_list.setObjectName("conversationList")
        self.conversation_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.conversation_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.conversation_list.setUniformItemSizes(True)
        self.conversation_list.setAccessibleName(self.tr("Conversations"))
        self.conversation_list.currentItemChanged.connect(self._on_current_item)
        self.conversation_list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.conversation_list.customContextMenuRequested.connect(self._conversation_menu)
        rename = QAction(self.tr("Rename…"), self.conversation_list)
        rename.setShortcut(QKeySequence(Qt.Key.Key_F2))
        rename.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        rename.triggered.connect(self._ask_rename)
        delete = QAction(self.tr("Delete…"), self.conversation_list)
        delete.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete.triggered.connect(self._ask_delete)
        self.conversation_list.addActions([rename, delete])
        self._rename_action, self._delete_action = rename, delete
        side_layout.addWidget(self.new_button)
        side_layout.addWidget(self.search_box)
        side_layout.addWidget(self.conversation_list, 1)

        main = QWidget()
        main.setObjectName("chatMain")
        main.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        main_layout = QVBoxLayout(main)
        main_layout.setContentsMargins(4, 8, 8, 8)
        header = QHBoxLayout()
        self.title_label = QLabel()
        self.title_label.setObjectName("conversationTitle")
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.title_label.setFont(font)
        self.system_button = QToolButton()
        self.system_button.setObjectName("systemPromptButton")
        self.system_button.setIcon(icon("scroll-text"))
        self.system_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.system_button.setAutoRaise(True)
        self.system_button.setText(self.tr("System prompt…"))
        self.system_button.setToolTip(self.tr("Instructions the assistant follows in this conversation"))
        self.system_button.setAccessibleName(self.tr("System prompt"))
        self.system_button.clicked.connect(self._ask_system_prompt)
        self.export_button = QToolButton()
        self.export_button.setObjectName("exportButton")
        self.export_button.setIcon(icon("share"))
        self.export_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.export_button.setAutoRaise(True)
        self.export_button.setText(self.tr("Export"))
        self.export_button.setAccessibleName(self.tr("Export conversation"))
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        export_menu = QMenu(self.export_button)
        for fmt, label in (
            ("markdown", self.tr("Markdown (.md)")),
            ("html", self.tr("Web page (.html)")),
            ("json", self.tr("JSON (.json)")),
        ):
            export_menu.addAction(label).triggered.connect(lambda _=False, f=fmt: self._ask_export(f))
        export_menu.addSeparator()
        self.export_reasoning_action = export_menu.addAction(self.tr("Include the model's thinking"))
        self.export_reasoning_action.setCheckable(True)
        self.export_reasoning_action.setToolTip(self.tr("Exports leave out what the model thought unless this is on"))
        self.export_button.setMenu(export_menu)
        self.sources_button = QToolButton()
        self.sources_button.setObjectName("chatSourcesButton")
        self.sources_button.setIcon(icon("library-big"))
        self.sources_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.sources_button.setAutoRaise(True)
        self.sources_button.setText(self.tr("Library"))
        self.sources_button.setToolTip(self.tr("Answer from collections or documents in the Library, with sources"))
        self.sources_button.setAccessibleName(self.tr("Library sources for this conversation"))
        self.sources_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.sources_menu = QMenu(self.sources_button)
        self.sources_menu.setObjectName("chatSourcesMenu")
        self.sources_menu.aboutToShow.connect(self._fill_sources_menu)
        self.sources_button.setMenu(self.sources_menu)
        self.sources_button.setVisible(self.library_db is not None)
        header.addWidget(self.title_label, 1)
        header.addWidget(self.sources_button)
        header.addWidget(self.system_button)
        header.addWidget(self.export_button)
        self.sources_label = QLabel()
        self.sources_label.setObjectName("chatSourcesLabel")
        self.sources_label.setWordWrap(True)
        self.sources_label.hide()

        self.transcript = TranscriptView()
        self.transcript.setAccessibleName(self.tr("Conversation"))
        self.transcript.earlier_requested.connect(self.show_earlier)
        self.placeholder = QLabel()
        self.placeholder.setObjectName("chatPlaceholder")
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setMargin(24)
        self.placeholder.setTextFormat(Qt.TextFormat.RichText)
        # Under it, a few things to ask: a click puts one in the message box (nothing is sent until Enter).
        self.suggestions: list[QPushButton] = []
        suggestion_column = QVBoxLayout()  # one under the other: side by side they would widen the pane
        suggestion_column.setSpacing(6)
        for text in (
            self.tr("Explain how a heat pump works, simply"),
            self.tr("Draft a polite email asking to move a meeting to Friday"),
            self.tr("Give me five ideas for a rainy weekend"),
        ):
            button = QPushButton(text)
            button.setObjectName("chatSuggestion")
            button.setToolTip(self.tr("Put this in the message box"))
            button.clicked.connect(lambda _=False, t=text: self._use_suggestion(t))
            suggestion_column.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
            self.suggestions.append(button)
        self.empty_state = QWidget()
        self.empty_state.setObjectName("chatEmptyState")
        empty_layout = QVBoxLayout(self.empty_state)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.placeholder)
        empty_layout.addLayout(suggestion_column)
        empty_layout.addStretch(1)
        self.trimmed_label = QLabel()
        self.trimmed_label.setObjectName("trimmedNotice")
        self.trimmed_label.setWordWrap(True)
        self.trimmed_label.hide()
        self.nothing_label = QLabel()
        self.nothing_label.setObjectName("nothingFoundNotice")
        self.nothing_label.setWordWrap(True)
        self.nothing_label.setStyleSheet("color: #b9770e;")
        self.nothing_label.hide()
        self.edit_banner = QLabel(
            self.tr(
                "Editing an earlier message: sending adds a new version; the current one stays (‹ › switches). Esc cancels."
            )
        )
        self.edit_banner.setObjectName("editBanner")
        self.edit_banner.setWordWrap(True)
        self.edit_banner.hide()

        # The composer: the message box with its buttons under it, in one rounded frame as chat apps have it.
        self.composer = QFrame()
        self.composer.setObjectName("composer")
        self.composer.setMaximumWidth(COLUMN_MAX_WIDTH)
        composer_layout = QVBoxLayout(self.composer)
        composer_layout.setContentsMargins(8, 6, 8, 6)
        composer_layout.setSpacing(4)
        self.input = ChatInput()
        self.input.submitted.connect(self.send)
        self.input.escape_pressed.connect(self._on_escape)
        self.send_button = QPushButton(icon("send-horizontal"), self.tr("Send"))
        self.send_button.setObjectName("sendButton")
        self.send_button.setToolTip(self.tr("Send (Enter)"))
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self.send)
        self.stop_button = QPushButton(icon("circle-stop"), self.tr("Stop"))
        self.stop_button.setObjectName("stopButton")
        self.stop_button.setToolTip(self.tr("Stop the reply (Esc)"))
        self.stop_button.clicked.connect(self.stop)
        self.stop_button.setEnabled(False)
        self.thinking_button = QToolButton()
        self.thinking_button.setObjectName("thinkingButton")
        self.thinking_button.setText(self.tr("Think"))
        self.thinking_button.setIcon(icon("brain"))
        self.thinking_button.setCheckable(True)
        self.thinking_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        # On is plain to see (the highlight colour), in light and dark themes alike.
        self.thinking_button.setStyleSheet(
            "QToolButton { border: 1px solid palette(mid); border-radius: 11px; padding: 2px 8px; }"
            "QToolButton:checked { background: palette(highlight); color: palette(highlighted-text); }"
            "QToolButton:disabled { color: palette(mid); }"
        )
        self.thinking_button.toggled.connect(self._on_thinking_toggled)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.thinking_button)
        buttons.addStretch(1)
        buttons.addWidget(self.stop_button)
        buttons.addWidget(self.send_button)
        composer_layout.addWidget(self.input, 1)
        composer_layout.addLayout(buttons)
        input_row = QHBoxLayout()
        input_row.setContentsMargins(8, 0, 8, 0)
        input_row.addStretch(0)
        input_row.addWidget(self.composer, 1)
        input_row.addStretch(0)

        main_layout.addLayout(header)
        main_layout.addWidget(self.sources_label)
        main_layout.addWidget(self.empty_state, 1)
        main_layout.addWidget(self.transcript, 1)
        main_layout.addWidget(self.trimmed_label)
        main_layout.addWidget(self.nothing_label)
        main_layout.addWidget(self.edit_banner)
        main_layout.addLayout(input_row)

        self.passage_panel = PassagePanel()
        self.passage_panel.hide()
        splitter.addWidget(side)
        splitter.addWidget(main)
        splitter.addWidget(self.passage_panel)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([230, 770, 340])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.setTabOrder(self.input, self.send_button)

    def _use_suggestion(self, text: str) -> None:
        self.input.setPlainText(text)
        self.input.moveCursor(QTextCursor.MoveOperation.End)
        self.input.setFocus()

    def set_placeholder(self, rich_text: str) -> None:
        """What an empty conversation shows (the app says which model is in use and where to get more)."""
        self.placeholder.setText(rich_text)

    # -- conversations ------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self.runner.busy

    def refresh_conversations(self) -> None:
        current = self.conversation.id if self.conversation else 0
        self.conversation_list.blockSignals(True)
        self.conversation_list.clear()
        for conversation in self.store.conversations(self.search_box.text()):
            item = QListWidgetItem(conversation.title or self.tr("New chat"))
            item.setData(Qt.ItemDataRole.UserRole, conversation.id)
            item.setToolTip(conversation.title)
            self.conversation_list.addItem(item)
            if conversation.id == current:
                self.conversation_list.setCurrentItem(item)
        self.conversation_list.blockSignals(False)

    def new_conversation(self) -> None:
        """Show an empty conversation; it is stored when its first message is sent."""
        self.stop()
        self._show_conversation(None)
        self.conversation_list.clearSelection()
        self.input.setFocus()

    def open_conversation(self, conversation_id: int) -> None:
        if self.conversation and self.conversation.id == conversation_id:
            return
        self.stop()
        self._show_conversation(self.store.conversation(conversation_id))

    def _on_current_item(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if item is not None:
            self.open_conversation(int(item.data(Qt.ItemDataRole.UserRole)))

    def _show_conversation(self, conversation: Conversation | None) -> None:
        self._finish_edit()
        self.conversation = conversation
        self.transcript.clear()
        self.trimmed_label.hide()
        has_messages = self._fill_transcript()
        self.title_label.setText(conversation.title if conversation else self.tr("New chat"))
        self._update_system_button()
        self._update_sources_label()
        self.nothing_label.hide()
        self.passage_panel.hide()
        self._thinking = None
        self._update_thinking_button()
        self.export_button.setEnabled(has_messages)
        self.empty_state.setVisible(not has_messages)
        self.transcript.setVisible(has_messages)
        self.conversation_changed.emit(conversation.id if conversation else 0)

    def _fill_transcript(self) -> bool:
        """Show the latest messages (the rest wait behind "Show earlier messages"); False if there are none."""
        if self.conversation is None:
            self._first_shown = None
            return False
        self.switchers = {}
        messages = self.store.messages(self.conversation.id, limit=SHOWN_MESSAGES)
        for message in messages:
            self._add_bubble(message)
        self._first_shown = messages[0].position if messages else None
        earlier = self.store.message_count(self.conversation.id, before=self._first_shown) if messages else 0
        self.transcript.set_earlier_count(earlier)
        return bool(messages)

    def show_earlier(self) -> None:
        """Show the previous page of messages above those shown."""
        if self.conversation is None or self._first_shown is None:
            return
        page = self.store.messages(self.conversation.id, limit=SHOWN_MESSAGES, before=self._first_shown)
        for message in reversed(page):
            bubble = self.transcript.add_earlier_message(
                message.role, message.content, message.status, message.reasoning, message.stats
            )
            self._connect_bubble(bubble, message)
        if page:
            self._first_shown = page[0].position
        self.transcript.set_earlier_count(self.store.message_count(self.conversation.id, before=self._first_shown))
        self._set_busy(self.busy)

    def _add_bubble(self, message: StoredMessage) -> MessageBubble:
        self.empty_state.hide()
        self.transcript.show()
        bubble = self.transcript.add_message(
            message.role, message.content, message.status, message.reasoning, message.stats
        )
        return self._connect_bubble(bubble, message)

    def _connect_bubble(self, bubble: MessageBubble, message: StoredMessage) -> MessageBubble:
        message_id = message.id
        chunk_ids = message.stats.get("sources")
        if message.role == "assistant" and isinstance(chunk_ids, list) and chunk_ids:
            self._cite(bubble, self._stored_passages(chunk_ids))
        bubble.edit_requested.connect(lambda: self.begin_edit(message_id))
        bubble.regenerate_requested.connect(self.regenerate)
        self._add_switcher(bubble, message)
        return bubble

    # -- versions (branches) -------------------------------------------------

    def _add_switcher(self, bubble: MessageBubble, message: StoredMessage) -> None:
        """A message with other versions shows "‹ n/m ›"."""
        versions = self.store.versions(message.id)
        if versions.count < 2:
            return
        switcher = attach_switcher(bubble, versions.index, versions.count)
        switcher.step_requested.connect(lambda step, message_id=message.id: self.step_version(message_id, step))
        switcher.setEnabled(not self.busy)
        self.switchers[message.id] = switcher

    def step_version(self, message_id: int, step: int) -> None:
        """Show the previous (-1) or next (+1) version of a message, with the continuation it last had."""
        if self.busy or self.conversation is None:
            return
        versions = self.store.versions(message_id)
        target = versions.index - 1 + step
        if not 0 <= target < versions.count:
            return
        chosen = versions.ids[target]
        try:
            self.store.choose_version(chosen)
        except HistoryError as exc:
            self.reply_failed.emit(shown(exc.message))
            return
        self._finish_edit()
        self._reload_transcript()
        switcher = self.switchers.get(chosen)
        if switcher is not None:  # keep a keyboard user on the arrows they were using
            self.transcript.keep_in_view(switcher.parentWidget() or switcher)
            ahead, back = (
                (switcher.previous_button, switcher.next_button)
                if step < 0
                else (switcher.next_button, switcher.previous_button)
            )
            (ahead if ahead.isEnabled() else back).setFocus(Qt.FocusReason.OtherFocusReason)

    def context_tokens(self) -> int:
        """Tokens the shown conversation took in the model's context at its last reply (0 if unknown)."""
        if self.conversation is None:
            return 0
        reply = self.store.last_message(self.conversation.id, "assistant")
        value = reply.stats.get("context_tokens", 0) if reply else 0
        return value if isinstance(value, int) else 0

    def rename_conversation(self, conversation_id: int, title: str) -> None:
        title = title.strip()
        if not title:
            return
        self.store.rename(conversation_id, title)
        if self.conversation and self.conversation.id == conversation_id:
            self.conversation = self.store.conversation(conversation_id)
            self.title_label.setText(title)
        self.refresh_conversations()

    def delete_conversation(self, conversation_id: int) -> None:
        if self.conversation and self.conversation.id == conversation_id:
            self.stop()
            self._show_conversation(None)
        self.store.delete_conversation(conversation_id)
        self.refresh_conversations()

    def set_system_prompt(self, text: str) -> None:
        if self.conversation is None:
            self.conversation = self.store.create_conversation(self.tr("New chat"), text, self._thinking)
            self.refresh_conversations()
        else:
            self.store.set_system_prompt(self.conversation.id, text)
            self.conversation = self.store.conversation(self.conversation.id)
        self._update_system_button()

    def _update_system_button(self) -> None:
        prompt = self.conversation.system_prompt if self.conversation else ""
        self.system_button.setToolTip(prompt or self.tr("Instructions the assistant follows in this conversation"))
        font = self.system_button.font()
        font.setBold(bool(prompt))
        self.system_button.setFont(font)

    def export_to(self, path: Path, fmt: ExportFormat, include_reasoning: bool | None = None) -> Path:
        """Export the conversation; the model's thinking only if asked (by default, as the menu says)."""
        if self.conversation is None:
            raise UserFacingError(self.tr("There is nothing to export yet."))
        if include_reasoning is None:
            include_reasoning = self.export_reasoning_action.isChecked()
        conversation_id = self.conversation.id
        return export_conversation(
            self.conversation,
            self.store.messages(conversation_id),
            path,
            fmt,
            every_version=self.store.all_messages(conversation_id),
            include_reasoning=include_reasoning,
        )

    # -- sending and streaming ---------------------------------------------

    def send(self) -> None:
        text = self.input.toPlainText().strip()
        if not text or self.busy:
            return
        try:
            if self.conversation is None:
                # The switch as it stands now sticks to the conversation, whatever later ones choose.
                thinking = self.thinking_on() if self.thinking_button.isEnabled() else self._thinking
                self.conversation = self.store.create_conversation(
                    _title_from(text), self._default_system_prompt(), thinking
                )
            conversation_id = self.conversation.id
            if self.conversation.title in ("", self.tr("New chat")):
                self.store.rename(conversation_id, _title_from(text))
                self.conversation = self.store.conversation(conversation_id)
            message = self.store.add_message(conversation_id, "user", text, parent=self._edit_parent())
        except HistoryError as exc:  # a full disk: the text stays in the box to send again
            self.reply_failed.emit(shown(exc.message))
            return
        self.title_label.setText(self.conversation.title if self.conversation else "")
        editing = self._editing_id is not None
        self._finish_edit()
        self.input.clear()
        if editing:  # a new version of an earlier message: show its (new) branch
            self._reload_transcript()
        else:  # only append: rebuilding every bubble made each turn's first token later (chat_turns.py)
            self._add_bubble(message)
            self.export_button.setEnabled(True)
        self.refresh_conversations()
        self._start_reply()

    def regenerate(self) -> None:
        """Write the last reply again, as a new version beside the old one (which stays)."""
        if self.busy or self.conversation is None:
            return
        shown = self.store.messages(self.conversation.id, limit=1)
        if not shown or shown[-1].role != "assistant":
            return
        self._start_reply(parent=shown[-1].parent_id, reload=True)

    def begin_edit(self, message_id: int) -> None:
        """Put an earlier user message in the box; sending adds a new version of it (the old one stays)."""
        if self.busy or self.conversation is None:
            return
        message = self.store.message(message_id)
        if message is None or message.role != "user" or message.conversation_id != self.conversation.id:
            return
        self._editing_id = message_id
        self.input.setPlainText(message.content)
        self.edit_banner.show()
        self.input.setFocus()

    def _edit_parent(self) -> int | None | Literal["leaf"]:
        """Where a sent message goes: beside the one being edited (same parent), else at the end."""
        edited = self.store.message(self._editing_id) if self._editing_id is not None else None
        return edited.parent_id if edited is not None else LEAF

    def _finish_edit(self) -> None:
        self._editing_id = None
        self.edit_banner.hide()

    def _on_escape(self) -> None:
        if self.busy:
            self.stop()
        elif self._editing_id is not None:
            self._finish_edit()
            self.input.clear()

    def stop(self) -> None:
        """Stop the reply being written (it keeps what was written so far, marked stopped)."""
        self.runner.stop()

    def _reload_transcript(self) -> None:
        assert self.conversation is not None
        self.transcript.clear()
        self.export_button.setEnabled(self._fill_transcript())

    def _conversation_messages(self) -> list[Message]:
        assert self.conversation is not None
        messages = [Message("system", self.conversation.system_prompt)] if self.conversation.system_prompt else []
        for stored in self.store.messages(self.conversation.id):
            if stored.stats.get("nothing_found"):  # Quill's own notice, not something the model said
                continue
            if stored.role in ("user", "assistant") and (stored.content or stored.role == "user"):
                # The reasoning goes to the template, which leaves it out of the prompt unless it wants it.
                messages.append(Message(stored.role, stored.content, reasoning=stored.reasoning))  # type: ignore[arg-type]
        return messages

    def _start_reply(self, parent: int | None | Literal["leaf"] = LEAF, *, reload: bool = False) -> None:
        """Add an empty reply after ``parent`` (a regeneration: beside the old reply) and write it. The model
        is sent the branch that reply is on, which is exactly what the transcript shows."""
        assert self.conversation is not None
        try:
            self._reply = self.store.add_message(self.conversation.id, "assistant", "", "streaming", parent=parent)
        except HistoryError as exc:
            self.reply_failed.emit(shown(exc.message))
            return
        messages = self._conversation_messages()  # the new reply is still empty, so it is left out
        if reload:  # the branch shown changed (a new version): show it, ending with the new reply
            self._reload_transcript()
            self._reply_bubble = self.transcript.bubbles[-1]
        else:
            self._reply_bubble = self._add_bubble(self._reply)
        self._reply_text = ""
        self._reply_passages = ()
        self._reply_cited = None
        self._nothing_found = False
        self._reply_reasoning = ""
        self._last_save = time.monotonic()
        self.trimmed_label.hide()
        self.nothing_label.hide()
        params = self._params()
        sources = self.sources()
        if sources and self.library_db is not None and messages and messages[-1].role == "user":
            request_id = self.runner.run(
                ask_task(
                    messages[-1].content,
                    messages[:-1],
                    store_path=self.library_db,
                    collections=list(sources.collections) or None,
                    documents=list(sources.document_ids) or None,
                    embedder_path=self._embedder_path(),
                    params=params,
                )
            )
        else:
            thinking = self.thinking_on() if self.thinking_button.isEnabled() else None
            request_id = self.runner.run(lambda backend, cancel: chat(backend, messages, params, cancel, thinking))
        self._set_busy(True)
        self.reply_started.emit(request_id)

    def _on_text(self, delta: TextDelta) -> None:
        if self._reply is None or self._reply_bubble is None:
            return
        text = delta.text
        self._reply_text += text
        self._reply_bubble.append_text(text)
        self._save_growing_reply()

    def _on_reasoning(self, delta: ReasoningDelta) -> None:
        if self._reply is None or self._reply_bubble is None:
            return
        self._reply_reasoning += delta.text
        self._reply_bubble.append_reasoning(delta.text, delta.tokens)
        self._save_growing_reply()

    def _save_growing_reply(self) -> None:
        now = time.monotonic()
        if self._reply is not None and now - self._last_save >= SAVE_INTERVAL_SECONDS:
            self._last_save = now
            try:
                self.store.update_message(self._reply.id, self._reply_text, reasoning=self._reply_reasoning)
            except HistoryError as exc:  # keep streaming; the end of the reply tries again
                self.reply_failed.emit(shown(exc.message))

    # -- asking the Library ------------------------------------------------

    def _on_sources(self, found: SourcesFound) -> None:
        """The passages the answer is written from arrive before its text: its [n] become links to them."""
        self._reply_passages = tuple(found.passages)
        if self._reply_bubble is not None:
            self._reply_cited = self._cite(self._reply_bubble, self._reply_passages, done=False)

    @property
    def last_sources(self) -> tuple[Passage, ...]:
        """The passages the latest reply was given (numbered from 1), if it asked the Library."""
        return self._reply_passages

    def _on_nothing_found(self, nothing: NothingFound) -> None:
        """No passage is relevant: say so (and store it) instead of an answer from nowhere."""
        text = self._nothing_text()
        self._nothing_found = True
        self._reply_text = text
        if self._reply_bubble is not None:
            self._reply_bubble.append_text(text)
        self.nothing_label.setText(
            self.tr(
                "Nothing in this conversation's sources is about that. Try other words, or add documents in the Library."
            )
        )
        self.nothing_label.show()
        self.nothing_found.emit(nothing.query)

    def _nothing_text(self) -> str:
        return self.tr("I found nothing relevant in the sources of this conversation, so I did not answer.")

    def _cite(self, bubble: MessageBubble, passages: tuple[Passage, ...], *, done: bool = True) -> CitedReply:
        reply = CitedReply(
            passages, self.tr("Sources"), self.tr("Sources it was given (the answer cites none of them)"), done=done
        )
        bubble.html_filter = reply.filter
        attach(bubble.body, reply, self.show_passage)
        bubble.render_text()
        return reply

    def _library_store(self) -> LibraryStore | None:
        if self._library is None and self.library_db is not None:
            try:
                self._library = LibraryStore(self.library_db)
            except UserFacingError as exc:
                self.reply_failed.emit(shown(exc.message))
        return self._library

    def _stored_passages(self, chunk_ids: list[Any]) -> tuple[Passage, ...]:
        """A stored reply's sources, as the Library has them now (a removed document drops out of the list)."""
        store = self._library_store()
        if store is None:
            return ()
        passages = []
        for chunk_id in chunk_ids:
            try:
                passages.append(store.passage(int(chunk_id)))
            except (KeyError, ValueError, UserFacingError):
                continue
        return tuple(passages)

    def close_library(self) -> None:
        """On quit: close this pane's connection to the Library's store."""
        if self._library is not None:
            self._library.close()
            self._library = None

    def show_passage(self, passage: Passage) -> None:
        """Open the side panel on a cited passage, highlighted within its document."""
        store = self._library_store()
        text = passage.text
        if store is not None:
            try:
                text = store.document_text(passage.document_id)
            except (KeyError, UserFacingError):
                text = passage.text
        self.passage_panel.show_passage(passage, text)

    def sources(self) -> ConversationSources:
        """What the shown conversation asks in the Library (nothing for a new one)."""
        if self.conversation is None:
            return ConversationSources()
        return self.store.sources(self.conversation.id)

    def set_sources(self, sources: ConversationSources) -> None:
        """Give the conversation collections or documents to answer from (empty: a plain chat again)."""
        try:
            if self.conversation is None:
                self.conversation = self.store.create_conversation(self.tr("New chat"), self._default_system_prompt())
                self.refresh_conversations()
            self.store.set_sources(self.conversation.id, sources)
        except HistoryError as exc:
            self.reply_failed.emit(shown(exc.message))
            return
        self._update_sources_label()
        self.sources_changed.emit(sources)

    def toggle_collection(self, name: str, on: bool) -> None:
        current = self.sources()
        names = [n for n in current.collections if n != name] + ([name] if on else [])
        self.set_sources(ConversationSources(tuple(names), current.documents))

    def drop_document(self, document_id: int) -> None:
        current = self.sources()
        self.set_sources(
            ConversationSources(current.collections, tuple(d for d in current.documents if d[0] != document_id))
        )

    def _fill_sources_menu(self) -> None:
        self.sources_menu.clear()
        store = self._library_store()
        collections = store.collections() if store is not None else []
        current = self.sources()
        if not collections:
            empty = self.sources_menu.addAction(self.tr("The Library is empty: add documents in the Library pane"))
            empty.setEnabled(False)
        for collection in collections:
            action = self.sources_menu.addAction(
                self.tr("{0} ({1} documents)").format(collection.name, collection.documents)
            )
            action.setCheckable(True)
            action.setChecked(collection.name in current.collections)
            action.toggled.connect(lambda on, name=collection.name: self.toggle_collection(name, on))
        for document_id, title in current.documents:
            action = self.sources_menu.addAction(title)
            action.setCheckable(True)
            action.setChecked(True)
            action.toggled.connect(lambda on, doc=document_id: None if on else self.drop_document(doc))
        self.sources_menu.addSeparator()
        choose = self.sources_menu.addAction(self.tr("Choose documents…"))
        choose.setEnabled(bool(collections))
        choose.triggered.connect(self._ask_documents)
        clear = self.sources_menu.addAction(self.tr("No sources (plain chat)"))
        clear.setEnabled(bool(current))
        clear.triggered.connect(lambda: self.set_sources(ConversationSources()))

    def _ask_documents(self) -> None:
        store = self._library_store()
        if store is None:
            return
        from assistant.ui.panes.library import DocumentPicker

        picker = DocumentPicker(store, self.sources().document_ids, self)
        if picker.exec():
            self.set_sources(ConversationSources(self.sources().collections, picker.chosen()))

    def _update_sources_label(self) -> None:
        sources = self.sources()
        names = list(sources.collections) + [title for _doc, title in sources.documents]
        self.sources_label.setText(self.tr("Answers come from: {0}").format(", ".join(names)) if names else "")
        self.sources_label.setVisible(bool(names))
        font = self.sources_button.font()
        font.setBold(bool(names))
        self.sources_button.setFont(font)

    def _on_trimmed(self, trimmed: Trimmed) -> None:
        self.trimmed_label.setText(
            self.tr(
                "The {0} oldest messages were left out so this conversation fits the model's context window."
            ).format(trimmed.turns)
        )
        self.trimmed_label.show()

    def _on_finished(self, finished: Finished) -> None:
        status: MessageStatus = "stopped" if finished.reason == "cancelled" else "complete"
        stats: dict[str, Any] = {
            "reason": finished.reason,
            "generated_tokens": finished.stats.generated_tokens,
            "tokens_per_second": round(finished.stats.tokens_per_second, 2),
            "context_tokens": finished.stats.prompt_tokens + finished.stats.generated_tokens,
        }
        if self._reply_passages:
            stats["sources"] = [p.chunk_id for p in self._reply_passages]
        if self._nothing_found:
            stats["nothing_found"] = True
        if self._reply_bubble is not None and self._reply_reasoning:
            section = self._reply_bubble.reasoning
            self._reply_bubble.end_reasoning(finished.stats.reasoning_tokens or None)
            stats["reasoning_seconds"] = round(section.seconds or 0.0, 1)
            stats["reasoning_tokens"] = section.tokens
        self._end_reply(status, stats)
        self.reply_finished.emit(finished)

    def _on_failed(self, failed: Failed) -> None:
        message = error_text(failed.error, self.tr("The reply failed unexpectedly; details are in the log file."))
        self._end_reply("error", {"error": message})
        if self._reply_bubble is not None:
            self._reply_bubble.status_label.setText(message)
            self._reply_bubble.status_label.setToolTip(message)
        self.reply_failed.emit(message)

    def _end_reply(self, status: MessageStatus, stats: dict[str, Any]) -> None:
        if self._reply is not None:
            try:
                self.store.update_message(self._reply.id, self._reply_text, status, stats, self._reply_reasoning)
            except HistoryError as exc:
                self.reply_failed.emit(shown(exc.message))
        if self._reply_cited is not None:
            self._reply_cited.done = True
            self._reply_cited = None
        if self._reply_bubble is not None:
            self._reply_bubble.end_reasoning()
            self._reply_bubble.set_status(status)
            self._reply_bubble.render_text()
        self._reply = None
        self._reply_bubble = None
        self._set_busy(False)
        self.refresh_conversations()

    def _set_busy(self, busy: bool) -> None:
        self.send_button.setEnabled(not busy)
        self.stop_button.setEnabled(busy)
        for bubble in self.transcript.bubbles:
            bubble.edit_button.setEnabled(not busy)
            bubble.regenerate_button.setEnabled(not busy)
        for switcher in self.switchers.values():  # switching while a reply is written would hide it
            switcher.setEnabled(not busy)

    def save_partial_reply(self) -> None:
        """On close: store what the reply has so far (the worker is stopped right after)."""
        if self._reply is not None:
            try:
                self.store.update_message(self._reply.id, self._reply_text, "stopped", reasoning=self._reply_reasoning)
            except HistoryError:  # closing anyway; the reply is marked interrupted at the next start
                pass

    # -- thinking on and off -------------------------------------------------

    def _model(self) -> ModelInfo | None:
        return self.engine.model_info

    def thinking_on(self) -> bool:
        """Whether this conversation's replies think first: its own choice, else the last choice for this
        model, else the model's default (a model that can switch thinks unless told not to)."""
        chosen = self.conversation.thinking if self.conversation is not None else self._thinking
        if chosen is not None:
            return chosen
        info = self._model()
        remembered = self._thinking_default(thinking_key(info)) if info is not None else None
        return True if remembered is None else remembered

    def set_thinking(self, on: bool) -> None:
        """The switch for this conversation (stored with it) and the default for this model's new ones."""
        if self.conversation is not None:
            self.store.set_thinking(self.conversation.id, on)
            self.conversation = self.store.conversation(self.conversation.id)
        else:
            self._thinking = on
        info = self._model()
        if info is not None:
            self._remember_thinking(thinking_key(info), on)
        self._update_thinking_button()

    def _on_thinking_toggled(self, on: bool) -> None:
        if on != self.thinking_on():
            self.set_thinking(on)

    def _update_thinking_button(self) -> None:
        info = self._model()
        support = info.reasoning if info is not None else None
        switch = support.switch if support is not None else None
        button = self.thinking_button
        button.blockSignals(True)
        if switch is not None and switch.switchable:
            button.setEnabled(True)
            button.setChecked(self.thinking_on())
            how = (
                self.tr("through its chat template's enable_thinking setting")
                if switch.kind == "variable"
                else self.tr("with the /no_think instruction its authors document")
            )
            if button.isChecked():
                tip = self.tr("The model thinks before it answers (slower, often better). Click to answer directly.")
            else:
                tip = self.tr("The model answers without thinking first. Click to let it think.")
            button.setToolTip(tip + " " + self.tr("Thinking is switched {0}.").format(how))
        else:
            button.setEnabled(False)
            button.setChecked(switch is not None and switch.kind == "always")
            if info is None:
                tip = self.tr("No model is loaded.")
            elif switch is not None and switch.kind == "always":
                tip = self.tr("This model always thinks before it answers: it has no documented way to turn that off.")
            elif info.path is None:
                tip = self.tr("The server applies its own chat template: Quill cannot switch its thinking.")
            else:
                tip = self.tr("This model does not think before it answers.")
            button.setToolTip(tip)
        button.setAccessibleDescription(button.toolTip())
        button.blockSignals(False)

    # -- dialogs (thin wrappers over the methods above) ---------------------

    def _selected_id(self) -> int | None:
        item = self.conversation_list.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def _conversation_menu(self, position: QPoint) -> None:
        if self.conversation_list.itemAt(position) is None:
            return
        menu = QMenu(self)
        menu.addAction(self._rename_action)
        menu.addAction(self._delete_action)
        menu.exec(self.conversation_list.viewport().mapToGlobal(position))

    def _ask_rename(self) -> None:
        conversation_id = self._selected_id()
        if conversation_id is None:
            return
        current = self.store.conversation(conversation_id)
        title, ok = QInputDialog.getText(
            self, self.tr("Rename conversation"), self.tr("Title:"), text=current.title if current else ""
        )
        if ok:
            self.rename_conversation(conversation_id, title)

    def _ask_delete(self) -> None:
        conversation_id = self._selected_id()
        if conversation_id is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Delete conversation"), self.tr("Delete this conversation? This cannot be undone.")
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.delete_conversation(conversation_id)

    def _ask_system_prompt(self) -> None:
        current = self.conversation.system_prompt if self.conversation else self._default_system_prompt()
        text, ok = QInputDialog.getMultiLineText(
            self, self.tr("System prompt"), self.tr("Instructions for the assistant in this conversation:"), current
        )
        if ok:
            self.set_system_prompt(text.strip())

    def _ask_export(self, fmt: ExportFormat) -> None:
        if self.conversation is None:
            return
        suggested = (self.conversation.title or "conversation").replace("/", "-")[:60] + EXTENSIONS[fmt]
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export conversation"), str(Path.home() / suggested))
        if not path:
            return
        try:
            self.export_to(Path(path), fmt)
        except UserFacingError as exc:
            QMessageBox.warning(self, self.tr("Export failed"), shown(exc.message))

    def focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()


def _title_from(text: str) -> str:
    first = " ".join(text.split())
    return first if len(first) <= TITLE_LENGTH else first[: TITLE_LENGTH - 1].rstrip() + "…"
