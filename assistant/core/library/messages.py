"""The Library's messages to people, in one table: an id, the English text and the Simplified Chinese text.

Core code carries a message as its id and values (``IndexProblem.key`` / ``values``); the CLI
shows the English line, the GUI calls :func:`text` with the UI's language. Placeholders are
``str.format`` names, the same in both languages.
"""

from __future__ import annotations

from collections.abc import Mapping

MESSAGES: dict[str, tuple[str, str]] = {
    "unreadable": ("cannot read it: {reason}", "无法读取：{reason}"),
    "too_large": (
        "{size} MB is more than the Library reads ({limit} MB); it was skipped",
        "文件大小 {size} MB，超过资料库的上限（{limit} MB），已跳过",
    ),
    "no_text": (
        "no text in it (a scanned PDF or an image?); it was skipped",
        "其中没有文字（扫描版 PDF 或图片？），已跳过",
    ),
    "password": ("it is password-protected; it was skipped", "文件有密码保护，已跳过"),
    "binary": ("it is not text (a binary file?); it was skipped", "不是文本文件（二进制文件？），已跳过"),
    "vanished": ("it was deleted or moved while being indexed", "索引时文件被删除或移走了"),
    "unsupported": ("Quill does not read this kind of file", "Quill 不能读取这种文件"),
    "disk_full": (
        "the disk is full: indexing stopped; everything indexed before is kept",
        "磁盘已满：索引已停止，之前索引的内容都已保留",
    ),
    "root_missing": ("this folder or file is gone; its documents were dropped", "此文件夹或文件已不存在，其文档已移除"),
    "embed_failed": (
        "the embedding model failed ({reason}); searching uses keywords only",
        "嵌入模型出错（{reason}），搜索仅使用关键词",
    ),
    "keywords_only": (
        "no embedding model is chosen: the Library searches by keywords only",
        "未选择嵌入模型：资料库只按关键词搜索",
    ),
    "nothing_found": (
        "Nothing in the library answers this question.",
        "资料库中没有能回答这个问题的内容。",
    ),
    "indexing": ("indexing {name}", "正在索引 {name}"),
}


def text(key: str, language: str = "en", values: Mapping[str, object] | None = None) -> str:
    """The message ``key`` in ``language`` ("zh..." gives Chinese, anything else English), filled in."""
    english, chinese = MESSAGES[key]
    template = chinese if language.lower().startswith("zh") else english
    return template.format(**(values or {}))
