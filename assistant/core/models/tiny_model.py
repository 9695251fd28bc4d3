"""Write tiny but real llama-architecture GGUF models.

They have random weights (so they babble), a SentencePiece-style vocabulary with
byte fallback (so any text, Chinese included, tokenizes), and optionally a
ChatML chat template. llama.cpp loads them in milliseconds: the CPU check
(core/engine/cpu_check.py) proves a llama.cpp build on one, and most engine
tests run on them without the starter model.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
from gguf import GGMLQuantizationType, GGUFWriter, TokenType
from gguf.quants import quantize

CHATML_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)

_WORDS = ["▁the", "▁a", "▁and", "▁of", "▁to", "▁is", "▁in", "▁you", "▁I", "▁hello", "▁world", "he", "th", "in", "er"]


def _vocab(
    with_chat_tokens: bool, added: Sequence[str] = (), control: Sequence[str] = ()
) -> tuple[list[str], list[float], list[int]]:
    tokens = ["<unk>", "<s>", "</s>"]
    types = [TokenType.UNKNOWN, TokenType.CONTROL, TokenType.CONTROL]
    if with_chat_tokens:
        tokens += ["<|im_start|>", "<|im_end|>"]
        types += [TokenType.CONTROL, TokenType.CONTROL]
    tokens += list(added)  # added tokens such as Qwen3's <think> and </think>: whole pieces of text
    types += [TokenType.USER_DEFINED] * len(added)
    tokens += list(control)  # control tokens such as Mistral's [THINK]: never shown in a reply
    types += [TokenType.CONTROL] * len(control)
    tokens += [f"<0x{b:02X}>" for b in range(256)]
    types += [TokenType.BYTE] * 256
    pieces = ["▁"] + [chr(c) for c in range(33, 127)] + _WORDS
    tokens += pieces
    types += [TokenType.NORMAL] * len(pieces)
    scores = [0.0] * (len(tokens) - len(pieces)) + [-float(i) for i in range(len(pieces))]
    # Longer pieces score higher so they win merges.
    for i, piece in enumerate(pieces):
        scores[len(tokens) - len(pieces) + i] = float(len(piece)) - i * 1e-3
    return tokens, scores, [int(t) for t in types]


def write_tiny_llama(
    path: Path,
    *,
    chat_template: str | None = CHATML_TEMPLATE,
    n_embd: int = 32,
    n_layer: int = 2,
    n_head: int = 4,
    n_ff: int = 64,
    n_ctx_train: int = 512,
    seed: int = 0,
    name: str = "Tiny Test Llama",
    weight_type: GGMLQuantizationType = GGMLQuantizationType.F32,
    sampling: Mapping[str, float | int] | None = None,
    added_tokens: Sequence[str] = (),
    control_tokens: Sequence[str] = (),
    languages: tuple[str, ...] = (),
) -> Path:
    """Write the model to ``path`` and return it.

    ``weight_type`` other than F32 (Q8_0, Q4_0, ...) quantizes the matrices, so the
    prompt runs through the same quantized matrix kernels as a real model's; their
    rows must then be a multiple of the type's block size (32 for Q8_0 and Q4_0). ``added_tokens``
    become user-defined tokens of the vocabulary (a reasoning model's ``<think>``), ``control_tokens``
    control tokens (Mistral's ``[THINK]``). ``sampling`` writes a recommended sampling as
    ``general.sampling.<name>`` (temp, top_k, top_p, min_p, penalty_repeat, penalty_last_n: the gguf
    writer's ``add_sampling_<name>``).
    """
    with_chat_tokens = chat_template is not None
    tokens, scores, types = _vocab(with_chat_tokens, added_tokens, control_tokens)
    n_vocab = len(tokens)
    rng = np.random.default_rng(seed)

    def weights(*shape: int) -> np.ndarray:
        return (rng.standard_normal(shape) * 0.2).astype(np.float32)

    def add_matrix(writer: GGUFWriter, name: str, *shape: int) -> None:
        data = weights(*shape)
        if weight_type == GGMLQuantizationType.F32:
            writer.add_tensor(name, data)
        else:
            writer.add_tensor(name, quantize(data, weight_type), raw_dtype=weight_type)

    writer = GGUFWriter(str(path), "llama")
    writer.add_name(name)
    if languages:  # general.languages: what the language check reads from a file nothing else describes
        writer.add_array("general.languages", list(languages))
    writer.add_context_length(n_ctx_train)
    writer.add_embedding_length(n_embd)
    writer.add_block_count(n_layer)
    writer.add_feed_forward_length(n_ff)
    writer.add_head_count(n_head)
    writer.add_head_count_kv(n_head)
    writer.add_rope_dimension_count(n_embd // n_head)
    writer.add_layer_norm_rms_eps(1e-5)
    writer.add_vocab_size(n_vocab)
    writer.add_tokenizer_model("llama")
    writer.add_token_list(tokens)
    writer.add_token_scores(scores)
    writer.add_token_types(types)
    writer.add_unk_token_id(0)
    writer.add_bos_token_id(1)
    writer.add_eos_token_id(tokens.index("<|im_end|>") if with_chat_tokens else 2)
    writer.add_add_bos_token(True)
    if chat_template is not None:
        writer.add_chat_template(chat_template)
    for key, value in (sampling or {}).items():
        getattr(writer, f"add_sampling_{key}")(value)

    writer.add_tensor("token_embd.weight", weights(n_vocab, n_embd))
    for layer in range(n_layer):
        prefix = f"blk.{layer}"
        writer.add_tensor(f"{prefix}.attn_norm.weight", np.ones(n_embd, dtype=np.float32))
        add_matrix(writer, f"{prefix}.attn_q.weight", n_embd, n_embd)
        add_matrix(writer, f"{prefix}.attn_k.weight", n_embd, n_embd)
        add_matrix(writer, f"{prefix}.attn_v.weight", n_embd, n_embd)
        add_matrix(writer, f"{prefix}.attn_output.weight", n_embd, n_embd)
        writer.add_tensor(f"{prefix}.ffn_norm.weight", np.ones(n_embd, dtype=np.float32))
        add_matrix(writer, f"{prefix}.ffn_gate.weight", n_ff, n_embd)
        add_matrix(writer, f"{prefix}.ffn_up.weight", n_ff, n_embd)
        add_matrix(writer, f"{prefix}.ffn_down.weight", n_embd, n_ff)
    writer.add_tensor("output_norm.weight", np.ones(n_embd, dtype=np.float32))
    writer.add_tensor("output.weight", weights(n_vocab, n_embd))

    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path
