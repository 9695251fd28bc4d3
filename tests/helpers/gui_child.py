"""A Quill window in a child process, for crash tests: it streams a long reply from the starter
model and prints each partial reply the history has saved (one JSON line each), until it is killed."""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer  # noqa: E402

from assistant.core.types import TextDelta  # noqa: E402
from assistant.ui.app import create_app  # noqa: E402


def main() -> None:
    context = create_app([])
    app, window = context.app, context.window
    chat = window.chat
    printed = {"content": ""}

    def send() -> None:
        chat.input.setPlainText("Write a very long story about a lighthouse keeper and a storm.")
        chat.send()

    def report(_request_id: int, event: object) -> None:
        if not isinstance(event, TextDelta) or chat.conversation is None:
            return
        saved = chat.store.messages(chat.conversation.id)[-1]
        if saved.role == "assistant" and saved.content and saved.content != printed["content"]:
            printed["content"] = saved.content
            print(json.dumps({"status": saved.status, "content": saved.content}), flush=True)

    window.engine.model_loaded.connect(lambda _info: QTimer.singleShot(0, send))
    window.engine.request_event.connect(report)
    chat.reply_finished.connect(lambda _f: print(json.dumps({"finished": True}), flush=True))
    window.show()
    sys.exit(app.exec())


if __name__ == "__main__":
    main()
