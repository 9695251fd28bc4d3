"""The memory estimate against what llama.cpp really takes (RSS of a child process that
loads the model and fills its context), and the fit verdicts."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from assistant.core.models.gguf_check import check_gguf
from assistant.core.models.memory import (
    Fit,
    GiB,
    MachineMemory,
    MemoryEstimate,
    MiB,
    estimate_memory,
    judge_fit,
    machine_memory,
)
from tests.helpers.tiny_gguf import write_tiny_llama

CHILD = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from assistant.core.backends.llama import LlamaBackend
    from assistant.core.cancel import CancelToken
    from assistant.core.types import GenerationParams, GenerationRequest, ModelSpec

    def rss():
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024

    path, n_ctx = Path(sys.argv[1]), int(sys.argv[2])
    backend = LlamaBackend()
    backend.load(ModelSpec(path=path, n_ctx=n_ctx, n_threads=2))
    text = "the cat sat on a mat and " * (n_ctx // 4)
    while backend.count_tokens(text) > n_ctx - 40:
        text = text[: int(len(text) * 0.9)]
    for _ in backend.stream(GenerationRequest(prompt=text, params=GenerationParams(max_tokens=4)), CancelToken()):
        pass
    print(json.dumps({"rss": rss()}))
    """
)


def measured_rss(path: Path, n_ctx: int) -> int:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), str(n_ctx)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
        cwd=Path(__file__).resolve().parents[3],
    )
    return int(json.loads(done.stdout.strip().splitlines()[-1])["rss"])


@pytest.mark.model
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="RSS is read from /proc")
def test_estimate_is_within_25_percent_of_rss_for_the_starter_model(starter_model: Path) -> None:
    estimate = estimate_memory(check_gguf(starter_model), 1024)
    rss = measured_rss(starter_model, 1024)
    print(f"starter n_ctx=1024: estimate {estimate.total / MiB:.0f} MiB, RSS {rss / MiB:.0f} MiB")
    assert abs(estimate.total - rss) <= 0.25 * rss


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="RSS is read from /proc")
def test_estimate_is_within_25_percent_of_rss_for_a_generated_model(tmp_path: Path) -> None:
    # ~105 MB of f32 weights, 8 layers, 8 heads: weights, cache and attention all matter.
    path = write_tiny_llama(tmp_path / "mid.gguf", n_embd=512, n_layer=8, n_head=8, n_ff=1536, n_ctx_train=4096)
    estimate = estimate_memory(check_gguf(path), 2048)
    rss = measured_rss(path, 2048)
    print(f"generated n_ctx=2048: estimate {estimate.total / MiB:.0f} MiB, RSS {rss / MiB:.0f} MiB")
    assert abs(estimate.total - rss) <= 0.25 * rss


def test_kv_cache_grows_with_context_and_gpu_layers_move_memory_to_vram(tiny_model: Path) -> None:
    summary = check_gguf(tiny_model)
    small, large = estimate_memory(summary, 512), estimate_memory(summary, 4096)
    assert large.kv_cache == 8 * small.kv_cache and large.weights == small.weights
    offloaded = estimate_memory(summary, 4096, n_gpu_layers=99)
    assert offloaded.vram > 0 and offloaded.weights == 0 and offloaded.total < large.total


def test_fit_verdicts_against_ram_and_vram() -> None:
    estimate = MemoryEstimate(weights=4 * GiB, kv_cache=1 * GiB, compute=0, runtime=0)
    assert judge_fit(estimate, MachineMemory(16 * GiB, None)) is Fit.FITS
    assert judge_fit(estimate, MachineMemory(7 * GiB, None)) is Fit.TIGHT
    assert judge_fit(estimate, MachineMemory(5 * GiB, None)) is Fit.TOO_BIG
    on_gpu = MemoryEstimate(weights=0, kv_cache=0, compute=0, runtime=0, vram=6 * GiB)
    assert judge_fit(on_gpu, MachineMemory(16 * GiB, None, total_vram=8 * GiB)) is Fit.TIGHT
    assert judge_fit(on_gpu, MachineMemory(16 * GiB, None, total_vram=0)) is Fit.TOO_BIG


def test_this_machine_reports_its_ram() -> None:
    machine = machine_memory()
    assert machine.total_ram > 512 * MiB
    assert machine.available_ram is None or 0 < machine.available_ram <= machine.total_ram
