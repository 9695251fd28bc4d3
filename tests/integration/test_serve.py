"""`quill serve` as a user runs it: a real process on the starter model, answering the official openai client."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import openai
import pytest

from tests.helpers.servers import free_port, running

pytestmark = pytest.mark.model


def _serve(port: int, home: Path, *extra: str) -> AbstractContextManager[subprocess.Popen[bytes]]:
    url = f"http://127.0.0.1:{port}/v1"
    key = extra[extra.index("--api-key") + 1] if "--api-key" in extra else None
    return running(
        [sys.executable, "-m", "assistant", "serve", "--port", str(port), "--ctx", "2048", "--parallel", "4", *extra],
        url + "/models",
        log=home / "serve.out",
        env={"QUILL_HOME": str(home)},
        headers={"Authorization": f"Bearer {key}"} if key else None,
    )


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    with _serve(port, tmp_path_factory.mktemp("serve-home")):
        yield f"http://127.0.0.1:{port}/v1"


def _client(url: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=url, api_key="unused", max_retries=0, timeout=120)


def test_models_lists_the_starter_model_with_its_context(served: str) -> None:
    models = _client(served).models.list().data
    assert [m.id for m in models] == ["SmolLM2 135M Instruct (starter)"]
    assert models[0].model_extra and models[0].model_extra["context_length"] == 2048


def test_non_streaming_and_streaming_chat(served: str) -> None:
    client = _client(served)
    reply = client.chat.completions.create(
        model="starter", messages=[{"role": "user", "content": "Name three colours."}], max_tokens=24, temperature=0
    )
    text = reply.choices[0].message.content or ""
    assert len(text.split()) >= 2 and reply.usage is not None and reply.usage.completion_tokens > 0
    chunks = list(
        client.chat.completions.create(
            model="starter",
            messages=[{"role": "user", "content": "Name three colours."}],
            max_tokens=24,
            temperature=0,
            stream=True,
        )
    )
    streamed = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert len([c for c in chunks if c.choices and c.choices[0].delta.content]) >= 2  # it streamed
    assert len(streamed.split()) >= 2
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] in ("stop", "length")


def test_four_concurrent_streaming_clients_get_four_complete_answers_decoded_together(served: str) -> None:
    answers: dict[int, str] = {}
    reasons: dict[int, str | None] = {}
    first: dict[int, float] = {}
    last: dict[int, float] = {}

    def ask(n: int) -> None:
        stream = _client(served).chat.completions.create(
            model="starter",
            messages=[{"role": "user", "content": f"Say a word about the number {n}."}],
            max_tokens=24,
            temperature=0,
            stream=True,
        )
        parts = []
        for chunk in stream:
            if not chunk.choices:
                continue
            if chunk.choices[0].delta.content:
                first.setdefault(n, time.monotonic())
                last[n] = time.monotonic()
                parts.append(chunk.choices[0].delta.content)
            if chunk.choices[0].finish_reason:
                reasons[n] = chunk.choices[0].finish_reason
        answers[n] = "".join(parts)

    threads = [threading.Thread(target=ask, args=(n,)) for n in (1, 2, 3, 4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert set(answers) == {1, 2, 3, 4} and all(a.strip() for a in answers.values())
    assert set(reasons.values()) <= {"stop", "length"} and len(reasons) == 4
    # Decoded together (four sequences), not in turn: every stream had started before any ended.
    assert max(first.values()) < min(last.values())


def test_the_api_key_is_enforced_and_a_taken_port_is_one_line(served: str, tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/v1"
    with _serve(port, tmp_path, "--api-key", "sk-serve"):
        with pytest.raises(openai.AuthenticationError):
            _client(url).models.list()
        assert openai.OpenAI(base_url=url, api_key="sk-serve").models.list().data
    taken = int(served.rsplit(":", 1)[1].split("/")[0])
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "serve", "--port", str(taken)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "QUILL_HOME": str(tmp_path / "h2")},
    )
    assert done.returncode == 2 and done.stderr.startswith(f"quill: error: Cannot listen on 127.0.0.1:{taken}")
    assert done.stderr.count("\n") == 1
