"""Which one model to get for a use on this computer, and whether a model covers a task's languages.

Used by the first-run welcome, the Models dialog's Recommended tab and the Translate and
Summarize panes' language notice, so all three give the same answer.

The choice: among the catalog's chat models that are good for the use and speak the languages
it needs, those that fit this computer's memory (the catalog's own verdict) and would not crawl
(the speed estimate at or above SLOW_TOKENS_PER_SECOND, when a probe was measured); of those,
the largest (the best answers this computer can give at a usable speed). When none is quick
enough, the quickest that fits. Embedding models are never recommended for chat.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.core.models.catalog import CatalogEntry
from assistant.core.models.memory import Fit, MachineMemory
from assistant.core.models.speed import SLOW_TOKENS_PER_SECOND, SpeedProbe

USES = ("chat", "translate", "summarize", "write")
# The starter model (SmolLM2 135M) was trained on English text only: it cannot translate Chinese
# (FIELD-NOTES: a Chinese section came back mostly Chinese) and summarizes only English well.
STARTER_LANGUAGES = ("en",)


@dataclass(frozen=True)
class Recommendation:
    """One model for a use, with what the user needs to decide: size, memory, speed here."""

    entry: CatalogEntry
    use: str
    memory_bytes: int
    fit: Fit
    tokens_per_second: float | None  # None: no speed probe was measured

    @property
    def slow(self) -> bool:
        return self.tokens_per_second is not None and self.tokens_per_second < SLOW_TOKENS_PER_SECOND


def needed_languages(use: str, ui_language: str) -> tuple[str, ...]:
    """The languages a use needs: Chinese and English to translate between them; otherwise the user's own."""
    if use == "translate":
        return ("zh", "en")
    return ("zh",) if ui_language.startswith("zh") else ("en",)


def expected_speed(entry: CatalogEntry, probe: SpeedProbe | None) -> float | None:
    return probe.tokens_per_second(entry.bytes_per_token) if probe is not None else None


def recommend(
    catalog: list[CatalogEntry],
    use: str,
    machine: MachineMemory,
    n_ctx: int,
    probe: SpeedProbe | None,
    *,
    ui_language: str = "en",
    languages: tuple[str, ...] = (),
) -> Recommendation | None:
    """The one catalog model to get for ``use`` here; None when nothing suitable fits this computer.

    ``languages``: the ones the task needs (a translation's source and target); by default the use's own.
    """
    languages = languages or needed_languages(use, ui_language)
    fitting: list[Recommendation] = []
    for entry in catalog:
        if entry.is_embedding or use not in entry.good_for or not covers(entry.languages, languages):
            continue
        estimate = entry.estimate(n_ctx)
        fit = entry.fit(machine, n_ctx)
        if fit is Fit.FITS:
            fitting.append(Recommendation(entry, use, estimate.total, fit, expected_speed(entry, probe)))
    if not fitting:
        return None
    quick = [r for r in fitting if not r.slow]
    if quick:
        return max(quick, key=lambda r: (r.entry.billions, -r.entry.size_bytes))
    return max(fitting, key=lambda r: r.tokens_per_second or 0.0)


def recommendations(
    catalog: list[CatalogEntry],
    machine: MachineMemory,
    n_ctx: int,
    probe: SpeedProbe | None,
    *,
    ui_language: str = "en",
) -> dict[str, Recommendation]:
    """The recommendation for every use that has one."""
    found = {use: recommend(catalog, use, machine, n_ctx, probe, ui_language=ui_language) for use in USES}
    return {use: rec for use, rec in found.items() if rec is not None}


# ----- languages ------------------------------------------------------------


def _base(code: str) -> str:
    """ "zh-Hant", "zh_CN", "zh-cn" → "zh"; "en-US" → "en"."""
    return code.strip().replace("_", "-").split("-")[0].lower()


def covers(model_languages: tuple[str, ...] | list[str], needed: tuple[str, ...] | list[str]) -> bool:
    return not missing_languages(model_languages, needed)


def missing_languages(model_languages: tuple[str, ...] | list[str], needed: tuple[str, ...] | list[str]) -> list[str]:
    """The needed language codes the model does not list (by base language: zh-Hant counts as zh)."""
    have = {_base(code) for code in model_languages}
    missing: list[str] = []
    for code in needed:
        base = _base(code)
        if base and base not in have and base not in {_base(m) for m in missing}:
            missing.append(code)
    return missing


def model_languages(
    path: Path | None,
    catalog: list[CatalogEntry],
    *,
    gguf_languages: tuple[str, ...] = (),
    starter: Path | None = None,
) -> tuple[str, ...] | None:
    """The languages a model speaks: its catalog entry's, else the file's ``general.languages``,
    the starter model's known ones; None when nothing says (then no notice is shown)."""
    if path is None:
        return None
    if starter is not None and _same(path, starter):
        return STARTER_LANGUAGES
    for entry in catalog:
        if not entry.is_embedding and Path(path).name == entry.file and entry.languages:
            return tuple(entry.languages)
    if gguf_languages:
        return tuple(gguf_languages)
    return None


def _same(a: Path, b: Path) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False
