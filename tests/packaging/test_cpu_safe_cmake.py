"""packaging/cpu-safe.cmake, the include the README's build passes to llama.cpp, keeps AMX out.

A mini CMake project compiled for a CPU with AMX (-march=sapphirerapids) fails to build
while the compiler still defines AMX, so this proves the flags on any x86 machine,
including one without AMX, without building llama.cpp.
"""

from __future__ import annotations

import platform
import shutil
import subprocess
from pathlib import Path

import pytest

INCLUDE = Path(__file__).resolve().parents[2] / "packaging" / "cpu-safe.cmake"
X86 = platform.machine().lower() in ("x86_64", "amd64")

pytestmark = pytest.mark.skipif(
    not X86 or shutil.which("cmake") is None or shutil.which("cc") is None, reason="x86 with cmake and a C compiler"
)

SOURCE = """
#if defined(__AMX_TILE__) || defined(__AMX_INT8__) || defined(__AMX_BF16__)
#error AMX is enabled
#endif
int main(void) { return 0; }
"""


def configure_and_build(tmp_path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "main.c").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "CMakeLists.txt").write_text(
        "cmake_minimum_required(VERSION 3.16)\nproject(amx_probe C)\nadd_executable(probe main.c)\n"
        "target_compile_options(probe PRIVATE -march=sapphirerapids)\n",  # as ggml adds -march=native
        encoding="utf-8",
    )
    build = tmp_path / "build"
    configured = subprocess.run(
        ["cmake", "-S", str(tmp_path), "-B", str(build), *extra], capture_output=True, text=True, timeout=120
    )
    if configured.returncode != 0:
        return configured
    return subprocess.run(["cmake", "--build", str(build)], capture_output=True, text=True, timeout=120)


def test_without_the_include_a_sapphire_rapids_build_has_amx(tmp_path: Path) -> None:
    done = configure_and_build(tmp_path)
    if "sapphirerapids" in done.stderr + done.stdout and "error: bad value" in done.stderr + done.stdout:
        pytest.skip("this compiler does not know -march=sapphirerapids")
    assert done.returncode != 0 and "AMX is enabled" in done.stdout + done.stderr


def test_with_the_include_the_same_build_has_no_amx(tmp_path: Path) -> None:
    done = configure_and_build(tmp_path, f"-DCMAKE_PROJECT_INCLUDE={INCLUDE}")
    assert done.returncode == 0, done.stdout + done.stderr
