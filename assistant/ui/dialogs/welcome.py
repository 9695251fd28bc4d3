"""The first-run welcome: what the user mostly wants, what this computer can run, one model to get.

Shown once (Settings.welcome_done is set when it is finished, skipped or closed). The steps:

1. the use: chat, translate Chinese ↔ English, summarize, write;
2. this computer: memory, processor features, GPU offload, and its measured speed (the speed
   probe, a few seconds in child processes: core/models/speed.py), then ONE catalog model for
   that use (core/models/recommend.py: the same choice as the Models dialog's Recommended tab)
   with its download size, memory and expected speed here;
3. the download, with progress, through the app's DownloadManager (the Models dialog's queue
   shows it too), then the switch to the model through the app's ``use_model``;
4. done. Offline (the Hub cannot be reached) or when nothing fits, it says the starter model
   will be used and what that model can and cannot do.

Slow work (system facts, the probe, asking the Hub) runs on Background threads; the engine
thread is left alone until the switch.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from assistant.core.errors import UserFacingError
from assistant.core.models.catalog import download_request
from assistant.core.models.download import DownloadRequest
from assistant.core.models.memory import format_bytes
from assistant.core.models.recommend import USES, Recommendation, recommend
from assistant.core.models.speed import SpeedProbe
from assistant.core.types import ModelInfo
from assistant.ui.background import Background
from assistant.ui.downloads import DONE, FAILED, PAUSED
from assistant.ui.model_services import ModelServices
from assistant.ui.speed_text import speed_text

log = logging.getLogger(__name__)

PAGE_USE, PAGE_COMPUTER, PAGE_DOWNLOAD, PAGE_STARTER, PAGE_DONE = range(5)


@dataclass(frozen=True)
class Computer:
    """What the welcome says about this computer."""

    memory: int
    cpu: str
    cores: int
    features: list[str]
    gpu: str  # "" when this build cannot offload to a GPU
    probe: SpeedProbe | None


def look_at_computer(services: ModelServices) -> Computer:
    """Memory, CPU features and GPU offload (core/engine/system_report.py's sources) and the speed probe."""
    from assistant.core.engine.choice import gpu_offload_info
    from assistant.core.engine.cpu_check import cpu_identity
    from assistant.core.engine.system_report import RELEVANT_FLAGS

    name, flags = cpu_identity()
    try:
        offload, backend = gpu_offload_info()
    except (ImportError, OSError):
        offload, backend = False, ""
    features = [flag for flag in RELEVANT_FLAGS if flag in flags and not flag.startswith(("sse", "ssse"))]
    return Computer(
        memory=services.machine.total_ram,
        cpu=name,
        cores=os.cpu_count() or 1,
        features=features,
        gpu=backend if offload else "",
        probe=services.measure_speed(),
    )


class WelcomeDialog(QDialog):
    """The first run, step by step.

    Signals:
        page_changed(int): a step (PAGE_*) is shown.
        recommended(): the computer was looked at and a model recommended (or the starter note shown).
        completed(str): the welcome ended: "switched" (the model is in use), "starter" (offline or
            nothing fits) or "skipped".
    """

    page_changed = Signal(int)
    recommended = Signal()
    completed = Signal(str)

    def __init__(
        self,
        services: ModelServices,
        use_model: Callable[[Path], None],
        mark_done: Callable[[], None],
        parent: QWidget | None = None,
        *,
        language: str = "en",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("welcomeDialog")
        self.setWindowTitle(self.tr("Welcome to Quill"))
        self.services = services
        self._use_model = use_model
        self._mark_done = mark_done
        self._language = language
        self._background = Background(self)
        self._done = False
        self.computer: Computer | None = None
        self.recommendation: Recommendation | None = None
        self.request: DownloadRequest | None = None
        self.download_key: str | None = None
        self.model_path: Path | None = None

        self.pages = QStackedWidget()
        self.pages.setObjectName("welcomePages")
        self.pages.addWidget(self._build_use())
        self.pages.addWidget(self._build_computer())
        self.pages.addWidget(self._build_download())
        self.pages.addWidget(self._build_starter())
        self.pages.addWidget(self._build_done())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(self.pages)
        services.downloads.changed.connect(self._on_download_changed)
        services.downloads.completed.connect(self._on_download_completed)
        self.resize(620, 460)
        self.show_page(PAGE_USE)

    # ----- building ----------------------------------------------------------------------

    @staticmethod
    def _title(text: str) -> QLabel:
        label = QLabel(text)
        font = QFont(label.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        label.setFont(font)
        label.setWordWrap(True)
        return label

    @staticmethod
    def _text(object_name: str, text: str = "") -> QLabel:
        label = QLabel(text)
        label.setObjectName(object_name)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    @staticmethod
    def _button(object_name: str, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(object_name)
        button.setAutoDefault(False)  # Enter presses each step's primary button, not whichever has focus
        button.clicked.connect(slot)
        return button

    @staticmethod
    def _buttons(*widgets: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addStretch(1)
        for widget in widgets:
            row.addWidget(widget)
        return row

    def _use_names(self) -> dict[str, tuple[str, str]]:
        return {
            "chat": (self.tr("Chat"), self.tr("Ask questions, talk ideas through, get explanations.")),
            "translate": (
                self.tr("Translate Chinese ↔ English"),
                self.tr("Translate text and documents between Chinese and English."),
            ),
            "summarize": (self.tr("Summarize"), self.tr("Turn long documents into short summaries.")),
            "write": (self.tr("Write"), self.tr("Draft, rewrite, proofread and shorten your text.")),
        }

    def _build_use(self) -> QWidget:
        page = QWidget()
        intro = self._text(
            "welcomeIntro",
            self.tr(
                "Quill runs language models on this computer: nothing you write leaves it. "
                "What will you mostly use it for? Quill then suggests one model that suits it and this computer."
            ),
        )
        self.use_list = QListWidget()
        self.use_list.setObjectName("welcomeUse")
        self.use_list.setAccessibleName(self.tr("What you will mostly use Quill for"))
        for use, (name, about) in self._use_names().items():
            item = QListWidgetItem(f"{name}\n{about}")
            item.setData(Qt.ItemDataRole.UserRole, use)
            self.use_list.addItem(item)
        self.use_list.setCurrentRow(0)
        self.use_list.setSpacing(3)
        self.use_list.itemDoubleClicked.connect(lambda _item: self.next_step())
        self.skip_button = self._button("welcomeSkip", self.tr("Skip"), self.skip)
        self.skip_button.setToolTip(self.tr("Keep the starter model; the Models dialog has others any time."))
        self.next_button = self._button("welcomeNext", self.tr("Next"), self.next_step)
        self.next_button.setDefault(True)
        layout = QVBoxLayout(page)
        layout.addWidget(self._title(self.tr("Welcome to Quill")))
        layout.addWidget(intro)
        layout.addWidget(self.use_list, 1)
        layout.addLayout(self._buttons(self.skip_button, self.next_button))
        return page

    def _build_computer(self) -> QWidget:
        page = QWidget()
        self.computer_title = self._title(self.tr("This computer"))
        self.computer_facts = self._text("welcomeComputer")
        self.looking = QProgressBar()
        self.looking.setObjectName("welcomeLooking")
        self.looking.setAccessibleName(self.tr("Measuring this computer"))
        self.looking.setRange(0, 0)
        self.looking.setFormat("")
        self.looking.setMaximumHeight(8)
        self.pick_title = self._title("")
        self.pick_title.setObjectName("welcomePickTitle")
        self.pick_facts = self._text("welcomePick")
        self.back_button = self._button("welcomeBack", self.tr("Back"), lambda: self.show_page(PAGE_USE))
        self.keep_button = self._button("welcomeKeepStarter", self.tr("Keep the starter model"), self.skip)
        self.download_button = self._button("welcomeDownload", self.tr("Download and use"), self.download)
        self.download_button.setDefault(True)
        layout = QVBoxLayout(page)
        layout.addWidget(self.computer_title)
        layout.addWidget(self.computer_facts)
        layout.addWidget(self.looking)
        layout.addSpacing(12)
        layout.addWidget(self.pick_title)
        layout.addWidget(self.pick_facts)
        layout.addStretch(1)
        layout.addLayout(self._buttons(self.back_button, self.keep_button, self.download_button))
        return page

    def _build_download(self) -> QWidget:
        page = QWidget()
        self.download_title = self._title("")
        self.download_progress = QProgressBar()
        self.download_progress.setObjectName("welcomeProgress")
        self.download_progress.setAccessibleName(self.tr("Download progress"))
        self.download_progress.setRange(0, 1000)
        self.download_status = self._text("welcomeDownloadStatus")
        self.cancel_button = self._button("welcomeCancel", self.tr("Cancel"), self.cancel_download)
        self.retry_button = self._button("welcomeRetry", self.tr("Try again"), self.download)
        self.retry_button.hide()
        layout = QVBoxLayout(page)
        layout.addWidget(self.download_title)
        layout.addWidget(
            self._text(
                "welcomeDownloadNote",
                self.tr(
                    "The file is checked against the Hub's SHA-256 before it is used. You can keep working meanwhile: "
                    "the starter model answers until the new one is ready."
                ),
            )
        )
        layout.addSpacing(8)
        layout.addWidget(self.download_progress)
        layout.addWidget(self.download_status)
        layout.addStretch(1)
        layout.addLayout(self._buttons(self.retry_button, self.cancel_button))
        return page

    def _build_starter(self) -> QWidget:
        page = QWidget()
        self.starter_title = self._title("")
        self.starter_reason = self._text("welcomeStarterReason")
        limits = self._text(
            "welcomeStarterLimits",
            self.tr(
                "The starter model, SmolLM2 135M, is already on this computer and very quick, but small.\n"
                "It can: chat and answer simple questions in English; rewrite, proofread and shorten short "
                "English text; summarize short English documents.\n"
                "It cannot: translate Chinese (or any other language), understand Chinese, or summarize long "
                "documents well.\n"
                "Open Models (Ctrl+Shift+M) any time to download a better model."
            ),
        )
        self.starter_finish = self._button("welcomeStarterFinish", self.tr("Start using Quill"), self.finish)
        self.starter_finish.setDefault(True)
        layout = QVBoxLayout(page)
        layout.addWidget(self.starter_title)
        layout.addWidget(self.starter_reason)
        layout.addSpacing(8)
        layout.addWidget(limits)
        layout.addStretch(1)
        layout.addLayout(self._buttons(self.starter_finish))
        return page

    def _build_done(self) -> QWidget:
        page = QWidget()
        self.done_title = self._title(self.tr("Ready"))
        self.done_text = self._text("welcomeDoneText")
        self.done_button = self._button("welcomeFinish", self.tr("Start using Quill"), self.finish)
        self.done_button.setDefault(True)
        layout = QVBoxLayout(page)
        layout.addWidget(self.done_title)
        layout.addWidget(self.done_text)
        layout.addStretch(1)
        layout.addLayout(self._buttons(self.done_button))
        return page

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        """Focus the step's own control once the window is up (Qt otherwise picks the first button)."""
        super().showEvent(event)
        target = self.use_list if self.pages.currentIndex() == PAGE_USE else None
        if target is not None:
            QTimer.singleShot(0, target.setFocus)

    # ----- steps -------------------------------------------------------------------------

    @property
    def use(self) -> str:
        item = self.use_list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else USES[0]

    def choose_use(self, use: str) -> None:
        for row in range(self.use_list.count()):
            item = self.use_list.item(row)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == use:
                self.use_list.setCurrentRow(row)

    def show_page(self, page: int) -> None:
        self.pages.setCurrentIndex(page)
        primary = {  # a dialog has one default button at a time: each step's own, set as it shows
            PAGE_USE: self.next_button,
            PAGE_COMPUTER: self.download_button,
            PAGE_DOWNLOAD: self.cancel_button,
            PAGE_STARTER: self.starter_finish,
            PAGE_DONE: self.done_button,
        }[page]
        primary.setDefault(True)
        if primary.isEnabled():
            primary.setFocus()
        if page == PAGE_USE:
            self.use_list.setFocus()
        self.page_changed.emit(page)

    def next_step(self) -> None:
        """Look at this computer (once: the probe is remembered), then recommend for the chosen use."""
        self.show_page(PAGE_COMPUTER)
        self.pick_title.setText("")
        self.pick_facts.setText("")
        self.download_button.setEnabled(False)
        if self.computer is not None:
            self._recommend()
            return
        self.computer_facts.setText(
            self.tr("Looking at this computer and measuring its speed with the starter model (a few seconds)…")
        )
        self.looking.show()
        self._background.run(lambda: look_at_computer(self.services), self._on_computer, self._on_computer_failed)

    def _on_computer(self, computer: Computer) -> None:
        self.computer = computer
        self.looking.hide()
        lines = [
            self.tr("Memory: {0}").format(format_bytes(computer.memory)),
            self.tr("Processor: {0}, {1} cores").format(computer.cpu or "?", computer.cores),
            self.tr("Processor features: {0}").format(" ".join(computer.features) or "—"),
            self.tr("GPU: {0}").format(computer.gpu)
            if computer.gpu
            else self.tr("GPU: none used (this build runs on the CPU)"),
        ]
        if computer.probe is not None:
            lines.append(
                self.tr("Measured speed: the starter model writes {0} here.").format(
                    speed_text(computer.probe.reference_tokens_per_second)
                )
            )
        else:
            lines.append(self.tr("Measured speed: could not be measured (details are in the log file)."))
        self.computer_facts.setText("\n".join(lines))
        self._recommend()

    def _on_computer_failed(self, _error: BaseException) -> None:
        self.looking.hide()
        self.computer_facts.setText(self.tr("This computer could not be looked at; details are in the log file."))
        self._recommend()

    def _recommend(self) -> None:
        services = self.services
        probe = self.computer.probe if self.computer is not None else None
        try:
            rec = recommend(
                services.catalog,
                self.use,
                services.machine,
                services.settings.n_ctx,
                probe,
                ui_language=self._language,
            )
        except UserFacingError as exc:
            self._starter(self.tr("No model can be recommended"), exc.message)
            return
        self.recommendation = rec
        if rec is None:
            self._starter(
                self.tr("The starter model it is"),
                self.tr("None of the models Quill recommends for this use fits this computer's memory."),
            )
            return
        entry = rec.entry
        name = self._use_names()[self.use][0]
        self.pick_title.setText(self.tr("For {0}: {1}").format(name, entry.name))
        facts = [
            self.tr("Download: {0}").format(format_bytes(entry.size_bytes)),
            self.tr("Memory needed: {0}").format(format_bytes(rec.memory_bytes)),
            self.tr("Expected speed here: {0}").format(speed_text(rec.tokens_per_second))
            if rec.tokens_per_second is not None
            else self.tr("Expected speed here: not measured"),
            entry.description_for(self._language),
        ]
        if rec.slow:
            facts.append(self.tr("Every model that suits this use would be slow here; this is the quickest."))
        self.pick_facts.setText("\n".join(facts))
        installed = services.models_dir / entry.repo / entry.file
        if installed.is_file():
            self.download_button.setText(self.tr("Use this model"))
            self.download_button.setEnabled(True)
            self.recommended.emit()
            return
        self.download_button.setText(self.tr("Download and use"))
        self.pick_facts.setText(self.pick_facts.text() + "\n" + self.tr("Asking the Hub for the file…"))

        def done(request: DownloadRequest) -> None:
            if self.recommendation is not rec:
                return
            self.request = request
            self.pick_facts.setText("\n".join(facts))
            self.download_button.setEnabled(True)
            self.download_button.setFocus()
            self.recommended.emit()

        def failed(error: BaseException) -> None:
            if self.recommendation is not rec:
                return
            log.info("the Hub could not be asked for %s: %s", entry.file, error)  # the why, for a bug report
            self._starter(
                self.tr("The Hub cannot be reached"),
                self.tr(
                    "Quill cannot download {0} now (no connection to the Hugging Face Hub), so it will use "
                    "the starter model."
                ).format(entry.name),
            )

        self._background.run(lambda: download_request(entry, services.hub()), done, failed, "QuillWelcomeHub")

    def _starter(self, title: str, reason: str) -> None:
        self.starter_title.setText(title)
        self.starter_reason.setText(reason)
        self.show_page(PAGE_STARTER)
        self.recommended.emit()

    def download(self) -> None:
        """Download the recommended model (or use it if it is here) and switch to it."""
        rec = self.recommendation
        if rec is None:
            return
        entry = rec.entry
        installed = self.services.models_dir / entry.repo / entry.file
        self.download_title.setText(self.tr("Getting {0}").format(entry.name))
        self.retry_button.hide()
        self.cancel_button.show()
        self.show_page(PAGE_DOWNLOAD)
        if installed.is_file():
            self._switch(installed)
            return
        request = self.request
        services = self.services
        self.download_status.setText(self.tr("Starting the download…"))
        self.download_progress.setValue(0)
        make = (lambda: request) if request is not None else (lambda: download_request(entry, services.hub()))
        self.download_key = services.downloads.start_lazy(
            f"{entry.repo}/{entry.file}", Path(entry.file).name, entry.size_bytes, make
        )

    def cancel_download(self) -> None:
        if self.download_key is not None:
            self.services.downloads.cancel(self.download_key)
            self.download_key = None
        self.show_page(PAGE_COMPUTER)

    def _on_download_changed(self, key: str) -> None:
        if key != self.download_key:
            return
        entry = self.services.downloads.entries.get(key)
        if entry is None:
            return
        if entry.state == FAILED:
            self.download_status.setText(entry.message)
            self.retry_button.setVisible(entry.resumable)
            return
        if entry.state == PAUSED or entry.state == DONE:
            return
        total = entry.total or 1
        self.download_progress.setValue(int(1000 * min(entry.done_bytes, total) / total))
        rate = entry.progress.speed if entry.progress is not None else 0.0
        if entry.progress is not None and entry.progress.state == "verifying":
            self.download_status.setText(self.tr("Checking the file's SHA-256…"))
            return
        text = self.tr("{0} of {1}").format(format_bytes(entry.done_bytes), format_bytes(total))
        if rate:
            text += " · " + self.tr("{0}/s").format(format_bytes(int(rate)))
        self.download_status.setText(text)

    def _on_download_completed(self, key: str, path: str) -> None:
        if key == self.download_key:
            self.download_progress.setValue(1000)
            self._switch(Path(path))

    def _switch(self, path: Path) -> None:
        self.model_path = Path(path)
        self.cancel_button.hide()
        self.download_status.setText(self.tr("Loading {0}…").format(Path(path).name))
        self._use_model(Path(path))

    def on_model_loaded(self, info: ModelInfo) -> None:
        """The engine loaded a model; if it is ours, the welcome is done."""
        if self.model_path is None or info.path is None or Path(info.path) != self.model_path:
            return
        rec = self.recommendation
        self.done_text.setText(
            self.tr("Quill now uses {0}. It stays your model next time; the Models dialog switches any time.").format(
                rec.entry.name if rec is not None else info.name
            )
        )
        self.show_page(PAGE_DONE)
        self._finish_once("switched")

    def on_model_failed(self, error: object) -> None:
        if self.model_path is None or self.pages.currentIndex() != PAGE_DOWNLOAD:
            return
        message = (
            error.message
            if isinstance(error, UserFacingError)
            else self.tr("The model could not be loaded; details are in the log file.")
        )
        self.download_status.setText(message)
        self.cancel_button.setText(self.tr("Back"))
        self.cancel_button.show()

    # ----- ending ------------------------------------------------------------------------

    def _finish_once(self, how: str) -> None:
        if not self._done:
            self._done = True
            self._mark_done()
            self.completed.emit(how)

    def skip(self) -> None:
        """Skipped: never shown again; the starter model stays."""
        self._finish_once("skipped")
        self.accept()

    def finish(self) -> None:
        self._finish_once("starter" if self.pages.currentIndex() == PAGE_STARTER else "switched")
        self.accept()

    def reject(self) -> None:
        """Closing the window counts as skipping (a running download goes on in the Models dialog)."""
        self._finish_once("skipped")
        super().reject()
