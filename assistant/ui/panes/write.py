"""The Write pane: an editor with writing tools, and every change reviewed before it is accepted.

A tool works on the selection, or on the whole text when nothing is selected
(Continue works at the cursor). Its result is a proposal: shown as a
word-level diff against the original, with Accept and Reject, and with the
other versions when alternatives were asked for. While a proposal is open the
editor is read-only, so what the proposal replaces cannot move under it. An
accepted change is one edit block: Ctrl+Z takes it back in one step, and the
undo history spans all accepted changes and typing.

The text is autosaved to Quill's data folder shortly after each edit and when
the window closes, and restored the next time, so a crash loses at most the
last second or two of typing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPalette, QTextCursor, QTextDocument, QTextFormat
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from assistant.core.backends.base import Backend
from assistant.core.cancel import CancelToken
from assistant.core.documents.formats import primary
from assistant.core.documents.markdown import to_html
from assistant.core.errors import UserFacingError
from assistant.core.stores.drafts import FORMATS, Draft, DraftStore, open_text, save_as
from assistant.core.tasks.diff import DiffOp, diff_stats
from assistant.core.tasks.proposal import CONTEXT_CHARS, Proposal
from assistant.core.tasks.write import ANALYSES, TONES, WriteOptions, write
from assistant.core.text import count_words
from assistant.core.types import Event, Failed, Finished, Notice, TextDelta, TokensCounted, VersionStarted
from assistant.ui.errors import error_text
from assistant.ui.i18n import shown
from assistant.ui.panes.document_pane import DocumentPane
from assistant.ui.task_runner import TaskRunner
from assistant.ui.widgets.diff_view import DiffView
from assistant.ui.widgets.empty_state import EmptyState
from assistant.ui.worker import EngineClient, Task

log = logging.getLogger(__name__)

AUTOSAVE_MS = 1200
COUNT_DELAY_MS = 700
PREVIEW_DELAY_MS = 300
DIFF_EVERY_MS = 250  # while a version streams, its diff is redrawn at most this often (a long one takes ~0.2 s)
DEFAULT_VERSIONS = 3


def count_tokens_task(text: str) -> Task:
    """A task that measures ``text`` with the model's own tokenizer (on the engine thread)."""

    def task(backend: Backend, cancel: CancelToken) -> Iterator[Event]:
        yield TokensCounted(backend.count_tokens(text))
        yield Finished("stop")

    return task


class WritePane(DocumentPane):
    """Signals:
    proposal_ready(object): a proposal finished arriving (the Proposal) and waits for review.
    proposal_failed(str): a tool failed or gave nothing, with the sentence shown.
    change_accepted(str): a change was written into the text (the text written).
    change_rejected(): a proposal was dismissed.
    draft_saved(str): the draft was autosaved (its file).
    tokens_counted(int): the text was measured with the model's tokenizer.
    """

    proposal_ready = Signal(object)
    proposal_failed = Signal(str)
    change_accepted = Signal(str)
    change_rejected = Signal()
    draft_saved = Signal(str)
    tokens_counted = Signal(int)

    open_formats = FORMATS

    def __init__(self, engine: EngineClient, drafts: DraftStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("writePane")
        self.engine = engine
        self.drafts = drafts
        self.path: Path | None = None
        self.proposal: Proposal | None = None
        self.runner = TaskRunner(engine, self)
        self.counter = TaskRunner(engine, self)
        self._tokens: int | None = None
        self._streaming = -1  # the version now arriving
        self._autosave = self._timer(AUTOSAVE_MS, self.save_draft)
        self._count_timer = self._timer(COUNT_DELAY_MS, self.request_count)
        self._preview_timer = self._timer(PREVIEW_DELAY_MS, self._update_preview)
        self._diff_timer = self._timer(DIFF_EVERY_MS, self._refresh_diff)
        self._build()
        self.runner.on(VersionStarted, self._on_version_started)
        self.runner.on(TextDelta, self._on_text)
        self.runner.on(Notice, self._on_notice)
        self.runner.on(Finished, self._on_finished)
        self.runner.on(Failed, self._on_failed)
        self.counter.on(TokensCounted, self._on_counted)
        engine.model_loaded.connect(lambda _info: self._count_timer.start())
        self.restore_draft()

    def _timer(self, ms: int, slot: Callable[[], object]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(ms)
        timer.timeout.connect(slot)
        return timer

    # -- building ------------------------------------------------------------------

    def _build(self) -> None:
        self.open_button = QPushButton(self.tr("Open…"))
        self.open_button.setObjectName("writeOpen")
        self.open_button.clicked.connect(self._ask_open)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("writeSave")
        self.save_button.clicked.connect(self._save)
        self.save_as_button = QPushButton(self.tr("Save as…"))
        self.save_as_button.setObjectName("writeSaveAs")
        self.save_as_button.clicked.connect(self._ask_save)
        self.markdown = QCheckBox(self.tr("Markdown"))
        self.markdown.setObjectName("writeMarkdown")
        self.markdown.setChecked(True)
        self.markdown.toggled.connect(self._on_format_changed)
        self.preview_toggle = QCheckBox(self.tr("Preview"))
        self.preview_toggle.setObjectName("writePreviewToggle")
        self.preview_toggle.toggled.connect(self._on_preview_toggled)
        self.counts = QLabel()
        self.counts.setObjectName("writeCounts")
        top = QHBoxLayout()
        for widget in (self.open_button, self.save_button, self.save_as_button, self.markdown, self.preview_toggle):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.counts)

        self.editor = QPlainTextEdit()
        self.editor.setTabChangesFocus(True)  # Tab moves on, so keyboard users are never trapped here
        self.editor.setObjectName("writeEditor")
        self.editor.setAccessibleName(self.tr("Your text"))
        self.editor.setPlaceholderText(
            self.tr("Write or paste here, or open a file (.txt, .md, .docx). Select text to work on a part of it.")
        )
        self.editor.textChanged.connect(self._on_text_changed)
        self.editor.document().modificationChanged.connect(lambda _m: self._update_title())
        self.preview = QTextBrowser()
        self.preview.setObjectName("writePreview")
        self.preview.setAccessibleName(self.tr("Preview"))
        self.preview.hide()
        editors = QSplitter(Qt.Orientation.Vertical)
        editors.addWidget(self.editor)
        editors.addWidget(self.preview)
        self.file_label = QLabel()
        self.file_label.setObjectName("writeFile")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(8, 8, 4, 8)
        left_layout.addLayout(top)
        left_layout.addWidget(editors, 1)
        left_layout.addWidget(self.file_label)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(4, 8, 8, 8)
        right_layout.addWidget(self._build_actions())
        self.review_label = QLabel(self.tr("Changes appear here for review before they touch your text."))
        self.review_label.setObjectName("writeReviewLabel")
        self.review_label.setWordWrap(True)
        right_layout.addWidget(self.review_label)
        self.diff = DiffView()
        self.diff.setObjectName("writeDiff")
        self.diff.setAccessibleName(self.tr("Proposed change"))
        self.empty_state = EmptyState(
            "pen-line",
            self.tr("Choose a tool and press Run"),
            self.tr(
                "It works on the text you select, or on all of it. Drop a file here to open it. "
                "Every change is shown here for review before it touches your text."
            ),
            self.tr("Try an example"),
        )
        self.empty_state.example_requested.connect(self.load_example)
        self.results = QStackedWidget()
        self.results.setObjectName("writeResults")
        self.results.addWidget(self.empty_state)
        self.results.addWidget(self.diff)
        right_layout.addWidget(self.results, 3)
        self.alternatives = QListWidget()
        self.alternatives.setObjectName("writeAlternatives")
        self.alternatives.setAccessibleName(self.tr("Versions"))
        self.alternatives.setMaximumHeight(110)
        self.alternatives.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.alternatives.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.alternatives.currentRowChanged.connect(self.choose)
        self.alternatives.hide()
        right_layout.addWidget(self.alternatives)
        right_layout.addWidget(self._status_line("writeStatus"))
        self.accept_button = QPushButton(self.tr("Accept"))
        self.accept_button.setObjectName("writeAccept")
        self.accept_button.clicked.connect(self.accept)
        self.reject_button = QPushButton(self.tr("Reject"))
        self.reject_button.setObjectName("writeReject")
        self.reject_button.clicked.connect(self.reject)
        review_buttons = QHBoxLayout()
        review_buttons.addStretch(1)
        review_buttons.addWidget(self.reject_button)
        review_buttons.addWidget(self.accept_button)
        right_layout.addLayout(review_buttons)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("writeSplitter")
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([560, 440])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self._update_action_controls()
        self._set_state()
        self._update_counts()

    def _build_actions(self) -> QWidget:
        box = QWidget()
        box.setObjectName("writeActions")
        self.action = QComboBox()
        self.action.setObjectName("writeAction")
        self.action.setAccessibleName(self.tr("Writing tool"))
        for code, label in (
            ("proofread", self.tr("Proofread")),
            ("rewrite", self.tr("Rewrite")),
            ("shorter", self.tr("Make shorter")),
            ("longer", self.tr("Make longer")),
            ("tone", self.tr("Change tone")),
            ("continue", self.tr("Continue writing")),
            ("draft", self.tr("Draft from outline")),
            ("key-points", self.tr("Key points")),
            ("keywords", self.tr("Keywords and topics")),
            ("analyze-tone", self.tr("Tone and sentiment")),
            ("custom", self.tr("Custom instruction")),
        ):
            self.action.addItem(label, code)
        self.action.currentIndexChanged.connect(self._update_action_controls)
        self.tone = QComboBox()
        self.tone.setObjectName("writeTone")
        self.tone.setAccessibleName(self.tr("Tone"))
        tone_labels = {
            "formal": self.tr("Formal"),
            "friendly": self.tr("Friendly"),
            "concise": self.tr("Concise"),
            "confident": self.tr("Confident"),
        }
        for code in TONES:
            self.tone.addItem(tone_labels[code], code)
        self.kind = QComboBox()
        self.kind.setObjectName("writeKind")
        self.kind.setAccessibleName(self.tr("What to draft"))
        for code, label in (
            ("email", self.tr("Email")),
            ("report", self.tr("Report")),
            ("article", self.tr("Article")),
            ("story", self.tr("Story")),
        ):
            self.kind.addItem(label, code)
        self.instruction = QLineEdit()
        self.instruction.setObjectName("writeInstruction")
        self.instruction.setAccessibleName(self.tr("Instruction"))
        self.instruction.returnPressed.connect(lambda: self.run())
        self.run_button = QPushButton(self.tr("Run"))
        self.run_button.setObjectName("writeRun")
        self.run_button.setDefault(True)
        self.run_button.setToolTip(self.tr("Run the tool on the selection, or on the whole text (Ctrl+Return)"))
        self.run_button.setShortcut("Ctrl+Return")
        self.run_button.clicked.connect(lambda: self.run())
        self.versions = QSpinBox()
        self.versions.setObjectName("writeVersions")
        self.versions.setAccessibleName(self.tr("Number of versions"))
        self.versions.setRange(2, 5)
        self.versions.setValue(DEFAULT_VERSIONS)
        self.alternatives_button = QPushButton(self.tr("Alternatives"))
        self.alternatives_button.setObjectName("writeAlternativesButton")
        self.alternatives_button.setToolTip(self.tr("Ask for several different versions and pick one"))
        self.alternatives_button.clicked.connect(lambda: self.run(self.versions.value()))
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setObjectName("writeStop")
        self.stop_button.clicked.connect(self.stop)

        row1 = QHBoxLayout()
        row1.addWidget(self.action, 1)
        row1.addWidget(self.tone)
        row1.addWidget(self.kind)
        row2 = QHBoxLayout()
        row2.addWidget(self.run_button)
        row2.addWidget(self.alternatives_button)
        row2.addWidget(self.versions)
        row2.addStretch(1)
        row2.addWidget(self.stop_button)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row1)
        layout.addWidget(self.instruction)
        layout.addLayout(row2)
        return box

    # -- the tools -----------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self.runner.busy

    def options(self) -> WriteOptions:
        action = self.action.currentData()
        return WriteOptions(
            action=action,
            tone=self.tone.currentData(),
            kind=self.kind.currentData(),
            instruction=self.instruction.text().strip(),
            markdown=self.markdown.isChecked(),
        )

    def _update_action_controls(self) -> None:
        action = self.action.currentData()
        self.tone.setVisible(action == "tone")
        self.kind.setVisible(action == "draft")
        self.instruction.setVisible(action in ("custom", "draft"))
        self.instruction.setPlaceholderText(
            self.tr("What should be done with the text? (e.g. Turn it into a list of steps)")
            if action == "custom"
            else self.tr("Optional: what the draft should say, to whom, how long")
        )
        self._set_state()

    def _target(self, action: str) -> Proposal:
        """Where the tool works: the selection, else the whole text; Continue works at the cursor."""
        cursor = self.editor.textCursor()
        document = self.editor.document()
        whole = QTextCursor(document)
        whole.select(QTextCursor.SelectionType.Document)
        if action == "continue":
            position = cursor.selectionEnd() if cursor.hasSelection() else cursor.position()
            return Proposal(action, position, position, "", before=_text_between(document, 0, position), insert=True)
        if cursor.hasSelection():
            start, end = cursor.selectionStart(), cursor.selectionEnd()
        else:
            start, end = 0, whole.selectionEnd()
        original = _text_between(document, start, end)
        if action in ANALYSES:
            return Proposal(action, end, end, original, before=_text_between(document, 0, end), insert=True)
        return Proposal(action, start, end, original)

    def run(self, versions: int = 1) -> None:
        """Run the chosen tool; its result (``versions`` of them) waits for review."""
        if self.busy or self.proposal is not None:
            return
        options = self.options()
        proposal = self._target(options.action)
        source = proposal.before if options.action == "continue" else proposal.original
        if options.action == "continue":
            after = _text_between(self.editor.document(), proposal.start, self._end_position())
            options = replace(options, after=after[:1500])
        if not source.strip() and options.action != "draft":
            self._show_status(
                self.tr("There is no text to work on yet: write something or select some text."), error=True
            )
            return
        if options.action == "custom" and not options.instruction:
            self._show_status(self.tr("Write an instruction first."), error=True)
            self.instruction.setFocus()
            return
        n = versions if options.action not in ANALYSES else 1
        self.proposal = proposal
        self._streaming = -1
        self.alternatives.clear()
        self.alternatives.setVisible(n > 1)
        self.diff.show_ops([])
        self._show_status(self.tr("Writing…"))
        self.review_label.setText(self.tr("Proposed change (green: added, red: removed):"))
        self.runner.run(lambda backend, cancel: write(backend, source, options, cancel, n))
        self._mark_target(proposal)
        self._set_state()

    def stop(self) -> None:
        self.runner.stop()

    def _on_version_started(self, started: VersionStarted) -> None:
        proposal = self.proposal
        if proposal is None:
            return
        self._streaming = started.index
        proposal.versions.append("")
        item = QListWidgetItem(self.tr("Version {0}").format(started.index + 1))
        self.alternatives.addItem(item)
        if started.index == 0:
            self.alternatives.setCurrentRow(0)

    def _on_text(self, delta: TextDelta) -> None:
        proposal = self.proposal
        if proposal is None or self._streaming < 0:
            return
        proposal.versions[self._streaming] += delta.text
        preview = " ".join(proposal.versions[self._streaming].split())
        self.alternatives.item(self._streaming).setText(
            self.tr("Version {0}: {1}").format(self._streaming + 1, preview[:90])
        )
        if proposal.chosen == self._streaming and not self._diff_timer.isActive():
            self._diff_timer.start()

    def _refresh_diff(self) -> None:
        """Show the chosen version's diff; one that has not started yet shows the original unmarked
        (not as all deleted)."""
        proposal = self.proposal
        if proposal is None or not proposal.versions:
            return
        if self.busy and not proposal.versions[proposal.chosen].strip():
            self.diff.show_ops([DiffOp("equal", proposal.original or proposal.before[-CONTEXT_CHARS:])])
        else:
            self.diff.show_ops(proposal.diff())

    def _on_notice(self, notice: Notice) -> None:
        if self.proposal is not None:
            self.proposal.notes.append(shown(notice.text))
            self._show_status("⚠ " + "\n⚠ ".join(self.proposal.notes[-4:]), error=True)

    def _on_finished(self, finished: Finished) -> None:
        proposal = self.proposal
        self._streaming = -1
        self._diff_timer.stop()
        if proposal is None:
            return
        kept = [v for v in proposal.versions if v.strip()]
        if not kept:
            message = (
                self.tr("Stopped.")
                if finished.reason == "cancelled"
                else self.tr("The model gave no text back; try again, or try another model.")
            )
            self._end_proposal()
            self._show_status(message, error=finished.reason != "cancelled")
            self.proposal_failed.emit(message)
            return
        if len(kept) != len(proposal.versions):  # an empty version (stopped) is not offered
            chosen_text = proposal.versions[proposal.chosen] if proposal.chosen < len(proposal.versions) else ""
            proposal.versions = kept
            self.alternatives.clear()
            for number, version in enumerate(kept, 1):
                self.alternatives.addItem(self.tr("Version {0}: {1}").format(number, " ".join(version.split())[:90]))
            proposal.chosen = kept.index(chosen_text) if chosen_text in kept else 0
            self.alternatives.setCurrentRow(proposal.chosen)
        self.diff.show_ops(proposal.diff())
        stats = diff_stats(proposal.diff())
        summary = self.tr("{0} words added, {1} removed.").format(stats.inserted_words, stats.deleted_words)
        if finished.reason == "cancelled":
            summary = self.tr("Stopped; you can still accept what was written.") + " " + summary
        notes = ("\n⚠ " + "\n⚠ ".join(proposal.notes[-4:])) if proposal.notes else ""
        self._show_status(summary + notes, error=bool(proposal.notes))
        self._set_state()
        self.proposal_ready.emit(proposal)

    def _on_failed(self, failed: Failed) -> None:
        message = error_text(
            failed.error, self.tr("The writing tool failed unexpectedly; details are in the log file.")
        )
        self._end_proposal()
        self._show_status(message, error=True)
        self.proposal_failed.emit(message)

    # -- review --------------------------------------------------------------------

    def choose(self, index: int) -> None:
        """Show version ``index`` of the proposal (Accept will write that one)."""
        proposal = self.proposal
        if proposal is None or not 0 <= index < len(proposal.versions):
            return
        proposal.chosen = index
        if self.alternatives.currentRow() != index:
            self.alternatives.setCurrentRow(index)
        self._refresh_diff()

    def accept(self) -> None:
        """Write the chosen version into the text as one undo step."""
        proposal = self.proposal
        if proposal is None or self.busy or not proposal.versions:
            return
        replacement = proposal.replacement()
        cursor = QTextCursor(self.editor.document())
        cursor.setPosition(proposal.start)
        cursor.setPosition(proposal.end, QTextCursor.MoveMode.KeepAnchor)
        cursor.beginEditBlock()
        cursor.insertText(replacement)
        cursor.endEditBlock()
        self._end_proposal()
        self.editor.setTextCursor(cursor)
        self._show_status(self.tr("Change accepted (Ctrl+Z undoes it)."))
        self.change_accepted.emit(replacement)

    def reject(self) -> None:
        if self.proposal is None:
            return
        self.stop()
        self._end_proposal()
        self._show_status(self.tr("Change rejected; your text is as it was."))
        self.change_rejected.emit()

    def _mark_target(self, proposal: Proposal | None) -> None:
        """Shade the text the proposal would replace (or the line it would be inserted after)."""
        if proposal is None:
            self.editor.setExtraSelections([])
            return
        selection = QTextEdit.ExtraSelection()
        dark = self.editor.palette().color(QPalette.ColorRole.Base).lightness() < 128
        selection.format.setBackground(QColor("#3a3f4b" if dark else "#fff3c4"))
        cursor = QTextCursor(self.editor.document())
        cursor.setPosition(proposal.start)
        if proposal.start == proposal.end:
            selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        else:
            cursor.setPosition(proposal.end, QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        self.editor.setExtraSelections([selection])

    def _end_proposal(self) -> None:
        self._diff_timer.stop()
        self._mark_target(None)
        self.proposal = None
        self._streaming = -1
        self.alternatives.clear()
        self.alternatives.hide()
        self.diff.show_ops([])
        self.review_label.setText(self.tr("Changes appear here for review before they touch your text."))
        self._set_state()

    def load_example(self) -> None:
        """An example draft with a few mistakes to try the tools on; only into an empty editor."""
        if self.text.strip() or self.proposal is not None:
            self._show_status(self.tr("The example goes into an empty editor; your text is left as it is."))
            return
        self.editor.setPlainText(
            self.tr(
                "Hi Sam,\n\n"
                "thanks for you're message. I have looked at the report and I think its mostly ready, "
                "but the numbers in the second table dont match the summary. Could we meet on thursday "
                "to go trough it together?\n\n"
                "Best,\nAlex"
            )
        )
        self.action.setCurrentIndex(max(0, self.action.findData("proofread")))
        self.run_button.setFocus()

    def _set_state(self) -> None:
        reviewing = self.proposal is not None
        busy = self.busy
        self.results.setCurrentWidget(self.diff if reviewing else self.empty_state)
        self.review_label.setVisible(reviewing)
        self.empty_state.example_button.setVisible(not self.text.strip())
        self.editor.setReadOnly(reviewing)
        self.run_button.setEnabled(not reviewing)
        self.alternatives_button.setEnabled(not reviewing and self.action.currentData() not in ANALYSES)
        self.stop_button.setEnabled(busy)
        self.accept_button.setEnabled(reviewing and not busy and bool(self.proposal and self.proposal.versions))
        self.reject_button.setEnabled(reviewing)
        for widget in (self.open_button, self.action, self.markdown):
            widget.setEnabled(not reviewing)

    # -- text, counts and preview ---------------------------------------------------

    @property
    def text(self) -> str:
        return self.editor.toPlainText()

    def _end_position(self) -> int:
        cursor = QTextCursor(self.editor.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        return cursor.position()

    def _on_text_changed(self) -> None:
        self._tokens = None
        self._update_counts()
        self.empty_state.example_button.setVisible(not self.text.strip())
        self._autosave.start()
        self._count_timer.start()
        if self.preview.isVisible():
            self._preview_timer.start()

    def _update_counts(self) -> None:
        words = count_words(self.text)
        if self._tokens is None:
            self.counts.setText(self.tr("{0} words").format(words))
        else:
            self.counts.setText(self.tr("{0} words, {1} tokens").format(words, self._tokens))

    def request_count(self) -> None:
        """Count tokens with the loaded model (queued on the engine thread, never while a tool runs)."""
        if self.engine.model_info is None:
            return
        if self.busy:
            self._count_timer.start()
            return
        self.counter.run(count_tokens_task(self.text))

    def _on_counted(self, counted: TokensCounted) -> None:
        self._tokens = counted.tokens
        self._update_counts()
        self.tokens_counted.emit(self._tokens)

    def _on_format_changed(self, _markdown: bool) -> None:
        self._autosave.start()
        if self.preview.isVisible():
            self._update_preview()

    def _on_preview_toggled(self, shown: bool) -> None:
        self.preview.setVisible(shown)
        if shown:
            self._update_preview()

    def _update_preview(self) -> None:
        if self.markdown.isChecked():
            self.preview.setHtml(to_html(self.text))
        else:
            self.preview.setPlainText(self.text)

    # -- files ---------------------------------------------------------------------

    def open_file(self, path: Path) -> bool:
        """Open a .txt, .md or .docx file into the editor; a problem is one sentence in the status line."""
        if self.proposal is not None:
            return False
        try:
            text, markdown = open_text(path)
        except UserFacingError as exc:
            self._show_status(shown(exc.message), error=True)
            return False
        self.path = path
        self.markdown.setChecked(markdown)
        self.editor.setPlainText(text)
        self.editor.document().setModified(False)
        self._update_title()
        self._show_status(self.tr("Opened {0}.").format(path.name))
        self.save_draft()
        return True

    def save_to(self, path: Path) -> Path:
        """Save the text to ``path`` in the format its name asks for (.txt, .md, .docx)."""
        saved = save_as(path, self.text, self.markdown.isChecked())
        self.path = path
        self.editor.document().setModified(False)
        self._update_title()
        self.save_draft()
        return saved

    def _save(self) -> None:
        if self.path is None:
            self._ask_save()
            return
        self._save_reporting(self.path)

    def _ask_save(self) -> None:
        default = self.path or Path.home() / ("draft.md" if self.markdown.isChecked() else "draft.txt")
        self._save_dialog(self.tr("Save draft"), default, primary(FORMATS))

    def _open_title(self) -> str:
        return self.tr("Open a file")

    def _may_replace(self) -> bool:
        """Opening a file replaces the text: never during a review; ask first when the text has changes
        not saved to a file."""
        if self.proposal is not None:
            return False
        if not (self.editor.document().isModified() and self.text.strip()):
            return True
        answer = QMessageBox.question(
            self,
            self.tr("Open a file"),
            self.tr(
                "Your text has changes that are not saved to a file. Open another file anyway? "
                "(The current text is replaced.)"
            ),
        )
        return answer == QMessageBox.StandardButton.Yes

    def _update_title(self) -> None:
        name = self.path.name if self.path else self.tr("Untitled draft")
        changed = self.tr(" (changed)") if self.editor.document().isModified() and self.path else ""
        self.file_label.setText(name + changed)

    # -- autosave ------------------------------------------------------------------

    def save_draft(self) -> None:
        """Write the draft to Quill's data folder now (autosave calls this; so does closing the window)."""
        self._autosave.stop()
        draft = Draft(
            self.text,
            self.markdown.isChecked(),
            str(self.path) if self.path else None,
            self.editor.document().isModified(),
        )
        try:
            self.drafts.save(draft)
        except OSError as exc:
            log.warning("could not autosave the draft: %s", exc)
            self._show_status(self.tr("Could not autosave the draft: {0}").format(exc.strerror or str(exc)), error=True)
            return
        self.draft_saved.emit(str(self.drafts.file))

    def restore_draft(self) -> bool:
        """Bring back the last draft (after a restart or a crash)."""
        draft = self.drafts.load()
        if draft is None or not (draft.text or draft.path):
            return False
        self.editor.blockSignals(True)
        self.editor.setPlainText(draft.text)
        self.editor.blockSignals(False)
        self.markdown.blockSignals(True)
        self.markdown.setChecked(draft.markdown)
        self.markdown.blockSignals(False)
        self.path = Path(draft.path) if draft.path else None
        self.editor.document().setModified(draft.modified)
        self._update_title()
        self._update_counts()
        self.empty_state.example_button.setVisible(not draft.text.strip())
        if draft.text.strip():
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(draft.saved_at)) if draft.saved_at else ""
            self._show_status(self.tr("Restored your draft from {0}.").format(when))
        return True


def _text_between(document: QTextDocument, start: int, end: int) -> str:
    """Plain text between two Qt positions (Qt counts UTF-16 units; Python strings do not)."""
    cursor = QTextCursor(document)
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    return cursor.selection().toPlainText()
