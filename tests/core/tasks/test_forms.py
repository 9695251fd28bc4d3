"""Answers with a fixed shape: they read in the answer's language, and the starter model's constrained answers read as text."""

from __future__ import annotations

from assistant.core.cancel import CancelToken
from assistant.core.tasks.forms import KEYWORDS, SECTIONED_POINTS, TONE
from assistant.core.tasks.write import WriteOptions, parse_keywords, parse_tone, write
from assistant.core.types import Notice, TextDelta


def test_forms_read_in_the_answers_language() -> None:
    assert KEYWORDS.read('{"keywords": ["茶", "咖啡", "茶"]}', "Chinese (Simplified)") == "茶、咖啡"
    assert TONE.read('{"tone": "calm", "sentiment": "neutral", "reasons": ["plain"]}', "English") == (
        "Tone: calm\nSentiment: neutral\nReasons:\n- plain"
    )
    assert SECTIONED_POINTS.read('{"points": [{"point": "Tea grows", "section": "Farming"}]}', "English") == (
        "- Tea grows (Section: Farming)"
    )
    assert SECTIONED_POINTS.read('{"points": [{"point": "茶", "section": "种植"}]}', "Chinese") == "- 茶（章节：种植）"
    assert KEYWORDS.read('{"keywords": []}', "English") is None
    assert KEYWORDS.read('{"keywords": ["...", "…"]}', "English") is None
    assert TONE.read("[1, 2]", "English") is None


TEXT = (
    "Thank you so much for the lovely dinner last night! The food was wonderful, and we enjoyed the long talk "
    "about your trip to Norway. We hope to see you again soon."
)


def test_the_starter_models_analyses_read_as_their_form(starter_backend) -> None:
    for action, check in (
        ("keywords", lambda text: len(parse_keywords(text)) >= 1),
        ("analyze-tone", lambda text: parse_tone(text) is not None),
    ):
        events = list(write(starter_backend, TEXT, WriteOptions(action), CancelToken()))  # type: ignore[arg-type]
        text = "".join(e.text for e in events if isinstance(e, TextDelta))
        assert check(text), (action, text)
        assert "{" not in text and '"' + action not in text
        assert not [e for e in events if isinstance(e, Notice) and "form" in e.text], text


def test_the_starter_models_key_points_name_their_sections(starter_backend) -> None:
    from assistant.core.documents.readers import from_markdown
    from assistant.core.tasks.summarize import SummaryOptions, summarize

    document = from_markdown(
        "# Farming\n\nTea grows on hills in Yunnan, where the rain is steady.\n\n"
        "# Trade\n\nMerchants carried tea to Tibet on horses for a thousand years."
    )
    events = list(summarize(starter_backend, document, SummaryOptions(style="key-points"), CancelToken()))
    text = "".join(e.text for e in events if isinstance(e, TextDelta))
    lines = text.splitlines()
    assert lines and all(line.startswith("- ") for line in lines), text
    assert "{" not in text and "(Section: " in text, text
