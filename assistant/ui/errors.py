"""What a person is told when something fails: only a UserFacingError's own words, else a generic sentence."""

from __future__ import annotations

from assistant.core.errors import UserFacingError
from assistant.ui.i18n import shown


def error_text(error: object, fallback: str) -> str:
    """Only a UserFacingError's own words are shown (in the UI's language); anything else is a bug, explained generically."""
    return shown(error.message) if isinstance(error, UserFacingError) else fallback
