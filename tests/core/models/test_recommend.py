"""One model per use and memory size, never an embedding model, never one that crawls; language coverage."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.core.models.catalog import load_catalog
from assistant.core.models.gguf_check import check_gguf
from assistant.core.models.memory import Fit, GiB, MachineMemory
from assistant.core.models.recommend import (
    STARTER_LANGUAGES,
    USES,
    covers,
    missing_languages,
    model_languages,
    recommend,
    recommendations,
)
from assistant.core.models.speed import SLOW_TOKENS_PER_SECOND, SpeedProbe
from tests.helpers.tiny_gguf import write_tiny_llama

CATALOG = load_catalog()


def probe(seconds_per_byte: float, overhead: float = 0.002) -> SpeedProbe:
    return SpeedProbe(seconds_per_byte, overhead, 98_000_000, 0.0, 1_000_000, 0.0, 0.0, "test")


FAST = probe(2.5e-11)  # ~40 GB/s: a machine where even 8B models are quick
MEDIUM = probe(1e-10)  # ~10 GB/s: 2B models at ~5-6 tokens a second, 8B ones at ~2


@pytest.mark.parametrize("use", USES)
@pytest.mark.parametrize("ram_gib", [4, 8, 16, 32])
def test_one_fitting_chat_model_good_for_the_use(use: str, ram_gib: int) -> None:
    machine = MachineMemory(ram_gib * GiB, None)
    rec = recommend(CATALOG, use, machine, 4096, FAST)
    assert rec is not None
    assert not rec.entry.is_embedding and use in rec.entry.good_for
    assert rec.fit is Fit.FITS and rec.entry.fit(machine, 4096) is Fit.FITS
    if use == "translate":
        assert covers(rec.entry.languages, ("zh", "en"))
    # nothing larger that is good for the use also fits
    larger = [
        e
        for e in CATALOG
        if not e.is_embedding
        and use in e.good_for
        and e.billions > rec.entry.billions
        and e.fit(machine, 4096) is Fit.FITS
        and (use != "translate" or covers(e.languages, ("zh", "en")))
    ]
    assert larger == []


def test_more_memory_gets_a_larger_model() -> None:
    small = recommend(CATALOG, "chat", MachineMemory(4 * GiB, None), 4096, FAST)
    big = recommend(CATALOG, "chat", MachineMemory(32 * GiB, None), 4096, FAST)
    assert small is not None and big is not None
    assert big.entry.billions > small.entry.billions


def test_a_model_that_would_crawl_is_not_recommended() -> None:
    machine = MachineMemory(24 * GiB, None)
    fast = recommend(CATALOG, "write", machine, 4096, FAST)
    slow = recommend(CATALOG, "write", machine, 4096, MEDIUM)
    assert fast is not None and slow is not None
    assert slow.tokens_per_second is not None and slow.tokens_per_second >= SLOW_TOKENS_PER_SECOND
    assert slow.entry.billions < fast.entry.billions  # on the slow machine, a smaller model
    assert not slow.slow


def test_when_every_model_crawls_the_quickest_is_chosen() -> None:
    crawl = probe(5e-9)  # 0.2 GB/s
    rec = recommend(CATALOG, "chat", MachineMemory(24 * GiB, None), 4096, crawl)
    assert rec is not None and rec.slow
    candidates = [e for e in CATALOG if not e.is_embedding and "chat" in e.good_for]
    assert rec.entry.size_bytes == min(
        e.size_bytes for e in candidates if e.fit(MachineMemory(24 * GiB, None), 4096) is Fit.FITS
    )


def test_nothing_fits_a_tiny_machine() -> None:
    assert recommend(CATALOG, "chat", MachineMemory(512 * 1024 * 1024, None), 4096, FAST) is None


def test_chinese_interface_gets_a_model_that_speaks_chinese() -> None:
    for use in ("chat", "write", "summarize"):
        rec = recommend(CATALOG, use, MachineMemory(16 * GiB, None), 4096, FAST, ui_language="zh_CN")
        assert rec is not None and "zh" in rec.entry.languages, use


def test_embedding_models_are_never_recommended() -> None:
    embedding_only = [e for e in CATALOG if e.is_embedding]
    assert embedding_only
    assert recommendations(embedding_only, MachineMemory(64 * GiB, None), 4096, FAST) == {}


def test_missing_languages_by_base_language() -> None:
    assert missing_languages(("en",), ["zh", "en"]) == ["zh"]
    assert missing_languages(("zh", "en"), ["zh-Hant", "en-US"]) == []
    assert missing_languages(("zh_CN",), ["zh"]) == []
    assert missing_languages(("en",), ["fr", "fr", "de"]) == ["fr", "de"]


def test_model_languages_from_catalog_metadata_and_starter(tmp_path: Path, starter_model: Path) -> None:
    assert model_languages(starter_model, CATALOG, starter=starter_model) == STARTER_LANGUAGES
    qwen = next(e for e in CATALOG if e.id == "qwen2.5-1.5b-instruct-q4km")
    assert model_languages(tmp_path / qwen.repo / qwen.file, CATALOG) == qwen.languages
    assert model_languages(tmp_path / "unknown.gguf", CATALOG) is None
    assert model_languages(None, CATALOG) is None


def test_gguf_general_languages_is_read(tmp_path: Path) -> None:
    assert check_gguf(write_tiny_llama(tmp_path / "plain.gguf")).languages == ()
    tagged = write_tiny_llama(tmp_path / "tagged.gguf", languages=("zh", "en", "fr"))
    languages = check_gguf(tagged).languages
    assert languages == ("zh", "en", "fr")
    assert model_languages(tagged, CATALOG, gguf_languages=languages) == ("zh", "en", "fr")


def test_the_recommended_list_puts_models_that_would_crawl_after_quick_ones() -> None:
    from assistant.core.models.catalog import recommended
    from assistant.core.models.speed import is_slow

    machine = MachineMemory(24 * GiB, None)
    ordered = recommended(CATALOG, machine, 4096, MEDIUM)
    fitting_chat = [e for e, fit in ordered if fit is Fit.FITS and not e.is_embedding]
    slow = [is_slow(MEDIUM.tokens_per_second(e.bytes_per_token)) for e in fitting_chat]
    assert slow == sorted(slow) and True in slow and False in slow  # every quick one before every slow one
    slow_sizes = [e.size_bytes for e, is_slow_ in zip(fitting_chat, slow, strict=True) if is_slow_]
    assert slow_sizes == sorted(slow_sizes)  # the least slow first
    kinds = [e.is_embedding for e, fit in ordered if fit is Fit.FITS]
    assert kinds == sorted(kinds)  # chat models before embedding models
    first = [e for e, _ in recommended(CATALOG, machine, 4096)][0]
    assert first.size_bytes == max(e.size_bytes for e, fit in ordered if fit is Fit.FITS and not e.is_embedding)
