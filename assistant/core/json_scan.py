"""Reading JSON out of a model's text: where an object ends, and what a cut-short answer holds.

One scanner, so that the tool-call reader (core/tools/formats.py: where the JSON after a marker ends)
and the fixed-shape answers (core/tasks/forms.py: the complete part of an answer cut at its token
limit) agree on strings, escapes and brackets. Plain Python with no Quill imports: anything may use it.
"""

from __future__ import annotations

import json
from typing import Any


def _scan(text: str, start: int, *, until_closed: bool) -> tuple[int | None, list[str], bool]:
    """Walk ``text`` from ``start``, skipping over strings (and their escapes) and keeping the brackets.

    Returns where the first bracket opened was closed (with ``until_closed``, which stops the walk
    there; else None), the closers of the brackets still open (innermost last) and whether the text
    ends inside a string. A closer with nothing open is passed over.
    """
    closers: list[str] = []
    in_string = escaped = False
    for i in range(start, len(text)):
        char = text[i]
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "{[":
            closers.append("}" if char == "{" else "]")
        elif char in "}]" and closers:
            closers.pop()
            if until_closed and not closers:
                return i + 1, closers, False
    return None, closers, in_string


def json_end(text: str, start: int) -> int | None:
    """The end of the JSON object or array that begins at ``text[start]`` (a ``{`` or ``[``); None if it
    has not ended yet."""
    return _scan(text, start, until_closed=True)[0]


def open_closers(text: str) -> list[str] | None:
    """The closers of the brackets still open at the end of ``text``; None when it ends inside a string."""
    _, closers, in_string = _scan(text, 0, until_closed=False)
    return None if in_string else closers


def parse_partial_json(text: str) -> Any:
    """``text`` as JSON; if it was cut short (the answer hit its token limit), the complete part of it.

    The longest prefix that ends after a string, an array or an object and parses once its open
    brackets are closed wins, so ``{"keywords": ["tea", "coff`` reads as ``{"keywords": ["tea"]}``.
    None when nothing parses. Answers are short (hundreds of characters), so trying cuts from the
    end is cheap.
    """
    text = text.strip()
    try:
        return json.loads(text)
    except ValueError:
        pass
    for cut in range(len(text), 0, -1):
        if text[cut - 1] not in '"]}':
            continue
        closers = open_closers(text[:cut])
        if closers is None:
            continue
        try:
            return json.loads(text[:cut] + "".join(reversed(closers)))
        except ValueError:
            continue
    return None
