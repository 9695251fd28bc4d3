"""The one home of script knowledge: CJK classes, word counts, where spaces go."""

from __future__ import annotations

from assistant.core.documents.readers import join_lines
from assistant.core.tasks.diff import diff_stats, word_diff
from assistant.core.text import count_cjk, count_words, is_cjk, is_unspaced


def test_cjk_classes_cover_ideographs_kana_hangul_punctuation_and_full_width() -> None:
    assert all(is_cjk(c) for c in "漢字かなカナ한글。，𠀀")
    assert not any(is_cjk(c) for c in "aZ9é .,")
    assert is_cjk("") is False
    assert is_unspaced("中") and is_unspaced("。") and not is_unspaced("한") and not is_unspaced("a")


def test_words_are_counted_one_way_everywhere() -> None:
    assert count_words("Hello, world! 你好世界") == 6
    assert count_words("Don't stop。한국어") == 5
    assert count_cjk("你好，world。") == 2
    stats = diff_stats(word_diff("我们去商店。", "我们去公园，好吗？"))
    assert stats.inserted_words == count_words("公园好吗") and stats.deleted_words == count_words("商店")


def test_lines_join_with_a_space_only_where_the_script_uses_spaces() -> None:
    assert join_lines(["第一行", "第二行。"]) == "第一行第二行。"
    assert join_lines(["你好。", "Hello"]) == "你好。Hello"
    assert join_lines(["한국어는", "띄어 씁니다"]) == "한국어는 띄어 씁니다"
    assert join_lines(["one", "two"]) == "one two"
