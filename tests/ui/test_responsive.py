"""The window stays responsive with huge input: a 10 MB paste, and a ~100k-token document summarized.

A QTimer probe measures the longest gap in the GUI's event loop. The bounds
asserted are generous (the machine is shared); the figures are printed.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from assistant.core.backends.scripted import scripted_tokens
from tests.ui.conftest import AppFactory
from tests.ui.stall_probe import StallProbe

PARAGRAPH = (
    "The lighthouse keeper wrote in the log each night. 灯塔看守人每晚都写日志。 "
    "Storms came from the west, and ships kept to the channel. "
) * 6


def document(n_bytes: int) -> str:
    parts, size, i = [], 0, 0
    while size < n_bytes:
        part = f"## Night {i}\n\n{PARAGRAPH}\n\n"
        parts.append(part)
        size += len(part.encode())
        i += 1
    return "".join(parts)


def test_a_10_mb_paste_is_measured_without_freezing_the_window(make_app: AppFactory, qtbot: object) -> None:
    window = make_app(n_ctx=4096)
    window.navigation.setCurrentRow(1)
    summarize = window.summarize
    text = document(10 * 2**20)
    QGuiApplication.clipboard().setText(text)
    started = time.perf_counter()
    summarize.input.paste()
    pasted = time.perf_counter() - started
    probe = StallProbe()
    probe.start()
    with qtbot.waitSignal(summarize.planned, timeout=120000) as planned:  # type: ignore[attr-defined]
        pass
    stall = probe.stop()
    assert summarize.input.document().characterCount() >= len(text)
    assert planned.args[0].tokens > 1_000_000 and planned.args[0].chunks > 100
    assert "parts" in summarize.source_label.text()
    print(
        f"\n10 MB paste: pasted in {pasted:.2f} s; measured on the engine thread; "
        f"longest event-loop stall meanwhile {stall * 1000:.0f} ms over {probe.ticks} ticks"
    )
    # Parsing on the GUI thread stalled it for the whole measurement (share ~1). A ratio in the same
    # run, not a time: these machines are shared (at load 8 a 1 s bound failed with the work elsewhere).
    assert probe.share < 0.5, f"the longest stall was {probe.share:.0%} of the measurement"


def test_summarizing_a_100k_token_document_keeps_the_event_loop_running(make_app: AppFactory, qtbot: object) -> None:
    # Paced like a small local model (~500 tokens/s), so the run lasts long enough to measure.
    window = make_app(
        ("- The keeper kept the light.\n- Storms came from the west.",),
        n_ctx=4096,
        on_token=lambda _i: time.sleep(0.002),
    )
    window.navigation.setCurrentRow(1)
    summarize = window.summarize
    text = document(300_000)
    tokens = len(scripted_tokens(text))
    assert 90_000 <= tokens <= 130_000, tokens
    with qtbot.waitSignal(summarize.planned, timeout=60000):  # type: ignore[attr-defined]
        summarize.input.setPlainText(text)
    probe = StallProbe()
    steps: list[int] = []
    summarize.progress.valueChanged.connect(steps.append)
    probe.start()
    started = time.perf_counter()
    with qtbot.waitSignal(summarize.summary_finished, timeout=300000) as finished:  # type: ignore[attr-defined]
        qtbot.mouseClick(summarize.summarize_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    took = time.perf_counter() - started
    stall = probe.stop()
    assert finished.args[0].reason == "stop"
    assert "The keeper kept the light" in summarize.summary
    assert len(set(steps)) > 20  # many parts were read, with progress shown for each
    print(
        f"\n~{tokens // 1000}k-token summary (scripted backend): {took:.1f} s, {len(set(steps))} progress steps, "
        f"longest event-loop stall {stall * 1000:.0f} ms over {probe.ticks} ticks"
    )
    assert probe.share < 0.2, f"the longest stall was {probe.share:.0%} of the run"  # benchmarks/ time it


def test_summarizing_100k_tokens_while_the_api_serves_four_clients(make_app: AppFactory, qtbot: object) -> None:
    """The window stays responsive while the engine thread is shared between a long summary and
    four API clients (each streaming replies, several requests in turn)."""
    import threading

    import openai

    window = make_app(
        ("- The keeper kept the light.\n- Storms came from the west.",),
        n_ctx=4096,
        on_token=lambda _i: time.sleep(0.002),
    )
    url = make_app.context(window).api.start("127.0.0.1", 0)
    window.navigation.setCurrentRow(1)
    summarize = window.summarize
    text = document(300_000)
    with qtbot.waitSignal(summarize.planned, timeout=60000):  # type: ignore[attr-defined]
        summarize.input.setPlainText(text)
    answers: list[str] = []
    errors: list[BaseException] = []

    def client(name: str) -> None:
        api = openai.OpenAI(base_url=url, api_key="unused", max_retries=0, timeout=120)
        try:
            for turn in range(3):
                chunks = api.chat.completions.create(  # type: ignore[call-overload]
                    model="quill", messages=[{"role": "user", "content": f"{name} {turn}"}], stream=True
                )
                answers.append("".join(c.choices[0].delta.content or "" for c in chunks if c.choices))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    probe = StallProbe()
    probe.start()
    started = time.perf_counter()
    clients = [threading.Thread(target=client, args=(f"client{i}",)) for i in range(4)]
    for thread in clients:
        thread.start()
    with qtbot.waitSignal(summarize.summary_finished, timeout=300000) as finished:  # type: ignore[attr-defined]
        qtbot.mouseClick(summarize.summarize_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: len(answers) + len(errors) == 12, timeout=120000)  # type: ignore[attr-defined]
    took = time.perf_counter() - started
    stall = probe.stop()
    for thread in clients:
        thread.join(10)
    assert errors == []
    assert finished.args[0].reason == "stop" and "The keeper kept the light" in summarize.summary
    assert len(answers) == 12 and all("keeper" in a for a in answers)
    print(
        f"\n~100k-token summary + 4 API clients x 3 streamed replies: {took:.1f} s, "
        f"longest event-loop stall {stall * 1000:.0f} ms over {probe.ticks} ticks"
    )
    assert probe.share < 0.2, f"the longest stall was {probe.share:.0%} of the run"  # benchmarks/ time it
