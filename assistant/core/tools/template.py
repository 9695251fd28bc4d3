"""What a chat template does with tools, read from its Jinja syntax tree (not a string search):
whether it reads the ``tools`` variable, earlier calls (``message.tool_calls``) and tool answers,
and which format (core/tools/formats.py) its calls take."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import jinja2
from jinja2 import meta, nodes
from jinja2.ext import loopcontrols

from assistant.core.tools.formats import ToolFormat, format_for


@dataclass(frozen=True)
class TemplateTools:
    """A template's tool support.

    Attributes:
        reads_tools: it reads the ``tools`` variable (so tools given to it reach the model).
        reads_tool_calls: it reads ``tool_calls`` of a message (earlier calls are rendered).
        reads_tool_role: it compares a role with "tool" (or Llama's "ipython"): tool answers are rendered.
        format: how its model writes calls, by the template's markers; None if Quill reads no such format.
    """

    reads_tools: bool
    reads_tool_calls: bool
    reads_tool_role: bool
    format: ToolFormat | None


NONE = TemplateTools(False, False, False, None)

# Tags a parser without Quill's extensions does not know; they do not touch variables.
_UNKNOWN_TAGS = re.compile(r"\{%-?\s*(?:end)?generation\s*-?%\}")


@lru_cache(maxsize=16)
def inspect_template(template: str | None) -> TemplateTools:
    """``template``'s tool support (:data:`NONE` for no template, or one that does not parse)."""
    if not template:
        return NONE
    env = jinja2.Environment(extensions=[loopcontrols])
    try:
        tree = env.parse(_UNKNOWN_TAGS.sub("", template))
    except jinja2.TemplateSyntaxError:
        return NONE
    names = meta.find_undeclared_variables(tree)
    calls = any(
        (isinstance(node, nodes.Getattr) and node.attr == "tool_calls")
        or (isinstance(node, nodes.Const) and node.value == "tool_calls")
        for node in tree.find_all((nodes.Getattr, nodes.Const))
    )
    role = any(node.value in ("tool", "ipython") for node in tree.find_all(nodes.Const))
    reads_tools = "tools" in names
    return TemplateTools(reads_tools, calls, role, format_for(template) if reads_tools else None)
