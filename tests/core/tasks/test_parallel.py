"""Ahead: steps run ahead a few at a time and come back in order; width 1 is the old sequential loop."""

from __future__ import annotations

import threading
from collections.abc import Generator

import pytest

from assistant.core.cancel import CancelToken
from assistant.core.tasks.parallel import Ahead, Step, quiet

WAIT = 10.0  # seconds a safety timeout allows before a broken test fails instead of hanging


def step_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("quill-step")]


def drive(steps: Generator[str, None, int]) -> tuple[list[str], int]:
    events = []
    while True:
        try:
            events.append(next(steps))
        except StopIteration as stop:
            return events, stop.value


def test_width_one_runs_each_step_lazily_on_the_calling_thread() -> None:
    log: list[str] = []
    caller = threading.current_thread()

    def make(i: int) -> Step[str, int]:
        def step(cancel: CancelToken) -> Generator[str, None, int]:
            assert threading.current_thread() is caller
            log.append(f"start {i}")
            yield f"event {i}"
            return i * 10

        return step

    before = threading.active_count()
    with Ahead((make(i) for i in range(3)), 1, CancelToken()) as ahead:
        for i, steps in enumerate(ahead):
            log.append(f"asked {i}")
            assert drive(steps) == ([f"event {i}"], i * 10)
            assert threading.active_count() == before
    assert log == ["asked 0", "start 0", "asked 1", "start 1", "asked 2", "start 2"]


def test_width_three_keeps_three_in_flight_and_hands_them_back_in_order() -> None:
    together = threading.Barrier(3)  # the first three steps pass only once all three run at once
    lock = threading.Lock()
    running = [0, 0]  # now, most

    def make(i: int) -> Step[str, int]:
        def step(cancel: CancelToken) -> Generator[str, None, int]:
            with lock:
                running[0] += 1
                running[1] = max(running)
            if i < 3:
                together.wait(WAIT)
            yield f"{i}a"
            yield f"{i}b"
            with lock:
                running[0] -= 1
            return i

        return step

    with Ahead((make(i) for i in range(8)), 3, CancelToken()) as ahead:
        results = [drive(steps) for steps in ahead]
    assert results == [([f"{i}a", f"{i}b"], i) for i in range(8)]
    assert running[1] == 3
    assert not step_threads()


def test_an_exception_is_raised_at_its_position_and_the_steps_after_it_are_stopped() -> None:
    stopped: list[int] = []
    started: list[int] = []

    def make(i: int) -> Step[str, int]:
        def step(cancel: CancelToken) -> Generator[str, None, int]:
            started.append(i)
            yield f"{i}"
            if i == 1:
                raise ValueError("step 1 failed")
            if i > 1 and cancel.wait(WAIT):  # a long step: runs until the helper gives up on it
                stopped.append(i)
            return i

        return step

    seen: list[str] = []
    job = CancelToken()
    with pytest.raises(ValueError, match="step 1 failed"), Ahead((make(i) for i in range(6)), 3, job) as ahead:
        for steps in ahead:
            events, _ = drive(steps)
            seen.extend(events)
    assert seen == ["0"]  # step 1's own event was yielded before it raised, into the failed drive
    # The steps running after it were cancelled and joined; none started once the failure was known
    # (step 3 may have started when step 0 ended, before step 1 failed).
    assert 2 in stopped and set(stopped) == set(started) - {0, 1} <= {2, 3}
    assert not job.cancelled and not step_threads()


def test_cancel_starts_nothing_more_and_later_steps_run_here_with_the_cancelled_token() -> None:
    job = CancelToken()
    started: list[tuple[int, bool]] = []  # (step, on a worker thread)
    caller = threading.current_thread()
    second = threading.Event()

    def make(i: int) -> Step[str, bool]:
        def step(cancel: CancelToken) -> Generator[str, None, bool]:
            started.append((i, threading.current_thread() is not caller))
            if i == 0:
                assert second.wait(WAIT)  # both first steps run when the job is cancelled
                job.cancel()
            if i == 1:
                second.set()
                job.wait(WAIT)  # ends only after the job is cancelled: nothing can start in between
            yield from ()
            return cancel.cancelled

        return step

    with Ahead((make(i) for i in range(5)), 2, job) as ahead:
        outcomes = [drive(steps)[1] for steps in ahead]
    assert outcomes == [True] * 5
    assert sorted(started[:2]) == [(0, True), (1, True)]
    assert started[2:] == [(2, False), (3, False), (4, False)]
    assert not step_threads()


def test_leaving_early_stops_the_running_steps_and_joins_their_threads() -> None:
    stopped: list[int] = []

    def make(i: int) -> Step[str, int]:
        def step(cancel: CancelToken) -> Generator[str, None, int]:
            if i > 0 and cancel.wait(WAIT):
                stopped.append(i)
            yield str(i)
            return i

        return step

    job = CancelToken()
    with Ahead((make(i) for i in range(10)), 3, job) as ahead:
        assert drive(next(ahead)) == (["0"], 0)
    assert sorted(stopped) == [1, 2, 3] and not job.cancelled and not step_threads()


def test_a_dependent_step_runs_here_in_its_turn() -> None:
    caller = threading.current_thread()

    def make(i: int) -> Step[str, int]:
        def step(cancel: CancelToken) -> Generator[str, None, int]:
            yield f"ahead {i}"
            return i

        return step

    def again(cancel: CancelToken) -> Generator[str, None, int]:
        assert threading.current_thread() is caller
        yield "again"
        return -1

    for width in (1, 3):
        out = []
        with Ahead((make(i) for i in range(4)), width, CancelToken()) as ahead:
            for steps in ahead:
                out.append(drive(steps))
                if out[-1][1] == 1:
                    out.append(drive(ahead.dependent(again)))
        assert out == [(["ahead 0"], 0), (["ahead 1"], 1), (["again"], -1), (["ahead 2"], 2), (["ahead 3"], 3)]
        assert not step_threads()


def test_quiet_steps_only_return() -> None:
    with Ahead([quiet(lambda cancel: 5), quiet(lambda cancel: 6)], 2, CancelToken()) as ahead:
        assert [drive(steps) for steps in ahead] == [([], 5), ([], 6)]
