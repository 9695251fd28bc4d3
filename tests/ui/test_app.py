"""The app as launched: `quill` opens the window, answers, and a second launch defers to the first."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.core.paths import quill_paths
from assistant.ui.single_instance import ask_running_instance, server_name

pytestmark = pytest.mark.model
ROOT = Path(__file__).resolve().parents[2]


def launch(home: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "QUILL_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen(
        [sys.executable, "-m", "assistant", *args],
        cwd=ROOT,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_self_test_opens_the_window_and_the_starter_model_answers(quill_home: Path) -> None:
    proc = launch(quill_home, "--self-test")
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert out.startswith("self-test ok: SmolLM2 135M Instruct (starter) replied with")
    assert (quill_home / "data" / "history.sqlite3").exists()
    assert {p.name for p in quill_home.iterdir()} <= {"config", "data", "cache", "logs", "models"}


def test_a_second_launch_brings_the_first_forward_and_exits(qtbot, quill_home: Path) -> None:
    first = launch(quill_home)
    name = server_name(quill_paths({"QUILL_HOME": str(quill_home)}).data_dir)
    try:
        qtbot.waitUntil(lambda: ask_running_instance(name, 100) or first.poll() is not None, timeout=60000)
        assert first.poll() is None, first.stderr.read() if first.stderr else ""
        second = launch(quill_home)
        out, err = second.communicate(timeout=60)
        assert second.returncode == 0
        assert "already running" in err
        assert first.poll() is None
    finally:
        first.terminate()
        first.communicate(timeout=30)


def test_without_a_display_the_app_says_so_in_one_line(quill_home: Path) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("X11/Wayland check")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["QUILL_HOME"] = str(quill_home)
    done = subprocess.run(
        [sys.executable, "-m", "assistant"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1
    assert done.stderr.startswith("quill: error: no display found") and done.stderr.count("\n") == 1
    env.update({"LANG": "zh_CN.UTF-8", "LC_ALL": "", "LANGUAGE": ""})  # a Chinese desktop user's terminal
    zh = subprocess.run(
        [sys.executable, "-m", "assistant"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert zh.returncode == 1 and zh.stderr.startswith("quill：错误：找不到显示器；") and zh.stderr.count("\n") == 1
