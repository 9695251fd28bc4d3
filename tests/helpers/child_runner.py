"""Run a list of model files through tests.helpers.gguf_load_child, surviving its crashes.

The child handles many files per process (starting Python and llama.cpp per file
would take minutes); when it dies, the file it had started is counted as a crash
(or a hang, after a timeout) and a new child goes on from the next file.
"""

from __future__ import annotations

import json
import os
import selectors
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class FileResult:
    path: Path
    result: str  # refused | llama-refused | answered | failed | error | crash | hang
    message: str


def run_files(paths: list[Path], list_file: Path, *, per_file_timeout: float = 30.0) -> list[FileResult]:
    """Each file's outcome, in order."""
    list_file.write_text("".join(f"{p}\n" for p in paths), encoding="utf-8")
    results: dict[int, FileResult] = {}
    start = 0
    env = {**os.environ, "PYTHONFAULTHANDLER": "0"}
    while start < len(paths):
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.helpers.gguf_load_child", str(list_file), str(start)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert proc.stdout is not None
        current: int | None = None
        selector = selectors.DefaultSelector()
        selector.register(proc.stdout, selectors.EVENT_READ)
        hung = False
        try:
            while True:
                if not selector.select(timeout=per_file_timeout):
                    hung = True
                    proc.kill()
                    break
                line = proc.stdout.readline()
                if not line:
                    break
                if not line.startswith("{"):
                    continue
                report = json.loads(line)
                index = int(report["index"])
                if report["result"] == "start":
                    current = index
                else:
                    results[index] = FileResult(paths[index], report["result"], report.get("message", ""))
                    current = None
        finally:
            selector.close()
            code = proc.wait()
            proc.stdout.close()
        if current is None:
            break  # the child got through the rest of the list
        kind = "hang" if hung else "crash"
        results[current] = FileResult(paths[current], kind, f"the child process ended with code {code}")
        start = current + 1
    return [results[i] for i in range(len(paths)) if i in results]


def run_and_time(paths: list[Path], list_file: Path) -> tuple[list[FileResult], float]:
    started = time.perf_counter()
    return run_files(paths, list_file), time.perf_counter() - started
