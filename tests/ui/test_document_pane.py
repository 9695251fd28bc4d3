"""The frame Summarize, Translate and Write share: the same error style, dialogs offering the core's formats, drop."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog

from assistant.core.documents.formats import EDITABLE, READABLE, TRANSLATABLE, glob_patterns
from assistant.core.tasks.proposal import Proposal
from assistant.ui.main_window import MainWindow
from assistant.ui.panes.document_pane import ERROR_STYLE, DocumentPane
from tests.ui.conftest import AppFactory


def panes(window: MainWindow) -> list[tuple[DocumentPane, tuple[str, ...]]]:
    return [(window.summarize, READABLE), (window.translate, TRANSLATABLE), (window.write, EDITABLE)]


def drop(pane: DocumentPane, path: Path) -> None:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(4, 4), Qt.DropAction.CopyAction, data, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    )
    pane.dropEvent(event)


def test_every_pane_refuses_a_bad_file_in_one_sentence_and_one_style(make_app: AppFactory, tmp_path: Path) -> None:
    window = make_app()
    bad = tmp_path / "sheet.xlsx"
    bad.write_bytes(b"whatever")
    for pane, _formats in panes(window):
        assert not pane.open_file(bad)
        assert ".xlsx" in pane.status.text() and "\n" not in pane.status.text()
        assert pane.status.styleSheet() == ERROR_STYLE
        pane._show_status("fine")
        assert pane.status.styleSheet() == ""


def test_the_open_dialog_offers_what_the_core_accepts(make_app: AppFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_app()
    asked: list[str] = []

    def fake_dialog(_parent: object, _title: str, _folder: str, filters: str) -> tuple[str, str]:
        asked.append(filters)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", fake_dialog)
    for pane, formats in panes(window):
        pane._ask_open()
        assert asked[-1].startswith(f"Documents ({glob_patterns(formats)})")


def test_a_dropped_file_opens_except_while_a_change_is_reviewed(make_app: AppFactory, tmp_path: Path) -> None:
    window = make_app()
    notes = tmp_path / "notes.md"
    notes.write_text("# 笔记\n\nSome notes.\n", encoding="utf-8")
    drop(window.translate, notes)
    assert window.translate.input.toPlainText() == "# 笔记\n\nSome notes.\n"
    assert window.translate.status.text() == "Opened notes.md."
    write = window.write
    write.proposal = Proposal("rewrite", 0, 0, "")
    drop(write, notes)
    assert "Some notes." not in write.text
    write.proposal = None
    drop(write, notes)
    assert write.text == "# 笔记\n\nSome notes.\n" and write.path == notes
