"""GBNF for a forced tool call: the format's markup around grammars made from each tool's JSON schema.

The JSON schemas are turned into GBNF by the backend (llama-cpp-python's converter, with
Quill's check for keywords it cannot enforce: core/backends/llama_batch.py); here each
converted grammar gets its rules renamed with a prefix of its own (so two tools' ``location``
rules cannot collide) and is joined under the format's ``root``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

# A JSON schema (as JSON text) -> a GBNF grammar whose start rule is ``root``.
SchemaToGrammar = Callable[[str], str]

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_RULE = re.compile(r"^([A-Za-z0-9_-]+)\s*::=", re.MULTILINE)
# A GBNF text in pieces: literals, character classes and comments (kept as they are), names, the rest.
_PIECES = re.compile(r'"(?:\\.|[^"\\])*"|\[(?:\\.|[^\]\\])*\]|#[^\n]*|[A-Za-z0-9_-]+|\s+|.', re.DOTALL)


def literal(text: str) -> str:
    """``text`` as a GBNF string literal."""
    out = []
    for c in text:
        if c in _ESCAPES:
            out.append(_ESCAPES[c])
        elif ord(c) < 0x20 or ord(c) == 0x7F:
            out.append(f"\\x{ord(c):02X}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def prefixed(grammar: str, prefix: str) -> str:
    """``grammar`` with every rule it defines renamed ``prefix + name`` (its start rule becomes ``prefix + "root"``)."""
    defined = set(_RULE.findall(grammar))
    return "".join(prefix + p if p in defined else p for p in _PIECES.findall(grammar))


def tool_grammar(
    markup: Callable[[Sequence[tuple[str, str]], bool], str], grammars: Sequence[tuple[str, str]], parallel: bool
) -> str:
    """The whole grammar: ``markup`` (a format's rules) around each tool's arguments.

    Args:
        markup: the format's rules, given (tool name, its arguments' start rule) pairs.
        grammars: (tool name, the GBNF its parameters' JSON schema converted to) pairs.
        parallel: whether several calls may follow each other.
    """
    parts, rules = [], []
    for i, (name, grammar) in enumerate(grammars):
        prefix = f"tool{i}-"
        parts.append(prefixed(grammar, prefix))
        rules.append((name, prefix + "root"))
    return markup(rules, parallel) + "\n" + "\n".join(parts) + "\n"
