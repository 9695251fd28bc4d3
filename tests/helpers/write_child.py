"""A Quill window in a child process, for the Write crash test: it types a draft, reports once the
draft has been autosaved (one JSON line), and keeps running until it is killed."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer  # noqa: E402

from assistant.core.backends.scripted import ScriptedBackend  # noqa: E402
from assistant.core.types import ModelSpec  # noqa: E402
from assistant.ui.app import create_app  # noqa: E402


def main() -> None:
    def scripted(_choice: object, progress: object) -> tuple[ScriptedBackend, object]:
        backend = ScriptedBackend()
        return backend, backend.load(ModelSpec(Path("scripted.gguf")), progress)  # type: ignore[arg-type]

    context = create_app([], backend_factory=scripted)
    app, window = context.app, context.window
    write = window.write
    assert write is not None
    reported = {"done": False}

    def report(_file: str) -> None:
        if not reported["done"]:
            reported["done"] = True
            print(json.dumps({"autosaved": True}), flush=True)

    write.draft_saved.connect(report)
    window.show()
    QTimer.singleShot(0, lambda: write.editor.setPlainText("Typed before the crash.\n\n崩溃前写的。"))
    sys.exit(app.exec())


if __name__ == "__main__":
    main()
