"""Open Quill on one pane, as a new user or with a conversation to show: for screenshots.

    python -m tests.helpers.screens_demo [--lang zh_CN] [--theme dark] [--pane chat|summarize|translate|write]
                                         [--conversation [--versions]] [--example [--run]] [--shortcuts] [--open-language]

``--conversation`` puts a short sample conversation in the history first (QUILL_HOME's, so use a
private QUILL_HOME); ``--versions`` gives its last reply three versions with the second shown ("‹ 2/3 ›"); ``--example`` presses the pane's "Try an example". Pair with
``../shared/tools/screenshot OUT.png SECS -- python -m tests.helpers.screens_demo ...``.
"""

from __future__ import annotations

import argparse
import sys

from PySide6.QtCore import QTimer

from assistant.core.paths import quill_paths
from assistant.core.stores.history import HistoryStore
from assistant.ui.app import create_app

CONVERSATIONS = {
    "en": (
        "Reading a CSV file in Python",
        [
            ("user", "How do I read a CSV file in Python and average a column?"),
            (
                "assistant",
                "Use the standard library's `csv` module:\n\n### Steps\n\n1. Open the file\n2. Read the rows\n"
                "3. Average the column\n\n```python\nimport csv\n\nwith open('data.csv', encoding='utf-8') as f:\n"
                "    values = [float(row['price']) for row in csv.DictReader(f)]\nprint(sum(values) / len(values))\n"
                "```\n\n| Tool | Good for |\n|---|---|\n| `csv` | no install needed |\n| `pandas` | large analyses |",
            ),
            ("user", "What if the file is huge?"),
            ("assistant", "Process it **row by row** instead of loading it all: keep a running sum and count."),
        ],
        "Weekend trip ideas",
    ),
    "zh_CN": (
        "用 Python 读取 CSV 文件",
        [
            ("user", "怎样用 Python 读取 CSV 文件并计算某一列的平均值？"),
            (
                "assistant",
                "可以使用标准库里的 `csv` 模块：\n\n### 步骤\n\n1. 打开文件\n2. 逐行读取\n3. 计算平均值\n\n"
                "```python\nimport csv\n\nwith open('data.csv', encoding='utf-8') as f:\n"
                "    values = [float(row['价格']) for row in csv.DictReader(f)]\nprint(sum(values) / len(values))\n"
                "```\n\n| 方法 | 优点 |\n|---|---|\n| `csv` | 无需安装 |\n| `pandas` | 功能强大 |",
            ),
            ("user", "如果文件很大呢？"),
            ("assistant", "可以**逐行处理**，不要一次读入内存：累加总和与计数即可。"),
        ],
        "周末出游计划",
    ),
}
OTHER_REPLIES = {
    "en": ("Read it in chunks with `pandas.read_csv(..., chunksize=100_000)`.", "Use a database such as SQLite."),
    "zh_CN": ("用 `pandas.read_csv(..., chunksize=100_000)` 分块读取。", "可以先导入 SQLite 这样的数据库。"),
}


def seed_conversation(language: str, versions: bool = False) -> int:
    title, messages, other = CONVERSATIONS.get(language, CONVERSATIONS["en"])
    store = HistoryStore(quill_paths().ensure().history_db)
    try:
        store.create_conversation(other)
        conversation = store.create_conversation(title)
        for role, content in messages:
            last = store.add_message(conversation.id, role, content)
        if versions:
            second, third = OTHER_REPLIES.get(language, OTHER_REPLIES["en"])
            shown = store.add_message(conversation.id, "assistant", second, parent=last.parent_id)
            store.add_message(conversation.id, "assistant", third, parent=last.parent_id)
            store.choose_version(shown.id)
        return conversation.id
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", default="en")
    parser.add_argument("--theme", default="light")
    parser.add_argument("--pane", default="chat", choices=("chat", "summarize", "translate", "write"))
    parser.add_argument("--conversation", action="store_true")
    parser.add_argument("--versions", action="store_true", help="the last reply has three versions")
    parser.add_argument("--example", action="store_true")
    parser.add_argument("--run", action="store_true", help="with --example: start it once the model is loaded")
    parser.add_argument("--shortcuts", action="store_true", help="open Help → Keyboard shortcuts")
    parser.add_argument("--open-language", action="store_true", help="open the Translate pane's target language list")
    args = parser.parse_args()
    conversation = seed_conversation(args.lang, args.versions) if args.conversation else None
    context = create_app(["--lang", args.lang, "--theme", args.theme])
    app, window = context.app, context.window
    pane = getattr(window, args.pane)
    window.show_pane(pane)
    if conversation is not None:
        window.chat.open_conversation(conversation)
    if args.example and hasattr(pane, "load_example"):
        pane.load_example()
        if args.run and hasattr(pane, "start"):
            window.engine.model_loaded.connect(lambda _info: QTimer.singleShot(0, pane.start))
    window.show()
    QTimer.singleShot(0, window.navigation.setFocus)
    if args.shortcuts:
        QTimer.singleShot(300, window.show_shortcuts)
    if args.open_language:
        QTimer.singleShot(500, window.translate.target_language.showPopup)
    sys.exit(app.exec())


if __name__ == "__main__":
    main()
