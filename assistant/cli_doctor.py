"""`quill doctor`: can Quill answer on this machine? The report, then one real answer from the model."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from assistant.core.errors import UserFacingError


def add_doctor_parser(commands: Any, add_model_options: Any) -> None:
    doctor = commands.add_parser(
        "doctor",
        help="check that Quill can answer on this machine (for bug reports, too)",
        description=(
            "Print the llama.cpp build (version, CPU features compiled in and present, GPU offload), the CPU "
            "check's result, the model, the models folder, free disk and memory, and whether a display is "
            "available; then load the model and have it answer. Exit code 0 only when it answered."
        ),
    )
    doctor.add_argument("--model", metavar="PATH", help="a GGUF model file (default: settings, else the starter model)")
    add_model_options(doctor)


def run_doctor(args: argparse.Namespace) -> int:
    from assistant.core.engine.choice import choose_model
    from assistant.core.engine.system_report import collect
    from assistant.core.paths import quill_paths
    from assistant.core.settings import load_settings

    settings = load_settings(quill_paths().settings_file).settings
    try:
        choice = choose_model(
            settings, args.model, n_ctx=args.ctx or 512, n_threads=args.threads, n_gpu_layers=args.gpu_layers
        )
        model_path = choice.spec.path
    except UserFacingError:
        choice, model_path = None, None
    report = collect(model_path)
    if choice is not None and not report.problems:
        answer_test(choice, report)
    print(report.text(), flush=True)
    return 1 if report.problems else 0


def answer_test(choice: Any, report: Any) -> None:
    """Load the model here and generate a few tokens: the proof that Quill can answer."""
    from assistant.core.cancel import CancelToken
    from assistant.core.engine.choice import open_local_model
    from assistant.core.types import Finished, GenerationParams, GenerationRequest, Message

    started = time.perf_counter()
    try:
        backend, info = open_local_model(choice)
        try:
            request = GenerationRequest(
                messages=(Message("user", "Say OK."),), params=GenerationParams(temperature=0, max_tokens=8)
            )
            finished = [e for e in backend.stream(request, CancelToken()) if isinstance(e, Finished)]
        finally:
            backend.close()
    except UserFacingError as error:
        report.add("Answer", "failed")
        report.problems.append(error.message)
        return
    stats = finished[-1].stats if finished else None
    if stats is None or stats.generated_tokens + stats.prompt_tokens == 0:
        report.problems.append("The model loaded but produced nothing.")
        return
    mode = "" if info.extra_buffers else ", in the CPU check's safe mode"
    report.add("Answer", f"{info.name} answered in {time.perf_counter() - started:.1f} s (load included{mode})")


def print_cpu_notice() -> None:
    """Tell a terminal user, once per build and CPU, that the CPU check chose a fallback."""
    from assistant.core.engine.cpu_check import take_notice

    notice = take_notice()
    if notice:
        print(f"quill: {notice}", file=sys.stderr, flush=True)
