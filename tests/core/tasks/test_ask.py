"""Ask the Library with the real starter model: cited sources first, then the answer; nothing found, nothing said."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.core.backends.base import Backend
from assistant.core.cancel import CancelToken
from assistant.core.documents.readers import load_document
from assistant.core.library.indexer import run_index
from assistant.core.library.store import LibraryStore
from assistant.core.tasks.ask import (
    NothingFound,
    SourcesFound,
    WholeDocument,
    ask_task,
    section_of,
    whole_document_intent,
)
from assistant.core.types import (
    Event,
    Finished,
    GenerationParams,
    Message,
    SummaryPlanned,
    TextDelta,
    TranslationPlanned,
)

DATA = Path("/work/shared/data")
PARAMS = GenerationParams(max_tokens=48, temperature=0.0, seed=1)


@pytest.fixture
def library(tmp_path: Path, quill_home: Path) -> Path:
    from assistant.core.paths import quill_paths

    folder = tmp_path / "articles"
    folder.mkdir()
    for source in DATA.glob("*.md"):
        shutil.copy(source, folder / source.name)
    db = quill_paths().library_db
    store = LibraryStore(db)
    store.add("articles", [folder])
    store.close()
    assert list(run_index(db, "articles", None, CancelToken()))[-1] == Finished("stop")
    return db


def _ask(backend: Backend, db: Path, question: str, **kwargs: object) -> list[Event]:
    options: dict[str, object] = {"collections": None, "documents": None, "embedder_path": None, "params": PARAMS}
    options.update(kwargs)
    history = options.pop("history", [])
    task = ask_task(question, history, store_path=db, **options)  # type: ignore[arg-type]
    return list(task(backend, CancelToken()))


def test_a_chinese_question_cites_the_section_that_answers_it(starter_backend: Backend, library: Path) -> None:
    events = _ask(starter_backend, library, "LLM面临哪些挑战？")
    assert isinstance(events[0], SourcesFound)
    sources = events[0].passages
    assert any(p.path.name == "zh-article-llm-overview.md" and "8.3 面临的挑战" in p.heading_path for p in sources)
    assert "".join(e.text for e in events if isinstance(e, TextDelta)).strip()
    assert isinstance(events[-1], Finished)


def test_sources_fit_the_context_with_room_for_the_reply_and_history(starter_backend: Backend, library: Path) -> None:
    history = [Message("user", "你好，" * 200), Message("assistant", "你好！" * 200)]
    events = _ask(starter_backend, library, "自注意力机制是什么？", history=history)
    found = events[0]
    assert isinstance(found, SourcesFound) and found.passages
    finished = events[-1]
    assert isinstance(finished, Finished)
    info = starter_backend.info
    assert info is not None
    assert finished.stats.prompt_tokens + PARAMS.max_tokens <= info.n_ctx


def test_nothing_relevant_means_no_answer(starter_backend: Backend, library: Path) -> None:
    for question in ("今天北京的天气怎么样？", "What is the boiling point of liquid nitrogen?"):
        events = _ask(starter_backend, library, question)
        assert isinstance(events[0], NothingFound) and events[0].query == question
        assert not [e for e in events if isinstance(e, TextDelta)]
        assert events[0].text("zh") == "资料库中没有能回答这个问题的内容。"


def test_restricting_to_a_collection_that_lacks_the_answer_finds_nothing(
    starter_backend: Backend, library: Path, tmp_path: Path
) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "garden.md").write_text("# Garden\n\nTomatoes need sun and water.\n", encoding="utf-8")
    store = LibraryStore(library)
    store.add("garden", [notes])
    store.close()
    list(run_index(library, "garden", None, CancelToken()))
    events = _ask(starter_backend, library, "LLM面临哪些挑战？", collections=["garden"])
    assert isinstance(events[0], NothingFound)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Summarize this", WholeDocument("summarize")),
        ("please summarise the document", WholeDocument("summarize")),
        ("Give me a summary", WholeDocument("summarize")),
        ("总结这篇", WholeDocument("summarize")),
        ("请概括一下全文", WholeDocument("summarize")),
        ("这篇文章的摘要", WholeDocument("summarize")),
        ("translate chapter 2", WholeDocument("translate", 2)),
        ("Translate section three into English", WholeDocument("translate", 3, "en")),
        ("翻译第二章", WholeDocument("translate", 2)),
        ("请翻译第12节成英文", WholeDocument("translate", 12, "en")),
        ("把第二章翻译成中文", None),  # not at the start: we do not guess; it becomes a search
        ("What does the summary section say about challenges?", None),
        ("LLM面临哪些挑战？", None),
        ("机器翻译是什么？", None),
    ],
)
def test_whole_document_intent(question: str, expected: WholeDocument | None) -> None:
    assert whole_document_intent(question) == expected


def test_section_of_takes_the_nth_top_level_section() -> None:
    document = load_document(DATA / "zh-article-llm-overview.md")
    second = section_of(document, 2)
    assert second is not None and second.blocks[0].text == "2. 核心概念与联系"
    assert [b.text for b in second.blocks if b.kind == "heading"] == [
        "2. 核心概念与联系",
        "2.1 核心概念",
        "2.2 核心概念联系",
    ]
    assert section_of(document, 99) is None


def _first(backend: Backend, db: Path, question: str, documents: list[int]) -> list[Event]:
    """The events up to the whole-document task's plan (what it will do), then stop: running it is its own test's."""
    task = ask_task(
        question, [], store_path=db, collections=None, documents=documents, embedder_path=None, params=PARAMS
    )
    seen: list[Event] = []
    events = task(backend, CancelToken())
    for event in events:
        seen.append(event)
        if isinstance(event, SummaryPlanned | TranslationPlanned | SourcesFound | NothingFound):
            break
    events.close()  # type: ignore[attr-defined]
    return seen


def test_summarize_this_goes_to_the_summarize_task(starter_backend: Backend, library: Path) -> None:
    store = LibraryStore(library)
    doc = next(iter(store.documents(store.collection("articles").id).values()))  # type: ignore[union-attr]
    store.close()
    events = _first(starter_backend, library, "总结这篇", [doc.id])
    assert isinstance(events[-1], SummaryPlanned)
    assert not [e for e in events if isinstance(e, SourcesFound | NothingFound)]


def test_translate_chapter_goes_to_the_translate_task(starter_backend: Backend, library: Path) -> None:
    store = LibraryStore(library)
    docs = store.documents(store.collection("articles").id)  # type: ignore[union-attr]
    overview = next(d for p, d in docs.items() if p.name == "zh-article-llm-overview.md")
    store.close()
    events = _first(starter_backend, library, "translate chapter 2", [overview.id])
    planned = events[-1]
    assert isinstance(planned, TranslationPlanned)
    assert planned.units <= 8  # the section, not the whole article
    assert planned.target == "English"
