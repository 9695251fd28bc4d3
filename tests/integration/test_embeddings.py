"""Real llama.cpp embeddings: tiny BERT models the tests write, and the starter chat model with mean pooling."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from gguf import PoolingType

from assistant.core.backends.llama_embed import LlamaEmbedder
from assistant.core.cancel import Cancelled, CancelToken
from assistant.core.errors import GenerationError, ModelFileError
from assistant.core.library import embedders
from assistant.core.library.embedding import Embedder
from tests.helpers.tiny_bert_gguf import write_tiny_bert

TEXTS = [
    "hello world",
    "the library of the model",
    "a quill is a pen made of a feather",
    "知识库中的文档",
    "語言模型",
    "",
    "hello world and the model, twice: hello world and the model",
]


@pytest.fixture
def bert(tiny_bert: Path) -> Iterator[LlamaEmbedder]:
    embedder = LlamaEmbedder(tiny_bert, n_threads=1)
    yield embedder
    embedder.close()


def test_it_is_an_embedder_with_the_models_dimension(bert: LlamaEmbedder) -> None:
    assert isinstance(bert, Embedder)
    assert bert.dimension == 32  # the tiny model's n_embd
    assert bert.name == "tiny-bert"
    assert bert.pooling == "mean"  # as the file says
    assert bert.max_tokens == 128  # its training context


def test_rows_are_unit_vectors_in_order_and_deterministic(bert: LlamaEmbedder) -> None:
    vectors = bert.embed(TEXTS)
    assert vectors.dtype == np.float32 and vectors.shape == (len(TEXTS), 32)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(bert.embed(TEXTS), vectors)  # the same call gives the same bits
    again = bert.embed([TEXTS[1], TEXTS[0], TEXTS[1]])
    np.testing.assert_allclose(again[0], again[2], atol=1e-6)  # the place in a batch moves the last bit only
    np.testing.assert_allclose(again[1], vectors[0], atol=1e-5)
    # different texts give different vectors
    for i in range(len(TEXTS)):
        for j in range(i + 1, len(TEXTS)):
            assert not np.allclose(vectors[i], vectors[j], atol=1e-3), (TEXTS[i], TEXTS[j])


def test_a_batch_of_many_texts_equals_them_one_by_one(tiny_bert: Path) -> None:
    texts = [f"text {i} of the library, {'hello ' * (i % 7)}" for i in range(40)]
    # A small batch forces several llama_decode calls, each with several sequences.
    embedder = LlamaEmbedder(tiny_bert, n_batch=128, n_seq=8, n_threads=1)
    try:
        together = embedder.embed(texts)
        assert embedder.decode_calls > 1 and embedder.decode_calls < len(texts)
        alone = np.stack([embedder.embed([text])[0] for text in texts])
    finally:
        embedder.close()
    np.testing.assert_allclose(together, alone, atol=5e-5)  # float sums in another order, no more


def test_long_text_is_truncated_to_the_context(bert: LlamaEmbedder) -> None:
    long_text = "hello world " * 400
    assert bert.count_tokens(long_text) > bert.max_tokens
    tokens = bert.tokens(long_text)
    assert len(tokens) == bert.max_tokens
    assert tokens[-1] == bert.tokens("")[-1]  # [SEP] closes it still
    vector = bert.embed([long_text])
    assert vector.shape == (1, 32) and np.isfinite(vector).all()
    # Only the first max_tokens count: text beyond them changes nothing.
    np.testing.assert_allclose(vector, bert.embed([long_text + " the model of the library"]), atol=1e-6)


def test_cancel_raises_cancelled(bert: LlamaEmbedder) -> None:
    cancel = CancelToken()
    cancel.cancel()
    with pytest.raises(Cancelled):
        bert.embed(TEXTS, cancel)
    assert bert.embed(TEXTS[:1]).shape == (1, 32)  # still usable


class _CancelledDuringDecode(CancelToken):
    """Not cancelled when a batch starts; cancelled by the time llama.cpp asks during the decode."""

    __slots__ = ("asked",)

    def __init__(self) -> None:
        super().__init__()
        self.asked = 0

    @property
    def cancelled(self) -> bool:
        self.asked += 1
        return self.asked > 1


def test_cancel_during_a_decode_stops_it_through_the_abort_callback(bert: LlamaEmbedder) -> None:
    cancel = _CancelledDuringDecode()
    with pytest.raises(Cancelled):
        bert.embed(TEXTS, cancel)
    assert cancel.asked >= 2 and bert.decode_calls == 0  # stopped inside the first llama_decode
    assert bert.embed(TEXTS[:2]).shape == (2, 32)  # and the model still works


def test_cls_pooling_is_taken_from_the_file_and_can_be_overridden(tmp_path: Path) -> None:
    path = write_tiny_bert(tmp_path / "cls.gguf", pooling=PoolingType.CLS)
    cls = LlamaEmbedder(path, n_threads=1)
    mean = LlamaEmbedder(path, pooling="mean", n_threads=1)
    try:
        assert (cls.pooling, mean.pooling) == ("cls", "mean")
        assert not np.allclose(cls.embed(TEXTS[:1]), mean.embed(TEXTS[:1]), atol=1e-3)
    finally:
        cls.close()
        mean.close()


def test_another_thread_is_refused(bert: LlamaEmbedder) -> None:
    errors: list[BaseException] = []

    def use() -> None:
        try:
            bert.embed(["hello"])
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=use)
    thread.start()
    thread.join()
    assert len(errors) == 1 and isinstance(errors[0], GenerationError)


def test_a_malformed_file_is_refused_before_llama_cpp(tmp_path: Path) -> None:
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(b"GGUF" + b"\0" * 20)
    with pytest.raises(ModelFileError):
        LlamaEmbedder(bad)


def test_the_starter_model_embeds_with_mean_pooling(starter_model: Path) -> None:
    embedder = LlamaEmbedder(starter_model, pooling="mean", max_tokens=256)
    try:
        assert embedder.pooling == "mean" and embedder.dimension == 576  # SmolLM2-135M's n_embd
        vectors = embedder.embed(["The cat sat on the mat.", "A cat is sitting on a mat.", "Stock prices fell."])
        np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
        near, far = float(vectors[0] @ vectors[1]), float(vectors[0] @ vectors[2])
        assert near > far  # even a small chat model puts the paraphrase nearer
        alone = embedder.embed(["Stock prices fell."])
        np.testing.assert_allclose(alone[0], vectors[2], atol=1e-4)
    finally:
        embedder.close()


# ----- the process's shared embedders ---------------------------------------


@pytest.fixture
def clean_shared() -> Iterator[None]:
    embedders.close_all()
    yield
    embedders.close_all()


def test_shared_gives_one_model_per_path_to_every_thread(tiny_bert: Path, clean_shared: None) -> None:
    results: dict[str, np.ndarray] = {}
    with embedders.shared(tiny_bert) as first:
        expected = first.embed(TEXTS)

        def use(name: str) -> None:
            with embedders.shared(tiny_bert) as embedder:
                results[name] = embedder.embed(TEXTS)

        threads = [threading.Thread(target=use, args=(f"t{i}",)) for i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert embedders.loaded() == [tiny_bert.resolve()]
        assert first.tokens_embedded == 5 * sum(len(first._model.tokens(t)) for t in TEXTS)
    assert len(results) == 4
    for vectors in results.values():
        assert np.array_equal(vectors, expected)
    assert embedders.loaded() == [tiny_bert.resolve()]  # kept for the next caller
    embedders.close_all()
    assert embedders.loaded() == []


def test_shared_reports_a_load_error_and_tries_again(tmp_path: Path, clean_shared: None) -> None:
    missing = tmp_path / "later.gguf"
    with pytest.raises(ModelFileError), embedders.shared(missing):
        pass
    assert embedders.loaded() == []
    write_tiny_bert(missing)
    with embedders.shared(missing) as embedder:
        assert embedder.dimension == 32


def test_shared_cancel_raises_cancelled(tiny_bert: Path, clean_shared: None) -> None:
    cancel = CancelToken()
    cancel.cancel()
    with embedders.shared(tiny_bert) as embedder, pytest.raises(Cancelled):
        embedder.embed(TEXTS, cancel)


def test_a_process_using_a_shared_embedder_exits_cleanly(tiny_bert: Path, quill_home: Path) -> None:
    """The model's thread is closed at exit (atexit), so the interpreter neither hangs nor crashes."""
    import os
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path; from assistant.core.library import embedders\n"
        "with embedders.shared(Path(sys.argv[1])) as e: print(e.embed(['hello world']).shape)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tiny_bert)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QUILL_HOME": str(quill_home)},
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "(1, 32)"


def test_an_embedding_model_is_refused_as_a_chat_model_in_one_line(tiny_bert: Path) -> None:
    from assistant.core.backends.llama import LlamaBackend
    from assistant.core.errors import ModelLoadError
    from assistant.core.types import ModelSpec

    with pytest.raises(ModelLoadError, match="is an embedding model") as caught:
        LlamaBackend().load(ModelSpec(tiny_bert))
    assert "\n" not in caught.value.message and "Settings → Library" in caught.value.message
