"""`quill doctor`: can Quill answer on this machine? The report, then one real answer from the model."""

from __future__ import annotations

import argparse
import time
from typing import TYPE_CHECKING

from assistant.cli.base import Command, load_settings_with_warnings, model_options
from assistant.core.errors import UserFacingError
from assistant.core.i18n import msg

if TYPE_CHECKING:
    from assistant.core.engine.choice import ModelChoice
    from assistant.core.engine.system_report import SystemReport


def _arguments(parser: argparse.ArgumentParser) -> None:
    """Only the shared model options."""


def run(args: argparse.Namespace) -> int:
    from assistant.core.engine.choice import choose_model
    from assistant.core.engine.system_report import collect

    settings = load_settings_with_warnings()
    choice: ModelChoice | None
    try:
        choice = choose_model(
            settings, args.model, n_ctx=args.ctx or 512, n_threads=args.threads, n_gpu_layers=args.gpu_layers
        )
    except UserFacingError:
        choice = None
    report = collect(choice.spec.path if choice else None)
    if choice is not None and not report.problems:
        answer_test(choice, report)
    print(report.text(), flush=True)
    return 1 if report.problems else 0


def answer_test(choice: ModelChoice, report: SystemReport) -> None:
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
        report.problems.append(msg("The model loaded but produced nothing."))
        return
    mode = "" if info.extra_buffers else ", in the CPU check's safe mode"
    report.add("Answer", f"{info.name} answered in {time.perf_counter() - started:.1f} s (load included{mode})")


COMMAND = Command(
    "doctor",
    help="check that Quill can answer on this machine (for bug reports, too)",
    description=(
        "Print the llama.cpp build (version, CPU features compiled in and present, GPU offload), the CPU "
        "check's result, the model, the models folder, free disk and memory, and whether a display is "
        "available; then load the model and have it answer. Exit code 0 only when it answered."
    ),
    arguments=_arguments,
    run=run,
    options=(model_options,),
)
