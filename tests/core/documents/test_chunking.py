"""Chunks follow the structure and never exceed the budget (counted by the scripted tokenizer)."""

from __future__ import annotations

from assistant.core.backends.scripted import scripted_tokens
from assistant.core.documents.chunking import chunk_document, chunk_texts, split_by_tokens, split_sentences
from assistant.core.documents.readers import from_markdown


def count(text: str) -> int:
    return len(scripted_tokens(text))


def test_sentences_in_chinese_and_english() -> None:
    assert split_sentences("第一句。第二句！Third one? Yes. 最后") == [
        "第一句。",
        "第二句！",
        "Third one?",
        "Yes.",
        "最后",
    ]
    assert split_sentences("Dr. Who met 3.14 people. Then left.") == ["Dr.", "Who met 3.14 people.", "Then left."]


def test_no_chunk_exceeds_the_budget_and_nothing_is_lost() -> None:
    text = "\n\n".join(f"# Part {i}\n\n" + "Some words in a sentence here. " * (i * 7 + 3) for i in range(12))
    document = from_markdown(text)
    for budget in (40, 75, 200):
        chunks = chunk_document(document, budget, count)
        assert all(c.tokens <= budget and count(c.text) <= budget for c in chunks)
        assert [c.index for c in chunks] == list(range(len(chunks)))
        words = "".join(c.text for c in chunks).replace("#", "").split()
        assert words.count("sentence") == text.count("sentence")


def test_a_new_section_starts_a_new_chunk_when_the_current_is_well_filled() -> None:
    document = from_markdown("# A\n\n" + "alpha beta gamma. " * 10 + "\n\n# B\n\nshort text.")
    chunks = chunk_document(document, 100, count)
    assert [c.section for c in chunks] == ["A", "B"]
    assert chunks[1].text.startswith("# B")


def test_a_sentence_longer_than_the_budget_is_cut_by_tokens() -> None:
    pieces = split_by_tokens("word " * 50, 12, count)
    assert all(count(p) <= 12 for p in pieces)
    assert " ".join(pieces).split() == ["word"] * 50
    cjk = split_by_tokens("汉" * 100, 30, count)
    assert "".join(cjk) == "汉" * 100 and all(count(p) <= 30 for p in cjk)


def test_notes_are_grouped_to_fit() -> None:
    groups = chunk_texts(["one two three"] * 10, 20, count)
    assert all(count("\n\n".join(g)) <= 20 for g in groups)
    assert sum(len(g) for g in groups) == 10
