"""The request fields of Quill's OpenAI-compatible API, declared once: name, routes, what Quill does.

:data:`FIELDS` is the one table. The API checks every request against it
(:func:`check_request`, called by ``api.py`` before anything runs), and the lists that
people read are made from it: ``quill serve --help`` (:func:`help_text`), the README's
serve section (:func:`markdown`, kept current by ``tests/server/test_fields.py``:
``python -m assistant.server.fields`` prints it) and Settings → Server (by :class:`Status`).

A row is one of:

- ``USED``: Quill does what the field asks (values its ``check`` refuses get a 400).
- ``CLIENT``: accepted; it describes the client and changes no reply.
- ``PLANNED``: not supported yet: a 400 that says so.
- ``REFUSED``: an OpenAI field Quill does not do: a 400 that says why, or what to use instead.

A field missing from the table is refused too. Every refusal is a 400 that names the field in
OpenAI's ``param`` (``stream_options.include_obfuscation``, ``messages[2].role``). A field set to
null asks for nothing and is taken as absent, as OpenAI does, and so is a value in a row's
``off`` (``presence_penalty: 0``, ``logprobs: false``, ``response_format: {"type": "text"}``):
clients that send their defaults are not refused.

To support a field: implement it in ``api.py`` and change its row to ``USED`` (the other lists follow).

Plain Python (no FastAPI, no pydantic): the CLI's help and the app's Settings read it without the server.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any, Literal

from assistant.core.errors import BadInputError
from assistant.core.i18n import Text, msg
from assistant.core.sampling import KNOBS, Knob
from assistant.core.tools.formats import MAX_CALLS as MAX_PARALLEL_CALLS

Route = Literal["chat", "completions", "embeddings"]
ROUTES: dict[Route, str] = {
    "chat": "/v1/chat/completions",
    "completions": "/v1/completions",
    "embeddings": "/v1/embeddings",
}
BOTH: tuple[Route, ...] = ("chat", "completions")  # the two that generate text
CHAT: tuple[Route, ...] = ("chat",)
COMPLETIONS: tuple[Route, ...] = ("completions",)
EMBEDDINGS: tuple[Route, ...] = ("embeddings",)

MAX_CHOICES = 8  # n: choices decoded together for one request
MAX_INPUTS = 2048  # texts in one /v1/embeddings request, as OpenAI allows


class Status(Enum):
    USED = "used"
    CLIENT = "client"
    PLANNED = "planned"
    REFUSED = "refused"


class FieldError(BadInputError):
    """A request field Quill cannot take: a 400 in OpenAI's shape, naming the field.

    Attributes:
        param: the field, as OpenAI names it (``n``, ``stream_options.include_usage``, ``messages[1].role``),
            or None when the body as a whole is wrong.
        code: OpenAI's machine-readable reason (``unknown_parameter``, ``unsupported_value``, ...).
    """

    def __init__(self, param: str | None, message: str, code: str) -> None:
        super().__init__(message)
        self.param = param
        self.code = code


# ----- JSON types -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """A JSON type: its name in an error message, and the test (JSON as Python parses it)."""

    words: Text
    test: Callable[[object], bool]


def _number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _integer(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


ANY = Kind(msg("any value"), lambda _v: True)
STRING = Kind(msg("a string"), lambda v: isinstance(v, str))
NUMBER = Kind(msg("a number"), _number)
INTEGER = Kind(msg("a whole number"), _integer)
BOOLEAN = Kind(msg("true or false"), lambda v: isinstance(v, bool))
OBJECT = Kind(msg("an object"), lambda v: isinstance(v, dict))
LIST = Kind(msg("an array"), lambda v: isinstance(v, list))
STRINGS = Kind(
    msg("a string or an array of strings"),
    lambda v: isinstance(v, str) or (isinstance(v, list) and all(isinstance(i, str) for i in v)),
)
CONTENT = Kind(msg("a string or an array of content parts"), lambda v: isinstance(v, (str, list)))
EMBED_INPUT = Kind(
    msg("a string or an array of strings"),
    # token arrays pass the type test so that _embed_input can say why they are refused
    lambda v: isinstance(v, (str, list)) and all(isinstance(i, (str, int, list)) for i in v if isinstance(v, list)),
)


# ----- the table --------------------------------------------------------------------------------

# Why a value (already of the row's kind) is refused, or None: a msg() that goes on from the field's
# name ("must be ..."), or a whole sentence that starts with "Quill ". English in the API's 400s, and
# translated where the app shows the same sentence.
Check = Callable[[Any], "Text | None"]


@dataclass(frozen=True)
class Field:
    """One row: a request field, the routes that take it, and what Quill does with it.

    ``name`` is the field as in the request; a nested one is ``parent.child`` (in an object) or
    ``parent[].child`` (in each item of an array). ``does`` says what Quill does with it, in one
    phrase, for people (README, ``--help``) and in refusals. ``off`` are values that ask for nothing.
    """

    name: str
    status: Status
    does: str
    routes: tuple[Route, ...] = BOTH
    kind: Kind = ANY
    off: tuple[object, ...] = ()
    check: Check | None = None
    required: bool = False


def _between(low: int, high: int, why: Text) -> Check:
    return lambda v: (
        None if low <= v <= high else msg("must be between {low} and {high} ({why})", low=low, high=high, why=why)
    )


def _response_format(value: dict[str, Any]) -> Text | None:
    kind = value.get("type")
    if kind == "json_object":
        return None
    if kind != "json_schema":
        return msg("must have type 'text', 'json_object' or 'json_schema'")
    spec = value.get("json_schema")
    if not isinstance(spec, dict) or not isinstance(spec.get("schema", {}), dict):
        return msg("with type 'json_schema' needs 'json_schema': {{'name': ..., 'schema': {{...}}}}")
    return None


def _knob_check(knob: Knob[Any]) -> Check:
    if knob.many:  # the stop strings: any text, a bounded number of them
        return lambda v: (
            msg("may hold at most {count} strings", count=MAX_STOPS)
            if isinstance(v, list) and len(v) > MAX_STOPS
            else None
        )

    def check(value: object) -> Text | None:
        if knob.problem(value) is None:  # "top-p must be between 0 and 1": here, "'top_p' must be ..."
            return None
        assert knob.rule is not None
        return msg("must be {rule}", rule=knob.rule[0])

    return check


def _knob_kind(knob: Knob[Any]) -> Kind:
    if knob.many:
        return STRINGS
    return {float: NUMBER, int: INTEGER, bool: BOOLEAN, str: STRING}[knob.kind]


# What each sampling knob does, as a request field (the knobs themselves are declared in core/sampling.py).
_KNOB_DOES = {
    "temperature": "sampling temperature; 0 gives the likeliest reply every time",
    "top_p": "keeps the likeliest tokens up to this probability",
    "top_k": "keeps the K likeliest tokens (0: off); llama.cpp's",
    "min_p": "drops tokens less likely than P times the likeliest; llama.cpp's",
    "repeat_penalty": "above 1 discourages repeating recent tokens; llama.cpp's",
    "max_completion_tokens": "the longest reply, in tokens (one choice)",
    "max_tokens": "the same as max_completion_tokens; both with different values is refused",
    "seed": "makes sampling repeatable on the same model and build; choice i uses seed + i",
    "stop": "a string or up to 16 strings; the reply ends before the first one it writes",
    "ignore_eos": "goes on past the end of the turn up to max_tokens (benchmarks); llama.cpp's",
}
MAX_STOPS = 16


def _knob_fields() -> Iterator[Field]:
    for knob in KNOBS:
        for name in knob.api_names:
            does = _KNOB_DOES.get(name, knob.help)
            yield Field(name, Status.USED, does, kind=_knob_kind(knob), check=_knob_check(knob))


def _one_prompt(value: str | list[str]) -> Text | None:
    return (
        msg("must be one string: Quill completes one prompt per request")
        if isinstance(value, list) and len(value) > 1
        else None
    )


def _embed_input(value: str | list[Any]) -> Text | None:
    texts = [value] if isinstance(value, str) else value
    if not texts:
        return msg("must hold at least one text")
    if not all(isinstance(text, str) for text in texts):
        return msg(
            "must be text: Quill does not take token arrays (they would be another tokenizer's numbers); "
            "send the strings (LangChain: OpenAIEmbeddings(check_embedding_ctx_length=False))"
        )
    if len(texts) > MAX_INPUTS:
        return msg("may hold at most {count} texts", count=MAX_INPUTS)
    if any(not text for text in texts):
        return msg("must not hold empty strings")
    return None


def _encoding_format(value: str) -> Text | None:
    return None if value in ("float", "base64") else msg("must be 'float' or 'base64'")


_ROLES = ("system", "developer", "user", "assistant", "tool")


def _role(value: str) -> Text | None:
    if value in _ROLES:
        return None
    if value == "function":
        return msg(
            "Quill does not take '{value}' messages (the old form of 'tool'); "
            "use system, developer, user, assistant or tool",
            value=value,
        )
    return msg("Quill does not take '{value}' messages; use system, developer, user, assistant or tool", value=value)


_FUNCTION_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")


def _function_name(value: str) -> Text | None:
    return None if _FUNCTION_NAME.fullmatch(value) else msg("must be 1 to 64 letters, digits, underscores or dashes")


def _function_type(value: str) -> Text | None:
    return None if value == "function" else msg("is '{value}': Quill calls functions only", value=value)


def _tool_choice(value: object) -> Text | None:
    if value in ("auto", "none", "required"):
        return None
    if isinstance(value, dict) and value.get("type") == "function":
        function = value.get("function")
        if isinstance(function, dict) and isinstance(function.get("name"), str) and len(value) == 2:
            return None
        return msg("with type 'function' needs 'function': {{'name': ...}} and nothing else")
    if isinstance(value, dict) and value.get("type") in ("allowed_tools", "custom"):
        return msg(
            "of type '{kind}' is not supported: use 'auto', 'none', 'required' or a function", kind=value["type"]
        )
    return msg("must be 'auto', 'none', 'required' or {{'type': 'function', 'function': {{'name': ...}}}}")


def _text_part(value: str) -> Text | None:
    return None if value == "text" else msg("is '{value}': Quill's model reads text only; send text parts", value=value)


def _no_store(value: bool) -> Text | None:
    return msg("cannot be true: Quill keeps no copy of requests or replies") if value else None


FIELDS: tuple[Field, ...] = (
    # What to answer.
    Field("model", Status.USED, "accepted with any name: Quill answers with the model it has loaded", kind=STRING),
    Field(
        "messages",
        Status.USED,
        "the conversation, in the model's chat template",
        CHAT,
        LIST,
        check=lambda v: None if v else msg("must hold at least one message"),
        required=True,
    ),
    Field(
        "messages[].role",
        Status.USED,
        "system, developer (as system), user, assistant or tool (a tool's answer)",
        CHAT,
        STRING,
        check=_role,
        required=True,
    ),
    Field("messages[].content", Status.USED, "a string, or an array of text parts", CHAT, CONTENT),
    Field(
        "messages[].content[].type",
        Status.USED,
        "text (image and audio parts are refused)",
        CHAT,
        STRING,
        check=_text_part,
    ),
    Field("messages[].content[].text", Status.USED, "the part's text", CHAT, STRING),
    Field(
        "messages[].reasoning_content",
        Status.USED,
        "an earlier answer's reasoning, as Quill returned it: the chat template decides whether the model sees it",
        CHAT,
        STRING,
    ),
    Field(
        "prompt",
        Status.USED,
        "the text to continue: a string, or an array of one",
        COMPLETIONS,
        STRINGS,
        required=True,
        check=_one_prompt,
    ),
    Field(
        "model",
        Status.USED,
        "accepted with any name: Quill answers with the Library's embedding model (Settings → Library)",
        EMBEDDINGS,
        STRING,
    ),
    Field(
        "input",
        Status.USED,
        f"a string or an array of up to {MAX_INPUTS} strings, one vector each, in order; text longer than the "
        "model's context is cut to it (token arrays are refused)",
        EMBEDDINGS,
        EMBED_INPUT,
        check=_embed_input,
        required=True,
    ),
    Field(
        "encoding_format",
        Status.USED,
        "float (arrays of numbers) or base64 (little-endian float32, as OpenAI sends)",
        EMBEDDINGS,
        STRING,
        check=_encoding_format,
    ),
    Field(
        "dimensions",
        Status.USED,
        "only the model's own dimension: Quill does not shorten vectors (any other number is refused)",
        EMBEDDINGS,
        INTEGER,
    ),
    Field("user", Status.CLIENT, "names the end user; not used", EMBEDDINGS, STRING),
    # How many, and how they come back.
    Field(
        "n",
        Status.USED,
        f"how many choices (up to {MAX_CHOICES}), decoded together; usage adds up their tokens",
        kind=INTEGER,
        check=_between(1, MAX_CHOICES, msg("Quill makes at most {count} choices per request", count=MAX_CHOICES)),
    ),
    Field(
        "stream",
        Status.USED,
        "sends the reply as server-sent events, chunks tagged with their choice's index",
        kind=BOOLEAN,
    ),
    Field("stream_options", Status.USED, "options of a streamed reply", kind=OBJECT),
    Field(
        "stream_options.include_usage",
        Status.USED,
        "a last chunk with no choices and the usage of the whole request",
        kind=BOOLEAN,
    ),
    Field(
        "stream_options.include_obfuscation",
        Status.REFUSED,
        "Quill does not pad streamed chunks",
        kind=BOOLEAN,
        off=(False,),
    ),
    # Sampling (core/sampling.py's knobs).
    *_knob_fields(),
    # The client describing itself.
    Field("user", Status.CLIENT, "names the end user; requests with different users take turns", kind=STRING),
    Field("safety_identifier", Status.CLIENT, "names the end user (OpenAI's newer name); not used", kind=STRING),
    Field("metadata", Status.CLIENT, "the client's tags; not used", kind=OBJECT),
    Field(
        "store", Status.CLIENT, "false only: Quill keeps no copy of requests or replies", kind=BOOLEAN, check=_no_store
    ),
    Field(
        "prompt_cache_key",
        Status.CLIENT,
        "a caching hint; not needed: Quill reuses a prompt prefix it holds on its own",
        kind=STRING,
    ),
    Field(
        "response_format",
        Status.USED,
        '{"type": "json_object"} or {"type": "json_schema", "json_schema": {"schema": ...}}: the answer is '
        "JSON (that validates against the schema), enforced while sampling by llama.cpp's grammar sampler",
        kind=OBJECT,
        off=({"type": "text"},),
        check=_response_format,
    ),
    Field(
        "logprobs",
        Status.USED,
        "true: each reply token's log-probability (choices[].logprobs.content)",
        CHAT,
        BOOLEAN,
        off=(False,),
    ),
    Field(
        "logprobs",
        Status.USED,
        "0 to 5: each token's log-probability and this many likeliest alternatives",
        COMPLETIONS,
        INTEGER,
        check=_between(0, 5, msg("alternatives per token")),
    ),
    Field(
        "top_logprobs",
        Status.USED,
        "0 to 20: the likeliest alternatives to each token, with log-probabilities (with logprobs: true)",
        CHAT,
        INTEGER,
        check=_between(0, 20, msg("alternatives per token")),
    ),
    Field(
        "tools",
        Status.USED,
        "functions the model may call, shown to it by its own chat template; a template that does not "
        "read tools is refused with 400",
        CHAT,
        LIST,
        off=([],),
    ),
    Field("tools[].type", Status.USED, "function", CHAT, STRING, check=_function_type, required=True),
    Field("tools[].function", Status.USED, "the function: name, description, parameters", CHAT, OBJECT, required=True),
    Field("tools[].function.name", Status.USED, "its name", CHAT, STRING, check=_function_name, required=True),
    Field("tools[].function.description", Status.USED, "what it does, for the model", CHAT, STRING),
    Field(
        "tools[].function.parameters",
        Status.USED,
        "a JSON schema of its arguments; a forced call's arguments follow it (enforced while sampling)",
        CHAT,
        OBJECT,
    ),
    Field(
        "tools[].function.strict",
        Status.USED,
        "accepted: arguments follow the schema exactly when the call is forced (tool_choice required or a "
        "function); with auto the model writes them freely",
        CHAT,
        BOOLEAN,
    ),
    Field(
        "tool_choice",
        Status.USED,
        '"auto" (the model decides), "none" (no calls: tools are not shown), "required" or '
        '{"type": "function", "function": {"name": ...}}: a call forced by llama.cpp\'s grammar sampler',
        CHAT,
        check=_tool_choice,
    ),
    Field(
        "parallel_tool_calls",
        Status.USED,
        f"false: at most one call; true (the default): up to {MAX_PARALLEL_CALLS} when forced",
        CHAT,
        BOOLEAN,
    ),
    Field(
        "messages[].tool_calls",
        Status.USED,
        "an assistant's earlier calls, rendered by the chat template (arguments as a JSON object)",
        CHAT,
        LIST,
        off=([],),
    ),
    Field("messages[].tool_calls[].id", Status.USED, "the call's id, which the tool's answer names", CHAT, STRING),
    Field("messages[].tool_calls[].type", Status.USED, "function", CHAT, STRING, check=_function_type),
    Field("messages[].tool_calls[].function", Status.USED, "name and arguments", CHAT, OBJECT, required=True),
    Field("messages[].tool_calls[].function.name", Status.USED, "the function", CHAT, STRING, required=True),
    Field(
        "messages[].tool_calls[].function.arguments",
        Status.USED,
        "its arguments as JSON text",
        CHAT,
        STRING,
        required=True,
    ),
    Field("messages[].tool_call_id", Status.USED, "on a tool message: the call it answers", CHAT, STRING),
    Field(
        "messages[].name",
        Status.USED,
        "passed to the chat template as the message's name (most templates read it, if at all, on tool messages)",
        CHAT,
        STRING,
    ),
    # OpenAI fields Quill does not do.
    Field(
        "presence_penalty",
        Status.REFUSED,
        "use repeat_penalty (llama.cpp's penalty on recent repeats) instead",
        kind=NUMBER,
        off=(0,),
    ),
    Field(
        "frequency_penalty",
        Status.REFUSED,
        "use repeat_penalty (llama.cpp's penalty on recent repeats) instead",
        kind=NUMBER,
        off=(0,),
    ),
    Field("logit_bias", Status.REFUSED, "token biases are not passed on to the sampler", kind=OBJECT, off=({},)),
    Field("functions", Status.REFUSED, "the old form of tools: send tools instead", CHAT),
    Field(
        "function_call", Status.REFUSED, "the old form of tool_choice: send tool_choice instead", CHAT, off=("none",)
    ),
    Field(
        "modalities",
        Status.REFUSED,
        "Quill's models write text only",
        CHAT,
        LIST,
        off=(["text"],),
    ),
    Field("audio", Status.REFUSED, "Quill's models write text only", CHAT),
    Field("prediction", Status.REFUSED, "predicted outputs are not used", CHAT),
    Field("reasoning_effort", Status.REFUSED, "Quill's models have no reasoning setting", CHAT),
    Field("verbosity", Status.REFUSED, "Quill's models have no verbosity setting", CHAT),
    Field("web_search_options", Status.REFUSED, "Quill does not search the web: nothing leaves this computer", CHAT),
    Field("service_tier", Status.REFUSED, "Quill has one tier: leave it out", kind=STRING),
    Field(
        "best_of",
        Status.REFUSED,
        "Quill returns every choice it makes: ask for n instead",
        COMPLETIONS,
        INTEGER,
        off=(1,),
    ),
    Field(
        "echo",
        Status.REFUSED,
        "the reply does not repeat the prompt",
        COMPLETIONS,
        BOOLEAN,
        off=(False,),
    ),
    Field(
        "suffix",
        Status.REFUSED,
        "Quill does not fill in text between a prompt and a suffix",
        COMPLETIONS,
        STRING,
        off=("",),
    ),
)


def fields_for(route: Route) -> dict[str, Field]:
    """The rows for ``route``, by name."""
    return {row.name: row for row in FIELDS if route in row.routes}


# ----- checking a request -----------------------------------------------------------------------


def check_request(body: object, route: Route) -> dict[str, Any]:
    """``body`` (parsed JSON) as Quill will use it: nulls and ``off`` values dropped, every field checked.

    Raises:
        FieldError: the first field Quill cannot take, named.
    """
    if not isinstance(body, dict):
        raise FieldError(None, msg("The request body must be a JSON object."), "invalid_type")
    return _check_object(body, fields_for(route), "", "", route)


def _check_object(
    value: Mapping[str, Any], rows: dict[str, Field], prefix: str, shown: str, route: Route
) -> dict[str, Any]:
    """The fields of one object: ``prefix`` is its rows' prefix (``messages[].``), ``shown`` its place (``messages[2].``)."""
    kept: dict[str, Any] = {}
    for key, item in value.items():
        if item is not None:  # null asks for nothing, as in OpenAI's API
            kept[key] = _check_field(rows.get(prefix + key), item, rows, prefix + key, shown + key, route)
    kept = {key: item for key, item in kept.items() if item is not _OFF}
    for name, row in rows.items():
        key = name[len(prefix) :]
        if row.required and name.startswith(prefix) and key.isidentifier() and key not in kept:
            raise FieldError(
                shown + key, msg("'{value}' is required.", value=shown + key), "missing_required_parameter"
            )
    return kept


_OFF = object()  # a value that asks for nothing: left out of the checked request


def _check_field(row: Field | None, item: Any, rows: dict[str, Field], name: str, param: str, route: Route) -> Any:
    if row is None:
        raise FieldError(
            param,
            msg(
                "Quill does not support the field '{param}' on {route}; `quill serve --help` lists the ones it takes.",
                param=param,
                route=ROUTES[route],
            ),
            "unknown_parameter",
        )
    if any(item == off and isinstance(item, bool) == isinstance(off, bool) for off in row.off):
        return _OFF  # 0 and 0.0 alike, but never false for 0
    if row.status is Status.PLANNED:
        raise FieldError(
            param,
            msg(
                "Quill does not support '{param}' yet: {described}. Leave it out for now.",
                param=param,
                described=described(row),
            ),
            "unsupported_parameter",
        )
    if row.status is Status.REFUSED:
        raise FieldError(
            param,
            msg("Quill does not support '{param}': {described}.", param=param, described=described(row)),
            "unsupported_parameter",
        )
    if not row.kind.test(item):
        raise FieldError(
            param, msg("Invalid '{param}': it must be {words}.", param=param, words=row.kind.words), "invalid_type"
        )
    problem = row.check(item) if row.check is not None else None
    if problem is not None:
        if problem.startswith("Quill "):  # a whole sentence
            raise FieldError(param, msg("{problem}.", problem=problem), "unsupported_value")
        raise FieldError(param, msg("'{param}' {problem}.", param=param, problem=problem), "unsupported_value")
    if isinstance(item, dict) and any(r.startswith(name + ".") for r in rows):
        return _check_object(item, rows, name + ".", param + ".", route)
    if isinstance(item, list) and any(r.startswith(name + "[].") for r in rows):
        items = []
        for index, each in enumerate(item):
            if not isinstance(each, dict):
                raise FieldError(
                    f"{param}[{index}]",
                    msg("Invalid '{param}[{index}]': it must be an object.", param=param, index=index),
                    "invalid_type",
                )
            items.append(_check_object(each, rows, name + "[].", f"{param}[{index}].", route))
        return items
    return item


# ----- the lists people read ------------------------------------------------------------------------

STATUS_WORDS = {
    Status.USED: "used",
    Status.CLIENT: "accepted",
    Status.PLANNED: "not yet: 400",
    Status.REFUSED: "no: 400",
}
_HEADINGS = {
    Status.USED: "Used",
    Status.CLIENT: "Accepted (they describe the client and change no reply)",
    Status.PLANNED: "Not supported yet, refused with 400",
    Status.REFUSED: "Not supported, refused with 400",
}


def names(status: Status, *, nested: bool = True) -> list[str]:
    """The field names of one kind, in table order, each once (``nested`` False leaves out ``messages[].x``)."""
    found = [row.name for row in FIELDS if row.status is status and (nested or "[]" not in row.name)]
    return list(dict.fromkeys(found))


def described(row: Field) -> str:
    """What Quill does with the field, and which values of a refused one ask for nothing."""
    if not row.off:
        return row.does
    return row.does + "; " + " or ".join(json.dumps(v) for v in row.off) + " is accepted"


def markdown() -> str:
    """The README's table of request fields (``python -m assistant.server.fields`` prints it)."""
    out = ["| Field | Route | Quill | What it does |", "|---|---|---|---|"]
    for status in Status:
        for row in (r for r in FIELDS if r.status is status):
            routes = "both" if row.routes == BOTH else " and ".join(row.routes)  # both: chat and completions
            out.append(f"| `{row.name}` | {routes} | {STATUS_WORDS[status]} | {described(row)} |")
    return "\n".join(out) + "\n"


def help_text(width: int = 100) -> str:
    """``quill serve --help``'s epilog: what the used fields do, the names of the others."""
    import textwrap

    out = ["request fields ([chat], [completions], [embeddings]: on that route only):"]
    for row in (r for r in FIELDS if r.status is Status.USED):
        where = "" if row.routes == BOTH else f" [{' and '.join(row.routes)}]"
        out += textwrap.wrap(f"{row.name}{where}: {row.does}", width, initial_indent="  ", subsequent_indent="      ")
    for status in (Status.CLIENT, Status.PLANNED, Status.REFUSED):
        if not names(status):
            continue
        text = f"{_HEADINGS[status]}: {', '.join(names(status))}."
        out += textwrap.wrap(text, width, initial_indent="  ", subsequent_indent="    ")
    closing = (
        "Any other field is refused with 400, naming it; a field set to null asks for nothing. "
        "/v1/embeddings answers with the Library's embedding model (Settings → Library, or --embedding-model); "
        "with none chosen it is a 400 that says so."
    )
    out += textwrap.wrap(closing, width, initial_indent="  ", subsequent_indent="  ")
    return "\n".join(out)


if __name__ == "__main__":
    print(markdown(), end="")
