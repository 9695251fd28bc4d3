"""Library fixtures: a folder with copies of the real Chinese articles, and a store path under QUILL_HOME."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[4] / "shared" / "data"
if not DATA.is_dir():  # a worktree next to main: /work/wt-x and /work/shared
    DATA = Path("/work/shared/data")


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    """A folder holding copies of the articles in ../shared/data (the tests change files in it)."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for source in sorted(DATA.glob("*.md")):
        shutil.copy(source, folder / source.name)
    return folder


@pytest.fixture
def library_db(quill_home: Path) -> Path:
    from assistant.core.paths import quill_paths

    return quill_paths().library_db
