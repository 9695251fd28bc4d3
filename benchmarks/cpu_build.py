"""This llama.cpp build against another one (say the default -march=native build with AMX), same run.

    python benchmarks/cpu_build.py [--other-python /path/to/venv/bin/python] [--reps 3] [--quick]

Each measurement is a child process (one build per process), alternating between the builds,
on the starter model: prompt tok/s for a ~512-token prompt and greedy generation tok/s. Every
build runs in each mode it survives here ("full"; "no_extra_buffers", the fallback). The figures
are this build's best mode against the other build's best mode that survives this CPU. Without
--other-python there is nothing to compare (run_all.py runs it so): this build's modes against
each other are engine_throughput.py's chosen-vs-fallback figures.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from common import bench_threads, figure, print_json

CHILD_MARK = "CPU-BUILD "
ROOT = Path(__file__).resolve().parents[1]


def child(mode: str, threads: int, prompt_tokens: int, gen_tokens: int) -> None:
    """In the child: load the starter model in ``mode`` and print one JSON line of speeds."""
    from engine_throughput import engine_run, make_prompt

    from assistant.core.backends.llama import LlamaBackend, compiled_cpu_features
    from assistant.core.models.starter import require_starter_model
    from assistant.core.types import GenerationParams, ModelSpec

    backend = LlamaBackend()
    backend.load(ModelSpec(require_starter_model(), n_ctx=2048, n_threads=threads, extra_buffers=mode == "full"))
    greedy = GenerationParams(temperature=0, max_tokens=gen_tokens, repeat_penalty=1.0, ignore_eos=True)
    engine_run(backend, make_prompt(backend, 999, 64), 8, greedy)  # warm-up
    run = engine_run(backend, make_prompt(backend, os.getpid(), prompt_tokens), gen_tokens, greedy)
    backend.close()
    amx = any(f.startswith("AMX") for f in compiled_cpu_features())
    print(CHILD_MARK + json.dumps({"prompt_tps": run["prompt_tps"], "gen_tps": run["gen_tps"], "amx": amx}))


def measure(python: str, mode: str, threads: int, args: argparse.Namespace) -> dict | None:
    """One child run; None if that build died in that mode (as an AMX build does on some CPUs)."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "benchmarks")]))
    command = [
        python,
        str(Path(__file__).resolve()),
        "--child",
        mode,
        "--threads",
        str(threads),
        "--prompt-tokens",
        str(args.prompt_tokens),
        "--gen-tokens",
        str(args.gen_tokens),
    ]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
    if done.returncode != 0:
        print(f"  {python} {mode}: died (exit {done.returncode})", flush=True)
        return None
    line = next(x for x in done.stdout.splitlines() if x.startswith(CHILD_MARK))
    return json.loads(line[len(CHILD_MARK) :])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--other-python", help="the interpreter of a venv with the other llama.cpp build")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--prompt-tokens", type=int, default=512)
    parser.add_argument("--gen-tokens", type=int, default=128)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--quick", action="store_true", help="2 reps, 256-token prompts, 64 tokens generated")
    parser.add_argument("--child", metavar="MODE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    threads = args.threads or bench_threads()
    if args.child:
        child(args.child, threads, args.prompt_tokens, args.gen_tokens)
        return
    if args.quick:
        args.reps, args.prompt_tokens, args.gen_tokens = 2, 256, 64
    if not args.other_python:
        print("no --other-python given: nothing to compare this build with; skipped")
        print_json("cpu_build", {})
        return

    builds = {"this": sys.executable, "other": args.other_python}
    configs = [(b, m) for b in builds for m in ("full", "no_extra_buffers")]
    rows: dict[tuple[str, str], list[dict]] = {c: [] for c in configs}
    dead: set[tuple[str, str]] = set()
    for rep in range(args.reps):
        for config in configs if rep % 2 == 0 else configs[::-1]:
            if config in dead:
                continue
            result = measure(builds[config[0]], config[1], threads, args)
            if result is None:
                dead.add(config)
                continue
            rows[config].append(result)
            print(
                f"rep {rep + 1}: {config[0]:5} {config[1]:16} prompt {result['prompt_tps']:6.1f} tok/s  "
                f"generate {result['gen_tps']:5.1f} tok/s  (AMX compiled: {result['amx']})",
                flush=True,
            )

    medians = {
        f"{b}_{m}": {k: statistics.median(r[k] for r in rows[(b, m)]) for k in ("prompt_tps", "gen_tps")}
        for (b, m) in configs
        if rows[(b, m)]
    }
    for name, value in medians.items():
        print(f"  {name:24} prompt {value['prompt_tps']:6.1f} tok/s   generate {value['gen_tps']:5.1f} tok/s")
    this = medians.get("this_full") or medians["this_no_extra_buffers"]
    reference = medians.get("other_full") or medians.get("other_no_extra_buffers")
    what = "the other build in " + ("full mode" if "other_full" in medians else "its fallback mode")
    dead_note = ("; died here: " + ", ".join(f"{b} {m}" for b, m in sorted(dead))) if dead else ""
    notes = f"starter model, n_threads {threads}, median of {args.reps} alternating child runs, vs {what}{dead_note}"
    if reference:
        figure("build_prompt_vs_reference", this["prompt_tps"], "tok/s", reference=reference["prompt_tps"], notes=notes)
        figure("build_generation_vs_reference", this["gen_tps"], "tok/s", reference=reference["gen_tps"], notes=notes)
    print_json(
        "cpu_build", {k: v for name, m in medians.items() for k, v in ((f"{name}_{x}", y) for x, y in m.items())}
    )


if __name__ == "__main__":
    main()
