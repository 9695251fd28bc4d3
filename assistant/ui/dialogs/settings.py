"""Settings: the model file, generation defaults, language and theme."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from assistant.core.settings import Settings
from assistant.ui.dialogs.remote_page import RemotePage

LANGUAGES = (("", "System"), ("en", "English"), ("zh_CN", "简体中文"))


class SettingsDialog(QDialog):
    """Edits a copy of the settings; :meth:`result_settings` gives the edited copy."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self._settings = settings
        form = QFormLayout(self)

        self.model_path = QLineEdit(settings.model_path or "")
        self.model_path.setObjectName("settingsModelPath")
        self.model_path.setPlaceholderText(self.tr("Starter model (SmolLM2 135M)"))
        self.model_path.setAccessibleName(self.tr("Model file"))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.model_path, 1)
        row.addWidget(browse)
        form.addRow(self.tr("Model file (GGUF):"), row)

        self.n_ctx = QSpinBox()
        self.n_ctx.setRange(256, 131072)
        self.n_ctx.setSingleStep(512)
        self.n_ctx.setValue(settings.n_ctx)
        form.addRow(self.tr("Context length (tokens):"), self.n_ctx)
        self.threads = QSpinBox()
        self.threads.setRange(0, 256)
        self.threads.setSpecialValueText(self.tr("Automatic"))
        self.threads.setValue(settings.n_threads or 0)
        form.addRow(self.tr("CPU threads:"), self.threads)
        self.gpu_layers = QSpinBox()
        self.gpu_layers.setRange(-1, 1000)
        self.gpu_layers.setSpecialValueText(self.tr("All"))
        self.gpu_layers.setValue(settings.n_gpu_layers)
        form.addRow(self.tr("Layers on the GPU:"), self.gpu_layers)

        self.temperature = QDoubleSpinBox()
        self.temperature.setRange(0.0, 2.0)
        self.temperature.setSingleStep(0.1)
        self.temperature.setValue(settings.temperature)
        form.addRow(self.tr("Temperature:"), self.temperature)
        self.max_tokens = QSpinBox()
        self.max_tokens.setRange(16, 32768)
        self.max_tokens.setValue(settings.max_tokens)
        form.addRow(self.tr("Longest reply (tokens):"), self.max_tokens)
        self.system_prompt = QPlainTextEdit(settings.system_prompt)
        self.system_prompt.setObjectName("settingsSystemPrompt")
        self.system_prompt.setMaximumHeight(80)
        self.system_prompt.setAccessibleName(self.tr("Default system prompt"))
        form.addRow(self.tr("Default system prompt:"), self.system_prompt)

        self.language = QComboBox()
        self.language.setObjectName("settingsLanguage")
        for code, name in LANGUAGES:
            self.language.addItem(self.tr("System") if code == "" else name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.ui_language)))
        form.addRow(self.tr("Language (after restart):"), self.language)
        self.theme = QComboBox()
        self.theme.setObjectName("settingsTheme")
        for code, name in (("system", self.tr("System")), ("light", self.tr("Light")), ("dark", self.tr("Dark"))):
            self.theme.addItem(name, code)
        self.theme.setCurrentIndex(max(0, self.theme.findData(settings.theme)))
        form.addRow(self.tr("Theme:"), self.theme)

        self.remote_page = RemotePage(settings, getattr(parent, "serving_url", ""))  # its own module: moves to a tab
        form.addRow(self.remote_page)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a GGUF model"), self.model_path.text(),
                                              self.tr("GGUF models (*.gguf);;All files (*)"))  # fmt: skip
        if path:
            self.model_path.setText(path)

    def result_settings(self) -> Settings:
        return self.remote_page.apply(dataclasses.replace(
            self._settings,
            model_path=self.model_path.text().strip() or None,
            n_ctx=self.n_ctx.value(),
            n_threads=self.threads.value() or None,
            n_gpu_layers=self.gpu_layers.value(),
            temperature=round(self.temperature.value(), 2),
            max_tokens=self.max_tokens.value(),
            system_prompt=self.system_prompt.toPlainText().strip(),
            ui_language=self.language.currentData(),
            theme=self.theme.currentData(),
        ))
