"""Shared fixtures: every test runs with its own QUILL_HOME; real models are built or found once."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

import pytest

from tests.helpers.netguard import Guard
from tests.helpers.tiny_gguf import write_tiny_llama


@pytest.fixture(autouse=True)
def no_network() -> Iterator[Guard]:
    """Every test runs with the network blocked except loopback; an attempt fails the test even if caught."""
    guard = Guard()
    with guard.installed():
        yield guard
    if guard.attempts:
        pytest.fail("the test tried to use the network: " + "; ".join(guard.attempts), pytrace=False)


@pytest.fixture(scope="session")
def cpu_check_record(tmp_path_factory: pytest.TempPathFactory) -> str | None:
    """The CPU check, run for real once per session on this build (its own tests run it again)."""
    from assistant.core.engine.cpu_check import ensure_checked
    from assistant.core.paths import quill_paths

    paths = quill_paths({"QUILL_HOME": str(tmp_path_factory.mktemp("cpu-check-home"))})
    ensure_checked(paths)
    return paths.cpu_check_file.read_text(encoding="utf-8") if paths.cpu_check_file.exists() else None


@pytest.fixture(autouse=True)
def quill_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cpu_check_record: str | None) -> Path:
    """No test touches the user's real settings, history or models.

    Each QUILL_HOME starts with the session's CPU check result, so a test that loads a model
    does not spend a second re-proving the same llama.cpp build.
    """
    home = tmp_path / "quill-home"
    monkeypatch.setenv("QUILL_HOME", str(home))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    # huggingface-hub reads the variable once, at import: a module imported during an online test
    # (the stand-in Hub) would stay online for the tests after it, and reach huggingface.co.
    from huggingface_hub import constants

    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    if cpu_check_record is not None:
        (home / "cache").mkdir(parents=True)
        (home / "cache" / "cpu-check.json").write_text(cpu_check_record, encoding="utf-8")
    return home


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ~190 KB llama model with random weights and a ChatML template."""
    return write_tiny_llama(tmp_path_factory.mktemp("models") / "tiny-chatml.gguf")


@pytest.fixture(scope="session")
def tiny_model_no_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same tiny model, carrying no chat template."""
    return write_tiny_llama(tmp_path_factory.mktemp("models") / "tiny-plain.gguf", chat_template=None)


@pytest.fixture(scope="session")
def tiny_bert(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ~120 KB BERT embedding model (mean pooling, 32 dimensions, 128-token context) with random weights."""
    from tests.helpers.tiny_bert_gguf import write_tiny_bert

    return write_tiny_bert(tmp_path_factory.mktemp("models") / "tiny-bert.gguf")


@pytest.fixture(scope="session")
def starter_model() -> Path:
    from assistant.core.models.starter import require_starter_model

    return require_starter_model()


@pytest.fixture(scope="session")
def starter_backend(starter_model: Path) -> Iterator[object]:
    """The starter model loaded once for the session (tests run on one thread, which owns it)."""
    from assistant.core.backends.llama import LlamaBackend
    from assistant.core.types import ModelSpec

    backend = LlamaBackend()
    backend.load(ModelSpec(starter_model, n_ctx=2048))
    yield backend
    backend.close()
