"""Plain data that flows through the engine: messages, options, model facts and events.

Every task (chat, summarize, translate, write) is a generator of the events
below, so the GUI worker, the CLI and the tests consume all of them the same way.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from assistant.core import sampling
from assistant.core.i18n import joined, msg

if TYPE_CHECKING:
    from assistant.core.reasoning import ReasoningSupport

Role = Literal["system", "user", "assistant", "tool"]


@dataclass(frozen=True)
class ToolCall:
    """A function call a model wrote: ``arguments`` is the JSON text of its arguments (as OpenAI sends them)."""

    id: str
    name: str
    arguments: str

    def as_dict(self) -> dict[str, Any]:
        """The call as Hugging Face chat templates read it (``tool_call.function.arguments`` a mapping).

        Arguments that are a JSON object are given as a dict, as ``transformers`` does: templates
        write them with ``tojson`` or iterate them (a string would come out quoted).
        """
        try:
            arguments: Any = json.loads(self.arguments)
        except ValueError:
            arguments = self.arguments
        if not isinstance(arguments, dict):
            arguments = self.arguments
        return {"id": self.id, "type": "function", "function": {"name": self.name, "arguments": arguments}}


@dataclass(frozen=True)
class Message:
    """One turn. ``tool_calls`` are an assistant's calls; a "tool" message answers the call ``tool_call_id``;
    ``name`` is an optional speaker's (or tool's) name. ``reasoning`` is what the model thought before an
    assistant reply (kept apart from ``content``); a chat template gets it as ``reasoning_content`` and
    decides whether the model sees it again (Qwen3's shows it only within the turn being answered; most
    never do). Keys a message does not use are left out of :meth:`as_dict`, since templates test
    ``message.tool_calls is defined``."""

    role: Role
    content: str
    tool_calls: tuple[ToolCall, ...] = ()
    tool_call_id: str | None = None
    name: str | None = None
    reasoning: str = ""

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"role": self.role, "content": self.content}
        if self.tool_calls:
            out["tool_calls"] = [call.as_dict() for call in self.tool_calls]
        if self.tool_call_id is not None:
            out["tool_call_id"] = self.tool_call_id
        if self.name is not None:
            out["name"] = self.name
        if self.reasoning:
            out["reasoning_content"] = self.reasoning
        return out


@dataclass(frozen=True)
class GenerationParams:
    """Sampling options. ``temperature <= 0`` means greedy (deterministic) decoding.

    ``seed`` None picks a fresh random seed per request; a fixed seed makes a
    reply repeatable on the same model and build. The fields, their defaults and
    limits are declared in :mod:`assistant.core.sampling` (one line each here for the
    type checker).
    """

    temperature: float = sampling.TEMPERATURE.default
    top_p: float = sampling.TOP_P.default
    top_k: int = sampling.TOP_K.default
    min_p: float = sampling.MIN_P.default
    repeat_penalty: float = sampling.REPEAT_PENALTY.default
    repeat_last_n: int = sampling.REPEAT_LAST_N.default
    max_tokens: int = sampling.MAX_TOKENS.default
    seed: int | None = sampling.SEED.default
    stop: tuple[str, ...] = sampling.STOP.default
    ignore_eos: bool = sampling.IGNORE_EOS.default
    # What the answer must be, enforced while sampling (llama.cpp's grammar sampler): a JSON schema as
    # JSON text ("{}" for any JSON object), or a GBNF grammar. At most one of the two.
    json_schema: str | None = None
    grammar: str | None = None
    # The log-probability of each chosen token and of this many likeliest alternatives (None: none).
    logprobs: int | None = None

    def __post_init__(self) -> None:
        problems = sampling.knob_problems({k.name: getattr(self, k.name) for k in sampling.KNOBS})
        if self.json_schema is not None and self.grammar is not None:
            problems.append(msg("give a JSON schema or a grammar, not both"))
        if self.logprobs is not None and not 0 <= self.logprobs <= 20:
            problems.append(msg("logprobs must be 0 to 20 alternatives"))
        if problems:
            from assistant.core.errors import BadInputError

            raise BadInputError(msg("Invalid generation options: {problems}.", problems=joined(problems)))


@dataclass(frozen=True)
class ModelSpec:
    """What to load and how. ``n_threads`` None lets the engine choose from the CPU count."""

    path: Path
    n_ctx: int = 4096
    n_threads: int | None = None
    n_gpu_layers: int = 0
    n_batch: int = 512
    # Flash attention: True on, False off, None llama.cpp's own choice. core/models/model_settings.py
    # turns the setting (auto/on/off) into this; a quantized KV cache needs it on.
    flash_attn: bool | None = False
    kv_cache_type: str = "f16"  # "f16", "q8_0" or "q4_0": the K and V cache's element type
    chat_template: str | None = None  # a user's override of the model's own template
    # llama.cpp's extra buffer types (AMX, repacked weights). None: as the CPU check found for this
    # build and CPU (core/engine/cpu_check.py); the check's own children say True or False.
    extra_buffers: bool | None = None
    # Sequences llama.cpp decodes together (continuous batching); each may hold n_ctx tokens, so the
    # KV cache is n_seq times one sequence's. 0: as many as memory allows, settled by
    # core/engine/choice.py's open_model on the loading thread (a backend given 0 uses one).
    n_seq: int = 1


@dataclass(frozen=True)
class ModelInfo:
    """Facts about a loaded model, for the status bar, the CLI and the logs."""

    name: str
    path: Path | None
    architecture: str
    n_params: int
    size_bytes: int
    n_ctx: int
    n_ctx_train: int
    n_threads: int
    chat_template_source: Literal["model", "override", "fallback"]
    backend: str  # e.g. "llama.cpp CPU", "llama.cpp CUDA", "remote http://..."
    gpu_offload_supported: bool
    gpu_layers: int = 0
    extra_buffers: bool = True  # False: loaded in the CPU check's safe mode
    # How the model marks its reasoning and whether thinking can be switched (core/reasoning.py);
    # None: not known (the engine then splits by the common markers).
    reasoning: ReasoningSupport | None = None


@dataclass(frozen=True)
class GenerationRequest:
    """Either a conversation (rendered with the model's chat template) or a raw prompt."""

    messages: Sequence[Message] = ()
    prompt: str | None = None
    params: GenerationParams = field(default_factory=GenerationParams)
    # Extra variables the chat template reads besides ``messages`` (``tools``, ``enable_thinking``, ...).
    template_vars: Mapping[str, Any] = field(default_factory=dict)


# ----- events ---------------------------------------------------------------


@dataclass(frozen=True)
class TextDelta:
    """A piece of the reply, always whole UTF-8 characters."""

    text: str


@dataclass(frozen=True)
class ReasoningDelta:
    """A piece of the model's reasoning (its "thinking"), apart from the answer; ``tokens`` it took."""

    text: str
    tokens: int = 1


@dataclass(frozen=True)
class TokenLogprob:
    """One generated token's log-probability (natural log, the model's own distribution) and the
    likeliest alternatives, for requests that ask (GenerationParams.logprobs). Comes before its text."""

    token: str
    token_bytes: bytes
    logprob: float
    top: tuple[tuple[str, bytes, float], ...] = ()


@dataclass(frozen=True)
class Progress:
    """Determinate progress of a long task: ``done`` of ``total`` steps, with a label."""

    done: int
    total: int
    label: str = ""


@dataclass(frozen=True)
class Trimmed:
    """The oldest ``turns`` messages were left out so the conversation fits the context."""

    turns: int
    kept_tokens: int


@dataclass(frozen=True)
class GenerationStats:
    """What one request cost, from llama.cpp's own counters where the backend has them.

    ``prompt_eval_tokens`` are the prompt tokens actually evaluated; the rest of
    the prompt came from the KV cache left by the previous request.
    """

    prompt_tokens: int = 0
    prompt_eval_tokens: int = 0
    cached_tokens: int = 0
    generated_tokens: int = 0
    prompt_seconds: float = 0.0
    generation_seconds: float = 0.0
    time_to_first_token: float = 0.0
    reasoning_tokens: int = 0  # of generated_tokens, those spent reasoning

    @property
    def prompt_tokens_per_second(self) -> float:
        return self.prompt_eval_tokens / self.prompt_seconds if self.prompt_seconds > 0 else 0.0

    @property
    def tokens_per_second(self) -> float:
        """Generation speed after the first token (the first one includes the prompt)."""
        if self.generated_tokens < 2 or self.generation_seconds <= 0:
            return 0.0
        return (self.generated_tokens - 1) / self.generation_seconds


@dataclass(frozen=True)
class Notice:
    """Something the user should know about the result (a failed chunk, a doubtful number)."""

    text: str
    kind: str = "warning"


@dataclass(frozen=True)
class Planned:
    """What a task will do before it starts; each task yields its own kind, with typed fields."""

    @property
    def data(self) -> dict[str, object]:
        """The fields by name, for JSON output (``quill summarize --json`` merges them into its answer)."""
        return asdict(self)


@dataclass(frozen=True)
class TokensCounted(Planned):
    """The text measured with the model's own tokenizer (the Write pane's counter, the API's count route)."""

    tokens: int


@dataclass(frozen=True)
class SummaryPlanned(Planned):
    """The source's size in tokens and how it will be read: in one pass, or in ``chunks`` parts."""

    tokens: int
    chunks: int
    one_pass: bool
    language: str  # the language the summary is written in, by name


@dataclass(frozen=True)
class TranslationPlanned(Planned):
    """How many units (blocks, spans, paragraphs) will be translated, from and to which language (by name)."""

    units: int
    source: str
    target: str


@dataclass(frozen=True)
class WritePlanned(Planned):
    """What a writing tool will ask for: ``versions`` answers of at most ``max_tokens`` each."""

    action: str
    language: str
    markdown: bool
    versions: int
    prompt_tokens: int
    max_tokens: int


@dataclass(frozen=True)
class VersionStarted:
    """Write: the text that follows is version ``index`` (from 0) of ``total``."""

    index: int
    total: int


FinishReason = Literal["stop", "length", "cancelled", "context"]


@dataclass(frozen=True)
class Finished:
    """The last event of every stream.

    ``reason``: "stop" (end of turn or a stop string), "length" (max tokens),
    "context" (the context window is full), "cancelled" (the user stopped it).
    """

    reason: FinishReason
    stats: GenerationStats = field(default_factory=GenerationStats)


@dataclass(frozen=True)
class Failed:
    """A request ended with an error. Tasks never yield it (they raise); whoever runs a task reports the
    exception as this event, so one stream of events carries every way a request can end."""

    error: Exception


@dataclass(frozen=True)
class ToolCalled:
    """The reply called a function (parsed from the model's own tool-call markup, core/tools)."""

    call: ToolCall


Event = (
    TextDelta
    | ReasoningDelta
    | TokenLogprob
    | Progress
    | Trimmed
    | Notice
    | Planned
    | VersionStarted
    | Finished
    | ToolCalled
)
RequestEvent = Event | Failed  # what the engine thread sends back for a request
