"""How the expected speed and the memory verdict read, in the interface's language.

"Fits" is good news only for a model that would also answer at a usable speed: a model that
fits but would crawl (core/models/speed.py: below SLOW_TOKENS_PER_SECOND) reads "Fits, slow".
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from assistant.core.models.memory import Fit
from assistant.core.models.speed import is_slow, words_per_second

FIT_COLORS = {Fit.FITS: "#2e7d32", Fit.TIGHT: "#b26a00", Fit.TOO_BIG: "#c62828"}
SLOW_COLOR = "#b26a00"


def speed_text(tokens_per_second: float | None) -> str:
    """'about 9 words a second'; '—' when no probe was measured."""
    if tokens_per_second is None or tokens_per_second <= 0:
        return "—"
    words = words_per_second(tokens_per_second)
    shown = f"{words:.0f}" if words >= 2 else f"{words:.1f}"
    return QCoreApplication.translate("Speed", "about {0} words a second").format(shown)


def speed_tooltip(tokens_per_second: float | None) -> str:
    if tokens_per_second is None or tokens_per_second <= 0:
        return QCoreApplication.translate(
            "Speed", "Not measured yet: the speed of this computer is measured once, in a few seconds."
        )
    return QCoreApplication.translate(
        "Speed",
        "About {0} tokens a second, estimated from a short measurement on this computer: generation reads "
        "every weight once per token, so speed scales with the model's size. Real speed may differ by half "
        "either way, and drops on long conversations or while other programs are busy.",
    ).format(f"{tokens_per_second:.1f}")


def fit_text(fit: Fit, tokens_per_second: float | None = None) -> str:
    """The verdict: 'Fits', 'Fits, slow', 'Tight', 'Tight, slow' or 'Will not fit'."""
    slow = tokens_per_second is not None and is_slow(tokens_per_second)
    if fit is Fit.FITS:
        return (
            QCoreApplication.translate("Speed", "Fits, slow") if slow else QCoreApplication.translate("Speed", "Fits")
        )
    if fit is Fit.TIGHT:
        return (
            QCoreApplication.translate("Speed", "Tight, slow") if slow else QCoreApplication.translate("Speed", "Tight")
        )
    return QCoreApplication.translate("Speed", "Will not fit")


def fit_color(fit: Fit, tokens_per_second: float | None = None) -> str:
    if fit is Fit.FITS and tokens_per_second is not None and is_slow(tokens_per_second):
        return SLOW_COLOR
    return FIT_COLORS[fit]
