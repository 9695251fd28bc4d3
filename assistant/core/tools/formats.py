"""The tool-call formats current chat templates teach their models: one table, one row per format.

A row says how to recognise the format in a template (its markers), where calls begin in a
reply, how to read a complete call, how to write the grammar that forces one, and what call
ids the template accepts. The formats:

- ``hermes`` (Qwen 2.5/3, Hermes 2 Pro/3, QwQ): ``<tool_call>\\n{"name": ..., "arguments": {...}}\\n</tool_call>``,
  several in a row.
- ``llama3`` (Llama 3.1/3.2/3.3): a reply that is ``{"name": ..., "parameters": {...}}``, possibly after
  ``<|python_tag|>``.
- ``mistral`` (Mistral 7B v0.3, Nemo, Small 3/3.1): ``[TOOL_CALLS][{"name": ..., "arguments": {...}}, ...]``.
- ``mistral-args`` (Mistral Small 3.2, Devstral, Ministral 3, Magistral): ``[TOOL_CALLS]name[ARGS]{...}``
  (``[CALL_ID]id`` may sit between), repeated.

Mistral's and Llama's markers are control tokens: llama.cpp's detokenizer leaves them out of a
reply, so the JSON that follows them is also read where a reply *begins* with it ("bare").
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from assistant.core.json_scan import json_end
from assistant.core.tools.grammar import literal


@dataclass(frozen=True)
class Parsed:
    """A call as read from a reply: the function's name and its arguments as JSON text."""

    name: str
    arguments: str


# The calls at the start of a text and how much of it they took; "more": it may still become a call
# (wait for more text); "no": it is not a call (it is content).
Read = tuple[list[Parsed], int] | Literal["more", "no"]
Viable = Literal["yes", "maybe", "no"]


@dataclass(frozen=True)
class ToolFormat:
    """One way of writing tool calls.

    Attributes:
        name: the format's name (logs, errors).
        markers: a template containing any of these writes calls this way (rows are tried in order).
        unlike: a template containing any of these does not (a dialect that shares a marker).
        opens: where a call begins in a reply, wherever it stands.
        bare: whether a reply that *begins* with a call (the opener hidden) is a call, text so far: yes/maybe/no.
        read: the calls at the start of a text that begins at an opener (or bare), once complete.
        grammar: GBNF rules with ``root``: the call markup for (name, arguments rule) pairs.
        call_id: the id the template accepts for a call id Quill made (None: any id).
    """

    name: str
    markers: tuple[str, ...]
    unlike: tuple[str, ...]
    opens: tuple[str, ...]
    bare: Callable[[str], Viable] | None
    read: Callable[[str, bool], Read]
    grammar: Callable[[Sequence[tuple[str, str]], bool], str]
    call_id: Callable[[str], str] | None = None


MAX_CALLS = 4  # calls one grammar-constrained reply may make when parallel calls are allowed


# ----- reading JSON out of a reply -----------------------------------------------------------------


# The JSON value that starts a call and where it ends; "more"/"no" as in Read.
Found = tuple[object, int] | Literal["more", "no"]


def _json_at(text: str, at: int, final: bool) -> Found:
    """The JSON object or array that begins at ``text[at]``, once it has ended."""
    end = json_end(text, at)
    if end is None:
        return "no" if final else "more"
    try:
        return json.loads(text[at:end]), end
    except ValueError:
        return "no"


def _json_after(text: str, marker: str, bracket: str, final: bool) -> Found:
    """The JSON value opening with ``bracket`` that a text begins with, after ``marker`` (if there) and
    white space: the bare and the marked forms of Llama's and Mistral's calls."""
    start = len(marker) if text.startswith(marker) else 0
    rest = text[start:].lstrip()
    if not rest:
        return "no" if final else "more"
    if rest[0] != bracket:
        return "no"
    return _json_at(text, len(text) - len(rest), final)


def _arguments(value: object) -> str | None:
    """Arguments as JSON text: an object written out, or a string that holds one."""
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str):
        try:
            return value if isinstance(json.loads(value), dict) else None
        except ValueError:
            return None
    return None


def _call(value: object, *keys: str) -> Parsed | None:
    """``{"name": ..., KEY: {...}}`` as a call (the first of ``keys`` present holds the arguments)."""
    if not isinstance(value, dict) or not isinstance(value.get("name"), str) or not value["name"]:
        return None
    key = next((k for k in keys if k in value), None)
    arguments = _arguments(value[key]) if key is not None else "{}"
    return Parsed(value["name"], arguments) if arguments is not None else None


def _first_key(text: str, opener: str, keys: tuple[str, ...]) -> Viable:
    """Whether ``text`` can begin ``opener`` and then an object whose first key is one of ``keys``
    (whitespace allowed between them)."""
    at = 0
    for c in opener + '"':
        while at < len(text) and text[at].isspace():
            at += 1
        if at == len(text):
            return "maybe"
        if text[at] != c:
            return "no"
        at += 1
    close = text.find('"', at)
    key = text[at:] if close < 0 else text[at:close]
    if close < 0:
        return "maybe" if any(k.startswith(key) for k in keys) else "no"
    return "yes" if key in keys else "no"


# ----- hermes ---------------------------------------------------------------------------------------

_HERMES_OPEN, _HERMES_CLOSE = "<tool_call>", "</tool_call>"


def _read_hermes(text: str, final: bool) -> Read:
    body_start = len(_HERMES_OPEN)
    end = text.find(_HERMES_CLOSE, body_start)
    if end < 0:
        stripped = text[body_start:].lstrip()
        if not stripped:
            return "no" if final else "more"
        if stripped[0] != "{":
            return "no"
        close = json_end(text, len(text) - len(stripped))
        if close is None or not final:  # wait for the closing tag (a reply may also end without one)
            return "no" if final else "more"
        body, consumed = text[body_start:close], close
    else:
        body, consumed = text[body_start:end], end + len(_HERMES_CLOSE)
    try:
        call = _call(json.loads(body), "arguments", "parameters")
    except ValueError:
        return "no"
    return ([call], consumed) if call is not None else "no"


def _grammar_hermes(tools: Sequence[tuple[str, str]], parallel: bool) -> str:
    one = " | ".join(f'{literal(json.dumps(name))} ", \\"arguments\\": " {rule}' for name, rule in tools)
    call = f'"<tool_call>\\n{{\\"name\\": " ( {one} ) "}}\\n</tool_call>"'
    more = f' ( "\\n" call ){{0,{MAX_CALLS - 1}}}' if parallel else ""
    return f"root ::= call{more}\ncall ::= {call}"


# ----- llama 3 --------------------------------------------------------------------------------------

_PYTHON_TAG = "<|python_tag|>"


def _read_llama3(text: str, final: bool) -> Read:
    found = _json_after(text, _PYTHON_TAG, "{", final)
    if isinstance(found, str):
        return found
    value, end = found
    if isinstance(value, dict) and value.get("type") not in (None, "function"):
        return "no"
    call = _call(value, "parameters", "arguments")
    return ([call], end) if call is not None else "no"


def _bare_llama3(text: str) -> Viable:
    return _first_key(text, "{", ("name", "type"))


def _grammar_llama3(tools: Sequence[tuple[str, str]], _parallel: bool) -> str:
    # Llama 3.x's templates take one call per turn ("This model only supports single tool-calls at once!").
    one = " | ".join(f'{literal(json.dumps(name))} ", \\"parameters\\": " {rule}' for name, rule in tools)
    return f'root ::= "{{\\"name\\": " ( {one} ) "}}"'


# ----- mistral --------------------------------------------------------------------------------------

_TOOL_CALLS = "[TOOL_CALLS]"


def _read_mistral(text: str, final: bool) -> Read:
    found = _json_after(text, _TOOL_CALLS, "[", final)
    if isinstance(found, str):
        return found
    value, end = found
    if not isinstance(value, list) or not value:
        return "no"
    calls = [_call(item, "arguments", "parameters") for item in value]
    if any(call is None for call in calls):
        return "no"
    return [c for c in calls if c is not None], end


def _bare_mistral(text: str) -> Viable:
    return _first_key(text, "[{", ("name",))


def _grammar_mistral(tools: Sequence[tuple[str, str]], parallel: bool) -> str:
    one = " | ".join(f'{literal(json.dumps(name))} ", \\"arguments\\": " {rule}' for name, rule in tools)
    more = f' ( ", " call ){{0,{MAX_CALLS - 1}}}' if parallel else ""
    return f'root ::= "[TOOL_CALLS][" call{more} "]"\ncall ::= "{{\\"name\\": " ( {one} ) "}}"'


_ARGS_HEAD = re.compile(r"([A-Za-z0-9_.\-]{1,64})(?:\[CALL_ID\][A-Za-z0-9]*)?(?:\[ARGS\])?")
_ARGS_MARKERS = ("[CALL_ID]", "[ARGS]")


def _read_mistral_args(text: str, final: bool) -> Read:
    begin = len(_TOOL_CALLS) if text.startswith(_TOOL_CALLS) else 0
    head = _ARGS_HEAD.match(text, begin)
    if head is None:
        return "no" if final or len(text) > begin else "more"
    tail = text[head.end() :]
    body = tail.lstrip()
    if not body or body[0] != "{":
        waiting = not body or any(m.startswith(tail) for m in _ARGS_MARKERS)
        return "more" if waiting and not final else "no"
    found = _json_at(text, len(text) - len(body), final)
    if isinstance(found, str):
        return found
    value, end = found
    arguments = _arguments(value)
    return ([Parsed(head.group(1), arguments)], end) if arguments is not None else "no"


def _bare_mistral_args(text: str) -> Viable:
    """``name{`` or ``name[ARGS]{`` at the start of a reply (the control tokens left out)."""
    head = re.match(r"[A-Za-z0-9_.\-]{1,64}", text)
    if head is None:
        return "no"
    rest = text[head.end() :]
    if rest.startswith("{") or rest.startswith("[ARGS]{"):
        return "yes"
    return "maybe" if not rest or "[ARGS]".startswith(rest) else "no"


def _grammar_mistral_args(tools: Sequence[tuple[str, str]], parallel: bool) -> str:
    one = " | ".join(f"{literal(name + '[ARGS]')} {rule}" for name, rule in tools)
    more = f" call{{0,{MAX_CALLS - 1}}}" if parallel else ""
    return f'root ::= call{more}\ncall ::= "[TOOL_CALLS]" ( {one} )'


def mistral_id(given: str) -> str:
    """A call id Mistral's templates accept (9 letters and digits): kept if it is one, else one made from it."""
    if re.fullmatch(r"[A-Za-z0-9]{9}", given):
        return given
    return hashlib.sha256(given.encode("utf-8")).hexdigest()[:9]


FORMATS: tuple[ToolFormat, ...] = (
    ToolFormat(
        name="mistral-args",
        markers=("[ARGS]",),
        unlike=(),
        opens=(_TOOL_CALLS,),
        bare=_bare_mistral_args,
        read=_read_mistral_args,
        grammar=_grammar_mistral_args,
        call_id=mistral_id,
    ),
    ToolFormat(
        name="mistral",
        markers=(_TOOL_CALLS,),
        unlike=(),
        opens=(_TOOL_CALLS,),
        bare=_bare_mistral,
        read=_read_mistral,
        grammar=_grammar_mistral,
        call_id=mistral_id,
    ),
    ToolFormat(
        name="hermes",
        markers=(_HERMES_OPEN,),
        unlike=("<function=", "<arg_key>"),  # Qwen3-Coder's and GLM's <tool_call> tags hold XML, not JSON
        opens=(_HERMES_OPEN,),
        bare=None,
        read=_read_hermes,
        grammar=_grammar_hermes,
    ),
    ToolFormat(
        name="llama3",
        markers=(_PYTHON_TAG, '"parameters": '),
        unlike=(),
        opens=(_PYTHON_TAG,),
        bare=_bare_llama3,
        read=_read_llama3,
        grammar=_grammar_llama3,
    ),
)


def format_for(template: str) -> ToolFormat | None:
    """The format ``template`` writes tool calls in, by its markers; None if it is none Quill reads."""
    for row in FORMATS:
        if any(m in template for m in row.markers) and not any(u in template for u in row.unlike):
            return row
    return None


def by_name(name: str) -> ToolFormat:
    """The row called ``name``."""
    return next(row for row in FORMATS if row.name == name)
