"""The engine thread on its own: batching, stop, failures, shutdown."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from assistant.core.backends.scripted import ScriptedBackend
from assistant.core.engine.choice import ModelChoice
from assistant.core.errors import ModelFileError, NoModelError
from assistant.core.types import Failed, Finished, GenerationParams, Message, ModelInfo, ModelSpec, TextDelta
from assistant.ui.worker import EngineClient
from tests.helpers.engine_events import chat_task, of
from tests.ui.conftest import Gate

CHOICE = ModelChoice(ModelSpec(Path("scripted.gguf")), None)


def scripted(reply: str, on_token: Callable[[int], None] | None = None):  # noqa: ANN201
    def factory(choice: ModelChoice, progress: Callable[[float], None]) -> tuple[ScriptedBackend, ModelInfo]:
        backend = ScriptedBackend([reply], on_token=on_token)
        return backend, backend.load(choice.spec, progress)

    return factory


def test_text_arrives_in_batches_and_in_order(qtbot) -> None:
    reply = " ".join(f"word{i}" for i in range(400))
    client = EngineClient(scripted(reply))
    try:
        with qtbot.waitSignal(client.model_loaded, timeout=10000):
            client.load(CHOICE)
        pieces: list[str] = []
        client.request_event.connect(lambda _rid, event: isinstance(event, TextDelta) and pieces.append(event.text))
        with qtbot.waitSignal(client.request_event, check_params_cb=of(Finished), timeout=10000) as finished:
            request = client.run(chat_task([Message("user", "go")], GenerationParams(max_tokens=2000)))
        assert finished.args[0] == request
        assert "".join(pieces) == reply
        assert len(pieces) < 100  # 800 tokens, far fewer signals
        assert not client.busy
    finally:
        assert client.shutdown()
    assert not client.core.alive


def test_stop_reaches_a_busy_worker_at_once(qtbot) -> None:
    gate = Gate(hold_at=1)
    client = EngineClient(scripted("a b c d e f", on_token=gate))
    try:
        with qtbot.waitSignal(client.model_loaded, timeout=10000):
            client.load(CHOICE)
        with qtbot.waitSignal(client.request_event, check_params_cb=of(TextDelta), timeout=10000):
            request = client.run(chat_task([Message("user", "go")], GenerationParams()))
        with qtbot.waitSignal(client.request_event, check_params_cb=of(Finished), timeout=10000) as finished:
            client.stop(request)  # set from this (GUI) thread while the worker is busy
            gate.release()
        assert finished.args[1].reason == "cancelled"
    finally:
        client.shutdown()


def test_shutdown_while_generating_ends_the_thread(qtbot) -> None:
    gate = Gate(hold_at=1)
    client = EngineClient(scripted("x y z", on_token=gate))
    with qtbot.waitSignal(client.model_loaded, timeout=10000):
        client.load(CHOICE)
    with qtbot.waitSignal(client.request_event, check_params_cb=of(TextDelta), timeout=10000):
        client.run(chat_task([Message("user", "go")], GenerationParams()))
    gate.release()
    assert client.shutdown()
    assert not client.core.alive


def test_a_failed_load_is_reported_and_requests_fail_clearly(qtbot, tmp_path: Path) -> None:
    def broken(choice: ModelChoice, progress: Callable[[float], None]) -> tuple[ScriptedBackend, ModelInfo]:
        raise ModelFileError(choice.spec.path, "the file does not exist")

    client = EngineClient(broken)
    try:
        with qtbot.waitSignal(client.model_failed, timeout=10000) as failed:
            client.load(CHOICE)
        assert isinstance(failed.args[0], ModelFileError)
        with qtbot.waitSignal(client.request_event, check_params_cb=of(Failed), timeout=10000) as request_failed:
            client.run(chat_task([Message("user", "hi")], GenerationParams()))
        assert isinstance(request_failed.args[1].error, NoModelError)
        assert not client.busy
    finally:
        client.shutdown()
