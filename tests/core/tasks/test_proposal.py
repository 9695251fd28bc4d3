"""What Accept writes for a Write proposal: replacements keep their surrounding space, insertions join cleanly."""

from __future__ import annotations

from assistant.core.tasks.diff import DiffOp
from assistant.core.tasks.proposal import CONTEXT_CHARS, Proposal, context_before, join_below


def test_a_replacement_keeps_the_white_space_around_the_original() -> None:
    proposal = Proposal("rewrite", 0, 12, "\n  old text\n", versions=["new text"])
    assert proposal.replacement() == "\n  new text\n"
    assert DiffOp("insert", "new") in proposal.diff() and DiffOp("delete", "old") in proposal.diff()


def test_an_analysis_goes_below_as_a_paragraph_of_its_own() -> None:
    assert join_below("Some text.", " Tone: calm. ") == "\n\nTone: calm.\n"
    assert join_below("Some text.\n", "Tone: calm.") == "\nTone: calm.\n"
    assert join_below("Some text.\n\n", "Tone: calm.") == "Tone: calm.\n"
    assert join_below("  ", "Tone: calm.") == "Tone: calm.\n"
    proposal = Proposal("analyze-tone", 10, 10, "Some text.", before="Some text.", insert=True, versions=["calm"])
    assert proposal.diff() == [DiffOp("equal", "Some text."), DiffOp("insert", "\n\ncalm\n")]


def test_the_chosen_version_is_the_one_written() -> None:
    proposal = Proposal("shorter", 0, 3, "abc", versions=["one", "two"], chosen=1)
    assert proposal.replacement() == "two" and proposal.replacement(0) == "one"


def test_a_continuation_joins_at_the_cursor_and_long_context_is_cut_at_a_word() -> None:
    proposal = Proposal("continue", 9, 9, "", before="It rained", insert=True, versions=["all day."])
    assert proposal.replacement() == " all day."
    before = "word " * 100
    context = context_before(before)
    assert context.startswith("…") and len(context) <= CONTEXT_CHARS + 1 and before.endswith(context[1:])
    assert context_before("short") == "short"
