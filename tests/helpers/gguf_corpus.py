"""A seeded, deterministic corpus of malformed GGUF files made from a tiny real model.

Two kinds of damage:
- byte-level: truncations at structural boundaries and across the data, and
  flipped bytes in the header, the metadata and the tensor table;
- structural: the model is parsed into its parts (metadata entries and tensor
  infos, located with the ``gguf`` package's reader, independently of Quill's
  checker), one part is changed (absurd counts, sizes and dimensions, bad
  strings, wrong alignment, zero-length tensors, wrong value types, missing or
  doubled entries, nonsense hyperparameters) and the file is written again.

The same seed gives the same files, byte for byte, so a failure is reproducible
by its name.
"""

from __future__ import annotations

import random
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from gguf import GGUFReader, GGUFValueType

U32, U64, I32, F32 = struct.Struct("<I"), struct.Struct("<Q"), struct.Struct("<i"), struct.Struct("<f")
ABSURD_U64 = (2**31, 2**32 - 1, 2**32, 2**40, 2**62, 2**63, 2**64 - 1)


@dataclass(frozen=True)
class Mutant:
    name: str
    data: bytes


@dataclass
class KV:
    key: bytes
    value_type: int
    raw: bytes  # the encoded value, after its type field


@dataclass
class TensorInfo:
    name: bytes
    dims: list[int]
    ggml_type: int
    offset: int
    n_dims: int | None = None  # None: len(dims)


@dataclass
class Model:
    """A GGUF file as parts that can be changed one at a time and written again."""

    version: int
    kvs: list[KV]
    tensors: list[TensorInfo]
    data: bytes  # the data section, from the first tensor's start
    alignment: int = 32
    n_tensors: int | None = None  # None: the true count
    n_kv: int | None = None
    extra: dict[str, int] = field(default_factory=dict)

    def copy(self) -> Model:
        return replace(
            self, kvs=[replace(kv) for kv in self.kvs], tensors=[replace(t, dims=list(t.dims)) for t in self.tensors]
        )

    def kv(self, key: str) -> KV:
        return next(kv for kv in self.kvs if kv.key == key.encode())

    def encode(self) -> bytes:
        out = bytearray(b"GGUF")
        out += U32.pack(self.version)
        out += U64.pack(len(self.tensors) if self.n_tensors is None else self.n_tensors)
        out += U64.pack(len(self.kvs) if self.n_kv is None else self.n_kv)
        for kv in self.kvs:
            out += U64.pack(len(kv.key)) + kv.key + U32.pack(kv.value_type) + kv.raw
        for t in self.tensors:
            out += U64.pack(len(t.name)) + t.name
            out += U32.pack(len(t.dims) if t.n_dims is None else t.n_dims)
            out += b"".join(U64.pack(d) for d in t.dims)
            out += U32.pack(t.ggml_type) + U64.pack(t.offset)
        align = self.alignment if self.alignment > 0 and not self.alignment & (self.alignment - 1) else 32
        out += b"\0" * (-len(out) % align)
        return bytes(out + self.data)


def parse(path: Path) -> tuple[Model, dict[str, int]]:
    """The model's parts, and the offsets of its structural boundaries (for cuts and flips)."""
    raw = path.read_bytes()
    reader = GGUFReader(path)
    kvs: list[KV] = []
    bounds: dict[str, int] = {"header": 0, "n_tensors": 8, "n_kv": 16}
    for key, fld in reader.fields.items():
        if key.startswith("GGUF."):
            continue
        sizes = [p.nbytes for p in fld.parts]
        start = fld.offset
        value_start = start + sum(sizes[:3])
        end = start + sum(sizes)
        kvs.append(KV(key.encode(), int(fld.parts[2][0]), raw[value_start:end]))
        bounds[f"kv:{key}"] = start
        bounds[f"kv-value:{key}"] = value_start
    tensors: list[TensorInfo] = []
    for t in reader.tensors:
        parts = t.field.parts
        dims = [int(d) for d in parts[3]]
        tensors.append(TensorInfo(bytes(parts[1]), dims, int(parts[4][0]), int(parts[5][0])))
        bounds[f"tensor:{t.name}"] = t.field.offset
        bounds[f"data:{t.name}"] = t.data_offset
    bounds["tensor_table"] = reader.tensors[0].field.offset
    bounds["data"] = reader.data_offset
    bounds["end"] = len(raw)
    version = int(reader.fields["GGUF.version"].parts[0][0])
    return Model(version, kvs, tensors, raw[reader.data_offset :]), bounds


def _str(value: bytes) -> bytes:
    return U64.pack(len(value)) + value


def _u32(value: int) -> bytes:
    return U32.pack(value)


def _set(model: Model, key: str, value_type: GGUFValueType, raw: bytes) -> Model:
    m = model.copy()
    try:
        kv = m.kv(key)
        kv.value_type, kv.raw = int(value_type), raw
    except StopIteration:
        m.kvs.append(KV(key.encode(), int(value_type), raw))
    return m


def _drop_kv(model: Model, key: str) -> Model:
    m = model.copy()
    m.kvs = [kv for kv in m.kvs if kv.key != key.encode()]
    return m


def _relayout(model: Model, alignment: int) -> Model:
    """Recompute tensor offsets (and pad the data) for another alignment."""
    m = model.copy()
    m.alignment = alignment
    sizes = [b.offset for b in model.tensors[1:]] + [len(model.data)]
    chunks = [model.data[t.offset : end] for t, end in zip(model.tensors, sizes)]
    data = bytearray()
    for t, chunk in zip(m.tensors, chunks):
        data += b"\0" * (-len(data) % alignment)
        t.offset = len(data)
        data += chunk
    m.data = bytes(data)
    return m


def byte_mutants(good: bytes, bounds: dict[str, int], rng: random.Random) -> Iterator[Mutant]:
    """Truncations and flipped bytes in the good file."""
    size = len(good)
    cuts = {0, 1, 3, 4, 7, 8, 12, 16, 20, 23, 24, 25, size - 1, size - 2, size - 4096}
    for offset in bounds.values():
        cuts.update({offset - 1, offset, offset + 1, offset + 9})
    structural = sorted(c for c in cuts if 0 <= c < size)
    chosen = structural if len(structural) <= 70 else sorted(rng.sample(structural, 70))
    chosen += sorted(rng.sample(range(bounds["data"], size), 10))  # inside the tensor data
    for offset in sorted(set(chosen)):
        yield Mutant(f"cut-{offset}", good[:offset])

    def flip(offset: int) -> Mutant:
        data = bytearray(good)
        xor = rng.randrange(1, 256)
        data[offset] ^= xor
        return Mutant(f"flip-{offset}-x{xor:02x}", bytes(data))

    for offset in range(4, 24):  # every header byte past the magic
        yield flip(offset)
    for offset in sorted(rng.sample(range(24, bounds["tensor_table"]), 30)):
        yield flip(offset)
    for offset in sorted(rng.sample(range(bounds["tensor_table"], bounds["data"]), 40)):
        yield flip(offset)
    for offset in sorted(rng.sample(range(bounds["data"], size), 5)):
        yield flip(offset)

    def patched(name: str, offset: int, value: int) -> Mutant:
        data = bytearray(good)
        U64.pack_into(data, offset, value)
        return Mutant(name, bytes(data))

    # Absurd lengths of a metadata key and of a tensor name, patched in place.
    for value in (0, 1000, *ABSURD_U64):
        yield patched(f"keylen-{value}", bounds["kv:general.name"], value)
        yield patched(f"tensor-namelen-{value}", bounds["tensor:blk.0.attn_norm.weight"], value)


def structural_mutants(model: Model) -> Iterator[Mutant]:
    """Each yields one model with one part changed."""

    def make(name: str, m: Model) -> Mutant:
        return Mutant(name, m.encode())

    def changed(name: str, edit: Callable[[Model], None]) -> Mutant:
        m = model.copy()
        edit(m)
        return make(name, m)

    n_t, n_kv = len(model.tensors), len(model.kvs)
    # Absurd counts in the header.
    for value in (0, 1, n_t - 1, n_t + 1, *ABSURD_U64):
        yield changed(f"n-tensors-{value}", lambda m, v=value: setattr(m, "n_tensors", v))
    for value in (0, 1, n_kv - 1, n_kv + 1, *ABSURD_U64):
        yield changed(f"n-kv-{value}", lambda m, v=value: setattr(m, "n_kv", v))
    for version in (0, 1, 2, 4, 2**31):
        yield changed(f"version-{version}", lambda m, v=version: setattr(m, "version", v))

    # Absurd sizes: string and array lengths.
    for value in (0, 10**6, *ABSURD_U64[:3], 2**63, 2**64 - 1):
        yield make(
            f"arch-strlen-{value}",
            _set(model, "general.architecture", GGUFValueType.STRING, U64.pack(value) + b"llama"),
        )
    tokens = model.kv("tokenizer.ggml.tokens")
    n_vocab = U64.unpack_from(tokens.raw, 4)[0]
    for value in (0, 1, n_vocab - 1, n_vocab + 1, 2**61, 2**64 - 1):
        raw = tokens.raw[:4] + U64.pack(value) + tokens.raw[12:]
        yield make(f"vocab-len-{value}", _set(model, "tokenizer.ggml.tokens", GGUFValueType.ARRAY, raw))
    scores = model.kv("tokenizer.ggml.scores")
    for value in (0, n_vocab - 1, n_vocab + 1, 2**62):
        raw = scores.raw[:4] + U64.pack(value) + scores.raw[12:]
        yield make(f"scores-len-{value}", _set(model, "tokenizer.ggml.scores", GGUFValueType.ARRAY, raw))
    types = model.kv("tokenizer.ggml.token_type")
    for value in (0, n_vocab - 1, n_vocab + 1):
        raw = types.raw[:4] + U64.pack(value) + types.raw[12:]
        yield make(f"types-len-{value}", _set(model, "tokenizer.ggml.token_type", GGUFValueType.ARRAY, raw))
    for value in (2**40, 2**64 - 1):
        yield make(
            f"template-strlen-{value}",
            _set(model, "tokenizer.chat_template", GGUFValueType.STRING, U64.pack(value) + b"{{ x }}"),
        )

    # Absurd tensor dimensions, dimension counts, types and offsets.
    for index in (0, 1, n_t - 1):
        tname = model.tensors[index].name.decode()
        for value in (2**31, 2**40, 2**62, 2**63, 2**64 - 1):
            yield changed(f"dim-{tname}-{value}", lambda m, i=index, v=value: m.tensors[i].dims.__setitem__(0, v))
        yield changed(f"dims-{tname}-swapped", lambda m, i=index: m.tensors[i].dims.reverse())
        for n_dims in (0, 3, 5, 2**32 - 1):
            yield changed(f"ndims-{tname}-{n_dims}", lambda m, i=index, n=n_dims: setattr(m.tensors[i], "n_dims", n))
        for offset in (1, 31, 2**40, 2**64 - 1):
            yield changed(f"offset-{tname}-{offset}", lambda m, i=index, o=offset: setattr(m.tensors[i], "offset", o))
    for ggml_type in (*range(1, 41), 9999, 2**32 - 1):
        yield changed(f"type-token_embd-{ggml_type}", lambda m, g=ggml_type: setattr(m.tensors[0], "ggml_type", g))
    for ggml_type in (1, 2, 8, 12, 30):
        yield changed(f"type-attn_norm-{ggml_type}", lambda m, g=ggml_type: setattr(m.tensors[1], "ggml_type", g))

    # Zero-length tensors.
    for index in (0, 1, 2, n_t - 1):
        tname = model.tensors[index].name.decode()
        yield changed(f"zero-dim0-{tname}", lambda m, i=index: m.tensors[i].dims.__setitem__(0, 0))
        yield changed(f"zero-dimlast-{tname}", lambda m, i=index: m.tensors[i].dims.__setitem__(-1, 0))

    # Bad strings.
    yield make("arch-empty", _set(model, "general.architecture", GGUFValueType.STRING, _str(b"")))
    yield make("arch-invalid-utf8", _set(model, "general.architecture", GGUFValueType.STRING, _str(b"ll\xffma")))
    yield make("arch-nul", _set(model, "general.architecture", GGUFValueType.STRING, _str(b"llama\0")))
    yield make("arch-long", _set(model, "general.architecture", GGUFValueType.STRING, _str(b"llama" * 400)))
    yield make("name-invalid-utf8", _set(model, "general.name", GGUFValueType.STRING, _str(b"\xc3\x28\xa0\xa1")))
    yield make(
        "template-invalid-utf8",
        _set(model, "tokenizer.chat_template", GGUFValueType.STRING, _str(b"{% for m in messages %}\xff{% endfor %}")),
    )
    yield make(
        "template-broken-jinja",
        _set(model, "tokenizer.chat_template", GGUFValueType.STRING, _str(b"{% for m in messages %}{{ m.content")),
    )
    yield make(
        "template-raises",
        _set(model, "tokenizer.chat_template", GGUFValueType.STRING, _str(b"{{ raise_exception('no') }}")),
    )
    yield make("tokenizer-model-unknown", _set(model, "tokenizer.ggml.model", GGUFValueType.STRING, _str(b"zzz")))
    yield make(
        "tokenizer-model-invalid-utf8", _set(model, "tokenizer.ggml.model", GGUFValueType.STRING, _str(b"\xfe\xff"))
    )
    yield changed("key-invalid-utf8", lambda m: setattr(m.kvs[1], "key", b"general.\xffame"))
    yield changed("key-empty", lambda m: setattr(m.kvs[1], "key", b""))
    yield changed("key-duplicate", lambda m: m.kvs.append(replace(m.kvs[1])))
    yield changed("tensor-name-invalid-utf8", lambda m: setattr(m.tensors[0], "name", b"token_embd.\xffeight"))
    yield changed("tensor-name-empty", lambda m: setattr(m.tensors[1], "name", b""))
    yield changed("tensor-name-64", lambda m: setattr(m.tensors[1], "name", b"t" * 64))
    yield changed("tensor-name-nul", lambda m: setattr(m.tensors[1], "name", b"blk.0.attn_norm\0.weight"))
    yield changed("tensor-name-duplicate", lambda m: setattr(m.tensors[2], "name", m.tensors[1].name))
    yield changed("tensor-name-unknown", lambda m: setattr(m.tensors[2], "name", b"blk.0.attn_zzz.weight"))

    def bad_token(m: Model, piece: bytes) -> None:
        kv = m.kv("tokenizer.ggml.tokens")
        first_len = U64.unpack_from(kv.raw, 12)[0]
        kv.raw = kv.raw[:12] + _str(piece) + kv.raw[20 + first_len :]

    yield changed("vocab-token-invalid-utf8", lambda m: bad_token(m, b"\xff\xfe"))
    yield changed("vocab-token-empty", lambda m: bad_token(m, b""))

    # Wrong alignment.
    for value in (0, 1, 3, 7, 16, 64, 100, 2**31, 2**32 - 1):
        m = _set(model, "general.alignment", GGUFValueType.UINT32, _u32(value))
        yield make(
            f"alignment-{value}", _relayout(m, value) if value and not value & (value - 1) and value < 4096 else m
        )
    yield make("alignment-string", _set(model, "general.alignment", GGUFValueType.STRING, _str(b"32")))
    yield make("alignment-float", _set(model, "general.alignment", GGUFValueType.FLOAT32, F32.pack(32.0)))
    yield make("alignment-bool", _set(model, "general.alignment", GGUFValueType.BOOL, b"\x01"))
    yield make("alignment-int8-negative", _set(model, "general.alignment", GGUFValueType.INT8, b"\xe0"))
    yield make("alignment-u64-huge", _set(model, "general.alignment", GGUFValueType.UINT64, U64.pack(2**63)))
    yield make("alignment-64-not-relaid", _set(model, "general.alignment", GGUFValueType.UINT32, _u32(64)))

    # Wrong value types and arrays.
    for value_type in (13, 255, 2**32 - 1):
        yield changed(f"value-type-{value_type}", lambda m, v=value_type: setattr(m.kvs[2], "value_type", v))
    yield make(
        "nested-array",
        _set(
            model,
            "tokenizer.ggml.scores",
            GGUFValueType.ARRAY,
            _u32(int(GGUFValueType.ARRAY)) + U64.pack(1) + _u32(4) + U64.pack(0),
        ),
    )
    yield make(
        "array-unknown-item",
        _set(model, "tokenizer.ggml.scores", GGUFValueType.ARRAY, _u32(77) + U64.pack(1) + b"\0" * 8),
    )
    for key in (
        "llama.block_count",
        "llama.embedding_length",
        "llama.context_length",
        "llama.attention.head_count",
        "tokenizer.ggml.bos_token_id",
    ):
        short = key.split(".")[-1]
        yield make(f"{short}-as-string", _set(model, key, GGUFValueType.STRING, _str(b"2")))
        yield make(f"{short}-as-float", _set(model, key, GGUFValueType.FLOAT32, F32.pack(2.0)))
        yield make(f"{short}-as-array", _set(model, key, GGUFValueType.ARRAY, _u32(4) + U64.pack(1) + _u32(2)))
    yield make(
        "tokens-as-ints",
        _set(model, "tokenizer.ggml.tokens", GGUFValueType.ARRAY, _u32(4) + U64.pack(n_vocab) + b"\0" * 4 * n_vocab),
    )
    yield make("add-bos-as-u32", _set(model, "tokenizer.ggml.add_bos_token", GGUFValueType.UINT32, _u32(7)))

    # Missing entries.
    for key in (
        "general.architecture",
        "llama.block_count",
        "llama.embedding_length",
        "llama.attention.head_count",
        "llama.context_length",
        "tokenizer.ggml.model",
        "tokenizer.ggml.tokens",
        "tokenizer.ggml.scores",
        "tokenizer.ggml.token_type",
        "llama.feed_forward_length",
        "llama.rope.dimension_count",
        "llama.attention.layer_norm_rms_epsilon",
        "tokenizer.chat_template",
    ):
        yield make(f"missing-{key}", _drop_kv(model, key))
    for index in (0, 1, n_t - 2, n_t - 1):
        name = model.tensors[index].name.decode()
        yield make(f"missing-tensor-{name}", _relayout(_dropped_tensor(model, index), 32))

    # Nonsense hyperparameters and token ids.
    for key, values in (
        ("llama.block_count", (0, 1, 3, 2**31, 2**32 - 1)),
        ("llama.embedding_length", (0, 1, 31, 64, 2**31)),
        ("llama.feed_forward_length", (0, 1, 2**31)),
        ("llama.attention.head_count", (0, 3, 5, 64, 2**31)),
        ("llama.attention.head_count_kv", (0, 3, 5, 64)),
        ("llama.context_length", (0, 1, 2**31, 2**32 - 1)),
        ("llama.rope.dimension_count", (0, 1, 7, 2**31)),
        ("llama.vocab_size", (0, 1, 2**31)),
        ("tokenizer.ggml.bos_token_id", (n_vocab, 2**31 - 1, 2**32 - 1)),
        ("tokenizer.ggml.eos_token_id", (n_vocab, 2**31 - 1, 2**32 - 1)),
        ("tokenizer.ggml.unknown_token_id", (n_vocab, 2**32 - 1)),
    ):
        short = key.removeprefix("llama.").removeprefix("tokenizer.ggml.")
        for value in values:
            yield make(f"{short}-{value}", _set(model, key, GGUFValueType.UINT32, _u32(value)))
    for value in (float("nan"), float("inf"), -1.0, 0.0):
        yield make(
            f"rms-eps-{value}",
            _set(model, "llama.attention.layer_norm_rms_epsilon", GGUFValueType.FLOAT32, F32.pack(value)),
        )
    ttypes = model.kv("tokenizer.ggml.token_type")
    for value in (-1, 0, 99, 2**31 - 1):
        raw = ttypes.raw[:12] + I32.pack(value) * n_vocab
        yield make(f"token-types-all-{value}", _set(model, "tokenizer.ggml.token_type", GGUFValueType.ARRAY, raw))
    # NaN and inf weights in the data (a model that loads but answers garbage).
    for fill in (b"\x00\x00\xc0\x7f", b"\x00\x00\x80\x7f"):
        m = model.copy()
        m.data = fill * (len(m.data) // 4)
        yield make(f"weights-{fill.hex()}", m)


def _dropped_tensor(model: Model, index: int) -> Model:
    m = model.copy()
    ends = [t.offset for t in model.tensors[1:]] + [len(model.data)]
    chunks = [model.data[t.offset : end] for t, end in zip(model.tensors, ends)]
    del m.tensors[index]
    del chunks[index]
    data = bytearray()
    for t, chunk in zip(m.tensors, chunks):
        t.offset = len(data)
        data += chunk
    m.data = bytes(data)
    return m


def corpus(good: Path, seed: int = 0) -> list[Mutant]:
    """Every mutant of ``good``, in a fixed order, names unique."""
    rng = random.Random(seed)
    good_bytes = good.read_bytes()
    model, bounds = parse(good)
    assert model.encode() == good_bytes, "the parts must re-encode to the very same file"
    seen: dict[str, Mutant] = {}
    contents = {good_bytes}
    for mutant in [*byte_mutants(good_bytes, bounds, rng), *structural_mutants(model)]:
        if mutant.data not in contents and mutant.name not in seen:
            seen[mutant.name] = mutant
            contents.add(mutant.data)
    return list(seen.values())


def write_corpus(good: Path, folder: Path, seed: int = 0) -> list[Path]:
    """Write the corpus as ``folder/NNN-name.gguf``; returns the paths in order."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index, mutant in enumerate(corpus(good, seed)):
        path = folder / f"{index:03d}-{mutant.name}.gguf"
        path.write_bytes(mutant.data)
        paths.append(path)
    return paths
