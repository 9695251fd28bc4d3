"""Constrained generation (a JSON schema, llama.cpp's grammar sampler) against unconstrained, same run.

    python benchmarks/structured.py [--model PATH] [--reps 5]

Generates answers to the same prompt with and without a JSON schema, alternating, and prints
generated tokens/s of each and their ratio (the grammar's cost per token). The last line holds
the figures as JSON.
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

from common import bench_threads, figure, print_json  # also puts the project on sys.path

from assistant.core.backends.llama import LlamaBackend
from assistant.core.cancel import CancelToken
from assistant.core.models.starter import require_starter_model
from assistant.core.types import Finished, GenerationParams, GenerationRequest, Message, ModelSpec

SCHEMA = {
    "type": "object",
    "properties": {
        "people": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"name": {"type": "string"}, "city": {"type": "string"}, "age": {"type": "integer"}},
                "required": ["name", "city", "age"],
            },
        }
    },
    "required": ["people"],
}
PROMPT = [Message("user", "List ten people with their name, city and age.")]


def rate(backend: LlamaBackend, params: GenerationParams) -> float:
    """Generated tokens per second of one answer (from its first token to its end)."""
    events = backend.stream(GenerationRequest(messages=PROMPT, params=params), CancelToken())
    finished = next(e for e in events if isinstance(e, Finished))
    return finished.stats.generated_tokens / max(finished.stats.generation_seconds, 1e-9)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", type=Path)
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    backend = LlamaBackend()
    backend.load(ModelSpec(args.model or require_starter_model(), n_ctx=2048, n_threads=bench_threads()))
    free, constrained = [], []
    for rep in range(args.reps):
        seed = 100 + rep
        free.append(rate(backend, GenerationParams(temperature=0.8, seed=seed, max_tokens=200)))
        constrained.append(
            rate(backend, GenerationParams(temperature=0.8, seed=seed, max_tokens=200, json_schema=json.dumps(SCHEMA)))
        )
        print(
            f"rep {rep + 1}: unconstrained {free[-1]:6.1f} tok/s, JSON schema {constrained[-1]:6.1f} tok/s", flush=True
        )
    backend.close()
    key = "constrained generation (JSON schema) / unconstrained"
    print_json(
        "structured",
        {key: figure(key, statistics.median(constrained), "tok/s", reference=statistics.median(free), target=">= 0.8")},
    )


if __name__ == "__main__":
    main()
