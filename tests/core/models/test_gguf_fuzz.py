"""Fuzz the GGUF check with hypothesis: mutated real tiny models never make it raise anything but
ModelFileError (one line, naming the file), and never hang. A short bounded run in CI."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from assistant.core.errors import ModelFileError
from assistant.core.models.gguf_check import GGUFSummary, check_gguf
from tests.helpers.tiny_gguf import write_tiny_llama

_FOLDER = Path(tempfile.mkdtemp(prefix="quill-fuzz-"))
GOOD = write_tiny_llama(_FOLDER / "good.gguf").read_bytes()
TABLES_END = 10_240  # the header, metadata and tensor table of the tiny model lie before this

byte_edit = st.tuples(st.integers(0, TABLES_END - 1), st.integers(0, 255))
u64_edit = st.tuples(st.integers(0, TABLES_END - 8), st.sampled_from([0, 1, 2**31, 2**32 - 1, 2**32, 2**63, 2**64 - 1]))


def mutate(edits: list[tuple[int, int]], wide: list[tuple[int, int]], cut: int | None) -> bytes:
    data = bytearray(GOOD)
    for offset, value in edits:
        data[offset] = value
    for offset, value in wide:
        data[offset : offset + 8] = value.to_bytes(8, "little")
    return bytes(data[:cut] if cut is not None else data)


@settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(byte_edit, max_size=8), st.lists(u64_edit, max_size=2), st.one_of(st.none(), st.integers(0, len(GOOD))))
# Found by this fuzzer: a key length grown past its key swallowed the following entries (control
# bytes and all) into the name quoted in the reason, which then ran to 900 characters.
@example(edits=[(25, 3)], wide=[], cut=None)
def test_the_check_refuses_in_one_line_or_accepts(
    edits: list[tuple[int, int]], wide: list[tuple[int, int]], cut: int | None
) -> None:
    path = _FOLDER / "mutant.gguf"
    path.write_bytes(mutate(edits, wide, cut))
    try:
        summary = check_gguf(path)
    except ModelFileError as exc:
        message = str(exc)
        assert "\n" not in message and str(path) in message and len(message) < 600
    else:
        assert isinstance(summary, GGUFSummary) and summary.n_tensors > 0
