"""Real Quill code doing writes in a child process, reporting each write it has finished, until killed.

Usage: python -m tests.helpers.crash_child MODE   (QUILL_HOME says where)

MODE is one of:
  gui       the Chat pane (offscreen) sends messages and streams scripted replies into the history;
  history   the history store adds conversations and messages and grows streamed replies;
  settings  settings are saved over and over with changing values.

Each report is one JSON line, flushed the moment the write it describes has returned,
so what the parent has read is what Quill had shown (or said it saved) before the kill:
  {"kind": "message", "conversation": C, "position": P, "role": R, "content": T}  a finished message
  {"kind": "partial", "id": M, "content": T}        a streaming reply saved so far
  {"kind": "saving", "max_tokens": N}                a settings save is about to start
  {"kind": "settings", "max_tokens": N}              a settings save returned
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def report(**fields: object) -> None:
    sys.stdout.write(json.dumps(fields, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def long_reply(n: int) -> str:
    lines = [f"Part {n}.{i}: the lighthouse keeper writes line {i} of the log, 灯塔 {i}." for i in range(40)]
    return "\n".join(lines)


def run_gui() -> None:
    from PySide6.QtCore import QTimer

    from assistant.core.backends.scripted import ScriptedBackend
    from assistant.core.types import ModelSpec, TextDelta
    from assistant.ui.app import create_app

    def scripted(choice: object, progress: object) -> tuple[object, object]:
        backend = ScriptedBackend(
            [long_reply(i) for i in range(50)], n_ctx=1_000_000, on_token=lambda _i: time.sleep(0.002)
        )
        return backend, backend.load(ModelSpec(Path("scripted.gguf")))

    context = create_app([], backend_factory=scripted)  # type: ignore[arg-type]
    app, window = context.app, context.window
    chat = window.chat
    sent = {"n": 0, "saved": ""}

    def send() -> None:
        sent["n"] += 1
        chat.input.setPlainText(f"Message {sent['n']} from pid {os.getpid()}: tell me more.")
        chat.send()
        assert chat.conversation is not None
        user = chat.store.messages(chat.conversation.id)[-2]  # the user's message, then the empty reply
        report(
            kind="message",
            conversation=user.conversation_id,
            position=user.position,
            role=user.role,
            content=user.content,
        )

    def on_text(_request_id: int, event: object) -> None:
        if not isinstance(event, TextDelta) or chat.conversation is None:
            return
        saved = chat.store.messages(chat.conversation.id)[-1]
        if saved.role == "assistant" and saved.content and saved.content != sent["saved"]:
            sent["saved"] = saved.content
            report(kind="partial", id=saved.id, content=saved.content)

    def on_finished(_finished: object) -> None:
        assert chat.conversation is not None
        reply = chat.store.messages(chat.conversation.id)[-1]
        report(
            kind="message",
            conversation=reply.conversation_id,
            position=reply.position,
            role=reply.role,
            content=reply.content,
        )
        if sent["n"] % 3 == 0:
            chat.new_conversation()
        QTimer.singleShot(0, send)

    window.engine.model_loaded.connect(lambda _info: QTimer.singleShot(0, send))
    window.engine.request_event.connect(on_text)
    chat.reply_finished.connect(on_finished)
    window.show()
    report(kind="ready")
    sys.exit(app.exec())


def run_history(home: Path) -> None:
    from assistant.core.stores.history import HistoryStore

    store = HistoryStore(home / "data" / "history.sqlite3")
    report(kind="ready")
    for round_ in range(10**6):
        conversation = store.create_conversation(f"Crash test {os.getpid()}-{round_}")
        for turn in range(5):
            user = store.add_message(conversation.id, "user", f"Question {turn} — 问题 {turn} ‮rtl‬ {round_}")
            report(
                kind="message", conversation=conversation.id, position=user.position, role="user", content=user.content
            )
            reply = store.add_message(conversation.id, "assistant", "", status="streaming")
            text = ""
            for piece in range(8):
                text += f"piece {piece} of answer {turn}. "
                store.update_message(reply.id, text)
                report(kind="partial", id=reply.id, content=text)
            store.update_message(reply.id, text, "complete", {"reason": "stop"})
            report(
                kind="message", conversation=conversation.id, position=reply.position, role="assistant", content=text
            )


def run_settings(home: Path) -> None:
    from assistant.core.settings import Settings, save_settings

    path = home / "config" / "settings.json"
    report(kind="ready")
    for i in range(10**6):
        max_tokens = 64 + (os.getpid() * 7 + i) % 100_000
        settings = Settings(
            max_tokens=max_tokens, temperature=(i % 100) / 100, system_prompt="系统" * (i % 300), extra={"counter": i}
        )
        report(kind="saving", max_tokens=max_tokens)
        save_settings(settings, path)
        report(kind="settings", max_tokens=max_tokens)


def main() -> None:
    mode = sys.argv[1]
    home = Path(os.environ["QUILL_HOME"])
    if mode == "gui":
        run_gui()
    elif mode == "history":
        run_history(home)
    elif mode == "settings":
        run_settings(home)
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
