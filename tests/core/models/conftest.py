"""Fixtures for the model manager's tests: the loopback Hub, and a model worth transferring."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.helpers.fake_hub import FakeHub, online_hub
from tests.helpers.tiny_gguf import write_tiny_llama


@pytest.fixture(scope="session")
def model_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A larger tiny model (~1.6 MB), so transfers span many network reads."""
    path = write_tiny_llama(tmp_path_factory.mktemp("hub") / "m.gguf", n_embd=128, n_ff=256, n_layer=4)
    return path.read_bytes()


@pytest.fixture
def hub(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeHub]:
    """The Hub stand-in, running, with HF_ENDPOINT pointing at it for this test."""
    with online_hub(monkeypatch) as fake:
        yield fake
