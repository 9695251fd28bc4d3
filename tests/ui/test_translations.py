"""Every interface string has a Simplified Chinese translation, and the shipped .qm is current."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "quill_zh_CN.ts"
QM = ROOT / "resources" / "translations" / "quill_zh_CN.qm"


def tool(name: str) -> str:
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        pytest.fail(f"{name} is missing: it comes with PySide6-Essentials")
    return found


def test_every_ui_string_is_translated(tmp_path: Path) -> None:
    fresh = tmp_path / "quill_zh_CN.ts"
    shutil.copy(TS, fresh)
    sources = sorted(str(p) for p in (ROOT / "assistant" / "ui").rglob("*.py"))
    subprocess.run(
        [tool("pyside6-lupdate"), *sources, "-ts", str(fresh), "-no-obsolete"], check=True, capture_output=True
    )
    unfinished = [
        m.findtext("source")
        for m in ET.parse(fresh).getroot().iter("message")
        if m.find("translation").get("type") == "unfinished" or not m.findtext("translation")
    ]
    assert unfinished == [], "translate these in resources/translations/quill_zh_CN.ts (Qt Linguist), then lrelease"


def test_placeholders_survive_translation() -> None:
    for message in ET.parse(TS).getroot().iter("message"):
        source, translation = message.findtext("source") or "", message.findtext("translation") or ""
        for token in ("{0}", "{1}", "{2}", "{3}", "%v", "%m"):
            assert source.count(token) == translation.count(token), source


def test_the_compiled_translation_is_up_to_date(tmp_path: Path) -> None:
    built = tmp_path / "quill_zh_CN.qm"
    subprocess.run([tool("pyside6-lrelease"), str(TS), "-qm", str(built)], check=True, capture_output=True)
    assert built.read_bytes() == QM.read_bytes(), "run pyside6-lrelease on the .ts and commit the .qm"
