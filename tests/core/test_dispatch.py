"""Events handed to the handler of their type; the typed plan events."""

from __future__ import annotations

from assistant.core.dispatch import Dispatcher
from assistant.core.types import (
    Finished,
    Notice,
    Planned,
    SummaryPlanned,
    TextDelta,
    TokensCounted,
    TranslationPlanned,
)


def test_each_event_reaches_the_handler_of_its_type_and_unhandled_ones_are_dropped() -> None:
    seen: list[object] = []
    dispatch = Dispatcher()
    dispatch.on(TextDelta, lambda delta: seen.append(("text", delta.text)))
    dispatch.on(Finished, lambda finished: seen.append(("end", finished.reason)))
    for event in (TextDelta("a"), Notice("doubt"), TextDelta("b"), Finished("stop")):
        dispatch(event)
    assert seen == [("text", "a"), ("text", "b"), ("end", "stop")]


def test_the_most_specific_handler_wins_and_a_base_class_catches_the_rest() -> None:
    seen: list[str] = []
    dispatch = Dispatcher()
    dispatch.on(Planned, lambda plan: seen.append("any plan"))
    dispatch.on(TokensCounted, lambda counted: seen.append(f"{counted.tokens} tokens"))
    dispatch(TokensCounted(7))
    dispatch(TranslationPlanned(3, "Chinese (Simplified)", "English"))
    assert seen == ["7 tokens", "any plan"]


def test_registering_again_replaces_the_handler() -> None:
    seen: list[str] = []
    dispatch = Dispatcher()
    dispatch.on(TextDelta, lambda _delta: seen.append("old"))
    dispatch.on(TextDelta, lambda _delta: seen.append("new"))
    dispatch(TextDelta("x"))
    assert seen == ["new"]


def test_plans_have_typed_fields_and_give_them_by_name_for_json() -> None:
    plan = SummaryPlanned(tokens=1200, chunks=3, one_pass=False, language="English")
    assert plan.chunks == 3
    assert plan.data == {"tokens": 1200, "chunks": 3, "one_pass": False, "language": "English"}
    assert TokensCounted(5).data == {"tokens": 5}
