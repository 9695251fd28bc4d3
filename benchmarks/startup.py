"""Cold start to the window shown, and memory, against a bare PySide6 window measured in the same run.

    python benchmarks/startup.py [--runs 5]

Each run is a new process (offscreen). "Shown" is the first paint of the main
window, reported by the child with a wall-clock time the parent subtracts
from its launch time. Memory is the child's RSS at that moment (no model yet:
the model loads on the engine thread after the window is up) and after the
starter model has loaded. Targets: <= 0.6 s to the window; <= 150 MB idle.
The last line holds the figures as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import median, print_json

ROOT = Path(__file__).resolve().parents[1]

CHILD_QUILL = r"""
import json, os, sys, time
from PySide6.QtCore import QObject, QEvent, QTimer
def rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0
from assistant.ui.app import create_app
app, window = create_app([])
report = {}
class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "shown" not in report:
            report["shown"] = time.time()
            report["rss_shown_mb"] = rss_mb()
        return False
painter = FirstPaint()
window.installEventFilter(painter)
def loaded(_info):
    report["rss_model_mb"] = rss_mb()
    print(json.dumps(report), flush=True)
    window.close()
    app.quit()
window.engine.model_loaded.connect(lambda info: QTimer.singleShot(0, lambda: loaded(info)))
window.engine.model_failed.connect(lambda e: (print(json.dumps({"error": str(e)}), flush=True), app.quit()))
window.show()
app.exec()
"""

CHILD_BARE = r"""
import json, time
from PySide6.QtCore import QObject, QEvent, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1100, 720)
report = {}
class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "shown" not in report:
            report["shown"] = time.time()
            QTimer.singleShot(0, app.quit)
        return False
painter = FirstPaint()
window.installEventFilter(painter)
window.show()
app.exec()
print(json.dumps(report), flush=True)
"""


def run_child(code: str, home: str) -> dict[str, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QUILL_HOME": home, "PYTHONPATH": str(ROOT)}
    launched = time.time()
    done = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=120)  # fmt: skip
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise SystemExit(f"child failed ({done.returncode}): {done.stderr[-2000:]}")
    report = json.loads(lines[-1])
    if "error" in report:
        raise SystemExit(f"child failed: {report['error']}")
    report["start_s"] = report.pop("shown") - launched
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    quill: list[dict[str, float]] = []
    bare: list[float] = []
    for i in range(args.runs + 1):  # the first pair warms the disk cache and is not counted
        with tempfile.TemporaryDirectory(prefix="quill-start-") as home:
            q = run_child(CHILD_QUILL, home)
        b = run_child(CHILD_BARE, tempfile.gettempdir())["start_s"]
        if i == 0:
            continue
        quill.append(q)
        bare.append(b)
        print(f"run {i}: Quill window {q['start_s']:.3f} s (RSS {q['rss_shown_mb']:.0f} MB; with the starter model "
              f"{q['rss_model_mb']:.0f} MB), bare PySide6 window {b:.3f} s")  # fmt: skip
    start = median([q["start_s"] for q in quill])
    figures = {
        "start_s": round(start, 3),
        "bare_window_start_s": round(median(bare), 3),
        "ratio_to_bare_window": round(start / median(bare), 2),
        "rss_shown_mb": round(median([q["rss_shown_mb"] for q in quill]), 1),
        "rss_with_starter_model_mb": round(median([q["rss_model_mb"] for q in quill]), 1),
    }
    print(f"\nmedian: window shown in {figures['start_s']:.3f} s (target <= 0.6 s; a bare PySide6 window "
          f"{figures['bare_window_start_s']:.3f} s, ratio {figures['ratio_to_bare_window']}); RSS at that moment "
          f"{figures['rss_shown_mb']:.0f} MB (target <= 150), with the starter model {figures['rss_with_starter_model_mb']:.0f} MB")  # fmt: skip
    print_json("startup", figures)


if __name__ == "__main__":
    main()
