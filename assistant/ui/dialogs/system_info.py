"""Help → System information…: the same report as `quill doctor`, to copy into a bug report."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from assistant.core.engine.system_report import collect


class SystemInfoDialog(QDialog):
    """Shows the llama.cpp build, the CPU check, the model, disk, memory and display; Copy puts it on the clipboard."""

    def __init__(self, model_path: Path | None, answering: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("systemInfoDialog")
        self.setWindowTitle(self.tr("System information"))
        report = collect(model_path, run_check=False, require_model=False)
        report.add("Answer", answering)
        self.report_text = report.text()

        intro = QLabel(self.tr("Copy this into a bug report. It holds no conversation text."))
        intro.setWordWrap(True)
        self.text = QPlainTextEdit(self.report_text)
        self.text.setObjectName("systemInfoText")
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setAccessibleName(self.tr("System information"))
        self.text.setMinimumSize(640, 320)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(self.tr("&Copy"))
        self.copy_button.setObjectName("systemInfoCopy")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.text)
        layout.addWidget(buttons)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.report_text)
