"""A core error or notice is shown in the interface's language: Chinese in the Chinese UI, English otherwise."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.ui.i18n import shown_language
from assistant.ui.main_window import MainWindow
from tests.ui.conftest import AppFactory


@pytest.fixture(autouse=True)
def _english_afterwards(make_app: AppFactory) -> Iterator[None]:
    """The shown language is process-wide: leave it English for tests that build panes without create_app."""
    yield
    make_app(argv=["--lang", "en"])
    assert shown_language() == "en"


def summarize_pane(window: MainWindow):  # noqa: ANN201
    window.navigation.setCurrentRow(1)
    return window.summarize


@pytest.mark.parametrize("language, said", [("zh_CN", "{path} 不存在。"), ("en", "{path} does not exist.")])
def test_a_missing_document_is_refused_in_the_ui_language(
    make_app: AppFactory, tmp_path: Path, language: str, said: str
) -> None:
    summarize = summarize_pane(make_app(argv=["--lang", language]))
    gone = tmp_path / "gone.txt"
    assert not summarize.open_file(gone)
    assert summarize.status.text() == said.format(path=gone)


def test_a_core_notice_is_shown_in_chinese(qtbot, make_app: AppFactory) -> None:
    summarize = summarize_pane(make_app(("The mill was built in 1850 and sold in 1907.",), argv=["--lang", "zh_CN"]))
    with qtbot.waitSignal(summarize.planned, timeout=10000):
        summarize.input.setPlainText("The mill on the river is old. It still grinds corn for the village.")
    with qtbot.waitSignal(summarize.summary_finished, timeout=20000):
        summarize.start()
    assert "请核对这些数字，它们不在文档中：1850, 1907。" in summarize.warnings.text()
    assert "Check these numbers" not in summarize.warnings.text()


def test_an_unreadable_document_is_refused_in_chinese_with_its_name(make_app: AppFactory, tmp_path: Path) -> None:
    summarize = summarize_pane(make_app(argv=["--lang", "zh_CN"]))
    bad = tmp_path / "sheet.xlsx"
    bad.write_bytes(b"x")
    assert not summarize.open_file(bad)
    assert (
        summarize.status.text() == "Quill 无法读取 .xlsx 文件（sheet.xlsx）；它能读取 .txt, .md, .html, .pdf 和 .docx。"
    )


@pytest.mark.model
def test_a_file_that_is_not_gguf_is_refused_in_chinese(qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    bad = tmp_path / "broken.gguf"
    bad.write_text("not a model", encoding="utf-8")
    window = make_app(argv=["--lang", "zh_CN", "--model", str(bad)], real=True, wait_loaded=False)
    with qtbot.waitSignal(window.engine.model_failed, timeout=30000) as failed:
        pass
    assert str(failed.args[0]) == f"Cannot use model {bad}: it is a text file, not a GGUF model."  # the log's words
    assert f"无法使用模型 {bad}：这是文本文件，不是 GGUF 模型。" in window.model_label.toolTip()
    assert window.isVisible()


@pytest.mark.parametrize(
    "language, names, chinese",
    [
        ("zh_CN", ["英语", "简体中文", "繁体中文", "日语", "韩语", "法语", "德语"], "简体中文"),
        (
            "en",
            ["English", "Chinese (Simplified)", "Chinese (Traditional)", "Japanese", "Korean", "French", "German"],
            "Chinese (Simplified)",
        ),
    ],
)
def test_the_language_pickers_name_languages_in_the_ui_language(
    make_app: AppFactory, language: str, names: list[str], chinese: str
) -> None:
    window = make_app(argv=["--lang", language])
    target, source = window.translate.target_language, window.translate.source_language
    assert [target.itemText(i) for i in range(len(names))] == names
    assert [target.itemData(i) for i in range(3)] == ["en", "zh", "zh-Hant"]  # the value kept is the code
    assert [source.itemText(i) for i in range(1, len(names) + 1)] == names  # after "Detect language"
    summary = window.summarize.language
    assert summary.itemText(summary.findData("zh")) == chinese and summary.itemText(summary.findData("fr")) == names[5]
    window.navigation.setCurrentRow(2)
    window.translate.input.setPlainText("这是一个简单的中文句子，用来测试语言检测是否正确。")
    assert chinese in window.translate.detected.text()


def test_a_documents_warning_is_shown_in_chinese(make_app: AppFactory, tmp_path: Path) -> None:
    summarize = summarize_pane(make_app(argv=["--lang", "zh_CN"]))
    damaged = tmp_path / "notes.txt"
    damaged.write_bytes(("模型在本机运行。" * 20).encode() + b"\xff\n")  # one bad byte in valid UTF-8
    assert summarize.open_file(damaged)
    assert summarize.status.text() == "notes.txt 有 1 处不是有效的 UTF-8；这些字节显示为 \ufffd。"
