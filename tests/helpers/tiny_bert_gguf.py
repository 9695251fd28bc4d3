"""Write tiny but real BERT-architecture GGUF embedding models.

They have random weights, so their vectors mean nothing, but llama.cpp runs them through
the same path as bge or e5 models: a non-causal encoder, a WordPiece ("bert") tokenizer
that adds [CLS] and [SEP], and the pooling the file names. The vocabulary holds every
ASCII letter, digit and punctuation mark both word-initial and as a continuation, plus a
few Chinese characters, so any English text tokenizes without [UNK] and Chinese mostly
does. They write and load in milliseconds.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from gguf import GGUFWriter, PoolingType, TokenType

_SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
_WORDS = ["the", "and", "of", "to", "is", "in", "hello", "world", "model", "library", "quill"]
_CJK = "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年模型语言知识库文档"


def _vocab() -> tuple[list[str], list[int]]:
    """Tokens as llama.cpp's converter stores WordPiece: "▁" marks a word start, "##" is dropped."""
    chars = [chr(c) for c in range(33, 127) if not chr(c).isupper()]  # the tokenizer lowercases
    tokens = list(_SPECIAL)
    tokens += ["▁" + w for w in _WORDS]
    tokens += ["▁" + c for c in chars]
    tokens += chars  # continuations ("##a" in the original vocabulary)
    tokens += ["▁" + c for c in _CJK]  # each CJK character is a word of its own to WordPiece
    types = [TokenType.CONTROL] * len(_SPECIAL) + [TokenType.NORMAL] * (len(tokens) - len(_SPECIAL))
    types[1] = TokenType.UNKNOWN
    return tokens, [int(t) for t in types]


def write_tiny_bert(
    path: Path,
    *,
    n_embd: int = 32,
    n_layer: int = 2,
    n_head: int = 4,
    n_ff: int = 64,
    n_ctx_train: int = 128,
    pooling: PoolingType = PoolingType.MEAN,
    seed: int = 0,
    name: str = "Tiny Test BERT",
) -> Path:
    """Write the model to ``path`` and return it; ``pooling`` is what the file tells llama.cpp to use."""
    tokens, types = _vocab()
    n_vocab = len(tokens)
    rng = np.random.default_rng(seed)

    def weights(*shape: int) -> np.ndarray:
        return (rng.standard_normal(shape) * 0.2).astype(np.float32)

    def ones(n: int) -> np.ndarray:
        return np.ones(n, dtype=np.float32)

    def zeros(n: int) -> np.ndarray:
        return np.zeros(n, dtype=np.float32)

    writer = GGUFWriter(str(path), "bert")
    writer.add_name(name)
    writer.add_context_length(n_ctx_train)
    writer.add_embedding_length(n_embd)
    writer.add_block_count(n_layer)
    writer.add_feed_forward_length(n_ff)
    writer.add_head_count(n_head)
    writer.add_layer_norm_eps(1e-12)
    writer.add_causal_attention(False)
    writer.add_pooling_type(pooling)
    writer.add_file_type(0)  # all F32
    writer.add_tokenizer_model("bert")
    writer.add_token_list(tokens)
    writer.add_token_types(types)
    writer.add_token_type_count(2)
    writer.add_pad_token_id(0)
    writer.add_unk_token_id(1)
    writer.add_bos_token_id(2)  # [CLS]
    writer.add_sep_token_id(3)
    writer.add_mask_token_id(4)
    writer.add_add_bos_token(True)

    writer.add_tensor("token_embd.weight", weights(n_vocab, n_embd))
    writer.add_tensor("token_types.weight", weights(2, n_embd))
    writer.add_tensor("position_embd.weight", weights(n_ctx_train, n_embd))
    writer.add_tensor("token_embd_norm.weight", ones(n_embd))
    writer.add_tensor("token_embd_norm.bias", zeros(n_embd))
    for layer in range(n_layer):
        prefix = f"blk.{layer}"
        for part in ("attn_q", "attn_k", "attn_v", "attn_output"):
            writer.add_tensor(f"{prefix}.{part}.weight", weights(n_embd, n_embd))
            writer.add_tensor(f"{prefix}.{part}.bias", weights(n_embd))
        writer.add_tensor(f"{prefix}.attn_output_norm.weight", ones(n_embd))
        writer.add_tensor(f"{prefix}.attn_output_norm.bias", zeros(n_embd))
        writer.add_tensor(f"{prefix}.ffn_up.weight", weights(n_ff, n_embd))
        writer.add_tensor(f"{prefix}.ffn_up.bias", weights(n_ff))
        writer.add_tensor(f"{prefix}.ffn_down.weight", weights(n_embd, n_ff))
        writer.add_tensor(f"{prefix}.ffn_down.bias", weights(n_embd))
        writer.add_tensor(f"{prefix}.layer_output_norm.weight", ones(n_embd))
        writer.add_tensor(f"{prefix}.layer_output_norm.bias", zeros(n_embd))

    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path
