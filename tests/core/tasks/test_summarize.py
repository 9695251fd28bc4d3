"""Summaries on the scripted backend: the plan, budgets, map-reduce, cache, cancel, failures, checks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.core.backends.scripted import ScriptedBackend
from assistant.core.cancel import CancelToken
from assistant.core.documents.readers import Document, from_markdown, from_text
from assistant.core.errors import GenerationError
from assistant.core.stores.summary_cache import MemoryCache
from assistant.core.tasks.summarize import (
    SummaryOptions,
    check_summary,
    summarize,
)
from assistant.core.types import (
    Event,
    Finished,
    GenerationRequest,
    ModelSpec,
    Notice,
    Progress,
    SummaryPlanned,
    TextDelta,
)
from tests.core.tasks.overlap import OverlapBackend, loaded, step_threads


def notes_for(request: GenerationRequest) -> str:
    """Map: the first sentence of the part; reduce: the first line of each note; final: two bullets."""
    prompt = request.messages[-1].content
    if "<document>" in prompt and "Write dense notes" in prompt:
        body = prompt.split("<document>\n", 1)[1].split("\n</document>", 1)[0]
        return "- " + re.split(r"(?<=[.。])\s*", body.strip())[0][:80]
    if "<notes>" in prompt and "Merge them" in prompt:
        body = prompt.split("<notes>\n", 1)[1].split("\n</notes>", 1)[0]
        return "\n".join(line for line in body.splitlines() if line.startswith("- "))[:200]
    return "- The report covers rivers.\n- It was written in 1999."


def backend(n_ctx: int, reply_for=notes_for) -> ScriptedBackend:  # noqa: ANN001
    b = ScriptedBackend(n_ctx=n_ctx, reply_for=reply_for)
    b.load(ModelSpec(Path("scripted.gguf")))
    return b


def long_document(sections: int = 12, paragraphs: int = 4) -> Document:
    parts = []
    for s in range(sections):
        parts.append(f"# Section {s}")
        for p in range(paragraphs):
            parts.append(f"River {s}.{p} flows north in 1999. " + "It passes many towns and fields on the way. " * 6)
    return from_markdown("\n\n".join(parts))


def run(
    b: ScriptedBackend,
    document: Document,
    options: SummaryOptions | None = None,
    cancel: CancelToken | None = None,
    cache: MemoryCache | None = None,
) -> list[Event]:
    return list(summarize(b, document, options or SummaryOptions(), cancel or CancelToken(), cache))


def text_of(events: list[Event]) -> str:
    return "".join(e.text for e in events if isinstance(e, TextDelta))


def assert_every_prompt_fits(b: ScriptedBackend) -> None:
    n_ctx = b.info.n_ctx  # type: ignore[union-attr]
    for request in b.requests:
        used = b.count_tokens(b.render(request.messages)) + request.params.max_tokens
        assert used <= n_ctx, f"a prompt needs {used} of {n_ctx} tokens"


def test_a_short_text_is_one_pass() -> None:
    b = backend(2048)
    events = run(b, from_text("Rivers flow north in 1999. They pass towns."))
    plan = next(e for e in events if isinstance(e, SummaryPlanned))
    assert plan.one_pass is True and plan.chunks == 1
    assert len(b.requests) == 1 and "<document>" in b.requests[0].messages[-1].content
    assert text_of(events).startswith("- The report")
    assert isinstance(events[-1], Finished) and events[-1].reason == "stop"


def test_key_points_are_sampled_under_their_schema_and_shown_with_their_sections() -> None:
    answer = '{"points": [{"point": "Rivers flow north", "section": "Section 0"}, {"point": "Towns", "sec'
    b = backend(2048, reply_for=lambda request: answer if request.params.json_schema else notes_for(request))
    events = run(b, long_document(2, 1), SummaryOptions(style="key-points"))
    assert text_of(events) == "- Rivers flow north (Section: Section 0)\n- Towns"
    assert '"section"' in b.requests[-1].params.json_schema  # type: ignore[operator]
    chinese = run(b, from_text("河流向北流。"), SummaryOptions(style="key-points", language="zh"))
    assert "（章节：Section 0）" in text_of(chinese)


def test_a_long_document_is_mapped_and_reduced_within_budget() -> None:
    b = backend(600)
    events = run(b, long_document())
    plan = next(e for e in events if isinstance(e, SummaryPlanned))
    assert plan.one_pass is False and plan.chunks > 3
    progress = [e for e in events if isinstance(e, Progress)]
    assert progress[0].label == f"Reading part 1 of {plan.chunks}"
    assert any(p.label.startswith("Combining") for p in progress)
    assert all(p.total == plan.chunks + 1 for p in progress)
    assert text_of(events) == "- The report covers rivers.\n- It was written in 1999."
    assert_every_prompt_fits(b)


def test_notes_that_do_not_fit_are_reduced_by_levels() -> None:
    b = backend(360)
    events = run(b, long_document(sections=30, paragraphs=3))
    levels = {
        int(m.group(1)) for e in events if isinstance(e, Progress) for m in [re.search(r"level (\d+)", e.label)] if m
    }
    assert levels and max(levels) >= 2
    assert isinstance(events[-1], Finished) and events[-1].reason == "stop"
    assert_every_prompt_fits(b)


def test_changing_only_the_style_reuses_the_notes() -> None:
    cache = MemoryCache()
    b = backend(600)
    run(b, long_document(), SummaryOptions(style="bullets"), cache=cache)
    first = len(b.requests)
    run(b, long_document(), SummaryOptions(style="tldr"), cache=cache)
    second = b.requests[first:]
    assert not any("Write dense notes" in r.messages[-1].content for r in second)
    assert "one or two sentences" in second[-1].messages[-1].content


def test_cancel_stops_between_parts() -> None:
    cancel = CancelToken()

    def cancel_on_third(request: GenerationRequest) -> str:
        if len(b.requests) == 3:
            cancel.cancel()
        return notes_for(request)

    b = backend(600, cancel_on_third)
    events = run(b, long_document(), cancel=cancel)
    assert isinstance(events[-1], Finished) and events[-1].reason == "cancelled"
    assert len(b.requests) <= 4
    assert not text_of(events)


def test_a_failing_part_is_retried_once_then_reported() -> None:
    attempts: dict[str, int] = {}

    def flaky(request: GenerationRequest) -> str:
        prompt = request.messages[-1].content
        if "part 2 of" in prompt:
            attempts["part2"] = attempts.get("part2", 0) + 1
            raise GenerationError("llama.cpp failed while generating (code 1).")
        return notes_for(request)

    b = backend(600, flaky)
    events = run(b, long_document())
    assert attempts["part2"] == 2
    notices = [e.text for e in events if isinstance(e, Notice)]
    assert any(n.startswith("Part 2 of") and "missing" in n for n in notices)
    assert isinstance(events[-1], Finished) and events[-1].reason == "stop"


def test_checks_flag_invented_numbers_length_and_language() -> None:
    source = "The bridge opened in 1999 and cost 4,500 dollars."
    ok = check_summary(
        "The bridge opened in 1999 for 4500 dollars.", source, SummaryOptions(style="paragraph"), "English"
    )
    assert ok == []
    invented = check_summary("It opened in 2001.", source, SummaryOptions(style="paragraph"), "English")
    assert any("2001" in n.text for n in invented)
    long = check_summary("word " * 100, source, SummaryOptions(style="paragraph", words=20), "English")
    assert any("longer than the 20" in n.text for n in long)
    wrong = check_summary("这座桥于1999年开通。", source, SummaryOptions(style="paragraph"), "English")
    assert any("Chinese" in n.text for n in wrong)


def test_chinese_documents_are_summarized_in_chinese() -> None:
    b = backend(2048)
    events = run(b, from_text("这是一篇关于大型语言模型的文章。它介绍了训练和推理。"))
    plan = next(e for e in events if isinstance(e, SummaryPlanned))
    assert plan.language == "Chinese (Simplified)"
    assert "Write in Chinese (Simplified)." in b.requests[0].messages[-1].content


def test_an_empty_document_is_a_clear_error() -> None:
    with pytest.raises(Exception, match="nothing to summarize"):
        run(backend(2048), from_text("   "))


# ----- a model that echoes the prompt -------------------------------------------------------

ECHOED = re.compile(r"Summarize it|Write only|faithful, concise|<document>|</document>|<notes>|<\|im_|careful notes")


def test_an_echoed_final_prompt_is_never_the_summary_and_is_asked_once_more() -> None:
    holder: list[ScriptedBackend] = []
    finals = {"count": 0}

    def echo_once(request: GenerationRequest) -> str:
        prompt = request.messages[-1].content
        if "<document>" in prompt and "Summarize it" in prompt:
            finals["count"] += 1
            if finals["count"] == 1:
                return holder[0].render(request.messages)  # the whole prompt, role tags and all
        return notes_for(request)

    holder.append(backend(2048, echo_once))
    events = run(holder[0], from_text("Rivers flow north in 1999. They pass towns."))
    summary = text_of(events)
    assert summary == "- The report covers rivers.\n- It was written in 1999."
    assert not ECHOED.search(summary) and finals["count"] == 2
    assert isinstance(events[-1], Finished) and events[-1].reason == "stop"


def test_a_model_that_only_echoes_writes_no_summary_and_says_so() -> None:
    b = backend(2048, lambda r: "Here are a document.\n<document>\n" + r.messages[-1].content)
    events = run(b, from_text("Rivers flow north in 1999. They pass towns."))
    assert not ECHOED.search(text_of(events))
    notices = [e.text for e in events if isinstance(e, Notice)]
    assert any("only repeated Quill's instructions" in n for n in notices)


def test_an_echoed_map_step_is_retried_then_reported_never_used_as_notes() -> None:
    def echo_part_two(request: GenerationRequest) -> str:
        prompt = request.messages[-1].content
        if "part 2 of" in prompt and "Write dense notes" in prompt:
            return "<|im_start|>user\n" + prompt
        return notes_for(request)

    b = backend(600, echo_part_two)
    events = run(b, long_document())
    notices = [e.text for e in events if isinstance(e, Notice)]
    assert any(n.startswith("Part 2 of") and "missing" in n for n in notices)
    for request in b.requests:  # no later step was fed the echo as notes
        if "<notes>" in request.messages[-1].content:
            assert "Write dense notes" not in request.messages[-1].content


# ----- several parts at once (a backend with parallel > 1) ----------------------------------------


def overlapping(n_ctx: int, reply_for=notes_for, together: int = 3) -> OverlapBackend:  # noqa: ANN001
    b = OverlapBackend(n_ctx=n_ctx, reply_for=reply_for, together=together)
    loaded(b)
    return b


def prompts(b: ScriptedBackend) -> list[str]:
    return sorted(repr(r.messages) for r in b.requests)


@pytest.mark.parametrize(("n_ctx", "sections", "paragraphs"), [(600, 12, 4), (360, 30, 3)], ids=["map", "levels"])
def test_width_three_reads_three_parts_at_once_and_gives_the_same_summary(
    n_ctx: int, sections: int, paragraphs: int
) -> None:
    one, three = backend(n_ctx), overlapping(n_ctx)
    sequential = run(one, long_document(sections, paragraphs))
    parallel = run(three, long_document(sections, paragraphs))
    assert three.most == 3
    assert parallel == sequential  # progress, notices, the summary and the usage, in the same order
    assert prompts(three) == prompts(one)
    assert not step_threads()


def test_width_three_keeps_the_cache_behaviour() -> None:
    cache = MemoryCache()
    b = overlapping(600)
    run(b, long_document(), SummaryOptions(style="bullets"), cache=cache)
    first = len(b.requests)
    events = run(b, long_document(), SummaryOptions(style="tldr"), cache=cache)
    assert not any("Write dense notes" in r.messages[-1].content for r in b.requests[first:])
    assert isinstance(events[-1], Finished) and events[-1].reason == "stop"


def test_width_three_cancel_starts_no_more_parts_and_leaves_no_thread() -> None:
    cancel = CancelToken()

    def cancel_on_third(request: GenerationRequest) -> str:
        if len(b.requests) == 3:  # the last of the three that wait for each other before their first token
            cancel.cancel()
        return notes_for(request)

    b = overlapping(600, cancel_on_third)
    events = run(b, long_document(), cancel=cancel)
    assert isinstance(events[-1], Finished) and events[-1].reason == "cancelled"
    assert len(b.requests) == 3 and not text_of(events) and not step_threads()


def test_width_three_a_failing_part_is_retried_then_reported_in_its_place() -> None:
    def flaky(request: GenerationRequest) -> str:
        if "part 2 of" in request.messages[-1].content:
            raise GenerationError("llama.cpp failed while generating (code 1).")
        return notes_for(request)

    sequential = run(backend(600, flaky), long_document())
    three = overlapping(600, flaky, together=0)
    parallel = run(three, long_document())
    assert parallel == sequential
    assert sum("part 2 of" in r.messages[-1].content for r in three.requests) == 2  # asked twice, then reported
    notices = [e.text for e in parallel if isinstance(e, Notice)]
    assert any(n.startswith("Part 2 of") and "missing" in n for n in notices)
    assert not step_threads()
