"""What Quill knows about scripts: which characters are CJK, how words are counted, where spaces go.

One home, so that the word count in the Write pane, the length check of a
summary, the diff, the document reader's line joining, language detection and
token estimates all draw the same line between "a CJK character" and "a word".
The ranges are strings so they can be combined inside other character classes.
"""

from __future__ import annotations

import re
from typing import Any, cast

HAN = "\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"  # ideographs: extension A, unified, compatibility, B+
KANA = "\u3040-\u30ff"  # hiragana and katakana
HANGUL = "\uac00-\ud7af"  # syllables
CJK_PUNCTUATION = "\u3000-\u303f"  # ideographic space, 、。「」《》...
FULL_WIDTH = "\uff00-\uffef"  # full-width Latin, digits and punctuation: ，！？（）...

CJK_LETTERS = HAN + KANA + HANGUL
"""Characters that each count as one word (a word processor counts them so)."""
CJK_WIDE = CJK_LETTERS + CJK_PUNCTUATION + FULL_WIDTH
"""Every wide character: one token each for the diff, the scripted tokenizer and token estimates."""
UNSPACED = HAN + KANA + CJK_PUNCTUATION + FULL_WIDTH
"""Scripts written without spaces between words (Korean is written with them, so it is not here)."""


class _LazyPattern:
    """A regular expression compiled when first used. Classes over these wide ranges take 1-2 ms
    each to compile, and the window's start-up uses none of them."""

    def __init__(self, source: str) -> None:
        self._source = source
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if self._compiled is None:
            self._compiled = re.compile(self._source)
        return getattr(self._compiled, name)


def _lazy(source: str) -> re.Pattern[str]:
    return cast("re.Pattern[str]", _LazyPattern(source))


CJK_LETTER = _lazy(f"[{CJK_LETTERS}]")
CJK_CHAR = _lazy(f"[{CJK_WIDE}]")
HAN_CHAR = _lazy(f"[{HAN}]")
KANA_CHAR = _lazy(f"[{KANA}]")
HANGUL_CHAR = _lazy(f"[{HANGUL}]")
_UNSPACED_CHAR = _lazy(f"[{UNSPACED}]")
WORD = r"[^\W_]+(?:['’][^\W_]+)*"
"""A run of letters and digits, with inner apostrophes ("don't", "l’été"): one word."""
_LATIN_WORD = _lazy(rf"[^\W_{CJK_LETTERS}]+(?:['’][^\W_]+)*")


def is_cjk(char: str) -> bool:
    """Whether ``char`` (its first character) is a CJK letter, CJK punctuation or a full-width form."""
    return bool(char) and CJK_CHAR.match(char) is not None


def is_unspaced(char: str) -> bool:
    """Whether ``char`` belongs to a script written without spaces between words (Chinese, Japanese)."""
    return bool(char) and _UNSPACED_CHAR.match(char) is not None


def count_cjk(text: str) -> int:
    """CJK letters (ideographs, kana, hangul) in ``text``; punctuation is not counted."""
    return len(CJK_LETTER.findall(text))


def count_words(text: str) -> int:
    """Words as a writer counts them: each CJK character is one, like a word processor does."""
    return count_cjk(text) + len(_LATIN_WORD.findall(text))
