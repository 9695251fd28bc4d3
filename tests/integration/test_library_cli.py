"""`quill library ...` and `quill ask` as a user runs them: real child processes, real files, the starter model."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.helpers.quill_cli import run_quill

DATA = Path("/work/shared/data")


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for source in DATA.glob("*.md"):
        shutil.copy(source, folder / source.name)
    (folder / "junk.md").write_bytes(b"\x00\x01binary\x00" * 100)
    return folder


def test_add_list_search_rescan_remove(tmp_path: Path) -> None:
    home = tmp_path / "home"
    folder = _folder(tmp_path)
    added = run_quill("library", "add", str(folder), "--watch", "--keywords-only", home=home)
    assert added.returncode == 0, added.stderr
    assert "[2/3 files" in added.stderr or "[3/3 files" in added.stderr
    assert "quill: junk.md: it is not text (a binary file?); it was skipped" in added.stderr
    assert added.stdout.startswith("articles: 2 documents, ") and "watched" in added.stdout

    listed = run_quill("library", "list", "--json", home=home)
    rows = json.loads(listed.stdout)
    assert [r["name"] for r in rows] == ["articles"] and rows[0]["watch"] and rows[0]["documents"] == 2

    found = run_quill("library", "search", "面临的挑战", "--json", "--keywords-only", home=home)
    hits = json.loads(found.stdout)
    assert hits and "8.3 面临的挑战" in hits[0]["heading_path"]
    assert "挑战" in hits[0]["text"] and hits[0]["location"] == " › ".join(hits[0]["heading_path"])

    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "new.md").write_text("# Orchards\n\nPruning apple trees in winter.\n", encoding="utf-8")
    more = run_quill("library", "add", str(extra), "--collection", "articles", "--keywords-only", home=home)
    assert more.returncode == 0 and more.stdout.startswith("articles: 3 documents")
    assert "[0/1 files" in more.stderr  # only the new file was read; the rest were unchanged
    plain = run_quill("library", "search", "pruning", "--keywords-only", home=home)
    assert plain.returncode == 0 and plain.stdout.startswith("[1] Orchards — ")
    (folder / "zh-article-llm-industry.md").unlink()
    rescan = run_quill("library", "add", "--collection", "articles", "--keywords-only", home=home)
    assert rescan.returncode == 0 and rescan.stdout.startswith("articles: 2 documents")

    inside = run_quill("library", "remove", "articles", str(folder / "zh-article-llm-overview.md"), home=home)
    assert inside.returncode != 0 and "is not one of the files or folders added" in inside.stderr
    assert run_quill("library", "remove", "articles", str(extra), home=home).returncode == 0
    assert run_quill("library", "search", "pruning", "--keywords-only", home=home).returncode == 1
    missing = run_quill("library", "remove", "nope", home=home)
    assert missing.returncode != 0 and "no collection 'nope'" in missing.stderr
    assert run_quill("library", "remove", "articles", home=home).returncode == 0
    assert json.loads(run_quill("library", "list", "--json", home=home).stdout) == []


def test_ask_answers_with_numbered_sources_or_says_nothing_found(tmp_path: Path, starter_model: Path) -> None:
    home = tmp_path / "home"
    folder = _folder(tmp_path)
    assert run_quill("library", "add", str(folder), "--keywords-only", home=home).returncode == 0
    asked = run_quill(
        "ask", "LLM面临哪些挑战？", "--keywords-only", "--max-tokens", "32", "--temperature", "0", home=home
    )
    assert asked.returncode == 0, asked.stderr
    answer, _, sources = asked.stdout.partition("\nSources:\n")
    assert answer.strip()
    lines = sources.strip().splitlines()
    assert lines[0].startswith("[1] ") and any("8.3 面临的挑战" in line for line in lines)
    nothing = run_quill("ask", "What is the boiling point of liquid nitrogen?", "--keywords-only", home=home)
    assert nothing.returncode == 1
    assert nothing.stdout.strip() == "Nothing in the library answers this question."
