"""Reasoning markers read from real templates, and the streaming splitter cut at every point."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.core.engine.chat_template import render_chat
from assistant.core.reasoning import (
    KNOWN_MARKERS,
    NO_THINK,
    Markers,
    ReasoningSplitter,
    ThinkingSwitch,
    apply_thinking,
    reasoning_support,
    split_reasoning,
    starts_inside,
    template_variables,
)
from assistant.core.types import Finished, GenerationStats, Message, ReasoningDelta, TextDelta
from tests.helpers.tiny_gguf import CHATML_TEMPLATE, QWEN3_TEMPLATE

TEMPLATES = Path(__file__).parent.parent / "data" / "reasoning_templates"

# Replies as these models write them (the text their tokens decode to).
QWEN3_REPLY = (
    "<think>\nOkay, the user asks for the capital of France. That's Paris.\n</think>\n\n"
    "The capital of France is **Paris**."
)
R1_DISTILL_REPLY = (  # the template opened <think> in the prompt: the reply starts inside the reasoning
    "Alright, so I need to add 2 and 3. 2 plus 3 is 5.\n</think>\n\n2 + 3 = **5**."
)
GPT_OSS_REPLY = (
    "<|channel|>analysis<|message|>User wants a greeting. Respond politely.<|end|>"
    "<|start|>assistant<|channel|>final<|message|>Hello! How can I help?"
)
MAGISTRAL_REPLY = "[THINK]Simple arithmetic: 7 times 6 is 42.[/THINK]7 × 6 = 42."
QWEN3_NO_THINK_REPLY = "<think>\n\n</think>\n\n你好！有什么可以帮你的吗？"


def split(pieces: list[str], markers: tuple[Markers, ...] = KNOWN_MARKERS, inside: Markers | None = None):
    splitter = ReasoningSplitter(markers, inside)
    out = [event for piece in pieces for event in splitter.feed(piece)] + splitter.finish()
    reasoning = "".join(e.text for e in out if isinstance(e, ReasoningDelta))
    answer = "".join(e.text for e in out if isinstance(e, TextDelta))
    return reasoning, answer


CASES = [
    (
        QWEN3_REPLY,
        None,
        "Okay, the user asks for the capital of France. That's Paris.",
        "The capital of France is **Paris**.",
    ),
    (R1_DISTILL_REPLY, KNOWN_MARKERS[0], "Alright, so I need to add 2 and 3. 2 plus 3 is 5.", "2 + 3 = **5**."),
    (GPT_OSS_REPLY, None, "User wants a greeting. Respond politely.", "Hello! How can I help?"),
    (MAGISTRAL_REPLY, None, "Simple arithmetic: 7 times 6 is 42.", "7 × 6 = 42."),
    (QWEN3_NO_THINK_REPLY, None, "", "你好！有什么可以帮你的吗？"),
]


@pytest.mark.parametrize(("reply", "inside", "reasoning", "answer"), CASES)
def test_a_reply_splits_the_same_wherever_it_is_cut(reply: str, inside, reasoning: str, answer: str) -> None:
    assert split([reply], inside=inside) == (reasoning, answer)
    for cut in range(1, len(reply)):
        assert split([reply[:cut], reply[cut:]], inside=inside) == (reasoning, answer), cut
    assert split(list(reply), inside=inside) == (reasoning, answer)  # one character at a time


def test_every_two_cuts_of_a_marker_give_the_same_split() -> None:
    reply = QWEN3_REPLY
    for a in range(1, 16):
        for b in range(a + 1, 17):
            assert split([reply[:a], reply[a:b], reply[b:]])[1] == "The capital of France is **Paris**."


def test_reasoning_streams_before_it_ends() -> None:
    splitter = ReasoningSplitter(KNOWN_MARKERS)
    assert splitter.feed("<think>") == []
    assert splitter.feed("Let me see") == [ReasoningDelta("Let me see", 2)]  # with the <think> piece
    assert splitter.inside


def test_an_answer_that_mentions_a_marker_keeps_it() -> None:
    text = "Wrap it in a <think> tag, then close it with </think>."
    assert split([text]) == ("", text)
    assert split(["  continued", " text"]) == ("", "  continued text")  # a continuation keeps its space


def test_reasoning_cut_off_stays_reasoning() -> None:
    assert split(["<think>I was still thin", "king when"]) == ("I was still thinking when", "")


def test_a_reply_that_ends_in_half_a_marker_is_answer() -> None:
    assert split(["<thi"]) == ("", "<thi")


def test_split_reasoning_counts_the_tokens_spent_thinking() -> None:
    pieces = ["<think>", "\n", "Hmm", ",", " yes", "\n", "</think>", "\n\n", "Yes", "."]
    events = [TextDelta(p) for p in pieces] + [Finished("stop", GenerationStats(generated_tokens=len(pieces)))]
    out = list(split_reasoning(events, KNOWN_MARKERS))
    assert "".join(e.text for e in out if isinstance(e, ReasoningDelta)) == "Hmm, yes"
    assert "".join(e.text for e in out if isinstance(e, TextDelta)) == "Yes."
    finished = out[-1]
    assert isinstance(finished, Finished) and finished.stats.reasoning_tokens == 7


def test_markers_come_from_real_templates() -> None:
    found = {
        path.stem: reasoning_support(path.read_text(encoding="utf-8")) for path in sorted(TEMPLATES.glob("*.jinja"))
    }
    opens = {name: [m.open for m in support.markers] for name, support in found.items() if support.reasons}
    assert opens == {
        "ByteDance-Seed-OSS": ["<seed:think>"],
        "CohereForAI-c4ai-command-r7b-12-2024-tool_use": ["<|START_THINKING|>"],
        "GLM-4.6": ["<think>"],
        "HuggingFaceTB-SmolLM3-3B": ["<think>"],
        "deepseek-ai-DeepSeek-R1-Distill-Llama-8B": ["<think>"],
        "deepseek-ai-DeepSeek-V3.1": ["<think>"],
        "mistralai-Ministral-3-14B-Reasoning-2512": ["[THINK]"],
        "openai-gpt-oss-120b": ["<|channel|>analysis<|message|>"],
    }
    llama = found["meta-llama-Llama-3.1-8B-Instruct"]
    assert not llama.reasons and llama.markers == KNOWN_MARKERS and llama.switch.kind == "none"


def test_markers_come_from_the_vocabulary_when_the_template_has_none() -> None:
    support = reasoning_support(CHATML_TEMPLATE, ["<|im_start|>", "<|im_end|>", "[THINK]", "[/THINK]"])
    assert support.source == "vocabulary" and [m.open for m in support.markers] == ["[THINK]"]


def test_how_thinking_is_switched() -> None:
    qwen3 = reasoning_support(QWEN3_TEMPLATE, architecture="qwen3")
    assert qwen3.switch == ThinkingSwitch("variable", variable="enable_thinking")
    assert "enable_thinking" in template_variables(QWEN3_TEMPLATE)
    r1 = reasoning_support((TEMPLATES / "deepseek-ai-DeepSeek-R1-Distill-Llama-8B.jinja").read_text())
    assert r1.switch.kind == "always" and not r1.switch.switchable
    # A Qwen3 GGUF whose template lost the variable: Qwen3's documented /no_think instruction.
    plain = reasoning_support(CHATML_TEMPLATE, ["<think>", "</think>"], architecture="qwen3")
    assert plain.switch == ThinkingSwitch("instruction", off_instruction=NO_THINK)
    messages, variables = apply_thinking([Message("user", "Hi")], plain.switch, False)
    assert messages == [Message("system", "/no_think"), Message("user", "Hi")] and variables == {}
    messages, variables = apply_thinking([Message("system", "Be brief."), Message("user", "Hi")], plain.switch, False)
    assert messages[0].content == "Be brief.\n\n/no_think"
    assert apply_thinking([Message("user", "Hi")], qwen3.switch, False)[1] == {"enable_thinking": False}
    assert apply_thinking([Message("user", "Hi")], qwen3.switch, None)[1] == {}


def test_qwen3_prompt_with_thinking_off_closes_the_block_itself() -> None:
    messages = [Message("user", "Hi")]
    markers = reasoning_support(QWEN3_TEMPLATE).markers
    off = render_chat(QWEN3_TEMPLATE, messages, variables={"enable_thinking": False})
    on = render_chat(QWEN3_TEMPLATE, messages, variables={"enable_thinking": True})
    assert off.endswith("<think>\n\n</think>\n\n") and starts_inside(off, markers) is None
    assert on.endswith("<|im_start|>assistant\n") and starts_inside(on, markers) is None
    r1 = (TEMPLATES / "deepseek-ai-DeepSeek-R1-Distill-Llama-8B.jinja").read_text()
    assert starts_inside(render_chat(r1, messages), reasoning_support(r1).markers) == Markers("<think>", "</think>")


def test_earlier_reasoning_is_not_rendered_back_to_qwen3() -> None:
    messages = [
        Message("user", "What is 2+2?"),
        Message("assistant", "4.", reasoning="Two plus two is four."),
        Message("user", "And 3+3?"),
    ]
    prompt = render_chat(QWEN3_TEMPLATE, messages)
    assert "Two plus two" not in prompt and "<|im_start|>assistant\n4.<|im_end|>" in prompt


def test_the_reasoning_pieces_carry_every_token_spent_thinking() -> None:
    pieces = ["<think>", "\n", "A", " ", "\n", "B", "\n", "</think>", "\n\n", "C"]
    splitter = ReasoningSplitter(KNOWN_MARKERS)
    out = [e for p in pieces for e in splitter.feed(p)] + splitter.finish()
    reasoning = [e for e in out if isinstance(e, ReasoningDelta)]
    assert "".join(e.text for e in reasoning) == "A \nB"
    assert sum(e.tokens for e in reasoning) == 6  # <think> to B: the white space held is counted with B
    assert splitter.tokens == 8  # and the closing marker's tokens, in Finished
