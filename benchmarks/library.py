"""Library search: latency at 1k / 10k / 100k chunks, and recall@5 on a written question set.

    python benchmarks/library.py [--sizes 1000,10000,100000] [--queries 20]

Latency: a store of N chunks cut from the real articles in ../shared/data (sentences shuffled
into new chunks, so term statistics stay realistic), searched with the question set's
questions: keywords alone, and keywords + vectors (random unit float16 vectors of dimension
384 for chunks and queries: the cost of the cosine and the fusion, not the quality; the
query's embedding time is the model's and is left out). Ratios: each size's latency ÷ the 1k
latency (how it grows), fused ÷ keywords alone.

Vectors: float16 against int8 (one scale per vector) at 100k × 384: bytes, the largest cosine
error against float32, and the matrix-product time.

Recall@5: keywords alone over the real articles, on benchmarks/data/library_questions.json
(each question names the section that answers it; a hit counts when one of the top five
passages lies in that section). Vectors alone and fused need an embedding model: pass
--embedding-model PATH to measure them.

The last line holds the figures as JSON.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from common import figure, median, percentile, print_json  # also puts the project on sys.path

from assistant.core.cancel import CancelToken
from assistant.core.documents.chunking import split_sentences
from assistant.core.library.chunks import estimate_tokens
from assistant.core.library.embedding import Embedder, Vectors
from assistant.core.library.indexer import open_embedder, run_index
from assistant.core.library.search import search
from assistant.core.library.store import LibraryStore, NewChunk

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
QUESTIONS = Path(__file__).resolve().parent / "data" / "library_questions.json"
DIMENSION = 384


class RandomEmbedder:
    """Unit vectors at random: what a search costs with vectors, whatever model made them."""

    name = "random-384"
    dimension = DIMENSION
    max_tokens = 512

    def __init__(self, seed: int = 0) -> None:
        self._rng = np.random.default_rng(seed)

    def count_tokens(self, text: str) -> int:
        return estimate_tokens(text)

    def embed(self, texts: Sequence[str], cancel: CancelToken | None = None) -> Vectors:
        rows = self._rng.standard_normal((len(texts), DIMENSION)).astype(np.float32)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)

    def close(self) -> None:
        pass


def _questions() -> list[dict[str, str]]:
    return list(json.loads(QUESTIONS.read_text(encoding="utf-8"))["questions"])


def _sentences() -> list[str]:
    sentences: list[str] = []
    for path in sorted(DATA.glob("*.md")):
        for paragraph in path.read_text(encoding="utf-8").split("\n\n"):
            sentences += [s for s in split_sentences(paragraph.replace("\n", " ")) if len(s) > 8]
    return sentences


def build_store(db: Path, size: int, embedder: Embedder, seed: int = 0) -> LibraryStore:
    """A store of ``size`` chunks (~250 estimated tokens each) in documents of 100 chunks, with vectors."""
    rng = random.Random(seed)
    sentences = _sentences()
    store = LibraryStore(db)
    collection = store.add("bench", [])
    per_doc = 100
    for d in range((size + per_doc - 1) // per_doc):
        doc_id = store.start_document(collection.id, Path(f"/bench/doc{d:05}.md"), 0, 0, f"{d:064x}")
        chunks: list[NewChunk] = []
        text_parts: list[str] = []
        offset = 0
        for o in range(min(per_doc, size - d * per_doc)):
            pieces: list[str] = []
            while estimate_tokens(" ".join(pieces)) < 250:
                pieces.append(rng.choice(sentences))
            body = " ".join(pieces)
            heads = (f"Section {o // 10}", f"Part {o}")
            chunks.append(NewChunk(o, " › ".join(heads), None, heads, offset, offset + len(body), body, 250))
            text_parts.append(body)
            offset += len(body) + 2
        ids = store.finish_document(doc_id, f"Document {d}", "\n\n".join(text_parts), chunks)
        store.add_vectors(embedder.name, ids, embedder.embed([""] * len(ids)))
    return store


def latency_ms(store: LibraryStore, queries: list[str], embedder: Embedder | None, rounds: int = 3) -> list[float]:
    search(store, queries[0], embedder=embedder)  # loads the vector matrix once, as a running app has it
    times: list[float] = []
    for _ in range(rounds):
        for query in queries:
            started = time.perf_counter()
            search(store, query, embedder=embedder, limit=8)
            times.append((time.perf_counter() - started) * 1000)
    return times


def vectors_compared(n: int = 100_000, dimension: int = DIMENSION) -> dict[str, float]:
    rng = np.random.default_rng(1)
    rows = rng.standard_normal((n, dimension)).astype(np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    query = rows[0] + 0.5 * rng.standard_normal(dimension).astype(np.float32)
    query /= np.linalg.norm(query)
    exact = rows @ query
    half = rows.astype(np.float16)
    scale = np.abs(rows).max(axis=1, keepdims=True) / 127
    quant = np.round(rows / scale).astype(np.int8)

    def timed(fn: object) -> float:
        best = float("inf")
        for _ in range(5):
            started = time.perf_counter()
            fn()  # type: ignore[operator]
            best = min(best, time.perf_counter() - started)
        return best * 1000

    f16_ms = timed(lambda: half.astype(np.float32) @ query)
    i8_ms = timed(lambda: (quant.astype(np.float32) @ query) * scale[:, 0])
    f32_ms = timed(lambda: rows @ query)
    return {
        "f16_mb": half.nbytes / 2**20,
        "i8_mb": (quant.nbytes + scale.astype(np.float32).nbytes) / 2**20,
        "f16_max_error": float(np.abs(half.astype(np.float32) @ query - exact).max()),
        "i8_max_error": float(np.abs((quant.astype(np.float32) @ query) * scale[:, 0] - exact).max()),
        "f16_ms": f16_ms,
        "i8_ms": i8_ms,
        "f32_ms": f32_ms,
    }


def recall_at_5(folder_db: Path, embedder_path: Path | None) -> dict[str, float]:
    store = LibraryStore(folder_db)
    store.add("articles", [DATA])
    store.close()
    list(run_index(folder_db, "articles", embedder_path, CancelToken()))
    store = LibraryStore(folder_db)
    results: dict[str, float] = {}
    questions = _questions()

    def hit(passages: Sequence[object], q: dict[str, str]) -> bool:
        return any(p.path.name == q["document"] and q["section"] in p.heading_path for p in passages)  # type: ignore[attr-defined]

    by_language: dict[str, list[bool]] = {}
    for q in questions:
        good = hit(search(store, q["question"], limit=5), q)
        by_language.setdefault(q["language"], []).append(good)
    every = [g for v in by_language.values() for g in v]
    results["keywords"] = sum(every) / len(every)
    for language, goods in by_language.items():
        results[f"keywords_{language}"] = sum(goods) / len(goods)
    if embedder_path is not None:
        from assistant.core.library.search import vector_ranking

        with open_embedder(embedder_path) as embedder:
            fused = [hit(search(store, q["question"], embedder=embedder, limit=5), q) for q in questions]
            alone = []
            for q in questions:
                ranked, _ = vector_ranking(store, q["question"], embedder)
                alone.append(hit(store.passages(ranked[:5]), q))
        results["vectors"] = sum(alone) / len(alone)
        results["fused"] = sum(fused) / len(fused)
    store.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--queries", type=int, default=20)
    parser.add_argument("--embedding-model", type=Path)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    queries = [q["question"] for q in _questions()][: args.queries]
    figures: dict[str, object] = {}
    embedder = RandomEmbedder()
    with tempfile.TemporaryDirectory() as tmp:
        base_kw = base_fused = None
        for size in sizes:
            started = time.perf_counter()
            store = build_store(Path(tmp) / f"s{size}.sqlite3", size, embedder)
            built = time.perf_counter() - started
            keywords = latency_ms(store, queries, None)
            fused = latency_ms(store, queries, embedder)
            store.close()
            kw, fu = median(keywords), median(fused)
            base_kw = base_kw or kw
            base_fused = base_fused or fu
            print(f"{size} chunks (built in {built:.0f} s): keywords median {kw:.1f} ms (p95 "
                  f"{percentile(keywords, 95):.1f}), keywords+vectors median {fu:.1f} ms (p95 "
                  f"{percentile(fused, 95):.1f})")  # fmt: skip
            figures[f"search_{size}_keywords_ms"] = figure(
                f"search {size} keywords", kw, "ms", reference=base_kw, ratio=kw / base_kw, notes="÷ the smallest size"
            )
            figures[f"search_{size}_fused_ms"] = figure(
                f"search {size} keywords+vectors", fu, "ms", reference=kw, ratio=fu / kw,
                target="< 50 ms at 100k" if size == 100_000 else "", target_on="value", notes="÷ keywords alone",
            )  # fmt: skip
        compared = vectors_compared()
        print(
            f"vectors 100k × {DIMENSION}: float16 {compared['f16_mb']:.0f} MB, max cosine error "
            f"{compared['f16_max_error']:.1e}, {compared['f16_ms']:.1f} ms; int8 {compared['i8_mb']:.0f} MB, "
            f"error {compared['i8_max_error']:.1e}, {compared['i8_ms']:.1f} ms; float32 {compared['f32_ms']:.1f} ms"
        )
        figures["vectors"] = compared
        recall = recall_at_5(Path(tmp) / "articles.sqlite3", args.embedding_model)
        print("recall@5: " + ", ".join(f"{k} {v:.2f}" for k, v in recall.items()))
        figures["recall_at_5"] = recall
    print_json("library", figures)


if __name__ == "__main__":
    main()
