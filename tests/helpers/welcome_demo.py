"""Open Quill with the first-run welcome on one step, or the Models dialog's speeds: for screenshots.

    python -m tests.helpers.welcome_demo [--lang zh_CN] [--theme dark] --step use|computer|download|done|starter|models|notice

Online steps serve every catalog model from a loopback Hub stand-in (a tiny GGUF each, throttled for
``download``); ``starter`` runs offline. Use a private QUILL_HOME where ``quill models list --measure``
has stored the speed probe. Pair with ``../shared/tools/screenshot OUT.png SECS -- python -m ...``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", default="en")
    parser.add_argument("--theme", default="light")
    parser.add_argument("--step", default="use")
    parser.add_argument("--use", default="translate")
    args = parser.parse_args(argv)

    hub = None
    if args.step in ("starter", "notice"):
        os.environ["HF_HUB_OFFLINE"] = "1"
    else:
        from assistant.core.models.catalog import load_catalog
        from tests.helpers.fake_hub import FakeHub, HubFileSpec
        from tests.helpers.tiny_gguf import write_tiny_llama

        data = write_tiny_llama(Path(tempfile.mkdtemp()) / "tiny.gguf", name="Tiny").read_bytes()
        hub = FakeHub().__enter__()
        for entry in load_catalog():
            throttle = max(1, len(data) // 40) if args.step == "download" else None
            hub.add(entry.repo, {entry.file: HubFileSpec(data=data, throttle_bps=throttle)})
        os.environ["HF_ENDPOINT"] = hub.url
        os.environ.pop("HF_HUB_OFFLINE", None)

    from assistant.ui.app import create_app

    context = create_app(["--lang", args.lang, "--theme", args.theme])
    window = context.window
    window.resize(1100, 720)
    window.show()
    if args.step == "notice":  # a translation the starter model cannot do, refused before it starts
        pane = window.translate
        window.show_pane(pane)
        pane.load_example()
        window.engine.model_loaded.connect(lambda _info: QTimer.singleShot(200, pane.start))
        return context.app.exec()
    if args.step == "models":
        context.controller.show_recommended("")
        dialog = context.controller.models_dialog
        assert dialog is not None
        dialog.resize(1240, 640)
        return context.app.exec()
    welcome = context.controller.open_welcome()
    welcome.choose_use(args.use)
    if args.step != "use":
        if args.step in ("download", "done"):
            welcome.recommended.connect(lambda: QTimer.singleShot(300, welcome.download_button.click))
        QTimer.singleShot(300, welcome.next_button.click)
    code = context.app.exec()
    if hub is not None:
        hub.__exit__()
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
