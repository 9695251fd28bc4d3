"""The Write pane on the real starter model: a proofread and three alternatives of a rewrite.
Small inputs keep the answers short (the pane's budget follows the input's length)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from assistant.core.tasks.diff import new_text, old_text
from tests.ui.conftest import AppFactory

pytestmark = pytest.mark.model

SOURCE = "Their going to the store tomorow. I has two cat."


def test_proofread_then_three_alternatives_through_the_pane(qtbot, make_app: AppFactory) -> None:
    window = make_app(real=True)
    window.navigation.setCurrentRow(window.stack.indexOf(window.write))
    write = window.write
    write.editor.setPlainText(SOURCE)
    write.action.setCurrentIndex(write.action.findData("proofread"))
    with qtbot.waitSignal(write.proposal_ready, timeout=120000) as ready:
        qtbot.mouseClick(write.run_button, Qt.MouseButton.LeftButton)
    [proofread] = ready.args[0].versions
    assert proofread.strip() and not proofread.lower().startswith(("sure", "here"))
    assert old_text(write.diff.ops) == SOURCE and new_text(write.diff.ops) == proofread
    write.accept()
    assert write.text == proofread
    write.editor.undo()
    assert write.text == SOURCE

    write.action.setCurrentIndex(write.action.findData("rewrite"))
    write.versions.setValue(3)
    with qtbot.waitSignal(write.proposal_ready, timeout=180000) as ready:
        qtbot.mouseClick(write.alternatives_button, Qt.MouseButton.LeftButton)
    proposal = ready.args[0]
    assert len(proposal.versions) == 3 and all(v.strip() for v in proposal.versions)
    assert write.alternatives.count() == 3
    write.alternatives.setCurrentRow(2)
    assert new_text(write.diff.ops) == proposal.versions[2]
    write.accept()
    assert write.text == proposal.versions[2]
