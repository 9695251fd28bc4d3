"""Writing files so that a crash or a full disk never leaves a half-written one behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def atomic_write_text(path: Path, text: str, *, durable: bool = True) -> None:
    """Write ``text`` to a temporary file beside ``path`` and rename it over ``path``.

    Either the old file or the whole new one is there afterwards, never a mix.
    ``durable`` flushes the data to disk before the rename (settings; not needed for exports).

    Raises:
        OSError: the folder is missing or read-only, or the disk is full (nothing is left behind).
    """
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        raise


def save_text(path: Path, text: str) -> Path:
    """Save a file the user asked for (an export, a summary, a translation).

    Raises:
        UserFacingError: one sentence naming the file and the reason (folder missing, read-only, disk full).
    """
    from assistant.core.errors import UserFacingError

    try:
        atomic_write_text(path, text, durable=False)
    except OSError as exc:
        raise UserFacingError(f"Could not save to {path}: {exc.strerror or exc}.") from exc
    return path
