"""The Library store and search on real SQLite (FTS5 trigram + bigram tables) and the real articles."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from assistant.core.cancel import CancelToken
from assistant.core.library.indexer import run_index
from assistant.core.library.search import fuse, query_pieces, relevant_passages, search
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
