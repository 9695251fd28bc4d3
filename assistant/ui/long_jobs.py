"""Long jobs (a summary, a translation, a model download) say when they end while Quill is in the background.

A job that ends after running for a few seconds while the user is in another
program gets one system notification: a tray balloon where the desktop has a
system tray, else the taskbar entry flashes (``QApplication.alert``). While jobs
run, their progress shows in the window title ("42% — Quill") on every platform,
and on Linux desktops that speak the Unity LauncherEntry D-Bus protocol (GNOME's
Dash to Dock, KDE Plasma's task manager, Ubuntu's dock) on the taskbar icon.
Where none of these exist (offscreen, a bare X server, no session bus) nothing
is shown and nothing fails.

Panes report through a :class:`LongJob` of their own (``pane.job``); the
composition root connects each to the one :class:`LongJobs` of the window, and
:meth:`LongJobs.follow_downloads` does the same for the download queue.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QMainWindow, QSystemTrayIcon, QWidget

from assistant.ui import downloads as queue

log = logging.getLogger(__name__)

OK, FAILED, CANCELLED = "ok", "failed", "cancelled"  # how a job ended
MIN_SECONDS = 5.0  # a job shorter than this ended while the user was still looking: no notification
DESKTOP_ID = "io.github.quillapp.Quill"  # packaging/linux/io.github.quillapp.Quill.desktop (app.py sets it too)


class LongJob(QObject):
    """One pane's long job, as the pane reports it (one job at a time: a new start replaces the old).

    Signals:
        started(str): a job began; its name in the UI's language ("Summary").
        progressed(float): the fraction done, 0..1.
        ended(str, str): it ended: the outcome (OK, FAILED, CANCELLED) and one sentence to tell the user.
    """

    started = Signal(str)
    progressed = Signal(float)
    ended = Signal(str, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.running = False

    def start(self, name: str) -> None:
        self.running = True
        self.started.emit(name)

    def progress(self, done: int, total: int) -> None:
        """``done`` of ``total`` steps. Ignored when there are fewer than two steps (one step is
        not started or done: "0%" for the whole of a one-pass summary would say nothing) or the
        job has ended."""
        if self.running and total > 1:
            self.progressed.emit(min(1.0, max(0.0, done / total)))

    def end(self, outcome: str, message: str) -> None:
        if self.running:
            self.running = False
            self.ended.emit(outcome, message)


Notifier = Callable[[QMainWindow, str, str], str]  # (window, title, message) -> the channel used, "" for none


class SystemNotifier:
    """A tray balloon where there is a system tray that shows messages, else a flashing taskbar entry.

    The tray icon is made at the first notification (not at start-up) and stays; clicking it
    brings the window back.
    """

    def __init__(self) -> None:
        self._tray: QSystemTrayIcon | None = None

    def __call__(self, window: QMainWindow, title: str, message: str) -> str:
        if QSystemTrayIcon.isSystemTrayAvailable():
            if self._tray is None:
                self._tray = QSystemTrayIcon(window.windowIcon(), window)
                self._tray.setToolTip(window.windowTitle())
                self._tray.activated.connect(lambda _reason: _bring_back(window))
                self._tray.messageClicked.connect(lambda: _bring_back(window))
            if self._tray.supportsMessages():
                self._tray.show()
                self._tray.showMessage(title, message, window.windowIcon(), 10000)
                return "tray"
        QApplication.alert(window, 0)  # flashes the taskbar entry until the window is activated
        return "alert"


def _bring_back(window: QMainWindow) -> None:
    window.showNormal()
    window.raise_()
    window.activateWindow()


class TaskbarProgress(Protocol):
    """The taskbar's (or dock's) progress for the app: a fraction, or None to hide it."""

    def show_progress(self, fraction: float | None) -> None: ...


class UnityLauncherEntry:
    """Progress on the taskbar icon through com.canonical.Unity.LauncherEntry's ``Update`` signal.

    Only sent when there is a session bus; ``connection`` is for tests (a private bus).
    """

    INTERFACE = "com.canonical.Unity.LauncherEntry"
    PATH = "/io/github/quillapp/Quill/LauncherEntry"

    def __init__(self, connection: object | None = None, desktop_id: str = DESKTOP_ID) -> None:
        from PySide6.QtDBus import QDBusConnection

        self._connection = connection if connection is not None else QDBusConnection.sessionBus()
        self.app_uri = f"application://{desktop_id}.desktop"

    @classmethod
    def on_session_bus(cls) -> UnityLauncherEntry | None:
        """The launcher entry on this desktop's session bus; None off Linux or when there is no bus
        (no address in the environment: Qt would otherwise try to start a bus of its own)."""
        if not sys.platform.startswith(("linux", "freebsd", "openbsd")) or not os.environ.get(
            "DBUS_SESSION_BUS_ADDRESS"
        ):
            return None
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError:  # a Qt build without D-Bus
            return None
        bus = QDBusConnection.sessionBus()
        return cls(bus) if bus.isConnected() else None

    def show_progress(self, fraction: float | None) -> None:
        from PySide6.QtDBus import QDBusConnection, QDBusMessage

        message = QDBusMessage.createSignal(self.PATH, self.INTERFACE, "Update")
        properties = {"progress-visible": fraction is not None, "progress": float(fraction or 0.0)}
        message.setArguments([self.app_uri, properties])
        connection = self._connection
        assert isinstance(connection, QDBusConnection)
        if not connection.send(message):
            log.debug("the launcher entry update was not sent: %s", connection.lastError().message())


@dataclass
class _Running:
    name: str
    started: float
    fraction: float | None = None


class LongJobs(QObject):
    """The window's long jobs: progress in the title and on the taskbar, a notification when one ends unseen.

    ``enabled`` says whether to notify (Settings → Interface), read when a job ends; ``notifier``
    shows the notification (a :class:`SystemNotifier` unless given); ``taskbar`` shows progress on
    the taskbar (unless given: the Unity launcher entry on the session bus, looked for when the
    first job starts, not at start-up; ``find_taskbar=False`` looks for none).

    Signals:
        changed(object): what the title shows changed: the fraction done (a float), or None when no
            job runs or none knows how far it is (``running`` tells them apart).
        ended(str, str): a job ended: its name and its outcome.
        notified(str, str, str): a notification was given: the channel ("tray", "alert", or what an
            injected notifier returned), its title and its message.
    """

    changed = Signal(object)
    ended = Signal(str, str)
    notified = Signal(str, str, str)

    def __init__(
        self,
        window: QMainWindow,
        enabled: Callable[[], bool] = lambda: True,
        *,
        notifier: Notifier | None = None,
        taskbar: TaskbarProgress | None = None,
        find_taskbar: bool = True,
        min_seconds: float = MIN_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.enabled = enabled
        self.notifier: Notifier = notifier if notifier is not None else SystemNotifier()
        self.taskbar = taskbar
        self._find_taskbar = taskbar is None and find_taskbar
        self.min_seconds = min_seconds
        self._clock = clock
        self._jobs: dict[str, _Running] = {}
        self._base_title: str | None = None  # the window's title while no job shows in it
        self._shown: str | None = None  # what the title shows now ("42%"; updated only when it changes)

    # ----- reporting ---------------------------------------------------------------------

    def follow(self, job: LongJob, key: str) -> None:
        """Take ``job``'s reports (``key`` tells it apart from the other jobs)."""
        job.started.connect(lambda name: self.start(key, name))
        job.progressed.connect(lambda fraction: self.progress(key, fraction))
        job.ended.connect(lambda outcome, message: self.finish(key, outcome, message))

    def start(self, key: str, name: str) -> None:
        self._jobs[key] = _Running(name, self._clock())
        self._show()

    def progress(self, key: str, fraction: float) -> None:
        job = self._jobs.get(key)
        if job is not None:
            job.fraction = fraction
            self._show()

    def finish(self, key: str, outcome: str, message: str) -> None:
        """The job ended; a notification if it ran long, the window is not in use and Settings allow."""
        job = self._jobs.pop(key, None)
        if job is None:
            return
        self._show()
        self.ended.emit(job.name, outcome)
        if outcome == CANCELLED:  # the user stopped it: nothing to tell them
            return
        if self._clock() - job.started < self.min_seconds or self.window_in_use() or not self.enabled():
            return
        title = self.tr("{0}: done").format(job.name) if outcome == OK else self.tr("{0}: failed").format(job.name)
        try:
            channel = self.notifier(self.window, title, message)
        except RuntimeError as exc:  # a platform plugin that half-supports trays: the job ended anyway
            log.warning("could not notify: %s", exc)
            return
        if channel:
            self.notified.emit(channel, title, message)

    def clear(self) -> None:
        """Forget every job (the app is closing): the title and the taskbar go back to normal."""
        self._jobs.clear()
        self._show()

    def follow_downloads(self, downloads: queue.DownloadManager) -> None:
        """Take the download queue's reports: each download is a job of its own."""

        def changed(download: str) -> None:
            entry = downloads.entries.get(download)
            if entry is None:
                return
            key, running = f"download:{download}", f"download:{download}" in self._jobs
            if entry.state in (queue.QUEUED, queue.RUNNING):
                if not running:
                    self.start(key, self.tr("Download"))
                if entry.total:
                    self.progress(key, min(1.0, entry.done_bytes / entry.total))
            elif entry.state == queue.DONE:
                self.finish(key, OK, self.tr("{0} is downloaded and verified.").format(entry.title))
            elif entry.state == queue.FAILED:
                self.finish(key, FAILED, entry.message)
            else:  # paused: the user did it, or Quill is closing
                self.finish(key, CANCELLED, "")

        downloads.changed.connect(changed)
        downloads.removed.connect(lambda download: self.finish(f"download:{download}", CANCELLED, ""))

    @property
    def running(self) -> list[str]:
        """The names of the jobs running now."""
        return [job.name for job in self._jobs.values()]

    def window_in_use(self) -> bool:
        """Whether the active window is the main window or one of its dialogs."""
        active: QWidget | None = QApplication.activeWindow()
        while active is not None:
            if active is self.window:
                return True
            active = active.parentWidget()
        return False

    # ----- showing progress --------------------------------------------------------------

    def fraction(self) -> float | None:
        """The running jobs' mean fraction done (of those that know one); None when no job runs or
        none knows how far it is."""
        known = [job.fraction for job in self._jobs.values() if job.fraction is not None]
        return sum(known) / len(known) if known else None

    def _show(self) -> None:
        """The title says how far the jobs are ("42% — Quill"), or which run when none knows
        ("Summary… — Quill"); with no job it is the window's own again."""
        fraction = self.fraction()
        if not self._jobs:
            shown = None
        elif fraction is not None:
            shown = f"{int(fraction * 100)}%"
        else:
            shown = " · ".join(job.name for job in self._jobs.values()) + "…"
        if shown == self._shown:
            return
        self._shown = shown
        if shown is None:
            if self._base_title is not None:
                self.window.setWindowTitle(self._base_title)
                self._base_title = None
        else:
            if self._base_title is None:
                self._base_title = self.window.windowTitle()
            self.window.setWindowTitle(f"{shown} — {self._base_title}")
        if self._find_taskbar:
            self._find_taskbar = False
            self.taskbar = UnityLauncherEntry.on_session_bus()
        if self.taskbar is not None:
            self.taskbar.show_progress(fraction)
        self.changed.emit(fraction)
