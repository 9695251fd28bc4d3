"""What this machine and this llama.cpp build are, for `quill doctor`, `quill --version` and Help → System information.

One report, so a bug report from the app and one from the terminal say the same things.
"""

from __future__ import annotations

import os
import platform
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from assistant.core.engine import cpu_check
from assistant.core.paths import QuillPaths, quill_paths

# The CPU flags llama.cpp's kernels care about, as Linux (x86, ARM) and macOS name them.
RELEVANT_FLAGS = [
    "sse3",
    "ssse3",
    "sse4_2",
    "avx",
    "f16c",
    "fma",
    "bmi2",
    "avx2",
    "avx_vnni",
    "avx512f",
    "avx512bw",
    "avx512vl",
    "avx512_vbmi",
    "avx512_vnni",
    "avx512_bf16",
    "avx512_fp16",
    "amx_tile",
    "amx_int8",
    "amx_bf16",
    "asimd",
    "asimdhp",
    "asimddp",
    "dotprod",
    "i8mm",
    "sve",
    "sve2",
    "sme",
]
AMX_FEATURES = ("AMX_INT8", "AMX_BF16", "AMX_TILE")


@dataclass
class SystemReport:
    """Lines of (label, value); ``problems`` are what stops Quill from answering here."""

    lines: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def add(self, label: str, value: str) -> None:
        self.lines.append((label, value))

    def text(self) -> str:
        width = max((len(label) for label, _ in self.lines), default=0)
        body = [f"{label + ':':<{width + 1}} {value}" for label, value in self.lines]
        body += [f"Problem: {problem}" for problem in self.problems]
        return "\n".join(body)


def build_line() -> str:
    """The llama.cpp build and the CPU check in one line (for `quill --version`; imports nothing heavy)."""
    result = cpu_check.load_result()
    return f"llama-cpp-python {cpu_check.llama_cpp_version()}; CPU check: {cpu_check.describe(result)}"


def display_available() -> bool:
    """Whether a window can open: always on macOS and Windows; on Linux, an X11 or Wayland display."""
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def collect(
    model_path: Path | None, paths: QuillPaths | None = None, *, run_check: bool = True, require_model: bool = True
) -> SystemReport:
    """Everything but the answer test: versions, build, CPU, the check, the model, disk, memory, display.

    ``run_check`` runs the CPU check if it never ran on this build (a second or two);
    the GUI passes False and shows what is remembered, and ``require_model`` False while
    its model is still loading or on a server.
    """
    from assistant import __version__
    from assistant.core.models.memory import format_bytes, machine_memory

    paths = paths or quill_paths()
    report = SystemReport()
    report.add("Quill", f"{__version__} (Python {platform.python_version()}, {platform.platform(terse=True)})")
    report.add("llama.cpp", f"llama-cpp-python {cpu_check.llama_cpp_version()}")
    compiled: list[str] = []
    try:
        from assistant.core.backends.llama import compiled_cpu_features, gpu_offload_info

        compiled = compiled_cpu_features()
        offload, backend = gpu_offload_info()
        report.add("Compiled for", " ".join(compiled) or "(none reported)")
        report.add("GPU offload", f"yes ({backend})" if offload else "no (CPU only)")
    except (ImportError, OSError) as error:
        report.problems.append(f"llama.cpp cannot be loaded: {error}")
    name, flags = cpu_check.cpu_identity()
    present = [flag for flag in RELEVANT_FLAGS if flag in flags]
    report.add("CPU", f"{name}, {os.cpu_count() or '?'} logical cores")
    report.add("CPU features", " ".join(present) or "(not reported by the OS)")

    result = cpu_check.ensure_checked(paths) if run_check else cpu_check.load_result(paths)
    report.add("CPU check", cpu_check.describe(result))
    amx_built = [feature for feature in AMX_FEATURES if feature in compiled]
    if amx_built:
        report.add("AMX kernels", "compiled in (" + " ".join(amx_built) + ")")
    if result is not None and result.mode != "full" and amx_built:
        report.add(
            "Hint", "this build carries AMX kernels (perhaps an old wheel from pip's cache); " + cpu_check.REBUILD_HINT
        )
    if result is not None and result.mode == "unusable":
        report.problems.append(cpu_check.notice(result) or "llama.cpp cannot run on this CPU.")

    if model_path is None and not require_model:
        report.add("Model", "none loaded in this process")
    elif model_path is None:
        report.add("Model", "none: no model is chosen and the starter model is not installed")
        report.problems.append("No model to answer with: install the starter model (README) or choose one.")
    elif not model_path.exists():
        report.add("Model", f"{model_path} (missing)")
        report.problems.append(f"The model file {model_path} does not exist.")
    else:
        report.add("Model", f"{model_path} ({format_bytes(model_path.stat().st_size)})")
    report.add("Models folder", str(paths.models_dir))
    try:
        free_disk = shutil.disk_usage(_existing_parent(paths.models_dir)).free
        report.add("Free disk", f"{format_bytes(free_disk)} (models folder)")
    except OSError as error:
        report.add("Free disk", f"unknown ({error.strerror or error})")
    memory = machine_memory()
    available = f", {format_bytes(memory.available_ram)} available" if memory.available_ram is not None else ""
    report.add("Memory", f"{format_bytes(memory.total_ram)} total{available}")
    report.add(
        "Display", "available" if display_available() else "none (the desktop app cannot open; `quill chat` works)"
    )
    report.add("Data folder", str(paths.data_dir))
    report.add("Log file", str(paths.log_file))
    return report


def _existing_parent(path: Path) -> Path:
    while not path.exists() and path.parent != path:
        path = path.parent
    return path
