"""Embedding throughput through Quill's LlamaEmbedder against llama-cpp-python's own ``Llama.embed``, same run.

    python benchmarks/embeddings.py [--texts 128] [--reps 3] [--chunk 64] [--quick]

The texts are paragraphs of the Chinese articles in ../shared/data and English sentences, cut to
Library-chunk lengths (about 20-200 tokens). Each model embeds them in calls of --chunk texts
(what the indexer hands over), through Quill (core/backends/llama_embed.py) and through a bare
``llama_cpp.Llama(embedding=True).embed(...)`` loop with the same threads, batch size and pooling,
runs alternating. Models: a tiny BERT as the tests write it (32 dimensions: Python's share shows),
a small BERT shaped like MiniLM-L6 (384 dimensions, 6 layers, random weights), and the starter chat
model with mean pooling. Printed: texts/s and tokens/s of each, and Quill ÷ bare (goal >= 0.9).
The last line holds the figures as JSON.
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from common import bench_threads, figure, print_json  # also puts the project on sys.path

from assistant.core.backends.llama_embed import LlamaEmbedder
from assistant.core.models.starter import require_starter_model

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
ENGLISH = (
    "The library keeps every document the user adds, split by headings and paragraphs, so that a question "
    "finds the passage that answers it and the reply can cite where it came from. "
)
N_BATCH = 512  # LlamaEmbedder's default; the bare loop gets the same


def texts(count: int) -> list[str]:
    """Library-sized chunks: Chinese paragraphs from the shared articles, and English of varied length."""
    paragraphs: list[str] = []
    for path in sorted(DATA.glob("*.md")):
        for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
            block = " ".join(block.split())
            if len(block) >= 40:
                paragraphs.append(block[:300])
    out: list[str] = []
    i = 0
    while len(out) < count:
        if paragraphs and i % 2 == 0:
            out.append(paragraphs[(i // 2) % len(paragraphs)])
        else:
            out.append((ENGLISH * 3)[: 80 + (i * 37) % 600])
        i += 1
    return out


def _chunks(items: Sequence[str], size: int) -> list[Sequence[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def time_run(embed: Callable[[Sequence[str]], object], items: Sequence[str], chunk: int) -> float:
    started = time.perf_counter()
    for part in _chunks(items, chunk):
        embed(part)
    return time.perf_counter() - started


def measure(name: str, path: Path, pooling: str | None, items: list[str], reps: int, chunk: int) -> dict[str, float]:
    """Quill's and the bare loop's texts/s over the same texts, alternating, median of ``reps``."""
    import llama_cpp

    threads = bench_threads()
    quill = LlamaEmbedder(path, pooling=pooling, n_batch=N_BATCH, n_threads=threads)  # type: ignore[arg-type]
    pooling_type = {"mean": llama_cpp.LLAMA_POOLING_TYPE_MEAN, None: llama_cpp.LLAMA_POOLING_TYPE_UNSPECIFIED}
    bare = llama_cpp.Llama(
        str(path),
        embedding=True,
        n_ctx=N_BATCH,
        n_batch=N_BATCH,
        n_ubatch=N_BATCH,
        n_threads=threads,
        n_threads_batch=threads,
        pooling_type=pooling_type[pooling],
        flash_attn=False,
        verbose=False,
    )
    try:
        tokens = sum(len(quill.tokens(text)) for text in items)
        assert max(quill.count_tokens(text) for text in items) <= quill.max_tokens  # neither truncates
        time_run(quill.embed, items[:chunk], chunk)  # warm both (first-call allocations)
        time_run(lambda part: bare.embed(list(part), normalize=True), items[:chunk], chunk)
        ours, theirs = [], []
        for _ in range(reps):
            ours.append(time_run(quill.embed, items, chunk))
            theirs.append(time_run(lambda part: bare.embed(list(part), normalize=True), items, chunk))
    finally:
        quill.close()
        bare.close()
    q, b = statistics.median(ours), statistics.median(theirs)
    n = len(items)
    figure(f"{name}: Quill texts/s", n / q, "texts/s", reference=n / b, target=">= 0.9")
    figure(f"{name}: Quill tokens/s", tokens / q, "tok/s", reference=tokens / b)
    return {
        f"{name}_quill_texts_s": n / q,
        f"{name}_bare_texts_s": n / b,
        f"{name}_quill_tokens_s": tokens / q,
        f"{name}_bare_tokens_s": tokens / b,
        f"{name}_ratio": b / q,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=128)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--chunk", type=int, default=64, help="texts per embed call (the indexer's batch)")
    parser.add_argument("--starter-texts", type=int, default=32, help="texts for the starter model (it is slower)")
    parser.add_argument("--quick", action="store_true", help="32 texts, 1 rep, tiny BERT and starter only")
    args = parser.parse_args()
    if args.quick:
        args.texts, args.reps, args.starter_texts = 32, 1, 8
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.helpers.tiny_bert_gguf import write_tiny_bert

    items = texts(args.texts)
    results: dict[str, float] = {"texts": len(items), "starter_texts": args.starter_texts, "threads": bench_threads()}
    with tempfile.TemporaryDirectory() as folder:
        tiny = write_tiny_bert(Path(folder) / "tiny-bert.gguf", n_ctx_train=512)
        models: list[tuple[str, Path, str | None]] = [("tiny_bert", tiny, None)]
        if not args.quick:
            small = write_tiny_bert(
                Path(folder) / "small-bert.gguf", n_embd=384, n_layer=6, n_head=12, n_ff=1536, n_ctx_train=512
            )
            models.append(("small_bert", small, None))
        models.append(("starter_mean", require_starter_model(), "mean"))
        for name, path, pooling in models:
            some = items[: args.starter_texts] if name.startswith("starter") else items
            results.update(measure(name, path, pooling, some, args.reps, args.chunk))
    print_json("embeddings", results)


if __name__ == "__main__":
    main()
