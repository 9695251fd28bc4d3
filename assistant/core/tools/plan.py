"""A request's tools as the model will get them: checked against its chat template, the template's
variables, the grammar that forces a call, and the format its reply is read in.

Any caller (the API today) builds a :class:`ToolRequest`; :func:`plan_tools` needs the model's
template and the backend's schema converter, so it runs where the backend is (in the task).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from assistant.core.errors import BadInputError
from assistant.core.i18n import msg
from assistant.core.tools.formats import FORMATS, ToolFormat
from assistant.core.tools.grammar import SchemaToGrammar, tool_grammar
from assistant.core.tools.template import inspect_template
from assistant.core.types import Message

Choice = Literal["auto", "none", "required", "function"]


class ToolRequestError(BadInputError):
    """The request's tools (or its tool messages) cannot be used with this model; ``param`` names the field
    as OpenAI would (``tools``, ``tool_choice``, ``messages[2].tool_calls``)."""

    def __init__(self, param: str, message: str, code: str = "unsupported_parameter") -> None:
        super().__init__(message)
        self.param = param
        self.code = code


@dataclass(frozen=True)
class ToolRequest:
    """What a request asks of tools: OpenAI's ``tools``, ``tool_choice`` and ``parallel_tool_calls``.

    ``choice`` "function" forces the call of ``function``; "required" forces a call of any tool.
    """

    tools: tuple[Mapping[str, Any], ...] = ()
    choice: Choice = "auto"
    function: str | None = None
    parallel: bool = True


@dataclass(frozen=True)
class ToolPlan:
    """How to run it: the messages (call ids as the template accepts them), the template's variables,
    the grammar (None: free), and the format to read calls in (None: the reply is all content)."""

    messages: tuple[Message, ...]
    variables: Mapping[str, Any] = field(default_factory=dict)
    grammar: str | None = None
    format: ToolFormat | None = None
    parallel: bool = True


def _known() -> str:
    return ", ".join(row.name for row in FORMATS)


def _check_messages(messages: Sequence[Message], template: str | None) -> None:
    support = inspect_template(template)
    for i, message in enumerate(messages):
        if message.tool_calls and not support.reads_tool_calls:
            raise ToolRequestError(
                f"messages[{i}].tool_calls",
                msg(
                    "The model's chat template does not support tools: it never reads 'tool_calls', so 'messages[{i}].tool_calls' would not reach the model. Leave earlier calls out, or use a model whose template supports tools.",
                    i=i,
                ),
            )
        if message.role == "tool" and not support.reads_tool_role:
            raise ToolRequestError(
                f"messages[{i}].role",
                msg(
                    "The model's chat template does not support tools: it has no place for a 'tool' message (messages[{i}]). Send the tool's answer as a user message, or use a model whose template supports tools.",
                    i=i,
                ),
            )


def _with_ids(messages: Sequence[Message], fmt: ToolFormat | None) -> tuple[Message, ...]:
    """Call ids as the template accepts them (Mistral's: nine letters and digits), the same id alike everywhere."""
    if fmt is None or fmt.call_id is None:
        return tuple(messages)
    to_id = fmt.call_id
    out = []
    for message in messages:
        if message.tool_calls:
            message = replace(message, tool_calls=tuple(replace(c, id=to_id(c.id)) for c in message.tool_calls))
        if message.tool_call_id is not None:
            message = replace(message, tool_call_id=to_id(message.tool_call_id))
        out.append(message)
    return tuple(out)


def _schema(tool: Mapping[str, Any]) -> str:
    parameters = tool.get("function", {}).get("parameters")
    return json.dumps(parameters if parameters else {"type": "object", "properties": {}})


def plan_tools(
    asked: ToolRequest, messages: Sequence[Message], template: str | None, convert: SchemaToGrammar | None
) -> ToolPlan:
    """The plan for ``asked`` on a model with ``template`` (None: Quill cannot see it).

    Raises:
        ToolRequestError: the template has no tool support, or writes calls in a format Quill cannot
            read, or a forced call cannot be made (an unknown function, a schema the sampler cannot enforce).
    """
    _check_messages(messages, template)
    support = inspect_template(template)
    given = _with_ids(messages, support.format)
    if not asked.tools or asked.choice == "none":
        return ToolPlan(given)  # "none": the model is not shown the tools, and its reply is all content
    if not support.reads_tools:
        reason = (
            msg("Quill cannot see this model's chat template (another server renders it)")
            if template is None
            else msg("The model's chat template does not support tools: it never reads 'tools'")
        )
        raise ToolRequestError(
            "tools",
            msg(
                "{reason}, so the model would not see them. Leave 'tools' out, or use a model with tool calling.",
                reason=reason,
            ),
        )
    fmt = support.format
    if fmt is None:
        raise ToolRequestError(
            "tools",
            msg(
                "The model's chat template takes tools, but its calls come in a form Quill cannot read yet (it reads {known}). Leave 'tools' out, or use another model.",
                known=_known(),
            ),
        )
    grammar = None
    if asked.choice in ("required", "function"):
        names = [str(t.get("function", {}).get("name", "")) for t in asked.tools]
        chosen = [i for i, name in enumerate(names) if asked.choice == "required" or name == asked.function]
        if not chosen:
            raise ToolRequestError(
                "tool_choice",
                msg(
                    "'tool_choice' names the function '{function}', which is not among 'tools'.",
                    function=asked.function,
                ),
                "invalid_value",
            )
        if convert is None:
            raise ToolRequestError(
                "tool_choice", msg("This model's backend cannot constrain sampling, so a call cannot be forced.")
            )
        grammars = []
        for i in chosen:
            try:
                grammars.append((names[i], convert(_schema(asked.tools[i]))))
            except BadInputError as exc:
                raise ToolRequestError(
                    f"tools[{i}].function.parameters",
                    msg("Tool '{name}': {exc}", name=names[i], exc=exc),
                    "invalid_value",
                ) from exc
        grammar = tool_grammar(fmt.grammar, grammars, asked.parallel and asked.choice == "required")
    return ToolPlan(given, {"tools": [dict(t) for t in asked.tools]}, grammar, fmt, asked.parallel)
