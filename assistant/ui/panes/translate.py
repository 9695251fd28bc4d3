"""The Translate pane: source and translation side by side, structure kept, doubts shown.

Languages: the source is detected (with its confidence) unless chosen; never
swapped silently. Files open as .txt, .md, .html or .docx and the translation
is saved in the same format. A glossary (one ``term = translation`` a line,
or a term alone to keep) lives in Quill's config folder. With "as I type",
edits are re-translated after a pause; unchanged paragraphs come from the
cache, so only what changed is sent to the model.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from assistant.core.documents.formats import TRANSLATABLE, describe
from assistant.core.documents.readers import read_text
from assistant.core.engine.jobs import Priority
from assistant.core.errors import UserFacingError
from assistant.core.files import atomic_write_text, save_text
from assistant.core.i18n import msg
from assistant.core.language import detect_language, detect_language_with_confidence
from assistant.core.tasks.translate import Glossary, TranslateOptions, translate, translate_docx, translate_html
from assistant.core.text import count_words
from assistant.core.types import Failed, Finished, Notice, Progress, TextDelta, TranslationPlanned
from assistant.ui.errors import error_text
from assistant.ui.i18n import shown, shown_language_name
from assistant.ui.long_jobs import CANCELLED, FAILED, OK, LongJob
from assistant.ui.panes.document_pane import DocumentPane
from assistant.ui.task_runner import TaskRunner
from assistant.ui.widgets.empty_state import EmptyState
from assistant.ui.widgets.language_notice import LanguageNotice
from assistant.ui.worker import EngineClient

LIVE_DELAY_MS = 900


def _refusal(found: str) -> str:
    """The sentence for a file this pane does not translate (shown in the UI's language by error_text)."""
    return msg("Quill translates {formats} files, not {found}.", formats=describe(TRANSLATABLE), found=found)


LANGUAGES = ("en", "zh", "zh-Hant", "ja", "ko", "fr", "de", "es", "ru", "pt", "it", "ar")  # named in the UI's language


class TranslatePane(DocumentPane):
    """Signals:
    translation_finished(object): a translation ended (its Finished event).
    translation_failed(str): it failed, with the sentence shown.
    """

    translation_finished = Signal(object)
    translation_failed = Signal(str)

    open_formats = TRANSLATABLE

    def __init__(self, engine: EngineClient, glossary_file: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("translatePane")
        self.engine = engine
        self.glossary_file = glossary_file
        self.cache: dict[str, str] = {}
        self.source_path: Path | None = None  # the file opened (its format decides how to save)
        self.runner = TaskRunner(engine, self, Priority.BACKGROUND)  # a chat reply goes first
        self.job = LongJob(self)  # the window's LongJobs tells the user when a translation ends unseen
        self._started = 0.0
        self._translation = ""
        self._notices: list[str] = []
        self._live_timer = QTimer(self)
        self._live_timer.setSingleShot(True)
        self._live_timer.setInterval(LIVE_DELAY_MS)
        self._live_timer.timeout.connect(self.start)
        self._build()
        self.runner.on(TextDelta, self._on_text)
        self.runner.on(Progress, self._on_progress)
        self.runner.on(Notice, self._on_notice)
        self.runner.on(TranslationPlanned, self._on_planned)
        self.runner.on(Finished, self._on_finished)
        self.runner.on(Failed, self._on_failed)

    def _build(self) -> None:
        self.source_language = QComboBox()
        self.source_language.setObjectName("sourceLanguage")
        self.source_language.setAccessibleName(self.tr("Source language"))
        self.source_language.addItem(self.tr("Detect language"), "auto")
        self.target_language = QComboBox()
        self.target_language.setObjectName("targetLanguage")
        self.target_language.setAccessibleName(self.tr("Target language"))
        for code in LANGUAGES:
            self.source_language.addItem(shown_language_name(code), code)
            self.target_language.addItem(shown_language_name(code), code)
        self.swap_button = QToolButton()
        self.swap_button.setObjectName("swapLanguages")
        self.swap_button.setText("⇄")
        self.swap_button.setToolTip(self.tr("Swap languages"))
        self.swap_button.setAccessibleName(self.tr("Swap languages"))
        self.swap_button.clicked.connect(self.swap)
        self.detected = QLabel()
        self.detected.setObjectName("detectedLanguage")
        self.open_button = QPushButton(self.tr("Open file…"))
        self.open_button.clicked.connect(self._ask_open)
        self.glossary_button = QPushButton(self.tr("Glossary…"))
        self.glossary_button.setObjectName("glossaryButton")
        self.glossary_button.clicked.connect(self._edit_glossary)
        self.live = QCheckBox(self.tr("Translate as I type"))
        self.live.setObjectName("translateLive")
        top = QHBoxLayout()
        left: tuple[QWidget, ...] = (self.source_language, self.swap_button, self.target_language, self.detected)
        right: tuple[QWidget, ...] = (self.live, self.glossary_button, self.open_button)
        for widget in left:
            top.addWidget(widget)
        top.addStretch(1)
        for widget in right:
            top.addWidget(widget)

        self.input = QPlainTextEdit()
        self.input.setTabChangesFocus(True)  # Tab moves on, so keyboard users are never trapped here
        self.input.setObjectName("translateInput")
        self.input.setAccessibleName(self.tr("Text to translate"))
        self.input.setPlaceholderText(self.tr("Type or paste text, or open a file (.txt, .md, .html, .docx)."))
        self.input.textChanged.connect(self._on_input_changed)
        self.output = QPlainTextEdit()
        self.output.setObjectName("translateOutput")
        self.output.setAccessibleName(self.tr("Translation"))
        self.output.setReadOnly(True)
        self.empty_state = EmptyState(
            "languages",
            self.tr("The translation will appear here"),
            self.tr(
                "Type or paste text on the left or drop a file here (.txt, .md, .html, .docx), choose the "
                "languages, then press Translate. Headings, lists, links and code keep their place."
            ),
            self.tr("Try an example"),
        )
        self.empty_state.example_requested.connect(self.load_example)
        self.results = QStackedWidget()
        self.results.setObjectName("translateResults")
        self.results.addWidget(self.empty_state)
        self.results.addWidget(self.output)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("translateSplitter")
        splitter.addWidget(self.input)
        splitter.addWidget(self.results)
        self._sync_scrolling()

        self.translate_button = QPushButton(self.tr("Translate"))
        self.translate_button.setObjectName("translateButton")
        self.translate_button.setDefault(True)
        self.translate_button.clicked.connect(self.start)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setObjectName("translateStop")
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self.stop)
        self.save_button = QPushButton(self.tr("Save…"))
        self.save_button.setObjectName("translateSave")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self._ask_save)
        self.progress = QProgressBar()
        self.progress.setObjectName("translateProgress")
        self.progress.setAccessibleName(self.tr("Translation progress"))
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat("")
        self.speed = QLabel()
        self.speed.setObjectName("translateSpeed")
        self._status_line("translateStatus")
        bottom = QHBoxLayout()
        bottom.addWidget(self.translate_button)
        bottom.addWidget(self.stop_button)
        bottom.addWidget(self.progress, 1)
        bottom.addStretch(0)  # holds the row's shape while the progress bar is hidden
        bottom.addWidget(self.speed)
        bottom.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        self.coverage = LanguageNotice(self.engine, "translate")  # the model lacks a language: said before starting
        self.coverage.proceed_requested.connect(self.start)
        layout.addWidget(self.coverage)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.status)
        self.progress.hide()  # until a translation starts: not an unexplained empty bar
        self.target_language.setCurrentIndex(max(0, self.target_language.findData("en")))

    def _sync_scrolling(self) -> None:
        """Scrolling one side scrolls the other to the same proportion of its length."""
        bars = (self.input.verticalScrollBar(), self.output.verticalScrollBar())
        guard = {"busy": False}

        def follow(source: int, target: int) -> None:
            if guard["busy"]:
                return
            guard["busy"] = True
            src, dst = bars[source], bars[target]
            if src.maximum() > 0:
                dst.setValue(round(src.value() / src.maximum() * dst.maximum()))
            guard["busy"] = False

        bars[0].valueChanged.connect(lambda _v: follow(0, 1))
        bars[1].valueChanged.connect(lambda _v: follow(1, 0))

    # -- input --------------------------------------------------------------

    def glossary(self) -> Glossary:
        try:
            return Glossary.parse(self.glossary_file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            return Glossary()

    def options(self) -> TranslateOptions:
        fmt = self.source_path.suffix.lower() if self.source_path else ".md"
        return TranslateOptions(
            target=self.target_language.currentData(),
            source=self.source_language.currentData(),
            glossary=self.glossary(),
            plain_text=fmt == ".txt",
        )

    def _on_input_changed(self) -> None:
        text = self.input.toPlainText()
        if text.strip():
            code, confidence = detect_language_with_confidence(text)
            self.detected.setText(self.tr("Detected: {0} ({1:.0%})").format(shown_language_name(code), confidence))
        else:
            self.detected.setText("")
        if self.live.isChecked():
            self._live_timer.start()

    def open_file(self, path: Path) -> bool:
        try:
            text = read_text(path, TRANSLATABLE, _refusal)
        except UserFacingError as exc:
            self._show_status(shown(exc.message), error=True)
            return False
        self.source_path = path
        self.input.setPlainText(text)
        self.input.setReadOnly(path.suffix.lower() == ".docx")  # a Word file is translated from the file itself
        self._show_status(self.tr("Opened {0}.").format(path.name))
        return True

    def load_example(self) -> None:
        """A short example in the interface's language, to be translated into the other one."""
        self.source_path = None
        self.input.setReadOnly(False)
        self.input.setPlainText(
            self.tr(
                "## Getting started\n\n"
                "Quill runs language models on your own computer. Nothing you write is sent anywhere.\n\n"
                "- Open a document or paste some text.\n"
                "- Choose what you want: a summary, a translation or a better draft.\n"
                "- Review the result before you keep it."
            )
        )
        code, _confidence = detect_language_with_confidence(self.input.toPlainText())
        other = "en" if code.startswith("zh") else "zh"
        self.target_language.setCurrentIndex(max(0, self.target_language.findData(other)))
        self.input.setFocus()

    def swap(self) -> None:
        """Swap the languages; the translation becomes the new source. Said, never silent."""
        source = self.source_language.currentData()
        if source == "auto":
            source = detect_language_with_confidence(self.input.toPlainText())[0]
        target = self.target_language.currentData()
        self.source_language.setCurrentIndex(max(0, self.source_language.findData(target)))
        self.target_language.setCurrentIndex(max(0, self.target_language.findData(source)))
        if self._translation.strip() and not self.busy:
            self.source_path = None
            self.input.setReadOnly(False)
            self.input.setPlainText(self._translation)
            self.output.clear()
            self.results.setCurrentWidget(self.empty_state)
            self._translation = ""

    # -- running ------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self.runner.busy

    def start(self) -> None:
        text = self.input.toPlainText()
        if not text.strip():
            self._show_status(self.tr("There is nothing to translate yet."), error=True)
            return
        options, cache, path = self.options(), self.cache, self.source_path
        source = options.source if options.source != "auto" else detect_language(text)
        if not self.coverage.allows([source, options.target]):
            return
        suffix = path.suffix.lower() if path else ".md"
        self._translation = ""
        self._notices = []
        self.output.clear()
        self.results.setCurrentWidget(self.output)
        self._show_status("")
        self.progress.show()
        self.progress.setRange(0, 0)
        self._started = time.monotonic()
        if suffix == ".docx" and path is not None:
            preview = self._docx_preview
            task = lambda backend, cancel: translate_docx(backend, path, preview, options, cancel, cache)  # noqa: E731
        elif suffix in (".html", ".htm"):
            task = lambda backend, cancel: translate_html(backend, text, options, cancel, cache)  # noqa: E731
        else:
            task = lambda backend, cancel: translate(backend, text, options, cancel, cache)  # noqa: E731
        self.runner.run(task)
        self.job.start(self.tr("Translation", "a long job"))
        self._set_busy(True)

    def stop(self) -> None:
        self.runner.stop()

    def _set_busy(self, busy: bool) -> None:
        self.translate_button.setEnabled(not busy)
        self.stop_button.setEnabled(busy)
        self.save_button.setEnabled(not busy and bool(self._translation))

    def _on_text(self, delta: TextDelta) -> None:
        self._translation += delta.text
        bar = self.output.verticalScrollBar()
        at_end = bar.value() >= bar.maximum() - 4
        self.output.setPlainText(self._translation)
        if at_end:
            bar.setValue(bar.maximum())
        elapsed = time.monotonic() - self._started
        words = count_words(self._translation)
        if elapsed > 0.5:
            self.speed.setText(self.tr("{0:.1f} words/s").format(words / elapsed))

    def _on_progress(self, progress: Progress) -> None:
        self.progress.setRange(0, max(progress.total, 1))
        self.progress.setValue(progress.done)
        self.progress.setFormat(
            self.tr("Part {0} of {1}").format(min(progress.done + 1, progress.total), progress.total)
        )
        self.job.progress(progress.done, progress.total)

    def _on_planned(self, plan: TranslationPlanned) -> None:
        if self.source_language.currentData() == "auto":
            self.detected.setText(self.tr("Detected: {0}").format(plan.source))

    def _on_notice(self, notice: Notice) -> None:
        self._notices.append(shown(notice.text))
        self._show_status(
            "⚠ "
            + "\n⚠ ".join(self._notices[-6:])
            + (self.tr("\n({0} notes in all)").format(len(self._notices)) if len(self._notices) > 6 else "")
        )

    def _on_finished(self, finished: Finished) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(1 if finished.reason != "cancelled" else 0)
        # The result says it is done; a stop stays said.
        self.progress.setFormat(self.tr("Stopped"))
        self.progress.setVisible(finished.reason == "cancelled")
        self._set_busy(False)
        if finished.reason == "cancelled":
            self.job.end(CANCELLED, "")
        else:
            self.job.end(OK, self.tr("The translation is ready ({0} words).").format(count_words(self._translation)))
        self.translation_finished.emit(finished)

    def _on_failed(self, failed: Failed) -> None:
        message = error_text(failed.error, self.tr("The translation failed unexpectedly; details are in the log file."))
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.hide()  # the status line says what went wrong
        self._show_status(message, error=True)
        self._set_busy(False)
        self.job.end(FAILED, message)
        self.translation_failed.emit(message)

    # -- saving -------------------------------------------------------------

    @property
    def translation(self) -> str:
        return self._translation

    @property
    def _docx_preview(self) -> Path:
        """Where a Word source's translation is written while translating; Save copies it."""
        import tempfile

        return Path(tempfile.gettempdir()) / f"quill-preview-{id(self)}.docx"

    def save_to(self, path: Path) -> Path:
        """Save in the source's format: a .docx source gives a .docx (from the cache, no new model work)."""
        suffix = self.source_path.suffix.lower() if self.source_path else ""
        if suffix == ".docx" and self.source_path is not None:
            import shutil

            try:
                shutil.copyfile(self._docx_preview, path)
            except OSError as exc:
                raise UserFacingError(f"Could not save to {path}: {exc.strerror or exc}.") from exc
            return path
        return save_text(path, self._translation)

    def _ask_save(self) -> None:
        suffix = self.source_path.suffix.lower() if self.source_path else ".md"
        stem = self.source_path.stem if self.source_path else "translation"
        suggested = Path.home() / f"{stem}.{self.target_language.currentData()}{suffix}"
        self._save_dialog(self.tr("Save translation"), suggested)  # the source's format: no choice offered

    def _edit_glossary(self) -> None:
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Glossary"))
        layout = QVBoxLayout(dialog)
        layout.addWidget(
            QLabel(self.tr("One entry a line: 'term = translation', or a term alone to keep it as it is."))
        )
        editor = QPlainTextEdit()
        editor.setObjectName("glossaryEditor")
        try:
            editor.setPlainText(self.glossary_file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            pass
        layout.addWidget(editor)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        layout.addWidget(buttons)
        if dialog.exec():
            self.set_glossary(editor.toPlainText())

    def set_glossary(self, text: str) -> None:
        try:
            self.glossary_file.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(self.glossary_file, text.rstrip() + "\n")
        except OSError as exc:
            self._show_status(f"Could not save the glossary: {exc.strerror or exc}.", error=True)
