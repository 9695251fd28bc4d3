"""The main window: navigation between panes, menus, and a status bar about the model.

The window shows and asks; what the user's choices lead to (Settings, switching
models, the Models dialog) is the AppController's, reached through the window's
``*_requested`` signals.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QStackedWidget,
    QToolButton,
    QWidget,
)

from assistant.core.errors import CpuUnusableError
from assistant.core.models.starter import STARTER_NAME
from assistant.core.types import Finished, ModelInfo
from assistant.ui import icons
from assistant.ui.errors import error_text
from assistant.ui.panes.chat import ChatPane
from assistant.ui.panes.library import LibraryPane
from assistant.ui.panes.summarize import SummarizePane
from assistant.ui.panes.translate import TranslatePane
from assistant.ui.panes.write import WritePane
from assistant.ui.widgets.nav_rail import NavRail
from assistant.ui.worker import EngineClient

ModelList = Callable[[], list[tuple[str, Path]]]  # the installed models a user can switch to: (name, file)


class MainWindow(QMainWindow):
    """Owns no engine or store: the app's composition root passes them in.

    Signals:
        settings_requested(): the user asked for Settings.
        models_requested(): the user asked for the Models dialog.
        model_requested(object): the user chose an installed model (its Path) in the status bar's menu.
        welcome_requested(): the user asked for the first-run welcome again (Help → Welcome…).
        closing(): the window is about to close (the controller remembers its state then).
    """

    settings_requested = Signal()
    models_requested = Signal()
    model_requested = Signal(object)
    welcome_requested = Signal()
    closing = Signal()

    serving_url = ""  # the OpenAI-compatible API's address while the app serves it, else ""

    def __init__(
        self,
        engine: EngineClient,
        chat: ChatPane,
        summarize: SummarizePane,
        translate: TranslatePane,
        write: WritePane,
        list_models: ModelList,
        library: LibraryPane,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("Quill")
        self.engine = engine
        self.chat = chat
        self.summarize = summarize
        self.translate = translate
        self.write = write
        self.library = library
        self._list_models = list_models
        self._closing = False

        self.navigation = NavRail()
        self.navigation.setAccessibleName(self.tr("Sections"))
        self.navigation.setAccessibleDescription(self.tr("Up and down arrows choose a section; Ctrl+1 to Ctrl+9 too."))
        self.pane_actions: list[QAction] = []  # View → one per pane, Ctrl+1, Ctrl+2, ...
        self.view_menu: QMenu | None = None
        self.stack = QStackedWidget()
        self.navigation.currentRowChanged.connect(self.stack.setCurrentIndex)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.add_pane(self.tr("Chat"), chat, "message-square-text")
        self.add_pane(self.tr("Summarize"), summarize, "file-text")
        self.add_pane(self.tr("Translate"), translate, "languages")
        self.add_pane(self.tr("Write"), write, "pen-line")
        self.add_pane(self.tr("Library"), library, "library-big")
        self.navigation.setCurrentRow(0)

        self._build_status_bar()
        self._build_menus()
        engine.model_loading.connect(self._on_model_loading)
        engine.model_progress.connect(self._on_model_progress)
        engine.model_loaded.connect(self._on_model_loaded)
        engine.model_failed.connect(self._on_model_failed)
        chat.reply_started.connect(lambda _id: self.tokens_label.setText(self.tr("Writing…")))
        chat.reply_finished.connect(self._on_reply_finished)
        chat.reply_failed.connect(lambda message: self.statusBar().showMessage(message, 10000))
        chat.conversation_changed.connect(lambda _id: self._show_context(self.chat.context_tokens()))
        self.resize(1100, 720)

    def add_pane(self, title: str, pane: QWidget, icon_name: str | None = None) -> None:
        """Add a section: its entry in the rail (``icon_name``: an SVG in resources/icons/lucide), its
        View menu item with the next Ctrl+digit, and its place in the remembered state (the pane's
        object name is its key)."""
        self.stack.addWidget(pane)
        self.navigation.add_section(pane.objectName() or title, title, icon_name)
        number = len(self.pane_actions) + 1
        action = QAction(title, self)
        action.setObjectName(f"showPane{number}")
        if icon_name and icons.has_icon(icon_name):
            action.setIcon(icons.icon(icon_name))
        if number <= 9:
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
        action.triggered.connect(lambda _checked=False, p=pane: self.show_pane(p))
        self.addAction(action)
        self.pane_actions.append(action)
        if self.view_menu is not None:
            self.view_menu.addAction(action)

    def show_pane(self, pane: QWidget) -> None:
        """Bring ``pane`` to the front, as choosing it in the rail does."""
        self.navigation.setCurrentRow(self.stack.indexOf(pane))

    # -- status bar ---------------------------------------------------------

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        # A button: clicking the model's name offers the installed models and "Manage models…".
        self.model_label = QToolButton()
        self.model_label.setText(self.tr("No model"))
        self.model_label.setObjectName("statusModelLabel")
        self.model_label.setAccessibleName(self.tr("Model"))
        self.model_label.setAutoRaise(True)
        self.model_label.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.model_menu = QMenu(self.model_label)
        self.model_menu.setObjectName("statusModelMenu")
        self.model_menu.aboutToShow.connect(self._fill_model_menu)
        self.model_label.setMenu(self.model_menu)
        self.load_progress = QProgressBar()
        self.load_progress.setObjectName("modelLoadProgress")
        self.load_progress.setRange(0, 100)
        self.load_progress.setMaximumWidth(120)
        self.load_progress.hide()
        self.tokens_label = QLabel()
        self.tokens_label.setObjectName("statusSpeedLabel")
        self.tokens_label.setAccessibleName(self.tr("Speed of the last reply"))
        self.context_meter = QProgressBar()
        self.context_meter.setObjectName("contextMeter")
        self.context_meter.setAccessibleName(self.tr("Context used"))
        self.context_meter.setMaximumWidth(200)
        self.context_meter.setTextVisible(True)
        self.context_meter.setRange(0, 1)
        self.context_meter.setValue(0)
        self.context_meter.setFormat(self.tr("context %v / %m"))
        self.context_meter.hide()  # until a model says how long its context is ("0 / 1" meant nothing)
        self.server_label = QLabel()
        self.server_label.setObjectName("statusServerLabel")
        self.server_label.setAccessibleName(self.tr("API server"))
        self.server_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.server_label.hide()
        bar.addWidget(self.model_label)
        bar.addWidget(self.load_progress)
        bar.addPermanentWidget(self.server_label)
        bar.addPermanentWidget(self.tokens_label)
        bar.addPermanentWidget(self.context_meter)

    def set_server_address(self, url: str) -> None:
        """Show where other programs reach the model ("" hides it: not serving)."""
        self.serving_url = url
        self.server_label.setText(self.tr("API: {0}").format(url) if url else "")
        self.server_label.setToolTip(
            self.tr("Other programs on this computer can use the model at this OpenAI-compatible address.")
            if url
            else ""
        )
        self.server_label.setVisible(bool(url))

    def _on_model_loading(self, path: str) -> None:
        self.model_label.setText(self.tr("Loading model…"))
        self.model_label.setToolTip(path)
        self.load_progress.setValue(0)
        self.load_progress.show()

    def _on_model_progress(self, fraction: float) -> None:
        self.load_progress.setValue(int(fraction * 100))

    def _on_model_loaded(self, info: ModelInfo) -> None:
        self.load_progress.hide()
        self.model_label.setText(info.name)
        if info.path is None:  # a remote server: the status bar says which one
            host = urlsplit(info.backend.removeprefix("remote ")).netloc
            self.model_label.setText(self.tr("{0} on {1}").format(info.name, host))
            self.model_label.setToolTip(self.tr("{0}, {1} tokens of context").format(info.backend, info.n_ctx))
        else:
            self.model_label.setToolTip(
                self.tr("{0}\n{1}, {2} tokens of context, {3} threads").format(
                    info.path, info.backend, info.n_ctx, info.n_threads
                )
            )
        self.context_meter.setRange(0, info.n_ctx)
        self.context_meter.show()
        self._show_context(self.chat.context_tokens())
        if not info.extra_buffers:
            from assistant.ui.cpu_check_text import show_notice_once

            show_notice_once(self)
        self.chat.set_placeholder(self._placeholder(info))

    def _on_model_failed(self, error: object) -> None:
        self.load_progress.hide()
        message = error_text(error, self.tr("The model could not be loaded; details are in the log file."))
        if isinstance(error, CpuUnusableError):
            from assistant.core.engine.cpu_check import load_result
            from assistant.ui.cpu_check_text import notice_text

            result = load_result()
            message = notice_text(result) if result is not None else message
        previous = self.engine.model_info
        if previous is not None:  # a failed switch: the model already loaded stays in use
            self.model_label.setText(previous.name)
            self.model_label.setToolTip(self.tr("Still using {0}. {1}").format(previous.name, message))
            self.statusBar().showMessage(message, 15000)
            return
        self.model_label.setText(self.tr("No model loaded"))
        self.model_label.setToolTip(message)
        self.statusBar().showMessage(message, 15000)
        if self.engine.model_info is None:
            self.chat.set_placeholder(
                "<p>" + message + "</p><p>" + self.tr("Choose a GGUF model in Settings (Ctrl+,).") + "</p>"
            )

    def _on_reply_finished(self, finished: Finished) -> None:
        stats = finished.stats
        speed = stats.tokens_per_second
        self.tokens_label.setText(self.tr("{0:.1f} tokens/s").format(speed) if speed else "")
        self._show_context(stats.prompt_tokens + stats.generated_tokens)

    def _show_context(self, tokens: int) -> None:
        self.context_meter.setValue(min(tokens, self.context_meter.maximum()))

    def _placeholder(self, info: ModelInfo) -> str:
        if info.path is None:  # a remote server: say plainly that text leaves this computer
            return (
                "<h2>"
                + self.tr("What can I help with?")
                + "</h2><p>"
                + self.tr("Quill uses {0} on a server ({1}). What you write is sent to that server.").format(
                    info.name, info.backend.removeprefix("remote ")
                )
                + "</p>"
            )
        text = (
            "<h2>"
            + self.tr("What can I help with?")
            + "</h2><p>"
            + self.tr("Quill runs {0} on this computer. Nothing you write leaves it.").format(info.name)
            + "</p>"
        )
        if info.name == STARTER_NAME:
            text += (
                "<p>"
                + self.tr(
                    "This small starter model is fast but limited. For much better answers, get a larger model: "
                    "Edit → Models… (Ctrl+Shift+M) recommends ones that suit this computer (Qwen2.5 for Chinese and "
                    "English) and downloads them."
                )
                + "</p>"
            )
        return text

    # -- menus and shortcuts ------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.new_chat_action = self._action(self.tr("&New chat"), QKeySequence.StandardKey.New, self._new_chat)
        self.new_chat_action.setIcon(icons.icon("square-pen"))
        file_menu.addAction(self.new_chat_action)
        file_menu.addSeparator()
        self.quit_action = self._action(self.tr("&Quit"), QKeySequence.StandardKey.Quit, self.close)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setIcon(icons.icon("log-out"))
        file_menu.addAction(self.quit_action)

        edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        self.find_action = self._action(self.tr("&Find conversations"), QKeySequence.StandardKey.Find, self._find)
        self.find_action.setIcon(icons.icon("search"))
        edit_menu.addAction(self.find_action)
        self.stop_action = self._action(self.tr("&Stop reply"), QKeySequence(Qt.Key.Key_Escape), self.chat.stop)
        edit_menu.addAction(self.stop_action)
        edit_menu.addSeparator()
        self.models_action = self._action(
            self.tr("&Models…"), QKeySequence("Ctrl+Shift+M"), lambda: self.models_requested.emit()
        )
        self.models_action.setObjectName("modelsAction")
        self.models_action.setIcon(icons.icon("package"))
        edit_menu.addAction(self.models_action)
        self.settings_action = self._action(
            self.tr("Se&ttings…"), QKeySequence("Ctrl+,"), lambda: self.settings_requested.emit()
        )
        self.settings_action.setIcon(icons.icon("settings"))
        edit_menu.addAction(self.settings_action)

        self.view_menu = self.menuBar().addMenu(self.tr("&View"))
        self.view_menu.addActions(self.pane_actions)

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.help_menu = help_menu
        self.welcome_action = self._action(self.tr("&Welcome…"), None, lambda: self.welcome_requested.emit())
        self.welcome_action.setObjectName("welcomeAction")
        self.welcome_action.setIcon(icons.icon("sparkles"))
        help_menu.addAction(self.welcome_action)
        self.shortcuts_action = self._action(
            self.tr("&Keyboard shortcuts"), QKeySequence("Ctrl+/"), self.show_shortcuts
        )
        self.shortcuts_action.setObjectName("shortcutsAction")
        self.shortcuts_action.setIcon(icons.icon("keyboard"))
        help_menu.addAction(self.shortcuts_action)
        self.system_info_action = self._action(self.tr("&System information…"), None, self._system_info)
        self.system_info_action.setIcon(icons.icon("cpu"))
        help_menu.addAction(self.system_info_action)
        about = self._action(self.tr("&About Quill"), None, self._about)
        about.setIcon(icons.icon("info"))
        help_menu.addAction(about)

    def _action(
        self, text: str, shortcut: QKeySequence | QKeySequence.StandardKey | None, slot: Callable[[], object]
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut if isinstance(shortcut, QKeySequence) else QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    # -- switching models ---------------------------------------------------

    def _fill_model_menu(self) -> None:
        """The status bar's model menu: the installed models (the one in use checked), and "Models…"."""
        self.model_menu.clear()
        current = self.engine.model_info.path if self.engine.model_info else None
        for name, path in self._list_models():
            action = self.model_menu.addAction(name)
            action.setToolTip(str(path))
            action.setCheckable(True)
            action.setChecked(current is not None and Path(current) == Path(path))
            action.triggered.connect(lambda _checked=False, p=path: self.model_requested.emit(p))
        if self.model_menu.actions():
            self.model_menu.addSeparator()
        manage = self.model_menu.addAction(self.tr("Manage models…"))
        manage.triggered.connect(lambda: self.models_requested.emit())

    def _new_chat(self) -> None:
        self.show_pane(self.chat)
        self.chat.new_conversation()

    def _find(self) -> None:
        self.show_pane(self.chat)
        self.chat.focus_search()

    def show_shortcuts(self) -> None:
        """Help → Keyboard shortcuts: every shortcut the window's actions, shortcuts and buttons have."""
        from assistant.ui.dialogs.shortcuts import ShortcutsDialog

        dialog = ShortcutsDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _system_info(self) -> None:
        from assistant.ui.dialogs.system_info import SystemInfoDialog

        info = self.engine.model_info
        if info is None:
            answering = self.tr("no model is loaded")
        elif info.path is None:
            answering = self.tr("{0} on a server ({1})").format(info.name, info.backend)
        else:
            answering = self.tr("{0} is loaded ({1}{2})").format(
                info.name, info.backend, "" if info.extra_buffers else self.tr(", CPU check's safe mode")
            )
        dialog = SystemInfoDialog(Path(info.path) if info and info.path else None, answering, self)
        dialog.open()

    def _about(self) -> None:
        from assistant import __version__

        info = self.engine.model_info
        model = f"{info.name} ({info.backend})" if info else self.tr("none")
        QMessageBox.about(
            self,
            self.tr("About Quill"),
            self.tr(
                "<h3>Quill {0}</h3><p>An offline chat and writing assistant. Models run on this computer "
                "with llama.cpp; nothing leaves it.</p><p>Model: {1}</p>"
            ).format(__version__, model)
            + "<p>"
            + self.tr("Icons: {0}.").format(icons.ICON_CREDIT)
            + "</p>",
        )

    # -- closing ------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        """Stop any reply (keeping what it wrote), close the model on its thread, then close."""
        if not self._closing:
            self._closing = True
            self.closing.emit()
            self.chat.save_partial_reply()
            self.write.save_draft()
            self.engine.shutdown()
        event.accept()
