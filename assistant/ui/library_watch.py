"""Watched folders of the Library: a change on disk (a file added, removed, renamed or saved) asks for
an incremental index pass while Quill runs.

Qt's file system watcher (inotify, FSEvents, ReadDirectoryChangesW) sees a folder's entries change,
and a watched file's content; it is not recursive, so every folder under a watched root is watched,
and every file in them up to a limit (the OS caps watches per user). Changes come in bursts (an
editor saves through a temporary file, a copy adds hundreds of files): ``changed`` is emitted once
the folders have been quiet for a moment. The pass itself compares size and time, then content,
so a burst that changed nothing costs a few ``stat`` calls.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

QUIET_MS = 1500  # a burst of changes is one pass, this long after its last change
MAX_WATCHED = 4000  # folders first, then files; beyond it a change is still seen at the next start


class FolderWatch(QObject):
    """Emits ``changed`` once the watched folders have been quiet for QUIET_MS after a change."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._poke)
        self._watcher.fileChanged.connect(self._poke)
        self._quiet = QTimer(self)
        self._quiet.setSingleShot(True)
        self._quiet.setInterval(QUIET_MS)
        self._quiet.timeout.connect(self._settled)
        self._roots: tuple[Path, ...] = ()

    @property
    def watched(self) -> list[str]:
        return self._watcher.directories() + self._watcher.files()

    def watch(self, roots: Iterable[Path]) -> None:
        """Watch these folders (and what is under them) instead of the ones before."""
        self._roots = tuple(root for root in roots if root.is_dir())
        self._rewatch()

    def _rewatch(self) -> None:
        folders, files = _under(self._roots, MAX_WATCHED)
        wanted = set(folders) | set(files)
        stale = [path for path in self.watched if path not in wanted]
        if stale:
            self._watcher.removePaths(stale)
        new = [path for path in folders + files if path not in set(self.watched)]
        if new:
            self._watcher.addPaths(new)  # paths it cannot watch are left out (and logged by Qt)

    def _poke(self, _path: str) -> None:
        self._quiet.start()  # (re)starts the quiet period

    def _settled(self) -> None:
        self._rewatch()  # a new subfolder is watched from now on; a removed one is dropped
        self.changed.emit()


def _under(roots: Iterable[Path], limit: int) -> tuple[list[str], list[str]]:
    """The folders under ``roots`` (hidden ones left out, as the indexer leaves them), then their files,
    at most ``limit`` paths in all."""
    folders: list[str] = []
    files: list[str] = []
    for root in roots:
        for current, subfolders, names in os.walk(root):
            subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
            if len(folders) < limit:
                folders.append(current)
            files.extend(os.path.join(current, n) for n in sorted(names) if not n.startswith("."))
    return folders[:limit], files[: max(0, limit - len(folders))]
