"""The decode thread tuner keeps the faster thread count, and keeps checking as load changes."""

from __future__ import annotations

from assistant.core.engine.threads import ThreadTuner, decode_candidates


def drive(tuner: ThreadTuner, seconds_for: dict[int, float], tokens: int) -> list[int]:
    """Feed ``tokens`` decode times that depend on the thread count; returns the counts used."""
    used = []
    for _ in range(tokens):
        used.append(tuner.current)
        tuner.record(seconds_for[tuner.current])
    return used


def test_candidates_are_all_cores_then_one_fewer() -> None:
    assert decode_candidates(8) == [8, 7]
    assert decode_candidates(2) == [2, 1]
    assert decode_candidates(1) == [1]


def test_a_single_candidate_never_switches() -> None:
    tuner = ThreadTuner([4])
    assert not tuner.tuning
    assert all(tuner.record(0.01) is None for _ in range(1000))
    assert tuner.current == 4


def test_keeps_all_cores_when_they_are_faster() -> None:
    tuner = ThreadTuner([2, 1], probe_tokens=6, settle_tokens=1, reprobe_tokens=50)
    used = drive(tuner, {2: 0.008, 1: 0.013}, 40)
    assert tuner.chosen == 2
    assert used[-1] == 2
    assert 1 in used  # one fewer was tried


def test_moves_to_one_fewer_when_all_cores_are_contended() -> None:
    tuner = ThreadTuner([2, 1], probe_tokens=6, settle_tokens=1, reprobe_tokens=50)
    drive(tuner, {2: 0.070, 1: 0.012}, 40)
    assert tuner.chosen == 1 and tuner.current == 1


def test_follows_the_load_as_it_changes() -> None:
    tuner = ThreadTuner([2, 1], probe_tokens=6, settle_tokens=1, reprobe_tokens=50)
    drive(tuner, {2: 0.070, 1: 0.012}, 40)
    assert tuner.current == 1
    drive(tuner, {2: 0.008, 1: 0.012}, 120)  # the other load went away: the next probe notices
    assert tuner.chosen == 2 and tuner.current == 2


def test_a_much_slower_candidate_is_dropped_early_and_probes_back_off() -> None:
    tuner = ThreadTuner([2, 1], probe_tokens=12, settle_tokens=0, reprobe_tokens=20)
    used = drive(tuner, {2: 0.070, 1: 0.010}, 400)
    assert tuner.current == 1
    # After the first probe, each probe of 2 threads stops after 4 tokens, and they get rarer.
    assert used.count(2) < 12 + 4 * 5


def test_the_first_probe_times_fewer_threads_first_so_a_contended_count_costs_few_tokens() -> None:
    tuner = ThreadTuner([2, 1], probe_tokens=12, settle_tokens=0, reprobe_tokens=1000)
    assert tuner.chosen == 2  # prompts use all cores until a probe says otherwise
    used = drive(tuner, {2: 0.020, 1: 0.010}, 40)
    assert used[:12] == [1] * 12
    assert used[12:16] == [2] * 4  # dropped after four tokens: already much slower
    assert set(used[16:]) == {1} and tuner.chosen == 1


def test_a_thrashing_count_is_dropped_after_one_token() -> None:
    tuner = ThreadTuner([2, 1], probe_tokens=12, settle_tokens=2, reprobe_tokens=1000)
    used = drive(tuner, {2: 2.5, 1: 0.015}, 40)  # all cores with the GUI busy: seconds per token
    assert used.count(2) == 1
    assert tuner.chosen == 1 and tuner.current == 1
