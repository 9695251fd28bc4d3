"""`quill` as a user runs it from a terminal: a real child process with its own QUILL_HOME."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")  # what the CLI's language follows


def run_quill(
    *args: str, home: Path, stdin: str | None = None, timeout: float = 300, lang: str = "C.UTF-8"
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m assistant ARGS`` from the project folder, offline, and wait for it.

    ``lang`` is its LANG (the other locale variables are cleared): English by default, whatever
    the machine running the tests is set to; ``zh_CN.UTF-8`` makes Quill speak Chinese.
    """
    env = {k: v for k, v in os.environ.items() if k not in LOCALE_VARIABLES}
    env.update({"QUILL_HOME": str(home), "HF_HUB_OFFLINE": "1", "LANG": lang})
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )
