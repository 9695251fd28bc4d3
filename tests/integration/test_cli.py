"""`quill` as a user runs it: a real process, the real starter model, a fresh QUILL_HOME."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.helpers.bad_gguf import CASES
from tests.helpers.quill_cli import run_quill

pytestmark = pytest.mark.model


def quill(*args: str, stdin: str | None = None, home: Path) -> subprocess.CompletedProcess[str]:
    return run_quill(*args, home=home, stdin=stdin, timeout=120)


def test_chat_streams_a_reply_from_the_starter_model(quill_home: Path) -> None:
    done = quill("chat", "--temperature", "0", "--max-tokens", "40", "Name three colours.", home=quill_home)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.split()) >= 3
    assert done.stderr == "" or "cut at 40 tokens" in done.stderr
    log = (quill_home / "logs" / "quill.log").read_text(encoding="utf-8")
    assert "llama_model_loader" in log or "llama_context" in log  # llama.cpp's log went to the file


def test_chat_reads_the_prompt_from_stdin(quill_home: Path) -> None:
    done = quill("chat", "--max-tokens", "20", "-", stdin="hi\n", home=quill_home)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()


def test_an_empty_prompt_is_a_usage_error(quill_home: Path) -> None:
    done = quill("chat", "-", stdin="  \n", home=quill_home)
    assert done.returncode == 2
    assert done.stderr.startswith("quill: error: The prompt is empty") and done.stderr.count("\n") == 1


@pytest.mark.parametrize(
    "case", [c for c in CASES if c.name in ("missing", "directory", "text", "cut_in_data")], ids=lambda c: c.name
)
def test_a_bad_model_is_one_line_on_stderr_and_exit_code_2(
    case, tiny_model: Path, tmp_path: Path, quill_home: Path
) -> None:
    bad = case.make(tiny_model, tmp_path)
    done = quill("chat", "--model", str(bad), "hi", home=quill_home)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith(f"quill: error: Cannot use model {bad}: ")
    assert case.expect in done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def test_bad_options_are_one_line_with_exit_code_2(quill_home: Path) -> None:
    for args in (
        ["chat", "--temperature", "hot", "hi"],
        ["chat", "--top-p", "3", "hi"],
        ["chat", "--parallel", "9", "hi"],
        ["nonsense"],
    ):
        done = quill(*args, home=quill_home)
        assert done.returncode == 2, args
        assert done.stderr.startswith("quill: error: ") and done.stderr.count("\n") == 1, done.stderr


def test_parallel_is_a_model_option_of_every_command_that_loads_one() -> None:
    from assistant.cli.base import model_overrides
    from assistant.cli.entry import build_parser
    from assistant.core.errors import BadInputError

    parser = build_parser()
    for command in (["chat", "hi"], ["summarize", "f.txt"], ["serve"], ["doctor"]):
        args = parser.parse_args([command[0], "--parallel", "3", *command[1:]])
        assert args.parallel == 3 and model_overrides(args)["n_seq"] == 3, command
    assert model_overrides(parser.parse_args(["chat", "hi"]))["n_seq"] is None  # the setting decides
    assert parser.parse_args(["chat", "--parallel", "0", "hi"]).parallel == 0  # automatic
    with pytest.raises(BadInputError, match="between 0 .automatic. and 8"):
        parser.parse_args(["chat", "--parallel", "-1", "hi"])


def test_version_and_help(quill_home: Path) -> None:
    version = quill("--version", home=quill_home)
    assert version.returncode == 0 and version.stdout.startswith("quill ")
    helped = quill("--help", home=quill_home)
    assert helped.returncode == 0 and "chat" in helped.stdout and "--lang" in helped.stdout


def test_a_corrupt_settings_file_is_a_warning_not_a_failure(quill_home: Path) -> None:
    settings = quill_home / "config" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text("{broken", encoding="utf-8")
    done = quill("chat", "--max-tokens", "8", "hi", home=quill_home)
    assert done.returncode == 0
    assert "quill: warning: Settings file is not valid JSON" in done.stderr
    assert list(settings.parent.glob("settings.json.corrupt-*"))
