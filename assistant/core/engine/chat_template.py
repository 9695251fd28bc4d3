"""Render a conversation with the chat template a model carries.

The environment matches the one Hugging Face's tokenizers (and llama-cpp-python)
use for the same templates: a sandbox, ``trim_blocks`` and ``lstrip_blocks``,
loop controls, ``tojson`` that keeps non-ASCII text, ``raise_exception`` and
``strftime_now``. So a model sees the prompt its authors trained it on.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any, NoReturn

import jinja2
from jinja2.ext import loopcontrols
from jinja2.sandbox import ImmutableSandboxedEnvironment

from assistant.core.errors import UserFacingError
from assistant.core.types import Message

# Used only for models that carry no template of their own, and said so in ModelInfo.
CHATML_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)


class ChatTemplateError(UserFacingError):
    """The model's chat template could not be rendered for this conversation."""


class _TemplateRaised(Exception):
    """``raise_exception`` was called by the template itself."""


def _raise_exception(message: str) -> NoReturn:
    raise _TemplateRaised(message)


def _tojson(
    value: Any, ensure_ascii: bool = False, indent: int | None = None, separators: Any = None, sort_keys: bool = False
) -> str:
    return json.dumps(value, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)


def _strftime_now(fmt: str) -> str:
    return datetime.datetime.now().strftime(fmt)


@lru_cache(maxsize=8)
def _compile(template: str) -> jinja2.Template:
    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[loopcontrols])
    env.filters["tojson"] = _tojson
    env.globals["raise_exception"] = _raise_exception
    env.globals["strftime_now"] = _strftime_now
    try:
        return env.from_string(template)
    except jinja2.TemplateSyntaxError as exc:
        raise ChatTemplateError(
            f"The model's chat template is not valid Jinja ({exc.message}, line {exc.lineno})."
        ) from exc


def render_chat(
    template: str,
    messages: Sequence[Message],
    *,
    bos_token: str = "",
    eos_token: str = "",
    add_generation_prompt: bool = True,
    variables: Mapping[str, Any] | None = None,
) -> str:
    """Render ``messages`` with ``template``; ``variables`` are further names it reads (``tools``, ...).

    Some templates refuse a system message (Mistral, older Gemma); then the
    system text is folded into the first user message and rendering is retried,
    which is what those models' own documentation suggests.

    Raises:
        ChatTemplateError: the template is broken or refuses this conversation.
    """
    compiled = _compile(template)

    def render(msgs: Sequence[Message]) -> str:
        return compiled.render(
            messages=[m.as_dict() for m in msgs],
            bos_token=bos_token,
            eos_token=eos_token,
            add_generation_prompt=add_generation_prompt,
            **dict(variables or {}),
        )

    try:
        return render(messages)
    except _TemplateRaised as exc:
        folded = fold_system_message(messages)
        if folded is not None:
            try:
                return render(folded)
            except _TemplateRaised:
                pass
        raise ChatTemplateError(f"The model's chat template refused this conversation: {exc}.") from exc
    except jinja2.TemplateError as exc:
        raise ChatTemplateError(f"The model's chat template failed: {exc}.") from exc


def fold_system_message(messages: Sequence[Message]) -> list[Message] | None:
    """Merge a leading system message into the first user message; None if there is none."""
    if not messages or messages[0].role != "system":
        return None
    system, rest = messages[0], list(messages[1:])
    for i, message in enumerate(rest):
        if message.role == "user":
            rest[i] = Message("user", f"{system.content}\n\n{message.content}")
            return rest
    return [Message("user", system.content), *rest]
