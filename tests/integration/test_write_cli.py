"""`quill write` as a user runs it, on the real starter model (short inputs, a small token budget)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.helpers.quill_cli import run_quill

pytestmark = pytest.mark.model
ROOT = Path(__file__).resolve().parents[2]


def quill(quill_home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return run_quill("write", *args, home=quill_home, stdin=stdin)


def test_proofread_from_standard_input_prints_only_the_text(quill_home: Path) -> None:
    done = quill(quill_home, "proofread", "-", "--max-tokens", "60", stdin="Their going to the store tomorow.")
    assert done.returncode == 0, done.stderr[-2000:]
    out = done.stdout.strip()
    assert out and not out.lower().startswith(("sure", "here")) and not out.startswith('"')


def test_alternatives_as_json_and_usage_errors(quill_home: Path, tmp_path: Path) -> None:
    source = tmp_path / "note.md"
    source.write_text("We should meet on Friday to talk about the plan.", encoding="utf-8")
    done = quill(quill_home, "tone", str(source), "--tone", "friendly", "--n", "2", "--max-tokens", "50", "--json")
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)
    assert result["action"] == "tone" and len(result["versions"]) == 2
    assert quill(quill_home, "custom", str(source)).returncode == 2
    bad = quill(quill_home, "rewrite", str(tmp_path / "missing.txt"))
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "does not exist" in bad.stderr


def test_write_runs_on_a_remote_server_like_the_other_commands(quill_home: Path) -> None:
    """`--base-url` (or `--backend remote`) sends the writing tool to an OpenAI-compatible server."""
    from tests.helpers.fake_openai import fake_openai

    with fake_openai() as server:
        server.reply = "They're going to the store tomorrow."
        done = quill(
            quill_home, "proofread", "-", "--base-url", server.base_url, "--seed", "5", "--json", stdin="Their going."
        )
        assert done.returncode == 0, done.stderr[-2000:]
        assert json.loads(done.stdout)["versions"] == ["They're going to the store tomorrow."]
        sent = server.requests[-1]
        assert sent["seed"] == 5 and "Their going." in sent["messages"][-1]["content"]
        settings = quill_home / "config" / "settings.json"
        settings.parent.mkdir(parents=True, exist_ok=True)
        settings.write_text(json.dumps({"version": 1, "remote_base_url": server.base_url}), encoding="utf-8")
        again = quill(quill_home, "rewrite", "-", "--backend", "remote", stdin="Their going.")
        assert again.returncode == 0 and again.stdout.strip() == "They're going to the store tomorrow."
        assert len(server.requests) == 2
    gone = quill(quill_home, "rewrite", "-", "--base-url", server.base_url, stdin="Their going.")
    assert gone.returncode != 0 and gone.stderr.count("\n") == 1 and gone.stderr.startswith("quill: error: ")
