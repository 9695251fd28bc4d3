"""The Library store and search on real SQLite (FTS5 trigram + bigram tables) and the real articles."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from assistant.core.cancel import CancelToken
from assistant.core.library import search as search_module
from assistant.core.library.embedders import shared
from assistant.core.library.indexer import run_index
from assistant.core.library.search import fuse, query_pieces, relevant_passages, search, vector_ranking
from assistant.core.library.store import LibraryStore


def _indexed(db: Path, folder: Path, name: str = "articles") -> LibraryStore:
    store = LibraryStore(db)
    store.add(name, [folder])
    events = list(run_index(db, name, None, CancelToken()))
    assert events[-1].reason == "stop"  # type: ignore[union-attr]
    return store


def test_library_db_lives_under_quill_home(library_db: Path, quill_home: Path) -> None:
    assert library_db == quill_home / "data" / "library.sqlite3"


def test_collections_roots_and_removal(library_db: Path, articles: Path, tmp_path: Path) -> None:
    store = _indexed(library_db, articles)
    other = tmp_path / "notes"
    other.mkdir()
    (other / "n.txt").write_text("Lighthouse keepers log the weather every night.", encoding="utf-8")
    store.add("articles", [other], watch=True)
    list(run_index(library_db, "articles", None, CancelToken()))
    found = store.collection("articles")
    assert found is not None and found.watch and found.documents == 3 and found.chunks > 50
    assert set(found.roots) == {articles.resolve(), other.resolve()}
    store.add("articles", [], watch=False)  # adding again never un-watches
    assert store.collection("articles").watch  # type: ignore[union-attr]
    store.remove_root("articles", other)
    left = store.collection("articles")
    assert left is not None and left.documents == 2 and left.roots == (articles.resolve(),)
    assert not search(store, "lighthouse")
    store.remove_collection("articles")
    assert store.collections() == []
    assert store.query("SELECT COUNT(*) AS n FROM chunks_fts")[0]["n"] == 0  # the trigger emptied the index
    assert store.query("SELECT COUNT(*) AS n FROM chunks_words")[0]["n"] == 0
    assert store.integrity_ok()


def test_passages_keep_their_span_heading_path_and_location(library_db: Path, articles: Path) -> None:
    store = _indexed(library_db, articles)
    hits = search(store, "自注意力机制")
    assert hits
    for hit in hits:
        assert store.document_text(hit.document_id)[hit.start : hit.end] == hit.text
        assert hit.location == " › ".join(hit.heading_path)
        assert store.passage(hit.chunk_id).text == hit.text
    assert any(h.heading_path and h.heading_path[-1].endswith("自注意力机制") for h in hits[:3])


def test_two_and_one_character_queries_find_chinese(library_db: Path, articles: Path) -> None:
    store = _indexed(library_db, articles)
    two = search(store, "挑战")  # below the trigram tokenizer's three characters: the bigram table
    assert two and all("挑战" in h.text or "挑战" in " ".join(h.heading_path) for h in two)
    one = search(store, "书")  # a single character: the instr scan
    assert one and all("书" in h.text for h in one)
    assert search(store, "AI")  # a short Latin word, as a token


def test_restricted_to_collections_and_documents(library_db: Path, articles: Path, tmp_path: Path) -> None:
    store = _indexed(library_db, articles)
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "t.md").write_text("# Transformer notes\n\nThe Transformer uses self-attention.\n", encoding="utf-8")
    store.add("notes", [notes])
    list(run_index(library_db, "notes", None, CancelToken()))
    assert {h.path.name for h in search(store, "Transformer", collections=["notes"])} == {"t.md"}
    assert "t.md" not in {h.path.name for h in search(store, "Transformer", collections=["articles"])}
    one = search(store, "Transformer", collections=["articles"])[0].document_id
    assert {h.document_id for h in search(store, "Transformer", documents=[one])} == {one}


def test_query_pieces_split_chinese_questions_at_question_words() -> None:
    pieces = query_pieces("LLM面临哪些挑战？")
    assert pieces.words == ("llm", "面临", "挑战")
    assert query_pieces("What is the Transformer?").words == ("transformer",)
    assert query_pieces("书").short == ("书",)


def test_rrf_adds_reciprocal_ranks() -> None:
    fused = fuse([[1, 2, 3], [3, 1]])
    assert fused[1] == 1 / 61 + 1 / 62 and fused[3] == 1 / 63 + 1 / 61 and fused[2] == 1 / 62
    assert max(fused, key=fused.__getitem__) == 1


def test_relevance_rule_drops_unrelated_questions(library_db: Path, articles: Path) -> None:
    store = _indexed(library_db, articles)
    assert relevant_passages(store, "LLM面临哪些挑战？")
    assert relevant_passages(store, "今天北京的天气怎么样") == []
    assert relevant_passages(store, "What is the boiling point of liquid nitrogen?") == []


def test_vectors_are_stored_as_float16_and_cached_as_float32_until_a_write(library_db: Path, articles: Path) -> None:
    store = _indexed(library_db, articles)
    rows = store.query("SELECT id FROM chunks ORDER BY id LIMIT 4")
    ids = [int(r["id"]) for r in rows]
    vectors = np.eye(4, 8, dtype=np.float32)
    store.add_vectors("m", ids, vectors)
    blob = store.query("SELECT data FROM vectors WHERE chunk_id=?", [ids[0]])[0]["data"]
    assert len(blob) == 8 * 2  # two bytes a dimension on disk
    got_ids, matrix = store.vector_matrix("m")
    assert matrix.dtype == np.float32 and matrix.shape == (4, 8) and list(got_ids) == ids
    assert np.array_equal(matrix, vectors)
    assert store.vector_matrix("m")[1] is matrix  # nothing written: the same matrix
    assert store.collection("articles").embedded_chunks == 4  # type: ignore[union-attr]
    store.add_vectors("m", ids[:1], vectors[1:2])
    assert store.vector_matrix("m")[1] is not matrix


def test_budgeted_drops_terms_in_half_the_chunks_and_keeps_the_rarest_in_budget(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(search_module, "SCORED_BUDGET", 100)
    counts = {"llm": 900, "面临": 40, "挑战": 50, "缺点": 20, "absent": 0}
    kept, rest = search_module._budgeted(counts, 1000)
    assert kept == ["缺点", "面临"] and rest == ["挑战"]  # 20 + 40 fit, + 50 would not; llm is in 90 %
    assert search_module._budgeted({"llm": 900, "模型": 800}, 1000) == ([], ["模型"])  # all common: the rarest
    assert search_module._budgeted({"absent": 0}, 1000) == ([], [])


def test_a_large_library_scores_only_rare_words_and_still_finds_them(
    library_db: Path, articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _indexed(library_db, articles)
    total = store.chunk_total()
    counts = store.term_counts(["llm", "挑战", "面临"])
    assert 2 * counts["llm"] >= total and counts["挑战"] > counts["面临"] > 0  # "LLM" is in most chunks
    query = "LLM面临哪些挑战？"
    every = search(store, query)
    # As written while the library is no larger than the budget.
    assert search_module._words_match(store, ["llm", "面临", "挑战"])[0] == '"llm" OR "面临" OR "挑战"'
    monkeypatch.setattr(search_module, "SCORED_BUDGET", counts["面临"] + counts["挑战"])
    assert total > search_module.SCORED_BUDGET
    match, _ = search_module._words_match(store, ["llm", "面临", "挑战"])
    assert match == '"面临" OR "挑战"'  # rarest first; "llm" adds nothing to bm25 and goes
    planned = search(store, query)
    assert planned and any(h.heading_path and h.heading_path[-1] == "8.3 面临的挑战" for h in planned[:3])
    assert any(h.heading_path and h.heading_path[-1] == "8.3 面临的挑战" for h in every[:3])


def test_when_the_rarest_word_is_over_budget_the_rarest_words_are_anded(
    library_db: Path, articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _indexed(library_db, articles)
    words = list(query_pieces("自注意力机制").words)
    counts = store.term_counts(words)
    rarest = min(counts[w] for w in words)
    monkeypatch.setattr(search_module, "SCORED_BUDGET", max(1, rarest // 2))
    match, _ = search_module._words_match(store, words)
    assert " AND " in match and " OR " not in match
    terms = [t.strip('"') for t in match.split(" AND ")]
    hits = store.query("SELECT rowid FROM chunks_words WHERE chunks_words MATCH ?", [match])
    assert hits  # the conjunction still finds something
    for row in hits:
        text = store.query("SELECT body FROM chunks_words WHERE rowid=?", [row[0]])[0][0]
        assert all(t in text for t in terms)


def test_vector_ranking_masks_out_of_scope_rows_and_orders_by_cosine(
    library_db: Path, articles: Path, tiny_bert: Path
) -> None:
    store = _indexed(library_db, articles)
    rows = store.query("SELECT c.id, c.document_id, c.text FROM chunks c ORDER BY c.id")
    ids = [int(r["id"]) for r in rows]
    with shared(tiny_bert) as embedder:
        vectors = embedder.embed([str(r["text"]) for r in rows])
        store.add_vectors(embedder.name, ids, vectors)
        one_doc = int(rows[0]["document_id"])
        in_doc = [i for i, r in enumerate(rows) if int(r["document_id"]) == one_doc]
        query = str(rows[in_doc[-1]]["text"])
        question = embedder.embed([query])[0]
        ranked, cosines = vector_ranking(store, query, embedder, documents=[one_doc])
        every, _ = vector_ranking(store, query, embedder)
        fused = search(store, query, embedder=embedder, limit=50)
    half = np.asarray(vectors, dtype=np.float16).astype(np.float32)  # what the store keeps
    expected = sorted(in_doc, key=lambda i: -float(half[i] @ question))[: search_module.CANDIDATES]
    assert ranked == [ids[i] for i in expected]
    assert all(abs(cosines[ids[i]] - float(half[i] @ question)) < 1e-4 for i in expected)
    assert ranked[0] == ids[in_doc[-1]]  # the chunk the query was taken from
    assert len(every) == min(search_module.CANDIDATES, len(ids)) and every[0] == ranked[0]
    assert ids[in_doc[-1]] in {p.chunk_id for p in fused}  # the vector ranking was fused


def test_a_large_matrix_is_ranked_on_the_cosine_thread_with_the_same_result(
    library_db: Path, articles: Path, tiny_bert: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _indexed(library_db, articles)
    rows = store.query("SELECT id, text FROM chunks ORDER BY id")
    threads: list[str] = []
    nearest = search_module._nearest

    def recorded(vq: object) -> object:
        threads.append(threading.current_thread().name)
        return nearest(vq)  # type: ignore[arg-type]

    monkeypatch.setattr(search_module, "_nearest", recorded)
    with shared(tiny_bert) as embedder:
        store.add_vectors(embedder.name, [int(r["id"]) for r in rows], embedder.embed([str(r["text"]) for r in rows]))
        query = str(rows[3]["text"])
        inline = search(store, query, embedder=embedder)
        monkeypatch.setattr(search_module, "PARALLEL_COSINE", 1)
        threaded = search(store, query, embedder=embedder)
    assert threads[0] == threading.current_thread().name and threads[1].startswith("quill-cosine")
    assert [p.chunk_id for p in threaded] == [p.chunk_id for p in inline] and inline[0].chunk_id == int(rows[3]["id"])
