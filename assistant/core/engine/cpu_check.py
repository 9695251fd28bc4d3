"""Prove, in a child process, that this machine's llama.cpp build survives a prompt batch.

Some builds die on some CPUs: with ``-march=native`` on an Intel CPU that reports AMX,
ggml compiles AMX matrix kernels, and where the host does not grant the tile state
(many VMs) every prompt batch above a few dozen tokens dies with SIGILL, taking the
whole app with it. Short chats still work, so the crash comes at the first summary.

Before Quill first relies on a build, :func:`ensure_checked` loads a tiny quantized
model in a child process and has it read a 600-token prompt in one batch and
generate a token. If the child dies, a second child tries the same without llama.cpp's
extra buffer types (the AMX and repacked-weight kernels); if that survives, Quill
loads every model that way. The result is remembered per build and CPU, so the check
runs once. Nothing here imports llama_cpp: the children do (core/engine/cpu_probe.py).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import logging
import os
import platform
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Literal

from assistant.core.files import atomic_write_text
from assistant.core.i18n import msg
from assistant.core.paths import QuillPaths, quill_paths

log = logging.getLogger(__name__)

Mode = Literal["full", "no_extra_buffers", "unusable"]
Outcome = Literal["passed", "crashed", "failed", "timed_out"]

PROBE_TOKENS = 600  # one prompt batch well above the size where AMX kernels take over
PROBE_TIMEOUT = 120.0  # seconds: a tiny model answers in about one; a busy machine is slow
OK_LINE = "QUILL-CPU-CHECK ok"

REBUILD_HINT = "README.md ('If llama.cpp crashed on this CPU') says how to rebuild it"


@dataclass(frozen=True)
class CheckResult:
    """What the check found for one build on one CPU (as stored in ``cpu-check.json``)."""

    fingerprint: str
    mode: Mode
    detail: str  # one line: what happened
    checked_at: float = 0.0
    announced: bool = False  # the user has been told about a fallback

    @property
    def fallback(self) -> bool:
        return self.mode != "full"


# ----- what build, on what CPU ---------------------------------------------


def llama_lib_dir() -> Path | None:
    """llama-cpp-python's folder of shared libraries, found without importing it (that costs 0.2 s)."""
    spec = importlib.util.find_spec("llama_cpp")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "lib"


def llama_cpp_version() -> str:
    try:
        return importlib.metadata.version("llama_cpp_python")
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def cpu_identity() -> tuple[str, list[str]]:
    """(the CPU's name, its feature flags) as the OS reports them; empty where it does not."""
    name: str = platform.processor() or platform.machine()
    flags: list[str] = []
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as handle:
            for line in handle:
                key, _, value = line.partition(":")
                key = key.strip()
                if key in ("model name", "Model", "cpu model") and value.strip():
                    name = value.strip()
                elif key in ("flags", "Features") and not flags:
                    flags = value.split()
                if not line.strip() and flags:  # the first processor's block is enough
                    break
    except OSError:
        if sys.platform == "darwin":
            name = _sysctl("machdep.cpu.brand_string") or name
            flags = (_sysctl("machdep.cpu.features") or "").lower().split()
    return name, flags


def _sysctl(key: str) -> str | None:
    try:
        out = subprocess.run(["sysctl", "-n", key], capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def fingerprint() -> str:
    """A short id of this llama.cpp build on this CPU: its version, its library files, the CPU."""
    parts = [llama_cpp_version(), sys.platform, platform.machine()]
    lib = llama_lib_dir()
    if lib is not None and lib.is_dir():
        for path in sorted(lib.iterdir()):
            try:
                stat = path.stat()
            except OSError:
                continue
            parts.append(f"{path.name}:{stat.st_size}:{int(stat.st_mtime)}")
    name, flags = cpu_identity()
    parts += [name, " ".join(sorted(flags))]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:16]


# ----- running the probe ----------------------------------------------------

ProbeRunner = Callable[[str, Path], "ProbeOutcome"]


@dataclass(frozen=True)
class ProbeOutcome:
    outcome: Outcome
    detail: str


def probe_command(mode: str, model: Path) -> list[str]:
    """The child that proves a mode: ``python -m assistant.core.engine.cpu_probe MODE MODEL``.

    In the desktop bundle there is no ``-m``: the bundle's own executable takes ``--cpu-probe``.
    """
    args = [mode, str(model), str(PROBE_TOKENS)]
    if getattr(sys, "frozen", False):
        return [sys.executable, "--cpu-probe", *args]
    return [sys.executable, "-m", "assistant.core.engine.cpu_probe", *args]


def run_probe(command: list[str], timeout: float = PROBE_TIMEOUT) -> ProbeOutcome:
    """Run one probe child and say how it ended."""
    env = dict(os.environ, PYTHONFAULTHANDLER="1")
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=timeout,
            env=env,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        return ProbeOutcome("timed_out", f"the check did not finish in {timeout:.0f} s")
    except OSError as error:
        return ProbeOutcome("failed", f"the check could not start: {error}")
    code = done.returncode
    if code == 0 and OK_LINE in done.stdout:
        return ProbeOutcome("passed", done.stdout.strip().splitlines()[-1])
    crash = _crash_signal(code)
    if crash:
        return ProbeOutcome("crashed", f"llama.cpp died with {crash}")
    last = (done.stderr.strip().splitlines() or [f"exit code {code}"])[-1]
    return ProbeOutcome("failed", last[:200])


def _crash_signal(code: int) -> str | None:
    """The signal (or Windows exception) a child died of, by name; None for an ordinary exit."""
    if code < 0:
        try:
            return signal.Signals(-code).name
        except ValueError:
            return f"signal {-code}"
    windows = {0xC000001D: "an illegal instruction", 0xC0000005: "an access violation", 0xC0000409: "an abort"}
    return windows.get(code & 0xFFFFFFFF) if sys.platform == "win32" else None


def default_runner(mode: str, model: Path) -> ProbeOutcome:
    return run_probe(probe_command(mode, model))


# ----- the check -------------------------------------------------------------


def probe_model(paths: QuillPaths) -> Path:
    """The tiny quantized model the probe loads (written once into Quill's cache)."""
    path = paths.cache_dir / "cpu-check" / "probe-q8_0.gguf"
    if not path.exists():
        from gguf import GGMLQuantizationType

        from assistant.core.models.tiny_model import write_tiny_llama

        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        # Matrix rows that are multiples of 32 in Q8_0: the shapes llama.cpp's AMX and repacked kernels take.
        write_tiny_llama(
            partial,
            n_embd=256,
            n_head=4,
            n_ff=512,
            n_layer=1,
            n_ctx_train=2048,
            weight_type=GGMLQuantizationType.Q8_0,
            name="Quill CPU check",
        )
        os.replace(partial, path)
    return path


def load_result(paths: QuillPaths | None = None, current: str | None = None) -> CheckResult | None:
    """The remembered result for this build and CPU, or None if it was never checked here."""
    paths = paths or quill_paths()
    try:
        data = json.loads(paths.cpu_check_file.read_text(encoding="utf-8"))
        result = CheckResult(**data)
    except (OSError, ValueError, TypeError):
        return None
    return result if result.fingerprint == (current or fingerprint()) else None


def save_result(result: CheckResult, paths: QuillPaths | None = None) -> None:
    paths = paths or quill_paths()
    try:
        paths.cpu_check_file.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(paths.cpu_check_file, json.dumps(asdict(result), indent=2))
    except OSError as error:  # not remembered: the check runs again next time, nothing worse
        log.warning("could not save the CPU check's result: %s", error)


def ensure_checked(paths: QuillPaths | None = None, runner: ProbeRunner = default_runner) -> CheckResult:
    """The remembered result, or run the check now (a second or two, once per build and CPU)."""
    paths = paths or quill_paths()
    current = fingerprint()
    known = load_result(paths, current)
    if known is not None:
        return known
    result = run_check(paths, runner, current)
    if result is not None:
        save_result(result, paths)
        return result
    # The check itself could not run (a timeout on a busy machine, a missing module): load as usual.
    return CheckResult(current, "full", "not checked (the check could not run)", time.time(), announced=True)


def run_check(paths: QuillPaths, runner: ProbeRunner, current: str) -> CheckResult | None:
    """Probe the full build, then the fallback if the first child crashed; None if nothing was learnt."""
    try:
        model = probe_model(paths)
    except OSError as error:
        log.warning("CPU check skipped: could not write its model: %s", error)
        return None
    started = time.monotonic()
    first = runner("full", model)
    log.info("CPU check (full): %s: %s (%.1f s)", first.outcome, first.detail, time.monotonic() - started)
    if first.outcome == "passed":
        return CheckResult(current, "full", "passed", time.time(), announced=True)
    if first.outcome != "crashed":
        return None
    second = runner("no_extra_buffers", model)
    log.warning("CPU check (no extra buffer types): %s: %s", second.outcome, second.detail)
    if second.outcome == "passed":
        return CheckResult(current, "no_extra_buffers", first.detail, time.time())
    if second.outcome == "crashed":
        return CheckResult(current, "unusable", f"{first.detail}; also without extra buffer types", time.time())
    return None


def notice(result: CheckResult) -> str | None:
    """The one plain sentence a user gets about a fallback (None when there is nothing to say)."""
    if result.mode == "no_extra_buffers":
        return msg(
            "llama.cpp crashed on this CPU while reading a long prompt ({detail}), so Quill now runs it without its"
            " extra CPU kernels: everything works, and prompts on large models may be read somewhat slower;"
            " README.md ('If llama.cpp crashed on this CPU') says how to rebuild it for full speed.",
            detail=result.detail,
        )
    if result.mode == "unusable":
        return msg(
            "llama.cpp crashes on this CPU even without its extra CPU kernels ({detail}), so Quill cannot run models"
            " in this process; README.md ('If llama.cpp crashed on this CPU') says how to rebuild it, or use a model"
            " on a server (Settings → Server).",
            detail=result.detail,
        )
    return None


def take_notice(paths: QuillPaths | None = None) -> str | None:
    """The fallback's sentence the first time it is asked for on this build and CPU, then None."""
    paths = paths or quill_paths()
    result = load_result(paths)
    if result is None or result.announced:
        return None
    save_result(replace(result, announced=True), paths)
    return notice(result)


def describe(result: CheckResult | None) -> str:
    """The check's state in a few words, for `quill --version`, `quill doctor` and Settings."""
    if result is None:
        return "not run yet on this build and CPU"
    when = time.strftime("%Y-%m-%d", time.localtime(result.checked_at)) if result.checked_at else "?"
    if result.mode == "full":
        return f"passed ({when})" if result.detail == "passed" else result.detail
    if result.mode == "no_extra_buffers":
        return f"safe mode: no extra buffer types ({result.detail}; {when})"
    return f"failed: llama.cpp cannot run here ({result.detail}; {when})"
