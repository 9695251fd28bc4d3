"""Guards against a Qt binding that corrupts Python's reference counts.

PySide6 6.12.0's Signal.emit() returned True without owning a reference, so
every emit took one away from True, and Python 3.11 aborted once it hit zero:
a long chat would have crashed the app.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    number = Signal(float)
    bare = Signal()


def test_emitting_signals_leaves_reference_counts_alone(qapp: object) -> None:
    emitter = _Emitter()
    emitter.number.connect(lambda _value: None)
    before = sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(200):
        emitter.number.emit(0.5)
        emitter.bare.emit()
    after = sys.getrefcount(True), sys.getrefcount(False)
    assert after[0] >= before[0] - 5 and after[1] >= before[1] - 5
