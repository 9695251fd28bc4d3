"""Hundreds of malformed GGUF files: each is refused in one line, or loads and answers; none kills Quill.

Every file is checked, loaded and asked for a few tokens in a child process, so
a crash (llama.cpp aborting, a segfault) is counted against the file that caused
it instead of taking the test run down.
"""

from __future__ import annotations

import collections
from pathlib import Path

import pytest

from tests.helpers.child_runner import FileResult, run_files
from tests.helpers.gguf_corpus import corpus, write_corpus
from tests.helpers.tiny_gguf import write_tiny_llama

ACCEPTABLE = {"refused", "llama-refused", "answered", "failed"}


def assert_all_handled(results: list[FileResult], paths: list[Path]) -> collections.Counter[str]:
    assert [r.path for r in results] == paths, "every file must get a result"
    bad = [f"{r.path.name}: {r.result} {r.message}" for r in results if r.result not in ACCEPTABLE]
    assert not bad, f"{len(bad)} of {len(results)} files were not handled:\n" + "\n".join(bad)
    for r in results:
        assert "\n" not in r.message and r.message
        if r.result in ("refused", "llama-refused"):
            assert str(r.path) in r.message, r.message
    return collections.Counter(r.result for r in results)


def test_the_corpus_is_deterministic_and_large(tiny_model: Path) -> None:
    first, second = corpus(tiny_model), corpus(tiny_model)
    assert len(first) >= 200
    assert [(m.name, m.data) for m in first] == [(m.name, m.data) for m in second]
    assert len({m.data for m in first}) == len(first), "no two mutants are the same file"
    other = {m.data for m in corpus(tiny_model, seed=1)}
    assert len(other - {m.data for m in first}) > 50, "another seed gives other flips and cuts"


def test_every_malformed_file_is_refused_or_answers_and_none_crashes(tiny_model: Path, tmp_path: Path) -> None:
    paths = write_corpus(tiny_model, tmp_path / "corpus")
    counts = assert_all_handled(run_files(paths, tmp_path / "list.txt"), paths)
    print(f"\nmalformed GGUF corpus: {len(paths)} files tried: {dict(counts)}")
    assert counts["refused"] >= len(paths) // 2, "Quill's own check refuses most damaged files"
    assert counts["answered"] > 0  # the byte flips in tensor data load and answer: the loader really ran


def test_a_crash_in_the_child_is_counted_against_its_file(
    tiny_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = write_corpus(tiny_model, tmp_path / "corpus")[:6]
    monkeypatch.setenv("QUILL_TEST_ABORT_ON", paths[2].name)
    results = run_files(paths, tmp_path / "list.txt")
    assert [r.path for r in results] == paths, "the run goes on after the crash"
    assert [r.result for r in results].count("crash") == 1 and results[2].result == "crash"
    with pytest.raises(AssertionError, match="1 of 6 files were not handled"):
        assert_all_handled(results, paths)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_more_seeds_and_a_model_without_template(seed: int, tmp_path: Path) -> None:
    good = write_tiny_llama(
        tmp_path / "plain.gguf", chat_template=None if seed % 2 else "{{ messages }}", seed=seed, n_embd=64, n_head=8
    )
    paths = write_corpus(good, tmp_path / "corpus", seed=seed)
    counts = assert_all_handled(run_files(paths, tmp_path / "list.txt"), paths)
    print(f"\nseed {seed}: {len(paths)} files tried: {dict(counts)}")


def test_a_file_llama_cpp_refuses_gets_llama_cpps_own_reason(tiny_model: Path, tmp_path: Path) -> None:
    from assistant.core.backends.llama import LlamaBackend
    from assistant.core.errors import ModelLoadError
    from assistant.core.types import ModelSpec

    [mutant] = [m for m in corpus(tiny_model) if m.name == "missing-tensor-blk.0.attn_norm.weight"]
    path = tmp_path / "m.gguf"
    path.write_bytes(mutant.data)
    backend = LlamaBackend()
    with pytest.raises(ModelLoadError) as caught:
        backend.load(ModelSpec(path, n_ctx=128))
    assert (
        str(caught.value)
        == f"llama.cpp could not load {path}: check_tensor_dims: tensor 'blk.0.attn_norm.weight' not found."
    )
    backend.load(ModelSpec(tiny_model, n_ctx=128))  # and the same backend still loads a good file
    backend.close()
