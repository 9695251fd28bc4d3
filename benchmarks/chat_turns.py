"""Time to first token at turn 10 of a conversation against turn 1, through the Chat pane (offscreen).

    python benchmarks/chat_turns.py [--conversations 3] [--turns 10] [--reply-tokens 40] [--quick]

Each conversation sends --turns user messages of the same length, one after
the other, into the real Chat pane with the starter model. Time to first token
is measured on the GUI thread, from the moment Send is handled to the first
text of the reply arriving in the pane, so it includes everything the app does
per turn (storing the message, rebuilding the transcript, fitting the history
to the context, rendering the template, tokenizing) and the prompt evaluation.
With the KV cache reused, turn 10 evaluates only the new message, so its time
to first token should stay close to turn 1's. Target: turn 10 / turn 1 <= 1.3.
Figures are JSON lines (common.figure); the last line holds them all.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from common import figure, median, print_json  # also puts the project on sys.path
from PySide6.QtCore import QEventLoop, QTimer


def one_turn(window: object, text: str) -> dict[str, float]:
    """Send ``text`` in the shown conversation; returns the GUI-side TTFT and the engine's stats."""
    from assistant.core.types import TextDelta

    chat = window.chat  # type: ignore[attr-defined]
    outcome: dict[str, object] = {}
    loop = QEventLoop()
    sent = [0.0]

    def on_event(event: object) -> None:
        if isinstance(event, TextDelta):
            outcome.setdefault("first_text", time.perf_counter())

    def send() -> None:
        sent[0] = time.perf_counter()
        chat.send()

    chat.runner.request_event.connect(on_event)
    chat.reply_finished.connect(lambda finished: (outcome.update(finished=finished), loop.quit()))
    chat.reply_failed.connect(lambda message: (outcome.update(error=message), loop.quit()))
    chat.input.setPlainText(text)
    QTimer.singleShot(0, send)
    loop.exec()
    chat.runner.request_event.disconnect(on_event)
    chat.reply_finished.disconnect()
    chat.reply_failed.disconnect()
    if "error" in outcome:
        raise SystemExit(f"the reply failed: {outcome['error']}")
    stats = outcome["finished"].stats  # type: ignore[attr-defined]
    first = float(outcome.get("first_text", time.perf_counter()))  # type: ignore[arg-type]
    return {
        "gui_ttft_s": first - sent[0],
        "engine_ttft_s": stats.time_to_first_token,
        "prompt_tokens": stats.prompt_tokens,
        "evaluated": stats.prompt_eval_tokens,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--conversations", type=int, default=3)
    parser.add_argument("--turns", type=int, default=10)
    parser.add_argument("--reply-tokens", type=int, default=40)
    parser.add_argument("--quick", action="store_true", help="2 conversations")
    args = parser.parse_args()
    if args.quick:
        args.conversations = 2

    os.environ["QUILL_HOME"] = tempfile.mkdtemp(prefix="quill-bench-")
    from assistant.core.types import GenerationParams
    from assistant.ui.app import create_app

    quill = create_app([])
    window = quill.window
    window.resize(1100, 720)
    window.show()
    loaded: dict[str, object] = {}
    loop = QEventLoop()
    window.engine.model_loaded.connect(lambda info: (loaded.update(info=info), loop.quit()))
    window.engine.model_failed.connect(lambda error: (loaded.update(error=error), loop.quit()))
    if window.engine.model_info is None:
        loop.exec()
    if "error" in loaded:
        raise SystemExit(f"the starter model did not load: {loaded['error']}")
    window.chat._params = lambda: GenerationParams(temperature=0, max_tokens=args.reply_tokens)

    first: list[dict[str, float]] = []
    last: list[dict[str, float]] = []
    for c in range(args.conversations):
        window.chat.new_conversation()
        for turn in range(1, args.turns + 1):
            # The same length every turn: digits are single tokens for this tokenizer, and the rest is fixed.
            text = f"Question {c}{turn:02d}: name one thing a miller does each day, in one short sentence."
            result = one_turn(window, text)
            if turn == 1:
                first.append(result)
            if turn == args.turns:
                last.append(result)
        print(
            f"conversation {c + 1}: turn 1 {first[-1]['gui_ttft_s'] * 1000:6.1f} ms ({int(first[-1]['evaluated'])} of "
            f"{int(first[-1]['prompt_tokens'])} prompt tokens evaluated), turn {args.turns} "
            f"{last[-1]['gui_ttft_s'] * 1000:6.1f} ms ({int(last[-1]['evaluated'])} of "
            f"{int(last[-1]['prompt_tokens'])} evaluated); engine alone {first[-1]['engine_ttft_s'] * 1000:.1f} "
            f"/ {last[-1]['engine_ttft_s'] * 1000:.1f} ms",
            flush=True,
        )
    window.close()
    quill.close()

    t1, tn = median([r["gui_ttft_s"] for r in first]), median([r["gui_ttft_s"] for r in last])
    e1, en = median([r["engine_ttft_s"] for r in first]), median([r["engine_ttft_s"] for r in last])
    evaluated_n = median([r["evaluated"] for r in last])
    prompt_n = median([r["prompt_tokens"] for r in last])
    figure(
        f"ttft_turn{args.turns}_vs_turn1",
        tn * 1000,
        "ms",
        reference=t1 * 1000,
        target="<= 1.3",
        notes=f"Chat pane, send to first text on screen; median of {args.conversations} conversations; at turn "
        f"{args.turns} {evaluated_n:.0f} of {prompt_n:.0f} prompt tokens were evaluated (KV cache reuse)",
    )
    figure(
        f"ttft_engine_turn{args.turns}_vs_turn1",
        en * 1000,
        "ms",
        reference=e1 * 1000,
        notes="the same inside the engine (fitting, template, tokenizing, prompt evaluation, first sample)",
    )
    print_json(
        "chat_turns",
        {
            "turn1_ms": round(t1 * 1000, 1),
            f"turn{args.turns}_ms": round(tn * 1000, 1),
            "ratio": round(tn / t1, 3),
            "engine_turn1_ms": round(e1 * 1000, 1),
            f"engine_turn{args.turns}_ms": round(en * 1000, 1),
        },
    )


if __name__ == "__main__":
    main()
