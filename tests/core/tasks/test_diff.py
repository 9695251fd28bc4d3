"""The word-level diff: insertions, deletions, CJK without spaces, and runs that read well."""

from __future__ import annotations

import random

from assistant.core.tasks.diff import DiffOp, diff_stats, new_text, old_text, tokenize, word_diff


def pairs(ops: list[DiffOp]) -> list[tuple[str, str]]:
    return [(op.kind, op.text) for op in ops]


def test_tokens_are_words_space_and_punctuation_and_give_the_text_back() -> None:
    assert tokenize("Don't stop, 2 cats!") == ["Don't", " ", "stop", ",", " ", "2", " ", "cats", "!"]
    assert tokenize("我爱北京。") == ["我", "爱", "北", "京", "。"]
    assert tokenize("日本語テキスト 한국어") == ["日", "本", "語", "テ", "キ", "ス", "ト", " ", "한", "국", "어"]
    text = "Mixed 中文 and English, with  spaces\nand lines。"
    assert "".join(tokenize(text)) == text


def test_insertions_and_deletions() -> None:
    assert pairs(word_diff("The cat sat.", "The black cat sat.")) == [
        ("equal", "The "),
        ("insert", "black "),
        ("equal", "cat sat."),
    ]
    assert pairs(word_diff("The black cat sat.", "The cat sat.")) == [
        ("equal", "The "),
        ("delete", "black "),
        ("equal", "cat sat."),
    ]
    assert pairs(word_diff("", "New")) == [("insert", "New")]
    assert pairs(word_diff("Old", "")) == [("delete", "Old")]
    assert pairs(word_diff("Same.", "Same.")) == [("equal", "Same.")]


def test_a_replaced_word_is_a_deletion_then_an_insertion() -> None:
    ops = word_diff("Their going to the store tomorow.", "They're going to the store tomorrow.")
    assert pairs(ops) == [
        ("delete", "Their"),
        ("insert", "They're"),
        ("equal", " going to the store "),
        ("delete", "tomorow"),
        ("insert", "tomorrow"),
        ("equal", "."),
    ]


def test_chinese_without_spaces_diffs_by_character() -> None:
    ops = word_diff("这个句子不好。", "这个句子很好。")
    assert pairs(ops) == [("equal", "这个句子"), ("delete", "不"), ("insert", "很"), ("equal", "好。")]
    ops = word_diff("我今天很高兴去公园玩。", "我今天非常开心地去公园散步。")
    assert ("equal", "去公园") in pairs(ops) and ("insert", "非常开心地") in pairs(ops)


def test_tiny_islands_between_changes_are_folded_into_one_change() -> None:
    ops = word_diff("The cat sat on the mat.", "A dog lay on the rug.")
    assert pairs(ops)[:2] == [("delete", "The cat sat"), ("insert", "A dog lay")]
    assert ("equal", " on the ") in pairs(ops)


def test_any_pair_of_texts_round_trips() -> None:
    rng = random.Random(5)
    words = ["a", "the", "cat", "猫", "。", ",", " ", "\n", "running", "跑"]
    for _ in range(300):
        old = "".join(rng.choice(words) for _ in range(rng.randint(0, 20)))
        new = "".join(rng.choice(words) for _ in range(rng.randint(0, 20)))
        ops = word_diff(old, new)
        assert old_text(ops) == old and new_text(ops) == new
        assert all(op.text for op in ops)
        assert all(a.kind != b.kind for a, b in zip(ops, ops[1:]))


def test_stats_count_words_and_cjk_characters() -> None:
    stats = diff_stats(word_diff("I like tea.", "I really like green tea. 很好"))
    assert (stats.inserted_words, stats.deleted_words) == (4, 0)


def test_a_long_document_diffs_by_line_then_word_and_keeps_unchanged_paragraphs_whole() -> None:
    paragraphs = [" ".join(f"word{p}_{i}" for i in range(60)) + " and the end." for p in range(20)]
    old = "\n\n".join(paragraphs)
    changed = list(paragraphs)
    changed[7] = changed[7].replace("word7_30", "CHANGED").replace("and the end.", "and then the end.")
    new = "\n\n".join(changed)
    ops = word_diff(old, new)
    assert old_text(ops) == old and new_text(ops) == new
    assert [(op.kind, op.text) for op in ops if op.kind != "equal"] == [
        ("delete", "word7_30"),
        ("insert", "CHANGED"),
        ("insert", "then "),
    ]
    assert ops[0].kind == "equal" and ops[0].text.startswith("\n\n".join(paragraphs[:7]))


def test_a_long_single_paragraph_round_trips_on_the_fast_path() -> None:
    rng = random.Random(9)
    vocabulary = ["the", "river", "mill", "ran", "slowly", "，", "水", "and", "stone", "."]
    old = " ".join(rng.choice(vocabulary) for _ in range(600))  # ~1,200 tokens: white space becomes junk
    new = " ".join(w if rng.random() > 0.2 else "NEW" for w in old.split(" "))
    ops = word_diff(old, new)
    assert old_text(ops) == old and new_text(ops) == new
    assert sum(len(op.text) for op in ops if op.kind == "equal") > len(old) // 2
