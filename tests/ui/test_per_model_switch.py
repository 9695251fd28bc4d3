"""Switching models in the running app, on real llama.cpp: each model comes back with its own context
length, sampling, system prompt and thinking default; the app's values stay the fallback."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.core.models.model_settings import for_model, model_key
from assistant.core.paths import quill_paths
from assistant.core.settings import Settings, save_settings
from tests.helpers.tiny_gguf import write_tiny_llama
from tests.ui.conftest import AppFactory


@pytest.mark.model
def test_switching_models_and_back_brings_back_each_ones_settings(qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    first = write_tiny_llama(tmp_path / "first.gguf", name="First Tiny", sampling={"temp": 0.6, "top_k": 20})
    second = write_tiny_llama(tmp_path / "second.gguf", name="Second Tiny", seed=4)
    per_model = {
        model_key(first): {"n_ctx": 256, "system_prompt": "Answer in French.", "thinking": True},
        model_key(second): {"n_ctx": 384, "temperature": 0.2, "top_p": 0.9, "top_k": 20, "min_p": 0.1},
    }
    save_settings(Settings(n_ctx=512, temperature=0.9, per_model=per_model), quill_paths().settings_file)
    window = make_app(argv=["--model", str(first)], real=True)
    context = make_app.context(window)
    current = context.settings

    def switch(path: Path) -> None:
        with qtbot.waitSignal(window.engine.model_loaded, timeout=90000):
            context.controller.switch_model(path)

    for _ in range(2):  # there and back, twice
        if window.engine.model_info is None or window.engine.model_info.path != first:
            switch(first)
        assert window.engine.model_info.n_ctx == 256
        params = current.generation_params()
        assert (params.temperature, params.top_k) == (0.6, 20)  # its GGUF's recommendation
        assert current.system_prompt() == "Answer in French."
        assert for_model(current.get(), current.model).extra["thinking"] is True
        switch(second)
        assert window.engine.model_info.n_ctx == 384
        params = current.generation_params()
        assert (params.temperature, params.top_p, params.min_p) == (0.2, 0.9, 0.1)  # the Precise values, set
        assert current.system_prompt() == ""  # the app's
        assert for_model(current.get(), current.model).extra["thinking"] is None
