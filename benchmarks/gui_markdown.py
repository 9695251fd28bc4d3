"""The GUI event loop while a long Markdown reply streams into the Chat pane (scripted backend, offscreen).

    python benchmarks/gui_markdown.py [--chars 4500] [--rate 150] [--quick]

gui_stream.py measures stalls with the starter model's own replies, which are
short on Markdown. This one streams a reply as long as the default reply length
allows (1,024 tokens, ~4,500 characters) made of headings, lists, tables and
code, at a steady --rate pieces per second from a scripted backend (no model:
the engine thread only paces the text), so the cost measured is the pane's:
appending text, re-rendering Markdown as the reply grows, laying it out,
following the scroll. Targets: longest stall <= 50 ms, p99 <= 20 ms; the
reference is the same meter with the loop idle. Figures are JSON lines.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from common import figure, percentile, print_json  # also puts the project on sys.path
from gui_stream import StallMeter, idle_stalls
from PySide6.QtCore import QEventLoop, QTimer

SECTION = """## Step {i}: the mill race

The water **turns** the wheel, and the `gear train` carries the motion to the stones. Keep the sluice
clear; check the bearings every *morning*.

- Open the sluice gate slowly.
- Watch the wheel reach speed, then engage the stones.
- Note the flow in the log.

| part | check | every |
|---|---|---|
| wheel | cracks | day |
| stones | dressing | month |

```python
def flow(depth_m: float, width_m: float, speed_m_s: float) -> float:
    return depth_m * width_m * speed_m_s
```

"""


def long_reply(chars: int) -> str:
    text, i = "", 1
    while len(text) < chars:
        text += SECTION.format(i=i)
        i += 1
    return text[:chars]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chars", type=int, default=4500)
    parser.add_argument("--rate", type=float, default=150.0, help="scripted pieces per second")
    parser.add_argument("--reps", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="one run")
    args = parser.parse_args()
    if args.quick:
        args.reps = 1
    os.environ["QUILL_HOME"] = tempfile.mkdtemp(prefix="quill-bench-")
    from assistant.core.backends.scripted import ScriptedBackend
    from assistant.core.types import GenerationParams
    from assistant.ui.app import create_app

    reply = long_reply(args.chars)
    pause = 1.0 / args.rate
    backend = ScriptedBackend([reply], n_ctx=32768, on_token=lambda _i: time.sleep(pause))

    def factory(choice: object, on_progress: object) -> tuple[object, object]:
        return backend, backend.load(choice.spec, on_progress)  # type: ignore[attr-defined,arg-type]

    quill = create_app([], backend_factory=factory)  # type: ignore[arg-type]
    window = quill.window
    window.resize(1100, 720)
    window.show()
    loop = QEventLoop()
    if window.engine.model_info is None:
        window.engine.model_loaded.connect(lambda _info: loop.quit())
        loop.exec()
    chat = window.chat
    chat._params = lambda: GenerationParams(max_tokens=100000)
    idle = idle_stalls(1.0)
    worst: list[float] = []
    p99: list[float] = []
    for rep in range(args.reps):
        meter = StallMeter()
        done = QEventLoop()
        chat.reply_finished.connect(lambda _f, loop=done: loop.quit())
        chat.new_conversation()
        chat.input.setPlainText(f"Write the mill's maintenance guide ({rep}).")
        started = time.perf_counter()
        meter.start()
        QTimer.singleShot(0, chat.send)
        done.exec()
        meter.stop()
        chat.reply_finished.disconnect()
        worst.append(max(meter.gaps, default=0.0))
        p99.append(percentile(meter.gaps, 99))
        print(
            f"run {rep + 1}: {len(reply)} characters in {time.perf_counter() - started:.1f} s; longest stall "
            f"{worst[-1]:.1f} ms, p99 {p99[-1]:.1f} ms over {len(meter.gaps)} ticks",
            flush=True,
        )
    window.close()
    quill.close()
    note = (
        f"a {len(reply)}-character Markdown reply (headings, lists, tables, code) streamed at {args.rate:.0f} "
        f"pieces/s by a scripted backend; worst of {args.reps} runs; reference: the idle loop"
    )
    figure(
        "long_markdown_longest_stall",
        max(worst),
        "ms",
        reference=max(idle, default=0.0),
        target="<= 50",
        target_on="value",
        notes=note,
    )
    figure("long_markdown_p99_stall", max(p99), "ms", reference=percentile(idle, 99), target="<= 20", target_on="value")
    print_json(
        "gui_markdown", {"chars": len(reply), "stall_max_ms": round(max(worst), 1), "stall_p99_ms": round(max(p99), 1)}
    )


if __name__ == "__main__":
    main()
