"""The AppController carries out settings changes on the running app (the rules: tests/core/test_settings_change.py)."""

from __future__ import annotations

from dataclasses import replace

from assistant.core.settings import load_settings
from tests.ui.conftest import AppFactory


def test_a_new_context_length_reloads_the_model_and_sampling_applies_to_the_next_reply(
    qtbot, make_app: AppFactory
) -> None:
    window = make_app()
    context = make_app.context(window)
    loads = len(make_app.backends)
    new = replace(context.settings.get(), n_ctx=1024, temperature=0.2)
    with qtbot.waitSignal(window.engine.model_loaded, timeout=10000):
        context.controller.apply_settings(new)
    assert len(make_app.backends) == loads + 1
    assert load_settings(context.paths.settings_file).settings.n_ctx == 1024
    window.chat.input.setPlainText("Hi")
    with qtbot.waitSignal(window.chat.reply_finished, timeout=10000):
        window.chat.send()
    assert make_app.backends[-1].requests[-1].params.temperature == 0.2


def test_a_sampling_change_alone_keeps_the_loaded_model(qtbot, make_app: AppFactory) -> None:
    window = make_app()
    context = make_app.context(window)
    loads = len(make_app.backends)
    context.controller.apply_settings(replace(context.settings.get(), temperature=0.1, system_prompt="Be brief."))
    assert len(make_app.backends) == loads and context.controller.switching is None
    assert context.settings.system_prompt() == "Be brief."


def test_the_serve_setting_starts_and_stops_the_api_server(qtbot, make_app: AppFactory) -> None:
    window = make_app()
    context = make_app.context(window)
    serving = replace(context.settings.get(), serve_enabled=True, serve_host="127.0.0.1", serve_port=0)
    context.controller.apply_settings(serving)
    assert context.api.running and window.serving_url.startswith("http://127.0.0.1:")
    context.controller.apply_settings(replace(serving, serve_enabled=False))
    assert not context.api.running and window.serving_url == ""


def test_the_loaded_models_own_sampling_and_system_prompt_apply_to_requests(tmp_path, tiny_model) -> None:
    from assistant.core.models.model_settings import model_key
    from assistant.core.settings import Settings
    from assistant.ui.controller import CurrentSettings

    settings = Settings(
        temperature=0.7,
        system_prompt="App prompt.",
        per_model={model_key(tiny_model): {"temperature": 0.15, "system_prompt": "Model prompt."}},
    )
    current = CurrentSettings(settings, tmp_path / "settings.json")
    assert current.generation_params().temperature == 0.7 and current.system_prompt() == "App prompt."
    current.model = tiny_model  # as the controller sets it when a model has loaded
    assert current.generation_params().temperature == 0.15 and current.system_prompt() == "Model prompt."
