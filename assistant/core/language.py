"""Which language a text is in: scripts decide Chinese, Japanese and Korean; py3langid the rest."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from assistant.core.i18n import msg
from assistant.core.text import HAN_CHAR as _HAN
from assistant.core.text import HANGUL_CHAR as _HANGUL
from assistant.core.text import KANA_CHAR as _KANA

_LETTER = re.compile(r"[^\W\d_]")

# Characters written differently in the two Chinese scripts (frequent ones): which set a text uses
# tells Simplified from Traditional.
_SIMPLIFIED = set("这个们为说来国会时学对经过还发与点开体实现问题语关样长电后见务动产业种数据让认识计设应该从")
_TRADITIONAL = set("這個們為說來國會時學對經過還發與點開體實現問題語關樣長電後見務動產業種數據讓認識計設應該從")
_TRADITIONAL -= _SIMPLIFIED

NAMES = {  # English names (prompts read them as str); msg() lets the UI show them translated
    "en": msg("English"),
    "zh": msg("Chinese (Simplified)"),
    "zh-Hant": msg("Chinese (Traditional)"),
    "ja": msg("Japanese"),
    "ko": msg("Korean"),
    "fr": msg("French"),
    "de": msg("German"),
    "es": msg("Spanish"),
    "it": msg("Italian"),
    "pt": msg("Portuguese"),
    "ru": msg("Russian"),
    "nl": msg("Dutch"),
    "ar": msg("Arabic"),
    "hi": msg("Hindi"),
    "tr": msg("Turkish"),
    "pl": msg("Polish"),
    "vi": msg("Vietnamese"),
    "id": msg("Indonesian"),
    "uk": msg("Ukrainian"),
    "sv": msg("Swedish"),
    "cs": msg("Czech"),
    "th": msg("Thai"),
    "he": msg("Hebrew"),
    "fa": msg("Persian"),
}
_ALIASES = {
    "zh_cn": "zh",
    "zh-cn": "zh",
    "zh-hans": "zh",
    "chinese": "zh",
    "english": "en",
    "中文": "zh",
    "简体中文": "zh",
    "zh-hant": "zh-Hant",
    "zh_tw": "zh-Hant",
    "zh-tw": "zh-Hant",
    "繁體中文": "zh-Hant",
}


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(sorted(set(NAMES) - {"zh", "zh-Hant", "ja", "ko"}))  # scripts decide those
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
        simplified = sum(1 for c in sample if c in _SIMPLIFIED)
        traditional = sum(1 for c in sample if c in _TRADITIONAL)
        code = "zh-Hant" if traditional > simplified else "zh"
        return code, min(1.0, han / letters + 0.2)
    if letters < 12:
        return "en", 0.2
    code, probability = _identifier().classify(sample)
    return str(code), float(probability)


def language_name(code: str) -> str:
    """A language's English name for prompts and messages; unknown codes are passed through."""
    key = code.strip()
    key = _ALIASES.get(key.lower(), key)
    return NAMES.get(key, NAMES.get(key.lower(), code))


def language_code(name_or_code: str) -> str | None:
    """The code for a language given by code ("zh"), alias ("zh_CN", "中文") or English name ("French")."""
    key = name_or_code.strip()
    key = _ALIASES.get(key.lower(), key)
    for candidate in (key, key.lower()):
        if candidate in NAMES:
            return candidate
    lowered = key.lower()
    return next((code for code, name in NAMES.items() if lowered and name.lower().startswith(lowered)), None)
