"""Writing files so that a crash or a full disk never leaves a half-written one behind."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from assistant.core.i18n import msg

HASH_CHUNK = 4 * 1024 * 1024


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
        raise UserFacingError(msg("Could not save to {path}: {value}.", path=path, value=exc.strerror or exc)) from exc
    return path


def hash_into(digest: hashlib._Hash, path: Path, on_chunk: Callable[[int], None] | None = None) -> hashlib._Hash:
    """Feed ``path``'s bytes into ``digest`` (a new one, or one a download began) and return it.

    ``on_chunk`` gets the bytes read so far after each chunk; it may raise to stop hashing.
    """
    done = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(HASH_CHUNK):
            digest.update(chunk)
            done += len(chunk)
            if on_chunk is not None:
                on_chunk(done)
    return digest


def remove_empty_dirs(folder: Path, stop: Path) -> None:
    """Remove ``folder`` and its parents while they are empty, up to (not including) ``stop``."""
    try:
        stop = stop.resolve()
        current = folder.resolve()
        while current != stop and stop in current.parents:
            current.rmdir()
            current = current.parent
    except OSError:  # not empty, or gone: either way, done
        pass
