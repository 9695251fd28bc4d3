"""Render a conversation with the chat template a model carries.

The environment is the one Hugging Face ``transformers`` builds in
``transformers.utils.chat_template_utils`` (the reference every template author
tests against): a sandbox with ``trim_blocks`` and ``lstrip_blocks``, loop
controls, the ``{% generation %}`` tag, ``tojson`` that keeps non-ASCII text,
``raise_exception``, ``strftime_now`` and its guarded ``dict`` and ``namespace``.
The template sees ``tools`` and ``documents`` (None when absent), ``bos_token``,
``eos_token``, ``add_generation_prompt`` and any further variables the caller
passes (``enable_thinking``, ...), and messages without None fields, reasoning
under all three of its names. So a model sees the prompt its authors trained it
on, byte for byte (tests/core/engine/test_chat_template_corpus.py checks it).

On top of that reference, Quill folds a system message into the first user
message when a template refuses system messages, fills ``date_string`` with
today's date for templates that read it (as llama.cpp's server does; the
reference would leave the template's stale default), and turns every failure
into one plain :class:`ChatTemplateError` sentence.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from typing import Any, NoReturn

import jinja2
import jinja2.meta
import jinja2.nodes
import jinja2.parser
import jinja2.utils
from jinja2.ext import Extension, loopcontrols
from jinja2.sandbox import ImmutableSandboxedEnvironment

from assistant.core.errors import UserFacingError
from assistant.core.i18n import msg
from assistant.core.types import Message

# Used only for models that carry no template of their own, and said so in ModelInfo.
CHATML_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)

# The format Llama 3.x templates expect in ``date_string`` ("26 Jul 2024"), as llama.cpp fills it.
DATE_STRING_FORMAT = "%d %b %Y"

# Names a message's reasoning goes under; templates read the first (Qwen3, GLM) or ``thinking`` (gpt-oss, LFM2.5).
_REASONING_FIELDS = ("reasoning_content", "thinking", "reasoning")

# What transformers appends to the message being continued, to find where its text ends after rendering.
_CONTINUE_TAG = "CONTINUE_FINAL_MESSAGE_TAG "


class ChatTemplateError(UserFacingError):
    """The model's chat template could not be rendered for this conversation."""


class _TemplateRaised(jinja2.TemplateError):
    """``raise_exception`` was called by the template itself (a TemplateError, as in transformers)."""


def _raise_exception(message: str) -> NoReturn:
    raise _TemplateRaised(message)


def _tojson(
    value: Any, ensure_ascii: bool = False, indent: int | None = None, separators: Any = None, sort_keys: bool = False
) -> str:
    # Jinja's own tojson escapes <, >, & and ' for HTML, which would change the prompt.
    return json.dumps(value, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)


def _strftime_now(fmt: str) -> str:
    return datetime.datetime.now().strftime(fmt)


class _GenerationTag(Extension):
    """``{% generation %}...{% endgeneration %}`` marks the assistant's own text (for training masks); it renders its body."""

    tags = {"generation"}

    def parse(self, parser: jinja2.parser.Parser) -> jinja2.nodes.Node:
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(("name:endgeneration",), drop_needle=True)
        return jinja2.nodes.CallBlock(self.call_method("_body"), [], [], body).set_lineno(lineno)

    def _body(self, caller: Callable[[], str]) -> str:
        return caller()


class _TemplateDict:
    """``dict(...)`` for templates without the class itself (no attribute walk out of the sandbox)."""

    def __call__(self, *args: Any, **kwargs: Any) -> dict[Any, Any]:
        return dict(*args, **kwargs)

    def fromkeys(self, *args: Any, **kwargs: Any) -> dict[Any, Any]:
        return dict.fromkeys(*args, **kwargs)


class _TemplateNamespace(jinja2.utils.Namespace):
    """``namespace(...)`` that refuses underscore names, which could reach CPython internals."""

    def __init__(*args: Any, **kwargs: Any) -> None:  # noqa: N805 - Jinja's own signature trick, so namespace(self=1) works
        self, rest = args[0], args[1:]
        attrs = dict(*rest, **kwargs)
        for name in attrs:
            _TemplateNamespace._check_name(name)
        jinja2.utils.Namespace.__init__(self, attrs)

    def __setitem__(self, name: str, value: Any) -> None:
        _TemplateNamespace._check_name(name)
        jinja2.utils.Namespace.__setitem__(self, name, value)

    @staticmethod
    def _check_name(name: object) -> None:
        if isinstance(name, str) and name.startswith("_"):
            raise jinja2.exceptions.SecurityError(f"a namespace cannot hold the underscore name {name!r}")


@lru_cache(maxsize=8)
def _compile(template: str) -> tuple[jinja2.Template, frozenset[str]]:
    """The compiled template and the names it reads from outside (to fill ``date_string`` only where read)."""
    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[_GenerationTag, loopcontrols])
    env.filters["tojson"] = _tojson
    env.globals["raise_exception"] = _raise_exception
    env.globals["strftime_now"] = _strftime_now
    env.globals["dict"] = _TemplateDict()
    env.globals["namespace"] = _TemplateNamespace
    try:
        tree = env.parse(template)  # parsed once: for the names it reads, then compiled
        return env.from_string(tree), frozenset(jinja2.meta.find_undeclared_variables(tree))
    except jinja2.TemplateSyntaxError as exc:
        raise ChatTemplateError(
            msg(
                "The model's chat template is not valid Jinja ({message}, line {lineno}).",
                message=exc.message,
                lineno=exc.lineno,
            )
        ) from exc


def template_variables(template: str) -> frozenset[str]:
    """The names ``template`` reads besides its own (``enable_thinking``, ``tools``, ...): what a model supports.

    Raises:
        ChatTemplateError: the template is not valid Jinja.
    """
    return _compile(template)[1]


def _plain(value: Any) -> Any:
    """``value`` rebuilt from JSON types, as transformers does: the sandbox knows nothing of other objects' methods."""
    if value is None or type(value) in (str, int, float, bool):
        return value
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, int):
        return int.__int__(value)
    if isinstance(value, float):
        return float.__float__(value)
    if isinstance(value, Mapping):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return f"<{type(value).__name__}>"


def _message_dict(message: Message | Mapping[str, Any]) -> dict[str, Any]:
    """One message as the template sees it: no None fields, reasoning under every name templates read."""
    raw = message.as_dict() if isinstance(message, Message) else dict(message)
    plain: dict[str, Any] = _plain({k: v for k, v in raw.items() if v is not None})
    reasoning = next((plain[k] for k in _REASONING_FIELDS if plain.get(k) is not None), None)
    if reasoning is not None:
        plain = {"thinking": reasoning, **plain, "reasoning_content": reasoning}
    return plain


def render_chat(
    template: str,
    messages: Sequence[Message | Mapping[str, Any]],
    *,
    bos_token: str = "",
    eos_token: str = "",
    add_generation_prompt: bool = True,
    variables: Mapping[str, Any] | None = None,
    continue_final_message: bool = False,
    now: datetime.datetime | None = None,
) -> str:
    """Render ``messages`` with ``template``; ``variables`` are further names it reads (``tools``, ...).

    Messages are :class:`Message` objects or OpenAI-style dicts (tool calls, ``reasoning_content``).
    ``continue_final_message`` leaves the last message open so the model continues it (no
    generation prompt then). Both it and ``add_generation_prompt`` may also come in ``variables``,
    which win. ``now`` pins the clock ``strftime_now`` and ``date_string`` read.

    Some templates refuse a system message (Mistral, older Gemma); then the
    system text is folded into the first user message and rendering is retried,
    which is what those models' own documentation suggests.

    Raises:
        ChatTemplateError: the template is broken or refuses this conversation.
    """
    compiled, names = _compile(template)
    extra = {k: v for k, v in (variables or {}).items() if k != "messages"}
    # Callers that only hand over ``variables`` (Backend.render, GenerationRequest.template_vars) steer these two there.
    add_generation_prompt = bool(extra.pop("add_generation_prompt", add_generation_prompt))
    continue_final_message = bool(extra.pop("continue_final_message", continue_final_message))
    context: dict[str, Any] = {"bos_token": bos_token, "eos_token": eos_token, "tools": None, "documents": None}
    if "date_string" in names:
        context["date_string"] = (now or datetime.datetime.now()).strftime(DATE_STRING_FORMAT)
    if now is not None:
        context["strftime_now"] = lambda fmt: now.strftime(fmt)
    context.update(_plain(extra))
    context["add_generation_prompt"] = add_generation_prompt and not continue_final_message
    dicts = [_message_dict(m) for m in messages]

    def render(msgs: list[dict[str, Any]]) -> str:
        if not continue_final_message:
            return compiled.render(messages=msgs, **context)
        return _render_continued(compiled, template, msgs, context)

    try:
        try:
            return render(dicts)
        except _TemplateRaised as exc:
            folded = _fold_dicts(dicts)
            if folded is not None:
                try:
                    return render(folded)
                except _TemplateRaised:
                    pass
            raise ChatTemplateError(
                msg("The model's chat template refused this conversation: {exc}.", exc=exc)
            ) from exc
    except ChatTemplateError:
        raise
    except Exception as exc:  # noqa: BLE001 - a template is code: it can fail with TypeError, KeyError, ...
        raise ChatTemplateError(msg("The model's chat template failed: {describe}.", describe=_describe(exc))) from exc


def _describe(exc: Exception) -> str:
    if isinstance(exc, jinja2.TemplateError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def _render_continued(
    compiled: jinja2.Template, template: str, msgs: list[dict[str, Any]], context: Mapping[str, Any]
) -> str:
    """Render with the last message left open: tag its end, render, cut at the tag (transformers' method)."""
    if not msgs or not isinstance(msgs[-1].get("content"), str):
        raise ChatTemplateError(msg("There is no final message to continue."))
    if "content" not in template:
        raise ChatTemplateError(msg("The model's chat template cannot continue a message."))
    final = msgs[-1]["content"]
    tagged = [*msgs[:-1], {**msgs[-1], "content": final + _CONTINUE_TAG}]
    rendered = compiled.render(messages=tagged, **context)
    if final.strip() not in rendered or _CONTINUE_TAG.strip() not in rendered:
        raise ChatTemplateError(msg("The model's chat template drops part of the message to continue."))
    at = rendered.rindex(_CONTINUE_TAG.strip())
    if rendered[at : at + len(_CONTINUE_TAG)] == _CONTINUE_TAG:
        return rendered[:at]
    return rendered[:at].rstrip()  # the template trimmed the message, and with it the tag's space


def _fold_dicts(messages: list[dict[str, Any]]) -> list[dict[str, Any]] | None:
    if not messages or messages[0].get("role") != "system":
        return None
    system, rest = messages[0], list(messages[1:])
    text = system.get("content", "")
    for i, message in enumerate(rest):
        if message.get("role") == "user":
            rest[i] = {**message, "content": f"{text}\n\n{message.get('content', '')}"}
            return rest
    return [{"role": "user", "content": text}, *rest]


def fold_system_message(messages: Sequence[Message]) -> list[Message] | None:
    """Merge a leading system message into the first user message; None if there is none."""
    if not messages or messages[0].role != "system":
        return None
    system, rest = messages[0], list(messages[1:])
    for i, message in enumerate(rest):
        if message.role == "user":
            rest[i] = dataclasses.replace(message, content=f"{system.content}\n\n{message.content}")
            return rest
    return [Message("user", system.content), *rest]
