"""The sampling knobs, declared once: name, type, default, limits, CLI flag, API names and help.

Settings (the saved ones), GenerationParams (defaults and checks), ``generation_params``
(settings + overrides), the API server (request fields) and the CLI (flags) all read
:data:`KNOBS`, so adding a knob, changing a default or a limit is one edit here. The two
dataclasses still spell out their fields, because a type checker needs attribute lines;
their defaults come from here and tests/core/test_sampling.py fails if they drift.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from assistant.core.i18n import Text, msg

T = TypeVar("T")
Rule = tuple[Text, Callable[[Any], bool]]  # the words after "must be" (a msg: refusals are translated), the check


@dataclass(frozen=True)
class Knob(Generic[T]):
    """One sampling option.

    ``kind`` is the value's type (for ``many``, the type of one item); ``rule`` says which
    values are allowed, as the words after "must be" and a check; ``saved`` marks a field of
    Settings; ``cli`` gives it a flag named after it (``--top-p``); ``api`` names the OpenAI
    request fields that set it (default: its name), the first given winning and the last
    being the one Quill sends to a server.
    """

    name: str
    kind: type
    default: T
    help: str = ""
    metavar: str = "N"
    rule: Rule | None = None
    saved: bool = False
    cli: bool = True
    many: bool = False
    api: tuple[str, ...] | None = None

    @property
    def flag(self) -> str | None:
        """The CLI option, or None when the knob is not on the command line."""
        return "--" + self.name.replace("_", "-") if self.cli else None

    @property
    def api_names(self) -> tuple[str, ...]:
        return (self.name,) if self.api is None else self.api

    def problem(self, value: object) -> Text | None:
        """Why ``value`` is not allowed for this knob ("top-p must be between 0 and 1"), or None.

        English as a ``str`` (the API's error bodies), translated where the app or the CLI shows it.
        """
        if self.rule is None or value is None or self.rule[1](value):
            return None
        return msg("{knob} must be {rule}", knob=self.name.replace("_", "-"), rule=self.rule[0])


def between(low: float, high: float) -> Rule:
    return msg("between {low} and {high}", low=low, high=high), lambda v: low <= v <= high


def at_least(low: float) -> Rule:
    return msg("{low} or more", low=low), lambda v: v >= low


def above(low: float) -> Rule:
    return msg("above {low}", low=low), lambda v: v > low


# name, type, default, help, metavar, rule; then what differs from Knob's defaults
API_MAX_TOKENS = ("max_completion_tokens", "max_tokens")  # OpenAI's new name, and the one servers read
TEMPERATURE = Knob("temperature", float, 0.7, "0 for deterministic replies", "T", at_least(0), saved=True)
TOP_P = Knob("top_p", float, 0.95, "keep the likeliest words up to this probability", "P", between(0, 1), saved=True)
TOP_K = Knob("top_k", int, 40, "keep the K likeliest words (0: off)", "K", at_least(0), saved=True)
MIN_P = Knob("min_p", float, 0.05, "drop words less likely than P x the likeliest", "P", between(0, 1), saved=True)
REPEAT_PENALTY = Knob("repeat_penalty", float, 1.1, "above 1 discourages repeating words", "R", above(0), saved=True)
REPEAT_LAST_N = Knob("repeat_last_n", int, 64, "the recent tokens the repeat penalty looks at", cli=False, api=())
MAX_TOKENS = Knob(
    "max_tokens", int, 1024, "the longest reply, in tokens", "N", at_least(1), saved=True, api=API_MAX_TOKENS
)
SEED = Knob[int | None]("seed", int, None, "a fixed seed makes sampling repeatable", saved=True)
STOP = Knob[tuple[str, ...]]("stop", str, (), "stop the reply at TEXT (repeatable)", "TEXT", many=True)
IGNORE_EOS = Knob("ignore_eos", bool, False, "go on past end-of-turn to max tokens (benchmarks)", cli=False)

KNOBS: tuple[Knob[Any], ...] = (
    TEMPERATURE,
    TOP_P,
    TOP_K,
    MIN_P,
    REPEAT_PENALTY,
    REPEAT_LAST_N,
    MAX_TOKENS,
    SEED,
    STOP,
    IGNORE_EOS,
)
SAVED_KNOBS = tuple(k for k in KNOBS if k.saved)
KNOBS_BY_NAME = {k.name: k for k in KNOBS}


def knob_problems(values: dict[str, object]) -> list[Text]:
    """Every rule that ``values`` (knob name → value) break, in declaration order."""
    return [p for k in KNOBS if k.name in values and (p := k.problem(values[k.name])) is not None]
