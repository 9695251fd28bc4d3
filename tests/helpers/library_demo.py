"""Open Quill, add a folder to the Library and index it; then either search it (the Library pane with a
passage open) or ask a question about it in Chat on the real model (a cited answer with its first source
open in the side panel): for screenshots.

    python -m tests.helpers.library_demo FOLDER [--lang zh_CN] [--theme dark] [--search WORDS | --ask QUESTION]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtCore import QTimer

from assistant.core.stores.history import ConversationSources
from assistant.ui.app import create_app
from assistant.ui.widgets.citations import cited_numbers


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--lang", default="en")
    parser.add_argument("--theme", default="light")
    parser.add_argument("--search", default="")
    parser.add_argument("--ask", default="")
    args = parser.parse_args()
    context = create_app(["--lang", args.lang, "--theme", args.theme])
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
