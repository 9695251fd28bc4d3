"""Find passages: keywords (two FTS5 indexes, bm25) and, with an embedder, vectors (cosine), fused by RRF.

Query words are cut the way the index was built (store.py): Latin words of three or more
letters and CJK stretches of three or more characters go to the trigram index as phrases;
CJK stretches become two-character pieces and every Latin word a token for ``chunks_words``.
Chinese question words (什么, 哪些, 如何 ...) split a stretch, so "LLM面临哪些挑战" looks for
"面临" and "挑战", not for "哪些挑". Each ranking gives every hit 1 / (60 + rank); the sums
decide (reciprocal rank fusion, k = 60), so no score scale has to be tuned between them.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from assistant.core.library.embedding import Embedder
from assistant.core.library.store import LibraryStore, Passage, cjk_bigrams

RRF_K = 60
CANDIDATES = 50  # hits taken from each ranking before fusing
PARALLEL_COSINE = 4_000_000  # matrix entries (16 MB, 2-3 ms) above which the cosine gets its own thread
SCORED_BUDGET = 20_000  # chunks one keyword query may score (bm25: ~1 µs each); see _words_match
MIN_COVERAGE = 1 / 3  # ask: a passage must hold a third of the question's pieces...
MIN_COSINE = 0.5  # ...or be this close to it in meaning (with an embedder)

_CJK_CHARS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_TOKEN = re.compile(f"[{_CJK_CHARS}]+|[^\\W_{_CJK_CHARS}]+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
# Question and function words that carry no topic; longest first so 为什么 wins over 什么.
_ZH_STOP = sorted(
    [
        "为什么",
        "什么是",
        "是什么",
        "有哪些",
        "哪些",
        "什么",
        "如何",
        "怎么",
        "怎样",
        "为何",
        "是否",
        "可以",
        "能否",
        "请问",
        "一下",
        "关于",
        "这篇",
        "这个",
        "那个",
        "我们",
        "你们",
        "他们",
        "它们",
        "的",
        "了",
        "吗",
        "呢",
        "吧",
        "是",
        "在",
        "有",
        "和",
        "与",
        "及",
        "或",
        "中",
        "对",
        "把",
        "被",
        "将",
        "从",
        "到",
        "给",
        "也",
        "都",
        "就",
        "还",
        "请",
    ],
    key=len,
    reverse=True,
)
_ZH_SPLIT = re.compile("|".join(re.escape(w) for w in _ZH_STOP))
_EN_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "and",
        "or",
        "not",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "do",
        "does",
        "did",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "where",
        "why",
        "how",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "as",
        "into",
        "about",
        "than",
        "then",
        "there",
        "their",
        "they",
        "them",
        "you",
        "your",
        "we",
        "our",
        "i",
        "me",
        "my",
        "can",
        "could",
        "should",
        "would",
        "will",
        "shall",
        "may",
        "might",
        "must",
        "please",
        "tell",
        "explain",
        "describe",
        "give",
        "list",
        "does",
    ]
)


@dataclass(frozen=True)
class QueryPieces:
    """A query as the indexes read it."""

    phrases: tuple[str, ...]  # for the trigram index: three characters or more
    words: tuple[str, ...]  # for chunks_words: Latin words and CJK bigrams
    short: tuple[str, ...]  # what neither index can look up (a single CJK character)

    @property
    def all(self) -> tuple[str, ...]:
        """The pieces a passage is checked for (coverage)."""
        return tuple(dict.fromkeys(self.words + self.short))


def query_pieces(query: str) -> QueryPieces:
    phrases: list[str] = []
    words: list[str] = []
    short: list[str] = []
    tokens = _TOKEN.findall(query.casefold())
    content = [t for t in tokens if _CJK.match(t) or t not in _EN_STOP] or tokens  # all stop words: keep them
    for token in content:
        if _CJK.match(token):
            segments = [s for s in _ZH_SPLIT.split(token) if s] or [token]
            for segment in segments:
                if len(segment) >= 3:
                    phrases.append(segment)
                if len(segment) >= 2:
                    words += cjk_bigrams(segment)
                elif len(segments) == 1 or len(token) == 1:
                    short.append(segment)
        else:
            words.append(token)
            if len(token) >= 3:
                phrases.append(token)
    return QueryPieces(tuple(dict.fromkeys(phrases)), tuple(dict.fromkeys(words)), tuple(dict.fromkeys(short)))


def coverage(pieces: QueryPieces, text: str) -> float:
    """The share of the query's pieces found in ``text`` (case-insensitive); 0 for an empty query."""
    wanted = pieces.all
    if not wanted:
        return 0.0
    folded = text.casefold()
    return sum(1 for piece in wanted if piece in folded) / len(wanted)


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _scope(collections: Sequence[str] | None, documents: Sequence[int] | None) -> tuple[str, list[object]]:
    """SQL (over chunks ``c`` joined to documents ``d``) restricting hits to collections and documents;
    "" for no restriction. (Only documents whose text was read have chunks: no status check needed.)"""
    where: list[str] = []
    args: list[object] = []
    if collections is not None:
        marks = ",".join("?" * len(collections))
        where.append(f"d.collection_id IN (SELECT id FROM collections WHERE name IN ({marks}))")
        args += list(collections)
    if documents is not None:
        where.append(f"d.id IN ({','.join('?' * len(documents))})")
        args += list(documents)
    return " AND ".join(where), args


def _fts(store: LibraryStore, table: str, match: str, scope: str, args: list[object]) -> list[int]:
    """Chunk ids for an FTS5 ``match`` expression, best bm25 first (at most CANDIDATES)."""
    if not match:
        return []
    if not scope:  # the whole library: the index alone, no join per hit
        rows = store.query(
            f"SELECT rowid AS id FROM {table} WHERE {table} MATCH ? ORDER BY bm25({table}) LIMIT ?", [match, CANDIDATES]
        )
    else:
        rows = store.query(
            f"SELECT f.rowid AS id FROM {table} f JOIN chunks c ON c.id = f.rowid JOIN documents d"
            f" ON d.id = c.document_id WHERE {table} MATCH ? AND {scope} ORDER BY bm25({table}) LIMIT ?",
            [match, *args, CANDIDATES],
        )
    return [int(r["id"]) for r in rows]


def _any_of(terms: Sequence[str]) -> str:
    return " OR ".join(_quote(t) for t in terms)


def _all_of(terms: Sequence[str]) -> str:
    return " AND ".join(_quote(t) for t in terms)


def _matches(store: LibraryStore, table: str, match: str) -> int:
    """How many chunks ``match`` finds: walks the index's lists, scores nothing (~1/40 of a ranked query)."""
    return int(store.query(f"SELECT count(*) FROM {table} WHERE {table} MATCH ?", [match])[0][0])


def _budgeted(counts: dict[str, int], total: int) -> tuple[list[str], list[str]]:
    """The terms worth scoring, rarest first: those in the query plan's budget, and the rest.

    A term in half the chunks or more adds nothing to bm25 (FTS5 clamps its IDF to ~0) yet costs
    the most to score: it goes, unless every term is like that (the rarest then stays). Of the others
    the rarest go in while their chunks add up to at most SCORED_BUDGET.
    """
    present = sorted((t for t in counts if counts[t] > 0), key=lambda t: (counts[t], t))
    if not present:
        return [], []
    informative = [t for t in present if 2 * counts[t] < total] or present[:1]
    kept: list[str] = []
    used = 0
    for term in informative:
        if used + counts[term] > SCORED_BUDGET:
            break
        kept.append(term)
        used += counts[term]
    return kept, informative[len(kept) :]


def _words_match(store: LibraryStore, words: Sequence[str]) -> tuple[str, dict[str, int]]:
    """The ``chunks_words`` query for ``words`` (and their chunk counts; {} when not looked up).

    bm25 costs about a microsecond per chunk it scores (FTS5 reads each hit's length), so an OR of
    words common in a large library cost 100-200 ms at 100k chunks. A library no larger than
    SCORED_BUDGET is queried with every word, as written. A larger one: the words in budget
    (``_budgeted``) ORed; when even the rarest is over it, the rarest words ANDed until the hits fit
    the budget (a passage holding several of the rarest words is the one bm25 would rank first anyway).
    """
    if not words:
        return "", {}
    total = store.chunk_total()
    if total <= SCORED_BUDGET:
        return _any_of(words), {}
    counts = store.term_counts(words)
    kept, rest = _budgeted(counts, total)
    if kept:
        return _any_of(kept), counts
    if not rest:
        return "", counts
    conjunction, found = rest[:1], counts[rest[0]]
    for term in rest[1:]:
        if found <= SCORED_BUDGET:
            break
        wider = _all_of([*conjunction, term])
        hits = _matches(store, "chunks_words", wider)
        if hits == 0:
            break  # nothing holds them all: keep the widest conjunction that still finds something
        conjunction, found = [*conjunction, term], hits
    return _all_of(conjunction), counts


def _phrases_match(store: LibraryStore, phrases: Sequence[str], word_counts: dict[str, int], total: int) -> str:
    """The ``chunks_fts`` query for CJK phrases: those in budget, when the library is larger than it.

    A phrase is in at most as many chunks as its rarest two-character piece (known from the words'
    counts); only when that bound is over budget is the phrase counted. A phrase over budget is left
    out: it is in too many passages to single one out, and the words ranking holds its pieces.
    """
    if not phrases or total <= SCORED_BUDGET:
        return _any_of(phrases)
    counts: dict[str, int] = {}
    for phrase in phrases:
        bound = min((word_counts.get(b, total) for b in cjk_bigrams(phrase)), default=total)
        counts[phrase] = bound if bound <= SCORED_BUDGET else _matches(store, "chunks_fts", _quote(phrase))
    kept, _rest = _budgeted(counts, total)
    return _any_of(kept)


def _scan(store: LibraryStore, terms: Sequence[str], scope: str, args: list[object]) -> list[int]:
    """What no index can look up (one CJK character): instr over the chunks in scope, most hits first."""
    if not terms:
        return []
    scope = scope or "1"
    hits = " + ".join("(instr(lower(c.text), ?) > 0)" for _ in terms)
    rows = store.query(
        f"SELECT c.id, {hits} AS hits FROM chunks c JOIN documents d ON d.id = c.document_id"
        f" WHERE {scope} AND ({hits}) > 0 ORDER BY hits DESC, c.id LIMIT ?",
        [*terms, *args, *terms, CANDIDATES],
    )
    return [int(r["id"]) for r in rows]


def keyword_ranking(
    store: LibraryStore,
    query: str,
    *,
    collections: Sequence[str] | None = None,
    documents: Sequence[int] | None = None,
) -> list[list[int]]:
    """The keyword rankings (chunk ids, best first).

    Words and CJK bigrams (``chunks_words``) always; CJK stretches of three or more characters as
    exact phrases (trigram index) when the query has some: a second ranking that rewards the
    passage holding the whole phrase. Latin words go to the trigram index only when no word
    matched whole (a part of a word: "Transform" finds "Transformer"); given always, a word
    common to every passage ("LLM") would pull its densest passages up. Then a scan, last.
    """
    pieces = query_pieces(query)
    scope, args = _scope(collections, documents)
    cjk_phrases = [p for p in pieces.phrases if _CJK.match(p)]
    latin_phrases = [p for p in pieces.phrases if not _CJK.match(p)]
    words, counts = _words_match(store, pieces.words)
    phrases = _phrases_match(store, cjk_phrases, counts, store.chunk_total()) if cjk_phrases else ""
    rankings = [_fts(store, "chunks_words", words, scope, args), _fts(store, "chunks_fts", phrases, scope, args)]
    if not any(rankings):
        rankings.append(_fts(store, "chunks_fts", _any_of(latin_phrases), scope, args))
    if not any(rankings):
        rankings.append(_scan(store, pieces.short or pieces.words, scope, args))
    return [r for r in rankings if r]


def _cosines(matrix: npt.NDArray[np.float32], question: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """Each row's dot product with ``question`` (cosines: the rows and the question are unit vectors).

    numpy's own loop (einsum), not BLAS: the product is bound by memory (150 MB read at 100k x 384),
    so OpenBLAS's second thread gains nothing and, on two busy cores, doubled the time (59 vs 119 ms
    for a whole search at 100k in one run).
    """
    return np.einsum("ij,j->i", matrix, question)


@dataclass(frozen=True)
class _VectorQuery:
    """What the cosine needs, gathered on the caller's thread (SQLite, the embedder); the product needs neither."""

    ids: npt.NDArray[np.int64]
    matrix: npt.NDArray[np.float32]
    question: npt.NDArray[np.float32]
    allowed: npt.NDArray[np.int64] | None  # chunk ids in scope; None: every chunk


def _vector_query(
    store: LibraryStore,
    query: str,
    embedder: Embedder,
    collections: Sequence[str] | None,
    documents: Sequence[int] | None,
) -> _VectorQuery | None:
    ids, matrix = store.vector_matrix(embedder.name)
    if not len(ids):
        return None
    allowed = None
    if collections is not None or documents is not None:
        scope, args = _scope(collections, documents)
        rows = store.query(f"SELECT c.id FROM chunks c JOIN documents d ON d.id=c.document_id WHERE {scope}", args)
        allowed = np.fromiter((int(r["id"]) for r in rows), dtype=np.int64, count=len(rows))
        if not len(allowed):
            return None
    question = np.asarray(embedder.embed([query])[0], dtype=np.float32)
    return _VectorQuery(ids, matrix, question, allowed)


_Ranked = tuple[list[int], dict[int, float]]  # chunk ids best first, and their cosines


def _nearest(vq: _VectorQuery) -> _Ranked:
    """One matrix-vector product over every vector, then the top CANDIDATES by argpartition.

    Out-of-scope rows are masked after the product rather than cut out before it: cutting copies
    the matrix (150 MB at 100k x 384), which costs more than the product itself.
    """
    scores = _cosines(vq.matrix, vq.question)
    if vq.allowed is not None:
        scores[~np.isin(vq.ids, vq.allowed)] = -np.inf
    count = min(CANDIDATES, len(scores) if vq.allowed is None else int(np.isfinite(scores).sum()))
    if count <= 0:
        return [], {}
    top = np.argpartition(-scores, count - 1)[:count]
    top = top[np.argsort(-scores[top], kind="stable")]
    return [int(vq.ids[i]) for i in top], {int(vq.ids[i]): float(scores[i]) for i in top}


def vector_ranking(
    store: LibraryStore,
    query: str,
    embedder: Embedder,
    *,
    collections: Sequence[str] | None = None,
    documents: Sequence[int] | None = None,
) -> tuple[list[int], dict[int, float]]:
    """Chunk ids by cosine to the query (best first, at most CANDIDATES) and their cosines."""
    vq = _vector_query(store, query, embedder, collections, documents)
    return ([], {}) if vq is None else _nearest(vq)


class _Inline:
    """Runs a call at once on the caller's thread, with the executor's ``submit``."""

    def submit(self, fn: Callable[[_VectorQuery], _Ranked], vq: _VectorQuery) -> Future[_Ranked]:
        future: Future[_Ranked] = Future()
        future.set_result(fn(vq))
        return future


_cosine_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def _cosine_thread() -> ThreadPoolExecutor:
    global _cosine_pool
    with _pool_lock:
        if _cosine_pool is None:
            _cosine_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="quill-cosine")
        return _cosine_pool


def _rankings(
    store: LibraryStore,
    query: str,
    collections: Sequence[str] | None,
    documents: Sequence[int] | None,
    embedder: Embedder | None,
) -> tuple[list[list[int]], dict[int, float]]:
    """The keyword rankings and, with an embedder, the vector ranking last; the cosines of its hits.

    The matrix product runs on a second thread while this one runs the keyword queries: numpy's
    BLAS and SQLite both release the GIL, so on two cores the slower of the two decides the
    latency, not their sum (benchmarks/library.py). The store's connection stays on this thread.
    """
    pending: Future[_Ranked] | None = None
    if embedder is not None:
        vq = _vector_query(store, query, embedder, collections, documents)
        if vq is not None:
            # A small matrix is quicker here than a thread's wake-up on a busy machine (~3 ms at 1k).
            pending = (_cosine_thread() if vq.matrix.size >= PARALLEL_COSINE else _Inline()).submit(_nearest, vq)
    rankings = keyword_ranking(store, query, collections=collections, documents=documents)
    cosines: dict[int, float] = {}
    if pending is not None:
        ranked, cosines = pending.result()
        if ranked:
            rankings.append(ranked)
    return rankings, cosines


def fuse(rankings: Sequence[Sequence[int]], k: int = RRF_K) -> dict[int, float]:
    """Reciprocal rank fusion: each ranking adds 1 / (k + rank) to each of its ids (rank from 1)."""
    fused: dict[int, float] = {}
    for ranking in rankings:
        for rank, chunk_id in enumerate(ranking, start=1):
            fused[chunk_id] = fused.get(chunk_id, 0.0) + 1.0 / (k + rank)
    return fused


def _heads_and_text(passage: Passage) -> str:
    return " ".join(passage.heading_path) + "\n" + passage.title + "\n" + passage.text


def search(
    store: LibraryStore,
    query: str,
    *,
    collections: Sequence[str] | None = None,
    documents: Sequence[int] | None = None,
    embedder: Embedder | None = None,
    limit: int = 8,
) -> list[Passage]:
    """The best passages for ``query``, best first; ``score`` is the fused RRF score."""
    if not query.strip():
        return []
    rankings, _cosines = _rankings(store, query, collections, documents, embedder)
    fused = fuse(rankings)
    best = sorted(fused, key=lambda c: (-fused[c], c))[:limit]
    return store.passages(best, fused)


def relevant_passages(
    store: LibraryStore,
    query: str,
    *,
    collections: Sequence[str] | None = None,
    documents: Sequence[int] | None = None,
    embedder: Embedder | None = None,
    limit: int = 8,
) -> list[Passage]:
    """Like :func:`search`, keeping only passages that answer to the query: ones holding at least a
    third of its pieces (MIN_COVERAGE; words, CJK bigrams, in the passage or its headings), or, with
    an embedder, within MIN_COSINE of it. An empty list means: nothing relevant, do not answer."""
    if not query.strip():
        return []
    pieces = query_pieces(query)
    rankings, cosines = _rankings(store, query, collections, documents, embedder)
    fused = fuse(rankings)
    ordered = sorted(fused, key=lambda c: (-fused[c], c))
    kept: list[Passage] = []
    for passage in store.passages(ordered[: CANDIDATES * 2], fused):
        if (
            coverage(pieces, _heads_and_text(passage)) >= MIN_COVERAGE
            or cosines.get(passage.chunk_id, -1.0) >= MIN_COSINE
        ):
            kept.append(passage)
            if len(kept) >= limit:
                break
    return kept
