"""The CPU check on the real llama.cpp build: the probe child, the fallback mode, and what the user is told."""

from __future__ import annotations

import json
import platform
import shutil
import subprocess
from dataclasses import asdict
from pathlib import Path

import pytest

from assistant.core.cancel import CancelToken
from assistant.core.engine.choice import ModelChoice, open_local_model
from assistant.core.engine.cpu_check import (
    CheckResult,
    default_runner,
    ensure_checked,
    fingerprint,
    llama_lib_dir,
    probe_model,
    save_result,
)
from assistant.core.errors import CpuUnusableError
from assistant.core.paths import quill_paths
from assistant.core.types import Finished, GenerationParams, GenerationRequest, ModelSpec
from tests.helpers.quill_cli import run_quill

pytestmark = pytest.mark.model


def _build_has_amx_kernels() -> bool:
    from assistant.core.backends.llama import compiled_cpu_features

    return bool({"AMX_INT8", "AMX_BF16", "AMX_TILE"} & set(compiled_cpu_features()))


def test_the_real_probe_passes_in_the_safe_mode_and_in_full_unless_amx_kernels_crash(tmp_path: Path) -> None:
    paths = quill_paths({"QUILL_HOME": str(tmp_path / "home")})
    model = probe_model(paths)
    safe = default_runner("no_extra_buffers", model)
    assert safe.outcome == "passed", safe.detail
    assert "no_extra_buffers, " in safe.detail and "1 generated" in safe.detail
    full = default_runner("full", model)
    if _build_has_amx_kernels():  # an older wheel (pip's cache): AMX may crash here, and the check must see it
        assert full.outcome in ("passed", "crashed"), full.detail
    else:
        assert full.outcome == "passed", full.detail


def test_a_fresh_home_runs_the_check_once_and_remembers_it(tmp_path: Path) -> None:
    paths = quill_paths({"QUILL_HOME": str(tmp_path / "home")})
    result = ensure_checked(paths)
    if _build_has_amx_kernels():
        assert result.mode in ("full", "no_extra_buffers")
    else:
        assert result.mode == "full" and result.detail == "passed"
    stored = json.loads(paths.cpu_check_file.read_text(encoding="utf-8"))
    assert stored["fingerprint"] == fingerprint() and stored["mode"] == result.mode


def _remember(mode: str) -> None:
    save_result(CheckResult(fingerprint(), mode, "llama.cpp died with SIGILL", 1.0))  # type: ignore[arg-type]


def test_in_the_fallback_mode_the_model_loads_without_extra_buffers_and_reads_a_long_prompt(
    starter_model: Path,
) -> None:
    _remember("no_extra_buffers")
    backend, info = open_local_model(ModelChoice(ModelSpec(starter_model, n_ctx=2048), None))  # mode: the check's
    try:
        assert info.extra_buffers is False
        prompt = " ".join(f"Line {i}: the mill by the river turns." for i in range(130))
        request = GenerationRequest(prompt=prompt, params=GenerationParams(temperature=0, max_tokens=4))
        finished = [e for e in backend.stream(request, CancelToken()) if isinstance(e, Finished)][-1]
        assert finished.stats.prompt_eval_tokens >= 1024
        assert finished.reason in ("length", "stop")
    finally:
        backend.close()


def test_a_build_that_crashes_in_every_mode_is_refused_in_one_sentence(starter_model: Path) -> None:
    _remember("unusable")
    with pytest.raises(CpuUnusableError) as caught:
        open_local_model(ModelChoice(ModelSpec(starter_model), None))
    assert "\n" not in caught.value.message and "server" in caught.value.message


def test_the_cli_says_so_once_when_the_fallback_is_in_use(quill_home: Path) -> None:
    _remember("no_extra_buffers")
    first = run_quill("chat", "--max-tokens", "4", "hi", home=quill_home, timeout=180)
    assert first.returncode == 0, first.stderr
    told = [line for line in first.stderr.splitlines() if "llama.cpp crashed on this CPU" in line]
    assert len(told) == 1 and "slower" in told[0]
    second = run_quill("chat", "--max-tokens", "4", "hi", home=quill_home, timeout=180)
    assert second.returncode == 0 and "llama.cpp crashed" not in second.stderr
    assert "safe mode" in run_quill("--version", home=quill_home, timeout=180).stdout


def test_doctor_reports_the_build_and_answers(quill_home: Path) -> None:
    done = run_quill("doctor", home=quill_home, timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr
    for label in (
        "llama.cpp:",
        "Compiled for:",
        "GPU offload:",
        "CPU features:",
        "CPU check:",
        "Models folder:",
        "Free disk:",
        "Memory:",
        "Display:",
        "Answer:",
    ):
        assert label in done.stdout
    assert "answered in" in done.stdout


def test_doctor_exits_1_when_quill_cannot_answer(quill_home: Path, tmp_path: Path) -> None:
    done = run_quill("doctor", "--model", str(tmp_path / "missing.gguf"), home=quill_home, timeout=180)
    assert done.returncode == 1
    assert "Problem: The model file" in done.stdout


X86 = platform.machine().lower() in ("x86_64", "amd64", "i686", "i386")


@pytest.mark.skipif(not X86 or shutil.which("objdump") is None, reason="x86 with objdump")
def test_amx_instructions_in_the_installed_build_never_reach_this_process(tmp_path: Path) -> None:
    """The README's build has no AMX tile instructions; an older wheel that has them is proven by the check."""
    lib_dir = llama_lib_dir()
    assert lib_dir is not None
    libraries = sorted(lib_dir.glob("libggml-cpu*.so")) + sorted(lib_dir.glob("libggml-cpu*.dylib"))
    assert libraries, f"no libggml-cpu in {lib_dir}"
    tile_ops = 0
    for library in libraries:
        disassembly = subprocess.run(["objdump", "-d", str(library)], capture_output=True, text=True, check=True)
        tile_ops += sum(disassembly.stdout.count(op) for op in ("tilezero", "tileloadd", "ldtilecfg", "tdpbssd"))
    assert (tile_ops > 0) == _build_has_amx_kernels()  # llama.cpp's own report agrees with the code
    if tile_ops:
        paths = quill_paths({"QUILL_HOME": str(tmp_path / "home")})
        result = ensure_checked(paths)
        full = default_runner("full", probe_model(paths))
        assert result.mode == ("full" if full.outcome == "passed" else "no_extra_buffers")


def test_a_result_is_json_with_the_fields_it_was_saved_with() -> None:
    result = CheckResult(fingerprint(), "full", "passed", 2.0, True)
    save_result(result)
    stored = json.loads(quill_paths().cpu_check_file.read_text(encoding="utf-8"))
    assert stored == asdict(result)
