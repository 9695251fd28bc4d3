"""The Translate pane on the scripted backend."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from assistant.core.types import GenerationRequest, Progress
from assistant.ui.main_window import MainWindow
from tests.helpers.engine_events import of
from tests.ui.conftest import AppFactory, Gate

CJK = re.compile(r"[\u3400-\u9fff]+")


def fake(request: GenerationRequest) -> str:
    text = request.messages[-1].content.split("<text>\n", 1)[1].rsplit("\n</text>", 1)[0]
    return re.sub(r"\s+", " ", CJK.sub(" the river flows ", text)).strip()


def pane(window: MainWindow):  # noqa: ANN201
    window.navigation.setCurrentRow(2)
    return window.translate


def make(make_app: AppFactory, on_token=None) -> MainWindow:  # noqa: ANN001
    window = make_app(on_token=on_token)
    make_app.backends[-1].reply_for = fake
    return window


def test_object_names_exist(make_app: AppFactory) -> None:
    window = make_app()
    for name in (
        "translateInput",
        "translateOutput",
        "sourceLanguage",
        "targetLanguage",
        "swapLanguages",
        "translateButton",
        "translateStop",
        "translateProgress",
    ):
        assert window.findChild(QWidget, name) is not None, name


def test_translate_shows_detection_progress_speed_and_keeps_structure(
    qtbot, make_app: AppFactory, tmp_path: Path
) -> None:
    window = make(make_app)
    translate = pane(window)
    source = "# 标题\n\n第一段。请运行 `make`。\n\n- 第一项\n- 第二项\n\n```\n代码不变\n```\n"
    translate.input.setPlainText(source)
    assert translate.detected.text().startswith("Detected: Chinese (Simplified)")
    values: list[int] = []
    translate.progress.valueChanged.connect(values.append)
    with qtbot.waitSignal(translate.translation_finished, timeout=20000) as finished:
        qtbot.mouseClick(translate.translate_button, Qt.MouseButton.LeftButton)
    assert finished.args[0].reason == "stop"
    out = translate.output.toPlainText()
    assert out.startswith("# the river flows") and "`make`" in out and "```\n代码不变\n```" in out
    assert out.count("\n- ") == 2
    assert len(set(values)) >= 3
    saved = translate.save_to(tmp_path / "out.md")
    assert saved.read_text(encoding="utf-8") == out


def test_stop_and_swap(qtbot, make_app: AppFactory) -> None:
    gate = Gate(hold_at=1)
    window = make(make_app, on_token=gate)
    translate = pane(window)
    translate.input.setPlainText("\n\n".join(f"第{i}段。" for i in range(6)))
    with qtbot.waitSignal(window.engine.request_event, check_params_cb=of(Progress), timeout=10000):
        translate.start()
    with qtbot.waitSignal(translate.translation_finished, timeout=20000) as finished:
        qtbot.mouseClick(translate.stop_button, Qt.MouseButton.LeftButton)
        gate.release()
    assert finished.args[0].reason == "cancelled"
    translate.source_language.setCurrentIndex(translate.source_language.findData("zh"))
    translate.target_language.setCurrentIndex(translate.target_language.findData("en"))
    qtbot.mouseClick(translate.swap_button, Qt.MouseButton.LeftButton)
    assert translate.source_language.currentData() == "en" and translate.target_language.currentData() == "zh"


def test_docx_in_docx_out_and_bad_files(qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    import docx

    window = make(make_app)
    translate = pane(window)
    word = docx.Document()
    word.add_heading("报告", level=1)
    word.add_paragraph("内容。")
    source = tmp_path / "report.docx"
    word.save(str(source))
    assert translate.open_file(source)
    with qtbot.waitSignal(translate.translation_finished, timeout=20000):
        translate.start()
    out = translate.save_to(tmp_path / "report.en.docx")
    result = docx.Document(str(out))
    assert [p.style.name for p in result.paragraphs] == ["Heading 1", "Normal"]
    assert not CJK.search(" ".join(p.text for p in result.paragraphs))
    assert not translate.open_file(tmp_path / "missing.md")
    assert "Cannot read" in translate.status.text() or "does not exist" in translate.status.text()


def test_the_glossary_is_kept_in_the_config_folder(make_app: AppFactory, quill_home: Path) -> None:
    window = make_app()
    translate = pane(window)
    translate.set_glossary("大型语言模型 = LLM\nQuill")
    assert (quill_home / "config" / "glossary.txt").read_text(encoding="utf-8") == "大型语言模型 = LLM\nQuill\n"
    assert translate.glossary().pairs == (("大型语言模型", "LLM"),) and translate.glossary().keep == ("Quill",)


def test_translate_as_i_type_sends_only_what_changed(qtbot, make_app: AppFactory) -> None:
    window = make(make_app)
    translate = pane(window)
    translate.live.setChecked(True)
    with qtbot.waitSignal(translate.translation_finished, timeout=20000):
        translate.input.setPlainText("第一段。\n\n第二段。")
    backend = make_app.backends[-1]
    sent_before = len(backend.requests)
    assert sent_before == 2
    with qtbot.waitSignal(translate.translation_finished, timeout=20000):
        translate.input.setPlainText("第一段。\n\n第二段改了。")
    assert len(backend.requests) == sent_before + 1  # the unchanged paragraph came from the cache
    assert "第二段改了" in backend.requests[-1].messages[-1].content
