"""The desktop bundle: built with PyInstaller from this checkout, launched as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.bundle, pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux bundle")]
ROOT = Path(__file__).resolve().parents[2]


def tree(folder: Path) -> dict[str, int]:
    """Every file (links counted once, as links) with its size."""
    return {
        str(p.relative_to(folder)): (0 if p.is_symlink() else p.stat().st_size)
        for p in folder.rglob("*")
        if p.is_file() or p.is_symlink()
    }


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bundle")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(out / "dist"),
            "--workpath",
            str(out / "work"),
            str(ROOT / "packaging" / "quill.spec"),
        ],
        cwd=ROOT,
        check=True,
        timeout=900,
    )
    return out / "dist" / "quill"


def test_the_bundle_opens_answers_and_writes_nothing_beside_itself(
    bundle: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    size_mb = sum(tree(bundle).values()) / 2**20
    with capsys.disabled():
        print(f"\nbundle: {bundle} is {size_mb:.0f} MB")
    before = tree(bundle)
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.update(QT_QPA_PLATFORM="offscreen", QUILL_HOME=str(home))
    done = subprocess.run(
        [str(bundle / "quill"), "--self-test"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.startswith("self-test ok: SmolLM2 135M Instruct (starter) replied with")
    assert tree(bundle) == before
    assert (home / "data" / "history.sqlite3").is_file()
    chat = subprocess.run(
        [str(bundle / "quill"), "chat", "--max-tokens", "8", "hi"], env=env, capture_output=True, text=True, timeout=120
    )
    assert chat.returncode == 0 and chat.stdout.strip(), chat.stderr[-2000:]
    bad = subprocess.run(
        [str(bundle / "quill"), "chat", "--model", str(tmp_path / "none.gguf"), "hi"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 2 and bad.stderr.startswith("quill: error: Cannot use model")


def test_the_bundle_proves_its_llama_cpp_build_and_says_what_it_was_compiled_for(
    bundle: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The bundle's CPU check runs its own child (no `python -m` in a bundle) and doctor answers."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.update(QT_QPA_PLATFORM="offscreen", QUILL_HOME=str(tmp_path / "home"))
    done = subprocess.run([str(bundle / "quill"), "doctor"], env=env, capture_output=True, text=True, timeout=300)
    lines = dict(line.split(":", 1) for line in done.stdout.splitlines() if ":" in line)
    with capsys.disabled():
        print(f"\nbundle compiled for:{lines.get('Compiled for', ' ?')}")
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]
    assert lines["CPU check"].strip().startswith(("passed", "safe mode"))
    assert (tmp_path / "home" / "cache" / "cpu-check.json").is_file()
