"""Open Quill on the Write pane and run one tool on the real starter model, leaving its proposal
(a word diff, and the versions if several were asked for) on screen: for screenshots.

    python -m tests.helpers.write_demo [--lang zh_CN] [--theme dark] [--action rewrite] [--n 3] TEXT
"""

from __future__ import annotations

import argparse
import sys

from PySide6.QtCore import QTimer

from assistant.ui.app import create_app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("text")
    parser.add_argument("--lang", default="en")
    parser.add_argument("--theme", default="light")
    parser.add_argument("--action", default="proofread")
    parser.add_argument("--n", type=int, default=1)
    args = parser.parse_args()
    context = create_app(["--lang", args.lang, "--theme", args.theme])
    app, window = context.app, context.window
    write = window.write
    assert write is not None
    window.navigation.setCurrentRow(window.stack.indexOf(write))

    def start(_info: object) -> None:
        write.editor.setPlainText(args.text.replace("\\n", "\n"))
        write.action.setCurrentIndex(write.action.findData(args.action))
        write.versions.setValue(max(2, args.n))
        write.run(args.n)

    window.engine.model_loaded.connect(lambda info: QTimer.singleShot(0, lambda: start(info)))
    write.proposal_ready.connect(lambda p: print("ready", p.versions, flush=True))
    window.show()
    sys.exit(app.exec())


if __name__ == "__main__":
    main()
