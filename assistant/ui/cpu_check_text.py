"""The CPU check's result in the user's language: the Settings line and the one-time notice."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from assistant.core.engine.cpu_check import CheckResult, load_result, take_notice


def status_text(result: CheckResult | None) -> str:
    """One sentence for Settings → Model: how llama.cpp runs on this CPU."""
    if result is None:
        return QCoreApplication.translate(
            "CpuCheck", "Not run yet: Quill checks this llama.cpp build before it first loads a model."
        )
    if result.mode == "full":
        return QCoreApplication.translate("CpuCheck", "Passed: llama.cpp runs on this CPU with all its kernels.")
    if result.mode == "no_extra_buffers":
        return QCoreApplication.translate(
            "CpuCheck",
            "Safe mode: llama.cpp crashed on this CPU with its extra kernels (AMX), so models load without them "
            "and prompts on large models may be read slower. Rebuild llama-cpp-python as README.md says for full speed.",
        )
    return QCoreApplication.translate(
        "CpuCheck",
        "Failed: llama.cpp crashes on this CPU even in safe mode. Rebuild llama-cpp-python as README.md says, "
        "or use a model on a server.",
    )


def notice_text(result: CheckResult) -> str:
    """The fallback told once, in plain words: what happened, what it costs, how to rebuild."""
    detail = result.detail.removeprefix("llama.cpp died with ")  # the signal's name reads the same in every language
    if result.mode == "no_extra_buffers":
        return QCoreApplication.translate(
            "CpuCheck",
            "llama.cpp crashed on this CPU while reading a long prompt ({0}). Quill now runs it without its "
            "extra CPU kernels: everything works, but prompts on large models may be read slower. To get full speed, rebuild "
            "llama-cpp-python as README.md says under “If llama.cpp crashed on this CPU”.",
        ).format(detail)
    return QCoreApplication.translate(
        "CpuCheck",
        "llama.cpp crashes on this CPU even without its extra CPU kernels ({0}), so Quill cannot run models on "
        "this computer. Rebuild llama-cpp-python as README.md says, or use a model on a server (Settings → Server).",
    ).format(detail)


def show_notice_once(parent: QWidget) -> None:
    """If the CPU check chose a fallback and nobody was told yet, say so (without blocking the window)."""
    result = load_result()
    if result is None or take_notice() is None:
        return
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        QCoreApplication.translate("CpuCheck", "llama.cpp on this CPU"),
        notice_text(result),
        parent=parent,
    )
    box.setObjectName("cpuCheckNotice")
    box.open()
