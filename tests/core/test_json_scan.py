"""The one JSON scanner: where an object ends in a reply, and what an answer cut short holds."""

from __future__ import annotations

import pytest

from assistant.core.json_scan import json_end, open_closers, parse_partial_json


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"keywords": ["tea", "coffee"]}', {"keywords": ["tea", "coffee"]}),
        ('{"keywords": ["tea", "coff', {"keywords": ["tea"]}),
        ('{"tone": "warm", "sentiment": "posi', {"tone": "warm"}),
        ('{"points": [{"point": "A", "section": "In', {"points": [{"point": "A"}]}),
        ('{"say": "a \\"quoted\\" word", "more": ["x', {"say": 'a "quoted" word'}),
        ('{"k": "中文，', None),
        ("Tone: calm", None),
        ("", None),
    ],
)
def test_partial_json_keeps_what_was_complete(text: str, expected: object) -> None:
    assert parse_partial_json(text) == expected


@pytest.mark.parametrize(
    ("text", "start", "expected"),
    [
        ('{"a": 1} and more', 0, 8),
        ('[TOOL_CALLS][{"name": "f"}, {"name": "g"}]tail', 12, 42),
        ('x {"s": "a } ] \\" {"} y', 2, 21),
        ('{"s": "\\\\"}', 0, 11),
        ('{"s": "\\"}', 0, None),
        ('{"a": [1, 2', 0, None),
        ('{"a": "}', 0, None),
    ],
)
def test_json_end_skips_brackets_in_strings(text: str, start: int, expected: int | None) -> None:
    assert json_end(text, start) == expected
    if expected is not None:
        assert text[expected - 1] in "}]"


def test_open_closers_innermost_last_and_none_inside_a_string() -> None:
    assert open_closers('{"a": [{"b": 1}, [') == ["}", "]", "]"]
    assert open_closers('{"a": "[{') is None
    assert open_closers("}]") == []
