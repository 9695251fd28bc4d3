"""The first-run welcome, start to finish against the loopback Hub stand-in and the real engine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton

from assistant.core.models.catalog import load_catalog
from assistant.core.models.recommend import recommend
from assistant.core.paths import quill_paths
from assistant.core.settings import load_settings
from assistant.ui.dialogs.welcome import PAGE_COMPUTER, PAGE_DONE, PAGE_STARTER, PAGE_USE, WelcomeDialog
from tests.helpers.fake_hub import FakeHub, HubFileSpec, online_hub
from tests.helpers.speed_probe import install_probe
from tests.helpers.tiny_gguf import write_tiny_llama
from tests.ui.conftest import AppFactory


@pytest.fixture
def probe(tmp_path_factory: pytest.TempPathFactory) -> object:
    """This computer's real speed probe (measured once per session) in the test's QUILL_HOME."""
    return install_probe(tmp_path_factory.getbasetemp() / "speed-session")


@pytest.fixture
def hub(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FakeHub]:
    """Every chat model of the catalog on the stand-in Hub, each a real tiny GGUF that llama.cpp loads."""
    data = write_tiny_llama(tmp_path_factory.mktemp("hub") / "tiny.gguf", name="Tiny Welcome").read_bytes()
    with online_hub(monkeypatch) as fake:
        for entry in load_catalog():
            if not entry.is_embedding:
                fake.add(entry.repo, {entry.file: HubFileSpec(data=data)})
        yield fake


def open_welcome(make_app: AppFactory, argv: list[str] | None = None) -> tuple[WelcomeDialog, object]:
    window = make_app(argv=argv or ["--lang", "en"], real=True)
    context = make_app.context(window)
    assert context.controller.needs_welcome()  # a first run: no settings, no model chosen
    return context.controller.open_welcome(), context


def test_the_welcome_recommends_downloads_and_switches(qtbot, make_app: AppFactory, hub: FakeHub, probe) -> None:
    welcome, context = open_welcome(make_app)
    assert welcome.pages.currentIndex() == PAGE_USE
    welcome.choose_use("translate")
    with qtbot.waitSignal(welcome.recommended, timeout=120000):
        welcome.next_button.click()
    assert welcome.pages.currentIndex() == PAGE_COMPUTER
    rec = welcome.recommendation
    services = context.services
    expected = recommend(services.catalog, "translate", services.machine, services.settings.n_ctx, probe)
    assert rec is not None and expected is not None and rec.entry.id == expected.entry.id
    assert {"zh", "en"} <= set(rec.entry.languages) and not rec.entry.is_embedding
    facts = welcome.pick_facts.text()
    assert "Download:" in facts and "Memory needed:" in facts and "words a second" in facts
    assert "Memory:" in welcome.computer_facts.text() and "starter model writes about" in welcome.computer_facts.text()
    assert welcome.download_button.isEnabled()
    with qtbot.waitSignal(welcome.completed, timeout=60000) as ended:
        welcome.download_button.click()
    assert ended.args == ["switched"]
    assert welcome.pages.currentIndex() == PAGE_DONE
    path = services.models_dir / rec.entry.repo / rec.entry.file
    assert context.engine.model_info is not None and Path(context.engine.model_info.path) == path
    saved = load_settings(quill_paths().settings_file).settings
    assert saved.welcome_done and saved.model_path == str(path)
    assert hub.gets_of(rec.entry.file) != []  # really fetched from the stand-in
    welcome.done_button.click()
    assert not context.controller.needs_welcome()


def test_skip_is_remembered(qtbot, make_app: AppFactory) -> None:
    welcome, context = open_welcome(make_app)
    with qtbot.waitSignal(welcome.completed, timeout=5000) as ended:
        welcome.skip_button.click()
    assert ended.args == ["skipped"]
    assert load_settings(quill_paths().settings_file).settings.welcome_done
    assert not context.controller.needs_welcome()


def test_closing_the_window_counts_as_skipping(qtbot, make_app: AppFactory) -> None:
    welcome, context = open_welcome(make_app)
    with qtbot.waitSignal(welcome.completed, timeout=5000):
        welcome.close()
    assert load_settings(quill_paths().settings_file).settings.welcome_done


def test_offline_the_starter_model_is_used_and_its_limits_said(qtbot, make_app: AppFactory, probe) -> None:
    welcome, context = open_welcome(make_app)  # HF_HUB_OFFLINE=1: the Hub cannot be reached
    welcome.choose_use("chat")
    with qtbot.waitSignal(welcome.recommended, timeout=120000):
        welcome.next_button.click()
    assert welcome.pages.currentIndex() == PAGE_STARTER
    assert welcome.starter_title.text() == "The Hub cannot be reached"
    assert "starter model" in welcome.starter_reason.text()
    limits = welcome.findChild(type(welcome.starter_reason), "welcomeStarterLimits").text()
    assert "It can:" in limits and "It cannot: translate Chinese" in limits
    starter = context.engine.model_info
    with qtbot.waitSignal(welcome.completed, timeout=5000) as ended:
        welcome.starter_finish.click()
    assert ended.args == ["starter"]
    assert context.engine.model_info == starter  # still the starter model
    assert load_settings(quill_paths().settings_file).settings.welcome_done


def test_the_welcome_in_chinese(qtbot, make_app: AppFactory, probe) -> None:
    welcome, _context = open_welcome(make_app, ["--lang", "zh_CN"])
    assert welcome.windowTitle() == "欢迎使用 Quill"
    with qtbot.waitSignal(welcome.recommended, timeout=120000):
        welcome.next_button.click()
    assert "内存" in welcome.computer_facts.text()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_every_step_by_tab_alone(qtbot, make_app: AppFactory, language: str) -> None:
    from tests.ui.test_accessibility import check

    welcome, _context = open_welcome(make_app, ["--lang", language])
    total = 0
    for page in range(welcome.pages.count()):
        welcome.show_page(page)
        first = next(b for b in welcome.pages.widget(page).findChildren(QPushButton) if b.isVisibleTo(welcome))
        total += check(welcome, first, f"Welcome, step {page}", language)
    assert total >= 8  # the use list and the buttons of every step


def test_help_welcome_opens_it_again_and_a_second_finish_downloads_nothing(
    qtbot, make_app: AppFactory, hub: FakeHub, probe
) -> None:
    welcome, context = open_welcome(make_app)
    window = context.window
    jobs: list[tuple[str, str]] = []
    context.jobs.ended.connect(lambda name, outcome: jobs.append((name, outcome)))
    welcome.choose_use("translate")
    with qtbot.waitSignal(welcome.recommended, timeout=120000):
        welcome.next_button.click()
    with qtbot.waitSignal(welcome.completed, timeout=60000):
        welcome.download_button.click()
    with qtbot.waitSignal(welcome.finished, timeout=5000):
        welcome.done_button.click()
    assert jobs == [("Download", "ok")]  # the download was a long job of the window
    assert context.controller.welcome is None
    rec = welcome.recommendation
    assert rec is not None
    fetched = len(hub.gets_of(rec.entry.file))

    assert window.welcome_action in window.help_menu.actions()
    assert window.welcome_action.shortcut().isEmpty()  # so Help → Keyboard shortcuts has nothing to list
    window.welcome_action.trigger()
    again = context.controller.welcome
    assert again is not None and again.isVisible() and again.pages.currentIndex() == PAGE_USE
    window.welcome_action.trigger()  # while it is open: the same window, not a second one
    assert context.controller.welcome is again
    assert [d for d in window.findChildren(WelcomeDialog) if d.isVisible()] == [again]
    again.choose_use("translate")
    with qtbot.waitSignal(again.recommended, timeout=120000):
        again.next_button.click()
    assert again.download_button.text() == "Use this model"  # it is installed: nothing to download
    with qtbot.waitSignal(again.completed, timeout=60000) as ended:
        again.download_button.click()
    assert ended.args == ["switched"]
    assert len(hub.gets_of(rec.entry.file)) == fetched
    assert list(context.services.downloads.entries) == [f"{rec.entry.repo}/{rec.entry.file}"]
    assert jobs == [("Download", "ok")]
    with qtbot.waitSignal(again.finished, timeout=5000):
        again.done_button.click()
    assert load_settings(quill_paths().settings_file).settings.welcome_done
    assert not context.controller.needs_welcome()
