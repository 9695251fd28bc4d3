"""Split a document into chunks that fit a token budget, along its structure.

Sections first (a chunk prefers to start at a heading), then paragraphs, then
sentences (English and Chinese sentence ends), and only as a last resort a cut
inside a sentence. Budgets are counted with the model's own tokenizer, and every
chunk is checked against the budget as a whole, so none is ever too long.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.core.documents.readers import Block, Document

CountTokens = Callable[[str], int]
SEPARATOR = "\n\n"

# A sentence ends at . ! ? (then a space) or at 。！？；… (no space needed in Chinese and Japanese),
# with any closing quotes or brackets kept on the sentence they close.
_SENTENCE = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+|(?<=[。！？；…])[\"'”’」』）)]*")


@dataclass(frozen=True)
class Chunk:
    index: int
    text: str
    section: str  # the heading this chunk falls under ("" before the first heading)
    tokens: int


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text`` with their punctuation; joined, they give the text back (less spaces)."""
    pieces: list[str] = []
    start = 0
    for match in _SENTENCE.finditer(text):
        end = match.end()
        if end > start:
            piece = text[start:end].strip()
            if piece:
                pieces.append(piece)
            start = end
    tail = text[start:].strip()
    if tail:
        pieces.append(tail)
    return pieces


def split_by_tokens(text: str, budget: int, count: CountTokens) -> list[str]:
    """Cut text with no usable sentence ends into the longest pieces that fit (the last resort)."""
    pieces: list[str] = []
    rest = text
    while rest:
        if count(rest) <= budget:
            pieces.append(rest)
            break
        lo, hi = 1, len(rest)
        while lo < hi:  # the longest prefix, in characters, that fits
            mid = (lo + hi + 1) // 2
            if count(rest[:mid]) <= budget:
                lo = mid
            else:
                hi = mid - 1
        cut = lo
        space = rest.rfind(" ", max(1, cut // 2), cut)  # prefer a word boundary
        if space > 0:
            cut = space
        pieces.append(rest[:cut].strip())
        rest = rest[cut:].lstrip()
    return [p for p in pieces if p]


def _block_text(block: Block) -> str:
    return Document([block]).to_markdown()


def _units(block: Block, budget: int, count: CountTokens) -> list[str]:
    """A block as pieces that each fit the budget: whole if it can be, else sentences, else token cuts."""
    text = _block_text(block)
    if count(text) <= budget:
        return [text]
    if block.kind in ("code", "table"):
        lines, units, current = text.split("\n"), [], ""
        for line in lines:
            candidate = f"{current}\n{line}" if current else line
            if current and count(candidate) > budget:
                units.append(current)
                current = line
            else:
                current = candidate
        units.append(current)
        return [
            u for piece in units for u in ([piece] if count(piece) <= budget else split_by_tokens(piece, budget, count))
        ]
    units = []
    for sentence in split_sentences(text):
        units += [sentence] if count(sentence) <= budget else split_by_tokens(sentence, budget, count)
    return units


def chunk_document(document: Document, budget: int, count: CountTokens) -> list[Chunk]:
    """Chunks of ``document`` of at most ``budget`` tokens each, in order."""
    if budget < 8:
        raise ValueError("the chunk budget is too small to hold any text")
    chunks: list[Chunk] = []
    parts: list[str] = []
    part_tokens = 0
    section = ""
    chunk_section = ""

    def emit(group: list[str]) -> None:
        text = SEPARATOR.join(group)
        tokens = count(text)
        if tokens > budget and len(group) > 1:  # joining can cost a token or two more than the sum
            emit(group[:-1])
            emit(group[-1:])
            return
        chunks.append(Chunk(len(chunks), text, chunk_section, tokens))

    def close() -> None:
        nonlocal parts, part_tokens
        if parts:
            emit(parts)
        parts, part_tokens = [], 0

    for block in document.blocks:
        if block.kind == "heading":
            # A new section starts a new chunk unless the current one is still small.
            if block.level <= 2 and part_tokens > budget // 2:
                close()
            section = block.text
        for unit in _units(block, budget, count):
            unit_tokens = count(unit)
            if parts and part_tokens + unit_tokens + 2 > budget:
                close()
            if not parts:
                chunk_section = section
            parts.append(unit)
            part_tokens += unit_tokens + 2
    close()
    return chunks


def chunk_texts(texts: Sequence[str], budget: int, count: CountTokens) -> list[list[str]]:
    """Group texts (e.g. notes) in order so that each group, joined, fits the budget."""
    groups: list[list[str]] = []
    current: list[str] = []
    for text in texts:
        candidate = SEPARATOR.join([*current, text])
        if current and count(candidate) > budget:
            groups.append(current)
            current = [text]
        else:
            current.append(text)
    if current:
        groups.append(current)
    return groups
