"""The Summarize pane: paste or open a document, choose a style, watch determinate progress.

Before starting it shows how many tokens the source has and how many parts it
will be read in; the summary streams in during the final pass and is shown as
Markdown with Copy and Save. Checks on the result are shown, not hidden.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from assistant.core.documents.formats import SUMMARY
from assistant.core.documents.markdown import to_html
from assistant.core.documents.readers import SUPPORTED, Document, from_markdown, load_document
from assistant.core.engine.jobs import Priority
from assistant.core.errors import UserFacingError
from assistant.core.files import save_text
from assistant.core.language import detect_language
from assistant.core.stores.summary_cache import MapCache
from assistant.core.tasks.summarize import SummaryOptions, planning, summarize
from assistant.core.text import count_words
from assistant.core.types import Failed, Finished, Notice, Progress, SummaryPlanned, TextDelta
from assistant.ui.errors import error_text
from assistant.ui.i18n import shown, shown_language_name
from assistant.ui.long_jobs import CANCELLED, FAILED, OK, LongJob
from assistant.ui.panes.document_pane import DocumentPane
from assistant.ui.task_runner import TaskRunner
from assistant.ui.widgets.empty_state import EmptyState
from assistant.ui.widgets.language_notice import LanguageNotice
from assistant.ui.widgets.safe_browser import SafeBrowser
from assistant.ui.worker import EngineClient

PLAN_DELAY_MS = 600
LANGUAGES = ("same", "en", "zh", "ja", "fr", "de", "es")  # named in the UI's language; "same": the document's


class SummarizePane(DocumentPane):
    """Signals:
    summary_finished(object): the summary ended (its Finished event).
    summary_failed(str): it failed, with the sentence shown to the user.
    planned(object): the source was measured (a SummaryPlanned).
    """

    summary_finished = Signal(object)
    summary_failed = Signal(str)
    planned = Signal(object)

    open_formats = SUPPORTED

    def __init__(self, engine: EngineClient, cache: MapCache, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("summarizePane")
        self.engine = engine
        self.cache = cache
        self.document: Document | None = None  # set when a file was opened and its text not edited since
        self.runner = TaskRunner(engine, self, Priority.BACKGROUND)  # a chat reply goes first
        self.planner = TaskRunner(engine, self)
        self.job = LongJob(self)  # the window's LongJobs tells the user when a summary ends unseen
        self._summary = ""
        self._notices: list[str] = []
        self._plan_timer = QTimer(self)
        self._plan_timer.setSingleShot(True)
        self._plan_timer.setInterval(PLAN_DELAY_MS)
        self._plan_timer.timeout.connect(self.request_plan)
        self._build()
        self.runner.on(TextDelta, self._on_text)
        self.runner.on(Progress, self._on_progress)
        self.runner.on(Notice, self._on_notice)
        self.runner.on(Finished, self._on_finished)
        self.runner.on(Failed, self._on_failed)
        self.planner.on(SummaryPlanned, self._on_planned)
        self.planner.on(Failed, lambda failed: self.source_label.setText(error_text(failed.error, "")))
        engine.model_loaded.connect(lambda _info: self._schedule_plan())

    def _build(self) -> None:
        self.input = QPlainTextEdit()
        self.input.setTabChangesFocus(True)  # Tab moves on, so keyboard users are never trapped here
        self.input.setObjectName("summarizeInput")
        self.input.setAccessibleName(self.tr("Text to summarize"))
        self.input.setPlaceholderText(
            self.tr("Paste text here, or open or drop a file (.txt, .md, .html, .pdf, .docx).")
        )
        self.input.textChanged.connect(self._on_input_changed)
        self.open_button = QPushButton(self.tr("Open file…"))
        self.open_button.setObjectName("summarizeOpen")
        self.open_button.clicked.connect(self._ask_open)
        self.source_label = QLabel()
        self.source_label.setObjectName("summarizeSourceInfo")
        self.source_label.setWordWrap(True)

        self.style_box = QComboBox()
        self.style_box.setObjectName("summaryStyle")
        self.style_box.setAccessibleName(self.tr("Summary style"))
        for code, label in (
            ("bullets", self.tr("Bullet points")),
            ("tldr", self.tr("TL;DR (one or two sentences)")),
            ("paragraph", self.tr("One paragraph")),
            ("key-points", self.tr("Key points with sections")),
        ):
            self.style_box.addItem(label, code)
        self.style_box.currentIndexChanged.connect(self._update_controls)
        self.bullets = QSpinBox()
        self.bullets.setObjectName("summaryBullets")
        self.bullets.setRange(1, 20)
        self.bullets.setValue(5)
        self.bullets.setAccessibleName(self.tr("Number of bullet points"))
        self.words = QSpinBox()
        self.words.setObjectName("summaryWords")
        self.words.setRange(0, 5000)
        self.words.setSingleStep(50)
        self.words.setSpecialValueText(self.tr("Automatic"))
        self.words.setAccessibleName(self.tr("Target length"))
        self.language = QComboBox()
        self.language.setObjectName("summaryLanguage")
        self.language.setAccessibleName(self.tr("Summary language"))
        for code in LANGUAGES:
            name = self.tr("Same as the document") if code == "same" else shown_language_name(code)
            self.language.addItem(name, code)
        self.language.currentIndexChanged.connect(self._schedule_plan)

        self.summarize_button = QPushButton(self.tr("Summarize"))
        self.summarize_button.setObjectName("summarizeButton")
        self.summarize_button.setDefault(True)
        self.summarize_button.clicked.connect(self.start)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setObjectName("summarizeStop")
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self.stop)
        self.progress = QProgressBar()
        self.progress.setObjectName("summarizeProgress")
        self.progress.setAccessibleName(self.tr("Summary progress"))
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setTextVisible(True)
        self.progress.setFormat("")
        self._status_line("summarizeStatus")

        self.output = SafeBrowser()
        self.output.setObjectName("summaryOutput")
        self.output.setAccessibleName(self.tr("Summary"))
        self.empty_state = EmptyState(
            "file-text",
            self.tr("Your summary will appear here"),
            self.tr(
                "Paste text on the left or drop a file anywhere on this pane (.txt, .md, .html, .pdf, .docx), "
                "choose a style, then press Summarize."
            ),
            self.tr("Try an example"),
        )
        self.empty_state.example_requested.connect(self.load_example)
        self.results = QStackedWidget()
        self.results.setObjectName("summaryResults")
        self.results.addWidget(self.empty_state)
        self.results.addWidget(self.output)
        self.warnings = QLabel()
        self.warnings.setObjectName("summaryWarnings")
        self.warnings.setWordWrap(True)
        self.warnings.hide()
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.setObjectName("summaryCopy")
        self.copy_button.clicked.connect(lambda: QGuiApplication.clipboard().setText(self._summary))
        self.save_button = QPushButton(self.tr("Save…"))
        self.save_button.setObjectName("summarySave")
        self.save_button.clicked.connect(self._ask_save)
        for button in (self.copy_button, self.save_button):
            button.setEnabled(False)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(8, 8, 4, 8)
        top = QHBoxLayout()
        top.addWidget(self.open_button)
        top.addWidget(self.source_label, 1)
        left_layout.addLayout(top)
        left_layout.addWidget(self.input, 1)
        form = QFormLayout()
        form.addRow(self.tr("Style:"), self.style_box)
        form.addRow(self.tr("Bullet points:"), self.bullets)
        form.addRow(self.tr("Length (words):"), self.words)
        form.addRow(self.tr("Language:"), self.language)
        left_layout.addLayout(form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summarize_button)
        buttons.addWidget(self.stop_button)
        left_layout.addLayout(buttons)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(4, 8, 8, 8)
        self.coverage = LanguageNotice(self.engine, "summarize")  # the model lacks the language: said before starting
        self.coverage.proceed_requested.connect(self.start)
        right_layout.addWidget(self.coverage)
        right_layout.addWidget(self.progress)
        right_layout.addWidget(self.status)
        right_layout.addWidget(self.results, 1)
        right_layout.addWidget(self.warnings)
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.copy_button)
        actions.addWidget(self.save_button)
        right_layout.addLayout(actions)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("summarizeSplitter")
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([480, 520])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.progress.hide()  # until there is something to show: not an unexplained empty bar
        self._update_controls()

    def load_example(self) -> None:
        """Put a short example document in the box (in the interface's language) to try a summary on."""
        self.input.setPlainText(
            self.tr(
                "# The night train returns\n\n"
                "Across Europe, overnight trains are coming back. Between 2020 and 2024, operators opened "
                "more than 20 new night routes, among them Vienna to Paris, Brussels to Berlin and Zurich to "
                "Amsterdam. Travellers choose them to avoid short flights and to arrive rested in a city "
                "centre.\n\n"
                "The revival is not easy. Sleeping cars are expensive: a new carriage costs about 3 million "
                "euros, and older ones must be refurbished. Track access fees differ from country to country, "
                "and a single delay at a border can ruin a timetable. Tickets are also hard to book, because "
                "each railway sells its own part of the journey.\n\n"
                "Supporters ask for common booking systems, lower track fees at night and public money for new "
                "carriages. If those arrive, they say, night trains could carry millions more passengers by "
                "2030."
            )
        )
        self.input.setFocus()

    # -- input --------------------------------------------------------------

    def options(self) -> SummaryOptions:
        return SummaryOptions(
            style=self.style_box.currentData(),
            bullets=self.bullets.value(),
            words=self.words.value() or None,
            language=self.language.currentData(),
        )

    def _source(self) -> Callable[[], Document] | None:
        """What to read, as a function the engine thread calls: parsing a long paste (seconds for
        10 MB) must not freeze the window. None when there is nothing to read."""
        document = self.document
        if document is not None:
            return (lambda: document) if document.blocks else None
        text = self.input.toPlainText()
        return (lambda: from_markdown(text)) if text.strip() else None

    def open_file(self, path: Path) -> bool:
        """Load a document into the box; a problem is one sentence in the status line."""
        try:
            document = load_document(path)
        except UserFacingError as exc:
            self._show_status(shown(exc.message), error=True)
            return False
        self.input.blockSignals(True)
        self.input.setPlainText(document.to_markdown())
        self.input.blockSignals(False)
        self.document = document
        self._show_status(
            " ".join(shown(w) for w in document.warnings) or self.tr("Opened {0}.").format(path.name),
            error=bool(document.warnings),
        )
        self._schedule_plan()
        return True

    def _on_input_changed(self) -> None:
        self.document = None  # the user edited the text: it is the source now
        self._schedule_plan()

    def _schedule_plan(self) -> None:
        self._plan_timer.start()

    def request_plan(self) -> None:
        """Measure the source with the model's tokenizer (on the engine thread)."""
        source = self._source()
        if source is None or self.engine.model_info is None:
            self.source_label.setText("")
            return
        options = self.options()
        self.planner.run(lambda backend, cancel: planning(backend, source(), options))

    def _update_controls(self) -> None:
        self.bullets.setEnabled(self.style_box.currentData() == "bullets")
        self._schedule_plan()

    # -- running ------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self.runner.busy

    def start(self) -> None:
        """Summarize the current source; a summary already running is stopped first (latest wins)."""
        source = self._source()
        if source is None:
            self._show_status(self.tr("There is nothing to summarize yet: paste text or open a file."), error=True)
            return
        options, cache = self.options(), self.cache
        language = options.language if options.language != "same" else detect_language(self.input.toPlainText())
        if not self.coverage.allows([language]):
            return
        self._summary = ""
        self._notices = []
        self.output.clear()
        self.results.setCurrentWidget(self.output)
        self.warnings.hide()
        self.progress.show()
        self.progress.setRange(0, 0)
        self.progress.setFormat(self.tr("Starting…"))
        self._show_status("")
        self.runner.run(lambda backend, cancel: summarize(backend, source(), options, cancel, cache))
        self.job.start(self.tr("Summary", "a long job"))
        self._set_busy(True)

    def stop(self) -> None:
        self.runner.stop()

    def _set_busy(self, busy: bool) -> None:
        self.summarize_button.setEnabled(not busy)
        self.stop_button.setEnabled(busy)
        self.copy_button.setEnabled(not busy and bool(self._summary))
        self.save_button.setEnabled(not busy and bool(self._summary))

    def _on_text(self, delta: TextDelta) -> None:
        self._summary += delta.text
        self.output.setPlainText(self._summary)
        self.output.verticalScrollBar().setValue(self.output.verticalScrollBar().maximum())

    def _on_progress(self, progress: Progress) -> None:
        self.progress.setRange(0, max(progress.total, 1))
        self.progress.setValue(progress.done)
        self.progress.setFormat(self._progress_label(progress))
        self.job.progress(progress.done, progress.total)

    def _progress_label(self, progress: Progress) -> str:
        label = progress.label
        if label.startswith("Reading part"):
            return self.tr("Reading part {0} of {1}").format(progress.done + 1, progress.total - 1)
        if label.startswith("Combining"):
            return self.tr("Combining notes")
        return self.tr("Summarizing")

    def _on_notice(self, notice: Notice) -> None:
        self._notices.append(shown(notice.text))
        self.warnings.setText("⚠ " + "\n⚠ ".join(self._notices))
        self.warnings.show()

    def _on_planned(self, plan: SummaryPlanned) -> None:
        how = self.tr("fits in one pass") if plan.one_pass else self.tr("will be read in {0} parts").format(plan.chunks)
        self.source_label.setText(self.tr("{0} tokens, {1}").format(plan.tokens, how))
        self.planned.emit(plan)

    def _on_finished(self, finished: Finished) -> None:
        self.output.setHtml(to_html(self._summary))
        self.progress.setRange(0, 1)
        self.progress.setValue(1 if finished.reason != "cancelled" else 0)
        # The result says it is done; a stop stays said.
        self.progress.setFormat(self.tr("Stopped"))
        self.progress.setVisible(finished.reason == "cancelled")
        self._set_busy(False)
        if finished.reason == "cancelled":
            self.job.end(CANCELLED, "")
        else:
            self.job.end(OK, self.tr("The summary is ready ({0} words).").format(count_words(self._summary)))
        self.summary_finished.emit(finished)

    def _on_failed(self, failed: Failed) -> None:
        message = error_text(failed.error, self.tr("The summary failed unexpectedly; details are in the log file."))
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat("")
        self.progress.hide()  # the status line says what went wrong
        self._show_status(message, error=True)
        self._set_busy(False)
        self.job.end(FAILED, message)
        self.summary_failed.emit(message)

    # -- files --------------------------------------------------------------

    @property
    def summary(self) -> str:
        return self._summary

    def save_to(self, path: Path) -> Path:
        return save_text(path, self._summary.strip() + "\n")

    def _ask_save(self) -> None:
        self._save_dialog(self.tr("Save summary"), Path.home() / "summary.md", SUMMARY)
