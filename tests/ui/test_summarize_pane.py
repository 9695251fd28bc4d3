"""The Summarize pane on the scripted backend: plan, progress, stop, save, open files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from assistant.core.types import Progress
from assistant.ui.main_window import MainWindow
from tests.helpers.engine_events import of
from tests.ui.conftest import AppFactory, Gate

TEXT = "\n\n".join(f"# Part {i}\n\n" + "The mill on the river was built long ago. " * 12 for i in range(10))


def pane(window: MainWindow):  # noqa: ANN201
    window.navigation.setCurrentRow(1)
    return window.summarize


def test_object_names_exist(make_app: AppFactory) -> None:
    window = make_app()
    for name in (
        "summarizeInput",
        "summarizeButton",
        "summarizeStop",
        "summarizeProgress",
        "summaryOutput",
        "summaryStyle",
    ):
        assert window.findChild(QWidget, name) is not None, name


def test_a_summary_runs_with_progress_and_can_be_saved(qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    window = make_app(("- The mill is old.\n- It stands on the river.",), n_ctx=400)
    summarize = pane(window)
    with qtbot.waitSignal(summarize.planned, timeout=10000) as planned:
        summarize.input.setPlainText(TEXT)
    assert planned.args[0].one_pass is False and planned.args[0].chunks > 1
    assert "parts" in summarize.source_label.text()
    values: list[int] = []
    summarize.progress.valueChanged.connect(values.append)
    with qtbot.waitSignal(summarize.summary_finished, timeout=20000) as finished:
        qtbot.mouseClick(summarize.summarize_button, Qt.MouseButton.LeftButton)
    assert finished.args[0].reason == "stop"
    assert len(set(values)) >= 3  # the bar moved through the parts
    assert summarize.progress.value() == summarize.progress.maximum()
    assert summarize.summary.startswith("- The mill is old.")
    assert "<li>" in summarize.output.toHtml() or "The mill is old" in summarize.output.toPlainText()
    assert summarize.save_button.isEnabled()
    saved = summarize.save_to(tmp_path / "summary.md")
    assert saved.read_text(encoding="utf-8") == "- The mill is old.\n- It stands on the river.\n"


def test_stop_ends_the_summary(qtbot, make_app: AppFactory) -> None:
    gate = Gate(hold_at=1)
    window = make_app(("- note one two three",), n_ctx=400, on_token=gate)
    summarize = pane(window)
    summarize.input.setPlainText(TEXT)
    with qtbot.waitSignal(window.engine.request_event, check_params_cb=of(Progress), timeout=10000):
        summarize.start()
    assert summarize.stop_button.isEnabled()
    with qtbot.waitSignal(summarize.summary_finished, timeout=20000) as finished:
        qtbot.mouseClick(summarize.stop_button, Qt.MouseButton.LeftButton)
        gate.release()
    assert finished.args[0].reason == "cancelled"
    assert summarize.summarize_button.isEnabled() and not summarize.stop_button.isEnabled()


def test_opening_files_and_bad_files(qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    window = make_app(("summary",))
    summarize = pane(window)
    page = tmp_path / "page.html"
    page.write_text("<h1>Mills</h1><p>The mill is old.</p><script>x()</script>", encoding="utf-8")
    with qtbot.waitSignal(summarize.planned, timeout=10000):
        assert summarize.open_file(page)
    assert summarize.input.toPlainText() == "# Mills\n\nThe mill is old."
    assert "one pass" in summarize.source_label.text()
    bad = tmp_path / "sheet.xlsx"
    bad.write_bytes(b"x")
    assert not summarize.open_file(bad)
    assert "cannot read .xlsx" in summarize.status.text()
    assert summarize.input.toPlainText() == "# Mills\n\nThe mill is old."  # nothing lost


def test_nothing_to_summarize_is_said_plainly(make_app: AppFactory) -> None:
    window = make_app()
    summarize = pane(window)
    summarize.start()
    assert "nothing to summarize" in summarize.status.text()
    assert not summarize.busy
