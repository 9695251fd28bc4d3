"""Measure how long the GUI's event loop goes without running (a QTimer that notes its gaps)."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer


class StallProbe(QObject):
    """Fires every ``interval_ms``; ``longest`` is the longest gap between two firings, in seconds."""

    def __init__(self, interval_ms: int = 5) -> None:
        super().__init__()
        self.longest = 0.0
        self.ticks = 0
        self.elapsed = 0.0
        self._last = self._started = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._last = self._started = time.perf_counter()
        self.longest = 0.0
        self._timer.start()

    def stop(self) -> float:
        self._timer.stop()
        self._tick()
        self.elapsed = time.perf_counter() - self._started
        return self.longest

    @property
    def share(self) -> float:
        """The longest stall as a share of the time watched: about 1 when the work ran on the GUI
        thread, small when it ran elsewhere, however busy the machine (both grow together)."""
        return self.longest / self.elapsed if self.elapsed > 0 else 1.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self._last)
        self._last = now
        self.ticks += 1
