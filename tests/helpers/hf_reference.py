"""The reference renderer: Hugging Face ``transformers``' own ``apply_chat_template(..., tokenize=False)``.

A chat template needs a tokenizer only for its special tokens, so the tokenizer here is the smallest real one
(a one-word ``tokenizers`` vocabulary) carrying the BOS and EOS text a model's GGUF gives Quill. Nothing is
downloaded.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from tokenizers import Tokenizer
from tokenizers.models import WordLevel
from transformers import PreTrainedTokenizerFast
from transformers.utils import chat_template_utils


@lru_cache(maxsize=32)
def tokenizer(bos_token: str = "", eos_token: str = "") -> PreTrainedTokenizerFast:
    """A tokenizer whose ``special_tokens_map`` is exactly ``bos_token`` and ``eos_token`` (those not empty)."""
    special = {name: text for name, text in (("bos_token", bos_token), ("eos_token", eos_token)) if text}
    return PreTrainedTokenizerFast(tokenizer_object=Tokenizer(WordLevel({"<unk>": 0}, unk_token="<unk>")), **special)


def apply_chat_template(
    template: str,
    messages: Sequence[Mapping[str, Any]],
    *,
    bos_token: str = "",
    eos_token: str = "",
    add_generation_prompt: bool = True,
    continue_final_message: bool = False,
    variables: Mapping[str, Any] | None = None,
) -> str:
    """``messages`` rendered as transformers renders them; ``tools`` and ``documents`` in ``variables`` go to
    their own parameters, the other variables as keyword arguments, as a caller of transformers passes them."""
    extra = dict(variables or {})
    text = tokenizer(bos_token, eos_token).apply_chat_template(
        [dict(m) for m in messages],
        tools=extra.pop("tools", None),
        documents=extra.pop("documents", None),
        chat_template=template,
        tokenize=False,
        add_generation_prompt=add_generation_prompt,
        continue_final_message=continue_final_message,
        **extra,
    )
    assert isinstance(text, str)
    return text


@contextmanager
def pinned_clock(now: datetime.datetime) -> Iterator[None]:
    """transformers' ``strftime_now`` reads ``datetime.now()`` from its module: make that ``now``."""

    class Pinned(datetime.datetime):
        @classmethod
        def now(cls, tz: datetime.tzinfo | None = None) -> Pinned:
            return cls.fromtimestamp(now.timestamp(), tz)

    saved = chat_template_utils.datetime  # type: ignore[attr-defined]
    chat_template_utils.datetime = Pinned  # type: ignore[attr-defined]
    try:
        yield
    finally:
        chat_template_utils.datetime = saved  # type: ignore[attr-defined]
