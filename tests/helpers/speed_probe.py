"""This computer's speed probe, measured once per test session (a few seconds) and copied into a test's QUILL_HOME."""

from __future__ import annotations

import json
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path

from assistant.core.models.speed import SpeedProbe, probe_file, run_probe
from assistant.core.paths import quill_paths


@lru_cache(maxsize=1)
def _measured(home: str) -> SpeedProbe:
    from assistant.core.paths import QuillPaths

    root = Path(home)
    paths = QuillPaths(root / "config", root / "data", root / "cache", root / "logs", root / "models")
    return run_probe(paths)


def install_probe(session_dir: Path) -> SpeedProbe:
    """Measure (once per session, in ``session_dir``) and store the probe in the current QUILL_HOME."""
    probe = _measured(str(session_dir))
    target = probe_file(quill_paths())
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(asdict(probe)), encoding="utf-8")
    return probe
