"""Offline language detection for the languages Quill names, with a confidence."""

from __future__ import annotations

import pytest

from assistant.core.language import detect_language, detect_language_with_confidence, language_code, language_name

SAMPLES = {
    "zh": "这是一个关于大型语言模型的文章，我们来说说它的发展和应用。",
    "zh-Hant": "這是一個關於大型語言模型的文章，我們來說說它的發展和應用。",
    "en": "This is an article about large language models and how they are used.",
    "ja": "これは大規模言語モデルについての記事です。その発展を説明します。",
    "ko": "이것은 대규모 언어 모델에 관한 기사입니다. 발전 과정을 설명합니다.",
    "fr": "Ceci est un article sur les grands modèles de langage et leur utilisation.",
    "de": "Dies ist ein Artikel über große Sprachmodelle und wie sie verwendet werden.",
    "es": "Este es un artículo sobre los grandes modelos de lenguaje y cómo se usan.",
    "ru": "Это статья о больших языковых моделях и о том, как их используют.",
    "pt": "Este é um artigo sobre grandes modelos de linguagem e como eles são usados.",
    "it": "Questo è un articolo sui grandi modelli linguistici e su come vengono usati.",
    "ar": "هذه مقالة عن نماذج اللغة الكبيرة وكيفية استخدامها في الحياة اليومية.",
}


@pytest.mark.parametrize("code", sorted(SAMPLES))
def test_each_language_is_recognised_with_confidence(code: str) -> None:
    found, confidence = detect_language_with_confidence(SAMPLES[code])
    assert found == code
    assert 0.5 <= confidence <= 1.0


def test_too_little_text_falls_back_to_english_with_low_confidence() -> None:
    assert detect_language_with_confidence("42 ...") == ("en", 0.0)
    assert detect_language("ok") == "en"


def test_names_and_codes() -> None:
    assert language_name("zh") == "Chinese (Simplified)" and language_name("zh_TW") == "Chinese (Traditional)"
    assert language_code("French") == "fr" and language_code("中文") == "zh" and language_code("zh-Hant") == "zh-Hant"
    assert language_code("Klingon") is None
