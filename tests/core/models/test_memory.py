"""The memory estimate against what llama.cpp really takes (RSS of a child process that
loads the model and fills its context), and the fit verdicts."""

from __future__ import annotations

import json
import logging
import re
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
    choose_parallel,
    estimate_memory,
    judge_fit,
    machine_memory,
    parallel_estimate,
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

    path, n_ctx, cache, flash = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4] == "1"
    backend = LlamaBackend()
    backend.load(ModelSpec(path=path, n_ctx=n_ctx, n_threads=2, kv_cache_type=cache, flash_attn=flash))
    text = "the cat sat on a mat and " * (n_ctx // 4)
    while backend.count_tokens(text) > n_ctx - 40:
        text = text[: int(len(text) * 0.9)]
    for _ in backend.stream(GenerationRequest(prompt=text, params=GenerationParams(max_tokens=4)), CancelToken()):
        pass
    print(json.dumps({"rss": rss()}))
    """
)


def measured_rss(path: Path, n_ctx: int, cache: str = "f16", flash: bool = False) -> int:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), str(n_ctx), cache, "1" if flash else "0"],
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


@pytest.mark.model
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="RSS is read from /proc")
@pytest.mark.parametrize(("cache", "flash"), [("f16", True), ("q8_0", True)])
def test_estimate_follows_the_cache_type_and_flash_attention_within_25_percent_of_rss(
    starter_model: Path, cache: str, flash: bool
) -> None:
    estimate = estimate_memory(check_gguf(starter_model), 1024, kv_cache_type=cache, flash_attn=flash)
    rss = measured_rss(starter_model, 1024, cache, flash)
    print(f"starter n_ctx=1024 {cache} flash={flash}: estimate {estimate.total / MiB:.0f} MiB, RSS {rss / MiB:.0f} MiB")
    assert abs(estimate.total - rss) <= 0.25 * rss


@pytest.mark.model
def test_the_kv_estimate_is_what_llama_cpp_allocates_for_each_cache_type(
    starter_model: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from assistant.core.backends.llama import LlamaBackend
    from assistant.core.types import ModelSpec

    summary = check_gguf(starter_model)
    sizes = {}
    for cache in ("f16", "q8_0", "q4_0"):
        caplog.clear()
        backend = LlamaBackend()
        with caplog.at_level(logging.INFO, logger="quill.llama_cpp"):
            backend.load(ModelSpec(starter_model, n_ctx=2048, kv_cache_type=cache, flash_attn=True))
        backend.close()
        line = next(r.getMessage() for r in caplog.records if "llama_kv_cache: size =" in r.getMessage())
        allocated = float(re.search(r"size = +([\d.]+) MiB", line).group(1)) * MiB  # type: ignore[union-attr]
        estimate = estimate_memory(summary, 2048, kv_cache_type=cache, flash_attn=True).kv_cache
        assert abs(estimate - allocated) <= 0.01 * MiB + 0.001 * allocated, (cache, line)
        sizes[cache] = estimate
    assert sizes["f16"] > sizes["q8_0"] > sizes["q4_0"]  # and so the fit verdict follows the type
    assert sizes["q8_0"] == pytest.approx(sizes["f16"] * 17 / 32, rel=1e-3)


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


def test_kv_cache_scales_exactly_with_the_sequences(tiny_model: Path) -> None:
    summary = check_gguf(tiny_model)
    one = estimate_memory(summary, 4096)
    four = estimate_memory(summary, 4096, n_seq=4)
    assert four.kv_cache == 4 * one.kv_cache and four.kv_per_seq == one.kv_cache
    assert (four.n_seq, four.weights, four.runtime) == (4, one.weights, one.runtime)
    # Each further sequence has its own KV stream and adds only a row of logits to the work buffers
    # (measured: 99 MiB of compute for 1 to 8 sequences with split streams); the weights stay as they are.
    assert four.compute == one.compute + 3 * summary.vocab_size * 4
    assert four == one.with_sequences(4) and four.with_sequences(1) == one
    assert "× 4 sequences" in four.describe() and "sequences" not in one.describe()


def test_gpu_layers_move_every_sequences_cache_to_vram(tiny_model: Path) -> None:
    summary = check_gguf(tiny_model)
    one = estimate_memory(summary, 2048, n_gpu_layers=99)
    three = estimate_memory(summary, 2048, n_gpu_layers=99, n_seq=3)
    assert three.kv_cache == 0 and three.kv_vram == 3 * one.kv_vram > 0
    assert three.vram - three.kv_vram == one.vram - one.kv_vram  # the weights on the GPU


def test_a_rough_estimate_counts_its_compute_once_per_sequence() -> None:
    rough = MemoryEstimate(weights=1 * GiB, kv_cache=100 * MiB, compute=50 * MiB, runtime=64 * MiB)
    two = rough.with_sequences(2)
    assert (two.kv_cache, two.compute, two.total) == (200 * MiB, 100 * MiB, rough.total + 150 * MiB)


def test_a_chosen_number_of_sequences_wins_over_memory() -> None:
    huge = MemoryEstimate(weights=0, kv_cache=1 * GiB, compute=0, runtime=0)
    small = MachineMemory(total_ram=2 * GiB, available_ram=100 * MiB)
    assert [choose_parallel(n, huge, small) for n in (1, 2, 5, 8)] == [1, 2, 5, 8]
    assert choose_parallel(20, huge, small) == 8
    assert parallel_estimate(3, huge, small).kv_cache == 3 * GiB


def test_automatic_picks_as_many_sequences_as_memory_allows_and_never_none() -> None:
    model = MemoryEstimate(weights=300 * MiB, kv_cache=100 * MiB, compute=0, runtime=0, compute_per_seq=0)
    # Four fit in 60 % of 4 GiB and their 400 MiB of cache is within a quarter of it.
    assert choose_parallel(0, model, MachineMemory(4 * GiB, None)) == 4
    # 1 GiB: the cache may take 256 MiB (two sequences); 600 MiB would still "fit".
    assert choose_parallel(0, model, MachineMemory(1 * GiB, None)) == 2
    # Only 500 MiB free now: the sequences beyond the first may add 250 MiB.
    assert choose_parallel(0, model, MachineMemory(4 * GiB, 500 * MiB)) == 3
    # A model that is already tight gets one sequence; so does one that will not fit at all.
    assert choose_parallel(0, model, MachineMemory(600 * MiB, None)) == 1
    assert choose_parallel(0, model, MachineMemory(100 * MiB, 10 * MiB)) == 1
    assert choose_parallel(-3, model, MachineMemory(4 * GiB, None)) == 4  # below 0 reads as automatic


def test_automatic_never_turns_a_model_that_fits_into_a_tight_one(starter_model: Path) -> None:
    one = estimate_memory(check_gguf(starter_model), 4096)
    for total in (512 * MiB, 1 * GiB, 2 * GiB, 24 * GiB):
        machine = MachineMemory(total, None)
        chosen = parallel_estimate(0, one, machine)
        assert judge_fit(chosen, machine) is judge_fit(one, machine)
    assert choose_parallel(0, one, MachineMemory(24 * GiB, 20 * GiB)) == 4


def test_the_fit_verdict_follows_the_cache_type(starter_model: Path) -> None:
    summary = check_gguf(starter_model)
    f16, q8, q4 = (estimate_memory(summary, 65536, kv_cache_type=t) for t in ("f16", "q8_0", "q4_0"))
    assert f16.kv_cache > q8.kv_cache > q4.kv_cache and f16.weights == q4.weights
    machine = MachineMemory(total_ram=int(q4.total / 0.6) + 1, available_ram=None)  # q4_0 just fits
    assert judge_fit(q4, machine) is Fit.FITS
    assert judge_fit(f16, machine) is not Fit.FITS
    # Flash attention leaves the attention scores out of the work buffers; a quantized cache always has it.
    assert estimate_memory(summary, 4096, flash_attn=True).compute < estimate_memory(summary, 4096).compute
    assert (
        estimate_memory(summary, 4096, kv_cache_type="q8_0").compute
        == estimate_memory(summary, 4096, flash_attn=True).compute
    )
