"""The Write pane's files: .txt/.md/.docx in and out, and the autosaved draft."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.core.documents.readers import DocumentError
from assistant.core.errors import UserFacingError
from assistant.core.stores.drafts import Draft, DraftStore, open_text, save_as


def test_a_draft_saved_as_word_opens_again_as_markdown(tmp_path: Path) -> None:
    path = save_as(tmp_path / "report.docx", "# Report\n\nSome **bold** text.\n\n- one\n", markdown=True)
    assert open_text(path) == ("# Report\n\nSome bold text.\n\n- one", True)


def test_text_files_round_trip_and_bad_files_are_one_sentence(tmp_path: Path) -> None:
    save_as(tmp_path / "a.md", "# Hi\n\n你好", markdown=True)
    assert open_text(tmp_path / "a.md") == ("# Hi\n\n你好\n", True)
    save_as(tmp_path / "a.txt", "plain", markdown=False)
    assert open_text(tmp_path / "a.txt") == ("plain\n", False)
    with pytest.raises(DocumentError, match="does not exist"):
        open_text(tmp_path / "missing.md")
    with pytest.raises(DocumentError, match=r"\.pdf"):
        open_text(tmp_path / "x.pdf")
    (tmp_path / "broken.docx").write_bytes(b"not a zip")
    with pytest.raises(DocumentError, match="damaged"):
        open_text(tmp_path / "broken.docx")
    with pytest.raises(UserFacingError, match=r"\.rtf"):
        save_as(tmp_path / "x.rtf", "text", markdown=False)
    with pytest.raises(UserFacingError, match="Could not save"):
        save_as(tmp_path / "no-such-folder" / "x.docx", "text", markdown=False)


def test_the_draft_store_writes_atomically_and_survives_a_damaged_file(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "data")
    assert store.load() is None
    store.save(Draft("草稿 draft", markdown=False, path="/x/y.md", modified=True))
    loaded = store.load()
    assert loaded is not None and (loaded.text, loaded.markdown, loaded.path, loaded.modified) == (
        "草稿 draft",
        False,
        "/x/y.md",
        True,
    )
    assert loaded.saved_at > 0
    assert [p.name for p in (tmp_path / "data").iterdir()] == ["write-draft.json"]  # no temporary file left
    store.file.write_text("{half a json", encoding="utf-8")
    assert store.load() is None
    store.file.write_text(json.dumps({"text": 3}), encoding="utf-8")
    assert store.load() is None
    store.clear()
    assert not store.file.exists()
