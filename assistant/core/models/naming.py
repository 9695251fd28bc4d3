"""What a GGUF file's name says: its quantization, whether it is one part of a split model,
and whether a name from a server is safe to write under the models folder."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from assistant.core.errors import BadInputError
from assistant.core.i18n import msg

# llama.cpp's gguf-split names parts "<stem>-00001-of-00003.gguf".
SPLIT_RE = re.compile(r"^(?P<stem>.+)-(?P<index>\d{5})-of-(?P<count>\d{5})\.gguf$", re.IGNORECASE)
# Quantization labels as quantizers put them in file names (longest alternatives first).
QUANT_RE = re.compile(
    r"(?<![A-Za-z0-9])("
    r"IQ[1-4]_(?:XXS|XS|S|M|NL)|IQ[1-4]_?[A-Z]*|"
    r"Q[2-8]_K(?:_[SML]|_XL)?|Q[4-8]_[01]|Q[2-8]_K|"
    r"TQ[12]_0|MXFP4|BF16|F16|F32|FP16|FP32"
    r")(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_MAX_COMPONENT = 200


@dataclass(frozen=True)
class SplitName:
    stem: str
    index: int  # 1-based, as in the name
    count: int

    def part_name(self, index: int) -> str:
        return f"{self.stem}-{index:05d}-of-{self.count:05d}.gguf"


def split_name(filename: str) -> SplitName | None:
    """``model-00002-of-00003.gguf`` → SplitName("model", 2, 3); other names → None."""
    match = SPLIT_RE.match(PurePosixPath(filename).name)
    if not match:
        return None
    index, count = int(match["index"]), int(match["count"])
    if not 1 <= index <= count:
        return None
    return SplitName(match["stem"], index, count)


def quant_label(filename: str) -> str:
    """The quantization a file name announces (``Q4_K_M``), upper-cased; "" if none."""
    matches = QUANT_RE.findall(PurePosixPath(filename).name)
    return matches[-1].upper() if matches else ""


def display_stem(filename: str) -> str:
    """A file name without ``.gguf`` and without a split suffix."""
    split = split_name(filename)
    name = split.stem if split else PurePosixPath(filename).name
    return name[:-5] if name.lower().endswith(".gguf") else name


def safe_relative_path(name: str) -> PurePosixPath:
    """A server-given path (``repo/owner/file.gguf``) made safe to join under a folder.

    Raises BadInputError for anything that could land outside the folder or surprise a file
    manager: absolute paths, ``..``, backslashes, drive letters, hidden or empty parts,
    control characters, over-long parts.
    """
    if not name or "\\" in name or "\x00" in name:
        raise BadInputError(
            msg("Refused the file name {name!r} from the server: it is not a plain relative path.", name=name)
        )
    normalized = unicodedata.normalize("NFC", name)
    path = PurePosixPath(normalized)
    if path.is_absolute() or re.match(r"^[A-Za-z]:", normalized):
        raise BadInputError(
            msg("Refused the file name {name!r} from the server: it would land outside the models folder.", name=name)
        )
    for part in path.parts:
        if part in ("", ".", "..") or part.startswith("."):
            raise BadInputError(
                msg(
                    "Refused the file name {name!r} from the server: it would land outside the models folder.",
                    name=name,
                )
            )
        if len(part) > _MAX_COMPONENT or any(unicodedata.category(ch) in ("Cc", "Cf") for ch in part):
            raise BadInputError(
                msg("Refused the file name {name!r} from the server: it contains unusable characters.", name=name)
            )
    return path


def inside(folder: Path, relative: PurePosixPath) -> Path:
    """``folder / relative``, checked (after resolving links) to stay inside ``folder``."""
    root = folder.resolve()
    target = (root / Path(*relative.parts)).resolve()
    if target != root and root not in target.parents:
        raise BadInputError(
            msg("Refused the file name '{relative}': it would land outside the models folder.", relative=relative)
        )
    return target
