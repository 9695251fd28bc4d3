"""Answers with a fixed shape: a JSON schema the sampler enforces, and how the answer then reads.

Write's keywords and tone analysis, and the key points of Write and Summarize, used to be free
text that a parser tried to read back ("Tone: ..."), and a small model often missed the form. Now
the backend constrains sampling with the schema (llama.cpp's grammar sampler; a remote server gets
it as ``response_format``), and the task turns the JSON into the text the user sees, in the
answer's language. A backend that cannot enforce a schema (a scripted test backend, an old
server) may still answer in free text: :meth:`Form.read` then returns None and the task keeps
that text as it came.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from assistant.core.json_scan import parse_partial_json
from assistant.core.language import language_code

_WORD = re.compile(r"\w")
Reader = Callable[[dict[str, Any], bool], str]  # (the parsed answer, write in Chinese?) -> the text shown


@dataclass(frozen=True)
class Form:
    """One shape of answer. ``hint`` goes into the prompt: a model follows a schema it was told about better."""

    schema: dict[str, Any]
    hint: str
    reader: Reader

    @property
    def schema_text(self) -> str:
        return json.dumps(self.schema, ensure_ascii=False)

    def read(self, answer: str, language: str) -> str | None:
        """The text to show for a JSON ``answer`` (one cut short at the token limit too); None if it is not JSON."""
        data = parse_partial_json(answer)
        if not isinstance(data, dict):
            return None
        chinese = (language_code(language) or "").startswith("zh")
        return self.reader(data, chinese).strip() or None


def _strings(value: object) -> list[str]:
    """The distinct strings of a JSON list that say something (a word, a number), in order.

    A weak model fills a list with "..." when it has nothing to say: that is not an answer.
    """
    if not isinstance(value, list):
        return []
    seen: dict[str, str] = {}
    for item in value:
        if isinstance(item, str) and _WORD.search(item) and item.strip().lower() not in seen:
            seen[item.strip().lower()] = item.strip()
    return list(seen.values())


def _keywords(data: dict[str, Any], chinese: bool) -> str:
    return ("、" if chinese else ", ").join(_strings(data.get("keywords")))


_SENTIMENTS_ZH = {"positive": "积极", "neutral": "中性", "negative": "消极", "mixed": "复杂"}


def _tone(data: dict[str, Any], chinese: bool) -> str:
    tone = str(data.get("tone") or "").strip()
    if not tone:
        return ""
    sentiment = str(data.get("sentiment") or "").strip()
    reasons = _strings(data.get("reasons"))
    if chinese:
        lines = [f"语气：{tone}", f"情感：{_SENTIMENTS_ZH.get(sentiment, sentiment)}", "理由："]
    else:
        lines = [f"Tone: {tone}", f"Sentiment: {sentiment}", "Reasons:"]
    return "\n".join(lines + [f"- {reason}" for reason in reasons])


def _points(data: dict[str, Any], _chinese: bool) -> str:
    return "\n".join(f"- {point}" for point in _strings(data.get("points")))


def _sectioned_points(data: dict[str, Any], chinese: bool) -> str:
    lines = []
    for item in data.get("points") or []:
        if not isinstance(item, dict) or not str(item.get("point") or "").strip():
            continue
        point, section = str(item["point"]).strip(), str(item.get("section") or "").strip()
        where = (f"（章节：{section}）" if chinese else f" (Section: {section})") if section else ""
        lines.append(f"- {point}{where}")
    return "\n".join(lines)


def _text(max_length: int) -> dict[str, Any]:
    return {"type": "string", "minLength": 1, "maxLength": max_length}


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    """An object with exactly these fields, every one required."""
    return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}


def _list(item: dict[str, Any], max_items: int) -> dict[str, Any]:
    return {"type": "array", "items": item, "minItems": 1, "maxItems": max_items}


KEYWORDS = Form(
    _object({"keywords": _list(_text(40), 10)}),
    'Answer in JSON: an object whose "keywords" is a list of the keywords.',
    _keywords,
)

TONE = Form(
    _object(
        {
            "tone": _text(30),
            "sentiment": {"type": "string", "enum": ["positive", "neutral", "negative", "mixed"]},
            "reasons": _list(_text(200), 3),
        }
    ),
    'Answer in JSON: an object with "tone" (one or two words), "sentiment" (positive, neutral, negative or '
    'mixed) and "reasons" (a list of short reasons, each quoting the text).',
    _tone,
)

KEY_POINTS = Form(
    _object({"points": _list(_text(300), 12)}),
    'Answer in JSON: an object whose "points" is a list of the key points.',
    _points,
)

SECTIONED_POINTS = Form(
    _object({"points": _list(_object({"point": _text(300), "section": _text(80)}), 12)}),
    'Answer in JSON: an object whose "points" is a list of objects, each with the "point" and the "section" '
    "of the document it comes from.",
    _sectioned_points,
)
