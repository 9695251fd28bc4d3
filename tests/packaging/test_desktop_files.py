"""The Linux desktop entry and AppStream metainfo: well-formed, consistent, installable."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
APP_ID = "io.github.quillapp.Quill"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"


def read_desktop(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_desktop_entry_has_what_menus_need() -> None:
    entry = read_desktop(DESKTOP)
    assert entry["Type"] == "Application" and entry["Name"] == "Quill"
    assert entry["Icon"] == APP_ID and entry["Exec"].startswith("quill")
    assert entry["Terminal"] == "false" and entry["Categories"].endswith(";")
    assert "zh_CN" in entry["Name[zh_CN]"] or entry["Name[zh_CN]"]


def test_the_metainfo_matches_the_desktop_entry() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.find("launchable").text == f"{APP_ID}.desktop"  # type: ignore[union-attr]
    assert root.findtext("metadata_license") == "CC0-1.0"


def test_icons_exist_at_the_usual_sizes() -> None:
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        icon = ROOT / "resources" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "quill.png"
        assert icon.is_file() and icon.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils is not installed")
def test_desktop_file_validate_accepts_the_entry() -> None:
    done = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
    assert done.returncode == 0 and "error" not in done.stdout, done.stdout


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstream is not installed")
def test_appstreamcli_accepts_the_metainfo() -> None:
    done = subprocess.run(["appstreamcli", "validate", "--no-net", str(METAINFO)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


def test_the_install_script_adds_quill_to_the_users_menu(tmp_path: Path) -> None:
    fake_exe = tmp_path / "bundle" / "quill"
    fake_exe.parent.mkdir()
    fake_exe.write_text("#!/bin/sh\n", encoding="utf-8")
    fake_exe.chmod(0o755)
    data = tmp_path / "share"
    env = {**os.environ, "XDG_DATA_HOME": str(data), "HOME": str(tmp_path)}
    script = LINUX / "install-desktop-entry.sh"
    subprocess.run(["bash", str(script), str(fake_exe)], env=env, check=True, capture_output=True)
    installed = data / "applications" / f"{APP_ID}.desktop"
    assert read_desktop(installed)["Exec"] == f'"{fake_exe}" %F'
    assert (data / "icons" / "hicolor" / "256x256" / "apps" / f"{APP_ID}.png").is_file()
    assert (data / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    subprocess.run(["bash", str(script), "--uninstall"], env=env, check=True, capture_output=True)
    assert not installed.exists()
    missing = subprocess.run(["bash", str(script), str(tmp_path / "nope")], env=env, capture_output=True, text=True)
    assert missing.returncode == 2 and "no executable" in missing.stderr
