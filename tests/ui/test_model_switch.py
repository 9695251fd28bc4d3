"""Switching models on the engine thread with real llama.cpp: the old model's memory is given
back, and a switch that fails leaves the old model loaded and answering."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from assistant.core.engine.choice import choose_model
from assistant.core.settings import Settings
from assistant.core.types import Finished, GenerationParams, Message
from assistant.ui.worker import EngineClient
from tests.helpers.engine_events import chat_task, of
from tests.helpers.tiny_gguf import write_tiny_llama


def rss_bytes() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


def reply(qtbot, client: EngineClient, prompt: str) -> str:  # noqa: ANN001
    """The reason the reply ended; a failed request never emits ``finished`` and times out."""
    with qtbot.waitSignal(client.request_event, check_params_cb=of(Finished), timeout=120000) as finished:
        client.run(chat_task([Message("user", prompt)], GenerationParams(max_tokens=8, temperature=0)))
    return finished.args[1].reason


@pytest.mark.model
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="RSS is read from /proc")
def test_switching_frees_the_old_model_and_a_failed_switch_keeps_it(qtbot, starter_model: Path, tmp_path: Path) -> None:
    tiny = write_tiny_llama(tmp_path / "tiny.gguf")
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(tiny.read_bytes()[:3000])
    settings = Settings(n_ctx=2048, n_threads=2)
    client = EngineClient()
    try:
        with qtbot.waitSignal(client.model_loaded, timeout=120000):
            client.load(choose_model(settings, starter_model))
        reply(qtbot, client, "hello " * 300)  # touch the weights, the cache and the work buffers
        with_starter = rss_bytes()

        with qtbot.waitSignal(client.model_loaded, timeout=60000) as loaded:
            client.load(choose_model(settings, tiny))
        assert loaded.args[0].path == tiny
        gc.collect()
        after_switch = rss_bytes()
        freed = with_starter - after_switch
        print(
            f"RSS with the starter model {with_starter >> 20} MiB, after switching to a tiny one "
            f"{after_switch >> 20} MiB: {freed >> 20} MiB freed"
        )
        assert freed > 100 * 1024 * 1024, "the starter's weights (94 MB) and cache were given back"

        with qtbot.waitSignal(client.model_failed, timeout=60000) as failed:
            client.load(choose_model(settings, broken))
        message = str(failed.args[0])
        assert "broken.gguf" in message and "truncated" in message and "\n" not in message
        assert client.model_info is not None and client.model_info.path == tiny, "the old model stays"
        assert reply(qtbot, client, "still there?") in ("stop", "length")
    finally:
        assert client.shutdown()
