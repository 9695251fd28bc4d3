"""Where a remote server's API key lives: the OS keyring if there is one, else this session only.

The key is never written to settings.json or the log. With no usable keyring
(a headless Linux box, a minimal container) the key is kept in memory for the
session, and ``QUILL_API_KEY`` in the environment gives one to every run; the
settings page says which of these is in use.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Literal

log = logging.getLogger(__name__)

SERVICE = "Quill remote server"
ENV_VAR = "QUILL_API_KEY"
Storage = Literal["keyring", "session"]

_session: dict[str, str] = {}
_lock = threading.Lock()


def _keyring() -> object | None:
    """The keyring module when it has a real backend (not the 'fail' one), else None."""
    try:
        import keyring
        from keyring.backends import fail
    except Exception:  # not installed, or a broken backend raised on import
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:
        return None
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 1) <= 0:
        return None
    return keyring


def storage() -> Storage:
    """Where :func:`store_api_key` will put a key."""
    return "keyring" if _keyring() is not None else "session"


def store_api_key(base_url: str, key: str) -> Storage:
    """Keep ``key`` for ``base_url`` (an empty key forgets it). Returns where it went."""
    ring = _keyring()
    with _lock:
        if key:
            _session[base_url] = key
        else:
            _session.pop(base_url, None)
    if ring is None:
        return "session"
    try:
        if key:
            ring.set_password(SERVICE, base_url, key)  # type: ignore[attr-defined]
        else:
            try:
                ring.delete_password(SERVICE, base_url)  # type: ignore[attr-defined]
            except Exception:  # nothing stored: fine
                pass
        return "keyring"
    except Exception as exc:  # a locked or broken keyring: keep it for the session
        log.warning("the keyring could not store the API key (%s); it is kept for this session", type(exc).__name__)
        return "session"


def get_api_key(base_url: str) -> str | None:
    """The key for ``base_url``: this session's, else the keyring's, else ``QUILL_API_KEY``."""
    with _lock:
        key = _session.get(base_url)
    if key:
        return key
    ring = _keyring()
    if ring is not None:
        try:
            key = ring.get_password(SERVICE, base_url)  # type: ignore[attr-defined]
        except Exception as exc:
            log.warning("the keyring could not be read (%s)", type(exc).__name__)
            key = None
        if key:
            return str(key)
    return os.environ.get(ENV_VAR) or None
