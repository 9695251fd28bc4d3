"""Ask the Library: find the passages that answer a question, then answer from them, citing [n].

Retrieval (core/library/search.py) keeps only passages that answer to the question; with none,
the task says NothingFound and generates nothing, rather than answering from nowhere. The
passages go into the last user message as numbered sources, within a token budget: room for
the reply (chat's ``reply_reserve``) and for the history (at most a quarter of what is left;
``fit_conversation`` drops the oldest turns beyond that) is kept first, and sources take at most
MAX_SOURCE_TOKENS. The system prompt stays
the same between questions, so llama.cpp reuses its KV cache.

A question about a whole document ("summarize this", "translate chapter 2", "总结这篇",
"翻译第二章") is not a search: it goes to the summarize or translate task on that document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from assistant.core.backends.base import Backend
from assistant.core.cancel import CancelToken
from assistant.core.documents.readers import Block, Document, from_markdown
from assistant.core.engine.handles import Task
from assistant.core.errors import GenerationError
from assistant.core.i18n import msg, translate
from assistant.core.language import detect_language
from assistant.core.library.embedding import Embedder
from assistant.core.library.indexer import open_embedder
from assistant.core.library.search import relevant_passages
from assistant.core.library.store import LibraryStore, Passage
from assistant.core.tasks.answer import complete
from assistant.core.tasks.chat import fit_conversation, reply_reserve
from assistant.core.types import Event, Finished, GenerationParams, Message, Notice, Planned

ASK_SYSTEM = (
    "You answer questions from the user's own documents. Use only the numbered sources given with the "
    "question, and cite each fact with its source number in square brackets, like [1] or [2][3]. If the "
    "sources do not contain the answer, say that they do not. Answer in the language of the question."
)
MARGIN = 16  # tokens kept free for the template's own tokens between the pieces
MIN_SOURCE_TOKENS = 48  # a source cut shorter than this is left out
RETRIEVE = 8
# At most this many tokens of sources, however large the context: on a CPU every prompt token costs
# time before the first word of the answer (~6 s per 1,000 tokens for a 135M model on 2 cores), and
# the best few passages carry the answer; more mostly dilute a small model's attention.
MAX_SOURCE_TOKENS = 1200


@dataclass(frozen=True)
class SourcesFound(Planned):
    """Sent before the answer's text: the passages it may cite, numbered [1]..[n] in this order."""

    passages: tuple[Passage, ...]


@dataclass(frozen=True)
class NothingFound(Planned):
    """Nothing in the library answers ``query``; no answer was generated."""

    query: str

    def text(self, language: str = "en") -> str:
        return translate(msg("Nothing in the library answers this question."), language)


# ----- whole-document questions ---------------------------------------------------------

Action = Literal["summarize", "translate"]


@dataclass(frozen=True)
class WholeDocument:
    """A question about a whole document (or one chapter of it), not a search."""

    action: Action
    section: int | None = None  # "chapter 2" / "第二章": the 2nd top-level section
    target: str | None = None  # translate: the language asked for, as a code


_EN_SUMMARIZE = re.compile(
    r"^\s*(?:please\s+|can you\s+|could you\s+)?(?:summari[sz]e|sum up|give (?:me )?(?:a |an )?(?:summary|overview)|tl;?dr)\b",
    re.IGNORECASE,
)
_ZH_SUMMARIZE = re.compile(
    r"^\s*(?:请|帮我|麻烦)?\s*(?:总结|概括|归纳|摘要)|(?:这篇|全文|本文|文章|文档|这份).{0,6}(?:总结|概括|摘要)"
)
_EN_TRANSLATE = re.compile(r"^\s*(?:please\s+|can you\s+|could you\s+)?translate\b", re.IGNORECASE)
_ZH_TRANSLATE = re.compile(r"^\s*(?:请|帮我|麻烦)?\s*(?:翻译|译成|翻成)")
_EN_SECTION = re.compile(r"\b(?:chapter|section|part)\s+(\d+|one|two|three|four|five|six|seven|eight|nine|ten)\b", re.I)
_ZH_SECTION = re.compile(r"第\s*([0-9一二三四五六七八九十两]+)\s*[章节部分篇]")
_EN_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_ZH_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_TARGETS = (
    (re.compile(r"\b(?:into|to|in)\s+english\b|[成为到]\s*(?:英文|英语)", re.I), "en"),
    (re.compile(r"\b(?:into|to|in)\s+chinese\b|[成为到]\s*(?:中文|汉语|简体中文)", re.I), "zh"),
    (re.compile(r"\b(?:into|to|in)\s+french\b|[成为到]\s*(?:法文|法语)", re.I), "fr"),
    (re.compile(r"\b(?:into|to|in)\s+german\b|[成为到]\s*(?:德文|德语)", re.I), "de"),
    (re.compile(r"\b(?:into|to|in)\s+japanese\b|[成为到]\s*(?:日文|日语)", re.I), "ja"),
    (re.compile(r"\b(?:into|to|in)\s+spanish\b|[成为到]\s*(?:西班牙文|西班牙语)", re.I), "es"),
)


def _zh_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_ZH_DIGITS.get(tens, 1) if tens else 1) * 10 + (_ZH_DIGITS.get(ones, 0) if ones else 0)
    return _ZH_DIGITS.get(text, 0)


def whole_document_intent(question: str) -> WholeDocument | None:
    """The whole-document action a question asks for, or None for a question to search the library with."""
    if _EN_TRANSLATE.search(question) or _ZH_TRANSLATE.search(question):
        action: Action = "translate"
    elif _EN_SUMMARIZE.search(question) or _ZH_SUMMARIZE.search(question):
        action = "summarize"
    else:
        return None
    section: int | None = None
    if match := _EN_SECTION.search(question):
        word = match.group(1).lower()
        section = int(word) if word.isdigit() else _EN_NUMBERS[word]
    elif match := _ZH_SECTION.search(question):
        section = _zh_number(match.group(1)) or None
    target = next((code for pattern, code in _TARGETS if pattern.search(question)), None)
    return WholeDocument(action, section, target)


def section_of(document: Document, number: int) -> Document | None:
    """The ``number``-th (from 1) section at the document's top heading level, with its subsections."""
    levels = [b.level for b in document.blocks if b.kind == "heading"]
    if not levels:
        return None
    top = min(levels)
    starts = [i for i, b in enumerate(document.blocks) if b.kind == "heading" and b.level == top]
    if not 1 <= number <= len(starts):
        return None
    begin = starts[number - 1]
    end = starts[number] if number < len(starts) else len(document.blocks)
    blocks: list[Block] = document.blocks[begin:end]
    return Document(blocks, title=blocks[0].text, source=document.source)


def _single_document(
    store: LibraryStore, collections: Sequence[str] | None, documents: Sequence[int] | None
) -> int | None:
    """The one document a whole-document question can be about: the one given, or a scope that holds one."""
    if documents is not None:
        return documents[0] if len(documents) == 1 else None
    where, args = "d.status='ready'", []
    if collections is not None:
        where += (
            f" AND d.collection_id IN (SELECT id FROM collections WHERE name IN ({','.join('?' * len(collections))}))"
        )
        args = list(collections)
    rows = store.query(f"SELECT d.id FROM documents d WHERE {where} LIMIT 2", args)
    return int(rows[0]["id"]) if len(rows) == 1 else None


def _whole_document(
    backend: Backend, intent: WholeDocument, document: Document, question: str, cancel: CancelToken
) -> Iterator[Event]:
    if intent.section is not None:
        part = section_of(document, intent.section)
        if part is None:
            yield Notice(msg("The document has no section {section}; working on all of it.", section=intent.section))
        else:
            document = part
    if intent.action == "summarize":
        from assistant.core.tasks.summarize import SummaryOptions, summarize

        language = (
            "same"
            if detect_language(question) == detect_language(document.to_markdown())
            else detect_language(question)
        )
        yield from summarize(backend, document, SummaryOptions(language=language), cancel)
        return
    from assistant.core.tasks.translate import TranslateOptions, translate

    text = document.to_markdown()
    source = detect_language(text)
    target = intent.target
    if target is None:
        asked = detect_language(question)
        target = asked if asked != source else ("en" if source == "zh" else "zh")
    yield from translate(backend, text, TranslateOptions(target=target), cancel)


# ----- retrieval and the prompt -------------------------------------------------------


def source_block(number: int, passage: Passage, text: str | None = None) -> str:
    """One numbered source as the model reads it."""
    where = f"{passage.title}, {passage.location}" if passage.location else passage.title
    return f"[{number}] ({where})\n{(passage.text if text is None else text).strip()}"


def ask_prompt(question: str, sources: Sequence[str]) -> str:
    return "Sources:\n\n" + "\n\n".join(sources) + f"\n\nQuestion: {question.strip()}"


def fit_sources(backend: Backend, passages: Sequence[Passage], budget: int) -> tuple[list[Passage], list[str]]:
    """Passages, in rank order, whose numbered blocks fit ``budget`` tokens; the first is cut to fit if need be."""
    kept: list[Passage] = []
    blocks: list[str] = []
    used = 0
    for passage in passages:
        block = source_block(len(kept) + 1, passage)
        cost = backend.count_tokens(block) + 2
        if used + cost > budget:
            if kept:
                continue  # a shorter passage further down may still fit
            room = budget - used
            if room < MIN_SOURCE_TOKENS:
                break
            text = passage.text
            while text and backend.count_tokens(source_block(1, passage, text)) + 2 > room:
                text = text[: int(len(text) * 0.8)]
            if not text:
                break
            block, cost = source_block(1, passage, text), backend.count_tokens(source_block(1, passage, text)) + 2
        kept.append(passage)
        blocks.append(block)
        used += cost
    return kept, blocks


def ask_task(
    question: str,
    history: Sequence[Message],
    *,
    store_path: Path,
    collections: Sequence[str] | None,
    documents: Sequence[int] | None,
    embedder_path: Path | None,
    params: GenerationParams,
) -> Task:
    """Answer ``question`` from the library (or run a whole-document action); see the module docstring."""

    def task(backend: Backend, cancel: CancelToken) -> Iterator[Event]:
        info = backend.info
        if info is None:
            raise GenerationError(msg("No model is loaded."))
        store = LibraryStore(store_path)
        try:
            intent = whole_document_intent(question)
            if intent is not None:
                document_id = _single_document(store, collections, documents)
                if document_id is not None:
                    document = from_markdown(store.document_text(document_id))
                    stored = store.document(document_id)
                    document.source = stored.path if stored else None
                    yield from _whole_document(backend, intent, document, question, cancel)
                    return
            context: AbstractContextManager[Embedder | None] = (
                nullcontext(None) if embedder_path is None else open_embedder(embedder_path)
            )
            with context as embedder:
                found = relevant_passages(
                    store, question, collections=collections, documents=documents, embedder=embedder, limit=RETRIEVE
                )
        finally:
            store.close()
        if not found:
            yield NothingFound(question)
            yield Finished("stop")
            return
        n_ctx = info.n_ctx
        room = n_ctx - reply_reserve(params, n_ctx) - MARGIN
        bare = backend.count_tokens(
            backend.render([Message("system", ASK_SYSTEM), Message("user", ask_prompt(question, []))])
        )
        past = list(history)
        history_tokens = backend.count_tokens(backend.render(past)) if past else 0
        budget = min(MAX_SOURCE_TOKENS, room - bare - min(history_tokens, max(0, room - bare) // 4))
        passages, blocks = fit_sources(backend, found, budget)
        if not passages:
            raise GenerationError(msg("The question is too long to answer with sources in this model's context."))
        conversation = [Message("system", ASK_SYSTEM), *past, Message("user", ask_prompt(question, blocks))]
        fitted = fit_conversation(backend, conversation, n_ctx, reply_reserve(params, n_ctx))
        yield SourcesFound(tuple(passages))
        answer = yield from complete(backend, fitted.messages, params, cancel)
        yield Finished(answer.reason, answer.stats)

    return task
