"""Damaged GGUF files made from a good one, each with the phrase its refusal must contain.

Offsets are found with the ``gguf`` package's own reader, independently of
Quill's checker, so the cuts land where each case says.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from gguf import GGUFReader


@dataclass(frozen=True)
class BadCase:
    name: str
    make: Callable[[Path, Path], Path]  # (good model, folder) -> the bad path
    expect: str  # a phrase the one-line reason must contain


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def _layout(good: Path) -> dict[str, int]:
    reader = GGUFReader(good)
    first_kv = min(f.offset for k, f in reader.fields.items() if not k.startswith("GGUF."))
    tokens = reader.fields["tokenizer.ggml.tokens"]
    tensor_info = reader.tensors[0].field.offset
    last = reader.tensors[-1]
    name_len = len(last.name.encode("utf-8"))
    n_dims = len(last.shape)
    last_offset_field = last.field.offset + 8 + name_len + 4 + 8 * n_dims + 4
    first = reader.tensors[0]
    first_type_field = first.field.offset + 8 + len(first.name.encode("utf-8")) + 4 + 8 * len(first.shape)
    first_dims_field = first.field.offset + 8 + len(first.name.encode("utf-8"))
    return {
        "first_kv": first_kv,
        "tokens": tokens.offset,
        "tensor_info": tensor_info,
        "data": reader.data_offset,
        "last_offset_field": last_offset_field,
        "first_type_field": first_type_field,
        "first_dims_field": first_dims_field,
        "size": good.stat().st_size,
    }


def _patched(good: Path, folder: Path, name: str, at: str, fmt: str, value: int) -> Path:
    data = bytearray(good.read_bytes())
    struct.pack_into(fmt, data, _layout(good)[at], value)
    return _write(folder, name, bytes(data))


def _cut(good: Path, folder: Path, name: str, at: str, extra: int) -> Path:
    offset = _layout(good)[at] + extra
    return _write(folder, name, good.read_bytes()[:offset])


def _replace_text(good: Path, folder: Path, name: str, old: bytes, new: bytes) -> Path:
    assert len(old) == len(new)
    data = good.read_bytes()
    assert old in data
    return _write(folder, name, data.replace(old, new, 1))


CASES: list[BadCase] = [
    BadCase("missing", lambda g, d: d / "no-such-model.gguf", "does not exist"),
    BadCase("directory", lambda g, d: (d / "folder.gguf").mkdir() or d / "folder.gguf", "is a folder"),
    BadCase("empty", lambda g, d: _write(d, "empty.gguf", b""), "the file is empty"),
    BadCase("text", lambda g, d: _write(d, "notes.gguf", b"just some notes\nnot a model\n"), "text file"),
    BadCase("html", lambda g, d: _write(d, "page.gguf", b"<!DOCTYPE html><html>404</html>"), "HTML"),
    BadCase(
        "lfs_pointer",
        lambda g, d: _write(d, "pointer.gguf", b"version https://git-lfs.github.com/spec/v1\n"),
        "Git LFS pointer",
    ),
    BadCase("bad_magic", lambda g, d: _write(d, "magic.gguf", b"\x00\x01GGXF" + g.read_bytes()[6:]), "magic"),
    BadCase("ggml_legacy", lambda g, d: _write(d, "old.gguf", b"tjgg" + g.read_bytes()[4:]), "old GGML"),
    BadCase(
        "version_1",
        lambda g, d: _write(d, "v1.gguf", g.read_bytes()[:4] + struct.pack("<I", 1) + g.read_bytes()[8:]),
        "version 1 is not supported",
    ),
    BadCase(
        "version_99",
        lambda g, d: _write(d, "v99.gguf", g.read_bytes()[:4] + struct.pack("<I", 99) + g.read_bytes()[8:]),
        "version 99 is not supported",
    ),
    BadCase("cut_in_header", lambda g, d: _write(d, "cut-header.gguf", g.read_bytes()[:13]), "ends inside its header"),
    BadCase("cut_in_metadata", lambda g, d: _cut(g, d, "cut-meta.gguf", "tokens", 40), "ends inside its metadata"),
    BadCase(
        "cut_in_tensor_table",
        lambda g, d: _cut(g, d, "cut-table.gguf", "tensor_info", 30),
        "ends inside its tensor table",
    ),
    BadCase("cut_in_data", lambda g, d: _cut(g, d, "cut-data.gguf", "data", 1000), "past the end of the file"),
    BadCase("cut_last_byte", lambda g, d: _write(d, "cut-last.gguf", g.read_bytes()[:-1]), "past the end of the file"),
    BadCase(
        "offset_past_end",
        lambda g, d: _patched(g, d, "offset.gguf", "last_offset_field", "<Q", 2**40),
        "past the end of the file",
    ),
    BadCase(
        "offset_misaligned", lambda g, d: _patched(g, d, "misaligned.gguf", "last_offset_field", "<Q", 4), "expected"
    ),
    BadCase(
        "unknown_tensor_type",
        lambda g, d: _patched(g, d, "type.gguf", "first_type_field", "<I", 9999),
        "unknown data type 9999",
    ),
    BadCase("zero_dimension", lambda g, d: _patched(g, d, "zero.gguf", "first_dims_field", "<I", 0), "dimensions"),
    BadCase(
        "absurd_counts",
        lambda g, d: _write(d, "counts.gguf", g.read_bytes()[:8] + struct.pack("<Q", 2**50) + g.read_bytes()[16:]),
        "more than the file can hold",
    ),
    BadCase(
        "unknown_architecture",
        lambda g, d: _replace_text(
            g, d, "arch.gguf", b"\x05\x00\x00\x00\x00\x00\x00\x00llama", b"\x05\x00\x00\x00\x00\x00\x00\x00zzzzz"
        ),
        "architecture 'zzzzz' is not supported",
    ),
]


def case_ids() -> list[str]:
    return [case.name for case in CASES]
