"""The Models dialog: installed models, recommended ones, a Hub search, and the download queue.

Everything slow runs off the GUI thread: Hub calls and hashing on Background threads,
downloads on the DownloadManager's own threads. None of it uses the engine thread, so chat
keeps working while a model downloads. Switching models goes through the app's
``use_model`` callback, which loads on the engine thread and keeps the old model on failure.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QBrush, QColor, QDesktopServices, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from assistant.core.errors import UserFacingError
from assistant.core.models.catalog import CatalogEntry, download_request, recommended
from assistant.core.models.download import DownloadRequest
from assistant.core.models.hub import HubFile, RepoHit, recommend
from assistant.core.models.library import SOURCE_IMPORTED, SOURCE_STARTER, InstalledModel, VerifyResult
from assistant.core.models.memory import (
    Fit,
    MemoryEstimate,
    format_bytes,
    format_params,
    judge_fit,
    parallel_estimate,
)
from assistant.core.models.recommend import Recommendation, recommendations
from assistant.core.models.speed import SpeedProbe, expert_share
from assistant.core.types import ModelInfo
from assistant.ui.background import Background
from assistant.ui.i18n import shown, shown_language_name
from assistant.ui.model_services import ModelServices
from assistant.ui.speed_text import FIT_COLORS, fit_color, fit_text, speed_text, speed_tooltip
from assistant.ui.widgets.download_queue import DownloadQueueView


def _item(text: str, data: Any = None, tooltip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    if tooltip:
        item.setToolTip(tooltip)
    return item


def _fit_columns(table: QTableWidget, cap: int = 230) -> None:
    """Columns as wide as their contents, but none wider than ``cap`` (long text elides; tooltips have it all)."""
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.resizeColumnsToContents()
    for column in range(table.columnCount() - 1):
        if table.columnWidth(column) > cap:
            table.setColumnWidth(column, cap)
    header.setSectionResizeMode(table.columnCount() - 1, QHeaderView.ResizeMode.Stretch)


def _table(object_name: str, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(object_name)
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)  # the arrows move between rows; Tab leaves the table (no keyboard trap)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


class ModelsDialog(QDialog):
    """Manage models. Not modal: downloads go on while the user chats.

    Signals:
        installed_refreshed(): the Installed table was rebuilt from a fresh scan.
        message_shown(str): a one-sentence outcome was shown (import, delete, verify, errors).
        search_finished(): Hub search results (or an error) arrived.
        files_listed(): a repository's files (or an error) arrived.
        speed_measured(): this computer's speed was measured and the tables show it.
    """

    installed_refreshed = Signal()
    speed_measured = Signal()
    message_shown = Signal(str)
    search_finished = Signal()
    files_listed = Signal()
    _verify_progress = Signal(int, int)

    def __init__(
        self,
        services: ModelServices,
        use_model: Callable[[Path], None],
        current_model: Callable[[], Path | None],
        parent: QWidget | None = None,
        *,
        language: str = "en",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("modelsDialog")
        self.setWindowTitle(self.tr("Models"))
        self.services = services
        self._use_model = use_model
        self._current_model = current_model
        self._language = language
        self._background = Background(self)
        self._search_serial = 0
        self._files_serial = 0
        self.installed: list[InstalledModel] = []
        self.hub_files: list[HubFile] = []
        self.recommended_file: HubFile | None = None

        self.tabs = QTabWidget()
        self.tabs.setObjectName("modelsTabs")
        self.tabs.addTab(self._build_installed(), self.tr("Installed"))
        self.tabs.addTab(self._build_recommended(), self.tr("Recommended"))
        self.tabs.addTab(self._build_search(), self.tr("Search Hub"))

        self.queue = DownloadQueueView(services.downloads, self.use_model)
        self.queue.setMinimumHeight(150)
        self.message = QLabel()
        self.message.setObjectName("modelsMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.tabs)
        splitter.addWidget(self.queue)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)

        services.downloads.completed.connect(self._on_download_completed)
        self._verify_progress.connect(self._on_verify_progress)
        try:
            services.downloads.load_pending()
        except UserFacingError as exc:
            self.show_message(shown(exc.message))
        self.refresh_installed()
        self.refresh_recommended()
        self.resize(1120, 700)

    # ----- shared ------------------------------------------------------------------------

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message_shown.emit(text)

    def _fit_item(self, fit: Fit, tooltip: str = "", speed: float | None = None) -> QTableWidgetItem:
        """The verdict; a model that fits but would crawl reads "Fits, slow", not as good news."""
        item = _item(fit_text(fit, speed), fit.value, tooltip)
        item.setForeground(QBrush(QColor(fit_color(fit, speed))))
        return item

    def _speed_item(self, speed: float | None) -> QTableWidgetItem:
        return _item(speed_text(speed), speed, speed_tooltip(speed))

    def _speed_for(self, bytes_per_token: int) -> float | None:
        probe = self.services.speed_probe()
        return probe.tokens_per_second(bytes_per_token) if probe is not None else None

    def measure_speed(self) -> None:
        """Measure this computer's speed once (a few seconds, in child processes), then show it."""
        self.measure_button.setEnabled(False)
        self.show_message(self.tr("Measuring the speed of this computer (a few seconds)…"))

        def done(probe: SpeedProbe | None) -> None:
            self.measure_button.setEnabled(True)
            self.measure_button.setVisible(probe is None)
            if probe is None:
                self.show_message(
                    self.tr("The speed of this computer could not be measured; details are in the log file.")
                )
                return
            self.show_message(
                self.tr("Speed measured: the starter model writes {0} here.").format(
                    speed_text(probe.reference_tokens_per_second)
                )
            )
            self.refresh_installed()
            self.refresh_recommended()
            self.speed_measured.emit()

        self._background.run(self.services.measure_speed, done, lambda _error: done(None), "QuillSpeedProbe")

    @property
    def n_ctx(self) -> int:
        return self.services.settings.n_ctx

    def _with_sequences(self, estimate: MemoryEstimate) -> MemoryEstimate:
        """``estimate`` (one sequence) for as many sequences as Settings → Model resolves to here."""
        return parallel_estimate(self.services.settings.parallel_sequences, estimate, self.services.machine)

    def use_model(self, path: Path) -> None:
        """Switch to ``path``: it loads on the engine thread; the old model stays if it fails."""
        self.show_message(self.tr("Loading {0}… The status bar shows the progress.").format(Path(path).name))
        self._use_model(Path(path))

    def on_model_loaded(self, info: ModelInfo) -> None:
        self.show_message(self.tr("Now using {0}.").format(info.name))
        self.refresh_installed()

    def on_model_failed(self, error: object) -> None:
        text = (
            shown(error.message)
            if isinstance(error, UserFacingError)
            else self.tr("The model could not be loaded; details are in the log file.")
        )
        self.show_message(text)

    # ----- Installed ---------------------------------------------------------------------

    def _build_installed(self) -> QWidget:
        page = QWidget()
        self.machine_label = QLabel()
        self.machine_label.setObjectName("modelsMachine")
        self.machine_label.setWordWrap(True)
        self.measure_button = QPushButton(self.tr("Measure speed"))
        self.measure_button.setObjectName("measureSpeed")
        self.measure_button.setToolTip(
            self.tr("Generate a few words with the starter model to estimate each model's speed on this computer.")
        )
        self.measure_button.clicked.connect(self.measure_speed)
        self.measure_button.setVisible(self.services.speed_probe() is None)
        self.installed_table = _table(
            "installedTable",
            [
                self.tr("Name"),
                self.tr("Source"),
                self.tr("Size"),
                self.tr("Quantization"),
                self.tr("Parameters"),
                self.tr("Context"),
                self.tr("Chat template"),
                self.tr("Memory needed"),
                self.tr("This computer"),
                self.tr("Speed here"),
            ],
        )
        self.installed_table.setAccessibleName(self.tr("Installed models"))
        self.installed_table.setAccessibleDescription(
            self.tr("The models on this computer; Use this model loads the selected one.")
        )
        self.installed_table.itemSelectionChanged.connect(self._sync_installed_buttons)
        self.installed_table.itemDoubleClicked.connect(lambda _item: self.use_selected())
        self.use_button = QPushButton(self.tr("Use this model"))
        self.use_button.setObjectName("installedUse")
        self.use_button.clicked.connect(self.use_selected)
        self.import_button = QPushButton(self.tr("Import .gguf…"))
        self.import_button.setObjectName("installedImport")
        self.import_button.clicked.connect(self.import_dialog)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.setObjectName("installedDelete")
        self.delete_button.clicked.connect(self.delete_selected)
        self.verify_button = QPushButton(self.tr("Verify again"))
        self.verify_button.setObjectName("installedVerify")
        self.verify_button.clicked.connect(self.verify_selected)
        self.folder_button = QPushButton(self.tr("Open folder"))
        self.folder_button.setObjectName("installedOpenFolder")
        self.folder_button.clicked.connect(self.open_folder)
        self.verify_progress = QProgressBar()
        self.verify_progress.setObjectName("verifyProgress")
        self.verify_progress.setRange(0, 1000)
        self.verify_progress.setMaximumWidth(160)
        self.verify_progress.hide()
        row = QHBoxLayout()
        for button in (self.use_button, self.import_button, self.delete_button, self.verify_button, self.folder_button):
            row.addWidget(button)
        row.addWidget(self.verify_progress)
        row.addStretch(1)
        layout = QVBoxLayout(page)
        top = QHBoxLayout()
        top.addWidget(self.machine_label, 1)
        top.addWidget(self.measure_button)
        layout.addLayout(top)
        layout.addWidget(self.installed_table, 1)
        layout.addLayout(row)
        return page

    def refresh_installed(self) -> None:
        """Scan again and rebuild the table, keeping the selection."""
        selected = self.selected_model()
        settings = self.services.settings
        machine = self.services.machine
        if settings.parallel_sequences:
            estimates = self.tr(
                "This computer has {0} of memory. Estimates are for {2} sequences decoded together, "
                "each with its own context of {1} tokens (Settings → Model)."
            )
        else:
            estimates = self.tr(
                "This computer has {0} of memory. Estimates are for a context of {1} tokens for each sequence "
                "decoded together, as many as memory allows up to 4 (Settings → Model)."
            )
        self.machine_label.setText(
            estimates.format(format_bytes(machine.total_ram), settings.n_ctx, settings.parallel_sequences)
        )
        self.installed_table.setHorizontalHeaderItem(7, _item(self.tr("Memory at {0} tokens").format(settings.n_ctx)))
        try:
            self.installed = self.services.scan()
        except (OSError, UserFacingError) as exc:
            self.installed = []
            self.show_message(shown(exc.message) if isinstance(exc, UserFacingError) else str(exc))
        current = self._current_model()
        table = self.installed_table
        table.clearSpans()
        table.setRowCount(len(self.installed))
        bold = QFont()
        bold.setBold(True)
        problems: list[tuple[int, str]] = []
        for row, model in enumerate(self.installed):
            in_use = current is not None and _same_file(current, model.path)
            name = model.name + (self.tr(" (in use)") if in_use else "")
            if model.is_embedding:
                name += self.tr(" (embedding model)")
            name_item = _item(name, str(model.path), f"{model.name}\n{model.path}")
            if in_use:
                name_item.setFont(bold)
            table.setItem(row, 0, name_item)
            table.setItem(row, 1, _item(self._source_label(model.source), tooltip=model.repo or ""))
            table.setItem(row, 2, _item(format_bytes(model.file_size)))
            if not model.usable:
                for column in range(3, 10):
                    table.setItem(row, column, _item(""))
                problems.append((row, model.problem or ""))
                continue
            table.setItem(row, 3, _item(model.quantization or "—"))
            table.setItem(row, 4, _item(format_params(model.n_params)))
            table.setItem(row, 5, _item(f"{model.context_length:,}" if model.context_length else "—"))
            table.setItem(row, 6, _item(self.tr("yes") if model.has_chat_template else self.tr("no")))
            one = model.estimate_for(settings)  # its own context and cache type, if it has them
            estimate = self._with_sequences(one) if one is not None else None
            speed = None
            if model.summary is not None and not model.is_embedding:
                speed = self._speed_for(int(model.file_size * expert_share(model.summary.hparams)))
            if estimate is None:
                table.setItem(row, 7, _item("—"))
                table.setItem(row, 8, _item(""))
            else:
                table.setItem(row, 7, _item(format_bytes(estimate.total), tooltip=shown(estimate.describe())))
                table.setItem(row, 8, self._fit_item(judge_fit(estimate, machine), shown(estimate.describe()), speed))
            table.setItem(row, 9, self._speed_item(speed) if not model.is_embedding else _item(""))
        # Size the columns by the usable rows; a refused file's reason then spans the columns after
        # its size (the full reason is in its tooltip), instead of widening one column for everyone.
        _fit_columns(table, cap=260)
        for row, problem in problems:
            item = table.item(row, 3)
            assert item is not None  # set above, empty
            item.setText(problem)
            item.setToolTip(problem)
            item.setForeground(QBrush(QColor(FIT_COLORS[Fit.TOO_BIG])))
            table.setSpan(row, 3, 1, 7)
        if selected is not None:
            self._select_path(selected.path)
        elif self.installed:
            table.selectRow(0)
        self._sync_installed_buttons()
        self.installed_refreshed.emit()

    def _source_label(self, source: str) -> str:
        labels = {
            SOURCE_STARTER: self.tr("Starter model"),
            "quill": self.tr("Downloaded"),
            SOURCE_IMPORTED: self.tr("Imported"),
            "huggingface": self.tr("Hugging Face cache"),
            "lmstudio": "LM Studio",
            "gpt4all": "GPT4All",
        }
        return labels.get(source, source)

    def _select_path(self, path: Path) -> None:
        for row, model in enumerate(self.installed):
            if _same_file(model.path, path):
                self.installed_table.selectRow(row)
                return

    def selected_model(self) -> InstalledModel | None:
        rows = self.installed_table.selectionModel().selectedRows() if self.installed_table.selectionModel() else []
        if not rows:
            return None
        index = rows[0].row()
        return self.installed[index] if 0 <= index < len(self.installed) else None

    def select_model(self, path: Path) -> None:
        self._select_path(Path(path))

    def _sync_installed_buttons(self) -> None:
        model = self.selected_model()
        verifying = not self.verify_progress.isHidden()
        self.use_button.setEnabled(model is not None and model.chat_usable)
        self.delete_button.setEnabled(model is not None)
        self.verify_button.setEnabled(model is not None and not verifying and model.path.exists())

    def use_selected(self) -> None:
        model = self.selected_model()
        if model is None:
            return
        if not model.usable:
            self.show_message(model.problem or "")
            return
        if model.is_embedding:
            self.show_message(self._embedding_hint(model.name))
            return
        self.use_model(model.path)

    def _embedding_hint(self, name: str) -> str:
        return self.tr("{0} is an embedding model: it cannot chat. Choose it in Settings → Library.").format(name)

    def import_dialog(self) -> None:
        """Ask for a .gguf file, then whether to copy it into Quill's folder or use it where it is."""
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import a GGUF model"), str(Path.home()), self.tr("GGUF models (*.gguf)")
        )
        if not path:
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Import a model"))
        box.setText(self.tr("Copy {0} into Quill's models folder, or use it where it is?").format(Path(path).name))
        box.setInformativeText(
            self.tr("A copy keeps working if the original is moved or deleted, but takes the same space again.")
        )
        copy = box.addButton(self.tr("Copy"), QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton(self.tr("Use in place"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() in (copy, keep):
            self.import_file(Path(path), copy=box.clickedButton() is copy)

    def import_file(self, path: Path, copy: bool) -> None:
        """Check and add ``path`` on a thread (a copy can take a while); the table updates after."""
        self.import_button.setEnabled(False)
        self.show_message(self.tr("Importing {0}…").format(Path(path).name))
        library = self.services.library

        def done(model: InstalledModel) -> None:
            self.import_button.setEnabled(True)
            self.refresh_installed()
            self._select_path(model.path)
            self.show_message(self.tr("Imported {0}.").format(model.name))

        self._background.run(lambda: library.import_model(path, copy=copy), done, self._import_failed, "QuillImport")

    def _import_failed(self, error: BaseException) -> None:
        self.import_button.setEnabled(True)
        self._show_error(error)

    def _show_error(self, error: BaseException) -> None:
        if isinstance(error, UserFacingError):
            self.show_message(shown(error.message))
        elif isinstance(error, OSError):
            self.show_message(self.tr("The file could not be read: {0}.").format(error.strerror or str(error)))
        else:
            self.show_message(self.tr("Something went wrong; details are in the log file."))

    def delete_selected(self) -> None:
        """Delete a model Quill downloaded or copied, or forget an import, after asking."""
        model = self.selected_model()
        if model is None:
            return
        if model.source == SOURCE_STARTER:
            self.show_message(self.tr("The starter model cannot be deleted: it keeps Quill working offline."))
            return
        if not model.removable:
            self.show_message(
                self.tr("{0} belongs to {1}; delete it there if you no longer need it.").format(
                    model.name, self._source_label(model.source)
                )
            )
            return
        current = self._current_model()
        if current is not None and _same_file(current, model.path):
            self.show_message(self.tr("{0} is in use; switch to another model before deleting it.").format(model.name))
            return
        if model.source == SOURCE_IMPORTED:
            question = self.tr("Remove {0} from the list? The file itself stays at {1}.").format(model.name, model.path)
        else:
            question = self.tr("Delete {0}? This removes {1} from this computer.").format(
                model.name, format_bytes(model.file_size)
            )
        answer = QMessageBox.question(self, self.tr("Delete model"), question)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.services.library.remove(model)
        except UserFacingError as exc:
            self.show_message(shown(exc.message))
            return
        self.refresh_installed()
        if model.source == SOURCE_IMPORTED:
            self.show_message(
                self.tr("{0} was removed from the list; the file was left where it is.").format(model.name)
            )
        else:
            self.show_message(self.tr("Deleted {0}.").format(model.name))

    def verify_selected(self) -> None:
        """Hash the file again on a thread and compare it with the SHA-256 recorded when it arrived."""
        model = self.selected_model()
        if model is None:
            return
        self.verify_progress.setValue(0)
        self.verify_progress.show()
        self._sync_installed_buttons()
        self.show_message(self.tr("Verifying {0}…").format(model.name))
        library = self.services.library

        def progress(done: int, total: int) -> None:
            try:
                self._verify_progress.emit(done, total)
            except RuntimeError:  # the dialog was closed and deleted
                pass

        self._background.run(
            lambda: library.verify(model, progress), self._verified, self._verify_failed, "QuillVerify"
        )

    def _on_verify_progress(self, done: int, total: int) -> None:
        self.verify_progress.setValue(int(1000 * done / total) if total else 1000)

    def _verified(self, result: VerifyResult) -> None:
        self.verify_progress.hide()
        self._sync_installed_buttons()
        if result.problem:
            self.show_message(result.problem)
        elif result.expected:
            self.show_message(
                self.tr("{0} is intact: its SHA-256 matches the one recorded when it arrived.").format(
                    result.model.name
                )
            )
        else:
            self.show_message(
                self.tr("{0} is a well-formed model (no SHA-256 was recorded to compare).").format(result.model.name)
            )

    def _verify_failed(self, error: BaseException) -> None:
        self.verify_progress.hide()
        self._sync_installed_buttons()
        self._show_error(error)

    def open_folder(self) -> None:
        model = self.selected_model()
        if model is not None:
            folder = model.path.parent
        else:
            folder = self.services.models_dir
            folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # ----- Recommended -------------------------------------------------------------------

    def _build_recommended(self) -> QWidget:
        page = QWidget()
        intro = QLabel(
            self.tr(
                "Instruct models chosen for chat, writing and translation, best for this computer "
                "first, and embedding models for the Library's search. Each download is checked against "
                "the Hub's SHA-256 before it is offered."
            )
        )
        intro.setWordWrap(True)
        self.recommended_table = _table(
            "recommendedTable",
            [
                self.tr("Name"),
                self.tr("Parameters"),
                self.tr("Size"),
                self.tr("This computer"),
                self.tr("Speed here"),
                self.tr("Best here for"),
                self.tr("Good for"),
                self.tr("Languages"),
                self.tr("Licence"),
                self.tr("About"),
            ],
        )
        self.recommended_table.setAccessibleName(self.tr("Recommended models"))
        self.recommended_table.setAccessibleDescription(
            self.tr("Models chosen for this app, best fit for this computer first; Download gets the selected one.")
        )
        self.recommended_entries: list[CatalogEntry] = []
        self.recommended_table.itemDoubleClicked.connect(lambda _item: self.download_recommended())
        self.recommended_button = QPushButton(self.tr("Download"))
        self.recommended_button.setObjectName("recommendedDownload")
        self.recommended_button.clicked.connect(self.download_recommended)
        row = QHBoxLayout()
        row.addWidget(self.recommended_button)
        row.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addWidget(self.recommended_table, 1)
        layout.addLayout(row)
        return page

    def refresh_recommended(self) -> None:
        previous = self.recommended_table.currentRow()
        keep = self.recommended_entries[previous].id if 0 <= previous < len(self.recommended_entries) else None
        try:
            entries = recommended(self.services.catalog, self.services.machine, self.n_ctx, self.services.speed_probe())
        except UserFacingError as exc:
            self.show_message(shown(exc.message))
            entries = []
        self.recommended_entries = [entry for entry, _fit in entries]
        table = self.recommended_table
        table.setRowCount(len(entries))
        good_for = {
            "chat": self.tr("chat"),
            "write": self.tr("writing"),
            "translate": self.tr("translation"),
            "summarize": self.tr("summaries"),
            "code": self.tr("code"),
            "embeddings": self.tr("Library search (embedding model)"),
        }
        uses = {
            "chat": self.tr("chat"),
            "write": self.tr("writing"),
            "translate": self.tr("Chinese ↔ English"),
            "summarize": self.tr("summaries"),
        }
        best = self.best_here()
        models_dir = self.services.models_dir
        for row, (entry, _fit) in enumerate(entries):
            installed = (models_dir / entry.repo / entry.file).is_file()
            name = entry.name + (self.tr(" (installed)") if installed else "")
            table.setItem(row, 0, _item(name, entry.id, f"{entry.repo}/{entry.file}"))
            table.setItem(row, 1, _item(entry.parameters))
            table.setItem(row, 2, _item(format_bytes(entry.size_bytes)))
            estimate = self._with_sequences(entry.estimate(self.n_ctx))
            speed = None if entry.is_embedding else self._speed_for(entry.bytes_per_token)
            fit_item = self._fit_item(judge_fit(estimate, self.services.machine), shown(estimate.describe()), speed)
            table.setItem(row, 3, fit_item)
            table.setItem(row, 4, self._speed_item(speed) if not entry.is_embedding else _item(""))
            best_for = [uses[use] for use, rec in best.items() if rec.entry.id == entry.id]
            best_item = _item(("★ " + ", ".join(best_for)) if best_for else "")
            if best_for:
                bold = QFont()
                bold.setBold(True)
                best_item.setFont(bold)
            table.setItem(row, 5, best_item)
            table.setItem(row, 6, _item(", ".join(good_for.get(g, g) for g in entry.good_for)))
            names = [shown_language_name(code) for code in entry.languages]
            languages = ", ".join(names[:4]) + ("…" if len(names) > 4 else "")
            table.setItem(row, 7, _item(languages, tooltip=", ".join(names)))
            table.setItem(row, 8, _item(entry.license, tooltip=entry.license))
            description = entry.description_for(self._language)
            table.setItem(row, 9, _item(description, tooltip=description))
        _fit_columns(table, cap=200)
        ids = [entry.id for entry in self.recommended_entries]
        if entries:
            table.selectRow(ids.index(keep) if keep in ids else 0)

    def show_recommended(self, entry_id: str = "") -> None:
        """The Recommended tab, with the catalog entry ``entry_id`` selected (if it is listed)."""
        self.tabs.setCurrentIndex(1)
        ids = [entry.id for entry in self.recommended_entries]
        if entry_id in ids:
            self.recommended_table.selectRow(ids.index(entry_id))
        self.recommended_table.setFocus()

    def best_here(self) -> dict[str, Recommendation]:
        """The one model recommended for each use on this computer (the welcome recommends the same)."""
        try:
            return recommendations(
                self.services.catalog,
                self.services.machine,
                self.n_ctx,
                self.services.speed_probe(),
                ui_language=self._language,
            )
        except UserFacingError:
            return {}

    def download_recommended(self) -> None:
        rows = self.recommended_table.selectionModel().selectedRows()
        if not rows:
            return
        entry: CatalogEntry = self.recommended_entries[rows[0].row()]
        services = self.services
        if (services.models_dir / entry.repo / entry.file).is_file():
            self.tabs.setCurrentIndex(0)
            self.select_model(services.models_dir / entry.repo / entry.file)
            self.show_message(self.tr("{0} is already installed.").format(entry.name))
            return
        key = f"{entry.repo}/{entry.file}"
        services.downloads.start_lazy(
            key, Path(entry.file).name, entry.size_bytes, lambda: download_request(entry, services.hub())
        )
        self.show_message(self.tr("Downloading {0}.").format(entry.name))

    # ----- Search Hub --------------------------------------------------------------------

    def _build_search(self) -> QWidget:
        page = QWidget()
        self.hub_query = QLineEdit()
        self.hub_query.setObjectName("hubQuery")
        self.hub_query.setPlaceholderText(self.tr("Search GGUF models on Hugging Face, e.g. qwen2.5 instruct"))
        self.hub_query.setAccessibleName(self.tr("Search the Hub"))
        self.hub_query.returnPressed.connect(self.search)
        self.search_button = QPushButton(self.tr("Search"))
        self.search_button.setObjectName("hubSearch")
        self.search_button.clicked.connect(self.search)
        top = QHBoxLayout()
        top.addWidget(self.hub_query, 1)
        top.addWidget(self.search_button)
        self.hub_repos = QListWidget()
        self.hub_repos.setObjectName("hubRepos")
        self.hub_repos.setAccessibleName(self.tr("Repositories"))
        self.hub_repos.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.hub_repos.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.hub_repos.currentItemChanged.connect(self._repo_chosen)
        self.hub_files_table = _table(
            "hubFiles",
            [
                self.tr("File"),
                self.tr("Quantization"),
                self.tr("Size"),
                self.tr("Memory needed"),
                self.tr("This computer"),
                "",
            ],
        )
        self.hub_files_table.setAccessibleName(self.tr("Files in the repository"))
        self.hub_files_table.setAccessibleDescription(
            self.tr("The GGUF files of the chosen repository with their size and fit; Download gets the selected one.")
        )
        self.hub_files_table.itemDoubleClicked.connect(lambda _item: self.download_hub_file())
        self.hub_status = QLabel()
        self.hub_status.setObjectName("hubStatus")
        self.hub_status.setWordWrap(True)
        self.hub_download_button = QPushButton(self.tr("Download"))
        self.hub_download_button.setObjectName("hubDownload")
        self.hub_download_button.clicked.connect(self.download_hub_file)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.hub_repos)
        splitter.addWidget(self.hub_files_table)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([340, 760])
        bottom = QHBoxLayout()
        bottom.addWidget(self.hub_status, 1)
        bottom.addWidget(self.hub_download_button)
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        return page

    def search(self) -> None:
        """Search the Hub on a thread; a newer search makes an older one's results be ignored."""
        query = self.hub_query.text().strip()
        if not query:
            return
        self._search_serial += 1
        serial = self._search_serial
        self.hub_status.setText(self.tr("Searching…"))
        services = self.services

        def done(hits: list[RepoHit]) -> None:
            if serial != self._search_serial:
                return
            self.hub_repos.clear()
            self.hub_files_table.setRowCount(0)
            self.hub_files = []
            for hit in hits:
                item = QListWidgetItem(self.tr("{0}  ·  {1} downloads").format(hit.repo, f"{hit.downloads:,}"))
                item.setData(Qt.ItemDataRole.UserRole, hit.repo)
                item.setToolTip(hit.repo)
                self.hub_repos.addItem(item)
            self.hub_status.setText(
                self.tr("No GGUF repositories match.")
                if not hits
                else self.tr("{0} repositories. Choose one to see its files.").format(len(hits))
            )
            self.search_finished.emit()

        def failed(error: BaseException) -> None:
            if serial == self._search_serial:
                self.hub_status.setText(
                    shown(error.message)
                    if isinstance(error, UserFacingError)
                    else self.tr("The search failed; details are in the log file.")
                )
                self.search_finished.emit()

        self._background.run(lambda: services.hub().search(query), done, failed, "QuillHubSearch")

    def _repo_chosen(self, current: QListWidgetItem | None, _previous: object = None) -> None:
        if current is not None:
            self.list_files(current.data(Qt.ItemDataRole.UserRole))

    def list_files(self, repo: str) -> None:
        """List the repository's models on a thread, with the quantization that suits this computer."""
        self._files_serial += 1
        serial = self._files_serial
        self.hub_files_table.setRowCount(0)
        self.hub_files = []
        self.hub_status.setText(self.tr("Listing the files of {0}…").format(repo))
        services = self.services
        n_ctx = self.n_ctx

        def work() -> tuple[list[HubFile], HubFile | None]:
            files = services.hub().files(repo)
            return files, recommend(files, services.machine, n_ctx)

        def done(result: tuple[list[HubFile], HubFile | None]) -> None:
            if serial != self._files_serial:
                return
            self.show_files(*result)
            self.files_listed.emit()

        def failed(error: BaseException) -> None:
            if serial == self._files_serial:
                self.hub_status.setText(
                    shown(error.message)
                    if isinstance(error, UserFacingError)
                    else self.tr("The files could not be listed; details are in the log file.")
                )
                self.files_listed.emit()

        self._background.run(work, done, failed, "QuillHubFiles")

    def show_files(self, files: list[HubFile], best: HubFile | None) -> None:
        self.hub_files = files
        self.recommended_file = best
        table = self.hub_files_table
        table.setRowCount(len(files))
        bold = QFont()
        bold.setBold(True)
        machine = self.services.machine
        for row, hub_file in enumerate(files):
            estimate = self._with_sequences(hub_file.estimate(self.n_ctx))
            name = hub_file.filename + (
                self.tr(" ({0} parts)").format(len(hub_file.parts)) if len(hub_file.parts) > 1 else ""
            )
            cells = [
                _item(name, hub_file.filename, hub_file.filename),
                _item(hub_file.quantization or "—"),
                _item(format_bytes(hub_file.size)),
                _item(format_bytes(estimate.total), tooltip=shown(estimate.describe())),
                self._fit_item(
                    judge_fit(estimate, machine),
                    shown(estimate.describe()) + "\n" + speed_text(self._speed_for(hub_file.size)),
                    self._speed_for(hub_file.size),
                ),
                _item(self.tr("★ Recommended") if hub_file is best else ""),
            ]
            for column, cell in enumerate(cells):
                if hub_file is best:
                    cell.setFont(bold)
                table.setItem(row, column, cell)
        _fit_columns(table, cap=320)
        if best is not None:
            table.selectRow(files.index(best))
            self.hub_status.setText(
                self.tr("{0} models. {1} suits this computer best.").format(
                    len(files), best.quantization or best.filename
                )
            )
        else:
            self.hub_status.setText(
                self.tr("No GGUF models in this repository.")
                if not files
                else self.tr("{0} models; none is likely to fit in this computer's memory.").format(len(files))
            )

    def selected_hub_file(self) -> HubFile | None:
        rows = self.hub_files_table.selectionModel().selectedRows()
        if not rows or not (0 <= rows[0].row() < len(self.hub_files)):
            return None
        return self.hub_files[rows[0].row()]

    def download_hub_file(self, hub_file: HubFile | None = None) -> str | None:
        """Queue the chosen file; returns the download's key."""
        hub_file = hub_file or self.selected_hub_file()
        if hub_file is None:
            return None
        key = self.services.downloads.start(DownloadRequest.from_hub_file(hub_file))
        self.show_message(self.tr("Downloading {0}.").format(hub_file.title))
        return key

    # ----- downloads ---------------------------------------------------------------------

    def _on_download_completed(self, key: str, path: str) -> None:
        self.refresh_installed()
        self.refresh_recommended()
        self._select_path(Path(path))
        model = self.selected_model()
        if model is not None and model.is_embedding:
            self.show_message(
                self.tr(
                    "{0} is downloaded and verified. It is an embedding model: choose it in Settings → Library."
                ).format(Path(path).name)
            )
            return
        self.show_message(
            self.tr("{0} is downloaded and verified. Choose Use this model to switch to it.").format(Path(path).name)
        )


def _same_file(a: Path, b: Path) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False
