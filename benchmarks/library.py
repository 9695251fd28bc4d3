"""Library: search latency at 1k / 10k / 100k chunks, indexing throughput, and recall@5 on a written question set.

    python benchmarks/library.py [--sizes 1000,10000,100000] [--queries 33] [--rounds 3]
        [--recall-model starter|PATH] [--indexing tiny,starter] [--skip-latency]

Latency: a store of N chunks cut from the real articles in ../shared/data (sentences shuffled
into new chunks, so term statistics stay realistic, and common words are in nearly every
chunk: a hard case for bm25), searched with the question set's questions: keywords alone, and
keywords + vectors (random unit float16 vectors of dimension 384 for chunks and queries: the
cost of the cosine and the fusion, not the quality; the query's embedding time is the model's
and is left out). Each query runs with today's plan and with the plan before it ("every word"
: every query word scored by bm25, the cosine by BLAS on the calling thread), interleaved in
one run. Ratios: today ÷ before, each size ÷ the 1k latency (how it grows). Fidelity: how much
of the best bm25 score (every word, exactly) today's top 8 keeps.

Vectors: float16 against int8 (one scale per vector) at 100k × 384: bytes, the largest cosine
error against float32, and the matrix-product time.

Indexing: chunks per second through Quill's indexer (``run_index`` with the embedding model:
read, chunk, SQLite, embed; the model loaded beforehand, as the app keeps it) ÷ a bare
``llama_cpp.Llama(embedding=True).embed`` loop over the same chunk texts in batches of the
indexer's size, and the share of the indexer's time spent outside embedding. Documents: the
files in ../shared/data and ../shared/docs. Models: the tiny BERT the tests write
(tests/helpers/tiny_bert_gguf.py, 512 positions), the starter chat model with mean pooling.

Recall@5 over the real articles (and ../shared/docs as distractors), on
benchmarks/data/library_questions.json (each question names the section that answers it; a hit
counts when one of the top five passages lies in that section): keywords alone, and with
--recall-model vectors alone and fused.

The last line holds the figures as JSON.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
from common import bench_threads, figure, median, percentile, print_json  # also puts the project on sys.path

from assistant.core.cancel import CancelToken
from assistant.core.documents.chunking import split_sentences
from assistant.core.library import search as search_module
from assistant.core.library.chunks import estimate_tokens
from assistant.core.library.embedders import SharedEmbedder, shared
from assistant.core.library.embedding import Embedder, Vectors
from assistant.core.library.indexer import EMBED_BATCH, run_index
from assistant.core.library.search import query_pieces, search, vector_ranking
from assistant.core.library.store import LibraryStore, NewChunk

SHARED = Path(__file__).resolve().parents[2] / "shared"
if not (SHARED / "data").is_dir():  # a worktree next to main: /work/wt-x and /work/shared
    SHARED = Path("/work/shared")
DATA = SHARED / "data"
DOCS = SHARED / "docs"
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


class _Inline:
    """Runs the cosine on the caller's thread, as before."""

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_result(fn(*args))
        return future


@contextmanager
def plan(name: str) -> Iterator[None]:
    """``today``: search as it is. ``before``: every query word scored by bm25 (the budget above any
    library), and the cosine by BLAS on the calling thread: the search of the commit before the plan."""
    saved = search_module.SCORED_BUDGET, search_module._cosines, search_module._cosine_thread
    if name == "before":
        search_module.SCORED_BUDGET = 10**12
        search_module._cosines = lambda matrix, question: matrix @ question
        search_module._cosine_thread = _Inline  # type: ignore[assignment]
    try:
        yield
    finally:
        search_module.SCORED_BUDGET, search_module._cosines, search_module._cosine_thread = saved


def latency_ms(store: LibraryStore, queries: list[str], embedder: Embedder, rounds: int = 3) -> dict[str, list[float]]:
    """Milliseconds per search for each plan (today, before) × (keywords, keywords + vectors), interleaved."""
    search(store, queries[0], embedder=embedder)  # loads the vector matrix once, as a running app has it
    times: dict[str, list[float]] = {}
    for _ in range(rounds):
        for query in queries:
            for name in ("before", "today"):
                with plan(name):
                    for kind, model in (("keywords", None), ("fused", embedder)):
                        started = time.perf_counter()
                        search(store, query, embedder=model, limit=8)
                        times.setdefault(f"{name}_{kind}", []).append((time.perf_counter() - started) * 1000)
    return times


def bm25_kept(store: LibraryStore, queries: list[str]) -> tuple[float, float]:
    """How much of the best bm25 score today's words ranking keeps: the exact score (every word) of its
    top 8 ÷ that of the exact top 8; mean and worst over ``queries``."""
    shares: list[float] = []
    for query in queries:
        words = query_pieces(query).words
        if not words:
            continue
        exact = {
            int(r[0]): -float(r[1])
            for r in store.query(
                "SELECT rowid, bm25(chunks_words) FROM chunks_words WHERE chunks_words MATCH ?",
                [search_module._any_of(words)],
            )
        }
        if not exact:
            continue
        best = sorted(exact.values(), reverse=True)[:8]
        match, _ = search_module._words_match(store, words)
        got = search_module._fts(store, "chunks_words", match, "", [])[:8]
        shares.append(sum(exact.get(c, 0.0) for c in got) / sum(best))
    return (statistics.mean(shares), min(shares)) if shares else (1.0, 1.0)


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


class _EmbedTimer:
    """Time spent inside the shared embedder's ``embed`` (the indexer's embedding, nothing else)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.texts = 0

    @contextmanager
    def installed(self) -> Iterator[None]:
        original = SharedEmbedder.embed

        def timed(embedder: SharedEmbedder, texts: Sequence[str], cancel: CancelToken | None = None) -> Vectors:
            started = time.perf_counter()
            try:
                return original(embedder, texts, cancel)
            finally:
                self.seconds += time.perf_counter() - started
                self.texts += len(texts)

        SharedEmbedder.embed = timed  # type: ignore[method-assign]
        try:
            yield
        finally:
            SharedEmbedder.embed = original  # type: ignore[method-assign]


def index_once(db: Path, model: Path, roots: Sequence[Path]) -> dict[str, float]:
    """One full index run of ``roots`` into a new store: its times and chunks."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    store = LibraryStore(db)
    store.add("bench", list(roots))
    store.close()
    timer = _EmbedTimer()
    with timer.installed():
        started = time.perf_counter()
        events = list(run_index(db, "bench", model, CancelToken()))
        seconds = time.perf_counter() - started
    assert getattr(events[-1], "reason", "") == "stop", events[-1]
    store = LibraryStore(db)
    chunks = store.chunk_total()
    store.close()
    assert timer.texts == chunks, (timer.texts, chunks)
    return {"seconds": seconds, "embed_seconds": timer.seconds, "chunks": chunks}


def chunk_texts(db: Path) -> list[str]:
    store = LibraryStore(db)
    texts = [str(r["text"]) for r in store.query("SELECT text FROM chunks ORDER BY document_id, ordinal")]
    store.close()
    return texts


def bare_embed_seconds(model: Path, texts: list[str], pooling: str | None) -> float:
    """A bare llama-cpp-python embedding loop over ``texts`` (the indexer's batch size, threads and context)."""
    import llama_cpp

    from assistant.core.backends.llama import default_threads

    threads = default_threads()  # what LlamaEmbedder uses when nothing is set
    pooling_type = {"mean": llama_cpp.LLAMA_POOLING_TYPE_MEAN, None: llama_cpp.LLAMA_POOLING_TYPE_UNSPECIFIED}
    bare = llama_cpp.Llama(
        str(model), embedding=True, n_ctx=512, n_batch=512, n_ubatch=512, n_threads=threads,
        n_threads_batch=threads, pooling_type=pooling_type[pooling], flash_attn=False, verbose=False,
    )  # fmt: skip
    try:
        bare.embed(texts[:2], normalize=True)  # first-call allocations, as the indexer's model had them
        started = time.perf_counter()
        for at in range(0, len(texts), EMBED_BATCH):
            bare.embed(texts[at : at + EMBED_BATCH], normalize=True)
        return time.perf_counter() - started
    finally:
        bare.close()


def indexing(
    name: str, model: Path, pooling: str | None, folder: Path, reps: int, roots: Sequence[Path]
) -> dict[str, float]:
    """Quill's indexer ÷ the bare loop, alternating, median of ``reps``; the share outside embedding."""
    db = folder / f"index-{name}.sqlite3"
    with shared(model, pooling=None) as embedder:  # loaded once and kept, as the app keeps it between runs
        embedder.embed(["warm up"])  # first-call allocations, as the bare loop gets
        quill, bare = [], []
        texts: list[str] = []
        for _ in range(reps):
            quill.append(index_once(db, model, roots))
            texts = texts or chunk_texts(db)
            bare.append(bare_embed_seconds(model, texts, pooling))
    q = statistics.median(r["seconds"] for r in quill)
    b = statistics.median(bare)
    outside = statistics.median((r["seconds"] - r["embed_seconds"]) / r["seconds"] for r in quill)
    n = len(texts)
    runs = ", ".join(f"{r['seconds']:.1f}/{s:.1f}" for r, s in zip(quill, bare, strict=True))
    print(
        f"indexing {name}: {n} chunks, Quill {n / q:.2f} chunks/s, bare {n / b:.2f} chunks/s, ratio {b / q:.3f};"
        f" {outside:.1%} of Quill's time outside embedding (runs, Quill/bare s: {runs})"
    )
    figure(f"indexing {name}: chunks/s through Quill", n / q, "chunks/s", reference=n / b, target=">= 0.9")
    return {
        f"index_{name}_chunks": n,
        f"index_{name}_quill_chunks_s": n / q,
        f"index_{name}_bare_chunks_s": n / b,
        f"index_{name}_ratio": b / q,
        f"index_{name}_outside_embedding_share": outside,
    }


def recall_at_5(folder: Path, embedder_path: Path | None) -> dict[str, float]:
    """Recall@5 of keywords alone, and with a model vectors alone and fused, over the articles and docs."""
    db = folder / "recall.sqlite3"
    store = LibraryStore(db)
    store.add("articles", [DATA, DOCS])
    store.close()
    list(run_index(db, "articles", embedder_path, CancelToken()))
    store = LibraryStore(db)
    questions = _questions()

    def hit(passages: Sequence[object], q: dict[str, str]) -> bool:
        return any(p.path.name == q["document"] and q["section"] in p.heading_path for p in passages)  # type: ignore[attr-defined]

    hits: dict[str, list[tuple[str, bool]]] = {"keywords": []}
    for q in questions:
        hits["keywords"].append((q["language"], hit(search(store, q["question"], limit=5), q)))
    if embedder_path is not None:
        hits["vectors"], hits["fused"] = [], []
        with shared(embedder_path) as embedder:
            for q in questions:
                ranked, _ = vector_ranking(store, q["question"], embedder)
                hits["vectors"].append((q["language"], hit(store.passages(ranked[:5]), q)))
                hits["fused"].append((q["language"], hit(search(store, q["question"], embedder=embedder, limit=5), q)))
    store.close()
    results: dict[str, float] = {"questions": len(questions)}
    for kind, marks in hits.items():
        results[kind] = sum(good for _, good in marks) / len(marks)
        for language in sorted({lang for lang, _ in marks}):
            some = [good for lang, good in marks if lang == language]
            results[f"{kind}_{language}"] = sum(some) / len(some)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--queries", type=int, default=0, help="questions used as queries (0: all)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-latency", action="store_true")
    parser.add_argument("--indexing", default="tiny", help="models for the indexing figure: tiny, starter, none")
    parser.add_argument("--indexing-reps", type=int, default=3)
    parser.add_argument("--indexing-roots", default="data,docs", help="folders of ../shared to index: data, docs")
    parser.add_argument("--recall-model", help="'starter' (mean pooling) or a GGUF path; none: keywords only")
    args = parser.parse_args()
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from assistant.core.models.starter import require_starter_model
    from tests.helpers.tiny_bert_gguf import write_tiny_bert

    questions = [q["question"] for q in _questions()]
    queries = questions[: args.queries] if args.queries else questions
    figures: dict[str, object] = {"threads": bench_threads()}
    embedder = RandomEmbedder()
    with tempfile.TemporaryDirectory() as tmp:
        if not args.skip_latency:
            base: dict[str, float] = {}
            for size in [int(s) for s in args.sizes.split(",")]:
                started = time.perf_counter()
                store = build_store(Path(tmp) / f"s{size}.sqlite3", size, embedder)
                built = time.perf_counter() - started
                times = latency_ms(store, queries, embedder, args.rounds)
                kept_mean, kept_worst = bm25_kept(store, queries)
                store.close()
                med = {k: median(v) for k, v in times.items()}
                for key, value in med.items():
                    base.setdefault(key, value)
                print(
                    f"{size} chunks (built in {built:.0f} s): keywords median {med['today_keywords']:.1f} ms (before"
                    f" {med['before_keywords']:.1f}; p95 {percentile(times['today_keywords'], 95):.1f} /"
                    f" {percentile(times['before_keywords'], 95):.1f}), keywords+vectors median"
                    f" {med['today_fused']:.1f} ms (before {med['before_fused']:.1f}; p95"
                    f" {percentile(times['today_fused'], 95):.1f} / {percentile(times['before_fused'], 95):.1f});"
                    f" bm25 kept {kept_mean:.3f} (worst {kept_worst:.3f})"
                )
                for kind, label in (("keywords", "keywords"), ("fused", "keywords+vectors")):
                    today, before = med[f"today_{kind}"], med[f"before_{kind}"]
                    figures[f"search_{size}_{kind}_ms"] = figure(
                        f"search {size} {label}", today, "ms", reference=before,
                        target="< 50" if size == 100_000 and kind == "fused" else "", target_on="value",
                        notes=f"÷ before (every word, BLAS inline); ÷ 1k: {today / base[f'today_{kind}']:.1f}x today,"
                        f" {before / base[f'before_{kind}']:.1f}x before",
                    )  # fmt: skip
                figures[f"search_{size}_p95"] = {k: percentile(v, 95) for k, v in times.items()}
                figures[f"search_{size}_bm25_kept"] = {"mean": kept_mean, "worst": kept_worst}
            compared = vectors_compared()
            print(
                f"vectors 100k × {DIMENSION}: float16 {compared['f16_mb']:.0f} MB, max cosine error "
                f"{compared['f16_max_error']:.1e}, {compared['f16_ms']:.1f} ms; int8 {compared['i8_mb']:.0f} MB, "
                f"error {compared['i8_max_error']:.1e}, {compared['i8_ms']:.1f} ms; float32 {compared['f32_ms']:.1f} ms"
            )
            figures["vectors"] = compared
        models: dict[str, tuple[Path, str | None]] = {}
        wanted = {m for m in args.indexing.split(",") if m and m != "none"}
        if "tiny" in wanted:
            models["tiny_bert"] = (write_tiny_bert(Path(tmp) / "tiny-bert.gguf", n_ctx_train=512), None)
        if "starter" in wanted:
            models["starter_mean"] = (require_starter_model(), "mean")
        roots = [SHARED / r for r in args.indexing_roots.split(",")]
        for name, (path, pooling) in models.items():
            figures.update(indexing(name, path, pooling, Path(tmp), args.indexing_reps, roots))
        recall_model = None
        if args.recall_model:
            recall_model = require_starter_model() if args.recall_model == "starter" else Path(args.recall_model)
        recall = recall_at_5(Path(tmp), recall_model)
        print("recall@5: " + ", ".join(f"{k} {v:.2f}" for k, v in recall.items()))
        figures["recall_at_5"] = recall
    print_json("library", figures)


if __name__ == "__main__":
    main()
