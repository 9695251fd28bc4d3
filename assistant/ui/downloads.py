"""The download queue: each model download on its own Python thread, with pause, resume and cancel.

Downloads outlive the Models dialog (closing it does not stop them), so the app owns one
DownloadManager. Each transfer runs on its own thread, never the engine's: the engine must
stay free for chat. Downloads paused in an earlier run are listed as paused when the manager
starts, and resume from the bytes already on disk.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, SignalInstance, Slot

from assistant.core.errors import UserFacingError
from assistant.ui.i18n import shown

if TYPE_CHECKING:  # download.py pulls in gguf and numpy: imported when a download starts, not at start-up
    from assistant.core.models.download import DownloadControl, Downloader, DownloadProgress, DownloadRequest

log = logging.getLogger(__name__)

QUEUED, RUNNING, PAUSED, FAILED, DONE = "queued", "running", "paused", "failed", "done"


@dataclass
class DownloadEntry:
    """One row of the queue, as the GUI thread sees it."""

    key: str
    title: str
    total: int
    make_request: Callable[[], DownloadRequest]  # may ask the Hub (a catalog entry without a pinned hash)
    request: DownloadRequest | None = None
    state: str = QUEUED
    progress: DownloadProgress | None = None
    done_bytes: int = 0
    message: str = ""  # one sentence: why it failed
    resumable: bool = True
    path: Path | None = None
    control: DownloadControl | None = None
    thread: threading.Thread | None = None


class DownloadManager(QObject):
    """Starts, pauses, resumes and cancels downloads; lives on the GUI thread.

    Signals:
        added(str): a download (its key) joined the queue.
        changed(str): its state, progress or message changed.
        removed(str): it left the queue (cancelled, or cleared after it ended).
        completed(str, str): it finished; the key and the model's path.
    """

    added = Signal(str)
    changed = Signal(str)
    removed = Signal(str)
    completed = Signal(str, str)

    _progress = Signal(str, object)
    _ended = Signal(str, object)  # key, a Path or the exception

    def __init__(self, downloader: Callable[[], Downloader], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._downloader_factory = downloader
        self._downloader: Downloader | None = None
        self.entries: dict[str, DownloadEntry] = {}
        self._progress.connect(self._on_progress)
        self._ended.connect(self._on_ended)

    @property
    def downloader(self) -> Downloader:
        if self._downloader is None:
            self._downloader = self._downloader_factory()
        return self._downloader

    # ----- commands (GUI thread) ---------------------------------------------------------

    def load_pending(self) -> None:
        """List downloads left paused or interrupted by an earlier run, as paused."""
        for request in self.downloader.pending():
            if request.key in self.entries:
                continue
            entry = DownloadEntry(
                request.key,
                request.title,
                request.total_size,
                _constant(request),
                request,
                state=PAUSED,
                done_bytes=self.downloader.partial_bytes(request),
            )
            self.entries[entry.key] = entry
            self.added.emit(entry.key)

    def start(self, request: DownloadRequest) -> str:
        """Queue and start a download of a file listed by the Hub; returns its key."""
        return self.start_lazy(request.key, request.title, request.total_size, _constant(request))

    def start_lazy(self, key: str, title: str, total: int, make_request: Callable[[], DownloadRequest]) -> str:
        """Like :meth:`start`, for a download whose request is made on the thread (it may ask the Hub)."""
        entry = self.entries.get(key)
        if entry is not None and entry.state in (QUEUED, RUNNING):
            return key
        if entry is None or entry.state == DONE:
            entry = DownloadEntry(key, title, total, make_request)
            self.entries[key] = entry
            self.added.emit(key)
        self._launch(entry)
        return key

    def pause(self, key: str) -> None:
        entry = self.entries.get(key)
        if entry is not None and entry.state in (QUEUED, RUNNING) and entry.control is not None:
            entry.control.pause()

    def resume(self, key: str) -> None:
        entry = self.entries.get(key)
        if entry is not None and entry.state in (PAUSED, FAILED):
            self._launch(entry)

    def cancel(self, key: str) -> None:
        """Stop the download and delete its partial file."""
        entry = self.entries.get(key)
        if entry is None:
            return
        if entry.state in (QUEUED, RUNNING) and entry.control is not None:
            entry.control.cancel()  # the thread discards the partial file, then reports
            return
        if entry.state in (PAUSED, FAILED) and entry.request is not None:
            try:
                self.downloader.discard(entry.request)
            except (OSError, UserFacingError) as exc:
                log.warning("could not discard %s: %s", key, exc)
        self._remove(key)

    def clear(self, key: str) -> None:
        """Take a finished download off the list (the model stays installed)."""
        entry = self.entries.get(key)
        if entry is not None and entry.state == DONE:
            self._remove(key)

    def folder_changed(self) -> None:
        """The models folder moved: later downloads go to the new one. Paused ones stay in the old folder
        (they come back if the user switches back); running ones finish where they started."""
        if self.active:
            return
        for key in [k for k, e in self.entries.items() if e.state in (PAUSED, FAILED)]:
            self._remove(key)
        if self._downloader is not None:
            self._downloader.close()
            self._downloader = None

    @property
    def active(self) -> bool:
        return any(e.state in (QUEUED, RUNNING) for e in self.entries.values())

    def shutdown(self, timeout: float = 10.0) -> None:
        """Pause every running download (its partial file is kept for next time) and wait for it."""
        for entry in self.entries.values():
            if entry.state in (QUEUED, RUNNING) and entry.control is not None:
                entry.control.pause()
        for entry in list(self.entries.values()):
            if entry.thread is not None:
                entry.thread.join(timeout)
        if self._downloader is not None:
            self._downloader.close()
            self._downloader = None

    # ----- the threads -------------------------------------------------------------------

    def _launch(self, entry: DownloadEntry) -> None:
        from assistant.core.models.download import DownloadControl

        entry.control = DownloadControl()
        entry.state = QUEUED
        entry.message = ""
        downloader = self.downloader
        control = entry.control
        key = entry.key

        def work() -> None:
            try:
                request = entry.request or entry.make_request()
                entry.request = request  # set once, before any signal about it is sent
                path = downloader.download(request, control, lambda p: self._emit(self._progress, key, p))
            except BaseException as exc:  # noqa: BLE001 - every ending is reported to the GUI thread
                self._emit(self._ended, key, exc)
                return
            self._emit(self._ended, key, path)

        entry.thread = threading.Thread(target=work, name=f"QuillDownload-{entry.title}", daemon=True)
        self.changed.emit(key)
        entry.thread.start()

    @staticmethod
    def _emit(signal: SignalInstance, key: str, value: object) -> None:
        try:
            signal.emit(key, value)
        except RuntimeError:  # the manager is gone (the app is closing)
            pass

    @Slot(str, object)
    def _on_progress(self, key: str, progress: DownloadProgress) -> None:
        entry = self.entries.get(key)
        if entry is None or entry.state not in (QUEUED, RUNNING):
            return
        entry.state = RUNNING
        entry.progress = progress
        entry.done_bytes = progress.done
        if progress.total:
            entry.total = progress.total
        self.changed.emit(key)

    @Slot(str, object)
    def _on_ended(self, key: str, outcome: object) -> None:
        from assistant.core.models.download import DownloadError, DownloadStopped

        entry = self.entries.get(key)
        if entry is None:
            return
        entry.thread = None
        if isinstance(outcome, Path):
            entry.state, entry.path = DONE, outcome
            entry.done_bytes = entry.total
            self.changed.emit(key)
            self.completed.emit(key, str(outcome))
            return
        if isinstance(outcome, DownloadStopped):
            if outcome.paused:
                entry.state = PAUSED
                if entry.request is not None:
                    entry.done_bytes = self.downloader.partial_bytes(entry.request)
                self.changed.emit(key)
            else:
                self._remove(key)
            return
        entry.state = FAILED
        if isinstance(outcome, UserFacingError):
            entry.message = shown(outcome.message)
            entry.resumable = outcome.resumable if isinstance(outcome, DownloadError) else False
        else:
            log.error("download %s failed", key, exc_info=outcome if isinstance(outcome, BaseException) else None)
            entry.message = self.tr("Downloading {0} failed unexpectedly; details are in the log file.").format(
                entry.title
            )
            entry.resumable = False
        self.changed.emit(key)

    def _remove(self, key: str) -> None:
        if self.entries.pop(key, None) is not None:
            self.removed.emit(key)


def _constant(request: DownloadRequest) -> Callable[[], DownloadRequest]:
    return lambda: request
