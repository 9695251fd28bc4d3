"""Settings in tabs: Model, Generation, Interface, Storage, Library (and pages others add with add_page).

The dialog edits a copy; :meth:`SettingsDialog.result_settings` gives the edited copy and
the app saves it atomically. Sampling presets only fill the knobs: the knobs are what is
saved, and the preset shown is the one they match (or Custom).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from assistant.core.engine.presets import CUSTOM, PRESETS, matching_preset
from assistant.core.models import model_settings as per_model
from assistant.core.models.model_settings import KV_CACHE_TYPES, effective_flash_attn
from assistant.core.settings import AUTO_PARALLEL_MAX, MAX_PARALLEL_SEQUENCES, Settings
from assistant.ui.dialogs.remote_page import RemotePage

if TYPE_CHECKING:
    from assistant.core.models.library import InstalledModel
    from assistant.core.models.memory import MachineMemory

# The interface languages, each named in itself (autonyms) so that a user can find theirs in any UI.
INTERFACE_LANGUAGES = (("", "System"), ("en", "English"), ("zh_CN", "简体中文"))
KNOBS = ("temperature", "top_p", "top_k", "min_p", "repeat_penalty")


class SettingsDialog(QDialog):
    """Edits a copy of the settings; :meth:`result_settings` gives the edited copy.

    ``models`` fills the model picker (the library's usable models); ``offload`` is
    (this llama.cpp build can use a GPU, its backend name), probed when not given;
    ``open_models`` opens the Models dialog; ``default_models_dir`` is shown when no folder is set;
    ``serving_url`` is the API server's address while the app serves it ("" when not);
    ``machine`` is this computer's memory (read when a model's cost is first shown, if not given).
    """

    def __init__(
        self,
        settings: Settings,
        parent: QWidget | None = None,
        *,
        models: Sequence[InstalledModel] = (),
        offload: tuple[bool, str] | None = None,
        open_models: Callable[[], None] | None = None,
        default_models_dir: Path | None = None,
        serving_url: str = "",
        machine: MachineMemory | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self._settings = settings
        if offload is None:
            from assistant.core.engine.choice import gpu_offload_info

            offload = gpu_offload_info()
        self._offload = offload
        self._open_models = open_models
        self._default_models_dir = default_models_dir
        self._machine = machine
        self._models: list[InstalledModel] = []
        self._all_models: Sequence[InstalledModel] = models

        self.tabs = QTabWidget()
        self.tabs.setObjectName("settingsTabs")
        self.tabs.addTab(self._model_page(settings, models), self.tr("Model"))
        self.tabs.addTab(self._generation_page(settings), self.tr("Generation"))
        self.tabs.addTab(self._interface_page(settings), self.tr("Interface"))
        self.tabs.addTab(self._storage_page(settings), self.tr("Storage"))
        self.tabs.addTab(self._library_page(settings), self.tr("Library"))
        # Where the model runs (this computer or a server) and Quill's own API server.
        self.remote_page = RemotePage(settings, serving_url)
        self.add_page(self.tr("Server"), self.remote_page)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self._per_model_section(settings))
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.resize(600, 440)

    def add_page(self, title: str, widget: QWidget) -> None:
        """Add a tab (e.g. a remote server's settings); the caller reads its own widgets after exec()."""
        self.tabs.addTab(widget, title)

    # ----- Model -------------------------------------------------------------------------

    def _model_page(self, settings: Settings, models: Sequence[InstalledModel]) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.model_path = QLineEdit(settings.model_path or "")  # first: set_models selects its entry
        self.model_path.setObjectName("settingsModelPath")
        self.model_path.setPlaceholderText(self.tr("Starter model (SmolLM2 135M)"))
        self.model_path.setAccessibleName(self.tr("Model file"))
        self.model_choice = QComboBox()
        self.model_choice.setObjectName("settingsModelChoice")
        self.model_choice.setAccessibleName(self.tr("Model"))
        self._fill_models(models)
        self.model_choice.activated.connect(self._model_chosen)
        manage = QPushButton(self.tr("Manage models…"))
        manage.setObjectName("settingsManageModels")
        manage.setEnabled(self._open_models is not None)
        manage.clicked.connect(lambda: self._open_models() if self._open_models else None)
        row = QHBoxLayout()
        row.addWidget(self.model_choice, 1)
        row.addWidget(manage)
        form.addRow(self.tr("Model:"), row)

        self.model_path.textChanged.connect(self._sync_model_choice)
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.model_path, 1)
        row.addWidget(browse)
        form.addRow(self.tr("Model file (GGUF):"), row)

        self.n_ctx = QSpinBox()
        self.n_ctx.setObjectName("settingsContext")
        self.n_ctx.setRange(256, 131072)
        self.n_ctx.setSingleStep(512)
        self.n_ctx.setValue(settings.n_ctx)
        form.addRow(self.tr("Context length (tokens):"), self.n_ctx)
        self.parallel = QSpinBox()
        self.parallel.setObjectName("settingsParallel")
        self.parallel.setAccessibleName(self.tr("Parallel sequences"))  # its form label is on a layout, not on it
        self.parallel.setRange(0, MAX_PARALLEL_SEQUENCES)
        self.parallel.setSpecialValueText(self.tr("Automatic"))
        self.parallel.setValue(settings.parallel_sequences)
        self.parallel.setToolTip(
            self.tr(
                "How many requests the model answers at the same time: replies for API clients, "
                "blocks of a translation, steps of a summary. Each sequence reserves its own context memory "
                "(a full context length), so memory grows with this number. Automatic takes up to {0}, "
                "as this computer's memory allows. Applies when the model is loaded again."
            ).format(AUTO_PARALLEL_MAX)
        )
        self.parallel_cost = QLabel()  # what they cost with the chosen model, under the box
        self.parallel_cost.setObjectName("settingsParallelCost")
        self.parallel_cost.setWordWrap(True)
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(self.parallel)
        column.addWidget(self.parallel_cost)
        form.addRow(self.tr("Parallel sequences:"), column)
        self.threads = QSpinBox()
        self.threads.setObjectName("settingsThreads")
        self.threads.setRange(0, 256)
        self.threads.setSpecialValueText(self.tr("Automatic"))
        self.threads.setValue(settings.n_threads or 0)
        form.addRow(self.tr("CPU threads:"), self.threads)

        can_offload, backend = self._offload
        self.gpu_layers = QSpinBox()
        self.gpu_layers.setObjectName("settingsGpuLayers")
        self.gpu_layers.setRange(-1, 1000)
        self.gpu_layers.setSpecialValueText(self.tr("All"))
        self.gpu_layers.setValue(settings.n_gpu_layers if can_offload else 0)
        self.gpu_layers.setEnabled(can_offload)
        form.addRow(self.tr("Layers on the GPU:"), self.gpu_layers)
        self.backend_label = QLabel(
            self.tr("{0}: layers can be placed on the GPU.").format(backend)
            if can_offload
            else self.tr("{0} only: this build of llama.cpp cannot use a GPU.").format(backend)
        )
        self.backend_label.setObjectName("settingsBackend")
        self.backend_label.setWordWrap(True)
        form.addRow(self.tr("Backend:"), self.backend_label)
        from assistant.core.engine.cpu_check import load_result
        from assistant.ui.cpu_check_text import status_text

        self.cpu_check_label = QLabel(status_text(load_result()))
        self.cpu_check_label.setObjectName("settingsCpuCheck")
        self.cpu_check_label.setWordWrap(True)
        form.addRow(self.tr("CPU check:"), self.cpu_check_label)
        for box in (self.n_ctx, self.parallel, self.gpu_layers):
            box.valueChanged.connect(self._show_parallel_cost)
        self.model_path.textChanged.connect(self._show_parallel_cost)
        self._show_parallel_cost()
        return page

    def _chosen_model(self) -> InstalledModel | None:
        """The installed model the Model file field names (the starter when empty), if it is listed."""
        text = self.model_path.text().strip()
        for model in self._models:
            if (not text and model.source == "starter") or (text and _same_path(Path(text), model.path)):
                return model
        return None

    def _show_parallel_cost(self, _value: object = None) -> None:
        """What the sequences cost with the chosen model at this context length (empty for an unlisted file)."""
        model = self._chosen_model()
        cache = self.kv_cache.currentData() if hasattr(self, "kv_cache") else "f16"
        flash = effective_flash_attn(
            cache, self.flash_attn.currentData() if hasattr(self, "flash_attn") else "auto", False
        )
        one = (
            model.estimate(self.n_ctx.value(), self.gpu_layers.value(), kv_cache_type=cache, flash_attn=flash is True)
            if model is not None
            else None
        )
        if one is None:
            self.parallel_cost.setText("")
            return
        from assistant.core.models.memory import Fit, format_bytes, judge_fit, machine_memory, parallel_estimate

        if self._machine is None:
            self._machine = machine_memory()
        estimate = parallel_estimate(self.parallel.value(), one, self._machine)
        text = self.tr("For this model: {0} × {1} of context memory, about {2} in all.").format(
            estimate.n_seq, format_bytes(estimate.kv_per_seq), format_bytes(estimate.total)
        )
        fit = judge_fit(estimate, self._machine)
        if fit is Fit.TIGHT:
            text += " " + self.tr("That is tight for this computer's memory.")
        elif fit is Fit.TOO_BIG:
            text += " " + self.tr("That is more than this computer's memory holds.")
        self.parallel_cost.setText(text)

    def set_models(self, models: Sequence[InstalledModel]) -> None:
        """Fill the model pickers again (after the Models dialog changed what is installed)."""
        self._all_models = models
        self._fill_models(models)
        self._show_parallel_cost()
        self._fill_embedding_models(self.embedding_choice.currentData() or "")

    def _fill_models(self, models: Sequence[InstalledModel]) -> None:
        self._models = [model for model in models if model.chat_usable]  # embedding models cannot chat
        self.model_choice.clear()
        self.model_choice.addItem(self.tr("Starter model (SmolLM2 135M)"), "")
        for model in self._models:
            if model.source != "starter":
                self.model_choice.addItem(model.name, str(model.path))
        self.model_choice.addItem(self.tr("Another file…"), None)
        self._sync_model_choice(self.model_path.text())

    def _model_chosen(self, index: int) -> None:
        data = self.model_choice.itemData(index)
        if data is None:
            self._browse()
        else:
            self.model_path.setText(data)

    def _sync_model_choice(self, text: str) -> None:
        index = self.model_choice.findData(text.strip())
        self.model_choice.setCurrentIndex(index if index >= 0 else self.model_choice.count() - 1)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a GGUF model"), self.model_path.text(), self.tr("GGUF models (*.gguf);;All files (*)")
        )
        if path:
            self.model_path.setText(path)
        else:
            self._sync_model_choice(self.model_path.text())

    # ----- Generation --------------------------------------------------------------------

    def _generation_page(self, settings: Settings) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.preset = QComboBox()
        self.preset.setObjectName("settingsPreset")
        names = {"precise": self.tr("Precise"), "balanced": self.tr("Balanced"), "creative": self.tr("Creative")}
        for name in PRESETS:
            self.preset.addItem(names.get(name, name), name)
        self.preset.addItem(self.tr("Custom"), CUSTOM)
        self.preset.setToolTip(
            self.tr(
                "Precise: facts, code and translation. Balanced: everyday chat and writing. "
                "Creative: stories and brainstorming."
            )
        )
        form.addRow(self.tr("Style:"), self.preset)

        def spin(minimum: float, maximum: float, step: float, value: float, decimals: int = 2) -> QDoubleSpinBox:
            box = QDoubleSpinBox()
            box.setRange(minimum, maximum)
            box.setSingleStep(step)
            box.setDecimals(decimals)
            box.setValue(value)
            box.valueChanged.connect(self._knob_edited)
            return box

        self.temperature = spin(0.0, 2.0, 0.1, settings.temperature)
        self.temperature.setObjectName("settingsTemperature")
        form.addRow(self.tr("Temperature:"), self.temperature)
        self.top_p = spin(0.0, 1.0, 0.01, settings.top_p)
        self.top_p.setObjectName("settingsTopP")
        form.addRow(self.tr("Top-p:"), self.top_p)
        self.top_k = QSpinBox()
        self.top_k.setObjectName("settingsTopK")
        self.top_k.setRange(0, 1000)
        self.top_k.setSpecialValueText(self.tr("Off"))
        self.top_k.setValue(settings.top_k)
        self.top_k.valueChanged.connect(self._knob_edited)
        form.addRow(self.tr("Top-k:"), self.top_k)
        self.min_p = spin(0.0, 1.0, 0.01, settings.min_p)
        self.min_p.setObjectName("settingsMinP")
        form.addRow(self.tr("Min-p:"), self.min_p)
        self.repeat_penalty = spin(1.0, 2.0, 0.05, settings.repeat_penalty)
        self.repeat_penalty.setObjectName("settingsRepeatPenalty")
        form.addRow(self.tr("Repeat penalty:"), self.repeat_penalty)
        self.max_tokens = QSpinBox()
        self.max_tokens.setObjectName("settingsMaxTokens")
        self.max_tokens.setRange(16, 32768)
        self.max_tokens.setValue(settings.max_tokens)
        form.addRow(self.tr("Longest reply (tokens):"), self.max_tokens)
        self.system_prompt = QPlainTextEdit(settings.system_prompt)
        self.system_prompt.setTabChangesFocus(True)  # Tab moves on: no keyboard trap
        self.system_prompt.setObjectName("settingsSystemPrompt")
        self.system_prompt.setAccessibleName(self.tr("Default system prompt"))
        form.addRow(self.tr("Default system prompt:"), self.system_prompt)
        self._show_matching_preset()
        self.preset.currentIndexChanged.connect(self._preset_chosen)
        return page

    def knob_values(self) -> dict[str, float | int]:
        return {
            "temperature": round(self.temperature.value(), 2),
            "top_p": round(self.top_p.value(), 2),
            "top_k": self.top_k.value(),
            "min_p": round(self.min_p.value(), 2),
            "repeat_penalty": round(self.repeat_penalty.value(), 2),
        }

    def _preset_chosen(self, index: int) -> None:
        values = PRESETS.get(self.preset.itemData(index))
        if values is None:
            return  # Custom: leave the knobs as they are
        boxes: dict[str, QSpinBox | QDoubleSpinBox] = {
            "temperature": self.temperature,
            "top_p": self.top_p,
            "top_k": self.top_k,
            "min_p": self.min_p,
            "repeat_penalty": self.repeat_penalty,
        }
        for key, box in boxes.items():
            box.blockSignals(True)
            if isinstance(box, QSpinBox):
                box.setValue(int(values[key]))
            else:
                box.setValue(float(values[key]))
            box.blockSignals(False)

    def _knob_edited(self, _value: object = None) -> None:
        self._show_matching_preset()

    def _show_matching_preset(self) -> None:
        index = self.preset.findData(matching_preset(self.knob_values()))
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(index)
        self.preset.blockSignals(False)

    # ----- Interface ---------------------------------------------------------------------

    def _interface_page(self, settings: Settings) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.language = QComboBox()
        self.language.setObjectName("settingsLanguage")
        for code, name in INTERFACE_LANGUAGES:
            self.language.addItem(self.tr("System") if code == "" else name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.ui_language)))
        form.addRow(self.tr("Language (after restart):"), self.language)
        self.theme = QComboBox()
        self.theme.setObjectName("settingsTheme")
        for code, name in (("system", self.tr("System")), ("light", self.tr("Light")), ("dark", self.tr("Dark"))):
            self.theme.addItem(name, code)
        self.theme.setCurrentIndex(max(0, self.theme.findData(settings.theme)))
        form.addRow(self.tr("Theme:"), self.theme)
        self.notify_long_jobs = QCheckBox(
            self.tr("Notify me when a summary, translation or download finishes in the background")
        )
        self.notify_long_jobs.setObjectName("settingsNotifyLongJobs")
        self.notify_long_jobs.setChecked(settings.notify_long_jobs)
        form.addRow("", self.notify_long_jobs)
        return page

    # ----- Storage -----------------------------------------------------------------------

    def _storage_page(self, settings: Settings) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.models_dir = QLineEdit(settings.models_dir or "")
        self.models_dir.setObjectName("settingsModelsDir")
        self.models_dir.setAccessibleName(self.tr("Models folder"))
        if self._default_models_dir is not None:
            self.models_dir.setPlaceholderText(str(self._default_models_dir))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse_models_dir)
        row = QHBoxLayout()
        row.addWidget(self.models_dir, 1)
        row.addWidget(browse)
        form.addRow(self.tr("Models folder:"), row)
        note = QLabel(
            self.tr(
                "Downloads go here. Models already in the old folder stay there; move them yourself if you change it."
            )
        )
        note.setWordWrap(True)
        form.addRow("", note)
        self.discover_models = QCheckBox(
            self.tr("Also list models from other apps (Hugging Face cache, LM Studio, GPT4All)")
        )
        self.discover_models.setObjectName("settingsDiscoverModels")
        self.discover_models.setChecked(settings.discover_models)
        form.addRow("", self.discover_models)
        return page

    def _browse_models_dir(self) -> None:
        start = self.models_dir.text() or (str(self._default_models_dir) if self._default_models_dir else "")
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose the models folder"), start)
        if folder:
            self.models_dir.setText(folder)

    # ----- Library -----------------------------------------------------------------------

    def _library_page(self, settings: Settings) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.embedding_choice = QComboBox()
        self.embedding_choice.setObjectName("settingsEmbeddingModel")
        self.embedding_choice.setAccessibleName(self.tr("Embedding model"))
        self.embedding_choice.currentIndexChanged.connect(self._show_embedding_note)
        manage = QPushButton(self.tr("Manage models…"))
        manage.setObjectName("settingsLibraryManageModels")
        manage.setEnabled(self._open_models is not None)
        manage.clicked.connect(lambda: self._open_models() if self._open_models else None)
        row = QHBoxLayout()
        row.addWidget(self.embedding_choice, 1)
        row.addWidget(manage)
        form.addRow(self.tr("Embedding model:"), row)
        self.embedding_note = QLabel()
        self.embedding_note.setObjectName("settingsEmbeddingNote")
        self.embedding_note.setWordWrap(True)
        form.addRow("", self.embedding_note)
        self._fill_embedding_models(settings.library_embedding_model or "")
        return page

    def _fill_embedding_models(self, current: str) -> None:
        """The downloaded embedding models, after "None (keywords only)"; a set file no longer listed stays."""
        box = self.embedding_choice
        box.blockSignals(True)
        box.clear()
        box.addItem(self.tr("None (keywords only)"), "")
        for model in self._all_models:
            if model.usable and model.is_embedding:
                box.addItem(model.name, str(model.path))
        index = next((i for i in range(1, box.count()) if _same_path(Path(current), Path(box.itemData(i)))), -1)
        if current and index < 0:
            box.addItem(self.tr("{0} (not found)").format(Path(current).name), current)
            index = box.count() - 1
        box.setCurrentIndex(max(index, 0))
        box.blockSignals(False)
        self._show_embedding_note()

    def _show_embedding_note(self, _index: int = 0) -> None:
        if not self.embedding_choice.currentData():
            text = self.tr(
                "Keywords only: the Library finds passages that share words with the question. An embedding "
                "model also finds passages that say the same thing in other words (Models → Recommended has some)."
            )
        else:
            text = self.tr(
                "The Library's passages and questions become vectors with this model, and Quill's API server "
                "(quill serve) answers /v1/embeddings with it."
            )
        self.embedding_note.setText(text)

    # ----- Per model -------------------------------------------------------------------

    def _per_model_section(self, settings: Settings) -> QHBoxLayout:
        """ "Settings for: this model / all models" and "Reset to model defaults" above the tabs; the
        KV-cache and flash-attention rows; a label beside each per-model field saying where its value
        comes from. Values edited for a model are kept for that model (per_model) when OK is pressed."""
        self._working = settings  # app values and per_model as edited so far; the shown scope is in the widgets
        # The scope in the widgets now ("none" yet), its model key and that model's recommended sampling.
        self._shown: tuple[str, str, dict[str, Any]] = ("none", "", {})
        self._loading = False
        form = _form_of(self.gpu_layers)
        self.kv_cache = QComboBox()
        self.kv_cache.setObjectName("settingsKvCache")
        labels = {
            "f16": self.tr("f16 (full precision, fastest on CPU)"),
            "q8_0": self.tr("q8_0 (about half the memory)"),
            "q4_0": self.tr("q4_0 (about a quarter of the memory)"),
        }
        for cache in KV_CACHE_TYPES:
            self.kv_cache.addItem(labels[cache], cache)
        self.kv_cache.setToolTip(
            self.tr(
                "The memory that holds the context. A quantized cache takes less memory but, measured on a "
                "CPU, evaluates prompts and long conversations more slowly. Applies when the model is loaded again."
            )
        )
        self.flash_attn = QComboBox()
        self.flash_attn.setObjectName("settingsFlashAttn")
        for code, name in (("auto", self.tr("Automatic")), ("on", self.tr("On")), ("off", self.tr("Off"))):
            self.flash_attn.addItem(name, code)
        self.flash_note = QLabel()
        self.flash_note.setObjectName("settingsFlashNote")
        self.flash_note.setWordWrap(True)
        row, _role = _position(form, self.gpu_layers)
        form.insertRow(row + 1, self.tr("KV cache:"), self.kv_cache)
        column = QVBoxLayout()
        column.setSpacing(2)
        flash_line = QHBoxLayout()  # the box and, beside it, where its value comes from
        flash_line.addWidget(self.flash_attn, 1)
        column.addLayout(flash_line)
        column.addWidget(self.flash_note)
        form.insertRow(row + 2, self.tr("Flash attention:"), column)
        for box in (self.kv_cache, self.flash_attn):
            box.currentIndexChanged.connect(self._cache_changed)

        self.sources: dict[str, QLabel] = {}
        for name, widget in self._per_model_widgets().items():
            label = QLabel()
            label.setObjectName(f"settingsSource_{name}")
            label.setEnabled(False)  # drawn dimmed: a note, not a value
            self.sources[name] = label
            if widget is self.flash_attn:
                flash_line.addWidget(label)
            else:
                _put_beside(widget, label)
            signal = getattr(widget, "currentIndexChanged", None) or getattr(widget, "valueChanged", None)
            if signal is None:
                signal = widget.textChanged  # type: ignore[attr-defined]
            signal.connect(lambda *_args, field=name: self._edited(field))

        self.scope = QComboBox()
        self.scope.setObjectName("settingsScope")
        self.scope.addItem(self.tr("This model"), "model")
        self.scope.addItem(self.tr("All models (defaults)"), "app")
        self.scope.setToolTip(
            self.tr(
                "This model: context, GPU layers, cache, sampling and system prompt are remembered for the "
                "chosen model file. All models: the defaults every model uses where it has no value of its own."
            )
        )
        self.scope_model = QLabel()
        self.scope_model.setObjectName("settingsScopeModel")
        self.reset_model = QPushButton(self.tr("Reset to model defaults"))
        self.reset_model.setObjectName("settingsResetModel")
        self.reset_model.setToolTip(
            self.tr("Forget what was set for this model: its own recommended sampling, then the defaults, apply.")
        )
        self.reset_model.clicked.connect(self._reset_model)
        self.scope.currentIndexChanged.connect(self._show_scope)
        self.model_path.textChanged.connect(self._show_scope)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Settings for:")))
        top.addWidget(self.scope)
        top.addWidget(self.scope_model, 1)
        top.addWidget(self.reset_model)
        self._show_scope()
        return top

    def _per_model_widgets(self) -> dict[str, QWidget]:
        return {
            "n_ctx": self.n_ctx,
            "n_gpu_layers": self.gpu_layers,
            "kv_cache_type": self.kv_cache,
            "flash_attn": self.flash_attn,
            "temperature": self.temperature,
            "top_p": self.top_p,
            "top_k": self.top_k,
            "min_p": self.min_p,
            "repeat_penalty": self.repeat_penalty,
            "system_prompt": self.system_prompt,
        }

    def _shown_values(self) -> dict[str, Any]:
        values: dict[str, Any] = dict(self.knob_values())
        values.update(
            n_ctx=self.n_ctx.value(),
            kv_cache_type=self.kv_cache.currentData(),
            flash_attn=self.flash_attn.currentData(),
            system_prompt=self.system_prompt.toPlainText().strip(),
        )
        if self._offload[0]:  # a CPU build shows 0 layers whatever is kept: keep it as it is
            values["n_gpu_layers"] = self.gpu_layers.value()
        return values

    def _show_values(self, values: dict[str, Any]) -> None:
        self._loading = True
        try:
            for name in ("n_ctx", "top_k"):
                getattr(self, name).setValue(int(values[name]))
            for name in ("temperature", "top_p", "min_p", "repeat_penalty"):
                getattr(self, name).setValue(float(values[name]))
            if self._offload[0]:
                self.gpu_layers.setValue(int(values["n_gpu_layers"]))
            self.kv_cache.setCurrentIndex(max(0, self.kv_cache.findData(values["kv_cache_type"])))
            self.flash_attn.setCurrentIndex(max(0, self.flash_attn.findData(values["flash_attn"])))
            self.system_prompt.setPlainText(values["system_prompt"])
        finally:
            self._loading = False
        self._show_matching_preset()
        self._cache_changed()

    def _model_file(self) -> Path | None:
        """The file the Model field names (the starter model when empty), or None when there is none."""
        text = self.model_path.text().strip()
        if text:
            return Path(text).expanduser()
        from assistant.core.models.starter import find_starter_model

        return find_starter_model()

    def _recommended(self, path: Path | None) -> dict[str, Any]:
        """The chosen model's own recommended sampling: from the list's header read, else from the file."""
        model = self._chosen_model()
        if model is not None and model.summary is not None:
            return per_model.sampling_from_metadata(model.summary.sampling)
        return per_model.recommended_for(path) if path is not None and path.is_file() else {}

    def _keep_shown(self) -> None:
        """Put the values in the widgets into ``_working``: the app's, or the shown model's."""
        scope, key, recommended = self._shown
        values = self._shown_values()
        if scope == "app":
            self._working = dataclasses.replace(self._working, **values)
        elif scope == "model" and key:
            self._working = per_model.remember(self._working, key, values, recommended)

    def _show_scope(self, _value: object = None) -> None:
        """Show the values of the scope picked (this model's, resolved; or the app's) and their sources."""
        self._keep_shown()
        scope = self.scope.currentData()
        path = self._model_file()
        key = per_model.model_key(path) if path is not None else ""
        if scope == "model" and not key:
            scope = "app"  # no readable file: only the defaults can be edited
        recommended = self._recommended(path) if scope == "model" else {}
        self._shown = (scope, key if scope == "model" else "", recommended)
        if scope == "app":
            self._show_values({name: getattr(self._working, name) for name in SHOWN_PER_MODEL})
            self.scope_model.setText("")
        else:
            resolved = per_model.resolve(self._working, key, recommended)
            self._show_values(resolved.values)
            model = self._chosen_model()
            self.scope_model.setText(model.name if model is not None else (path.name if path else ""))
        self._show_sources()

    def _show_sources(self) -> None:
        scope, key, recommended = self._shown
        self.reset_model.setEnabled(scope == "model")
        if scope == "app":
            for label in self.sources.values():
                label.setText(self.tr("all models"))
            return
        resolved = per_model.resolve(self._working, key, recommended)
        words = {"model": self.tr("this model"), "metadata": self.tr("model metadata"), "app": self.tr("app default")}
        for name, label in self.sources.items():
            label.setText(words[resolved.sources[name]])

    def _edited(self, name: str) -> None:
        if not self._loading and self._shown[0] == "model":
            self.sources[name].setText(self.tr("this model"))

    def _reset_model(self) -> None:
        """Forget this model's own values and show what it gets without them."""
        scope, key, _recommended = self._shown
        if scope != "model" or not key:
            return
        self._working = per_model.forget(self._working, key)
        self._shown = ("none", "", {})  # nothing to keep from the widgets
        self._show_scope()

    def _cache_changed(self, _value: object = None) -> None:
        """A quantized cache needs flash attention: say so and show it on; say what automatic does."""
        quantized = self.kv_cache.currentData() != "f16"
        self.flash_attn.setEnabled(not quantized)
        if quantized:
            self.flash_note.setText(self.tr("A q8_0 or q4_0 cache needs flash attention, so it is on."))
        elif self.flash_attn.currentData() == "auto":
            self.flash_note.setText(
                self.tr(
                    "Automatic: off when the model runs on the CPU alone (replies are faster there); llama.cpp decides when layers are on a GPU."
                )
            )
        else:
            self.flash_note.setText("")
        self._show_parallel_cost()

    def _with_per_model(self, result: Settings) -> Settings:
        """``result`` (the widgets) with the app-wide per-model fields and every model's own values."""
        self._keep_shown()
        app = {name: getattr(self._working, name) for name in SHOWN_PER_MODEL}
        return dataclasses.replace(result, **app, per_model=self._working.per_model)

    # ----- result ------------------------------------------------------------------------

    def result_settings(self) -> Settings:
        """The edited copy: the app-wide values, and what was set for each model shown (per_model)."""
        return self._with_per_model(self._widget_settings())

    def _widget_settings(self) -> Settings:
        knobs = self.knob_values()
        return self.remote_page.apply(
            dataclasses.replace(
                self._settings,
                model_path=self.model_path.text().strip() or None,
                n_ctx=self.n_ctx.value(),
                parallel_sequences=self.parallel.value(),
                n_threads=self.threads.value() or None,
                n_gpu_layers=self.gpu_layers.value() if self._offload[0] else self._settings.n_gpu_layers,
                temperature=float(knobs["temperature"]),
                top_p=float(knobs["top_p"]),
                top_k=int(knobs["top_k"]),
                min_p=float(knobs["min_p"]),
                repeat_penalty=float(knobs["repeat_penalty"]),
                max_tokens=self.max_tokens.value(),
                system_prompt=self.system_prompt.toPlainText().strip(),
                ui_language=self.language.currentData(),
                theme=self.theme.currentData(),
                notify_long_jobs=self.notify_long_jobs.isChecked(),
                models_dir=self.models_dir.text().strip() or None,
                discover_models=self.discover_models.isChecked(),
                library_embedding_model=self.embedding_choice.currentData() or None,
            )
        )


# The dialog's fields kept per model (core/models/model_settings.py PER_MODEL_FIELDS, less the thinking
# default, which the Chat pane sets; the dialog keeps what is stored for it).
SHOWN_PER_MODEL = (
    "n_ctx",
    "n_gpu_layers",
    "kv_cache_type",
    "flash_attn",
    "temperature",
    "top_p",
    "top_k",
    "min_p",
    "repeat_penalty",
    "system_prompt",
)


def _form_of(widget: QWidget) -> QFormLayout:
    parent = widget.parentWidget()
    layout = parent.layout() if parent is not None else None
    assert isinstance(layout, QFormLayout), "a per-model field sits in a form"
    return layout


def _position(form: QFormLayout, widget: QWidget) -> tuple[int, QFormLayout.ItemRole]:
    """Where ``widget`` is in ``form`` (PySide6 returns the pair untyped)."""
    return cast(tuple[int, QFormLayout.ItemRole], form.getWidgetPosition(widget))


def _put_beside(widget: QWidget, label: QLabel) -> None:
    """Put ``label`` to the right of ``widget`` in its form row (the row's field becomes both)."""
    layout = _form_of(widget)
    row, role = _position(layout, widget)
    item = layout.itemAt(row, QFormLayout.ItemRole.LabelRole)
    caption = item.widget() if item is not None else None
    if not widget.accessibleName() and isinstance(caption, QLabel):
        # Its row label named it for a screen reader as the label's buddy; inside a holder it no longer is.
        widget.setAccessibleName(caption.text().rstrip(":：").replace("&", ""))
    layout.removeWidget(widget)
    holder = QWidget()
    line = QHBoxLayout(holder)
    line.setContentsMargins(0, 0, 0, 0)
    line.addWidget(widget, 1)
    line.addWidget(label)
    layout.setWidget(row, role, holder)


def _same_path(a: Path, b: Path) -> bool:
    try:
        return a.expanduser().resolve() == b.resolve()
    except OSError:
        return False
