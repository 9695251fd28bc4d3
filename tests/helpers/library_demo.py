"""Open Quill, add a folder to the Library and index it; then either search it (the Library pane with a
passage open) or ask a question about it in Chat on the real model (a cited answer with its first source
open in the side panel): for screenshots.

    python -m tests.helpers.library_demo FOLDER [--lang zh_CN] [--theme dark] [--search WORDS | --ask QUESTION]
        [--reply TEXT]

``--reply`` answers with that text (the scripted backend) instead of the model: the starter model is too
small to cite its sources reliably, and the screenshot is of how citations are shown. Retrieval, the
sources, the links and the side panel are the real ones either way.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer

from assistant.core.backends.scripted import ScriptedBackend
from assistant.core.engine.choice import ModelChoice
from assistant.core.stores.history import ConversationSources
from assistant.core.types import ModelInfo, ModelSpec
from assistant.ui.app import create_app
from assistant.ui.widgets.citations import cited_numbers


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--lang", default="en")
    parser.add_argument("--theme", default="light")
    parser.add_argument("--search", default="")
    parser.add_argument("--ask", default="")
    parser.add_argument("--reply", default="")
    args = parser.parse_args()

    def scripted(_choice: ModelChoice, progress: Callable[[float], None]) -> tuple[ScriptedBackend, ModelInfo]:
        backend = ScriptedBackend((args.reply,))
        return backend, backend.load(ModelSpec(Path("scripted.gguf")), progress)

    context = create_app(["--lang", args.lang, "--theme", args.theme], backend_factory=scripted if args.reply else None)
    app, window = context.app, context.window
    library, chat = window.library, window.chat
    window.navigation.setCurrentRow(window.stack.indexOf(library))
    state = {"collection": ""}

    def add(_info: object) -> None:
        state["collection"] = library.add_paths([args.folder]) or ""

    def indexed(_finished: object) -> None:
        if args.ask:
            window.navigation.setCurrentRow(window.stack.indexOf(chat))
            chat.new_conversation()
            chat.set_sources(ConversationSources((state["collection"],)))
            chat.input.setPlainText(args.ask)
            chat.send()
        else:
            library.search_box.setText(args.search)
            library.run_search()

    def searched(found: list[object]) -> None:
        if found:
            library.show_passage(found[0])  # type: ignore[arg-type]
        print("ready", len(found), flush=True)

    def answered(_finished: object) -> None:
        passages = chat.last_sources
        bubble = chat.transcript.bubbles[-1]
        cited = cited_numbers(bubble.text, len(passages))
        print("answer:", bubble.text, "cited", cited, flush=True)
        for number, passage in enumerate(passages, 1):
            print(f"[{number}] {passage.path.name} · {passage.location}", flush=True)
        if passages:
            chat.show_passage(passages[(cited[0] - 1) if cited else 0])

    window.engine.model_loaded.connect(lambda info: QTimer.singleShot(0, lambda: add(info)))
    library.indexing_finished.connect(indexed)
    library.searched.connect(searched)
    chat.reply_finished.connect(answered)
    window.show()
    sys.exit(app.exec())


if __name__ == "__main__":
    main()
