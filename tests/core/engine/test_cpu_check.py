"""The CPU check's decisions, driven by stand-in children that exit, fail or die with SIGILL.

The real probe on the real llama.cpp build is in tests/integration/test_cpu_check.py.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.core.engine import cpu_check
from assistant.core.engine.cpu_check import OK_LINE, ProbeOutcome, ensure_checked, load_result, run_probe, take_notice
from assistant.core.paths import QuillPaths, quill_paths

DIES_WITH_SIGILL = [sys.executable, "-c", "import os, signal; os.kill(os.getpid(), signal.SIGILL)"]
PASSES = [sys.executable, "-c", f"print({OK_LINE!r} + ': stand-in')"]
FAILS = [sys.executable, "-c", "raise SystemExit('ImportError: no llama_cpp here')"]


@pytest.fixture
def paths(tmp_path: Path) -> QuillPaths:
    return quill_paths({"QUILL_HOME": str(tmp_path / "home")})


class Children:
    """A probe runner that runs one stand-in command per mode and records which modes ran."""

    def __init__(self, **commands: list[str]) -> None:
        self.commands = commands
        self.ran: list[str] = []

    def __call__(self, mode: str, model: Path) -> ProbeOutcome:
        assert model.is_file()  # the probe model was written before any child ran
        self.ran.append(mode)
        return run_probe(self.commands[mode], timeout=60)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_child_killed_by_sigill_is_a_crash() -> None:
    outcome = run_probe(DIES_WITH_SIGILL)
    assert outcome.outcome == "crashed"
    assert outcome.detail == "llama.cpp died with SIGILL"


def test_an_ordinary_error_in_the_child_is_not_a_crash() -> None:
    outcome = run_probe(FAILS)
    assert outcome.outcome == "failed"
    assert "ImportError" in outcome.detail


def test_a_child_that_hangs_is_a_timeout() -> None:
    outcome = run_probe([sys.executable, "-c", "import time; time.sleep(30)"], timeout=0.5)
    assert outcome.outcome == "timed_out"


def test_a_healthy_build_passes_without_a_fallback(paths: QuillPaths) -> None:
    children = Children(full=PASSES)
    result = ensure_checked(paths, children)
    assert (result.mode, result.fallback) == ("full", False)
    assert children.ran == ["full"]
    assert take_notice(paths) is None  # nothing to tell


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_sigill_chooses_the_fallback_remembers_it_and_says_so_once(paths: QuillPaths) -> None:
    children = Children(full=DIES_WITH_SIGILL, no_extra_buffers=PASSES)
    result = ensure_checked(paths, children)
    assert result.mode == "no_extra_buffers"
    assert children.ran == ["full", "no_extra_buffers"]

    # Remembered for this build and CPU: the next start runs no child.
    again = ensure_checked(paths, children)
    assert again.mode == "no_extra_buffers" and children.ran == ["full", "no_extra_buffers"]
    assert load_result(paths) is not None and load_result(paths).mode == "no_extra_buffers"  # type: ignore[union-attr]

    sentence = take_notice(paths)
    assert sentence is not None
    assert "\n" not in sentence and sentence.endswith(".")
    assert "SIGILL" in sentence and "slower" in sentence and "README" in sentence
    assert take_notice(paths) is None  # said once


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_when_both_modes_crash_the_build_is_unusable(paths: QuillPaths) -> None:
    children = Children(full=DIES_WITH_SIGILL, no_extra_buffers=DIES_WITH_SIGILL)
    result = ensure_checked(paths, children)
    assert result.mode == "unusable"
    notice = cpu_check.notice(result)
    assert notice is not None and "server" in notice and "\n" not in notice


@pytest.mark.parametrize("command", [FAILS, [sys.executable, "-c", "print('no ok line')"]])
def test_a_check_that_learns_nothing_loads_as_usual_and_is_not_remembered(
    paths: QuillPaths, command: list[str]
) -> None:
    children = Children(full=command)
    assert ensure_checked(paths, children).mode == "full"
    assert load_result(paths) is None
    ensure_checked(paths, children)
    assert children.ran == ["full", "full"]  # tried again next time


def test_another_build_or_cpu_is_checked_again(paths: QuillPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    ensure_checked(paths, Children(full=PASSES))
    assert load_result(paths) is not None
    monkeypatch.setattr(cpu_check, "fingerprint", lambda: "another-build")
    assert load_result(paths) is None
    children = Children(full=PASSES)
    ensure_checked(paths, children)
    assert children.ran == ["full"]


def test_a_damaged_record_is_checked_again(paths: QuillPaths) -> None:
    paths.cpu_check_file.parent.mkdir(parents=True)
    paths.cpu_check_file.write_text("{not json", encoding="utf-8")
    children = Children(full=PASSES)
    assert ensure_checked(paths, children).mode == "full"
    assert children.ran == ["full"]


def test_the_fingerprint_is_stable_and_names_no_path() -> None:
    first: Callable[[], str] = cpu_check.fingerprint
    assert first() == cpu_check.fingerprint()
    assert len(first()) == 16


def test_the_crash_names_the_signal() -> None:
    assert cpu_check._crash_signal(-signal.SIGSEGV) == "SIGSEGV"
    assert cpu_check._crash_signal(1) is None
