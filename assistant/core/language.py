"""Which language a text is in: scripts decide Chinese, Japanese and Korean; py3langid the rest."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_LETTER = re.compile(r"[^\W\d_]")

NAMES = {
    "en": "English", "zh": "Chinese (Simplified)", "ja": "Japanese", "ko": "Korean", "fr": "French",
    "de": "German", "es": "Spanish", "it": "Italian", "pt": "Portuguese", "ru": "Russian", "nl": "Dutch",
    "ar": "Arabic", "hi": "Hindi", "tr": "Turkish", "pl": "Polish", "vi": "Vietnamese", "id": "Indonesian",
    "uk": "Ukrainian", "sv": "Swedish", "cs": "Czech", "th": "Thai", "he": "Hebrew", "fa": "Persian",
}  # fmt: skip
_ALIASES = {"zh_cn": "zh", "zh-cn": "zh", "chinese": "zh", "english": "en", "中文": "zh", "简体中文": "zh"}


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(sorted(set(NAMES) - {"zh", "ja", "ko"}))  # scripts decide those three
    return identifier


def detect_language(text: str) -> str:
    """An ISO 639-1 code for the main language of ``text`` ("en" when there is too little to tell)."""
    return detect_language_with_confidence(text)[0]


def detect_language_with_confidence(text: str) -> tuple[str, float]:
    """The language code and how sure the guess is (0..1), for showing to the user."""
    sample = text[:4000]
    letters = len(_LETTER.findall(sample))
    if letters == 0:
        return "en", 0.0
    han, kana, hangul = len(_HAN.findall(sample)), len(_KANA.findall(sample)), len(_HANGUL.findall(sample))
    if kana > 0.05 * letters:
        return "ja", min(1.0, (han + kana) / letters)
    if hangul > 0.2 * letters:
        return "ko", min(1.0, hangul / letters)
    if han > 0.2 * letters:
        return "zh", min(1.0, han / letters + 0.2)
    if letters < 12:
        return "en", 0.2
    code, probability = _identifier().classify(sample)
    return str(code), float(probability)


def language_name(code: str) -> str:
    """A language's English name for prompts and messages; unknown codes are passed through."""
    key = code.strip()
    key = _ALIASES.get(key.lower(), key.lower())
    return NAMES.get(key, code)
