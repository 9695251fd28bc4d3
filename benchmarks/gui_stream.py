"""A 512-token reply from the starter model streamed through the worker into the Chat pane (offscreen).

    python benchmarks/gui_stream.py [--reps 2] [--tokens 512]

Prints, per run and as medians: generation tokens/s through the GUI path
(measured inside the engine while the pane receives, renders Markdown and
stores the reply) against the bare llama.cpp loop in the same process (its own
model on its own thread), and the GUI event loop's longest and 99th-percentile
stall, from a QTimer ticking every 5 ms. Targets: >= 0.97 of bare; longest
stall <= 50 ms, p99 <= 20 ms. The last line holds the figures as JSON.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from common import N_CTX, BareLlama, median, percentile, print_json  # also puts the project on sys.path

from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer

TICK_MS = 5
PROMPT = "Write a long story about a lighthouse keeper, with headings and a list of the ships she saw."


def bare_on_its_own_thread(path: Path, threads: int, prompt_tokens: int, n_gen: int) -> float:
    """The reference generation speed, measured on a fresh thread that owns its model for life."""
    result: dict[str, float] = {}

    def work() -> None:
        bare = BareLlama(path, threads, N_CTX)
        tokens = bare.tokenize("x " * max(prompt_tokens - 1, 1))[:prompt_tokens]
        result.update(bare.run(tokens, n_gen))
        bare.close()

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    return result["gen_tps"]


class StallMeter:
    """Records how late each 5 ms tick of the GUI thread arrives."""

    def __init__(self) -> None:
        self.gaps: list[float] = []
        self._clock = QElapsedTimer()
        self._timer = QTimer()
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.gaps.clear()
        self._clock.start()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        elapsed = self._clock.nsecsElapsed() / 1e6
        self._clock.restart()
        self.gaps.append(max(0.0, elapsed - TICK_MS))


def gui_run(window: object, n_tokens: int) -> dict[str, float]:
    from assistant.core.types import GenerationParams

    chat = window.chat  # type: ignore[attr-defined]
    chat._params = lambda: GenerationParams(temperature=0.7, seed=11, max_tokens=n_tokens, ignore_eos=True)
    meter = StallMeter()
    outcome: dict[str, object] = {}
    loop = QEventLoop()
    chat.reply_finished.connect(lambda finished: (outcome.update(finished=finished), loop.quit()))
    chat.reply_failed.connect(lambda message: (outcome.update(error=message), loop.quit()))
    chat.new_conversation()
    chat.input.setPlainText(PROMPT)
    meter.start()
    QTimer.singleShot(0, chat.send)
    loop.exec()
    meter.stop()
    chat.reply_finished.disconnect()
    chat.reply_failed.disconnect()
    if "error" in outcome:
        raise SystemExit(f"the reply failed: {outcome['error']}")
    stats = outcome["finished"].stats  # type: ignore[attr-defined]
    return {
        "gen_tps": stats.tokens_per_second,
        "generated": stats.generated_tokens,
        "prompt_tokens": stats.prompt_tokens,
        "stall_max_ms": max(meter.gaps, default=0.0),
        "stall_p99_ms": percentile(meter.gaps, 99),
        "ticks": len(meter.gaps),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reps", type=int, default=2)
    parser.add_argument("--tokens", type=int, default=512)
    args = parser.parse_args()

    home = tempfile.mkdtemp(prefix="quill-bench-")
    os.environ["QUILL_HOME"] = home
    from assistant.core.backends.llama import default_threads
    from assistant.core.models.starter import require_starter_model
    from assistant.ui.app import create_app

    path = require_starter_model()
    threads = default_threads()
    app, window = create_app([])
    window.resize(1100, 720)
    window.show()
    loaded: dict[str, object] = {}
    loop = QEventLoop()
    window.engine.model_loaded.connect(lambda info: (loaded.update(info=info), loop.quit()))
    window.engine.model_failed.connect(lambda error: (loaded.update(error=error), loop.quit()))
    if window.engine.model_info is None:
        loop.exec()
    if "error" in loaded:
        raise SystemExit(f"the starter model did not load: {loaded['error']}")

    rows: dict[str, list[float]] = {k: [] for k in ("gui_gen_tps", "bare_gen_tps", "ratio", "stall_max_ms",
                                                    "stall_p99_ms")}  # fmt: skip
    print(f"model: {path.name}  threads: {threads}  reply: {args.tokens} tokens, Markdown rendering on")
    for rep in range(args.reps):
        before = bare_on_its_own_thread(path, threads, 40, args.tokens)
        gui = gui_run(window, args.tokens)
        after = bare_on_its_own_thread(path, threads, int(gui["prompt_tokens"]), int(gui["generated"]))
        bare = (before + after) / 2  # a fresh thread each time, like the engine's; before and after the GUI run
        rows["gui_gen_tps"].append(gui["gen_tps"])
        rows["bare_gen_tps"].append(bare)
        rows["ratio"].append(gui["gen_tps"] / bare)
        rows["stall_max_ms"].append(gui["stall_max_ms"])
        rows["stall_p99_ms"].append(gui["stall_p99_ms"])
        print(f"rep {rep + 1}: GUI {gui['gen_tps']:5.1f} tok/s ({int(gui['generated'])} tokens), bare {bare:5.1f} "
              f"tok/s, ratio {gui['gen_tps'] / bare:.3f}; stalls: longest {gui['stall_max_ms']:.1f} ms, "
              f"p99 {gui['stall_p99_ms']:.1f} ms over {int(gui['ticks'])} ticks")  # fmt: skip
    window.close()
    window.context.close()  # type: ignore[attr-defined]
    figures = {k: round(median(v), 3) for k, v in rows.items()}
    print(f"\nmedian: GUI/bare {figures['ratio']:.3f} (target >= 0.97); longest stall {figures['stall_max_ms']:.1f} ms "
          f"(target <= 50); p99 {figures['stall_p99_ms']:.1f} ms (target <= 20)")  # fmt: skip
    print_json("gui_stream", {**figures, "tokens": args.tokens, "threads": threads})


if __name__ == "__main__":
    main()
