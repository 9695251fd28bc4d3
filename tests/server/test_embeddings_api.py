"""POST /v1/embeddings with a real llama.cpp embedding model (a tiny BERT), through real HTTP and the openai client."""

from __future__ import annotations

import base64
import struct
from collections.abc import Iterator
from pathlib import Path

import httpx
import numpy as np
import openai
import pytest

from assistant.core.backends.base import Backend
from assistant.core.backends.scripted import ScriptedBackend
from assistant.core.engine.engine import Engine
from assistant.core.library import embedders
from assistant.core.types import ModelInfo, ModelSpec
from assistant.server.api import create_api
from assistant.server.runner import ApiServer

TEXTS = ["the library of the model", "hello world", "知识库中的文档", "the library of the model"]


@pytest.fixture
def served(tiny_bert: Path) -> Iterator[tuple[str, dict[str, object]]]:
    """The API on a scripted chat engine, with the tiny BERT as its embedding model (changeable: ``chosen``)."""
    embedders.close_all()
    chosen: dict[str, object] = {"path": tiny_bert}
    backend = ScriptedBackend(("unused",))

    def opener() -> tuple[Backend, ModelInfo]:
        return backend, backend.load(ModelSpec(Path("scripted.gguf")))

    engine = Engine(lambda _progress: opener())
    engine.start()
    server = ApiServer(create_api(engine, embedding_model=lambda: chosen["path"]), "127.0.0.1", 0)  # type: ignore[arg-type]
    try:
        yield server.start(), chosen
    finally:
        server.stop()
        engine.close()
        embedders.close_all()


def _client(url: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=url, api_key="unused", max_retries=0)


def test_vectors_have_the_models_dimension_in_order_and_identical_inputs_match(
    served: tuple[str, dict[str, object]],
) -> None:
    url, _ = served
    reply = _client(url).embeddings.create(model="anything", input=TEXTS, encoding_format="float")
    assert reply.model == "tiny-bert" and [d.index for d in reply.data] == [0, 1, 2, 3]
    vectors = np.array([d.embedding for d in reply.data], dtype=np.float32)
    assert vectors.shape == (4, 32)  # the tiny model's n_embd
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(vectors[0], vectors[3], atol=1e-6)
    assert not np.allclose(vectors[0], vectors[1], atol=1e-3)
    # The order of the list is the order of the answer: each text alone gives its own row.
    for text, row in zip(TEXTS[:3], vectors[:3]):
        alone = _client(url).embeddings.create(model="m", input=text, encoding_format="float").data[0].embedding
        np.testing.assert_allclose(alone, row, atol=5e-5)
    again = _client(url).embeddings.create(model="m", input=TEXTS, encoding_format="float")
    assert [d.embedding for d in again.data] == [d.embedding for d in reply.data]  # same request, same bits
    assert reply.usage.prompt_tokens == reply.usage.total_tokens > 4


def test_base64_is_little_endian_float32_of_the_same_vectors(served: tuple[str, dict[str, object]]) -> None:
    url, _ = served
    floats = httpx.post(url + "/embeddings", json={"input": TEXTS, "encoding_format": "float"}).json()
    packed = httpx.post(url + "/embeddings", json={"input": TEXTS, "encoding_format": "base64"}).json()
    for plain, encoded in zip(floats["data"], packed["data"]):
        raw = base64.b64decode(encoded["embedding"])
        assert len(raw) == 32 * 4
        assert list(struct.unpack("<32f", raw)) == plain["embedding"]  # the same float32 numbers, bit for bit
    # The openai client asks for base64 by default and decodes it itself.
    decoded = _client(url).embeddings.create(model="m", input=TEXTS)
    np.testing.assert_array_equal([d.embedding for d in decoded.data], [d["embedding"] for d in floats["data"]])


def test_long_input_is_truncated_to_the_models_context(served: tuple[str, dict[str, object]]) -> None:
    url, _ = served
    reply = _client(url).embeddings.create(model="m", input=["hello " * 1000], encoding_format="float")
    assert len(reply.data[0].embedding) == 32 and reply.usage.prompt_tokens == 128  # the tiny model's context


def test_bad_requests_are_400s_naming_the_field(served: tuple[str, dict[str, object]]) -> None:
    url, chosen = served
    client = _client(url)
    with pytest.raises(openai.BadRequestError, match="must be 32") as caught:
        client.embeddings.create(model="m", input="hi", dimensions=16)
    assert caught.value.param == "dimensions"
    assert len(client.embeddings.create(model="m", input="hi", dimensions=32).data[0].embedding) == 32
    with pytest.raises(openai.BadRequestError, match="token arrays") as caught:
        client.embeddings.create(model="m", input=[[1, 2, 3]])
    assert caught.value.param == "input"
    for bad in ([], [""], [3, 4]):
        with pytest.raises(openai.BadRequestError) as caught:
            client.embeddings.create(model="m", input=bad)  # type: ignore[arg-type]
        assert caught.value.param == "input"
    with pytest.raises(openai.BadRequestError) as caught:
        client.embeddings.create(model="m", input="hi", encoding_format="int8")  # type: ignore[arg-type]
    assert caught.value.param == "encoding_format"
    body = httpx.post(url + "/embeddings", json={"model": "m"}).json()
    assert body["error"]["param"] == "input" and body["error"]["code"] == "missing_required_parameter"
    body = httpx.post(url + "/embeddings", json={"input": "hi", "temperature": 1}).json()
    assert body["error"]["param"] == "temperature" and body["error"]["code"] == "unknown_parameter"

    chosen["path"] = None  # Settings → Library set back to "None (keywords only)"
    with pytest.raises(openai.BadRequestError, match="Settings → Library") as caught:
        client.embeddings.create(model="m", input="hi")
    assert caught.value.param == "model"
