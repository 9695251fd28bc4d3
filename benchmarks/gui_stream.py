"""A 512-token reply from the starter model streamed through the worker into the Chat pane (offscreen).

    python benchmarks/gui_stream.py [--reps 3] [--tokens 512] [--thread-reps 2] [--quick]

Prints, per run and as medians: generation tokens/s through the GUI path
(measured inside the engine while the pane receives, renders Markdown and
stores the reply) against the bare llama.cpp loop in the same process (its own
model on its own thread), and the GUI event loop's longest and 99th-percentile
stall, from a QTimer ticking every 5 ms. Targets: >= 0.97 of bare; longest
stall <= 50 ms, p99 <= 20 ms. Then the same GUI run with n_threads = all cores
and all but one (reloading the model between), for the default thread count.
Figures are printed as JSON lines (common.figure); the last line holds them all.
"""

from __future__ import annotations

import argparse
import os
import queue
import tempfile
import threading
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from common import (  # also puts the project on sys.path
    N_CTX,
    BareLlama,
    bench_threads,
    figure,
    median,
    percentile,
    print_json,
)
from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer

TICK_MS = 5
PROMPT = "Write a long story about a lighthouse keeper, with headings and a list of the ships she saw."


class BareThread:
    """The reference: a bare llama.cpp loop on one long-lived thread that owns its model for life,
    as the engine's thread owns Quill's. Jobs are run one at a time while the caller waits."""

    def __init__(self, path: Path, threads: int) -> None:
        self._jobs: queue.Queue[tuple[int, int] | None] = queue.Queue()
        self._results: queue.Queue[dict[str, float] | BaseException] = queue.Queue()
        self._thread = threading.Thread(target=self._serve, args=(path, threads), daemon=True)
        self._thread.start()

    def _serve(self, path: Path, threads: int) -> None:
        bare = BareLlama(path, threads, N_CTX)
        try:
            while (job := self._jobs.get()) is not None:
                prompt_tokens, n_gen = job
                try:
                    tokens = bare.tokenize(PROMPT + " " + "x " * max(prompt_tokens, 1))[:prompt_tokens]
                    self._results.put(bare.run(tokens, n_gen))
                except BaseException as exc:  # noqa: BLE001 (handed to the caller)
                    self._results.put(exc)
        finally:
            bare.close()

    def gen_tps(self, prompt_tokens: int, n_gen: int) -> float:
        self._jobs.put((prompt_tokens, n_gen))
        result = self._results.get()
        if isinstance(result, BaseException):
            raise result
        return result["gen_tps"]

    def close(self) -> None:
        self._jobs.put(None)
        self._thread.join()


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


def gui_run(window: object, n_tokens: int, max_seconds: float = 90.0) -> dict[str, float]:
    """Stream one reply into the Chat pane; it is stopped after ``max_seconds`` (speed is then
    measured on what was written: on a thrashing machine a full reply could take minutes)."""
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
    cap = QTimer()
    cap.setSingleShot(True)
    cap.timeout.connect(chat.stop)
    cap.start(int(max_seconds * 1000))
    loop.exec()
    cap.stop()
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


def idle_stalls(seconds: float) -> list[float]:
    """The event loop's lateness with nothing to do: the floor the machine itself sets."""
    meter = StallMeter()
    loop = QEventLoop()
    meter.start()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()
    meter.stop()
    return meter.gaps


def load_model(window: object, threads: int | None, reload: bool = True) -> None:
    """(Re)load the starter model on the engine thread with ``threads`` (None: Quill's default, which
    tunes itself) and wait for it; without ``reload``, wait for the model the app is loading."""
    from assistant.core.engine.choice import choose_model
    from assistant.core.settings import Settings

    engine = window.engine  # type: ignore[attr-defined]
    loaded: dict[str, object] = {}
    loop = QEventLoop()
    on_loaded = lambda info: (loaded.update(info=info), loop.quit())  # noqa: E731
    on_failed = lambda error: (loaded.update(error=error), loop.quit())  # noqa: E731
    engine.model_loaded.connect(on_loaded)
    engine.model_failed.connect(on_failed)
    if reload:
        engine.load(choose_model(Settings(), n_threads=threads))
    if reload or engine.model_info is None:
        loop.exec()
    engine.model_loaded.disconnect(on_loaded)
    engine.model_failed.disconnect(on_failed)
    if "error" in loaded:
        raise SystemExit(f"the starter model did not load: {loaded['error']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--tokens", type=int, default=512)
    parser.add_argument("--thread-reps", type=int, default=2, help="GUI runs per thread count (0: skip)")
    parser.add_argument("--quick", action="store_true", help="2 reps of 256 tokens, 1 per thread count")
    args = parser.parse_args()
    if args.quick:
        args.reps, args.tokens, args.thread_reps = 2, 256, 1

    home = tempfile.mkdtemp(prefix="quill-bench-")
    os.environ["QUILL_HOME"] = home
    from assistant.core.backends.llama import default_threads
    from assistant.core.models.starter import require_starter_model
    from assistant.ui.app import create_app

    path = require_starter_model()
    threads = bench_threads()  # the GUI/bare comparison: the same fixed count for both
    cores = default_threads()  # the thread experiment: all cores, one fewer, and Quill's tuned default
    quill = create_app([])
    window = quill.window
    window.resize(1100, 720)
    window.show()
    load_model(window, None, reload=False)
    load_model(window, threads)  # the same fixed thread count as the bare loop: like for like
    idle = idle_stalls(1.0)
    bare_thread = BareThread(path, threads)

    rows: dict[str, list[float]] = {
        k: [] for k in ("gui_gen_tps", "bare_gen_tps", "ratio", "stall_max_ms", "stall_p99_ms")
    }
    print(f"model: {path.name}  threads: {threads} of {cores} cores  reply: {args.tokens} tokens, Markdown on")
    print(f"idle event loop: longest stall {max(idle, default=0):.1f} ms, p99 {percentile(idle, 99):.1f} ms")
    for rep in range(args.reps):
        before = bare_thread.gen_tps(40, args.tokens)
        gui = gui_run(window, args.tokens)
        after = bare_thread.gen_tps(int(gui["prompt_tokens"]), int(gui["generated"]))
        bare = (before + after) / 2  # interleaved: the bare loop just before and just after the GUI run
        rows["gui_gen_tps"].append(gui["gen_tps"])
        rows["bare_gen_tps"].append(bare)
        rows["ratio"].append(gui["gen_tps"] / bare)
        rows["stall_max_ms"].append(gui["stall_max_ms"])
        rows["stall_p99_ms"].append(gui["stall_p99_ms"])
        print(
            f"rep {rep + 1}: GUI {gui['gen_tps']:5.1f} tok/s ({int(gui['generated'])} tokens), bare {before:5.1f} "
            f"/ {after:5.1f} tok/s, ratio {gui['gen_tps'] / bare:.3f}; stalls: longest {gui['stall_max_ms']:.1f} ms, "
            f"p99 {gui['stall_p99_ms']:.1f} ms over {int(gui['ticks'])} ticks",
            flush=True,
        )
    bare_thread.close()
    figures = {k: round(median(v), 3) for k, v in rows.items()}

    print(
        f"\nmedian: GUI/bare {figures['ratio']:.3f} (target >= 0.97); longest stall {figures['stall_max_ms']:.1f} ms "
        f"(target <= 50); p99 {figures['stall_p99_ms']:.1f} ms (target <= 20)"
    )
    figure(
        "generation_gui_vs_bare",
        figures["gui_gen_tps"],
        "tok/s",
        reference=figures["bare_gen_tps"],
        ratio=figures["ratio"],
        target=">= 0.97",
        notes=f"{args.tokens}-token reply streamed into the Chat pane with Markdown, default sampling; "
        f"reference: bare greedy decode loop on its own long-lived thread, run before and after each "
        f"GUI run; median of {args.reps} ratios; n_threads {threads}",
    )
    figure(
        "event_loop_longest_stall",
        figures["stall_max_ms"],
        "ms",
        reference=max(idle, default=0.0),
        target="<= 50",
        target_on="value",
        notes="5 ms QTimer's longest lateness while streaming (median over runs); reference: the same "
        "meter for 1 s with the loop idle (the machine's own jitter)",
    )
    figure(
        "event_loop_p99_stall",
        figures["stall_p99_ms"],
        "ms",
        reference=percentile(idle, 99),
        target="<= 20",
        target_on="value",
    )
    by_threads: dict[int | None, list[float]] = {}
    counts: list[int | None] = [cores, cores - 1, None] if cores > 1 and args.thread_reps > 0 else []
    for rep in range(args.thread_reps if counts else 0):
        for n in counts if rep % 2 == 0 else counts[::-1]:  # alternate the order: drift hits all alike
            load_model(window, n)
            run = gui_run(window, args.tokens, max_seconds=20.0)
            by_threads.setdefault(n, []).append(run["gen_tps"])
            label = n if n is not None else "tuned (default)"
            print(
                f"threads {label}: GUI {run['gen_tps']:5.1f} tok/s; stalls: longest {run['stall_max_ms']:.1f} ms",
                flush=True,
            )
    window.close()
    quill.close()

    if len(by_threads) == 3:
        all_tps = median(by_threads[cores])
        figure(
            f"threads_{cores - 1}_vs_{cores}_while_streaming",
            median(by_threads[cores - 1]),
            "tok/s",
            reference=all_tps,
            notes=f"GUI-path generation with n_threads={cores - 1} (all but one) vs {cores} (all), "
            f"{args.thread_reps} run(s) each, alternating; above 1 favours all but one",
        )
        figure(
            "threads_tuned_vs_all_while_streaming",
            median(by_threads[None]),
            "tok/s",
            reference=all_tps,
            target=">= 0.97",
            notes="Quill's default (generation measures all cores vs one fewer and keeps the faster; "
            "core/threads.py) vs all cores, GUI path; the target: never worse than all cores",
        )
        figures.update({f"threads_{n or 'tuned'}_gui_gen_tps": round(median(v), 1) for n, v in by_threads.items()})
    print_json("gui_stream", {**figures, "tokens": args.tokens, "threads": threads})


if __name__ == "__main__":
    main()
