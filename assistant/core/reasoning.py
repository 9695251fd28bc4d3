"""A model's reasoning ("thinking"): how it is marked, how to split it from the answer while streaming,
and how the model is asked to think or not.

Reasoning models write their thoughts before the answer, between markers their chat
template and vocabulary know: ``<think>…</think>`` (Qwen3, DeepSeek-R1, GLM, SmolLM3, MiniMax),
``[THINK]…[/THINK]`` (Magistral), ``<|START_THINKING|>…<|END_THINKING|>`` (Command R7B),
``<seed:think>…</seed:think>`` (Seed-OSS), ``<|channel|>analysis<|message|>…<|end|>`` (gpt-oss),
``<|begin_of_thought|>…<|end_of_thought|>`` (OpenThoughts-style fine-tunes). The markers are read
from the template's string literals and the vocabulary's added tokens by their shape
(:func:`find_markers`); :data:`KNOWN_MARKERS` is only the fallback when neither can be read
(a remote server) or neither has any.

:class:`ReasoningSplitter` turns a stream of text into reasoning and answer pieces, whatever
way the markers are cut across tokens. Some templates open the reasoning themselves at the end
of the generation prompt (DeepSeek-R1 distills, Qwen3-Thinking): then the output starts inside
it (:func:`starts_inside`). The engine applies the splitter to every conversation's reply
(core/engine/engine.py), so no consumer ever sees a marker: chat shows the reasoning apart,
tasks and the API's ``content`` leave it out.

:func:`thinking_switch` says whether and how a model's thinking can be turned off: the template's
``enable_thinking`` (or ``thinking``) variable, Qwen3's documented ``/no_think`` instruction, or not
at all; :func:`apply_thinking` applies a choice to one request.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Literal

from assistant.core.types import Event, Finished, Message, ModelInfo, ReasoningDelta, TextDelta


@dataclass(frozen=True)
class Markers:
    """One way a model marks its reasoning. ``answer_prefixes`` may stand between the end of the
    reasoning and the answer (gpt-oss's ``<|start|>assistant<|channel|>final<|message|>``); they go."""

    open: str
    close: str
    answer_prefixes: tuple[str, ...] = ()


_GPT_OSS = Markers(
    "<|channel|>analysis<|message|>",
    "<|end|>",
    ("<|start|>assistant<|channel|>final<|message|>", "<|channel|>final<|message|>"),
)

# The fallback: markers of the reasoning models people run, used where the template and vocabulary
# cannot be read (a remote server renders its own) or show none.
KNOWN_MARKERS: tuple[Markers, ...] = (
    Markers("<think>", "</think>"),
    Markers("<thinking>", "</thinking>"),
    Markers("[THINK]", "[/THINK]"),
    Markers("<|START_THINKING|>", "<|END_THINKING|>", ("<|START_RESPONSE|>",)),
    Markers("<|begin_of_thought|>", "<|end_of_thought|>", ("<|begin_of_solution|>",)),
    Markers("<seed:think>", "</seed:think>"),
    Markers("◁think▷", "◁/think▷"),
    _GPT_OSS,
)

# How reasoning markers are shaped: an opening form, and the closing form made from its parts.
_WORD = r"(?i:think|thinking|thought|thoughts|reasoning|reason)"
_SHAPES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"<((?:[a-z]+:)?{_WORD})>", re.IGNORECASE), "</{0}>"),
    (re.compile(rf"\[({_WORD})\]", re.IGNORECASE), "[/{0}]"),
    (re.compile(rf"<\|begin_of_({_WORD})\|>", re.IGNORECASE), "<|end_of_{0}|>"),
    (re.compile(rf"<\|START_({_WORD})\|>"), "<|END_{0}|>"),
    (re.compile(rf"◁({_WORD})▷", re.IGNORECASE), "◁/{0}▷"),
)
_ANSWER_PREFIXES = {"<|END_THINKING|>": ("<|START_RESPONSE|>",), "<|end_of_thought|>": ("<|begin_of_solution|>",)}


def find_markers(texts: Iterable[str]) -> tuple[Markers, ...]:
    """The reasoning markers that ``texts`` (a template's string literals, a vocabulary's added tokens)
    hold: an opening marker whose closing one is there too. gpt-oss's analysis channel is its own case."""
    pool = [t for t in texts if t]
    joined = "\n".join(pool)
    found: dict[str, Markers] = {}
    for pattern, closing in _SHAPES:
        for match in pattern.finditer(joined):
            close = closing.format(match.group(1))
            if close in joined and match.group(0) not in found:
                found[match.group(0)] = Markers(match.group(0), close, _ANSWER_PREFIXES.get(close, ()))
    if _GPT_OSS.open in joined or ("<|channel|>" in pool and "analysis" in joined and "<|end|>" in pool):
        found[_GPT_OSS.open] = _GPT_OSS
    return tuple(found.values())


# ----- what a template says --------------------------------------------------------------------


@lru_cache(maxsize=16)
def _template_facts(template: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """The template's string literals and the variables it reads from its caller (empty if it does not parse)."""
    import jinja2
    from jinja2 import meta, nodes

    try:
        ast = jinja2.Environment(extensions=["jinja2.ext.loopcontrols"]).parse(template)
    except jinja2.TemplateError:
        return (), frozenset()
    literals: list[str] = []
    for node in ast.find_all((nodes.Const, nodes.TemplateData)):
        value = node.data if isinstance(node, nodes.TemplateData) else getattr(node, "value", None)
        if isinstance(value, str):
            literals.append(value)
    return tuple(literals), frozenset(meta.find_undeclared_variables(ast))


def template_literals(template: str) -> tuple[str, ...]:
    """Every string constant and piece of literal text in the template (where its markers are written)."""
    return _template_facts(template)[0]


def template_variables(template: str) -> frozenset[str]:
    """The names the template reads besides its own (``messages``, ``enable_thinking``, ``tools``...),
    from its Jinja syntax tree, not from a text search."""
    return _template_facts(template)[1]


# ----- switching thinking on and off ---------------------------------------------------------------

SwitchKind = Literal["variable", "instruction", "always", "none"]
THINKING_VARIABLES = ("enable_thinking", "thinking")  # Qwen3, GLM, SmolLM3...; DeepSeek-V3.1, Granite
NO_THINK = "/no_think"  # Qwen3's documented soft switch (its model card), also read by SmolLM3's template
QWEN3_ARCHITECTURES = ("qwen3", "qwen3moe", "qwen3next")


@dataclass(frozen=True)
class ThinkingSwitch:
    """How a model's thinking is turned on and off.

    ``kind``: "variable" (the template reads ``variable``: True or False is passed), "instruction"
    (``off_instruction`` goes into the system prompt), "always" (it reasons and has no documented way
    to stop), "none" (it does not reason, as far as its template and vocabulary show).
    """

    kind: SwitchKind = "none"
    variable: str = ""
    off_instruction: str = ""

    @property
    def switchable(self) -> bool:
        return self.kind in ("variable", "instruction")


@dataclass(frozen=True)
class ReasoningSupport:
    """What a loaded model does with reasoning: its markers (and where they were read) and its switch."""

    markers: tuple[Markers, ...] = KNOWN_MARKERS
    source: Literal["template", "vocabulary", "table"] = "table"
    switch: ThinkingSwitch = field(default_factory=ThinkingSwitch)

    @property
    def reasons(self) -> bool:
        """Whether the model is known to reason (its template or vocabulary has markers)."""
        return self.source != "table"


def reasoning_support(template: str | None, vocabulary: Iterable[str] = (), architecture: str = "") -> ReasoningSupport:
    """A model's reasoning markers and thinking switch, from its chat template, the texts of its
    added (control and user-defined) tokens and its architecture."""
    literals = template_literals(template) if template else ()
    source: Literal["template", "vocabulary", "table"] = "template"
    markers = find_markers(literals)
    if not markers:
        markers, source = find_markers(vocabulary), "vocabulary"
    if not markers:
        return ReasoningSupport(KNOWN_MARKERS, "table", ThinkingSwitch("none"))
    return ReasoningSupport(markers, source, thinking_switch(template or "", markers, architecture))


def thinking_switch(template: str, markers: Sequence[Markers], architecture: str = "") -> ThinkingSwitch:
    """Whether and how thinking can be switched for a model that reasons with ``markers``.

    The template's own variable first (``enable_thinking``: Qwen3, GLM-4.5+, SmolLM3, Nemotron;
    ``thinking``: DeepSeek-V3.1, Granite), found in its syntax tree; else Qwen3's ``/no_think``
    instruction for Qwen3 models and templates that read it themselves; else none.
    """
    if not markers:
        return ThinkingSwitch("none")
    names = template_variables(template) if template else frozenset()
    for name in THINKING_VARIABLES:
        if name in names:
            return ThinkingSwitch("variable", variable=name)
    qwen3 = architecture.lower() in QWEN3_ARCHITECTURES
    if qwen3 or any(NO_THINK in text for text in template_literals(template)):
        return ThinkingSwitch("instruction", off_instruction=NO_THINK)
    return ThinkingSwitch("always")


def thinking_key(info: ModelInfo) -> str:
    """The name a model's thinking default is remembered under: its file, or a remote model's name."""
    return str(info.path) if info.path is not None else info.name


def apply_thinking(
    messages: Sequence[Message], switch: ThinkingSwitch, on: bool | None
) -> tuple[list[Message], dict[str, Any]]:
    """The messages and template variables for a request with thinking ``on`` (None: the model's default).

    An instruction goes at the end of the system prompt (a system message is added if there is none),
    so the prompt's prefix stays the same from turn to turn and the KV cache is reused.
    """
    messages = list(messages)
    if on is None or not switch.switchable:
        return messages, {}
    if switch.kind == "variable":
        return messages, {switch.variable: on}
    if on:
        return messages, {}
    if messages and messages[0].role == "system":
        first = messages[0]
        messages[0] = replace(first, content=f"{first.content.rstrip()}\n\n{switch.off_instruction}".lstrip())
    else:
        messages.insert(0, Message("system", switch.off_instruction))
    return messages, {}


# ----- splitting a stream ------------------------------------------------------------------------


def starts_inside(prompt: str, markers: Sequence[Markers]) -> Markers | None:
    """The markers whose reasoning the prompt itself opened (its generation prompt ends with an
    opening marker: DeepSeek-R1 distills, Qwen3-Thinking), or None."""
    tail = prompt.rstrip()
    for m in markers:
        if tail.endswith(m.open):
            return m
    return None


def _partial(text: str, marks: Iterable[str]) -> int:
    """The length of the longest end of ``text`` that is the start of one of ``marks`` (held back)."""
    best = 0
    for mark in marks:
        for n in range(min(len(mark) - 1, len(text)), best, -1):
            if mark.startswith(text[-n:]):
                best = n
                break
    return best


class ReasoningSplitter:
    """Splits streamed text into reasoning and answer. ``feed`` returns the pieces safe to pass on now,
    ``finish`` the rest; joined they are the reasoning and the answer without their markers.

    Reasoning is recognised only before the answer begins (a model that mentions ``<think>`` in its
    answer keeps it). White space around the reasoning and before the answer goes; so does a marker
    that announces the answer (gpt-oss's final channel). Reasoning that never closes (the reply was cut
    off) stays reasoning.

    ``tokens`` counts the pieces fed while the reasoning was open (each piece a model sends is one token).
    """

    def __init__(self, markers: Sequence[Markers], inside: Markers | None = None) -> None:
        self.markers = tuple(markers)
        self._inside = inside
        self._answering = False  # the answer began: everything else is answer
        self._after_close = False  # an answer prefix may still come
        self._closed = False  # a reasoning block ended
        self._held = ""
        self._reasoning_started = False
        self.reasoning = ""
        self.tokens = 0
        self._reported = 0  # tokens already carried by ReasoningDelta events
        self._opens = tuple(m.open for m in self.markers)

    @property
    def inside(self) -> bool:
        return self._inside is not None

    def feed(self, text: str) -> list[ReasoningDelta | TextDelta]:
        counted = self._inside is not None
        out: list[ReasoningDelta | TextDelta] = []
        if self._answering:
            return [TextDelta(text)] if text else []
        buffer = self._held + text
        self._held = ""
        while buffer:
            if self._inside is not None:
                counted = True
                buffer = self._feed_inside(buffer, out)
            else:
                buffer = self._feed_outside(buffer, out)
                if self._answering:
                    if buffer:
                        out.append(TextDelta(buffer))
                    buffer = ""
            if self._held:
                break
        if counted or self._inside is not None:
            self.tokens += 1
        return self._counted(out)

    def _counted(self, out: list[ReasoningDelta | TextDelta]) -> list[ReasoningDelta | TextDelta]:
        """The pieces with the tokens spent since the last reasoning piece put on the last one, so the
        tokens of the ReasoningDelta events add up (held white space, the markers) as they stream."""
        last = max((i for i, e in enumerate(out) if isinstance(e, ReasoningDelta)), default=-1)
        if last < 0:
            return out
        counted: list[ReasoningDelta | TextDelta] = []
        for i, event in enumerate(out):
            if isinstance(event, ReasoningDelta):
                event = ReasoningDelta(event.text, self.tokens - self._reported if i == last else 0)
            counted.append(event)
        self._reported = self.tokens
        return counted

    def _feed_inside(self, buffer: str, out: list[ReasoningDelta | TextDelta]) -> str:
        markers = self._inside
        assert markers is not None
        end = buffer.find(markers.close)
        if end >= 0:
            self._reason(buffer[:end].rstrip(), out)
            self._inside, self._after_close, self._closed = None, True, True
            return buffer[end + len(markers.close) :]
        hold = _partial(buffer, (markers.close,))
        body = buffer[: len(buffer) - hold]
        stripped = body.rstrip()  # white space before the close marker goes: hold it until more comes
        self._held = body[len(stripped) :] + buffer[len(buffer) - hold :]
        self._reason(stripped, out)
        return ""

    def _reason(self, text: str, out: list[ReasoningDelta | TextDelta]) -> None:
        if not self._reasoning_started:
            text = text.lstrip()
            if not text:
                return
            self._reasoning_started = True
        if text:
            self.reasoning += text
            out.append(ReasoningDelta(text))

    def _feed_outside(self, buffer: str, out: list[ReasoningDelta | TextDelta]) -> str:
        stripped = buffer.lstrip()
        if not stripped:
            self._held = buffer  # white space before anything: it may precede a marker
            return ""
        if self._after_close:
            prefixes = self._answer_prefixes()
            for prefix in prefixes:
                if stripped.startswith(prefix):
                    self._after_close = False
                    return stripped[len(prefix) :]
            if prefixes and _partial(stripped, prefixes) == len(stripped):
                self._held = buffer
                return ""
            self._after_close = False
        for m in self.markers:
            if stripped.startswith(m.open):
                if self._reasoning_started and self.reasoning:
                    self.reasoning += "\n\n"  # a second block (gpt-oss may write several)
                    out.append(ReasoningDelta("\n\n"))
                self._inside, self._after_close = m, False
                return stripped[len(m.open) :]
        if _partial(stripped, self._opens) == len(stripped):
            self._held = buffer
            return ""
        self._answering = True
        # After reasoning, the white space before the answer goes; otherwise it is the answer's own
        # (a continuation that starts with a space).
        return stripped if self._closed else buffer

    def _answer_prefixes(self) -> tuple[str, ...]:
        return tuple(p for m in self.markers for p in m.answer_prefixes)

    def finish(self) -> list[ReasoningDelta | TextDelta]:
        """What was held back: reasoning if the reasoning never closed, else the answer's end."""
        held, self._held = self._held, ""
        if self._inside is not None:
            out: list[ReasoningDelta | TextDelta] = []
            self._reason(held.rstrip(), out)
            return self._counted(out)
        if self._answering or held.strip():
            return [TextDelta(held)] if held.strip() else []
        return []


def split_reasoning(
    events: Iterable[Event], markers: Sequence[Markers], inside: Markers | None = None
) -> Iterator[Event]:
    """``events`` with their text split: reasoning as ReasoningDelta, the answer as TextDelta. The
    Finished event carries the count of reasoning tokens. Other events pass through."""
    splitter = ReasoningSplitter(markers, inside)
    for event in events:
        if isinstance(event, TextDelta):
            yield from splitter.feed(event.text)
        elif isinstance(event, Finished):
            if event.reason != "cancelled":
                yield from splitter.finish()
            reasoning_tokens = splitter.tokens + event.stats.reasoning_tokens
            yield replace(event, stats=replace(event.stats, reasoning_tokens=reasoning_tokens))
        else:
            yield event
