"""Writing actions on the scripted backend: each prompt, result cleaning, checks and alternatives."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from assistant.core.backends.scripted import ScriptedBackend, scripted_tokens
from assistant.core.cancel import CancelToken
from assistant.core.errors import BadInputError, ContextOverflowError, GenerationError
from assistant.core.tasks.cleaning import WRITE_CUES, AnswerCleaner, clean
from assistant.core.tasks.write import (
    ACTIONS,
    WriteOptions,
    build_messages,
    has_markdown,
    join_continuation,
    keep_surrounding_space,
    parse_keywords,
    parse_tone,
    write,
)
from assistant.core.text import count_words
from assistant.core.types import (
    Event,
    Finished,
    GenerationRequest,
    ModelSpec,
    Notice,
    Progress,
    TextDelta,
    VersionStarted,
    WritePlanned,
)
from tests.core.tasks.overlap import WAIT, OverlapBackend, step_threads

EN = "Their going to the store tomorow, and they buys milk for the kids."
ZH = "我们明天要去商店买牛奶，因为孩子们很喜欢喝。"


def backend(*replies: str, n_ctx: int = 2048) -> ScriptedBackend:
    b = ScriptedBackend(replies or ("ok",), n_ctx=n_ctx)
    b.load(ModelSpec(Path("scripted.gguf")))
    return b


def run(b: ScriptedBackend, text: str, options: WriteOptions, n: int = 1) -> list[Event]:
    return list(write(b, text, options, CancelToken(), n))


def versions(events: list[Event]) -> list[str]:
    out: list[str] = []
    for event in events:
        if isinstance(event, VersionStarted):
            out.append("")
        elif isinstance(event, TextDelta):
            out[-1] += event.text
    return out


# ----- prompts -------------------------------------------------------------------------

EXPECTED = {
    "proofread": ["spelling", "grammar", "Do not reword"],
    "rewrite": ["Rewrite the text", "same meaning"],
    "shorter": ["shorter", "half"],
    "longer": ["longer", "twice", "Do not invent"],
    "tone": ["friendly tone"],
    "continue": ["Continue writing", "do not repeat"],
    "draft": ["complete report", "<outline>"],
    "key-points": ["key points", '"points"'],
    "keywords": ["keywords", '"keywords"'],
    "analyze-tone": ["tone", '"sentiment"', '"reasons"'],
    "custom": ["Turn it into a haiku"],
}


@pytest.mark.parametrize("action", ACTIONS)
def test_every_action_has_its_prompt_with_the_text_and_the_language_by_name(action: str) -> None:
    options = WriteOptions(action=action, tone="friendly", kind="report", instruction="Turn it into a haiku")  # type: ignore[arg-type]
    b = backend("Fine.")
    run(b, ZH, options)
    [request] = b.requests
    system, user = request.messages
    assert system.role == "system" and "only the text asked for" in system.content
    assert "Write in Chinese (Simplified)" in system.content
    assert ZH in user.content and "Chinese (Simplified)" in user.content
    for phrase in EXPECTED[action]:
        assert phrase in user.content, (action, phrase)
    assert request.params.max_tokens >= 48


def test_markdown_is_kept_only_when_the_input_has_it() -> None:
    plain = build_messages(EN, WriteOptions("rewrite"), "English", markdown=False)[1].content
    marked = build_messages("# Plan\n\n- **one**", WriteOptions("rewrite"), "English", markdown=True)[1].content
    assert "do not add Markdown" in plain and "keep its Markdown" in marked
    assert has_markdown("# Title") and has_markdown("Some **bold** text") and has_markdown("- item\n- item")
    assert has_markdown("see [docs](https://x.y)") and not has_markdown(EN) and not has_markdown("2 * 3 = 6")


def test_another_language_can_be_asked_for() -> None:
    b = backend("Fine.")
    run(b, ZH, WriteOptions("rewrite", language="en"))
    assert "Write in English" in b.requests[0].messages[0].content


def test_continue_sends_the_text_after_the_cursor_as_context() -> None:
    b = backend("and then it rained.")
    run(b, "We walked home", WriteOptions("continue", after="The end."))
    assert "<after>\nThe end.\n</after>" in b.requests[0].messages[1].content


def test_draft_works_from_an_instruction_alone() -> None:
    b = backend("Dear team, ...")
    events = run(b, "", WriteOptions("draft", kind="email", instruction="Ask the team to meet on Friday"))
    assert "Ask the team to meet on Friday" in b.requests[0].messages[1].content
    assert versions(events) == ["Dear team, ..."]


@pytest.mark.parametrize(
    ("text", "options", "message"),
    [
        ("", WriteOptions("rewrite"), "no text"),
        ("  \n", WriteOptions("proofread"), "no text"),
        (EN, WriteOptions("custom"), "instruction"),
        ("", WriteOptions("draft"), "outline"),
    ],
)
def test_bad_requests_are_one_clear_sentence(text: str, options: WriteOptions, message: str) -> None:
    with pytest.raises(BadInputError, match=message):
        run(backend(), text, options)


def test_a_text_too_long_for_the_context_is_refused_with_advice() -> None:
    with pytest.raises(ContextOverflowError, match="select a part"):
        run(backend(n_ctx=256), "word " * 400, WriteOptions("rewrite"))


def test_the_answer_room_is_capped_by_what_the_context_has_left() -> None:
    b = backend("Fine.", n_ctx=600)
    events = run(b, "word " * 100, WriteOptions("longer"))
    planned = next(e for e in events if isinstance(e, WritePlanned))
    assert planned.prompt_tokens + b.requests[0].params.max_tokens <= 600


# ----- cleaning -----------------------------------------------------------------------------

CLEANING = [
    (
        "Sure! Here is the proofread text:\n\nThey're going to the store.\n\nLet me know if you need anything else!",
        "They're going to the store.",
    ),
    ("Here is the rewritten text: They're going to the store.", "They're going to the store."),
    ("Certainly.\nHere's a more formal version:\n```\nWe shall go.\n```\nI hope this helps!", "We shall go."),
    ('"They\'re going to the store."', "They're going to the store."),
    ("“A quoted\nanswer.”", "A quoted\nanswer."),
    ("以下是改写后的文本：\n\n我们明天去商店。\n\n如果需要进一步修改，请告诉我。", "我们明天去商店。"),
    ("好的！\n这是润色后的版本：\n我们明天去商店。", "我们明天去商店。"),
    ("<text>\nThey go.\n</text>", "They go."),
    ('"Stop," she said. Then she left.', '"Stop," she said. Then she left.'),  # quoted speech stays
    ("Note: the meeting moved.\nBring notes.", "Note: the meeting moved.\nBring notes."),
    ("# Plan\n\n- **one**\n- two\n", "# Plan\n\n- **one**\n- two"),
    (
        "我们明天去商店。\n<text>\n说明：我们在上即前都有一种美丽的茧口",
        "我们明天去商店。",
    ),  # the model echoing the prompt
]


@pytest.mark.parametrize(("answer", "expected"), CLEANING)
def test_preambles_quotes_fences_and_closing_remarks_are_removed(answer: str, expected: str) -> None:
    assert clean(answer, EN, WRITE_CUES) == expected


@pytest.mark.parametrize(("answer", "expected"), CLEANING)
def test_the_streamed_pieces_add_up_to_the_clean_result(answer: str, expected: str) -> None:
    cleaner = AnswerCleaner(EN, WRITE_CUES)
    pieces = [cleaner.feed(t) for t in scripted_tokens(answer)] + [cleaner.finish()]
    assert "".join(pieces) == expected


def test_what_the_input_itself_had_is_kept() -> None:
    source = '"Quoted" text\n\n```\ncode\n```'
    assert (
        clean('"Quoted" text, better\n\n```\ncode\n```', source, WRITE_CUES)
        == '"Quoted" text, better\n\n```\ncode\n```'
    )
    assert (
        clean("Let me know what you think.\nBye.", "Let me know what you think.\nBye!", WRITE_CUES)
        == "Let me know what you think.\nBye."
    )


def test_a_text_that_opens_like_a_preamble_keeps_its_first_line() -> None:
    source = "Here are the steps to follow:\n1. Open the box\n2. Read the manual"
    answer = "Here are the main steps to follow:\n1. Open the box.\n2. Read the manual."
    assert clean(answer, source, WRITE_CUES) == answer


def test_a_long_paragraph_streams_before_it_ends() -> None:
    answer = "This paragraph is long enough that it must stream while it is still arriving. " * 4
    cleaner = AnswerCleaner(EN, WRITE_CUES)
    shown = [cleaner.feed(t) for t in scripted_tokens(answer)]
    assert sum(1 for s in shown if s) > 10
    assert "".join(shown) + cleaner.finish() == answer.strip()


def test_write_streams_the_clean_result_and_checks_it() -> None:
    events = run(
        backend("Sure! Here is the text:\n\nThey're going.\n\nHope this helps!"), EN, WriteOptions("proofread")
    )
    assert versions(events) == ["They're going."]
    assert isinstance(events[0], WritePlanned) and isinstance(events[-1], Finished)
    notices = [e.text for e in events if isinstance(e, Notice)]
    assert any("differs a lot in length" in n for n in notices)


def test_generation_stops_once_the_model_echoes_the_prompt_layout() -> None:
    b = backend("They go.\n</text>\n" + "more words " * 50)
    events = run(b, EN, WriteOptions("rewrite"))
    assert versions(events) == ["They go."]
    assert isinstance(events[-1], Finished) and events[-1].reason == "stop"


def test_checks_name_the_wrong_language_and_the_wrong_length() -> None:
    notices = [
        e.text
        for e in run(backend("This is an English answer about milk and stores."), ZH, WriteOptions("rewrite"))
        if isinstance(e, Notice)
    ]
    assert any("English, not Chinese (Simplified)" in n for n in notices)
    long_en = "one two three four five six seven eight nine ten eleven twelve thirteen"
    notices = [
        e.text for e in run(backend(long_en + " fourteen"), long_en, WriteOptions("shorter")) if isinstance(e, Notice)
    ]
    assert any("not shorter" in n for n in notices)
    notices = [e.text for e in run(backend("It is nice."), EN, WriteOptions("analyze-tone")) if isinstance(e, Notice)]
    assert any("Tone, Sentiment, Reasons" in n for n in notices)
    notices = [e.text for e in run(backend(""), EN, WriteOptions("rewrite")) if isinstance(e, Notice)]
    assert any("no text back" in n for n in notices)


def test_analyses_are_sampled_under_their_schema_and_shown_as_text_in_the_answers_language() -> None:
    b = backend('{"keywords": ["milk", "store", "Milk", "kids"]}')
    assert versions(run(b, EN, WriteOptions("keywords"))) == ["milk, store, kids"]
    schema = json.loads(b.requests[-1].params.json_schema or "")
    assert schema["properties"]["keywords"]["maxItems"] == 10
    b = backend('{"tone": "平静", "sentiment": "neutral", "reasons": ["用词平实"]}')
    events = run(b, ZH, WriteOptions("analyze-tone"))
    assert versions(events) == ["语气：平静\n情感：中性\n理由：\n- 用词平实"]
    assert not [e for e in events if isinstance(e, Notice)]
    # Cut short at the token limit: the complete part is kept.
    b = backend('{"points": ["Milk is bought tomorrow.", "The kids like it", "They')
    assert versions(run(b, EN, WriteOptions("key-points"))) == ["- Milk is bought tomorrow.\n- The kids like it"]
    # A backend that did not enforce the schema answered in free text: kept as it came, and checked.
    notices = [e.text for e in run(backend("It is nice."), EN, WriteOptions("analyze-tone")) if isinstance(e, Notice)]
    assert any("Tone, Sentiment, Reasons" in n for n in notices)


def test_parsers_for_the_analyses() -> None:
    tone = parse_tone('Tone: friendly\nSentiment: positive\nReasons:\n- "thanks" is warm\n- exclamation marks')
    assert tone is not None and tone.label == "friendly" and tone.sentiment == "positive" and len(tone.reasons) == 2
    assert parse_tone("语气：正式\n情感：中性\n理由：\n- 用词严谨") is not None
    assert parse_tone("It sounds nice.") is None
    assert parse_keywords("milk, store, Milk, kids") == ["milk", "store", "kids"]
    assert parse_keywords("- 牛奶\n- 商店、孩子") == ["牛奶", "商店", "孩子"]


def test_joins_and_surrounding_space() -> None:
    assert join_continuation("We walked home", "and then it rained.") == " and then it rained."
    assert join_continuation("We walked home.", " It rained.") == " It rained."
    assert join_continuation("We walked home. ", "It rained.") == "It rained."
    assert join_continuation("我们回家了。", "然后下雨了。") == "然后下雨了。"
    assert join_continuation("We walked home and then", "We walked home and then it rained.") == " it rained."
    assert keep_surrounding_space("\n  old text \n\n", "new text") == "\n  new text \n\n"
    assert count_words("Hello, world! 你好世界") == 6


# ----- alternatives ------------------------------------------------------------------------


def test_alternatives_use_different_seeds_and_temperatures_and_arrive_in_order() -> None:
    b = backend("One version.", "Another version.", "A third version.")
    events = run(b, EN, WriteOptions("rewrite"), n=3)
    assert versions(events) == ["One version.", "Another version.", "A third version."]
    seeds = [r.params.seed for r in b.requests]
    temperatures = [r.params.temperature for r in b.requests]
    assert len(set(seeds)) == 3 and len(set(temperatures)) == 3 and min(temperatures) >= 0.7
    progress = [e for e in events if isinstance(e, Progress)]
    assert [(p.done, p.total) for p in progress] == [(0, 3), (1, 3), (2, 3), (3, 3)]
    started = [e for e in events if isinstance(e, VersionStarted)]
    assert [(v.index, v.total) for v in started] == [(0, 3), (1, 3), (2, 3)]


def test_a_version_identical_to_an_earlier_one_is_asked_for_again() -> None:
    b = backend("Same answer.", "Same answer.", "Different answer.")
    events = run(b, EN, WriteOptions("rewrite"), n=2)
    assert versions(events) == ["Same answer.", "Different answer."]
    assert len(b.requests) == 3


def test_cancelling_stops_between_versions() -> None:
    cancel = CancelToken()
    b = backend("First version here.", "Second.")
    events = []
    for event in write(b, EN, WriteOptions("rewrite"), cancel, 3):
        events.append(event)
        if isinstance(event, VersionStarted) and event.index == 1:
            cancel.cancel()
    assert isinstance(events[-1], Finished) and events[-1].reason == "cancelled"
    assert versions(events)[0] == "First version here."


def test_requests_carry_the_chat_messages_not_a_raw_prompt() -> None:
    b = backend("ok")
    run(b, EN, WriteOptions("rewrite"))
    request: GenerationRequest = b.requests[0]
    assert request.prompt is None and [m.role for m in request.messages] == ["system", "user"]


# ----- a model that echoes the prompt -------------------------------------------------------


def test_an_echoed_prompt_is_asked_for_once_more_and_never_shown() -> None:
    b = backend("placeholder", "They're going to the store tomorrow.")
    b.replies[0] = b.render(build_messages(EN, WriteOptions("proofread"), "English", False))  # the prompt, whole
    events = run(b, EN, WriteOptions("proofread"))
    assert versions(events) == ["They're going to the store tomorrow."]
    shown = "".join(e.text for e in events if isinstance(e, TextDelta))
    assert "Proofread the text" not in shown and "<text>" not in shown and "<|im_" not in shown
    assert len(b.requests) == 2 and b.requests[0].params.seed != b.requests[1].params.seed


def test_instructions_echoed_before_the_answer_are_stripped() -> None:
    answer = "<|im_start|>assistant\nRewrite the text so it reads better: clearer and more natural\n<text>\nThey go.\n</text>"
    assert versions(run(backend(answer), EN, WriteOptions("rewrite"))) == ["They go."]


def test_a_model_that_only_echoes_is_reported() -> None:
    b = backend("[INST] " + EN + " [/INST]")
    events = run(b, EN, WriteOptions("rewrite"))
    assert versions(events) == [""] and len(b.requests) == 2
    notices = [e.text for e in events if isinstance(e, Notice)]
    assert any("only repeated Quill's instructions" in n for n in notices)


# ----- versions generated together (a backend with parallel > 1) ----------------------------------

BY_SEED = {
    11: "The first version is long enough that its words come out early. " * 2,  # the cleaner passes them on
    112: "A second version.",
    213: "A third version.",
}


def by_seed(request: GenerationRequest) -> str:
    return BY_SEED.get(request.params.seed, f"Another version ({request.params.seed}).")


def test_width_one_asks_for_each_version_in_turn() -> None:
    b = ScriptedBackend(reply_for=by_seed)
    b.load(ModelSpec(Path("scripted.gguf")))
    run(b, EN, WriteOptions("rewrite"), n=3)
    assert [r.params.seed for r in b.requests] == [11, 112, 213]


class LiveFirst(OverlapBackend):
    """The first version's stream ends only once its text has reached the task's consumer."""

    def __init__(self, reply_for: Callable[[GenerationRequest], str]) -> None:
        super().__init__(reply_for=reply_for, together=3)
        self.first_seen = threading.Event()

    def stream(self, request: GenerationRequest, cancel: CancelToken) -> Iterator[Event]:
        events = super().stream(request, cancel)
        return self._live(events) if request.params.seed == 11 else events

    def _live(self, events: Iterator[Event]) -> Iterator[Event]:
        for event in events:
            if isinstance(event, Finished):
                assert self.first_seen.wait(WAIT), "version 1 was not passed on while it was generated"
            yield event


def test_width_three_generates_the_versions_together_and_streams_the_first() -> None:
    one = ScriptedBackend(reply_for=by_seed)
    one.load(ModelSpec(Path("scripted.gguf")))
    three = LiveFirst(by_seed)
    three.load(ModelSpec(Path("scripted.gguf")))
    sequential = run(one, EN, WriteOptions("rewrite"), n=3)
    parallel: list[Event] = []
    for event in write(three, EN, WriteOptions("rewrite"), CancelToken(), 3):
        parallel.append(event)
        if isinstance(event, TextDelta):
            three.first_seen.set()
    assert three.most == 3  # the three versions were open at once
    assert parallel == sequential  # each VersionStarted then its text, in order, the same text
    assert versions(parallel) == [BY_SEED[11].strip(), BY_SEED[112], BY_SEED[213]]
    assert not step_threads()


def test_width_three_a_duplicate_is_asked_for_again_in_its_turn() -> None:
    replies = {11: "Same answer.", 112: "Same answer.", 213: "Third answer.", 11 + 101 + 7919: "Different answer."}
    results = []
    for b in (
        ScriptedBackend(reply_for=lambda r: replies[r.params.seed]),
        OverlapBackend(reply_for=lambda r: replies[r.params.seed], together=3),
    ):
        b.load(ModelSpec(Path("scripted.gguf")))
        events = run(b, EN, WriteOptions("rewrite"), n=3)
        results.append(events)
        assert sorted(r.params.seed for r in b.requests) == [11, 112, 213, 11 + 101 + 7919]
    assert results[0] == results[1]
    assert versions(results[1]) == ["Same answer.", "Different answer.", "Third answer."]
    assert not step_threads()


def test_width_three_cancel_starts_no_more_versions_and_leaves_no_thread() -> None:
    cancel = CancelToken()

    def cancel_on_third(request: GenerationRequest) -> str:
        if len(b.requests) == 3:  # the last of the three that wait for each other before their first token
            cancel.cancel()
        return by_seed(request)

    b = OverlapBackend(reply_for=cancel_on_third, together=3)
    b.load(ModelSpec(Path("scripted.gguf")))
    events = list(write(b, EN, WriteOptions("rewrite"), cancel, 5))
    assert isinstance(events[-1], Finished) and events[-1].reason == "cancelled"
    assert len(b.requests) == 3 and not step_threads()


def test_width_three_a_failing_version_fails_the_job_after_the_versions_before_it() -> None:
    def fails_third(request: GenerationRequest) -> str:
        if request.params.seed == 213:
            raise GenerationError("llama.cpp failed while generating (code 1).")
        return by_seed(request)

    seen = []
    for b in (ScriptedBackend(reply_for=fails_third), OverlapBackend(reply_for=fails_third)):
        b.load(ModelSpec(Path("scripted.gguf")))
        events: list[Event] = []
        with pytest.raises(GenerationError, match="code 1"):
            for event in write(b, EN, WriteOptions("rewrite"), CancelToken(), 4):
                events.append(event)
        seen.append(events)
        assert not step_threads()
    assert seen[0] == seen[1]
    assert versions(seen[0]) == [BY_SEED[11].strip(), BY_SEED[112], ""]
