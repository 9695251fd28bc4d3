"""Long jobs: one notification when a long summary, translation or download ends while the user is
elsewhere, none while they look or for a short job; progress in the window title (and on the
taskbar through D-Bus, tested on a private bus) that goes away when the job ends."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QDialog, QMainWindow, QSystemTrayIcon, QWidget

from assistant.core.settings import Settings, save_settings
from assistant.core.types import Progress
from assistant.ui.long_jobs import CANCELLED, FAILED, OK, LongJob, LongJobs, UnityLauncherEntry
from assistant.ui.main_window import MainWindow
from tests.helpers.engine_events import of
from tests.helpers.fake_hub import HubFileSpec, online_hub
from tests.ui.conftest import AppFactory, Gate

TEXT = "\n\n".join(f"# Part {i}\n\n" + "The mill on the river was built long ago. " * 12 for i in range(10))


class Recorder:
    """A notification channel that keeps what it was asked to show (the channel is the app's to choose)."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str]] = []

    def __call__(self, _window: QMainWindow, title: str, message: str) -> str:
        self.shown.append((title, message))
        return "recorder"


@pytest.fixture
def elsewhere(qtbot) -> Iterator[QWidget]:
    """Another program's window, in front: the user is not looking at Quill."""
    other = QWidget()
    other.setWindowTitle("another program")
    qtbot.addWidget(other)
    yield other


def go_elsewhere(qtbot, other: QWidget) -> None:
    other.show()
    other.activateWindow()
    qtbot.waitUntil(other.isActiveWindow, timeout=5000)


def look_at(qtbot, window: QWidget) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)


def summarize_once(qtbot, window: MainWindow) -> None:
    window.navigation.setCurrentRow(1)
    pane = window.summarize
    pane.input.setPlainText(TEXT)
    with qtbot.waitSignal(pane.summary_finished, timeout=20000):
        pane.start()


def test_a_long_summary_ending_unseen_notifies_once(qtbot, make_app: AppFactory, elsewhere: QWidget) -> None:
    window = make_app(("- The mill is old.\n- It stands on the river.",), n_ctx=400)
    jobs = make_app.context(window).jobs
    recorder = Recorder()
    jobs.notifier, jobs.min_seconds = recorder, 0.0
    notified: list[tuple[str, str, str]] = []
    jobs.notified.connect(lambda *args: notified.append(args))
    go_elsewhere(qtbot, elsewhere)
    summarize_once(qtbot, window)
    assert recorder.shown == [("Summary: done", "The summary is ready (9 words).")]
    assert notified == [("recorder", "Summary: done", "The summary is ready (9 words).")]


def test_the_default_channel_works_where_there_is_no_tray(qtbot, make_app: AppFactory, elsewhere: QWidget) -> None:
    """Offscreen and on a bare X server there is no system tray: the taskbar entry is flashed instead."""
    window = make_app(("- The mill is old.",), n_ctx=400)
    jobs = make_app.context(window).jobs
    jobs.min_seconds = 0.0
    go_elsewhere(qtbot, elsewhere)
    with qtbot.waitSignal(jobs.notified, timeout=20000) as notified:
        summarize_once(qtbot, window)
    assert notified.args[0] == ("tray" if QSystemTrayIcon.isSystemTrayAvailable() else "alert")
    assert notified.args[1] == "Summary: done"


def test_no_notification_while_the_window_or_its_dialog_is_in_use(qtbot, make_app: AppFactory) -> None:
    window = make_app(("- The mill is old.",), n_ctx=400)
    jobs = make_app.context(window).jobs
    recorder = Recorder()
    jobs.notifier, jobs.min_seconds = recorder, 0.0
    look_at(qtbot, window)
    summarize_once(qtbot, window)
    dialog = QDialog(window)  # Settings, the Models dialog...: still Quill
    qtbot.addWidget(dialog)
    dialog.show()
    look_at(qtbot, dialog)
    with qtbot.waitSignal(jobs.ended, timeout=20000) as ended:
        summarize_once(qtbot, window)
    assert ended.args == ["Summary", OK]
    assert recorder.shown == []


def test_no_notification_for_a_short_job_or_when_turned_off(qtbot, make_app: AppFactory, elsewhere: QWidget) -> None:
    window = make_app(("- The mill is old.",), n_ctx=400)
    context = make_app.context(window)
    jobs = context.jobs
    recorder = Recorder()
    jobs.notifier, jobs.min_seconds = recorder, 3600.0  # every real job here is shorter
    go_elsewhere(qtbot, elsewhere)
    summarize_once(qtbot, window)
    assert recorder.shown == []
    jobs.min_seconds = 0.0
    context.settings.replace(dataclasses.replace(context.settings.get(), notify_long_jobs=False))
    summarize_once(qtbot, window)
    assert recorder.shown == []
    context.settings.replace(dataclasses.replace(context.settings.get(), notify_long_jobs=True))
    summarize_once(qtbot, window)
    assert len(recorder.shown) == 1


def test_progress_shows_in_the_title_and_goes_away(qtbot, make_app: AppFactory, elsewhere: QWidget) -> None:
    gate = Gate(hold_at=1)
    window = make_app(("- note one two three",), n_ctx=400, on_token=gate)
    jobs = make_app.context(window).jobs
    assert window.windowTitle() == "Quill"
    seen: list[object] = []
    jobs.changed.connect(seen.append)
    titles: list[str] = []
    window.windowTitleChanged.connect(titles.append)
    window.navigation.setCurrentRow(1)
    pane = window.summarize
    pane.input.setPlainText(TEXT)
    with qtbot.waitSignal(window.engine.request_event, check_params_cb=of(Progress), timeout=10000):
        pane.start()
    assert titles[0] == "Summary… — Quill"  # started, before any part is read
    assert re.fullmatch(r"\d{1,3}% — Quill", window.windowTitle()), window.windowTitle()
    assert jobs.running == ["Summary"]
    with qtbot.waitSignal(pane.summary_finished, timeout=20000):
        gate.release()
    assert window.windowTitle() == "Quill" and titles[-1] == "Quill"
    assert seen[0] is None and seen[-1] is None and jobs.running == []
    fractions = [f for f in seen if isinstance(f, float)]
    assert fractions == sorted(fractions) and len(set(fractions)) >= 3  # it moved through the parts
    assert all(re.fullmatch(r"\d{1,3}% — Quill", t) for t in titles[1:-1]), titles


def test_a_cancelled_job_is_not_announced_and_the_title_comes_back(
    qtbot, make_app: AppFactory, elsewhere: QWidget
) -> None:
    gate = Gate(hold_at=1)
    window = make_app(("- note one two three",), n_ctx=400, on_token=gate)
    jobs = make_app.context(window).jobs
    recorder = Recorder()
    jobs.notifier, jobs.min_seconds = recorder, 0.0
    window.navigation.setCurrentRow(1)
    pane = window.summarize
    pane.input.setPlainText(TEXT)
    with qtbot.waitSignal(window.engine.request_event, check_params_cb=of(Progress), timeout=10000):
        pane.start()
    go_elsewhere(qtbot, elsewhere)
    with qtbot.waitSignal(jobs.ended, timeout=20000) as ended:
        pane.stop()
        gate.release()
    assert ended.args == ["Summary", CANCELLED]
    assert recorder.shown == [] and window.windowTitle() == "Quill"


def test_a_translation_reports_too(qtbot, make_app: AppFactory, elsewhere: QWidget) -> None:
    window = make_app(("der Fluss fließt",))
    jobs = make_app.context(window).jobs
    recorder = Recorder()
    jobs.notifier, jobs.min_seconds = recorder, 0.0
    window.navigation.setCurrentRow(2)
    pane = window.translate
    pane.input.setPlainText("The river flows.\n\nThe mill is old.")
    pane.target_language.setCurrentIndex(pane.target_language.findData("de"))
    go_elsewhere(qtbot, elsewhere)
    with qtbot.waitSignal(jobs.ended, timeout=20000) as ended:
        pane.start()
    assert ended.args == ["Translation", OK]
    assert len(recorder.shown) == 1 and recorder.shown[0][0] == "Translation: done"
    assert window.windowTitle() == "Quill"


def test_a_download_that_fails_unseen_says_why(
    qtbot, make_app: AppFactory, monkeypatch: pytest.MonkeyPatch, elsewhere: QWidget, tiny_model: Path
) -> None:
    """A model download from the Models dialog (its file fails verification) is a long job too."""
    from tests.ui.test_models_dialog import REPO, search_and_list

    with online_hub(monkeypatch) as hub:
        hub.add(REPO, {"tiny-chat-Q4_K_M.gguf": HubFileSpec(data=tiny_model.read_bytes(), sha256="0" * 64)})
        window = make_app()
        context = make_app.context(window)
        jobs = context.jobs
        recorder = Recorder()
        jobs.notifier, jobs.min_seconds = recorder, 0.0
        context.controller.open_models()
        dialog = context.controller.models_dialog
        assert dialog is not None
        search_and_list(qtbot, dialog)
        go_elsewhere(qtbot, elsewhere)
        with qtbot.waitSignal(jobs.ended, timeout=30000) as ended:
            key = dialog.download_hub_file()
        assert ended.args == ["Download", FAILED]
        message = context.services.downloads.entries[str(key)].message
        assert "failed verification" in message
        assert recorder.shown == [("Download: failed", message)]
        assert window.windowTitle() == "Quill"
        dialog.close()


def test_jobs_together_failures_and_the_clock(qtbot) -> None:
    """Two jobs at once show their mean; a failure says what went wrong; time is what the clock says."""
    window = QMainWindow()
    window.setWindowTitle("Notes — Quill")
    qtbot.addWidget(window)
    now = [100.0]
    recorder = Recorder()
    jobs = LongJobs(window, notifier=recorder, find_taskbar=False, clock=lambda: now[0])
    first, second = LongJob(window), LongJob(window)
    jobs.follow(first, "a")
    jobs.follow(second, "b")
    first.start("Summary")
    second.start("Translation")
    assert window.windowTitle() == "Summary · Translation… — Notes — Quill"  # neither knows how far it is
    first.progress(0, 1)  # one step: says nothing about how far
    assert window.windowTitle() == "Summary · Translation… — Notes — Quill"
    first.progress(1, 2)
    second.progress(0, 4)
    assert window.windowTitle() == "25% — Notes — Quill"
    now[0] += 2.0
    first.end(FAILED, "The model stopped answering.")  # 2 s: too short to announce
    assert recorder.shown == [] and window.windowTitle() == "0% — Notes — Quill"
    now[0] += 10.0
    second.end(FAILED, "The glossary could not be read.")
    assert recorder.shown == [("Translation: failed", "The glossary could not be read.")]
    assert window.windowTitle() == "Notes — Quill"
    second.end(OK, "again")  # a job ends once
    assert len(recorder.shown) == 1


def test_the_settings_dialog_turns_notifications_off() -> None:
    from assistant.core.settings import Settings
    from assistant.ui.dialogs.settings import SettingsDialog

    dialog = SettingsDialog(Settings(), offload=(False, ""))
    assert dialog.notify_long_jobs.isChecked()
    dialog.notify_long_jobs.setChecked(False)
    assert dialog.result_settings().notify_long_jobs is False
    dialog.deleteLater()


# ----- the taskbar: com.canonical.Unity.LauncherEntry on a private session bus ------------------


class LauncherListener(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.updates: list[tuple[str, dict[str, object]]] = []

    @Slot(str, "QVariantMap")
    def update(self, app_uri: str, properties: dict[str, object]) -> None:
        self.updates.append((app_uri, dict(properties)))


@pytest.fixture
def private_bus() -> Iterator[str]:
    """A D-Bus session bus of this test's own (dbus-daemon), its address."""
    daemon = shutil.which("dbus-daemon")
    if daemon is None:
        pytest.skip("dbus-daemon is not installed")
    process = subprocess.Popen(
        [daemon, "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    address = process.stdout.readline().strip()
    yield address
    process.terminate()
    process.wait(timeout=10)


def test_taskbar_progress_on_the_session_bus(qtbot, private_bus: str) -> None:
    from PySide6.QtDBus import QDBusConnection

    sender = QDBusConnection.connectToBus(private_bus, "quill-test-sender")
    listener_bus = QDBusConnection.connectToBus(private_bus, "quill-test-listener")
    assert sender.isConnected() and listener_bus.isConnected()
    listener = LauncherListener()
    assert listener_bus.connect(
        "", "", UnityLauncherEntry.INTERFACE, "Update", "sa{sv}", listener, "1update(QString,QVariantMap)"
    )
    window = QMainWindow()
    window.setWindowTitle("Quill")
    qtbot.addWidget(window)
    jobs = LongJobs(window, notifier=Recorder(), taskbar=UnityLauncherEntry(sender))
    job = LongJob(window)
    jobs.follow(job, "summarize")
    job.start("Summary")
    job.progress(1, 4)
    job.end(OK, "The summary is ready.")
    qtbot.waitUntil(lambda: len(listener.updates) == 3, timeout=5000)
    uri = "application://io.github.quillapp.Quill.desktop"
    assert [u for u, _ in listener.updates] == [uri] * 3
    assert [p["progress-visible"] for _, p in listener.updates] == [False, True, False]
    assert [p["progress"] for _, p in listener.updates] == [0.0, 0.25, 0.0]
    QDBusConnection.disconnectFromBus("quill-test-sender")
    QDBusConnection.disconnectFromBus("quill-test-listener")


def test_no_session_bus_means_no_taskbar_and_no_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    assert UnityLauncherEntry.on_session_bus() is None


# ----- the real model -------------------------------------------------------------------------


SECTIONS = (
    (
        "Library",
        "The town library opened a new reading room in March. It has forty seats and late opening hours "
        "on Thursdays. Volunteers run a homework club there every afternoon, and the room lends laptops to students.",
    ),
    (
        "Market",
        "The Saturday market moved to the old station square in April. Twenty farmers sell vegetables, "
        "cheese and bread there, and a bus now stops at the square every fifteen minutes in the morning.",
    ),
    (
        "River",
        "Work on the river path began in May. The path will link the two bridges by the end of the year, "
        "with lights, benches and a ramp for bicycles, and it will stay open during the works at weekends.",
    ),
)


@pytest.mark.model
@pytest.mark.slow
def test_a_real_summary_reports_progress_and_its_end(
    qtbot, make_app: AppFactory, elsewhere: QWidget, quill_home: Path
) -> None:
    """The starter model at a small context reads the document in parts: the pane reports each one."""
    save_settings(Settings(n_ctx=512), quill_home / "config" / "settings.json")
    window = make_app(real=True)
    jobs = make_app.context(window).jobs
    jobs.min_seconds = 0.0
    titles: list[str] = []
    window.windowTitleChanged.connect(titles.append)
    window.navigation.setCurrentRow(1)
    pane = window.summarize
    reported: list[float] = []
    pane.job.progressed.connect(reported.append)
    pane.style_box.setCurrentIndex(pane.style_box.findData("tldr"))  # a short final pass
    document = "\n\n".join(f"# {title}\n\n" + " ".join([text] * 2) for title, text in SECTIONS)
    with qtbot.waitSignal(pane.planned, timeout=30000) as planned:
        pane.input.setPlainText(document)
    assert planned.args[0].chunks >= 2, planned.args[0]
    go_elsewhere(qtbot, elsewhere)
    with qtbot.waitSignal(jobs.notified, timeout=300000) as notified:
        pane.start()
    assert notified.args[1] == "Summary: done" and "words" in notified.args[2]
    assert pane.summary.strip()
    assert reported == sorted(reported) and len(reported) >= 2 and all(0.0 <= f < 1.0 for f in reported)
    assert titles[0] == "Summary… — Quill" and titles[-1] == "Quill"
    assert any(re.fullmatch(r"\d{1,2}% — Quill", t) for t in titles), titles
    assert window.windowTitle() == "Quill"
