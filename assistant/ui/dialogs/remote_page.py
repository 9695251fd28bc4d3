"""Settings page: where the model runs (this computer or a server), and serving it to other programs.

A self-contained page: :meth:`RemotePage.apply` writes its fields into a
Settings; the API key is not a setting and is handed back separately by
:meth:`RemotePage.api_key`, for the keyring (or this session) to keep.
"""

from __future__ import annotations

import dataclasses
import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from assistant.core.settings import Settings
from assistant.core.stores import api_keys
from assistant.server.fields import MAX_CHOICES, Status, names


class RemotePage(QWidget):
    """Engine choice (local or an OpenAI-compatible server) and the Serve toggle.

    Args:
        settings: the values to show.
        serving_url: the API server's address if it is running now, else "".
    """

    def __init__(self, settings: Settings, serving_url: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("remotePage")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        engine_box = QGroupBox(self.tr("Where the model runs"))
        form = QFormLayout(engine_box)
        self.backend = QComboBox()
        self.backend.setObjectName("settingsBackend")
        self.backend.addItem(self.tr("This computer (local GGUF model)"), "local")
        self.backend.addItem(self.tr("A server (OpenAI-compatible)"), "remote")
        self.backend.setCurrentIndex(max(0, self.backend.findData(settings.backend)))
        form.addRow(self.tr("Engine:"), self.backend)
        self.base_url = QLineEdit(settings.remote_base_url)
        self.base_url.setObjectName("settingsRemoteUrl")
        self.base_url.setPlaceholderText("http://gpu-box:8080/v1")
        self.base_url.setAccessibleName(self.tr("Server address"))
        form.addRow(self.tr("Server address:"), self.base_url)
        self.model = QLineEdit(settings.remote_model)
        self.model.setObjectName("settingsRemoteModel")
        self.model.setPlaceholderText(self.tr("The first model the server lists"))
        form.addRow(self.tr("Model name:"), self.model)
        self.key = QLineEdit()
        self.key.setObjectName("settingsRemoteKey")
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key.setAccessibleName(self.tr("API key"))
        saved = bool(settings.remote_base_url and api_keys.get_api_key(settings.remote_base_url))
        self.key.setPlaceholderText(self.tr("(saved; type to replace)") if saved else self.tr("None"))
        form.addRow(self.tr("API key:"), self.key)
        self.key_note = QLabel(self._key_note())
        self.key_note.setObjectName("settingsKeyNote")
        form.addRow(self.key_note)  # not word-wrapped: a wrapped label inside nested forms gets clipped
        self.ca_file = QLineEdit(settings.remote_ca_file)
        self.ca_file.setObjectName("settingsRemoteCa")
        self.ca_file.setPlaceholderText(self.tr("System certificates"))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse_ca)
        row = QHBoxLayout()
        row.addWidget(self.ca_file, 1)
        row.addWidget(browse)
        form.addRow(self.tr("CA file (https):"), row)
        self.n_ctx = QSpinBox()
        self.n_ctx.setObjectName("settingsRemoteCtx")
        self.n_ctx.setRange(256, 1048576)
        self.n_ctx.setSingleStep(1024)
        self.n_ctx.setValue(settings.remote_n_ctx)
        self.n_ctx.setToolTip(self.tr("Used for budgets when the server does not report its context length."))
        form.addRow(self.tr("Server context (tokens):"), self.n_ctx)
        self._remote_fields = [self.base_url, self.model, self.key, self.ca_file, browse, self.n_ctx]
        self.backend.currentIndexChanged.connect(self._update)
        layout.addWidget(engine_box)

        serve_box = QGroupBox(self.tr("Serve to other programs"))
        serve_form = QFormLayout(serve_box)
        self.serve = QCheckBox(self.tr("Serve the loaded model as an OpenAI-compatible API"))
        self.serve.setObjectName("settingsServe")
        self.serve.setChecked(settings.serve_enabled)
        serve_form.addRow(self.serve)
        self.serve_host = QLineEdit(settings.serve_host)
        self.serve_host.setObjectName("settingsServeHost")
        self.serve_host.setToolTip(self.tr("127.0.0.1 keeps it to this computer."))
        serve_form.addRow(self.tr("Listen on:"), self.serve_host)
        self.serve_port = QSpinBox()
        self.serve_port.setObjectName("settingsServePort")
        self.serve_port.setRange(1, 65535)
        self.serve_port.setValue(settings.serve_port)
        serve_form.addRow(self.tr("Port:"), self.serve_port)
        self.serve_address = QLabel()
        self.serve_address.setObjectName("settingsServeAddress")
        self.serve_address.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        serve_form.addRow(self.tr("Address:"), self.serve_address)
        self._serving_url = serving_url
        for signal in (self.serve.toggled, self.serve_host.textChanged, self.serve_port.valueChanged):
            signal.connect(self._update)
        layout.addWidget(serve_box)
        layout.addWidget(self._fields_box(), 1)
        self._update()

    def _fields_box(self) -> QGroupBox:
        """What API clients may send, from the server's one table of request fields (server/fields.py)."""
        box = QGroupBox(self.tr("What programs can ask for"))
        column = QVBoxLayout(box)
        groups = [
            (self.tr("Used"), names(Status.USED, nested=False)),
            (self.tr("Accepted, not used (they describe the program)"), names(Status.CLIENT)),
            (self.tr("Not supported yet, refused"), names(Status.PLANNED, nested=False)),
            (self.tr("Not supported, refused"), names(Status.REFUSED, nested=False)),
        ]
        closing = self.tr(
            "Up to {0} choices per request (n), made at the same time. Any other field is refused with an "
            "error that names it; “quill serve --help” says what each field does."
        ).format(MAX_CHOICES)
        parts = [
            f"<p><b>{html.escape(heading)}:</b> {html.escape(', '.join(fields))}</p>"
            for heading, fields in groups
            if fields  # a kind with no fields (nothing planned today) is left out
        ]
        self.api_fields = QTextBrowser()  # scrolls: the list is longer than the page has room for
        self.api_fields.setObjectName("settingsApiFields")
        self.api_fields.setAccessibleName(self.tr("Request fields"))
        self.api_fields.setHtml("".join(parts) + f"<p>{html.escape(closing)}</p>")
        self.api_fields.setMinimumHeight(96)
        column.addWidget(self.api_fields)
        return box

    def _key_note(self) -> str:
        if api_keys.storage() == "keyring":
            return self.tr("The API key is kept in the system keyring, never in the settings file.")
        return self.tr("No system keyring: the API key is kept for this session only (or set QUILL_API_KEY).")

    def _browse_ca(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose a CA certificate file"),
            self.ca_file.text(),
            self.tr("Certificates (*.pem *.crt);;All files (*)"),
        )
        if path:
            self.ca_file.setText(path)

    def _update(self) -> None:
        remote = self.backend.currentData() == "remote"
        for widget in self._remote_fields:
            widget.setEnabled(remote)
        self.serve_host.setEnabled(self.serve.isChecked())
        self.serve_port.setEnabled(self.serve.isChecked())
        host = self.serve_host.text().strip() or "127.0.0.1"
        address = f"http://{host}:{self.serve_port.value()}/v1"
        if self._serving_url and self.serve.isChecked() and self._serving_url == address:
            self.serve_address.setText(self.tr("{0} (running)").format(address))
        elif self.serve.isChecked():
            self.serve_address.setText(address)
        else:
            self.serve_address.setText(self.tr("Off"))

    def api_key(self) -> str | None:
        """The key typed in, or None when the field was left alone (keep the saved one)."""
        text = self.key.text().strip()
        return text or None

    def apply(self, settings: Settings) -> Settings:
        """``settings`` with this page's fields."""
        return dataclasses.replace(
            settings,
            backend=self.backend.currentData(),
            remote_base_url=self.base_url.text().strip(),
            remote_model=self.model.text().strip(),
            remote_ca_file=self.ca_file.text().strip(),
            remote_n_ctx=self.n_ctx.value(),
            serve_enabled=self.serve.isChecked(),
            serve_host=self.serve_host.text().strip() or "127.0.0.1",
            serve_port=self.serve_port.value(),
        )
