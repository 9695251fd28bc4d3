"""A Write tool's result waiting for review: where it goes, what it replaces, and the text Accept writes.

Plain data and text rules, so they are tested without Qt: positions are the
editor's (Qt counts UTF-16 units) and are only carried here, never computed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.core.tasks.diff import DiffOp, word_diff
from assistant.core.tasks.write import join_continuation, keep_surrounding_space

CONTEXT_CHARS = 160  # text shown before an insertion, so it reads in place


def join_below(before: str, text: str) -> str:
    """``text`` as a paragraph of its own after ``before`` (an analysis goes below what it is about)."""
    separator = "" if before.endswith("\n\n") or not before.strip() else "\n" if before.endswith("\n") else "\n\n"
    return separator + text.strip() + "\n"


def context_before(before: str) -> str:
    """The end of the text before an insertion, cut at a word where it is long (with "…")."""
    context = before[-CONTEXT_CHARS:]
    if len(before) > CONTEXT_CHARS:
        context = "…" + context.split(" ", 1)[-1] if " " in context[:40] else "…" + context
    return context


@dataclass
class Proposal:
    """A change waiting for review: where it goes (editor positions), what it replaces, its versions."""

    action: str
    start: int
    end: int
    original: str
    before: str = ""  # the text before ``start`` (for insertions: context, and how to join)
    insert: bool = False  # True: the versions are inserted at ``start`` (continue, analyses)
    versions: list[str] = field(default_factory=list)
    chosen: int = 0
    notes: list[str] = field(default_factory=list)

    def replacement(self, index: int | None = None) -> str:
        """The text that Accept writes for version ``index`` (the chosen one by default)."""
        version = self.versions[self.chosen if index is None else index]
        if self.action == "continue":
            return join_continuation(self.before, version)
        if self.insert:
            return join_below(self.before, version)
        return keep_surrounding_space(self.original, version)

    def diff(self, index: int | None = None) -> list[DiffOp]:
        """What Accept would change: a word diff, or for an insertion the context and the new text."""
        new = self.replacement(index)
        if not self.insert:
            return word_diff(self.original, new)
        context = context_before(self.before)
        return ([DiffOp("equal", context)] if context else []) + ([DiffOp("insert", new)] if new else [])
