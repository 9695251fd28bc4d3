"""Long prompts in one request, through the engine and through every task that reads them.

On CPUs where a llama.cpp build's matrix kernels cannot run (AMX without the tile state),
prompt batches of more than a few dozen tokens die with SIGILL while short chats work:
these tests are the ones that would have caught it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.core.backends.llama import LlamaBackend
from assistant.core.cancel import CancelToken
from assistant.core.documents.readers import from_text
from assistant.core.engine.choice import ModelChoice, open_local_model
from assistant.core.tasks.summarize import SummaryOptions, summarize
from assistant.core.tasks.translate import TranslateOptions, translate
from assistant.core.types import Event, Finished, GenerationParams, GenerationRequest, ModelSpec

pytestmark = pytest.mark.model

SENTENCES = [
    "The mill at Aldford ground {n} sacks of barley in the wet spring of 18{n:02d}.",
    "Its wheel was rebuilt by a carpenter named Ives, who used oak from the north wood.",
    "Farmers paid the miller one sack in twelve, and the parish kept the ledger.",
    "When the river froze, the stones stood still and the village baked with stored flour.",
]


def long_text(n_sentences: int) -> str:
    return " ".join(SENTENCES[i % 4].format(n=i % 100) for i in range(n_sentences))


class PromptSizes:
    """The real backend, recording how many prompt tokens llama.cpp evaluated per request."""

    def __init__(self, backend: LlamaBackend) -> None:
        self.backend = backend
        self.evaluated: list[int] = []

    def __getattr__(self, name: str) -> object:
        return getattr(self.backend, name)

    def stream(self, request: GenerationRequest, cancel: CancelToken) -> Iterator[Event]:
        for event in self.backend.stream(request, cancel):
            if isinstance(event, Finished):
                self.evaluated.append(event.stats.prompt_eval_tokens)
            yield event


@pytest.fixture
def engine(starter_model: Path) -> Iterator[LlamaBackend]:
    backend, _info = open_local_model(ModelChoice(ModelSpec(starter_model, n_ctx=2048, n_batch=512), None))
    assert isinstance(backend, LlamaBackend)
    yield backend
    backend.close()


def test_the_engine_reads_a_prompt_of_over_1024_tokens_in_one_request(engine: LlamaBackend) -> None:
    prompt = long_text(60)
    assert 1100 <= engine.count_tokens(prompt) < 1900
    request = GenerationRequest(prompt=prompt, params=GenerationParams(temperature=0, max_tokens=8))
    finished = [e for e in engine.stream(request, CancelToken()) if isinstance(e, Finished)][-1]
    assert finished.stats.prompt_eval_tokens >= 1024
    assert finished.stats.generated_tokens >= 1


def test_summarize_reads_a_long_document_in_long_prompts(engine: LlamaBackend) -> None:
    recorder = PromptSizes(engine)
    options = SummaryOptions(style="tldr", words=30)
    events = list(summarize(recorder, from_text(long_text(70)), options, CancelToken()))  # type: ignore[arg-type]
    assert isinstance(events[-1], Finished) and events[-1].reason != "cancelled"
    assert max(recorder.evaluated) >= 1024


def test_translate_reads_a_long_paragraph_in_one_prompt(engine: LlamaBackend) -> None:
    recorder = PromptSizes(engine)
    events = list(translate(recorder, long_text(14), TranslateOptions(target="fr"), CancelToken()))  # type: ignore[arg-type]
    assert isinstance(events[-1], Finished) and events[-1].reason != "cancelled"
    assert max(recorder.evaluated) >= 256
