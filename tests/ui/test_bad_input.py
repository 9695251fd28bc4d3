"""Bad input everywhere: each gets a clear one-line message, nothing is lost, and the app keeps working."""

from __future__ import annotations

import json
import os
import random
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from assistant.core.errors import UserFacingError
from assistant.core.settings import Settings, load_settings, save_settings
from assistant.ui.main_window import MainWindow
from tests.ui.conftest import AppFactory

TRICKY = (
    "مرحبا بالعالم \u200f(RTL)\u200f and עברית, zero\u200bwidth\u200cjoin\u200d, "
    "\u202eoverride\u202c, BOM\ufeff, combining e\u0301, emoji 👩\u200d💻, 中文。"
)


def summarize_works(qtbot: object, window: MainWindow) -> None:
    """The proof that the app keeps working: a plain text still gets summarized."""
    pane = window.summarize
    pane.input.setPlainText("The river rose in spring. The mill kept turning through the flood.")
    with qtbot.waitSignal(pane.summary_finished, timeout=20000):  # type: ignore[attr-defined]
        qtbot.mouseClick(pane.summarize_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert pane.summary


def chat_works(qtbot: object, window: MainWindow, text: str = "Still there?") -> str:
    chat = window.chat
    chat.input.setPlainText(text)
    with qtbot.waitSignal(chat.reply_finished, timeout=20000):  # type: ignore[attr-defined]
        chat.send()
    return chat.transcript.bubbles[-1].text


# -- pastes and documents ---------------------------------------------------------


def test_an_empty_or_blank_paste_asks_for_text(qtbot: object, make_app: AppFactory) -> None:
    window = make_app(("A summary.",))
    pane = window.summarize
    for blank in ("", "   \n\t\n  "):
        QGuiApplication.clipboard().setText(blank)
        pane.input.clear()
        pane.input.paste()
        qtbot.mouseClick(pane.summarize_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
        assert pane.status.text() == "There is nothing to summarize yet: paste text or open a file."
        assert not pane.busy
    window.chat.input.setPlainText("   \n ")
    window.chat.send()
    assert window.chat.conversation is None and window.chat.store.conversations() == []
    summarize_works(qtbot, window)


BINARY_NAMES = (
    "random.txt",
    "random.md",
    "random.html",
    "random.pdf",
    "random.docx",
    "image.png.txt",
    "random.bin",
    "empty.txt",
    "zeros.md",
)


@pytest.mark.parametrize("name", BINARY_NAMES)
def test_a_binary_file_opened_as_a_document_is_refused_in_one_line(
    qtbot: object, make_app: AppFactory, tmp_path: Path, name: str
) -> None:
    rng = random.Random(name)
    data = {
        "empty.txt": b"",
        "zeros.md": b"\0" * 5000,
        "image.png.txt": b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(3000)),
    }.get(name, bytes(rng.randrange(256) for _ in range(20000)))
    path = tmp_path / name
    path.write_bytes(data)
    window = make_app(("A summary.",))
    pane = window.summarize
    pane.input.setPlainText("What was here before.")
    assert pane.open_file(path) is False
    message = pane.status.text()
    assert message and "\n" not in message and name in message, message
    assert pane.input.toPlainText() == "What was here before."  # nothing the user had is lost
    summarize_works(qtbot, window)


def test_invalid_utf8_opens_with_a_warning_or_a_clear_refusal(
    qtbot: object, make_app: AppFactory, tmp_path: Path
) -> None:
    path = tmp_path / "broken.txt"
    path.write_bytes("Un café à Paris. ".encode() * 50 + b"\xff\xfe\xc3\x28 bad \xa0\xa1 bytes " + "终。".encode())
    window = make_app(("A summary.",))
    pane = window.summarize
    assert pane.open_file(path)
    assert pane.status.text() == "broken.txt is not valid UTF-8 in 5 place(s); those bytes are shown as \ufffd."
    assert "Un café à Paris." in pane.input.toPlainText() and "终。" in pane.input.toPlainText()
    summarize_works(qtbot, window)


def test_right_to_left_zero_width_and_combining_text_round_trips(qtbot: object, make_app: AppFactory) -> None:
    window = make_app((TRICKY,))
    reply = chat_works(qtbot, window, TRICKY)
    assert reply == TRICKY
    chat = window.chat
    assert chat.conversation is not None
    stored = [m.content for m in chat.store.messages(chat.conversation.id)]
    assert stored == [TRICKY.strip(), TRICKY]
    assert chat.transcript.bubbles[-2].text == TRICKY.strip()
    chat.search_box.setText("\u200bwidth")
    assert chat.conversation_list.count() == 1
    summarize_works(qtbot, window)


# -- a full disk ------------------------------------------------------------------


def fill(path: Path) -> None:
    """Write to ``path`` until the filesystem is full."""
    try:
        with open(path, "ab") as filler:
            while True:
                filler.write(b"\0" * 4096)
                filler.flush()
    except OSError:
        pass


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A real, tiny filesystem (tmpfs, room for Quill's empty history and Library databases) with a file
    already in it, then filled to the last byte."""
    mount = tmp_path / "small-disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1024k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        (mount / "existing.md").write_text("The old summary.\n", encoding="utf-8")
        save_settings(Settings(max_tokens=321), mount / "settings.json")
        fill(mount / "filler")
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_saving_a_summary_to_a_full_disk_says_so_and_keeps_the_old_file(
    qtbot: object, make_app: AppFactory, full_disk: Path
) -> None:
    window = make_app(("- The mill kept turning. " * 200,))
    summarize_works(qtbot, window)
    target = full_disk / "existing.md"
    with pytest.raises(UserFacingError) as caught:
        window.summarize.save_to(target)
    message = caught.value.message
    assert message == f"Could not save to {target}: No space left on device."
    assert target.read_text(encoding="utf-8") == "The old summary.\n"
    assert sorted(p.name for p in full_disk.iterdir()) == ["existing.md", "filler", "settings.json"]
    summarize_works(qtbot, window)


def test_saving_settings_to_a_full_disk_keeps_the_old_settings(full_disk: Path) -> None:
    path = full_disk / "settings.json"
    with pytest.raises(UserFacingError) as caught:
        save_settings(Settings(max_tokens=999, system_prompt="x" * 100_000), path)
    assert "No space left on device" in caught.value.message and "\n" not in caught.value.message
    result = load_settings(path)
    assert result.warnings == [] and result.settings.max_tokens == 321


def test_chat_history_on_a_full_disk_says_so_and_keeps_working(
    qtbot: object, make_app: AppFactory, full_disk: Path, quill_home: Path
) -> None:
    (full_disk / "filler").unlink()
    os.environ["QUILL_HOME"] = str(full_disk / "home")  # monkeypatched by the quill_home fixture: restored after
    window = make_app(("A short reply.",))
    assert chat_works(qtbot, window, "Before the disk filled up.") == "A short reply."
    fill(full_disk / "filler")
    chat = window.chat
    failures: list[str] = []
    chat.reply_failed.connect(failures.append)
    chat.input.setPlainText("A long message " * 2000)
    chat.send()
    qtbot.waitUntil(lambda: bool(failures) or not chat.busy, timeout=20000)  # type: ignore[attr-defined]
    assert failures and "disk" in failures[-1] and "\n" not in failures[-1], failures
    assert chat.input.toPlainText().startswith("A long message"), "the unsent text stays in the box"
    (full_disk / "filler").unlink()
    assert chat_works(qtbot, window, "After freeing space.") == "A short reply."
    contents = [m.content for m in chat.store.messages(chat.conversation.id)]  # type: ignore[union-attr]
    assert contents[:2] == ["Before the disk filled up.", "A short reply."]
    assert contents[-2:] == ["After freeing space.", "A short reply."]


# -- settings and the models folder -----------------------------------------------


def test_settings_of_the_wrong_types_fall_back_with_a_message(
    qtbot: object, make_app: AppFactory, quill_home: Path
) -> None:
    path = quill_home / "config" / "settings.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(
            {
                "version": 1,
                "temperature": "hot",
                "n_ctx": [4096],
                "max_tokens": True,
                "theme": 5,
                "ui_language": None,
                "seed": "7",
                "extra": [],
                "system_prompt": {"a": 1},
            }
        ),
        encoding="utf-8",
    )
    window = make_app(("Fine.",))
    message = window.statusBar().currentMessage()
    assert message.startswith("Setting '") and "\n" not in message
    assert chat_works(qtbot, window) == "Fine."


@pytest.mark.model
def test_a_models_folder_that_is_read_only_or_removed_does_not_stop_quill(
    qtbot: object, make_app: AppFactory, quill_home: Path
) -> None:
    from assistant.core.engine.choice import choose_model
    from tests.helpers.tiny_gguf import write_tiny_llama

    models = quill_home / "models"
    models.mkdir(parents=True)
    tiny = write_tiny_llama(models / "tiny.gguf")
    save_settings(Settings(model_path=str(tiny), n_ctx=512, max_tokens=4), quill_home / "config" / "settings.json")
    models.chmod(0o500)  # read-only while Quill starts and loads from it
    try:
        window = make_app(real=True)
        assert window.engine.model_info is not None and window.engine.model_info.path == tiny
        chat_works(qtbot, window)
    finally:
        models.chmod(0o700)
    tiny.unlink()
    models.rmdir()  # removed while Quill runs: the model in memory keeps working
    failures: list[object] = []
    window.engine.model_failed.connect(failures.append)
    window.engine.load(choose_model(Settings(n_ctx=512), str(tiny)))
    qtbot.waitUntil(lambda: bool(failures), timeout=20000)  # type: ignore[attr-defined]
    assert isinstance(failures[0], UserFacingError)
    assert failures[0].message == f"Cannot use model {tiny}: the file does not exist."
    assert window.engine.model_info is not None and window.engine.model_info.path == tiny
    chat_works(qtbot, window, "And now?")
    assert window.chat.transcript.bubbles[-1].status == "complete"
