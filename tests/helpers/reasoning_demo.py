"""Open Quill's Chat pane on a scripted thinker (a tiny GGUF carrying Qwen3's template) and send one
message, leaving the reply's Thinking section open or folded on screen: for screenshots.

    python -m tests.helpers.reasoning_demo [--lang zh_CN] [--theme dark] [--open] FOLDER
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer

from assistant.core.backends.scripted import ScriptedBackend
from assistant.core.engine.choice import ModelChoice
from assistant.core.types import ModelInfo, ModelSpec
from assistant.ui.app import create_app
from tests.helpers.tiny_gguf import write_tiny_qwen3

THOUGHTS = {
    "en": (
        "The user wants to know why the sky is blue. The key idea is Rayleigh scattering: air molecules "
        "scatter short wavelengths much more than long ones, roughly as 1/λ⁴. Blue light is scattered all "
        "over the sky, so we see blue from every direction. I should keep it short and mention sunsets.",
        "The sky looks blue because air scatters **blue light** far more than red light (Rayleigh "
        "scattering). At sunset the light crosses more air, the blue is scattered away, and the sky turns "
        "orange and red.",
        "Why is the sky blue?",
    ),
    "zh_CN": (
        "用户想知道天空为什么是蓝色的。关键是瑞利散射：空气分子对短波长光的散射远强于长波长光，"
        "大约与波长的四次方成反比。蓝光被散射到整个天空，所以我们从各个方向都看到蓝色。回答要简短，顺便提到日落。",
        "天空看起来是蓝色的，是因为空气对**蓝光**的散射远强于红光（瑞利散射）。日落时阳光穿过更厚的大气，"
        "蓝光被散射掉，天空就变成了橙色和红色。",
        "天空为什么是蓝色的？",
    ),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--lang", default="en")
    parser.add_argument("--theme", default="light")
    parser.add_argument("--open", action="store_true", help="leave the Thinking section open")
    args = parser.parse_args()
    thought, answer, question = THOUGHTS[args.lang]
    model = write_tiny_qwen3(Path(args.folder) / "tiny-qwen3.gguf", name="Qwen3 (scripted)")

    def scripted(choice: ModelChoice, progress: object) -> tuple[ScriptedBackend, ModelInfo]:
        # About 40 tokens a second, as a small model on a laptop writes.
        backend = ScriptedBackend((f"<think>\n{thought}\n</think>\n\n{answer}",), on_token=lambda _i: time.sleep(0.025))
        return backend, backend.load(ModelSpec(model))

    context = create_app(["--lang", args.lang, "--theme", args.theme], backend_factory=scripted)
    app, window = context.app, context.window
    chat = window.chat

    def start(_info: object) -> None:
        chat.input.setPlainText(question)
        chat.send()

    def finished(_event: object) -> None:
        if args.open:
            chat.transcript.bubbles[-1].reasoning.set_expanded(True)
        print("ready", flush=True)

    window.engine.model_loaded.connect(lambda info: QTimer.singleShot(0, lambda: start(info)))
    chat.reply_finished.connect(finished)
    window.resize(1200, 760)
    window.show()
    sys.exit(app.exec())


if __name__ == "__main__":
    main()
