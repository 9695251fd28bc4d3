"""Run every benchmark, then write benchmarks/report.md and a chart of each figure against its reference and target.

    python benchmarks/run_all.py [--only NAME ...] [--skip NAME ...] [--quick] [--timeout 420]

A benchmark is any ``benchmarks/*.py`` (but this file and common.py) that has
a ``main()``. Each runs as its own process, so one that crashes or hangs is
reported as failed and the rest still run. Figures are read from its output:
one JSON line per figure (``{"figure": name, "value", "unit", "reference",
"ratio", "target", "target_on", "notes"}``, see ``common.figure``). A benchmark
that prints only the older closing line (``{"benchmark": name, ...}``) is
listed with its raw values. The machine's load average is recorded before and
after each benchmark: the machines are shared, and the figures are only as
quiet as the machine was. ``--quick`` passes ``--quick`` to the benchmarks
that accept it. The chart needs matplotlib (the ``bench`` extra); without it
the report is still written and says the chart was skipped.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NOT_BENCHMARKS = {"common.py", "run_all.py"}
NOTES = HERE / "notes.md"
TARGET = re.compile(r"^\s*(>=|<=|>|<)\s*([-+0-9.eE]+)\s*$")


@dataclass
class Outcome:
    """What one benchmark process did."""

    name: str
    args: list[str]
    status: str = "not run"  # ok | failed | timed out
    seconds: float = 0.0
    load_before: tuple[float, float, float] = (0.0, 0.0, 0.0)
    load_after: tuple[float, float, float] = (0.0, 0.0, 0.0)
    figures: list[dict[str, Any]] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)
    error_tail: str = ""


def discover() -> list[str]:
    """Benchmark names by convention: benchmarks/*.py with a top-level ``def main(``."""
    names = []
    for path in sorted(HERE.glob("*.py")):
        if path.name in NOT_BENCHMARKS or path.name.startswith("_"):
            continue
        if re.search(r"^def main\(", path.read_text(encoding="utf-8"), re.MULTILINE):
            names.append(path.stem)
    return names


def accepts_quick(name: str) -> bool:
    return "--quick" in (HERE / f"{name}.py").read_text(encoding="utf-8")


def load_average() -> tuple[float, float, float]:
    try:
        one, five, fifteen = os.getloadavg()
        return round(one, 2), round(five, 2), round(fifteen, 2)
    except OSError:
        return (0.0, 0.0, 0.0)


def run_one(name: str, args: list[str], timeout: float) -> Outcome:
    """Run one benchmark in its own process group, echoing its output, and collect its figures."""
    outcome = Outcome(name, args, load_before=load_average())
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(HERE / f"{name}.py"), *args],
        cwd=ROOT,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    errors: list[str] = []
    reader = threading.Thread(target=lambda: errors.extend(process.stderr or []), daemon=True)
    reader.start()
    timed_out = threading.Event()

    def kill() -> None:
        timed_out.set()
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    watchdog = threading.Timer(timeout, kill)
    watchdog.start()
    try:
        for line in process.stdout or []:
            print(f"  {line.rstrip()}", flush=True)
            record = _json_line(line)
            if record is None:
                continue
            if "figure" in record:
                outcome.figures.append(record)
            elif "benchmark" in record:
                outcome.summary = record
        code = process.wait()
    finally:
        watchdog.cancel()
    reader.join(timeout=5)
    outcome.seconds = time.perf_counter() - started
    outcome.load_after = load_average()
    if timed_out.is_set():
        outcome.status = f"timed out after {timeout:.0f} s"
    elif code != 0:
        outcome.status = f"failed (exit {code})"
    elif not outcome.figures and not outcome.summary:
        outcome.status = "failed (printed no figures)"
    else:
        outcome.status = "ok"
    if outcome.status != "ok":
        lines = [line.rstrip() for line in errors if line.strip() and "propagateSizeHints" not in line]
        outcome.error_tail = "\n".join(lines[-12:])
    return outcome


def _json_line(line: str) -> dict[str, Any] | None:
    line = line.strip()
    if not line.startswith("{"):
        return None
    try:
        value = json.loads(line)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def judged(record: dict[str, Any]) -> tuple[float | None, bool | None]:
    """The number the target applies to, and whether it is met (None: no target or no number)."""
    match = TARGET.match(str(record.get("target") or ""))
    subject = record.get("ratio") if record.get("target_on", "ratio") == "ratio" else record.get("value")
    if match is None or not isinstance(subject, (int, float)):
        return (subject if isinstance(subject, (int, float)) else None), None
    op, limit = match.group(1), float(match.group(2))
    met = {">=": subject >= limit, "<=": subject <= limit, ">": subject > limit, "<": subject < limit}[op]
    return subject, met


def _fmt(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 10 else f"{value:,.1f}"
    return str(value)


def machine_line() -> str:
    try:
        from importlib.metadata import version

        llama = version("llama-cpp-python")
    except Exception:  # noqa: BLE001 (only for the report)
        llama = "?"
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"llama-cpp-python {llama}, commit {commit.strip() or '?'}"
    )


def write_report(
    outcomes: list[Outcome], path: Path, chart: Path | None, chart_note: str, total_s: float, command: str
) -> None:
    now = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    out = [
        "# Quill benchmark report",
        "",
        f"Written by `{command}` on {now}: {machine_line()}. Total {total_s / 60:.1f} min.",
        "Every figure is Quill against a reference measured in the same run; the ratio is the figure that",
        "meets or misses its target unless the target is on the value. Load average (1 min) is shown per",
        "benchmark: on a shared machine, read the figures with it.",
        "",
        "## Figures",
        "",
        "| benchmark | figure | Quill | reference | unit | ratio | target | met |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for o in outcomes:
        for f in o.figures:
            _, met = judged(f)
            target = f"{f.get('target_on', 'ratio')} {f['target']}" if f.get("target") else "–"
            mark = "–" if met is None else ("yes" if met else "**no**")
            out.append(
                f"| {o.name} | {f['figure']} | {_fmt(f.get('value'))} | {_fmt(f.get('reference'))} | "
                f"{f.get('unit', '')} | {_fmt(f.get('ratio'))} | {target} | {mark} |"
            )
        if not o.figures and o.status != "ok":
            out.append(f"| {o.name} | – | – | – | – | – | – | **{o.status}** |")
    notes = [(o.name, f) for o in outcomes for f in o.figures if f.get("notes")]
    if notes:
        out += ["", "Notes on figures:", ""]
        out += [f"- {name} / {f['figure']}: {f['notes']}" for name, f in notes]
    out += [
        "",
        "## Runs",
        "",
        "| benchmark | status | time | load before → after (1, 5, 15 min) | arguments |",
        "|---|---|---|---|---|",
    ]
    for o in outcomes:
        load = f"{o.load_before[0]}, {o.load_before[1]}, {o.load_before[2]} → {o.load_after[0]}, {o.load_after[1]}, {o.load_after[2]}"
        out.append(f"| {o.name} | {o.status} | {o.seconds:.0f} s | {load} | {' '.join(o.args) or '–'} |")
    for o in outcomes:
        if o.error_tail:
            out += ["", f"### {o.name}: {o.status}", "", "```", o.error_tail, "```"]
        if o.summary and not o.figures:
            out += ["", f"### {o.name}: raw values (this benchmark prints no figures with targets)", ""]
            out += [f"- {k}: {v}" for k, v in o.summary.items() if k != "benchmark"]
    out += ["", "## Chart", ""]
    out.append(f"![figures against reference and target]({chart.name})" if chart else chart_note)
    if NOTES.exists():
        out += ["", NOTES.read_text(encoding="utf-8").rstrip()]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def write_chart(outcomes: list[Outcome], path: Path) -> str | None:
    """One panel per figure: Quill against its reference, the target as a dashed line. None if drawn."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return (
            "Chart skipped: matplotlib is not installed (install the benchmark extra: "
            '`.venv/bin/pip install -e ".[bench]"`).'
        )
    figures = [(o.name, f) for o in outcomes for f in o.figures]
    if not figures:
        return "Chart skipped: no figures."
    cols = 4
    rows = (len(figures) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(4.4 * cols, 3.4 * rows), squeeze=False)
    for ax in axes.flat[len(figures) :]:
        ax.axis("off")
    for ax, (bench, f) in zip(axes.flat, figures):
        subject, met = judged(f)
        colour = "#9e9e9e" if met is None else ("#2e7d32" if met else "#c62828")
        match = TARGET.match(str(f.get("target") or ""))
        on_ratio = f.get("target_on", "ratio") == "ratio" and f.get("ratio") is not None
        if on_ratio:
            ax.bar(["reference", "Quill"], [1.0, f["ratio"]], color=["#90a4ae", colour])
            ax.set_ylabel("ratio to reference")
            ax.text(0, 1.0, _fmt(f.get("reference")), ha="center", va="bottom", fontsize=8)
            ax.text(1, f["ratio"], _fmt(f.get("value")), ha="center", va="bottom", fontsize=8)
        else:
            labels, values, colours = ["Quill"], [f.get("value") or 0.0], [colour]
            if f.get("reference") is not None:
                labels.insert(0, "reference")
                values.insert(0, f["reference"])
                colours.insert(0, "#90a4ae")
            ax.bar(labels, values, color=colours)
            ax.set_ylabel(f.get("unit", ""))
        if match:
            ax.axhline(
                float(match.group(2)),
                color="#c62828",
                linestyle="--",
                linewidth=1.2,
                label=f"target {match.group(1)} {match.group(2)}",
            )
            ax.legend(fontsize=7, loc="lower right")
        ax.set_title(f"{bench}\n{f['figure']}", fontsize=8)
        ax.tick_params(labelsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", action="append", default=[], help="run only this benchmark (repeatable)")
    parser.add_argument("--skip", action="append", default=[], help="leave this benchmark out (repeatable)")
    parser.add_argument("--quick", action="store_true", help="pass --quick to the benchmarks that accept it")
    parser.add_argument("--timeout", type=float, default=420, help="seconds before a benchmark is stopped")
    parser.add_argument(
        "--threads",
        type=int,
        default=0,
        help="fixed n_threads for Quill and its reference in the comparisons (default: all cores); "
        "for a machine so busy that all cores thrash",
    )
    parser.add_argument("--report", type=Path, default=HERE / "report.md")
    parser.add_argument("--list", action="store_true", help="list the benchmarks found and exit")
    args = parser.parse_args()
    names = discover()
    if args.list:
        print("\n".join(names))
        return
    only = {n.removesuffix(".py") for item in args.only for n in item.split(",") if n}
    unknown = only - set(names)
    if unknown:
        raise SystemExit(f"run_all: no benchmark named {', '.join(sorted(unknown))} (found: {', '.join(names)})")
    skip = {n.removesuffix(".py") for item in args.skip for n in item.split(",") if n}
    chosen = [n for n in names if (not only or n in only) and n not in skip]

    if args.threads > 0:
        os.environ["QUILL_BENCH_THREADS"] = str(args.threads)
    started = time.perf_counter()
    outcomes = []
    for name in chosen:
        extra = ["--quick"] if args.quick and accepts_quick(name) else []
        print(f"== {name} {' '.join(extra)}".rstrip(), flush=True)
        outcome = run_one(name, extra, args.timeout)
        print(
            f"== {name}: {outcome.status} in {outcome.seconds:.0f} s, load {outcome.load_before[0]} -> "
            f"{outcome.load_after[0]}",
            flush=True,
        )
        outcomes.append(outcome)
    total = time.perf_counter() - started

    report = args.report.resolve()
    chart = report.with_name(report.stem + ".png")
    note = write_chart(outcomes, chart)
    if note:
        print(note)
    command = " ".join(["python benchmarks/run_all.py", *sys.argv[1:]])
    write_report(outcomes, report, None if note else chart, note or "", total, command)
    met = [judged(f)[1] for o in outcomes for f in o.figures]
    print(
        f"\n{sum(m is True for m in met)} targets met, {sum(m is False for m in met)} missed; "
        f"{sum(o.status != 'ok' for o in outcomes)} of {len(outcomes)} benchmarks failed; "
        f"{total / 60:.1f} min. Report: {report}" + ("" if note else f"; chart: {chart}")
    )


if __name__ == "__main__":
    main()
