"""A long Chinese article summarized by the starter model at n_ctx 2048: through the CLI, then
the pane (which reuses the CLI's cached notes, so only the combining and final passes run again).

The article (~25 KB, 11 chunks at this context) is cut after its first ~380 lines, every section
and the start of its appendix (~7,600 tokens, 6 chunks): the same map, reduce and final passes,
at about half the cost (the whole article took 11 of the suite's minutes on a loaded machine)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.core.settings import Settings, save_settings
from assistant.core.types import Notice
from tests.helpers.quill_cli import run_quill
from tests.ui.conftest import AppFactory

pytestmark = [pytest.mark.model, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT.parent / "shared" / "data" / "zh-article-llm-overview.md"


@pytest.mark.skipif(not ARTICLE.exists(), reason="../shared/data is not beside this checkout")
def long_excerpt(folder: Path) -> Path:
    """The article up to the first question of its appendix at or after line 380 (whole Q&A pairs only)."""
    lines = ARTICLE.read_text(encoding="utf-8").split("\n")
    cut = next(i for i in range(380, len(lines)) if lines[i].startswith("**Q"))
    excerpt = folder / "zh-article-llm-overview-excerpt.md"
    excerpt.write_text("\n".join(lines[:cut]), encoding="utf-8")
    return excerpt


def test_a_long_chinese_article_through_the_cli_and_the_pane(
    qtbot, make_app: AppFactory, quill_home: Path, tmp_path: Path
) -> None:
    article = long_excerpt(tmp_path)
    done = run_quill("summarize", str(article), "--ctx", "2048", "--json", home=quill_home, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)
    assert result["one_pass"] is False and result["chunks"] >= 5
    assert result["language"] == "Chinese (Simplified)"
    assert result["summary"].strip()
    assert not any("out of context room" in w for w in result["warnings"])  # every prompt fit
    progress = [line for line in done.stderr.splitlines() if line.startswith("[")]
    assert progress[0].startswith(f"[0/{result['chunks'] + 1}] Reading part 1 of {result['chunks']}")

    save_settings(Settings(n_ctx=2048), quill_home / "config" / "settings.json")
    window = make_app(real=True)
    window.navigation.setCurrentRow(1)
    pane = window.summarize
    assert pane.open_file(article)
    values: list[int] = []
    pane.progress.valueChanged.connect(values.append)
    notices: list[str] = []
    window.engine.request_event.connect(lambda _rid, event: isinstance(event, Notice) and notices.append(event.text))
    pane.start()  # the starter model knows English only: the pane says so before starting
    assert pane.coverage.isVisibleTo(pane) and not pane.busy
    with qtbot.waitSignal(pane.summary_finished, timeout=600000) as finished:
        pane.coverage.anyway_button.click()  # the user goes ahead anyway
    assert finished.args[0].reason in ("stop", "length")
    assert pane.summary.strip()
    assert max(values) == result["chunks"]  # "combining" is the last step before the final pass
    assert not any("out of context room" in n for n in notices)
