"""A document as Library chunks: by structure, each with its heading path, page and character span.

The text the spans refer to is the document as Markdown (``Document.to_markdown()``: blocks
joined by blank lines), stored with the document. A heading starts a new chunk, so a chunk's
heading path is true for all of it; blocks are packed up to ``target`` tokens; a block longer
than ``limit`` is cut at sentences (core/documents/chunking.py's splitters), then by tokens.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from assistant.core.documents.chunking import SEPARATOR, split_by_tokens, split_sentences
from assistant.core.documents.readers import Document
from assistant.core.library.store import NewChunk, location_of
from assistant.core.text import count_cjk

TARGET_TOKENS = 300
LIMIT_TOKENS = 400

CountTokens = Callable[[str], int]


def estimate_tokens(text: str) -> int:
    """A cheap count with no model: one per CJK character, one per four other characters."""
    cjk = count_cjk(text)
    return cjk + (len(text) - cjk + 3) // 4


@dataclass
class _Open:
    start: int
    end: int
    tokens: int
    page: int | None
    heads: tuple[str, ...]
    content: bool  # holds more than headings


def chunk_for_library(
    document: Document,
    count: CountTokens = estimate_tokens,
    target: int = TARGET_TOKENS,
    limit: int = LIMIT_TOKENS,
) -> tuple[str, list[NewChunk]]:
    """The document's text and its chunks, in order; every chunk's text is ``text[start:end]``."""
    limit = max(16, limit)
    target = max(8, min(target, limit))
    parts: list[str] = []
    offsets: list[int] = []
    position = 0
    for block in document.blocks:
        piece = Document([block]).to_markdown()
        offsets.append(position)
        parts.append(piece)
        position += len(piece) + len(SEPARATOR)
    text = SEPARATOR.join(parts)
    chunks: list[NewChunk] = []
    stack: list[tuple[int, str]] = []
    current: _Open | None = None

    def close() -> None:
        nonlocal current
        if current is not None and text[current.start : current.end].strip():
            body = text[current.start : current.end]
            ordinal = len(chunks)
            chunks.append(
                NewChunk(
                    ordinal=ordinal,
                    location=location_of(current.page, current.heads, ordinal),
                    page=current.page,
                    heading_path=current.heads,
                    start=current.start,
                    end=current.end,
                    text=body,
                    tokens=count(body),
                )
            )
        current = None

    for block, piece, offset in zip(document.blocks, parts, offsets, strict=True):
        if block.kind == "heading":
            if current is not None and current.content:
                close()
            level = max(1, block.level)
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, block.text))
            if current is not None:  # headings only so far: the chunk belongs to the deepest one
                current.heads = tuple(h for _, h in stack)
        for start, end, tokens in _units(piece, offset, count, limit):
            if current is not None and current.content and current.tokens + tokens > target:
                close()
            if current is None:
                current = _Open(start, end, 0, block.page, tuple(h for _, h in stack), False)
            current.end = end
            current.tokens += tokens
            current.content = current.content or block.kind != "heading"
    close()
    return text, chunks


def _units(piece: str, offset: int, count: CountTokens, limit: int) -> list[tuple[int, int, int]]:
    """Spans (in the document's text) of a block's pieces that each fit ``limit``, with their token counts
    (counted once: with a model's tokenizer, counting is the indexer's largest cost outside embedding)."""
    whole = count(piece)
    if whole <= limit:
        return [(offset, offset + len(piece), whole)]
    spans: list[tuple[int, int, int]] = []
    cursor = 0
    for sentence in split_sentences(piece):
        tokens = count(sentence)
        smaller = [(sentence, tokens)] if tokens <= limit else [
            (unit, count(unit)) for unit in split_by_tokens(sentence, limit, count)
        ]  # fmt: skip
        for unit, n in smaller:
            found = piece.find(unit, cursor)
            if found < 0:  # split_sentences strips; a unit is always found, but never lose text over it
                continue
            spans.append((offset + found, offset + found + len(unit), n))
            cursor = found + len(unit)
    return spans or [(offset, offset + len(piece), whole)]
