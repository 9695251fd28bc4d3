"""The Write pane's files: open and save .txt, .md and .docx, and the autosaved draft.

The draft lives in Quill's data folder as one small JSON file written
atomically (temporary file + rename), so a crash at any moment leaves either
the previous draft or the new one, never half of either. A Word file is
written from the Markdown (see :mod:`assistant.core.documents.docx`).
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from assistant.core.documents.docx import save_docx, to_docx
from assistant.core.documents.formats import EDITABLE, describe
from assistant.core.documents.readers import DocumentError, read_text
from assistant.core.errors import UserFacingError
from assistant.core.files import atomic_write_text, save_text
from assistant.core.i18n import msg

log = logging.getLogger(__name__)

FORMATS = EDITABLE
DRAFT_FILE = "write-draft.json"


def open_text(path: Path) -> tuple[str, bool]:
    """The text of a .txt, .md or .docx file and whether it is Markdown (a .docx comes as Markdown).

    Raises:
        DocumentError: one sentence naming the file and the problem.
    """
    text = read_text(
        path,
        FORMATS,
        lambda found: msg("The Write pane opens {formats} files, not {found}.", formats=describe(FORMATS), found=found),
    )
    return text, path.suffix.lower() != ".txt"


def save_as(path: Path, text: str, markdown: bool) -> Path:
    """Save in the format the name asks for (.docx is written from the Markdown or plain text).

    Raises:
        UserFacingError: the format is not one Quill writes, or the file could not be written.
    """
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise UserFacingError(
            msg(
                "Quill saves drafts as {formats}, not {suffix}.",
                formats=describe(FORMATS, "or"),
                suffix=suffix or msg("a file without an extension"),
            )
        )
    if suffix != ".docx":
        return save_text(path, text if text.endswith("\n") or not text else text + "\n")
    return save_docx(to_docx(text, markdown), path)


# ----- the autosaved draft ----------------------------------------------------------------


@dataclass
class Draft:
    """What the Write pane had: its text, format, the file it came from and whether it differs from it."""

    text: str
    markdown: bool = True
    path: str | None = None
    modified: bool = True
    saved_at: float = 0.0


class DraftStore:
    """One draft file in Quill's data folder, written atomically; reading never raises."""

    def __init__(self, folder: Path) -> None:
        self.file = folder / DRAFT_FILE

    def save(self, draft: Draft) -> None:
        """Write the draft. Raises OSError (the caller shows it) if the disk refuses."""
        draft.saved_at = time.time()
        self.file.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(self.file, json.dumps(asdict(draft), ensure_ascii=False))

    def load(self) -> Draft | None:
        """The last draft, or None if there is none or it cannot be read (the file is left for a look)."""
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            log.warning("could not read the draft %s: %s", self.file, exc)
            return None
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            return None
        path = data.get("path")
        return Draft(
            text=data["text"],
            markdown=bool(data.get("markdown", True)),
            path=path if isinstance(path, str) else None,
            modified=bool(data.get("modified", True)),
            saved_at=float(data.get("saved_at") or 0.0),
        )

    def clear(self) -> None:
        self.file.unlink(missing_ok=True)


__all__ = ["FORMATS", "Draft", "DraftStore", "DocumentError", "open_text", "save_as"]
