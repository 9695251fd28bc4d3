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
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assistant.core.library.embedding import Embedder
from assistant.core.library.store import LibraryStore, Passage, cjk_bigrams

RRF_K = 60
CANDIDATES = 50  # hits taken from each ranking before fusing
COMMON_SHARE = 0.5  # a word in more than half the chunks is left out of the keyword query
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


def _fts(store: LibraryStore, table: str, terms: Sequence[str], scope: str, args: list[object]) -> list[int]:
    if not terms:
        return []
    match = " OR ".join(_quote(t) for t in terms)
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


def _selective(store: LibraryStore, words: Sequence[str]) -> list[str]:
    """The words without those most chunks hold (more than COMMON_SHARE of them), unless that is all."""
    total = store.chunk_total()
    if total < 200 or len(words) < 2:
        return list(words)
    counts = store.term_counts(words)
    kept = [w for w in words if counts[w] <= COMMON_SHARE * total]
    return kept or [min(words, key=lambda w: counts[w])]


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
    rankings = [
        _fts(store, "chunks_words", pieces.words, scope, args),
        _fts(store, "chunks_fts", cjk_phrases, scope, args),
    ]
    if not any(rankings):
        rankings.append(_fts(store, "chunks_fts", latin_phrases, scope, args))
    if not any(rankings):
        rankings.append(_scan(store, pieces.short or pieces.words, scope, args))
    return [r for r in rankings if r]


def vector_ranking(
    store: LibraryStore,
    query: str,
    embedder: Embedder,
    *,
    collections: Sequence[str] | None = None,
    documents: Sequence[int] | None = None,
) -> tuple[list[int], dict[int, float]]:
    """Chunk ids by cosine to the query (best first, at most CANDIDATES) and their cosines."""
    ids, matrix = store.vector_matrix(embedder.name)
    if not len(ids):
        return [], {}
    if collections is not None or documents is not None:
        scope, args = _scope(collections, documents)
        allowed = np.array(
            [
                int(r["id"])
                for r in store.query(
                    f"SELECT c.id FROM chunks c JOIN documents d ON d.id=c.document_id WHERE {scope}", args
                )
            ],
            dtype=np.int64,
        )
        keep = np.isin(ids, allowed)
        ids, matrix = ids[keep], matrix[keep]
        if not len(ids):
            return [], {}
    question = np.asarray(embedder.embed([query])[0], dtype=np.float32)
    scores = matrix @ question
    count = min(CANDIDATES, len(scores))
    top = np.argpartition(-scores, count - 1)[:count]
    top = top[np.argsort(-scores[top])]
    ranked = [int(ids[i]) for i in top]
    return ranked, {int(ids[i]): float(scores[i]) for i in top}


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
    rankings = keyword_ranking(store, query, collections=collections, documents=documents)
    if embedder is not None:
        ranked, _cosines = vector_ranking(store, query, embedder, collections=collections, documents=documents)
        if ranked:
            rankings.append(ranked)
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
    rankings = keyword_ranking(store, query, collections=collections, documents=documents)
    cosines: dict[int, float] = {}
    if embedder is not None:
        ranked, cosines = vector_ranking(store, query, embedder, collections=collections, documents=documents)
        if ranked:
            rankings.append(ranked)
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
