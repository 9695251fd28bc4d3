"""Quill refuses every damaged model file with one line that names the file and the reason."""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from pathlib import Path

import pytest

from assistant.core.errors import ModelFileError
from assistant.core.models.gguf_check import check_gguf
from tests.helpers.bad_gguf import CASES, BadCase, case_ids
from tests.helpers.tiny_gguf import write_tiny_llama


def only_llama(name: str) -> bool:
    return name == "llama"


def test_a_good_model_passes_and_is_described(tiny_model: Path) -> None:
    summary = check_gguf(tiny_model, only_llama)
    assert summary.architecture == "llama"
    assert summary.name == "Tiny Test Llama"
    assert summary.has_chat_template and "<|im_start|>" in (summary.chat_template or "")
    assert summary.n_tensors == 21
    assert summary.vocab_size > 300
    assert summary.context_length == 512


@pytest.mark.parametrize("case", CASES, ids=case_ids())
def test_damaged_files_are_refused_in_one_line(case: BadCase, tiny_model: Path, tmp_path: Path) -> None:
    bad = case.make(tiny_model, tmp_path)
    with pytest.raises(ModelFileError) as caught:
        check_gguf(bad, only_llama)
    message = str(caught.value)
    assert case.expect in message
    assert str(bad) in message
    assert "\n" not in message


def test_a_file_without_tensors_is_refused(tmp_path: Path) -> None:
    from gguf import GGUFWriter

    path = tmp_path / "vocab-only.gguf"
    writer = GGUFWriter(str(path), "llama")
    writer.add_tokenizer_model("llama")
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    with pytest.raises(ModelFileError, match="no tensors"):
        check_gguf(path)


def test_a_vocabulary_that_does_not_match_the_embeddings_is_refused(tmp_path: Path) -> None:
    good = write_tiny_llama(tmp_path / "m.gguf")
    data = good.read_bytes()
    # The key is followed by its type (ARRAY=9), item type (STRING=8), then the u64 count.
    key = b"tokenizer.ggml.tokens"
    at = data.index(key) + len(key) + 8
    count = int.from_bytes(data[at : at + 8], "little")
    bad = tmp_path / "vocab.gguf"
    bad.write_bytes(data[:at] + (count - 1).to_bytes(8, "little") + data[at + 8 :])
    with pytest.raises(ModelFileError) as caught:
        check_gguf(bad)
    assert "\n" not in str(caught.value)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_an_unreadable_file_is_refused(tiny_model: Path) -> None:
    folder = Path(tempfile.mkdtemp())
    try:
        folder.chmod(0o755)
        locked = folder / "locked.gguf"
        locked.write_bytes(tiny_model.read_bytes())
        locked.chmod(0)
        message = _check_without_privileges(locked)
        assert message.startswith(f"Cannot use model {locked}: ")
        assert "permission denied" in message
    finally:
        for child in folder.iterdir():
            child.chmod(stat.S_IRUSR | stat.S_IWUSR)
            child.unlink()
        folder.rmdir()


def _check_without_privileges(path: Path) -> str:
    """Root reads any file, so as root the check runs in a forked child that became 'nobody'."""
    if os.geteuid() != 0:
        try:
            check_gguf(path)
        except ModelFileError as exc:
            return str(exc)
        return "accepted"
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop to nobody, check, report, leave without cleanup
        try:
            os.close(read_end)
            os.setgid(65534)
            os.setuid(65534)
            try:
                check_gguf(path)
                result = "accepted"
            except ModelFileError as exc:
                result = str(exc)
            os.write(write_end, result.encode("utf-8"))
        finally:
            os._exit(0)
    os.close(write_end)
    chunks = []
    while chunk := os.read(read_end, 4096):
        chunks.append(chunk)
    os.close(read_end)
    os.waitpid(pid, 0)
    return b"".join(chunks).decode("utf-8")


# Files that made llama.cpp abort the whole process before the check refused them (found by
# tests/integration/test_malformed_corpus.py); each is now refused with its reason.
ABORTED_LLAMA_CPP = {
    "type-token_embd-26": "type I32, which llama.cpp cannot use for weights",
    "alignment-1": "not a multiple of 32",
    "block_count-2147483648": "more than llama.cpp's 512 layers",
    "block_count-4294967295": "more than llama.cpp's 512 layers",
    "rms-eps-nan": "layer_norm_rms_epsilon is nan",
    "rms-eps--1.0": "layer_norm_rms_epsilon is -1.0",
    "key-empty": "empty key",
}


@pytest.mark.parametrize("name", sorted(ABORTED_LLAMA_CPP))
def test_files_that_aborted_llama_cpp_are_refused(name: str, tiny_model: Path, tmp_path: Path) -> None:
    from tests.helpers.gguf_corpus import corpus

    [mutant] = [m for m in corpus(tiny_model) if m.name == name]
    path = tmp_path / f"{name}.gguf"
    path.write_bytes(mutant.data)
    with pytest.raises(ModelFileError, match=ABORTED_LLAMA_CPP[name].replace(".", r"\.").replace("(", r"\(")):
        check_gguf(path, only_llama)


def test_a_vocabulary_with_a_token_listed_twice_is_refused(tmp_path: Path) -> None:
    data = bytearray(write_tiny_llama(tmp_path / "m.gguf").read_bytes())
    # Byte-fallback tokens are "<0xNN>": make "<0x01>" a second "<0x00>" (llama.cpp asserted on this).
    at = data.index(b"<0x01>")
    data[at : at + 6] = b"<0x00>"
    path = tmp_path / "dup.gguf"
    path.write_bytes(bytes(data))
    with pytest.raises(ModelFileError, match="lists the token '<0x00>' twice"):
        check_gguf(path, only_llama)
