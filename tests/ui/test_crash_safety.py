"""Kill Quill (SIGKILL) in the middle of a streamed reply: nothing that was saved is lost."""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.core.settings import Settings, save_settings
from assistant.core.stores.history import HistoryStore

pytestmark = [pytest.mark.model, pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")]

ROOT = Path(__file__).resolve().parents[2]


def read_json_line(proc: subprocess.Popen[str], deadline: float) -> dict[str, object]:
    """The child's next report; fails the test if none comes before the deadline."""
    assert proc.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(proc.stdout, selectors.EVENT_READ)
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not selector.select(timeout=remaining):
                pytest.fail("the Quill child process reported nothing in time")
            line = proc.stdout.readline()
            if not line:
                pytest.fail(f"the Quill child exited early (code {proc.poll()})")
            if line.startswith("{"):
                return json.loads(line)
    finally:
        selector.close()


def test_a_killed_quill_keeps_the_conversation_and_marks_the_reply_interrupted(quill_home: Path) -> None:
    save_settings(Settings(max_tokens=512, temperature=0.8, seed=7), quill_home / "config" / "settings.json")
    env = {**os.environ, "QUILL_HOME": str(quill_home), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.gui_child"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        report = read_json_line(proc, time.monotonic() + 90)
        assert report.get("status") == "streaming", report
        shown = str(report["content"])
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()

    store = HistoryStore(quill_home / "data" / "history.sqlite3")
    try:
        assert store.integrity_ok()
        assert store.interrupted_on_open == 1
        [conversation] = store.conversations()
        user, reply = store.messages(conversation.id)
        assert user.content == "Write a very long story about a lighthouse keeper and a storm."
        assert reply.status == "interrupted"
        assert reply.content.startswith(shown)
    finally:
        store.close()
