"""A word-level diff that reads well: what a proposed change inserts and deletes.

Text is split into words, runs of white space and single punctuation marks;
each Chinese, Japanese or Korean character is a token of its own, so Chinese
written without spaces diffs by character rather than as one huge "word".
difflib matches the tokens; then small islands of unchanged text between two
changes (a lone space, a comma) are folded into the change around them, so a
rewritten sentence shows as one deletion and one insertion instead of a
confetti of tiny edits.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

from assistant.core.text import CJK_WIDE, WORD, count_words

OpKind = Literal["equal", "insert", "delete"]
JUNK_ABOVE = 2000 * 2000  # token pairs: beyond this, difflib's autojunk keeps matching fast

# CJK ideographs, kana, hangul and full-width forms: one token each. Then words, white space, anything else.
_TOKEN = re.compile(
    rf"[{CJK_WIDE}]"
    rf"|{WORD}"
    r"|\s+"
    r"|.",
    re.DOTALL,
)


@dataclass(frozen=True)
class DiffOp:
    """One run of the diff: text kept, inserted, or deleted."""

    kind: OpKind
    text: str


def tokenize(text: str) -> list[str]:
    """Words, white space and punctuation; each CJK character alone. Joined, they give ``text`` back."""
    return _TOKEN.findall(text)


def _is_small_island(tokens: list[str], max_chars: int) -> bool:
    """Unchanged text short enough to read better as part of the change around it: white space, a
    comma, or one short word ("and", "的") between two changes."""
    text = "".join(tokens)
    if not text or "\n" in text:
        return False
    words = [t for t in tokens if t.strip()]
    return len(words) <= 1 and len(text.strip()) <= max_chars


Block = tuple[str, list[str], list[str]]  # (kind, old tokens, new tokens); "replace" keeps both sides


_MATCH_TOKEN = re.compile(
    r"^\s+"
    rf"|(?:[{CJK_WIDE}]"
    rf"|{WORD}|\S)\s*"
)


def match_tokens(text: str) -> list[str]:
    """Tokens for matching: each word, mark or CJK character with the white space after it, so
    sequences are half as long and no match can hinge on a lone space."""
    return _MATCH_TOKEN.findall(text)


def _token_blocks(old: str, new: str) -> list[Block]:
    a, b = match_tokens(old), match_tokens(new)
    # Words match whatever white space follows them ("tea." at the end and "tea. " mid-text).
    keys_a, keys_b = [t.rstrip() or t for t in a], [t.rstrip() or t for t in b]
    # Exact matching is quadratic in the worst case; past a few thousand tokens on each side, very
    # frequent tokens are left out of the matching (difflib's autojunk) to keep it fast.
    matcher = difflib.SequenceMatcher(None, keys_a, keys_b, autojunk=len(a) * len(b) > JUNK_ABOVE)
    blocks: list[Block] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            blocks.append((tag, a[i1:i2], b[j1:j2]))
            continue
        run: list[str] = []
        for x, y in zip(a[i1:i2], b[j1:j2]):
            if x == y:
                run.append(x)
                continue
            word = x.rstrip() or x
            run.append(word)
            blocks.append(("equal", run, run))
            blocks.append(("replace", [x[len(word) :]], [y[len(word) :]]))  # only the white space differs
            run = []
        if run:
            blocks.append(("equal", run, run))
    return blocks


def _blocks(old: str, new: str) -> list[Block]:
    """Lines first (cheap, and unchanged paragraphs stay out of the word matching), then words
    within the lines that changed."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    if len(a) <= 1 or len(b) <= 1:
        return _token_blocks(old, new)
    blocks: list[Block] = []
    matcher = difflib.SequenceMatcher(lambda line: not line.strip(), a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            tokens = tokenize("".join(a[i1:i2]))
            blocks.append(("equal", tokens, tokens))
        else:
            blocks.extend(_token_blocks("".join(a[i1:i2]), "".join(b[j1:j2])))
    return blocks


def word_diff(old: str, new: str, *, merge_chars: int = 3) -> list[DiffOp]:
    """The changes from ``old`` to ``new`` as equal / delete / insert runs (a replace is a delete
    then an insert). Concatenating the equal and delete runs gives ``old``; equal and insert, ``new``."""
    blocks = _blocks(old, new)
    merged: list[Block] = []
    for index, (tag, olds, news) in enumerate(blocks):
        between_changes = 0 < index < len(blocks) - 1 and tag == "equal"
        if between_changes and _is_small_island(olds, merge_chars) and merged and merged[-1][0] != "equal":
            # A tiny unchanged island between two changes: fold it into one change.
            previous = merged.pop()
            merged.append(("replace", previous[1] + olds, previous[2] + news))
            continue
        if tag != "equal" and merged and merged[-1][0] != "equal":
            previous = merged.pop()
            merged.append(("replace", previous[1] + olds, previous[2] + news))
            continue
        merged.append((tag, list(olds), list(news)))
    ops: list[DiffOp] = []
    for tag, olds, news in merged:
        if tag == "equal":
            _append(ops, DiffOp("equal", "".join(olds)))
            continue
        _append(ops, DiffOp("delete", "".join(olds)))
        _append(ops, DiffOp("insert", "".join(news)))
    return _slide_space(_space_out(ops))


def _space_out(ops: list[DiffOp]) -> list[DiffOp]:
    """A replaced word and its replacement that end in the same white space: the space is unchanged
    text, so it goes to the equal run after them ("Their " -> "They're " shows as Their -> They're)."""
    out = list(ops)
    for i in range(len(out) - 1):
        first, second = out[i], out[i + 1]
        if first.kind == "delete" and second.kind == "insert":
            space = re.search(r"\s*$", first.text).group(0)  # type: ignore[union-attr]
            if space and second.text.endswith(space) and first.text.strip() and second.text.strip():
                out[i] = DiffOp("delete", first.text[: -len(space)])
                out[i + 1] = DiffOp("insert", second.text[: -len(space)])
                if i + 2 < len(out) and out[i + 2].kind == "equal":
                    out[i + 2] = DiffOp("equal", space + out[i + 2].text)
                else:
                    out.insert(i + 2, DiffOp("equal", space))
    return out


def _slide_space(ops: list[DiffOp]) -> list[DiffOp]:
    """ " black" inserted before " cat" reads better as "black " inserted after "The ": a lone insertion
    or deletion that starts with the space its following text also starts with is slid one place right."""
    ops = list(ops)
    for i in range(1, len(ops) - 1):
        before, op, after = ops[i - 1], ops[i], ops[i + 1]
        if (
            before.kind == after.kind == "equal"
            and op.kind != "equal"
            and op.text[:1].isspace()
            and after.text[:1] == op.text[:1]
        ):
            space = op.text[0]
            ops[i - 1] = DiffOp("equal", before.text + space)
            ops[i] = DiffOp(op.kind, op.text[1:] + space)
            ops[i + 1] = DiffOp("equal", after.text[1:])
    return [op for op in ops if op.text]


def _append(ops: list[DiffOp], op: DiffOp) -> None:
    if not op.text:
        return
    if ops and ops[-1].kind == op.kind:
        ops[-1] = DiffOp(op.kind, ops[-1].text + op.text)
    else:
        ops.append(op)


def old_text(ops: list[DiffOp]) -> str:
    return "".join(op.text for op in ops if op.kind != "insert")


def new_text(ops: list[DiffOp]) -> str:
    return "".join(op.text for op in ops if op.kind != "delete")


@dataclass(frozen=True)
class DiffStats:
    inserted_words: int
    deleted_words: int


def diff_stats(ops: list[DiffOp]) -> DiffStats:
    """How many words (CJK characters count one each, as in the word count) were inserted and deleted."""
    return DiffStats(
        sum(count_words(o.text) for o in ops if o.kind == "insert"),
        sum(count_words(o.text) for o in ops if o.kind == "delete"),
    )
