"""A damaged model never reaches llama.cpp: load refuses it and the same process goes on working."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.core.backends.llama import LlamaBackend
from assistant.core.cancel import CancelToken
from assistant.core.errors import ModelFileError
from assistant.core.types import Finished, GenerationParams, GenerationRequest, Message, ModelSpec
from tests.helpers.bad_gguf import CASES, BadCase, case_ids

pytestmark = pytest.mark.model


@pytest.mark.parametrize("case", CASES, ids=case_ids())
def test_a_bad_file_is_refused_and_the_backend_keeps_working(case: BadCase, tiny_model: Path, tmp_path: Path) -> None:
    bad = case.make(tiny_model, tmp_path)
    backend = LlamaBackend()
    try:
        with pytest.raises(ModelFileError) as caught:
            backend.load(ModelSpec(bad))
        assert case.expect in str(caught.value) and str(bad) in str(caught.value)
        assert backend.info is None
        backend.load(ModelSpec(tiny_model))
        events = list(
            backend.stream(
                GenerationRequest([Message("user", "hi")], params=GenerationParams(temperature=0, max_tokens=4)),
                CancelToken(),
            )
        )
        assert isinstance(events[-1], Finished)
    finally:
        backend.close()


def test_a_bad_file_does_not_unload_the_model_in_use(tiny_model: Path, tmp_path: Path) -> None:
    backend = LlamaBackend()
    backend.load(ModelSpec(tiny_model))
    try:
        with pytest.raises(ModelFileError):
            backend.load(ModelSpec(tmp_path / "missing.gguf"))
        assert backend.info is not None and backend.info.path == tiny_model
    finally:
        backend.close()
