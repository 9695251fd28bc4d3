"""SIGKILL Quill 20 times at random points while it streams replies, writes history and saves settings.

After every kill Quill's data is opened again: the history passes SQLite's
integrity check, every message that was shown before the kill is there (a reply
cut mid-stream keeps at least what was saved and is marked interrupted), and the
settings are the last saved ones (or the ones being saved), never damaged.
The kill points come from a fixed seed, so a failure can be replayed.
"""

from __future__ import annotations

import json
import os
import random
import selectors
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from assistant.core.settings import load_settings
from assistant.core.stores.history import HistoryStore

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")

ROOT = Path(__file__).resolve().parents[2]
KILLS = 20
SEED = 20240610


@dataclass
class Shown:
    """What the children reported before they were killed."""

    messages: dict[tuple[int, int], tuple[str, str]] = field(default_factory=dict)  # (conversation, position)
    partials: dict[int, str] = field(default_factory=dict)  # message id -> content saved so far
    settings_saved: int | None = None
    settings_saving: int | None = None


def run_and_kill(mode: str, home: Path, reports_before_kill: int, jitter: float, shown: Shown) -> int:
    """Start a child, read ``reports_before_kill`` reports, SIGKILL it; returns the reports read."""
    env = {**os.environ, "QUILL_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.crash_child", mode],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(proc.stdout, selectors.EVENT_READ)
    read = 0

    def take(line: str) -> None:
        report = json.loads(line)
        kind = report["kind"]
        if kind == "message":
            shown.messages[(report["conversation"], report["position"])] = (report["role"], report["content"])
        elif kind == "partial":
            shown.partials[report["id"]] = report["content"]
        elif kind == "saving":
            shown.settings_saving = report["max_tokens"]
        elif kind == "settings":
            shown.settings_saved = report["max_tokens"]

    try:
        while read < reports_before_kill:
            if not selector.select(timeout=60):
                pytest.fail(f"the {mode} child reported nothing for 60 s")
            line = proc.stdout.readline()
            if not line:
                pytest.fail(f"the {mode} child exited early ({proc.wait()}): {proc.stderr.read()[-2000:]}")  # type: ignore[union-attr]
            if '"ready"' not in line:
                read += 1
                take(line)
        deadline = time.perf_counter() + jitter
        while time.perf_counter() < deadline:  # a random moment inside a later write
            pass
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
        for line in proc.stdout.read().splitlines():  # reported before the kill: those writes had returned
            if line.endswith("}") and '"ready"' not in line:
                read += 1
                take(line)
    finally:
        selector.close()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()  # type: ignore[union-attr]
    return read


def check_after_kill(home: Path, shown: Shown) -> int:
    """Open Quill's data as Quill does at start-up; returns how many shown messages were lost."""
    store = HistoryStore(home / "data" / "history.sqlite3")
    try:
        assert store.integrity_ok()
        stored = {(m.conversation_id, m.position): m for c in store.conversations() for m in store.messages(c.id)}
        by_id = {m.id: m for m in stored.values()}
        lost = 0
        for key, (role, content) in shown.messages.items():
            message = stored.get(key)
            if message is None or message.role != role or not message.content.startswith(content):
                lost += 1
        for message_id, content in shown.partials.items():
            message = by_id.get(message_id)
            if message is None or not message.content.startswith(content):
                lost += 1
            elif message.status not in ("complete", "interrupted", "stopped"):
                lost += 1  # nothing may stay "streaming" once Quill has started again
    finally:
        store.close()
    result = load_settings(home / "config" / "settings.json")
    assert not [w for w in result.warnings if "restored" not in w], result.warnings
    if shown.settings_saved is not None:
        assert result.settings.max_tokens in (shown.settings_saved, shown.settings_saving)
    return lost


def test_twenty_kills_lose_nothing_that_was_shown(quill_home: Path) -> None:
    rng = random.Random(SEED)
    modes = ["gui"] * 8 + ["history"] * 6 + ["settings"] * 6
    rng.shuffle(modes)
    shown = Shown()
    survived, lost_total, reports = 0, 0, 0
    for mode in modes:
        before = rng.randint(1, 6) if mode == "gui" else rng.randint(1, 80)
        reports += run_and_kill(mode, quill_home, before, rng.uniform(0, 0.02), shown)
        lost_total += check_after_kill(quill_home, shown)
        survived += 1
    print(
        f"\nSIGKILL: {survived} kills survived ({', '.join(f'{m} {modes.count(m)}' for m in sorted(set(modes)))}); "
        f"{len(shown.messages)} messages and {len(shown.partials)} partial replies shown; {lost_total} lost"
    )
    assert survived == KILLS
    assert lost_total == 0
    assert len(shown.messages) > 20 and shown.partials and shown.settings_saved is not None
