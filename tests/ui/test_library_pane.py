"""The Library pane in the real app: add a folder of real documents, index it, search it, pause and resume."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QWidget

from assistant.core.library.indexer import IndexProgress
from assistant.core.library.store import LibraryStore
from assistant.ui.main_window import MainWindow
from assistant.ui.panes.library import LibraryPane
from assistant.ui.widgets.citations import HIGHLIGHT_STYLE, short_location
from tests.ui.conftest import AppFactory

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
ARTICLES = sorted((SHARED / "data").glob("zh-article-*.md"))
ENGLISH = SHARED / "docs" / "ARCHITECTURE.md"

pytestmark = pytest.mark.skipif(
    not ARTICLES or not ENGLISH.exists(), reason="../shared/data and ../shared/docs are not beside this checkout"
)


def documents_folder(tmp_path: Path) -> Path:
    """Two Chinese articles and one English document, as they are."""
    folder = tmp_path / "papers"
    folder.mkdir()
    for source in [*ARTICLES, ENGLISH]:
        shutil.copy(source, folder / source.name)
    return folder


def many_documents(tmp_path: Path, copies: int) -> Path:
    """Enough different files that a pause lands between two of them: each article under a numbered heading."""
    folder = tmp_path / "many"
    folder.mkdir()
    texts = [a.read_text(encoding="utf-8") for a in [*ARTICLES, ENGLISH]]
    for i in range(copies):
        (folder / f"part-{i:02d}.md").write_text(f"# Copy {i}\n\n" + texts[i % len(texts)], encoding="utf-8")
    return folder


def library(window: MainWindow) -> LibraryPane:
    window.navigation.setCurrentRow(window.stack.indexOf(window.library))
    return window.library


def index(qtbot, pane: LibraryPane, paths: list[Path], timeout: int = 60000) -> str:  # noqa: ANN001
    with qtbot.waitSignal(pane.indexing_finished, timeout=timeout) as finished:
        name = pane.add_paths(paths)
    assert finished.args[0].reason == "stop"
    assert name is not None
    return name


def test_empty_library_says_what_to_do(make_app: AppFactory) -> None:
    pane = library(make_app())
    assert pane.list_stack.currentWidget() is pane.empty_label
    assert "Drop files or folders here" in pane.empty_label.text()
    assert not pane.remove_button.isEnabled() and not pane.pause_button.isEnabled()


def test_adding_a_folder_indexes_it_with_determinate_progress(qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    pane = library(make_app())
    folder = documents_folder(tmp_path)
    shown: list[IndexProgress] = []
    pane.progress_changed.connect(shown.append)
    name = index(qtbot, pane, [folder])
    assert name == "papers"
    assert shown and all(p.files_total == 3 for p in shown)
    assert shown[-1].files_done == 3
    assert pane.progress.value() == pane.progress.maximum()
    assert pane.state == "idle" and not pane.pause_button.isEnabled()
    assert pane.list_stack.currentWidget() is pane.collections
    row = pane.collections.topLevelItem(0)
    stored = LibraryStore(pane.store_path)
    try:
        collection = stored.collection("papers")
        assert collection is not None and collection.documents == 3 and collection.chunks > 10
    finally:
        stored.close()
    assert [row.text(i) for i in range(4)] == ["papers", "3", str(collection.chunks), "Keywords only"]
    assert pane.problems.count() == 0
    assert "3 documents" in pane.status.text()


def test_search_finds_english_and_chinese_phrases_and_opens_the_passage(
    qtbot, make_app: AppFactory, tmp_path: Path
) -> None:
    pane = library(make_app())
    index(qtbot, pane, [documents_folder(tmp_path)])

    with qtbot.waitSignal(pane.searched, timeout=10000) as found:
        pane.search_box.setText("owner thread")
        pane.run_search()
    results = found.args[0]
    assert results and results[0].path.name == "ARCHITECTURE.md"
    assert "owner thread" in results[0].text.lower()
    html = pane.results_view.toHtml()
    assert results[0].title in pane.results_view.toPlainText()
    assert HIGHLIGHT_STYLE.split(";")[0].split(": ")[1] in html  # the matched words are marked

    with qtbot.waitSignal(pane.searched, timeout=10000) as found:
        pane.search_box.setText("自注意力机制")
        pane.run_search()
    results = found.args[0]
    assert results and all(r.path.name.startswith("zh-article-") for r in results[:3])
    assert "自注意力机制" in results[0].text
    assert "自注意力机制" in pane.results_view.toPlainText()

    # A click on the first result's title shows the passage in its document.
    with qtbot.waitSignal(pane.passage_panel.shown, timeout=5000) as shown:
        click_first_link(qtbot, pane.results_view)
    assert shown.args[0] == results[0]
    assert pane.passage_panel.isVisible()
    assert "自注意力机制" in pane.passage_panel.text.toPlainText()
    assert short_location(results[0]) in pane.passage_panel.location_label.text()


def click_first_link(qtbot, browser) -> None:  # noqa: ANN001
    """Click the first link of a QTextBrowser where it is drawn."""
    from PySide6.QtGui import QTextCursor

    document = browser.document()
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.charFormat().isAnchor() and fragment.charFormat().anchorHref():
                cursor = QTextCursor(document)
                cursor.setPosition(fragment.position() + 1)
                point = browser.cursorRect(cursor).center()
                qtbot.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton, pos=point)
                return
            iterator += 1
        block = block.next()
    raise AssertionError("no link in the browser")


def test_nothing_found_says_so(qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    pane = library(make_app())
    index(qtbot, pane, [documents_folder(tmp_path)])
    with qtbot.waitSignal(pane.searched, timeout=10000) as found:
        pane.search_box.setText("xylophonequartz")
        pane.run_search()
    assert found.args[0] == []
    assert "Nothing in the library matches" in pane.results_view.toPlainText()


def test_pause_then_resume_carries_on_where_it_stopped(qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    pane = library(make_app())
    folder = many_documents(tmp_path, 24)
    first: list[IndexProgress] = []

    def pause_at_first(progress: IndexProgress) -> None:
        if not first:
            first.append(progress)
            pane.pause()

    pane.progress_changed.connect(pause_at_first)
    with qtbot.waitSignal(pane.indexing_finished, timeout=60000) as paused:
        pane.add_paths([folder])
    pane.progress_changed.disconnect(pause_at_first)
    assert paused.args[0].reason == "cancelled"
    assert pane.state == "paused"
    assert pane.pause_button.text() == "Resume" and pane.pause_button.isEnabled()
    assert pane.progress.format() == "Paused"
    partial = int(pane.collections.topLevelItem(0).text(1))
    assert partial < 24

    resumed: list[IndexProgress] = []
    pane.progress_changed.connect(resumed.append)
    with qtbot.waitSignal(pane.indexing_finished, timeout=60000) as done:
        qtbot.mouseClick(pane.pause_button, Qt.MouseButton.LeftButton)
    assert done.args[0].reason == "stop"
    assert resumed[0].files_total == 24 - partial  # only what was left, not everything again
    assert pane.collections.topLevelItem(0).text(1) == "24"
    assert pane.state == "idle" and pane.pause_button.text() == "Pause"


def test_cancel_keeps_what_was_indexed(qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    pane = library(make_app())
    folder = many_documents(tmp_path, 24)
    pane.progress_changed.connect(lambda _p: pane.cancel())
    with qtbot.waitSignal(pane.indexing_finished, timeout=60000) as cancelled:
        pane.add_paths([folder])
    assert cancelled.args[0].reason == "cancelled"
    assert pane.state == "idle" and not pane.cancel_button.isEnabled()
    assert "kept" in pane.status.text()


def test_dropping_files_and_folders_adds_them(qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    pane = library(make_app())
    folder = documents_folder(tmp_path)
    lone = tmp_path / "note.md"
    lone.write_text("# A note\n\nThe lighthouse keeper counts the ships.\n", encoding="utf-8")
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(folder)), QUrl.fromLocalFile(str(lone))])
    event = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)  # fmt: skip
    with qtbot.waitSignal(pane.indexing_finished, timeout=60000):
        pane.dropEvent(event)
    names = sorted(pane.collections.topLevelItem(i).text(0) for i in range(pane.collections.topLevelItemCount()))
    assert names == ["papers"]  # the lone file joined the collection the folder made
    assert pane.collections.topLevelItem(0).text(1) == "4"


def test_problems_are_one_line_each_and_indexing_goes_on(qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    pane = library(make_app())
    folder = documents_folder(tmp_path)
    (folder / "junk.md").write_bytes(bytes(range(256)) * 64)
    index(qtbot, pane, [folder])
    assert pane.problems.count() == 1
    line = pane.problems.item(0).text()
    assert line.startswith("junk.md: ") and "\n" not in line
    assert pane.collections.topLevelItem(0).text(1) == "3"


def test_remove_and_watch(qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    pane = library(make_app())
    index(qtbot, pane, [documents_folder(tmp_path)])
    assert pane.watch_box.isEnabled() and not pane.watch_box.isChecked()
    pane.watch_box.setChecked(True)
    assert pane.store.collection("papers").watch  # type: ignore[union-attr]
    pane.remove_collection("papers")
    assert pane.store.collections() == []
    assert pane.list_stack.currentWidget() is pane.empty_label


def test_a_watched_folder_is_indexed_again_when_its_files_change(qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    pane = library(make_app())
    folder = documents_folder(tmp_path)
    index(qtbot, pane, [folder])
    pane.watch_box.setChecked(True)
    assert str(folder) in pane.folder_watch.watched
    with qtbot.waitSignal(pane.indexing_finished, timeout=60000):
        (folder / "notes").mkdir()
        (folder / "notes" / "tea.md").write_text("# Tea\n\nOolong grows in the hills of Fujian.", encoding="utf-8")
    assert pane.store.collection("papers").documents == 4  # type: ignore[union-attr]
    assert str(folder / "notes") in pane.folder_watch.watched  # a new subfolder is watched from then on
    with qtbot.waitSignal(pane.indexing_finished, timeout=60000):
        (folder / ENGLISH.name).unlink()
    assert pane.store.collection("papers").documents == 3  # type: ignore[union-attr]
    pane.watch_box.setChecked(False)
    assert pane.folder_watch.watched == []


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_every_control_has_an_accessible_name(make_app: AppFactory, language: str) -> None:
    window = make_app(argv=["--lang", language])
    pane = library(window)
    controls = [
        w
        for w in pane.findChildren(QWidget)
        if isinstance(w, QAbstractButton | QLineEdit) and not isinstance(w.parent(), QLineEdit)  # not its clear button
    ]
    controls += [pane.collections, pane.problems, pane.results_view, pane.progress, pane.passage_panel.text]
    missing = [w.objectName() or type(w).__name__ for w in controls if not w.accessibleName()]
    assert missing == []
    if language == "zh_CN":
        assert pane.add_folder_button.text() == "添加文件夹…"
        assert "拖" in pane.empty_label.text()
        assert window.navigation.item(window.stack.indexOf(pane)).text() == "资料库"


def test_with_an_embedding_model_the_collection_is_embedded(
    qtbot, make_app: AppFactory, tmp_path: Path, tiny_bert: Path
) -> None:
    from assistant.core.paths import quill_paths
    from assistant.core.settings import Settings, save_settings

    paths = quill_paths().ensure()
    save_settings(Settings(library_embedding_model=str(tiny_bert)), paths.settings_file)
    pane = library(make_app())
    assert tiny_bert.stem in pane.mode_label.text()
    index(qtbot, pane, [documents_folder(tmp_path)], timeout=120000)
    row = pane.collections.topLevelItem(0)
    assert row is not None and row.text(3) == "Embedded"
    with qtbot.waitSignal(pane.searched, timeout=30000) as found:  # keywords and vectors, fused
        pane.search_box.setText("owner thread")
        pane.run_search()
    assert any(p.path.name == "ARCHITECTURE.md" and "owner thread" in p.text.lower() for p in found.args[0])


def test_indexing_cut_short_carries_on_at_the_next_start(qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    first = make_app()
    pane = library(first)
    pane.progress_changed.connect(lambda _p: pane.pause())
    with qtbot.waitSignal(pane.indexing_finished, timeout=60000) as paused:
        pane.add_paths([many_documents(tmp_path, 24)])
    assert paused.args[0].reason == "cancelled"
    left = 24 - int(pane.collections.topLevelItem(0).text(1))  # type: ignore[union-attr]
    assert left > 0
    context = make_app.context(first)
    first.close()
    context.close()  # quit while paused: nothing more is indexed

    second = make_app(wait_loaded=False)
    again = second.library
    seen: list[IndexProgress] = []
    again.progress_changed.connect(seen.append)
    with qtbot.waitSignal(again.indexing_finished, timeout=60000) as done:
        pass  # the new window resumes by itself
    assert done.args[0].reason == "stop"
    assert seen[0].files_total == left
    assert again.collections.topLevelItem(0).text(1) == "24"  # type: ignore[union-attr]
