"""Summarize documents of any length: one pass when they fit, map-reduce when they do not.

Map: each chunk becomes dense notes that keep names, numbers and dates as
written. Reduce: notes are merged in groups that fit, level by level (with a
depth limit), until one final pass writes the summary in the asked style, and
streams it. Map results are cached by (model, chunk, prompt version,
language), so asking for another style re-runs only the final pass. Every
prompt is measured with the model's tokenizer and fits its context window.

Map steps are independent of each other, and so are the merges of one reduce
level: a backend that answers several requests at once
(:func:`~assistant.core.backends.base.parallel_width`) gets that many of them
together (:mod:`assistant.core.tasks.parallel`); their notes are used, cached
and reported in order, so the summary is the same at any width.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Literal

from assistant.core.backends.base import Backend, parallel_width
from assistant.core.cancel import CancelToken
from assistant.core.documents.chunking import Chunk, chunk_document, chunk_texts
from assistant.core.documents.readers import Document
from assistant.core.errors import ContextOverflowError, GenerationError, UserFacingError
from assistant.core.i18n import msg
from assistant.core.language import detect_language, language_name
from assistant.core.stores.summary_cache import MapCache, MemoryCache
from assistant.core.tasks.answer import Usage, complete, drain
from assistant.core.tasks.cleaning import SUMMARY_CUES, AnswerCleaner
from assistant.core.tasks.forms import SECTIONED_POINTS, Form
from assistant.core.tasks.parallel import Ahead, Step, quiet
from assistant.core.text import count_words
from assistant.core.types import (
    Event,
    Finished,
    GenerationParams,
    Message,
    Notice,
    Progress,
    SummaryPlanned,
    TextDelta,
)

log = logging.getLogger(__name__)

PROMPT_VERSION = "summarize-1"
Style = Literal["tldr", "bullets", "paragraph", "key-points"]
STYLES: tuple[Style, ...] = ("tldr", "bullets", "paragraph", "key-points")
# Styles whose answer has a fixed shape: sampled as JSON under the form's schema, shown as text.
FORMS: dict[str, Form] = {"key-points": SECTIONED_POINTS}
MAX_DEPTH = 4
MARGIN = 32
_NUMBER = re.compile(r"\d+(?:[.,:/-]\d+)*")


@dataclass(frozen=True)
class SummaryOptions:
    style: Style = "bullets"
    bullets: int = 5
    words: int | None = None  # a target length (words; characters for Chinese and Japanese)
    language: str = "same"  # "same" as the document, or a language code such as "en", "zh"
    temperature: float = 0.3
    seed: int = 7


@dataclass
class SummaryPlan:
    tokens: int
    chunks: int
    one_pass: bool
    language: str
    chunk_budget: int = 0
    notes: list[str] = field(default_factory=list)


# ----- prompts ------------------------------------------------------------------


def _map_messages(chunk: str, index: int, total: int, section: str, language: str) -> list[Message]:
    where = f" (section: {section})" if section else ""
    return [
        Message("system", "You take careful notes on documents. You never invent facts."),
        Message(
            "user",
            (
                f"Here is part {index} of {total} of a document{where}.\n\n<document>\n{chunk}\n</document>\n\n"
                f"Write dense notes on this part in {language}: every key point, and every name, number and date "
                "exactly as written. Use short bullet points. Write only the notes."
            ),
        ),
    ]


def _reduce_messages(notes: Sequence[str], language: str) -> list[Message]:
    joined = "\n\n".join(notes)
    return [
        Message("system", "You take careful notes on documents. You never invent facts."),
        Message(
            "user",
            (
                f"Below are notes on consecutive parts of one document.\n\n<notes>\n{joined}\n</notes>\n\n"
                f"Merge them into one set of dense notes in {language}. Keep every name, number and date exactly; "
                "remove repetition. Write only the notes."
            ),
        ),
    ]


def _style_instruction(options: SummaryOptions, language: str) -> str:
    instruction = {
        "tldr": "Summarize it in one or two sentences.",
        "bullets": f"Summarize it as {options.bullets} bullet points, one line each.",
        "paragraph": "Summarize it in one paragraph.",
        "key-points": "List its key points, and for each the section of the document it comes from. "
        + SECTIONED_POINTS.hint,
    }[options.style]
    if options.words:
        unit = "characters" if language.startswith("Chinese") or language.startswith("Japanese") else "words"
        instruction += f" Use about {options.words} {unit}."
    return instruction + f" Write in {language}. Write only the summary."


def _final_messages(source: str, is_notes: bool, options: SummaryOptions, language: str) -> list[Message]:
    what = "notes on a document" if is_notes else "a document"
    tag = "notes" if is_notes else "document"
    return [
        Message("system", "You write faithful, concise summaries. You never invent facts."),
        Message("user", f"Here are {what}.\n\n<{tag}>\n{source}\n</{tag}>\n\n{_style_instruction(options, language)}"),
    ]


def _final_room(options: SummaryOptions, n_ctx: int) -> int:
    room = {"tldr": 160, "bullets": 60 * max(1, options.bullets) + 60, "paragraph": 400, "key-points": 600}[
        options.style
    ]
    if options.words:
        room = max(room, int(options.words * 2.2) + 40)
    return max(64, min(room, n_ctx // 3))


def _notes_room(n_ctx: int) -> int:
    return max(64, min(400, n_ctx // 5))


# ----- the pipeline ---------------------------------------------------------------


class _Cancelled(Exception):
    pass


def _notes(
    backend: Backend,
    messages: list[Message],
    material: str,
    params: GenerationParams,
    cancel: CancelToken,
    usage: Usage,
) -> str:
    """A map or reduce step: its notes, cleaned ("" when the model gave none, or only echoed the prompt)."""
    cleaner = AnswerCleaner(material, SUMMARY_CUES.for_prompt(messages, (material,)))
    answer = usage.add(drain(complete(backend, messages, params, cancel, cleaner)))
    if answer.cancelled:
        raise _Cancelled
    return answer.text.strip()


@dataclass(frozen=True)
class _Noted:
    """A map or merge step's notes ("" when it gave none), what it cost, and whether it was cancelled."""

    text: str
    usage: Usage
    cancelled: bool = False


def _noting(
    backend: Backend,
    messages: list[Message],
    material: str,
    params: GenerationParams,
    cancel: CancelToken,
    *,
    label: str,
    retry: bool,
) -> _Noted:
    """One step on its own (on any thread: it counts its own usage, and touches no cache). With ``retry``
    (a map step) a failed or empty answer is asked for once more and a failure gives "", not an error."""
    usage = Usage()
    text = ""
    for attempt in range(2 if retry else 1):
        try:
            text = _notes(backend, messages, material, params, cancel, usage)
        except _Cancelled:
            return _Noted("", usage, cancelled=True)
        except GenerationError as exc:
            if not retry:
                raise
            log.warning("%s failed (attempt %d): %s", label, attempt + 1, exc)
            text = ""
        if text:
            break
    return _Noted(text, usage)


def _prompt_tokens(backend: Backend, messages: list[Message]) -> int:
    return backend.count_tokens(backend.render(messages))


def _target_language(options: SummaryOptions, document_text: str) -> str:
    code = detect_language(document_text) if options.language == "same" else options.language
    return language_name(code)


def plan_summary(backend: Backend, document: Document, options: SummaryOptions) -> SummaryPlan:
    """How the summary will be made: the source's tokens, one pass or how many chunks."""
    info = backend.info
    if info is None:
        raise GenerationError(msg("No model is loaded."))
    n_ctx = info.n_ctx
    text = document.to_markdown()
    language = _target_language(options, text)
    tokens = backend.count_tokens(text)
    final_fixed = _prompt_tokens(backend, _final_messages("", False, options, language))
    if final_fixed + tokens + _final_room(options, n_ctx) + MARGIN <= n_ctx:
        return SummaryPlan(tokens, 1, True, language)
    map_fixed = _prompt_tokens(backend, _map_messages("", 99, 99, "x" * 40, language))
    budget = n_ctx - map_fixed - _notes_room(n_ctx) - MARGIN
    if budget < 64:
        raise ContextOverflowError(
            msg(
                "The model's context ({n_ctx} tokens) is too small to summarize with; raise it in settings.",
                n_ctx=n_ctx,
            )
        )
    chunks = chunk_document(document, budget, backend.count_tokens)
    return SummaryPlan(tokens, len(chunks), False, language, chunk_budget=budget)


def planning(backend: Backend, document: Document, options: SummaryOptions) -> Iterator[Event]:
    """The plan as events, so the GUI can show "N tokens, K parts" before the user starts."""
    plan = plan_summary(backend, document, options)
    yield SummaryPlanned(plan.tokens, plan.chunks, plan.one_pass, plan.language)
    yield Finished("stop")


def summarize(
    backend: Backend,
    document: Document,
    options: SummaryOptions,
    cancel: CancelToken,
    cache: MapCache | None = None,
) -> Iterator[Event]:
    """Planned, Progress..., TextDelta... (the final pass), Notice... (checks), Finished."""
    info = backend.info
    if info is None:
        raise GenerationError(msg("No model is loaded."))
    if not document.blocks:
        raise UserFacingError(msg("There is nothing to summarize: the text is empty."))
    cache = cache if cache is not None else MemoryCache()
    n_ctx = info.n_ctx
    plan = plan_summary(backend, document, options)
    yield SummaryPlanned(plan.tokens, plan.chunks, plan.one_pass, plan.language)
    usage = Usage()
    notes_params = GenerationParams(
        temperature=options.temperature, seed=options.seed, max_tokens=_notes_room(n_ctx), repeat_penalty=1.1
    )
    try:
        if plan.one_pass:
            source, is_notes = document.to_markdown(), False
            yield Progress(0, 1, msg("Summarizing"))
        else:
            chunks = chunk_document(document, plan.chunk_budget, backend.count_tokens)
            model_id = f"{info.name}|{info.path.name if info.path else ''}|{info.n_params}|{info.size_bytes}"
            notes = yield from _map(backend, chunks, cache, model_id, plan.language, notes_params, cancel, usage)
            if not notes:
                raise GenerationError(msg("No part of the document could be summarized."))
            combining = Progress(len(chunks), len(chunks) + 1, msg("Combining notes"))
            yield combining
            source, is_notes = yield from _reduce(
                backend, notes, options, plan.language, n_ctx, notes_params, cancel, usage, combining
            )

        form = FORMS.get(options.style)
        final_params = GenerationParams(
            temperature=options.temperature,
            seed=options.seed,
            repeat_penalty=1.1,
            max_tokens=_final_room(options, n_ctx),
            json_schema=form.schema_text if form else None,
        )
        messages = _final_messages(source, is_notes, options, plan.language)
        cues = SUMMARY_CUES.for_prompt(messages, (source,))
        for attempt in range(2):  # only an echo of the prompt came back (nothing was shown): once more
            if attempt:
                final_params = replace(final_params, seed=options.seed + 7919)
            if form is not None:  # JSON is not for reading: held, then shown as the text it stands for
                answer = usage.add(drain(complete(backend, messages, final_params, cancel)))
                shown = form.read(answer.text, plan.language)
                answer = replace(answer, text=shown) if shown else answer
                if not answer.cancelled:
                    yield TextDelta(answer.text)
            else:
                cleaner = AnswerCleaner(source, cues)
                answer = usage.add((yield from complete(backend, messages, final_params, cancel, cleaner)))
            if answer.cancelled:
                raise _Cancelled
            if not answer.echo_only:
                break
        summary = answer.text.strip()
        if answer.echo_only:
            yield Notice(
                msg(
                    "The model only repeated Quill's instructions and wrote no summary; try again, or try another model."
                )
            )
        if usage.cut_by_context:
            yield Notice(
                msg(
                    "{cut_by_context} step(s) ran out of context room and were cut short.",
                    cut_by_context=usage.cut_by_context,
                )
            )
        yield from check_summary(summary, document.to_markdown(), options, plan.language)
        yield Finished(answer.reason, usage.stats(plan.tokens))
    except _Cancelled:
        yield Finished("cancelled", usage.stats())


def _map(
    backend: Backend,
    chunks: list[Chunk],
    cache: MapCache,
    model_id: str,
    language: str,
    params: GenerationParams,
    cancel: CancelToken,
    usage: Usage,
) -> Generator[Event, None, list[str]]:
    """The notes of every chunk, in order: from the cache, or from the model (``parallel_width`` at once).

    The cache is read and written here only, on the calling thread; a chunk whose text came earlier in
    the document takes the notes made for it then.
    """
    keys = [hashlib.sha256(f"{model_id}\n{PROMPT_VERSION}\n{language}\n{c.text}".encode()).hexdigest() for c in chunks]
    cached = {key: cache.get(key) for key in dict.fromkeys(keys)}
    asked = {i for i, key in enumerate(keys) if cached[key] is None and keys.index(key) == i}  # first of its text
    steps: list[Step[Event, _Noted]] = [
        quiet(
            partial(
                _noting,
                backend,
                _map_messages(chunks[i].text, chunks[i].index + 1, len(chunks), chunks[i].section, language),
                chunks[i].text,
                params,
                label=f"part {chunks[i].index + 1}",
                retry=True,  # a failed part is tried once more, then reported
            )
        )
        for i in sorted(asked)
    ]
    made: dict[str, str] = {}  # notes made in this run, by key
    notes: list[str] = []
    with Ahead(steps, parallel_width(backend), cancel) as ahead:
        for i, chunk in enumerate(chunks):
            if cancel.cancelled:
                raise _Cancelled
            yield Progress(
                chunk.index,
                len(chunks) + 1,
                msg("Reading part {number} of {n_chunks}", number=chunk.index + 1, n_chunks=len(chunks)),
            )
            key = keys[i]
            if i in asked:
                noted = yield from next(ahead)
                usage.include(noted.usage)
                if noted.cancelled:
                    raise _Cancelled
                result = made[key] = noted.text
                if result:
                    cache.put(key, result)
            else:
                result = cached[key] or made[key]
            if result:
                notes.append(result)
            else:
                yield Notice(
                    msg(
                        "Part {number} of {n_chunks} could not be summarized and is missing from the summary.",
                        number=chunk.index + 1,
                        n_chunks=len(chunks),
                    )
                )
    return notes


def _reduce(
    backend: Backend,
    notes: list[str],
    options: SummaryOptions,
    language: str,
    n_ctx: int,
    params: GenerationParams,
    cancel: CancelToken,
    usage: Usage,
    step: Progress,
) -> Generator[Event, None, tuple[str, bool]]:
    """Merge notes level by level until they fit the final prompt; returns (source, is_notes)."""
    final_fixed = _prompt_tokens(backend, _final_messages("", True, options, language))
    final_budget = n_ctx - final_fixed - _final_room(options, n_ctx) - MARGIN
    reduce_fixed = _prompt_tokens(backend, _reduce_messages([""], language))
    reduce_budget = n_ctx - reduce_fixed - _notes_room(n_ctx) - MARGIN
    depth = 0
    while backend.count_tokens("\n\n".join(notes)) > final_budget:
        depth += 1
        if depth > MAX_DEPTH:
            kept = chunk_texts(notes, final_budget, backend.count_tokens)[0]
            yield Notice(
                msg(
                    "The document is too long to combine fully; the summary covers the first {n_kept} of {n_notes} sets of notes.",
                    n_kept=len(kept),
                    n_notes=len(notes),
                )
            )
            return "\n\n".join(kept), True
        groups = chunk_texts(notes, reduce_budget, backend.count_tokens)
        alone = [len(group) == 1 and len(groups) > 1 for group in groups]  # stays as it is
        steps: list[Step[Event, _Noted]] = [
            quiet(
                partial(
                    _noting,
                    backend,
                    _reduce_messages(group, language),
                    "\n\n".join(group),
                    params,
                    label=f"merge {number}",
                    retry=False,  # a failed merge fails the job, as a sequential one does
                )
            )
            for number, group in enumerate(groups, 1)
            if not alone[number - 1]
        ]
        merged: list[str] = []
        with Ahead(steps, parallel_width(backend), cancel) as ahead:  # the merges of one level are independent
            for number, group in enumerate(groups, 1):
                if cancel.cancelled:
                    raise _Cancelled
                label = msg(
                    "Combining notes (level {depth}, group {number} of {groups})",
                    depth=depth,
                    number=number,
                    groups=len(groups),
                )
                yield Progress(step.done, step.total, label)
                if alone[number - 1]:
                    merged.append(group[0])
                    continue
                noted = yield from next(ahead)
                usage.include(noted.usage)
                if noted.cancelled:
                    raise _Cancelled
                if noted.text:
                    merged.append(noted.text)
                else:  # a failed merge keeps its notes as they were
                    merged.extend(group)
        if len(merged) >= len(notes):  # no progress: keep what fits rather than loop
            notes = chunk_texts(merged, final_budget, backend.count_tokens)[0]
            break
        notes = merged
    return "\n\n".join(notes), True


# ----- checks ---------------------------------------------------------------------


def _numbers(text: str) -> set[str]:
    return {n.replace(",", "") for n in _NUMBER.findall(text)}


def check_summary(summary: str, source: str, options: SummaryOptions, language: str) -> list[Notice]:
    """What the user should double-check: invented numbers, too long, wrong language."""
    notices: list[Notice] = []
    source_numbers = _numbers(source)
    flat_source = source.replace(",", "")
    invented = sorted(n for n in _numbers(summary) if n not in source_numbers and n not in flat_source)
    invented = [n for n in invented if not (len(n) == 1 and options.style in ("bullets", "key-points"))]
    if invented:
        notices.append(
            Notice(
                msg("Check these numbers: they are not in the document: {numbers}.", numbers=", ".join(invented[:8]))
            )
        )
    cjk = language.startswith("Chinese") or language.startswith("Japanese")
    length = count_words(summary)
    unit = msg("characters") if cjk else msg("words")
    if options.words and length > options.words * 1.5:
        notices.append(
            Notice(
                msg(
                    "The summary is {length} {unit}, longer than the {words} asked for.",
                    length=length,
                    unit=unit,
                    words=options.words,
                )
            )
        )
    if options.style == "bullets":
        bullets = [line for line in summary.splitlines() if re.match(r"\s*(?:[-*•]|\d+[.)])\s+", line)]
        if len(bullets) > options.bullets:
            notices.append(
                Notice(
                    msg(
                        "The summary has {n_bullets} bullet points, more than the {bullets} asked for.",
                        n_bullets=len(bullets),
                        bullets=options.bullets,
                    )
                )
            )
    if options.style == "tldr":
        from assistant.core.documents.chunking import split_sentences

        if len(split_sentences(summary)) > 3:
            notices.append(Notice(msg("The summary is longer than one or two sentences.")))
    if summary:
        found = language_name(detect_language(summary))
        if found != language:
            notices.append(
                Notice(msg("The summary seems to be in {found}, not {language}.", found=found, language=language))
            )
    return notices
