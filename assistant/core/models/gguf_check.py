"""Validate a GGUF file before llama.cpp sees it.

llama.cpp refuses most damaged files with one generic "failed to load model"
and a few could take the whole process down, so Quill reads the header, the
metadata and the tensor table itself (with the ``gguf`` package) and refuses
anything llama.cpp would not load, with a one-line reason that names the file.
The checks mirror those in ggml's ``gguf.cpp`` and llama.cpp's model loader.

The walk over the tables is our own (with the ``gguf`` package's type tables):
``gguf.GGUFReader`` builds a numpy array per vocabulary entry and took 13.8 s
on Qwen2's 151k-token vocabulary, where this takes a fraction of a second.
"""

from __future__ import annotations

import mmap
import stat
import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

from gguf import GGML_QUANT_SIZES, GGUF_DEFAULT_ALIGNMENT, GGMLQuantizationType, GGUFValueType, LlamaFileType

from assistant.core.errors import ModelFileError
from assistant.core.i18n import msg

GGUF_MAGIC = b"GGUF"
SUPPORTED_VERSIONS = (2, 3)
GGML_MAX_DIMS = 4
GGML_MAX_NAME = 64
MAX_ELEMENTS = 2**62  # ggml counts elements in int64 and bytes in size_t
HEADER_SIZE = 24
MAX_ENTRIES = 2**32  # magic, version, tensor count, metadata count
TENSOR_ALIGNMENT = 32  # ggml asserts that every tensor's data (mmapped from the file) is aligned so
LLAMA_MAX_LAYERS = 512  # llama.cpp asserts block_count <= this
VOCAB_KEY = "tokenizer.ggml.tokens"
LANGUAGES_KEY = "general.languages"  # kept (short lists only): the language check reads it
MAX_LANGUAGES = 256
# Types ggml stores but cannot compute a model's weights with: a weight of one of these makes
# llama.cpp abort (no backend supports the op), so such a file is refused.
_NON_WEIGHT_TYPES = frozenset(
    {
        GGMLQuantizationType.I8,
        GGMLQuantizationType.I16,
        GGMLQuantizationType.I32,
        GGMLQuantizationType.I64,
        GGMLQuantizationType.F64,
    }
)

ArchitectureCheck = Callable[[str], bool]

# llama.cpp's encoder-only architectures: embedding (or reranking) models, never chat models.
ENCODER_ARCHITECTURES = frozenset(
    {"bert", "nomic-bert", "nomic-bert-moe", "jina-bert-v2", "jina-bert-v3", "modern-bert", "neo-bert", "eurobert"}
)


@dataclass(frozen=True)
class GGUFSummary:
    """What the check learned on the way, for the model library and the status bar."""

    path: Path
    version: int
    architecture: str
    name: str
    n_tensors: int
    n_params: int
    file_size: int
    context_length: int
    has_chat_template: bool
    chat_template: str | None
    vocab_size: int
    file_type: str
    # Hyperparameters the memory estimate needs (block_count, embedding_length, head_count,
    # head_count_kv, key_length, value_length, feed_forward_length), where the file gives them.
    hparams: dict[str, int] = field(default_factory=dict)
    split_index: int = 0  # 0-based part number of a split model (``-0000k-of-0000n``)
    split_count: int = 1
    pooling_type: int | None = None  # ``{arch}.pooling_type``: 1 mean, 2 CLS, 3 last, 4 rank; None when unsaid
    # The model's recommended sampling, ``general.sampling.*`` keys as stored (numbers only).
    sampling: dict[str, int | float] = field(default_factory=dict)
    languages: tuple[str, ...] = ()  # ``general.languages`` where the file lists them (ISO codes)

    @property
    def is_embedding(self) -> bool:
        """An embedding model (bge, e5, Qwen3-Embedding...): it turns text into vectors for the Library
        and ``/v1/embeddings``, and cannot chat. An encoder architecture, or a file that names a pooling."""
        return self.architecture in ENCODER_ARCHITECTURES or self.pooling_type in (1, 2, 3)


class _Truncated(Exception):
    """A read ran past the end of the file."""

    def __init__(self, offset: int, stage: str) -> None:
        super().__init__(offset, stage)
        self.offset = offset
        self.stage = stage


class _Refused(Exception):
    """A reason to refuse the file, phrased for a person."""


# Byte sizes of GGUF's fixed-size metadata types.
_SCALAR_SIZES = {
    GGUFValueType.UINT8: 1,
    GGUFValueType.INT8: 1,
    GGUFValueType.BOOL: 1,
    GGUFValueType.UINT16: 2,
    GGUFValueType.INT16: 2,
    GGUFValueType.UINT32: 4,
    GGUFValueType.INT32: 4,
    GGUFValueType.FLOAT32: 4,
    GGUFValueType.UINT64: 8,
    GGUFValueType.INT64: 8,
    GGUFValueType.FLOAT64: 8,
}
_SCALAR_FORMATS = {
    GGUFValueType.UINT8: "<B",
    GGUFValueType.INT8: "<b",
    GGUFValueType.BOOL: "<?",
    GGUFValueType.UINT16: "<H",
    GGUFValueType.INT16: "<h",
    GGUFValueType.UINT32: "<I",
    GGUFValueType.INT32: "<i",
    GGUFValueType.FLOAT32: "<f",
    GGUFValueType.UINT64: "<Q",
    GGUFValueType.INT64: "<q",
    GGUFValueType.FLOAT64: "<d",
}
_U32 = struct.Struct("<I")
_U64 = struct.Struct("<Q")


@dataclass
class _Array:
    """A metadata array: only its element type and length are kept."""

    item_type: GGUFValueType
    length: int


class _Cursor:
    """Reads little-endian GGUF fields from a buffer, reporting reads past its end."""

    def __init__(self, buf: mmap.mmap) -> None:
        self.buf = buf
        self.size = len(buf)
        self.pos = 0
        self.stage = "header"

    def take(self, n: int) -> int:
        start = self.pos
        if n < 0 or start + n > self.size:
            raise _Truncated(start, self.stage)
        self.pos = start + n
        return start

    def u32(self) -> int:
        return int(_U32.unpack_from(self.buf, self.take(4))[0])

    def u64(self) -> int:
        return int(_U64.unpack_from(self.buf, self.take(8))[0])

    def string(self) -> bytes:
        n = self.u64()
        start = self.take(n)
        return self.buf[start : start + n]

    def value_type(self, where: str) -> GGUFValueType:
        raw = self.u32()
        try:
            return GGUFValueType(raw)
        except ValueError:
            raise _Refused(msg("{where} has an unknown value type {raw}", where=where, raw=raw)) from None

    def value(self, kind: GGUFValueType, key: str) -> Any:
        if kind == GGUFValueType.STRING:
            return self.string().decode("utf-8", errors="replace")
        if kind == GGUFValueType.ARRAY:
            item_type = self.value_type(msg("metadata {q}", q=_q(key)))
            length = self.u64()
            if item_type == GGUFValueType.ARRAY:
                raise _Refused(msg("metadata {q} nests arrays, which GGUF does not allow", q=_q(key)))
            if item_type == GGUFValueType.STRING:
                if length * 8 > self.size - self.pos:
                    raise _Truncated(self.pos, self.stage)
                if key == VOCAB_KEY:
                    self._vocabulary(length)
                elif key == LANGUAGES_KEY and length <= MAX_LANGUAGES:
                    return tuple(self.string().decode("utf-8", errors="replace") for _ in range(length))
                else:
                    for _ in range(length):  # each string: a u64 length, then its bytes
                        self.take(_U64.unpack_from(self.buf, self.take(8))[0])
            else:
                self.take(_SCALAR_SIZES[item_type] * length)
            return _Array(item_type, length)
        return struct.unpack_from(_SCALAR_FORMATS[kind], self.buf, self.take(_SCALAR_SIZES[kind]))[0]

    def _vocabulary(self, length: int) -> None:
        """Skip the token strings, refusing a token listed twice (llama.cpp asserts they are unique)."""
        seen: set[bytes] = set()
        for _ in range(length):
            n = _U64.unpack_from(self.buf, self.take(8))[0]
            start = self.take(n)
            token = self.buf[start : start + n]
            if token in seen:  # an empty token is renamed by llama.cpp, so only real ones can collide
                raise _Refused(
                    msg("its vocabulary lists the token {q} twice", q=_q(token.decode("utf-8", errors="replace")))
                )
            if n:
                seen.add(token)


@dataclass
class _TensorInfo:
    name: str
    shape: list[int]
    raw_type: int
    offset: int


def _read_tables(cursor: _Cursor, n_kv: int, n_tensors: int) -> tuple[dict[str, Any], list[_TensorInfo], int]:
    """Walk the metadata and the tensor table; return them and where the data section starts."""
    cursor.pos = HEADER_SIZE
    cursor.stage = "metadata"
    metadata: dict[str, Any] = {}
    for _ in range(n_kv):
        key = cursor.string().decode("utf-8", errors="replace")
        if not key:
            raise _Refused(msg("metadata entry {n_metadata} has an empty key", n_metadata=len(metadata)))
        if key in metadata:
            raise _Refused(msg("metadata key {q} appears twice", q=_q(key)))
        metadata[key] = cursor.value(cursor.value_type(msg("metadata {q}", q=_q(key))), key)

    alignment = metadata.get("general.alignment", GGUF_DEFAULT_ALIGNMENT)
    if not isinstance(alignment, int) or isinstance(alignment, bool) or alignment <= 0 or alignment & (alignment - 1):
        raise _Refused(msg("its data alignment {alignment!r} is not a power of two", alignment=alignment))

    cursor.stage = "tensor table"
    tensors: list[_TensorInfo] = []
    for index in range(n_tensors):
        name_bytes = cursor.string()
        name = name_bytes.decode("utf-8", errors="replace")
        if len(name_bytes) >= GGML_MAX_NAME:
            raise _Refused(
                msg("tensor {index} has a name longer than {value} bytes", index=index, value=GGML_MAX_NAME - 1)
            )
        n_dims = cursor.u32()
        if n_dims > GGML_MAX_DIMS or n_dims == 0:
            raise _Refused(
                msg(
                    "tensor {q} has {n_dims} dimensions (1 to {GGML_MAX_DIMS} allowed)",
                    q=_q(name),
                    n_dims=n_dims,
                    GGML_MAX_DIMS=GGML_MAX_DIMS,
                )
            )
        shape = [cursor.u64() for _ in range(n_dims)]
        raw_type = cursor.u32()
        offset = cursor.u64()
        tensors.append(_TensorInfo(name, shape, raw_type, offset))
    data_start = -(-cursor.pos // alignment) * alignment
    return metadata, tensors, data_start


def _check_tensor_table(tensors: list[_TensorInfo], data_start: int, alignment: int, file_size: int) -> int:
    """Shapes, types, names and the layout of the data section, as ggml checks them.

    Returns the number of parameters.
    """
    expected = 0
    n_params = 0
    seen: set[str] = set()
    for tensor in tensors:
        name, shape = tensor.name, tensor.shape
        if name in seen:
            raise _Refused(msg("tensor {q} appears twice", q=_q(name)))
        seen.add(name)
        if any(d == 0 for d in shape):
            raise _Refused(msg("tensor {q} has a zero-length dimension {shape}", q=_q(name), shape=shape))
        n_elements = 1
        for d in shape:
            n_elements *= d
        if n_elements > MAX_ELEMENTS:
            raise _Refused(msg("tensor {q} has an absurd shape {shape}", q=_q(name), shape=shape))
        try:
            ggml_type = GGMLQuantizationType(tensor.raw_type)
            block, type_size = GGML_QUANT_SIZES[ggml_type]
        except (ValueError, KeyError):
            raise _Refused(
                msg("tensor {q} has unknown data type {raw_type}", q=_q(name), raw_type=tensor.raw_type)
            ) from None
        if shape[0] % block:
            raise _Refused(
                msg(
                    "tensor {q} rows of {shape} do not fit its {name} blocks of {block}",
                    q=_q(name),
                    shape=shape[0],
                    name=ggml_type.name,
                    block=block,
                )
            )
        if ggml_type in _NON_WEIGHT_TYPES and name.endswith(".weight"):
            raise _Refused(
                msg(
                    "tensor {q} has type {name}, which llama.cpp cannot use for weights",
                    q=_q(name),
                    name=ggml_type.name,
                )
            )
        n_bytes = n_elements // block * type_size
        if data_start + tensor.offset + n_bytes > file_size:
            raise _Refused(
                msg(
                    "tensor {q} lies past the end of the file ({file_size} bytes): it is truncated or damaged",
                    q=_q(name),
                    file_size=file_size,
                )
            )
        if tensor.offset != expected:
            raise _Refused(
                msg(
                    "tensor {q} starts at offset {offset}, expected {expected} (misaligned or overlapping data)",
                    q=_q(name),
                    offset=tensor.offset,
                    expected=expected,
                )
            )
        if (data_start + tensor.offset) % TENSOR_ALIGNMENT:
            raise _Refused(
                msg(
                    "tensor {q} starts at byte {value}, not a multiple of {TENSOR_ALIGNMENT} (alignment {alignment} is too small)",
                    q=_q(name),
                    value=data_start + tensor.offset,
                    TENSOR_ALIGNMENT=TENSOR_ALIGNMENT,
                    alignment=alignment,
                )
            )
        expected += -(-n_bytes // alignment) * alignment
        n_params += n_elements
    return n_params


def _describe_start(head: bytes) -> str:
    """Say what a file that is not GGUF seems to be, from its first bytes."""
    if not head:
        return msg("the file is empty")
    if head[:4] in (b"ggml", b"lmgg", b"ggjt", b"tjgg", b"ggmf", b"fmgg"):
        return msg("it is an old GGML/GGJT model; convert it to GGUF with llama.cpp's tools")
    if head[:2] == b"PK":
        return msg("it is a zip archive (a PyTorch checkpoint?), not a GGUF model")
    if len(head) >= 9 and head[8:9] == b"{":
        return msg("it looks like a safetensors file, not a GGUF model; convert it to GGUF first")
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return msg("it is not a GGUF file (wrong magic bytes)")
    if text.lstrip().startswith("version https://git-lfs"):
        return msg("it is a Git LFS pointer, not the model itself; download the real file")
    if text.lstrip()[:1] in ("<", "{", "["):
        return msg("it is a text (HTML or JSON) file, not a GGUF model; the download may have failed")
    return msg("it is a text file, not a GGUF model")


def check_gguf(
    path: Path | str,
    is_supported_architecture: ArchitectureCheck | None = None,
    *,
    allow_split_part: bool = False,
) -> GGUFSummary:
    """Read and check a GGUF model file.

    Args:
        path: the file to check.
        is_supported_architecture: tells whether this llama.cpp build knows an
            architecture name; None accepts any name.
        allow_split_part: accept a later part of a split model (it carries tensors but no
            architecture or vocabulary; llama.cpp reads it through the first part).

    Raises:
        ModelFileError: with a one-line reason; nothing else escapes for a bad file.
    """
    path = Path(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise ModelFileError(path, msg("the file does not exist")) from None
    except PermissionError:
        raise ModelFileError(path, msg("permission denied")) from None
    except OSError as exc:
        raise ModelFileError(path, msg("it cannot be read ({value})", value=exc.strerror or exc)) from None
    if stat.S_ISDIR(st.st_mode):
        raise ModelFileError(path, msg("it is a folder, not a GGUF file"))
    if not stat.S_ISREG(st.st_mode):
        raise ModelFileError(path, msg("it is not a regular file"))
    try:
        with open(path, "rb") as handle:
            head = handle.read(HEADER_SIZE)
    except PermissionError:
        raise ModelFileError(path, msg("permission denied: the file cannot be read")) from None
    except OSError as exc:
        raise ModelFileError(path, msg("it cannot be read ({value})", value=exc.strerror or exc)) from None

    if head[:4] != GGUF_MAGIC:
        raise ModelFileError(path, _describe_start(head))
    if len(head) < HEADER_SIZE:
        raise ModelFileError(
            path, msg("the file ends inside its header ({n_head} bytes): it is truncated", n_head=len(head))
        )
    version = int.from_bytes(head[4:8], "little")
    if version not in SUPPORTED_VERSIONS:
        raise ModelFileError(
            path, msg("GGUF version {version} is not supported (llama.cpp reads versions 2 and 3)", version=version)
        )
    n_tensors = int.from_bytes(head[8:16], "little")
    n_kv = int.from_bytes(head[16:24], "little")
    # A tensor entry takes at least 32 bytes and a metadata entry at least 13: counts beyond what
    # the largest plausible file could hold are damage, not truncation.
    if n_tensors > MAX_ENTRIES or n_kv > MAX_ENTRIES:
        raise ModelFileError(
            path,
            msg(
                "its header claims {n_tensors} tensors and {n_kv} metadata entries, more than the file can hold",
                n_tensors=n_tensors,
                n_kv=n_kv,
            ),
        )

    try:
        with open(path, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as buf:
            cursor = _Cursor(buf)
            metadata, tensors, data_start = _read_tables(cursor, n_kv, n_tensors)
            cursor.stage = "tensor data"
            alignment = int(metadata.get("general.alignment", GGUF_DEFAULT_ALIGNMENT))
            n_params = _check_tensor_table(tensors, data_start, alignment, st.st_size)
            split_index = metadata.get("split.no", 0)
            if _is_count(split_index):
                if not allow_split_part:
                    count = metadata.get("split.count", "?")
                    raise _Refused(
                        msg(
                            "it is part {value} of {count} of a split model; open the first part (-00001-of-…)",
                            value=split_index + 1,
                            count=count,
                        )
                    )
                return _split_part_summary(path, metadata, tensors, n_params, version, st.st_size)
            return _summarize(path, metadata, tensors, n_params, version, st.st_size, is_supported_architecture)
    except _Refused as exc:
        reason = exc.args[0]  # a msg(): file names in it are already _q()-cut and printable
        if len(reason) > 300:
            reason = msg("{problem}", problem=_printable(str(reason), 300))
        raise ModelFileError(path, reason) from None
    except _Truncated as exc:
        raise ModelFileError(
            path,
            msg(
                "the file ends inside its {stage} (at byte {offset} of {st_size}): it is truncated or damaged",
                stage=exc.stage,
                offset=exc.offset,
                st_size=st.st_size,
            ),
        ) from None
    except OSError as exc:
        raise ModelFileError(path, msg("it cannot be read ({value})", value=exc.strerror or exc)) from None


def _printable(text: str, limit: int) -> str:
    """``text`` with control characters shown as '?' and cut to ``limit``: names in a damaged
    file are arbitrary bytes, and a reason must stay one readable line."""
    clean = "".join(ch if ch.isprintable() else "?" for ch in text)
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


def _q(name: str) -> str:
    """A name from the file, quoted for a message."""
    return "'" + _printable(name, 48) + "'"


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or exc.__class__.__name__
    return text[:160]


def _summarize(
    path: Path,
    metadata: dict[str, Any],
    tensors: list[_TensorInfo],
    n_params: int,
    version: int,
    file_size: int,
    is_supported_architecture: ArchitectureCheck | None,
) -> GGUFSummary:
    """Checks that need the whole table: the architecture, hyperparameters, vocabulary."""
    if not tensors:
        raise _Refused(msg("it holds no tensors (a vocabulary-only file is not a model)"))
    arch = metadata.get("general.architecture")
    if not isinstance(arch, str) or not arch:
        raise _Refused(msg("it does not say which architecture it is (general.architecture is missing)"))
    if is_supported_architecture is not None and not is_supported_architecture(arch):
        raise _Refused(
            msg("architecture {q} is not supported by this build of llama.cpp; update llama-cpp-python", q=_q(arch))
        )
    for key in ("block_count", "embedding_length"):
        value = metadata.get(f"{arch}.{key}")
        if not _is_count(value):
            raise _Refused(msg("required setting {arch}.{key} is missing or invalid", arch=arch, key=key))
    if metadata[f"{arch}.block_count"] > LLAMA_MAX_LAYERS:
        raise _Refused(
            msg(
                "{arch}.block_count is {metadata}, more than llama.cpp's {LLAMA_MAX_LAYERS} layers",
                arch=arch,
                metadata=metadata[f"{arch}.block_count"],
                LLAMA_MAX_LAYERS=LLAMA_MAX_LAYERS,
            )
        )
    for key, value in metadata.items():
        if "epsilon" in key and isinstance(value, float) and not value >= 0.0:  # NaN fails too
            raise _Refused(msg("setting {key} is {value}; ggml needs a number of 0 or more", key=key, value=value))
    if not isinstance(metadata.get("tokenizer.ggml.model"), str):
        raise _Refused(msg("it carries no tokenizer (tokenizer.ggml.model is missing)"))
    vocab = metadata.get("tokenizer.ggml.tokens")
    if not isinstance(vocab, _Array) or vocab.item_type != GGUFValueType.STRING or vocab.length == 0:
        raise _Refused(msg("its vocabulary is missing or empty (tokenizer.ggml.tokens)"))
    embeddings = next((t for t in tensors if t.name == "token_embd.weight"), None)
    if embeddings is not None and len(embeddings.shape) >= 2 and embeddings.shape[1] != vocab.length:
        raise _Refused(
            msg(
                "its vocabulary has {length} tokens but its embedding table has {shape} rows",
                length=vocab.length,
                shape=embeddings.shape[1],
            )
        )
    raw_context = metadata.get(f"{arch}.context_length")
    context_length = raw_context if _is_count(raw_context) else 0
    name = metadata.get("general.name")
    return GGUFSummary(
        path=path,
        version=version,
        architecture=arch,
        name=name if isinstance(name, str) and name.strip() else path.stem,
        n_tensors=len(tensors),
        n_params=n_params,
        file_size=file_size,
        context_length=context_length,
        has_chat_template=isinstance(metadata.get("tokenizer.chat_template"), str),
        chat_template=_string_or_none(metadata.get("tokenizer.chat_template")),
        vocab_size=vocab.length,
        file_type=_file_type_name(metadata.get("general.file_type")),
        hparams=_hparams(metadata, arch),
        split_count=int(metadata["split.count"]) if _is_count(metadata.get("split.count")) else 1,
        pooling_type=pooling if _is_count(pooling := metadata.get(f"{arch}.pooling_type")) else None,
        sampling={
            k: v
            for k, v in metadata.items()
            if k.startswith("general.sampling.") and isinstance(v, (int, float)) and not isinstance(v, bool)
        },
        languages=languages if isinstance(languages := metadata.get(LANGUAGES_KEY), tuple) else (),
    )


_HPARAM_KEYS = (
    "block_count",
    "embedding_length",
    "feed_forward_length",
    "attention.head_count",
    "attention.head_count_kv",
    "attention.key_length",
    "attention.value_length",
    "expert_count",  # a mixture of experts: the speed estimate reads only the used share per token
    "expert_used_count",
)


def _hparams(metadata: dict[str, Any], arch: str) -> dict[str, int]:
    """The hyperparameters the memory estimate uses (per-layer arrays give their largest value)."""
    found: dict[str, int] = {}
    for key in _HPARAM_KEYS:
        value = metadata.get(f"{arch}.{key}")
        if isinstance(value, _Array):
            continue  # per-layer lists are not read into memory; the estimate falls back
        if _is_count(value):
            found[key.removeprefix("attention.")] = value
    return found


def _split_part_summary(
    path: Path, metadata: dict[str, Any], tensors: list[_TensorInfo], n_params: int, version: int, file_size: int
) -> GGUFSummary:
    return GGUFSummary(
        path=path,
        version=version,
        architecture="",
        name=path.stem,
        n_tensors=len(tensors),
        n_params=n_params,
        file_size=file_size,
        context_length=0,
        has_chat_template=False,
        chat_template=None,
        vocab_size=0,
        file_type="",
        split_index=int(metadata.get("split.no", 0)),
        split_count=int(metadata["split.count"]) if _is_count(metadata.get("split.count")) else 1,
    )


def _is_count(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _string_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _file_type_name(value: Any) -> str:
    try:
        return LlamaFileType(int(value)).name.removeprefix("MOSTLY_")
    except (TypeError, ValueError):
        return ""
