"""Asking the Library in Chat: a conversation given a collection answers with [n] links to its sources."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices

from assistant.core.stores.history import ConversationSources
from assistant.ui.main_window import MainWindow
from assistant.ui.widgets.citations import short_location
from tests.ui.conftest import AppFactory
from tests.ui.test_library_pane import ARTICLES, ENGLISH, click_first_link, documents_folder, index

pytestmark = pytest.mark.skipif(
    not ARTICLES or not ENGLISH.exists(), reason="../shared/data and ../shared/docs are not beside this checkout"
)

ANSWER = "自注意力机制让模型在处理每个词时关注输入序列中的其他词 [1]。"


def ask(qtbot, window: MainWindow, question: str) -> None:  # noqa: ANN001
    chat = window.chat
    window.navigation.setCurrentRow(window.stack.indexOf(chat))
    chat.input.setPlainText(question)
    with qtbot.waitSignal(chat.reply_finished, timeout=30000):
        chat.send()


def indexed_app(qtbot, make_app: AppFactory, tmp_path, replies: tuple[str, ...]) -> MainWindow:  # noqa: ANN001
    window = make_app(replies)
    index(qtbot, window.library, [documents_folder(tmp_path)])
    return window


class Opened(QObject):
    """Takes the file URLs QDesktopServices would hand to the desktop (a real Qt URL handler)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_a_cited_answer_links_its_sources_and_opens_the_passage(qtbot, make_app: AppFactory, tmp_path) -> None:  # noqa: ANN001
    window = indexed_app(qtbot, make_app, tmp_path, (ANSWER,))
    chat = window.chat
    chat.new_conversation()
    chat.set_sources(ConversationSources(("papers",)))
    assert "papers" in chat.sources_label.text() and chat.sources_label.isVisible()

    ask(qtbot, window, "什么是自注意力机制？")
    bubble = chat.transcript.bubbles[-1]
    assert bubble.text == ANSWER
    html = bubble.body.toHtml()
    assert 'href="quill-cite:1"' in html
    assert "Sources" in bubble.body.toPlainText()
    assert not chat.nothing_label.isVisible()
    assert not chat.passage_panel.isVisible()

    with qtbot.waitSignal(chat.passage_panel.shown, timeout=5000) as shown:
        click_first_link(qtbot, bubble.body)
    passage = shown.args[0]
    assert passage.path.name.startswith("zh-article-")
    assert chat.passage_panel.isVisible()
    panel_text = chat.passage_panel.text.toPlainText()
    assert " ".join(passage.text.split())[:40] in " ".join(panel_text.split())
    assert len(panel_text) > len(passage.text)  # the passage is shown within its document
    assert short_location(passage) in chat.passage_panel.location_label.text()

    opened = Opened()
    QDesktopServices.setUrlHandler("file", opened, "open")
    try:
        chat.passage_panel.open_button.click()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [u.toLocalFile() for u in opened.urls] == [str(passage.path)]

    # Stored with the reply: reopening the conversation shows the same links.
    conversation_id = chat.conversation.id  # type: ignore[union-attr]
    assert chat.store.sources(conversation_id).collections == ("papers",)
    chat.new_conversation()
    chat.open_conversation(conversation_id)
    assert 'href="quill-cite:1"' in chat.transcript.bubbles[-1].body.toHtml()


def test_an_irrelevant_question_says_nothing_was_found(qtbot, make_app: AppFactory, tmp_path) -> None:  # noqa: ANN001
    window = indexed_app(qtbot, make_app, tmp_path, ("This reply must not be written.",))
    chat = window.chat
    chat.new_conversation()
    chat.set_sources(ConversationSources(("papers",)))
    with qtbot.waitSignal(chat.nothing_found, timeout=30000):
        ask(qtbot, window, "Which xylophone quartz marmalade wins?")
    assert chat.nothing_label.isVisible()
    bubble = chat.transcript.bubbles[-1]
    assert "This reply" not in bubble.text
    assert "nothing relevant" in bubble.text
    assert "quill-cite" not in bubble.body.toHtml()


def test_a_plain_conversation_does_not_ask_the_library(qtbot, make_app: AppFactory, tmp_path) -> None:  # noqa: ANN001
    window = indexed_app(qtbot, make_app, tmp_path, ("Plain answer [1].",))
    chat = window.chat
    chat.new_conversation()
    ask(qtbot, window, "什么是自注意力机制？")
    assert chat.transcript.bubbles[-1].text == "Plain answer [1]."
    assert "quill-cite" not in chat.transcript.bubbles[-1].body.toHtml()
    assert not chat.sources_label.isVisible()


def test_the_sources_menu_lists_collections(qtbot, make_app: AppFactory, tmp_path) -> None:  # noqa: ANN001
    window = indexed_app(qtbot, make_app, tmp_path, ("ok",))
    chat = window.chat
    chat.new_conversation()
    chat.sources_menu.aboutToShow.emit()
    [papers] = [a for a in chat.sources_menu.actions() if a.isCheckable()]
    assert papers.text().startswith("papers")
    papers.setChecked(True)
    assert chat.sources().collections == ("papers",)
    papers.setChecked(False)
    assert not chat.sources()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_chat_source_controls_have_accessible_names(make_app: AppFactory, language: str) -> None:
    window = make_app(argv=["--lang", language])
    chat = window.chat
    panel = chat.passage_panel
    for widget in (chat.sources_button, panel, panel.open_button, panel.close_button, panel.text):
        assert widget.accessibleName(), widget.objectName()
    if language == "zh_CN":
        assert chat.sources_button.text() == "资料库"
        assert panel.open_button.text() == "打开文件"


def test_chat_answers_while_the_library_indexes(qtbot, make_app: AppFactory, tmp_path) -> None:  # noqa: ANN001
    from tests.ui.test_library_pane import many_documents

    window = make_app(("Still here.",))
    pane = window.library
    with qtbot.waitSignal(pane.progress_changed, timeout=30000):
        pane.add_paths([many_documents(tmp_path, 48)])
    ask(qtbot, window, "Are you there?")
    assert window.chat.transcript.bubbles[-1].text == "Still here."
    assert pane.state == "indexing"  # the reply did not wait for the indexer
    with qtbot.waitSignal(pane.indexing_finished, timeout=120000) as finished:
        pass
    assert finished.args[0].reason == "stop"
    assert pane.collections.topLevelItem(0).text(1) == "48"  # type: ignore[union-attr]


def test_an_answer_that_cites_nothing_lists_what_it_was_given(qtbot, make_app: AppFactory, tmp_path) -> None:  # noqa: ANN001
    window = indexed_app(qtbot, make_app, tmp_path, ("Self-attention weighs every word against the others.",))
    chat = window.chat
    chat.new_conversation()
    chat.set_sources(ConversationSources(("papers",)))
    ask(qtbot, window, "什么是自注意力机制？")
    shown = chat.transcript.bubbles[-1].body.toPlainText()
    assert "the answer cites none of them" in shown
    assert shown.count("[") == len(chat.last_sources) > 1  # every source it was given, each a link


def test_single_documents_as_sources(qtbot, make_app: AppFactory, tmp_path) -> None:  # noqa: ANN001
    from PySide6.QtCore import Qt

    from assistant.ui.panes.library import DocumentPicker

    window = indexed_app(qtbot, make_app, tmp_path, ("它的核心是自注意力机制 [1]。",))
    chat = window.chat
    chat.new_conversation()
    picker = DocumentPicker(window.library.store, (), chat)
    papers = picker.tree.topLevelItem(0)
    assert papers is not None and papers.childCount() == 3
    overview = next(papers.child(i) for i in range(3) if papers.child(i).text(0) == "zh-article-llm-overview")  # type: ignore[union-attr]
    overview.setCheckState(0, Qt.CheckState.Checked)  # type: ignore[union-attr]
    chosen = picker.chosen()
    assert [title for _id, title in chosen] == ["zh-article-llm-overview"]
    chat.set_sources(ConversationSources((), chosen))
    assert "zh-article-llm-overview" in chat.sources_label.text()
    ask(qtbot, window, "什么是自注意力机制？")
    assert chat.last_sources and {p.path.name for p in chat.last_sources} == {"zh-article-llm-overview.md"}
