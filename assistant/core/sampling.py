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

T = TypeVar("T")


@dataclass(frozen=True)
class Knob(Generic[T]):
    """One sampling option.

    ``kind`` is the value's type (for ``many``, the type of one item); ``check`` and ``rule``
    say which values are allowed ("top-p must be between 0 and 1"); ``flag`` is the CLI
    option (None: not on the command line); ``saved`` marks a field of Settings; ``api``
    names the OpenAI request fields that set it, the first one given winning.
    """

    name: str
    kind: type
    default: T
    help: str = ""
    label: str = ""  # in messages: "top-p"
    rule: str = ""  # in messages, after "must be"
    check: Callable[[Any], bool] | None = None
    flag: str | None = None
    metavar: str = "N"
    saved: bool = False
    many: bool = False
    api: tuple[str, ...] = ()  # the last is the one Quill sends to a server

    def problem(self, value: object) -> str | None:
        """Why ``value`` is not allowed for this knob, or None."""
        if self.check is None or value is None or self.check(value):
            return None
        return f"{self.label or self.name} must be {self.rule}"


TEMPERATURE = Knob(
    "temperature",
    float,
    0.7,
    "0 for deterministic replies",
    rule="0 or more",
    check=lambda v: v >= 0,
    flag="--temperature",
    metavar="T",
    saved=True,
    api=("temperature",),
)
TOP_P = Knob(
    "top_p",
    float,
    0.95,
    "nucleus sampling: keep the likeliest words up to this probability",
    label="top-p",
    rule="between 0 and 1",
    check=lambda v: 0 <= v <= 1,
    flag="--top-p",
    metavar="P",
    saved=True,
    api=("top_p",),
)
TOP_K = Knob(
    "top_k",
    int,
    40,
    "keep the K likeliest words (0: off)",
    label="top-k",
    rule="0 (off) or more",
    check=lambda v: v >= 0,
    flag="--top-k",
    metavar="K",
    saved=True,
    api=("top_k",),
)
MIN_P = Knob(
    "min_p",
    float,
    0.05,
    "drop words less likely than P times the likeliest",
    label="min-p",
    rule="between 0 and 1",
    check=lambda v: 0 <= v <= 1,
    flag="--min-p",
    metavar="P",
    saved=True,
    api=("min_p",),
)
REPEAT_PENALTY = Knob(
    "repeat_penalty",
    float,
    1.1,
    "above 1 discourages repeating recent words",
    label="repeat penalty",
    rule="above 0",
    check=lambda v: v > 0,
    flag="--repeat-penalty",
    metavar="R",
    saved=True,
    api=("repeat_penalty",),
)
REPEAT_LAST_N = Knob("repeat_last_n", int, 64, "how many recent tokens the repeat penalty looks at")
MAX_TOKENS = Knob(
    "max_tokens",
    int,
    1024,
    "the longest reply, in tokens",
    label="max tokens",
    rule="at least 1",
    check=lambda v: v >= 1,
    flag="--max-tokens",
    saved=True,
    api=("max_completion_tokens", "max_tokens"),
)
SEED = Knob[int | None](
    "seed", int, None, "a fixed seed makes sampling repeatable", flag="--seed", saved=True, api=("seed",)
)
STOP = Knob[tuple[str, ...]](
    "stop", str, (), "stop the reply at TEXT (repeatable)", flag="--stop", metavar="TEXT", many=True, api=("stop",)
)
IGNORE_EOS = Knob(
    "ignore_eos", bool, False, "keep going past end-of-turn, to exactly max tokens (benchmarks)", api=("ignore_eos",)
)

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


def knob_problems(values: dict[str, object]) -> list[str]:
    """Every rule that ``values`` (knob name → value) break, in declaration order."""
    return [p for k in KNOBS if k.name in values and (p := k.problem(values[k.name])) is not None]
