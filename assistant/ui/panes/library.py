"""The Library pane: collections of the user's files and folders, indexed in the background, searched here.

Adding (buttons or a drop) records the files in the library store and starts the
indexer on the engine at BACKGROUND priority, so a chat reply always goes first.
Progress is determinate (files, chunks, time left). Pause stops the indexer and
Resume runs it again: it carries on where it stopped. What went wrong with single
files is listed one line each; indexing goes on. Search shows each hit's title,
location and a snippet with the matched words marked; a click shows the passage
in its document in the side panel.
"""

from __future__ import annotations

import html
import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assistant.core.documents.formats import glob_patterns
from assistant.core.documents.readers import SUPPORTED
from assistant.core.engine.jobs import Priority
from assistant.core.errors import UserFacingError
from assistant.core.library.indexer import IndexProblem, IndexProgress, index_task, open_embedder
from assistant.core.library.search import search
from assistant.core.library.store import Collection, LibraryStore, Passage
from assistant.core.types import Failed, Finished, Notice
from assistant.ui.background import Background
from assistant.ui.errors import error_text
from assistant.ui.i18n import shown
from assistant.ui.library_watch import FolderWatch
from assistant.ui.panes.document_pane import ERROR_STYLE
from assistant.ui.task_runner import TaskRunner
from assistant.ui.widgets.citations import PassagePanel, search_terms, short_location, snippet
from assistant.ui.widgets.safe_browser import SafeBrowser
from assistant.ui.worker import EngineClient

log = logging.getLogger(__name__)

PASSAGE_SCHEME = "quill-passage"
SEARCH_DELAY_MS = 300
REFRESH_SECONDS = 0.5  # the collections' counts follow indexing at most this often
DEFAULT_COLLECTION = "Documents"

EmbedderPath = Callable[[], Path | None]  # the embedding model the settings choose (None: keywords only)


class LibraryPane(QWidget):
    """Signals:
    indexing_finished(object): the indexer ended (its Finished event; reason "cancelled" after Pause or Cancel).
    indexing_failed(str): it failed, with the sentence shown.
    progress_changed(object): an IndexProgress was shown.
    searched(object): results are shown (the list of Passages).
    collections_changed(): collections were added, removed or changed.
    """

    indexing_finished = Signal(object)
    indexing_failed = Signal(str)
    progress_changed = Signal(object)
    searched = Signal(object)
    collections_changed = Signal()

    def __init__(
        self,
        engine: EngineClient,
        store_path: Path,
        embedder_path: EmbedderPath = lambda: None,
        parent: QWidget | None = None,
        *,
        language: str = "en",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("libraryPane")
        self.setAcceptDrops(True)
        self.engine = engine
        self.store_path = store_path
        self._embedder_path = embedder_path
        self._language = "zh" if language.startswith("zh") else "en"  # the core words problems in either
        self.store = LibraryStore(store_path)
        self.runner = TaskRunner(engine, self, Priority.BACKGROUND)  # a chat reply goes first
        self.background = Background(self)
        self.state = "idle"  # "indexing", "paused" or "idle"
        self._stopping_as = ""  # what a stop requested now means: "paused" or "cancelled"
        self.results: list[Passage] = []
        self._search_serial = 0
        self._last_refresh = 0.0
        self._chunks_shown = 0  # chunks in the library at the last refresh
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.run_search)
        self._build()
        self.runner.on(IndexProgress, self._on_progress)
        self.runner.on(IndexProblem, self._on_problem)
        self.runner.on(Notice, self._on_notice)
        self.runner.on(Finished, self._on_finished)
        self.runner.on(Failed, self._on_failed)
        self.folder_watch = FolderWatch(self)  # watched folders: a change on disk starts a pass
        self.folder_watch.changed.connect(self._on_folders_changed)
        self.collections_changed.connect(self._watch_folders)
        self.refresh()
        self._watch_folders()

    # -- layout -------------------------------------------------------------

    def _build(self) -> None:
        self.add_folder_button = QPushButton(self.tr("Add folder…"))
        self.add_folder_button.setObjectName("libraryAddFolder")
        self.add_folder_button.setToolTip(self.tr("Add a folder as a collection of its own"))
        self.add_folder_button.setAccessibleName(self.tr("Add folder"))
        self.add_folder_button.clicked.connect(self._ask_folder)
        self.add_files_button = QPushButton(self.tr("Add files…"))
        self.add_files_button.setObjectName("libraryAddFiles")
        self.add_files_button.setToolTip(self.tr("Add files to the selected collection"))
        self.add_files_button.setAccessibleName(self.tr("Add files"))
        self.add_files_button.clicked.connect(self._ask_files)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setObjectName("libraryRemove")
        self.remove_button.setToolTip(self.tr("Remove the selected collection from the library (the files stay)"))
        self.remove_button.setAccessibleName(self.tr("Remove collection"))
        self.remove_button.clicked.connect(self._ask_remove)
        self.watch_box = QCheckBox(self.tr("Watch this folder"))
        self.watch_box.setObjectName("libraryWatch")
        self.watch_box.setToolTip(self.tr("Index changed, added and removed files again when Quill starts"))
        self.watch_box.setAccessibleName(self.tr("Watch this folder"))
        self.watch_box.toggled.connect(self._on_watch_toggled)

        self.collections = QTreeWidget()
        self.collections.setObjectName("libraryCollections")
        self.collections.setAccessibleName(self.tr("Collections"))
        self.collections.setRootIsDecorated(False)
        self.collections.setUniformRowHeights(True)
        self.collections.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.collections.setHeaderLabels(
            [self.tr("Collection"), self.tr("Documents"), self.tr("Chunks"), self.tr("Search")]
        )
        header = self.collections.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.collections.currentItemChanged.connect(lambda *_: self._update_controls())
        self.empty_label = QLabel(
            "<h3>"
            + self.tr("Drop files or folders here")
            + "</h3><p>"
            + self.tr(
                "Or use the buttons above. Quill reads .txt, .md, .html, .pdf and .docx files, keeps its index on "
                "this computer, and answers questions in Chat with the passages it used."
            )
            + "</p>"
        )
        self.empty_label.setObjectName("libraryEmpty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setMargin(24)
        self.empty_label.setStyleSheet("QLabel#libraryEmpty { border: 2px dashed palette(mid); border-radius: 8px; }")
        self.mode_label = QLabel()
        self.mode_label.setObjectName("libraryMode")
        self.mode_label.setWordWrap(True)
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.empty_label)
        self.list_stack.addWidget(self.collections)

        self.progress = QProgressBar()
        self.progress.setObjectName("libraryProgress")
        self.progress.setAccessibleName(self.tr("Indexing progress"))
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setTextVisible(True)
        self.progress.setFormat("")
        self.pause_button = QPushButton(self.tr("Pause"))
        self.pause_button.setObjectName("libraryPause")
        self.pause_button.setAccessibleName(self.tr("Pause indexing"))
        self.pause_button.clicked.connect(self._on_pause_clicked)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("libraryCancel")
        self.cancel_button.setAccessibleName(self.tr("Cancel indexing"))
        self.cancel_button.setToolTip(self.tr("Stop indexing; what is indexed so far is kept"))
        self.cancel_button.clicked.connect(self.cancel)
        self.status = QLabel()
        self.status.setObjectName("libraryStatus")
        self.status.setWordWrap(True)
        self.problems_label = QLabel(self.tr("Problems"))
        self.problems = QListWidget()
        self.problems.setObjectName("libraryProblems")
        self.problems.setAccessibleName(self.tr("Problems while indexing"))
        self.problems.setWordWrap(True)
        self.problems_label.setBuddy(self.problems)
        self.problems_label.hide()  # shown with the first problem
        self.problems.hide()

        self.search_box = QLineEdit()
        self.search_box.setObjectName("librarySearch")
        self.search_box.setPlaceholderText(self.tr("Search the library"))
        self.search_box.setAccessibleName(self.tr("Search the library"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.textChanged.connect(lambda _text: self._search_timer.start())
        self.search_box.returnPressed.connect(self.run_search)
        self.results_view = SafeBrowser(internal_schemes=(PASSAGE_SCHEME,))
        self.results_view.setObjectName("libraryResults")
        self.results_view.setAccessibleName(self.tr("Search results"))
        self.results_view.internal_link.connect(self._on_result_link)
        self.results_view.setPlaceholderText(self.tr("Results appear here; click one to see it in its document."))
        self.passage_panel = PassagePanel()
        self.passage_panel.hide()

        top = QHBoxLayout()
        top.addWidget(self.add_folder_button)
        top.addWidget(self.add_files_button)
        top.addWidget(self.remove_button)
        top.addWidget(self.watch_box)
        top.addStretch(1)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(8, 8, 4, 8)
        left_layout.addLayout(top)
        left_layout.addWidget(self.list_stack, 3)
        left_layout.addWidget(self.mode_label)
        self.progress_row = QWidget()  # hidden while the library is empty and nothing runs
        progress_row = QHBoxLayout(self.progress_row)
        progress_row.setContentsMargins(0, 0, 0, 0)
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.pause_button)
        progress_row.addWidget(self.cancel_button)
        left_layout.addWidget(self.progress_row)
        left_layout.addWidget(self.status)
        left_layout.addWidget(self.problems_label)
        left_layout.addWidget(self.problems, 1)

        right = QSplitter(Qt.Orientation.Vertical)
        right.setChildrenCollapsible(False)
        search_area = QWidget()
        search_layout = QVBoxLayout(search_area)
        search_layout.setContentsMargins(4, 8, 8, 4)
        search_layout.addWidget(self.search_box)
        search_layout.addWidget(self.results_view, 1)
        right.addWidget(search_area)
        right.addWidget(self.passage_panel)
        right.setStretchFactor(0, 1)
        right.setStretchFactor(1, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([480, 500])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    # -- collections ----------------------------------------------------------

    def refresh(self) -> None:
        """Show the collections as the store has them now (counts grow while indexing)."""
        selected = self.selected_collection()
        self.collections.blockSignals(True)
        self.collections.clear()
        collections = self.store.collections()
        self._chunks_shown = sum(c.chunks for c in collections)
        for collection in collections:
            item = QTreeWidgetItem(
                [collection.name, str(collection.documents), str(collection.chunks), self._search_kind(collection)]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, collection.name)
            item.setToolTip(0, "\n".join(str(root) for root in collection.roots))
            for column in (1, 2):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.collections.addTopLevelItem(item)
            if collection.name == selected:
                self.collections.setCurrentItem(item)
        self.collections.blockSignals(False)
        first = self.collections.topLevelItem(0)
        if self.collections.currentItem() is None and first is not None:
            self.collections.setCurrentItem(first)
        self.list_stack.setCurrentIndex(1 if self.collections.topLevelItemCount() else 0)
        self.mode_label.setText(
            self.tr("Search uses keywords and meaning ({0}).").format(embedder.stem)
            if (embedder := self._embedder_path()) is not None
            else self.tr("No embedding model is chosen: search uses keywords only (Settings → Library).")
        )
        self._update_controls()

    def _search_kind(self, collection: Collection) -> str:
        if collection.chunks and collection.embedded_chunks >= collection.chunks:
            return self.tr("Embedded")
        if collection.embedded_chunks:
            return self.tr("Embedded {0} of {1}").format(collection.embedded_chunks, collection.chunks)
        return self.tr("Keywords only")

    def selected_collection(self) -> str | None:
        item = self.collections.currentItem()
        return str(item.data(0, Qt.ItemDataRole.UserRole)) if item is not None else None

    def select_collection(self, name: str) -> None:
        for i in range(self.collections.topLevelItemCount()):
            item = self.collections.topLevelItem(i)
            if item is not None and item.data(0, Qt.ItemDataRole.UserRole) == name:
                self.collections.setCurrentItem(item)

    def _update_controls(self) -> None:
        name = self.selected_collection()
        collection = self.store.collection(name) if name else None
        self.remove_button.setEnabled(collection is not None)
        has_folder = collection is not None and any(root.is_dir() for root in collection.roots)
        self.watch_box.blockSignals(True)
        self.watch_box.setChecked(bool(collection and collection.watch))
        self.watch_box.blockSignals(False)
        self.watch_box.setEnabled(has_folder)
        indexing = self.state == "indexing"
        self.pause_button.setEnabled(indexing or self.state == "paused")
        self.pause_button.setText(self.tr("Resume") if self.state == "paused" else self.tr("Pause"))
        self.pause_button.setAccessibleName(
            self.tr("Resume indexing") if self.state == "paused" else self.tr("Pause indexing")
        )
        self.cancel_button.setEnabled(indexing or self.state == "paused")
        self.progress_row.setVisible(self.state != "idle" or self.collections.topLevelItemCount() > 0)

    def add_paths(self, paths: Sequence[Path], collection: str | None = None, *, watch: bool = False) -> str | None:
        """Add files and folders and start indexing; returns the collection they went to (None if nothing).

        Each folder becomes a collection named after it (unless ``collection`` is given); files go to
        ``collection``, else the collection of a folder added with them, else the selected one, else "Documents".
        """
        paths = [Path(p) for p in paths]
        folders = [p for p in paths if p.is_dir()]
        files = [p for p in paths if p.is_file()]
        missing = [p for p in paths if not p.exists()]
        for path in missing:
            self._add_problem(self.tr("{0}: not found").format(str(path)))
        target: str | None = None
        try:
            for folder in folders:
                name = collection or self._collection_name(folder)
                self.store.add(name, [folder], watch=watch)
                target = name
            if files:
                name = collection or target or self.selected_collection() or DEFAULT_COLLECTION
                self.store.add(name, files, watch=watch)
                target = target or name
        except UserFacingError as exc:
            self._show_status(shown(exc.message), error=True)
        if target is None:
            return None
        self.refresh()
        self.select_collection(target)
        self.collections_changed.emit()
        self.start_indexing()
        return target

    def _collection_name(self, folder: Path) -> str:
        """A folder's collection: its own name, or the collection that already holds it."""
        resolved = folder.resolve()
        for existing in self.store.collections():
            if any(Path(root).resolve() == resolved for root in existing.roots):
                return existing.name
        return folder.name or str(folder)

    def remove_collection(self, name: str) -> None:
        """Forget a collection and its index (the files themselves are not touched)."""
        was_indexing = self.state == "indexing"
        if was_indexing:
            self._stopping_as = "restart"
            self.runner.stop()
        try:
            self.store.remove_collection(name)
        except UserFacingError as exc:
            self._show_status(shown(exc.message), error=True)
        self.refresh()
        self.collections_changed.emit()

    def set_watch(self, name: str, watch: bool) -> None:
        collection = self.store.collection(name)
        if collection is None:
            return
        try:
            self.store.set_watch(name, watch)
        except UserFacingError as exc:
            self._show_status(shown(exc.message), error=True)
        self.refresh()
        self._watch_folders()

    def _on_watch_toggled(self, checked: bool) -> None:
        name = self.selected_collection()
        if name:
            self.set_watch(name, checked)

    def _watch_folders(self) -> None:
        """Watch the folders of the collections marked "Watch this folder" while Quill runs (every
        collection is looked at again at the next start anyway)."""
        self.folder_watch.watch(root for c in self.store.collections() if c.watch for root in c.roots)

    def _on_folders_changed(self) -> None:
        if self.state != "paused":  # a paused library stays paused; Resume covers the change too
            self.start_indexing()

    # -- indexing -------------------------------------------------------------

    def start_indexing(self) -> None:
        """Index whatever is not indexed yet (every collection), in the background; resumes where it stopped."""
        if self.state == "indexing":
            self._stopping_as = "restart"  # the running pass ends and a new one covers what was just added
            self.runner.stop()
            return
        self._run()

    def _run(self) -> None:
        self.state = "indexing"
        self._stopping_as = ""
        self.progress.setRange(0, 0)  # busy until the first progress event says how much there is
        self.progress.setFormat("")
        self._show_status(self.tr("Looking for files…"))
        self.runner.run(index_task(self.store_path, None, self._embedder_path()))
        self._update_controls()

    def pause(self) -> None:
        """Stop now; Resume carries on where it stopped."""
        if self.state != "indexing":
            return
        self._stopping_as = "paused"
        self.runner.stop()

    def resume(self) -> None:
        if self.state == "paused":
            self._run()

    def cancel(self) -> None:
        """Stop indexing; what was indexed is kept (adding files or Resume later picks up the rest)."""
        if self.state == "paused":
            self.state = "idle"
            self._set_progress_done(self.tr("Indexing cancelled. What was indexed so far is kept."))
            self._update_controls()
            return
        if self.state == "indexing":
            self._stopping_as = "cancelled"
            self.runner.stop()

    def _on_pause_clicked(self) -> None:
        if self.state == "paused":
            self.resume()
        else:
            self.pause()

    def _on_progress(self, progress: IndexProgress) -> None:
        embedding = progress.chunks_total > 0 and progress.files_done >= progress.files_total
        total = max(progress.total, 1)  # files while reading, then chunks while embedding
        self.progress.setRange(0, total)
        self.progress.setValue(min(progress.done, total))
        self.progress.setFormat("%p%")
        if progress.chunks_total:
            chunks = self.tr("{0} of {1} chunks").format(progress.chunks_done, progress.chunks_total)
        else:  # reading: the chunks made so far, as the store counts them
            chunks = self.tr("{0} chunks").format(self._chunks_shown)
        parts = [self.tr("{0} of {1} files").format(progress.files_done, progress.files_total), chunks]
        if progress.seconds_left is not None:
            parts.append(self._time_left(progress.seconds_left))
        line = " · ".join(parts)
        if progress.current:
            name = Path(progress.current).name
            line += "\n" + (self.tr("Embedding {0}") if embedding else self.tr("Reading {0}")).format(name)
        self._show_status(line)
        now = time.monotonic()
        if now - self._last_refresh >= REFRESH_SECONDS or progress.files_done == progress.files_total:
            self._last_refresh = now  # counting a big library's chunks at every file would cost the GUI thread
            self.refresh()
        self.progress_changed.emit(progress)

    def _time_left(self, seconds: float) -> str:
        if seconds < 60:
            return self.tr("less than a minute left")
        minutes = round(seconds / 60)
        if minutes < 90:
            return self.tr("about {0} min left").format(minutes)
        return self.tr("about {0} h left").format(round(minutes / 60, 1))

    def _on_problem(self, problem: IndexProblem) -> None:
        self._add_problem(problem.in_language(self._language), str(problem.path))

    def _on_notice(self, notice: Notice) -> None:
        if notice.kind != "info":  # "keywords only" is the Search column's and the mode line's to say
            self._add_problem(shown(notice.text))

    def _add_problem(self, line: str, tip: str = "") -> None:
        self.problems_label.show()
        self.problems.show()
        self.problems.addItem(line)
        item = self.problems.item(self.problems.count() - 1)
        item.setToolTip(tip or line)

    def _on_finished(self, finished: Finished) -> None:
        meaning, self._stopping_as = self._stopping_as, ""
        self.refresh()
        if finished.reason == "cancelled" and meaning == "restart":
            self._run()
            return
        if finished.reason == "cancelled" and meaning == "paused":
            self.state = "paused"
            self.progress.setFormat(self.tr("Paused"))
            self._show_status(self.tr("Paused. Resume carries on where it stopped."))
        elif finished.reason == "cancelled":
            self.state = "idle"
            self._set_progress_done(self.tr("Indexing cancelled. What was indexed so far is kept."))
        else:
            self.state = "idle"
            documents = sum(c.documents for c in self.store.collections())
            chunks = sum(c.chunks for c in self.store.collections())
            self.progress.setRange(0, 1)
            self.progress.setValue(1)
            self.progress.setFormat(self.tr("Done"))
            self._show_status(self.tr("Indexed: {0} documents, {1} chunks.").format(documents, chunks))
        self._update_controls()
        self.indexing_finished.emit(finished)

    def _set_progress_done(self, text: str) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat("")
        self._show_status(text)

    def _on_failed(self, failed: Failed) -> None:
        self.state = "idle"
        self._stopping_as = ""
        message = error_text(failed.error, self.tr("Indexing failed unexpectedly; details are in the log file."))
        self._set_progress_done(message)
        self.status.setStyleSheet(ERROR_STYLE)
        self.refresh()
        self.indexing_failed.emit(message)

    def _show_status(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(ERROR_STYLE if error else "")

    # -- search -----------------------------------------------------------------

    def run_search(self) -> None:
        """Search every collection for the box's text, off the GUI thread; the newest search wins."""
        self._search_timer.stop()
        query = self.search_box.text().strip()
        self._search_serial += 1
        serial = self._search_serial
        if not query:
            self._show_results(serial, query, [])
            return
        store_path, embedder = self.store_path, self._embedder_path()

        def work() -> list[Passage]:
            store = LibraryStore(store_path)  # SQLite connections belong to one thread
            try:
                if embedder is None:
                    return search(store, query, limit=20)
                with open_embedder(embedder) as model:  # loaded once per process, shared with the indexer
                    return search(store, query, embedder=model, limit=20)
            finally:
                store.close()

        self.background.run(
            work,
            lambda found: self._show_results(serial, query, found),
            lambda error: self._search_failed(serial, error),
            name="QuillLibrarySearch",
        )

    def _show_results(self, serial: int, query: str, found: list[Passage]) -> None:
        if serial != self._search_serial:
            return  # an older search, answered after a newer one started
        self.results = list(found)
        terms = search_terms(query)
        if not query:
            self.results_view.setHtml("")
        elif not found:
            self.results_view.setHtml("<p>" + self.tr("Nothing in the library matches “{0}”.").format(query) + "</p>")
        else:
            rows = []
            for index, passage in enumerate(found):
                title = html.escape(passage.title or passage.path.name)
                where = [passage.path.name] if passage.title and passage.title != passage.path.stem else []
                where += [short_location(passage)] if short_location(passage) else []
                rows.append(
                    f'<p><a href="{PASSAGE_SCHEME}:{index}"><b>{title}</b></a>'
                    + (f' <span style="color: gray;">· {html.escape(" · ".join(where))}</span>' if where else "")
                    + f"<br>{snippet(passage.text, terms)}</p>"
                )
            self.results_view.setHtml("".join(rows))
        self.searched.emit(self.results)

    def _search_failed(self, serial: int, error: BaseException) -> None:
        if serial == self._search_serial:
            self._show_status(error_text(error, self.tr("The search failed; details are in the log file.")), error=True)

    def _on_result_link(self, url: QUrl) -> None:
        try:
            index = int(url.path())
        except ValueError:
            return
        if 0 <= index < len(self.results):
            self.show_passage(self.results[index])

    def show_passage(self, passage: Passage) -> None:
        try:
            text = self.store.document_text(passage.document_id)
        except UserFacingError as exc:
            self._show_status(shown(exc.message), error=True)
            text = passage.text
        self.passage_panel.show_passage(passage, text, search_terms(self.search_box.text()))

    # -- files: dialogs and drops -------------------------------------------------

    def _ask_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Add a folder to the library"), str(Path.home()))
        if folder:
            self.add_paths([Path(folder)])

    def _ask_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Add files to the library"),
            str(Path.home()),
            self.tr("Documents ({0});;All files (*)").format(glob_patterns(SUPPORTED)),
        )
        if files:
            self.add_paths([Path(f) for f in files])

    def _ask_remove(self) -> None:
        name = self.selected_collection()
        if not name:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Remove collection"),
            self.tr("Remove “{0}” from the library? Its index is deleted; the files themselves stay.").format(name),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.remove_collection(name)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt's name)
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.add_paths(paths)
            event.acceptProposedAction()

    def resume_pending(self) -> None:
        """At start: carry on with what the last run left (and look at watched folders again)."""
        if self.store.collections():
            self.start_indexing()

    def close_store(self) -> None:
        """On quit: stop indexing (it resumes at the next start) and close the store."""
        self.runner.stop()
        self.store.close()


class DocumentPicker(QDialog):
    """Choose single documents of the Library for a conversation (the Chat pane's "Choose documents…")."""

    def __init__(self, store: LibraryStore, chosen: Sequence[int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentPicker")
        self.setWindowTitle(self.tr("Documents to answer from"))
        self.tree = QTreeWidget()
        self.tree.setObjectName("documentPickerTree")
        self.tree.setAccessibleName(self.tr("Documents in the Library"))
        self.tree.setHeaderHidden(True)
        for collection in store.collections():
            parent_item = QTreeWidgetItem([collection.name])
            self.tree.addTopLevelItem(parent_item)
            documents = sorted(store.documents(collection.id).values(), key=lambda d: (d.title or d.path.name).lower())
            for document in documents:
                if document.status != "ready":
                    continue
                item = QTreeWidgetItem([document.title or document.path.name])
                item.setToolTip(0, str(document.path))
                item.setData(0, Qt.ItemDataRole.UserRole, document.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(0, Qt.CheckState.Checked if document.id in chosen else Qt.CheckState.Unchecked)
                parent_item.addChild(item)
            parent_item.setExpanded(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Answers in this conversation come from the documents you tick:")))
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.resize(480, 420)

    def chosen(self) -> tuple[tuple[int, str], ...]:
        """The ticked documents: (id, title)."""
        picked: list[tuple[int, str]] = []
        for i in range(self.tree.topLevelItemCount()):
            parent_item = self.tree.topLevelItem(i)
            for j in range(parent_item.childCount() if parent_item is not None else 0):
                item = parent_item.child(j) if parent_item is not None else None
                if item is not None and item.checkState(0) == Qt.CheckState.Checked:
                    picked.append((int(item.data(0, Qt.ItemDataRole.UserRole)), item.text(0)))
        return tuple(picked)
