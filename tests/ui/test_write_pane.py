"""The Write pane on the scripted backend: tools, review with a diff, alternatives, undo, files, autosave."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QWidget

from assistant.core.types import GenerationRequest, TextDelta
from assistant.ui.main_window import MainWindow
from tests.ui.conftest import AppFactory, Gate

ROOT = Path(__file__).resolve().parents[2]


def pane(window: MainWindow):  # noqa: ANN201
    window.navigation.setCurrentRow(window.stack.indexOf(window.write))
    return window.write


def choose(write, action: str) -> None:  # noqa: ANN001
    write.action.setCurrentIndex(write.action.findData(action))


def run(qtbot, write, versions: int = 1):  # noqa: ANN001, ANN201
    with qtbot.waitSignal(write.proposal_ready, timeout=20000) as ready:
        if versions == 1:
            qtbot.mouseClick(write.run_button, Qt.MouseButton.LeftButton)
        else:
            write.versions.setValue(versions)
            qtbot.mouseClick(write.alternatives_button, Qt.MouseButton.LeftButton)
    return ready.args[0]


def test_object_names_exist_and_the_pane_is_in_the_window(make_app: AppFactory) -> None:
    window = make_app()
    for name in ("writeEditor", "writeActions", "writeDiff", "writeAccept", "writeReject", "writeAlternatives"):
        assert window.findChild(QWidget, name) is not None, name
    assert window.navigation.item(window.stack.indexOf(window.write)).text() == "Write"


def test_proofread_shows_a_diff_and_accept_is_one_undo_step(qtbot, make_app: AppFactory) -> None:
    window = make_app(
        (
            "Sure! Here is the corrected text:\n\nThey are going to the store tomorrow.\n\n"
            "Let me know if you need anything else.",
        )
    )
    write = pane(window)
    write.editor.setPlainText("Their going to the store tomorow.")
    choose(write, "proofread")
    proposal = run(qtbot, write)
    assert proposal.versions == ["They are going to the store tomorrow."]
    assert write.editor.isReadOnly()  # nothing can move under the proposal
    kinds = [(op.kind, op.text) for op in write.diff.ops]
    assert ("delete", "Their") in kinds and ("insert", "They are") in kinds
    assert ("delete", "tomorow") in kinds and ("insert", "tomorrow") in kinds
    # The view draws insertions underlined and deletions struck through.
    cursor = QTextCursor(write.diff.document())
    formats = []
    while not cursor.atEnd():
        cursor.movePosition(QTextCursor.MoveOperation.NextCharacter, QTextCursor.MoveMode.KeepAnchor)
        formats.append(
            (cursor.selectedText(), cursor.charFormat().fontUnderline(), cursor.charFormat().fontStrikeOut())
        )
        cursor.clearSelection()
    assert ("T", False, True) in formats and ("y", True, False) in formats
    prompt = make_app.backends[-1].requests[-1].messages[-1].content
    assert "spelling" in prompt and "Their going to the store tomorow." in prompt and "English" in prompt

    with qtbot.waitSignal(write.change_accepted):
        qtbot.mouseClick(write.accept_button, Qt.MouseButton.LeftButton)
    assert write.text == "They are going to the store tomorrow."
    assert not write.editor.isReadOnly()
    write.editor.undo()
    assert write.text == "Their going to the store tomorow."
    write.editor.redo()
    assert write.text == "They are going to the store tomorrow."


def test_reject_leaves_the_text_and_undo_spans_several_accepted_changes(qtbot, make_app: AppFactory) -> None:
    window = make_app(("First change.", "Rejected change.", "Second change."))
    write = pane(window)
    write.editor.setPlainText("Original text.")
    choose(write, "rewrite")
    run(qtbot, write)
    write.accept()
    run(qtbot, write)
    with qtbot.waitSignal(write.change_rejected):
        qtbot.mouseClick(write.reject_button, Qt.MouseButton.LeftButton)
    assert write.text == "First change." and write.proposal is None and not write.editor.isReadOnly()
    run(qtbot, write)
    write.accept()
    assert write.text == "Second change."
    write.editor.undo()
    assert write.text == "First change."
    write.editor.undo()
    assert write.text == "Original text."


def test_a_selection_is_replaced_with_its_surrounding_space_kept(qtbot, make_app: AppFactory) -> None:
    window = make_app(("这个句子很好。",))
    write = pane(window)
    write.editor.setPlainText("第一段。\n\n这个句子不好。\n\n最后一段。")
    cursor = write.editor.textCursor()
    start = write.text.index("这个")
    cursor.setPosition(start)
    cursor.setPosition(start + len("这个句子不好。"), QTextCursor.MoveMode.KeepAnchor)
    write.editor.setTextCursor(cursor)
    choose(write, "rewrite")
    run(qtbot, write)
    request: GenerationRequest = make_app.backends[-1].requests[-1]
    assert "这个句子不好。" in request.messages[-1].content and "第一段" not in request.messages[-1].content
    assert "Chinese (Simplified)" in request.messages[-1].content
    [marked] = write.editor.extraSelections()  # the text under review is shaded
    assert marked.cursor.selectedText() == "这个句子不好。"
    assert [(op.kind, op.text) for op in write.diff.ops] == [
        ("equal", "这个句子"),
        ("delete", "不"),
        ("insert", "很"),
        ("equal", "好。"),
    ]
    write.accept()
    assert write.text == "第一段。\n\n这个句子很好。\n\n最后一段。"
    assert write.editor.extraSelections() == []


def test_three_alternatives_arrive_and_the_chosen_one_is_accepted(qtbot, make_app: AppFactory) -> None:
    window = make_app(("Version one.", "Version two.", "Version three."))
    write = pane(window)
    write.editor.setPlainText("The draft sentence.")
    choose(write, "rewrite")
    proposal = run(qtbot, write, versions=3)
    assert proposal.versions == ["Version one.", "Version two.", "Version three."]
    assert write.alternatives.count() == 3 and write.alternatives.isVisible()
    seeds = [r.params.seed for r in make_app.backends[-1].requests]
    assert len(set(seeds)) == 3
    write.alternatives.setCurrentRow(1)
    assert ("insert", "Version two") in [(op.kind, op.text) for op in write.diff.ops]
    write.accept()
    assert write.text == "Version two."


def test_continue_inserts_at_the_cursor_and_analyses_go_below(qtbot, make_app: AppFactory) -> None:
    window = make_app(("It rained all day.", "Tone: calm\nSentiment: neutral\nReasons:\n- plain words"))
    write = pane(window)
    write.editor.setPlainText("We walked home.\n\nThe end.")
    cursor = write.editor.textCursor()
    cursor.setPosition(len("We walked home."))
    write.editor.setTextCursor(cursor)
    choose(write, "continue")
    run(qtbot, write)
    assert write.diff.ops[-1].kind == "insert" and write.diff.ops[-1].text == " It rained all day."
    assert "<after>" in make_app.backends[-1].requests[-1].messages[-1].content
    write.accept()
    assert write.text == "We walked home. It rained all day.\n\nThe end."
    choose(write, "analyze-tone")
    assert not write.alternatives_button.isEnabled()
    run(qtbot, write)
    write.accept()
    assert write.text.endswith("The end.\n\nTone: calm\nSentiment: neutral\nReasons:\n- plain words\n")


def test_stop_keeps_what_was_written_for_review_and_errors_are_one_line(qtbot, make_app: AppFactory) -> None:
    gate = Gate(hold_at=11)
    window = make_app(("Line one is here.\nLine two.\nLine three.",), on_token=gate)
    write = pane(window)
    write.editor.setPlainText("Some text here.")
    choose(write, "rewrite")
    with qtbot.waitSignal(
        write.runner.request_event, check_params_cb=lambda event: isinstance(event, TextDelta), timeout=10000
    ):
        write.run()
    with qtbot.waitSignal(write.proposal_ready, timeout=10000):
        qtbot.mouseClick(write.stop_button, Qt.MouseButton.LeftButton)
        gate.release()
    assert write.proposal is not None and write.proposal.versions == ["Line one is here."]
    assert "Stopped" in write.status.text() and write.accept_button.isEnabled()
    write.reject()
    choose(write, "custom")
    write.run()
    assert "instruction" in write.status.text() and write.proposal is None
    write.editor.setPlainText("")
    choose(write, "rewrite")
    write.run()
    assert "no text" in write.status.text() and write.proposal is None


def test_counts_preview_and_files(qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    import docx

    window = make_app()
    write = pane(window)
    with qtbot.waitSignal(write.tokens_counted, timeout=10000):
        write.editor.setPlainText("# Title\n\nHello **bold** world. 你好世界")
    assert write.counts.text().startswith("8 words, ")  # 4 words + 4 CJK characters
    write.preview_toggle.setChecked(True)
    assert "<h1" in write.preview.toHtml() or "Title" in write.preview.toPlainText()
    saved = write.save_to(tmp_path / "out.docx")
    word = docx.Document(str(saved))
    assert [p.style.name for p in word.paragraphs][:2] == ["Heading 1", "Normal"]
    assert any(run.bold and run.text == "bold" for run in word.paragraphs[1].runs)
    assert not write.editor.document().isModified()
    (tmp_path / "notes.txt").write_text("plain notes", encoding="utf-8")
    assert write.open_file(tmp_path / "notes.txt") and not write.markdown.isChecked()
    assert write.text == "plain notes"
    assert write.open_file(saved) and write.text.startswith("# Title")
    assert not write.open_file(tmp_path / "missing.md")
    assert "does not exist" in write.status.text()
    assert not write.open_file(tmp_path / "image.png")
    assert ".png" in write.status.text()


def test_the_draft_is_autosaved_and_restored(qtbot, make_app: AppFactory, quill_home: Path) -> None:
    window = make_app()
    write = pane(window)
    with qtbot.waitSignal(write.draft_saved, timeout=10000):
        write.editor.setPlainText("A draft worth keeping. 草稿。")
    saved = json.loads((quill_home / "data" / "write-draft.json").read_text(encoding="utf-8"))
    assert saved["text"] == "A draft worth keeping. 草稿。"
    window.close()
    make_app.context(window).close()
    again = pane(make_app())
    assert again.text == "A draft worth keeping. 草稿。"
    assert "Restored" in again.status.text()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_killed_quill_loses_no_autosaved_draft(qtbot, make_app: AppFactory, quill_home: Path) -> None:
    env = {**os.environ, "QUILL_HOME": str(quill_home), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.write_child"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()  # the child reports once its draft has been autosaved
        assert json.loads(line) == {"autosaved": True}
        os.kill(proc.pid, signal.SIGKILL)  # no clean close, no save on exit
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    start = time.monotonic()
    write = pane(make_app())
    assert write.text == "Typed before the crash.\n\n崩溃前写的。"
    assert time.monotonic() - start < 60


def test_text_after_an_emoji_is_replaced_in_the_right_place(qtbot, make_app: AppFactory) -> None:
    window = make_app(("a good sentence.",))
    write = pane(window)
    write.editor.setPlainText("😀 Smile! 👍🏽 Then a bad sentence. The end.")
    assert write.editor.find("a bad sentence.")  # Qt positions count UTF-16 units: emoji take two
    choose(write, "rewrite")
    run(qtbot, write)
    assert "<text>\na bad sentence.\n</text>" in make_app.backends[-1].requests[-1].messages[-1].content
    write.accept()
    assert write.text == "😀 Smile! 👍🏽 Then a good sentence. The end."


def test_closing_the_window_saves_what_autosave_has_not_yet(make_app: AppFactory) -> None:
    window = make_app()
    write = pane(window)
    write.editor.setPlainText("Typed just before closing.")
    assert write._autosave.isActive()  # the autosave is still waiting for a pause in typing
    window.close()
    make_app.context(window).close()
    assert pane(make_app()).text == "Typed just before closing."
