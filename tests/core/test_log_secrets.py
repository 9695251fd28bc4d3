"""No secret is written to Quill's log file, whatever a message or a traceback carries."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.core.logs import REDACTED, redact, setup_logging

HF = "hf_AbCdEfGhIjKlMnOpQrStUvWxYz012345"
SK = "sk-proj-Zyxwvutsrqponmlkjihgfedcba98"


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "logs" / "quill.log"
    root = logging.getLogger()
    before = list(root.handlers)
    assert setup_logging(path) == path
    yield path
    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()


def test_tokens_keys_and_secret_environment_values_are_redacted(
    log_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUILL_REMOTE_API_KEY", "correct-horse-battery-staple")
    log = logging.getLogger("quill.test")
    log.warning("download with token %s failed", HF)
    log.info("remote backend headers: {'Authorization': 'Bearer %s'}", SK)
    log.info("settings: api_key=hunter2hunter2 password: 'opensesame99' extra=%s", "correct-horse-battery-staple")
    try:
        raise RuntimeError(f"401 for url https://huggingface.co/api?token={HF}")
    except RuntimeError:
        log.exception("hub search failed")
    text = log_file.read_text(encoding="utf-8")
    for secret in (HF, SK, "hunter2hunter2", "opensesame99", "correct-horse-battery-staple"):
        assert secret not in text
    assert text.count(REDACTED) >= 6
    assert "download with token" in text and "hub search failed" in text and "Traceback" in text


def test_ordinary_lines_are_left_alone() -> None:
    for line in (
        "loaded model.gguf in 0.18 s: n_ctx=2048 threads=2 template=model",
        "prompt tokens=512 generated_tokens=64 eos token 2",
        "tokenizer.ggml.tokens has 49152 entries; bos_token_id=1",
    ):
        assert redact(line) == line
