"""The one answer cleaner: reasoning blocks, preambles, quotes, remarks, and an echo of Quill's prompt."""

from __future__ import annotations

import pytest

from assistant.core.backends.scripted import scripted_tokens
from assistant.core.tasks.cleaning import (
    SUMMARY_CUES,
    TRANSLATE_CUES,
    WRITE_CUES,
    AnswerCleaner,
    Cues,
    clean,
    instruction_sentences,
)
from assistant.core.types import Message

PROMPT = [
    Message("system", "You are a careful writing assistant. Reply with only the text asked for."),
    Message("user", "Rewrite the text so it reads better.\n\n<text>\nwe go home now\n</text>\n\nAnswer in English."),
]
CUES = WRITE_CUES.for_prompt(PROMPT, ("we go home now",))


def streamed(answer: str, source: str, cues: Cues) -> str:
    cleaner = AnswerCleaner(source, cues)
    return "".join([cleaner.feed(t) for t in scripted_tokens(answer)] + [cleaner.finish()])


def test_markup_the_model_writes_passes_through_in_every_task() -> None:
    # Reasoning never reaches the cleaner (the engine splits it off: tests/core/tasks/test_reasoning_in_tasks.py).
    for cues in (WRITE_CUES, TRANSLATE_CUES, SUMMARY_CUES):
        cleaner = AnswerCleaner("x", cues)
        assert "".join(cleaner.feed(p) for p in ["<", "b>bold</b>"]) + cleaner.finish() == "<b>bold</b>"


def test_the_instructions_are_the_prompt_without_the_users_text() -> None:
    assert instruction_sentences(PROMPT, ("we go home now",)) == (
        "You are a careful writing assistant.",
        "Reply with only the text asked for.",
        "Rewrite the text so it reads better.",
        "Answer in English.",
    )
    # A sentence the user's own text contains is theirs, not an instruction.
    assert "Answer in English." not in instruction_sentences(PROMPT, ("Answer in English.",))


ECHOES = [
    ("<|im_start|>assistant\nWe are going home now.<|im_end|>", "We are going home now."),
    ("<start_of_turn>model\nWe are going home now.<end_of_turn>", "We are going home now."),
    ("[INST] Rewrite the text so it reads better. [/INST] We are going home now.", "We are going home now."),
    ("<|assistant|>\nWe are going home now.<|end|>", "We are going home now."),
    ("Rewrite the text so it reads better.\n<text>\nWe are going home now.\n</text>", "We are going home now."),
    ("We are going home now.\n\nRewrite the text so it reads better.\n<text>\nwe go home", "We are going home now."),
    ("We are going home now.<|im_end|>\n<|im_start|>user\nAnswer in English.", "We are going home now."),
    ("We are going home now. You are a careful writing", "We are going home now."),  # cut by max tokens
]


@pytest.mark.parametrize(("answer", "expected"), ECHOES)
def test_an_echo_of_the_prompt_is_removed_whole_or_streamed(answer: str, expected: str) -> None:
    assert clean(answer, "we go home now", CUES) == expected
    assert streamed(answer, "we go home now", CUES) == expected
    cleaner = AnswerCleaner("we go home now", CUES)
    cleaner.feed(answer)
    cleaner.finish()
    assert cleaner.echoed and not cleaner.only_echo(expected)


def test_an_answer_that_is_only_the_echo_says_so() -> None:
    cleaner = AnswerCleaner("we go home now", CUES)
    text = cleaner.feed("<|im_start|>user\nRewrite the text so it reads better.\n<text>\nwe go home now\n</text>")
    text += cleaner.finish()
    assert text == "we go home now" and cleaner.only_echo(text)


def test_what_the_users_text_itself_has_is_not_an_echo() -> None:
    source = "Use <text> tags like this: <text>.\nThe </s> token ends a turn."
    assert clean(source, source, CUES) == source
    cleaner = AnswerCleaner(source, CUES)
    cleaner.feed(source)
    cleaner.finish()
    assert not cleaner.echoed


def test_a_plain_answer_is_not_marked_as_an_echo() -> None:
    cleaner = AnswerCleaner("we go home now", CUES)
    text = cleaner.feed("We are going home now.") + cleaner.finish()
    assert text == "We are going home now." and not cleaner.echoed and not cleaner.only_echo(text)


def test_per_task_cues() -> None:
    assert clean("Translation: Hello.", "你好。", TRANSLATE_CUES) == "Hello."
    assert (
        clean("Let me know if you need help.", "如果需要帮助请告诉我。", TRANSLATE_CUES)
        == "Let me know if you need help."
    )
    assert clean("Summary: rivers flow north.", "Rivers...", SUMMARY_CUES) == "rivers flow north."
    assert (
        clean("- Rivers flow.\n- Note: towns grow.", "Rivers...", SUMMARY_CUES) == "- Rivers flow.\n- Note: towns grow."
    )
    assert clean("- Rivers flow.\n\nI hope this helps!", "Rivers...", SUMMARY_CUES) == "- Rivers flow."


def test_words_of_an_instruction_inside_a_sentence_are_the_answers_own() -> None:
    messages = [
        Message("user", "The previous part:\n甲\nIts translation:\nA\n\nTranslate this paragraph into English:")
    ]
    cues = TRANSLATE_CUES.for_prompt(messages, ("乙",))
    answer = "The book and its translation were both published. Its translation is better known."
    assert clean(answer, "乙", cues) == answer and streamed(answer, "乙", cues) == answer
    echoed = "The book was published.\nIts translation:\nA"
    assert clean(echoed, "乙", cues) == "The book was published."
