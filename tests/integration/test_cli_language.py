"""`quill` speaks the user's language: Settings' interface language, else the locale; --lang and LANG=C force it.

Real child processes (tests/helpers/quill_cli.py) with the locale a user's terminal would have.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.cli.base import set_language
from assistant.core.i18n import choose_language, locale_language
from assistant.core.paths import quill_paths
from assistant.core.settings import Settings, save_settings
from tests.helpers.quill_cli import run_quill

EMPTY_PROMPT_ZH = "quill：错误：提示词是空的：请给出消息，或用 '-' 并从标准输入提供文本。\n"
EMPTY_PROMPT_EN = "quill: error: The prompt is empty: give a message, or '-' and text on standard input.\n"


def _set_ui_language(home: Path, language: str) -> None:
    paths = quill_paths({"QUILL_HOME": str(home)})
    paths.settings_file.parent.mkdir(parents=True, exist_ok=True)
    save_settings(Settings(ui_language=language), paths.settings_file)


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh_CN"),
        ({"LANG": "zh_TW.UTF-8"}, "zh_CN"),  # the one Chinese translation Quill ships
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "C"}, "en"),
        ({"LANG": "C.UTF-8", "LANGUAGE": "zh_CN"}, "en"),  # C means untranslated, as gettext has it
        ({"LANG": "en_US.UTF-8", "LC_ALL": "zh_CN.UTF-8"}, "zh_CN"),  # LC_ALL over LANG
        ({"LANG": "zh_CN.UTF-8", "LC_MESSAGES": "POSIX"}, "en"),
        ({"LANG": "en_US.UTF-8", "LANGUAGE": "zh_CN:en"}, "zh_CN"),  # LANGUAGE's first choice
        ({}, "en"),
    ],
)
def test_the_locale_picks_the_language(environ: dict[str, str], expected: str) -> None:
    assert locale_language(environ) == expected
    assert choose_language("", environ) == expected
    assert choose_language("en", environ) == "en" and choose_language("zh_CN", environ) == "zh_CN"
    assert choose_language("fr", environ) == expected  # a language Quill does not have: the locale's


def test_an_error_is_chinese_under_a_chinese_locale_and_english_otherwise(tmp_path: Path) -> None:
    zh = run_quill("chat", "-", stdin=" \n", home=tmp_path / "home", lang="zh_CN.UTF-8")
    assert (zh.returncode, zh.stderr) == (2, EMPTY_PROMPT_ZH)
    en = run_quill("chat", "-", stdin=" \n", home=tmp_path / "home", lang="en_US.UTF-8")
    assert (en.returncode, en.stderr) == (2, EMPTY_PROMPT_EN)
    forced = run_quill("chat", "-", stdin=" \n", home=tmp_path / "home", lang="C")
    assert forced.stderr == EMPTY_PROMPT_EN
    flag = run_quill("--lang", "en", "chat", "-", stdin=" \n", home=tmp_path / "home", lang="zh_CN.UTF-8")
    assert flag.stderr == EMPTY_PROMPT_EN


def test_a_usage_error_and_a_core_refusal_are_chinese_too(tmp_path: Path) -> None:
    usage = run_quill("nonsense", home=tmp_path / "home", lang="zh_CN.UTF-8")
    assert usage.returncode == 2 and usage.stderr.startswith("quill：错误：") and usage.stderr.count("\n") == 1
    assert usage.stderr.rstrip().endswith("（见 `quill --help`）")
    knob = run_quill("chat", "--top-p", "3", "hi", home=tmp_path / "home", lang="zh_CN.UTF-8")
    assert knob.returncode == 2 and knob.stderr == "quill：错误：生成选项无效：top-p 必须介于 0 和 1 之间。\n"


def test_the_setting_overrides_the_locale(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _set_ui_language(home, "en")
    assert run_quill("chat", "-", stdin="", home=home, lang="zh_CN.UTF-8").stderr == EMPTY_PROMPT_EN
    _set_ui_language(home, "zh_CN")
    assert run_quill("chat", "-", stdin="", home=home, lang="en_US.UTF-8").stderr == EMPTY_PROMPT_ZH
    # --lang beats the setting
    assert run_quill("--lang", "en", "chat", "-", stdin="", home=home).stderr == EMPTY_PROMPT_EN


def test_progress_and_results_are_chinese_and_json_stays_english(tmp_path: Path) -> None:
    home, folder = tmp_path / "home", tmp_path / "notes"
    folder.mkdir()
    (folder / "a.md").write_text("# 标题\n\n模型在本机运行。\n", encoding="utf-8")
    (folder / "b.md").write_text("# Title\n\nModels run here.\n", encoding="utf-8")
    added = run_quill("library", "add", str(folder), "--keywords-only", home=home, lang="zh_CN.UTF-8")
    assert added.returncode == 0, added.stderr
    assert "[2/2 个文件" in added.stderr  # the progress line
    assert added.stdout == "notes：2 个文档，2 个片段，0 个有向量\n"  # the result
    listed = run_quill("library", "list", home=home, lang="zh_CN.UTF-8")
    assert listed.stdout.startswith("notes：2 个文档")
    as_json = run_quill("library", "list", "--json", home=home, lang="zh_CN.UTF-8")
    assert '"documents": 2' in as_json.stdout and "个" not in as_json.stdout
    english = run_quill("library", "add", "--collection", "notes", "--keywords-only", home=home, lang="en_US.UTF-8")
    assert english.stdout == "notes: 2 documents, 2 chunks, 0 with vectors\n"
    assert english.stderr == "quill: no embedding model is chosen: the Library searches by keywords only\n"


def test_set_language_takes_only_a_language_quill_has() -> None:
    from assistant.cli import base

    set_language("zh_CN")
    assert base.cli_language() == "zh_CN"
    set_language("xx")
    assert base._language is None  # found again from Settings and the locale at the next message
    set_language(None)


def test_models_list_says_its_table_and_notes_in_chinese_and_json_in_english(tmp_path: Path) -> None:
    import json
    import unicodedata

    zh = run_quill("models", "list", home=tmp_path / "home", lang="zh_CN.UTF-8")
    assert zh.returncode == 0, zh.stderr
    header, starter, *notes = zh.stdout.splitlines()
    assert "入门模型" in starter and any(fit in starter for fit in ("放得下", "偏紧", "放不下"))
    assert notes[-1].startswith("本机内存为 ")  # the closing note

    def columns(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)

    # Chinese cells take two terminal columns each: the SIZE column still lines up under its header
    assert columns(starter[: starter.index(" MB") + 3]) == columns(header[: header.index("SIZE") + 4])
    rows = json.loads(run_quill("models", "list", "--json", home=tmp_path / "home", lang="zh_CN.UTF-8").stdout)
    assert rows[0]["source_label"] == "Starter model" and rows[0]["fit"] in ("fits", "tight", "will not fit")
