"""``quill models``: list, search, download, import, remove and verify models from a terminal.

Shares the model manager with the desktop app (assistant/core/models); downloads show a
progress line on standard error and resume where they stopped when run again.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from assistant.cli.base import Command, on_ctrl_c, parallel_count
from assistant.core.errors import BadInputError

if TYPE_CHECKING:  # the model manager pulls in gguf and numpy: loaded when a models command runs
    from assistant.core.models.download import DownloadProgress
    from assistant.core.models.library import InstalledModel, Library
    from assistant.core.models.memory import MachineMemory
    from assistant.core.models.speed import SpeedProbe
    from assistant.core.settings import Settings


def _arguments(models: argparse.ArgumentParser) -> None:
    actions = models.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="installed models: file, origin, memory each needs, fit")
    listing.add_argument("--ctx", type=int, metavar="N", help="context length for the memory estimate")
    listing.add_argument(
        "--parallel",
        type=parallel_count,
        metavar="N",
        help="sequences decoded together for the estimate (0: as many as memory allows; default: settings)",
    )
    listing.add_argument("--json", action="store_true", help="print the models as a JSON array")
    listing.add_argument(
        "--measure",
        action="store_true",
        help="measure this computer's generation speed now (a few seconds) for the SPEED column",
    )
    search = actions.add_parser("search", help="search the Hub for GGUF models; with --files, list a repository")
    search.add_argument("query", metavar="QUERY", help="words to search for, or owner/name with --files")
    search.add_argument(
        "--files", action="store_true", help="list QUERY's .gguf files and the one that suits this machine"
    )
    search.add_argument("--limit", type=int, default=20, metavar="N")
    download = actions.add_parser("download", help="download (or resume) a model from the Hub")
    download.add_argument("repo", metavar="REPO", help="owner/name on the Hub")
    download.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        help="the .gguf file (or first part); default: the quantization that suits this machine",
    )
    imp = actions.add_parser("import", help="add a .gguf file from disk")
    imp.add_argument("path", metavar="PATH")
    imp.add_argument("--copy", action="store_true", help="copy it into the models folder instead of using it in place")
    remove = actions.add_parser("remove", help="delete a downloaded model (or forget an imported one)")
    remove.add_argument("name", metavar="NAME")
    verify = actions.add_parser("verify", help="check a model's file and SHA-256 again")
    verify.add_argument("name", metavar="NAME")


def run(args: argparse.Namespace) -> int:
    from assistant.core.models.library import open_library
    from assistant.core.models.memory import format_bytes
    from assistant.core.paths import quill_paths
    from assistant.core.settings import load_settings

    paths = quill_paths()
    settings = load_settings(paths.settings_file).settings
    library = open_library(settings.models_dir, paths.models_dir, settings.discover_models)
    command = args.models_command
    if command == "list":
        parallel = settings.parallel_sequences if args.parallel is None else args.parallel
        return _list(library, args.ctx or settings.n_ctx, parallel, settings, as_json=args.json, measure=args.measure)
    if command == "search":
        return _search(args, settings)
    if command == "download":
        return _download(args, library, settings)
    if command == "import":
        model = library.import_model(args.path, copy=args.copy)
        print(
            f"Imported {model.name} ({format_bytes(model.file_size)}, {model.quantization or 'unknown quantization'})."
        )
        return 0
    if command == "remove":
        print(library.remove(library.find(args.name)))
        return 0
    if command == "verify":
        return _verify(library, args.name)
    raise BadInputError(f"unknown action {command!r}")


def _facts(
    model: InstalledModel,
    n_ctx: int,
    parallel: int,
    settings: Settings,
    machine: MachineMemory,
    probe: SpeedProbe | None = None,
) -> dict[str, Any]:
    """What ``models list`` says about one model, as plain data (the table and --json both print this).

    The memory is for the sequences ``parallel`` (the setting: 0 automatic, or a number) resolves to.
    """
    from assistant.core.models.library import SOURCE_LABELS
    from assistant.core.models.memory import judge_fit, parallel_estimate
    from assistant.core.models.speed import expert_share, is_slow

    speed = None
    if probe is not None and model.usable and not model.is_embedding and model.summary is not None:
        speed = round(probe.tokens_per_second(int(model.file_size * expert_share(model.summary.hparams))), 1)
    one = model.estimate_for(settings, n_ctx) if model.usable else None  # its cache type, at this context
    estimate = parallel_estimate(parallel, one, machine) if one is not None else None
    return {
        "name": model.name,
        "path": str(model.path),
        "parts": [str(part) for part in model.parts],
        "source": model.source,
        "source_label": SOURCE_LABELS.get(model.source, model.source),
        "repo": model.repo,
        "size_bytes": model.file_size,
        "quantization": model.quantization or None,
        "architecture": model.architecture or None,
        "params": model.n_params or None,
        "context_length": model.context_length or None,
        "chat_template": model.has_chat_template,
        "kind": "embedding" if model.is_embedding else "chat",
        "usable": model.usable,
        "problem": model.problem,
        "memory_bytes": estimate.total if estimate else None,
        "memory_context": n_ctx,
        "memory_sequences": estimate.n_seq if estimate else None,
        "kv_per_sequence_bytes": estimate.kv_per_seq if estimate else None,
        "fit": judge_fit(estimate, machine).value if estimate else None,
        "tokens_per_second": speed,  # expected generation speed here (core/models/speed.py); None: not measured
        "slow": is_slow(speed) if speed is not None else None,
        "sha256": model.sha256,
    }


def _list(
    library: Library,
    n_ctx: int,
    parallel: int,
    settings: Settings,
    *,
    as_json: bool = False,
    measure: bool = False,
) -> int:
    from assistant.core.models.memory import format_bytes, format_params, machine_memory
    from assistant.core.models.speed import SPEED_BOUND, load_probe, run_probe
    from assistant.core.settings import AUTO_PARALLEL_MAX

    machine = machine_memory()
    probe = load_probe()
    if measure:
        print("Measuring this computer's generation speed…", file=sys.stderr)
        try:
            probe = run_probe()
        except (RuntimeError, OSError) as error:
            raise BadInputError(f"The speed could not be measured: {error}.") from None
    rows = [_facts(model, n_ctx, parallel, settings, machine, probe) for model in library.scan()]
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("No models are installed; `quill models search QUERY` finds some.")
        return 0
    origin = max(len("REPO"), *(len(row["repo"] or "-") for row in rows))
    print(
        f"{'NAME':<40} {'SOURCE':<18} {'SIZE':>8} {'QUANT':<8} {'PARAMS':>7} {'CTX':>7} "
        f"{'MEMORY @' + str(n_ctx):>14} {'SEQ':>3} {'KV/SEQ':>8}  {'FIT':<12} {'SPEED':>8}  {'REPO':<{origin}}  FILE"
    )
    for row in rows:
        size = format_bytes(row["size_bytes"])
        where = f"{row['repo'] or '-':<{origin}}  {row['path']}"
        if not row["usable"]:
            print(
                f"{_clip(row['name'], 40):<40} {row['source_label']:<18} {size:>8}  ✗ {row['problem']}  ({where.strip()})"
            )
            continue
        shown = format_params(row["params"] or 0)
        name = row["name"] + (" [embedding]" if row["kind"] == "embedding" else "")
        fit = row["fit"] + (", slow" if row["slow"] and row["fit"] != "will not fit" else "")
        speed = f"{row['tokens_per_second']:.1f}/s" if row["tokens_per_second"] is not None else "-"
        print(
            f"{_clip(name, 40):<40} {row['source_label']:<18} {size:>8} {row['quantization'] or '?':<8} "
            f"{shown:>7} {row['context_length'] or '?':>7} {format_bytes(row['memory_bytes']):>14} "
            f"{row['memory_sequences']:>3} {format_bytes(row['kv_per_sequence_bytes']):>8}  {fit:<12} {speed:>8}  {where}"
        )
    if probe is None:
        print(
            "SPEED (tokens a second) is not measured yet: `quill models list --measure` measures it in a few seconds."
        )
    else:
        print(
            f"SPEED is the expected tokens a second (about 0.75 English words each), from a probe measured here on "
            f"{probe.measured_on}; real speed is within {SPEED_BOUND}x either way on an idle machine. "
            "'slow' marks a model that would write slower than you read."
        )
    how = (
        f"as many as memory allows, up to {AUTO_PARALLEL_MAX} (--parallel N sets a number)"
        if parallel == 0
        else f"{parallel}, as set"
    )
    print(
        f"This machine has {format_bytes(machine.total_ram)} of RAM. MEMORY is for SEQ sequences decoded together, "
        f"each reserving KV/SEQ of context memory; SEQ is {how}."
    )
    return 0


def _search(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.core.models.hub import Hub, recommend
    from assistant.core.models.memory import format_bytes, judge_fit, machine_memory, parallel_estimate

    hub = Hub()
    if args.files:
        files = hub.files(args.query)
        if not files:
            print(f"{args.query} has no .gguf files.")
            return 0
        machine = machine_memory()
        best = recommend(files, machine, settings.n_ctx)
        for item in files:
            fit = judge_fit(
                parallel_estimate(settings.parallel_sequences, item.estimate(settings.n_ctx), machine), machine
            )
            mark = "  ← suits this machine" if best is not None and item == best else ""
            parts = f" ({len(item.parts)} parts)" if len(item.parts) > 1 else ""
            print(f"{item.filename:<60} {format_bytes(item.size):>9} {item.quantization:<8} {fit.value}{parts}{mark}")
        return 0
    hits = hub.search(args.query, limit=args.limit)
    if not hits:
        print(f"No GGUF models on the Hub match '{args.query}'.")
        return 0
    for hit in hits:
        print(f"{hit.repo:<60} {hit.downloads:>10,} downloads {hit.likes:>6,} likes")
    return 0


def _download(args: argparse.Namespace, library: Library, settings: Settings) -> int:
    from assistant.core.models.download import DownloadControl, Downloader, DownloadRequest, DownloadStopped
    from assistant.core.models.hub import Hub, recommend
    from assistant.core.models.memory import Fit, format_bytes, judge_fit, machine_memory, parallel_estimate

    hub = Hub()
    files = hub.files(args.repo)
    if args.file:
        chosen = [f for f in files if args.file in f.parts or f.filename.rsplit("/", 1)[-1] == args.file]
        if not chosen:
            names = ", ".join(f.filename for f in files[:6]) or "none"
            raise BadInputError(f"{args.repo} has no model file {args.file!r} (it has: {names}).")
        hub_file = chosen[0]
    else:
        suited = recommend(files, machine_memory(), settings.n_ctx)
        if suited is None:
            raise BadInputError(f"No file of {args.repo} fits in this machine's memory; name one to download anyway.")
        hub_file = suited
        print(
            f"Chose {hub_file.filename} ({format_bytes(hub_file.size)}), the quantization that suits this machine.",
            file=sys.stderr,
        )
    downloader = Downloader.for_hub(library.models_dir, hub, library=library)
    control = DownloadControl()
    bar = _ProgressLine(hub_file.title)
    try:
        with on_ctrl_c(control.pause):  # pauses: the partial file is kept
            path = downloader.download(DownloadRequest.from_hub_file(hub_file), control, bar.update)
    except DownloadStopped:
        bar.finish()
        print("Paused; run the same command again to resume.", file=sys.stderr)
        return 130
    finally:
        downloader.close()
    bar.finish()
    model = library.find(path)
    machine = machine_memory()
    one = model.estimate_for(settings)
    estimate = parallel_estimate(settings.parallel_sequences, one, machine) if one else None
    fit = judge_fit(estimate, machine) if estimate else Fit.FITS
    print(f"Downloaded and verified {model.name}: {path}")
    if estimate is not None and fit is not Fit.FITS:
        print(f"Note: it needs about {estimate.describe()}; on this machine it {fit.value}.", file=sys.stderr)
    return 0


def _verify(library: Library, name: str) -> int:
    from assistant.core.models.download import DownloadProgress

    model = library.find(name)
    bar = _ProgressLine(f"verifying {model.name}")
    result = library.verify(
        model, lambda done, total: bar.update(DownloadProgress("", "verifying", done, total, 0, None))
    )
    bar.finish()
    if result.ok:
        how = "matches the recorded SHA-256" if result.expected else "no SHA-256 was recorded for it"
        print(f"{model.name} is intact: the file is a valid GGUF and {how} ({result.sha256}).")
        return 0
    print(f"quill: error: {result.problem}", file=sys.stderr)
    return 1


class _ProgressLine:
    """One line on standard error, rewritten in place at a terminal (every 10 % otherwise)."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.tty = sys.stderr.isatty()
        self._last_decile = -1
        self._shown = False

    def update(self, progress: DownloadProgress) -> None:
        from assistant.core.models.memory import format_bytes

        percent = progress.fraction * 100
        speed = f"{format_bytes(progress.speed)}/s" if progress.speed else ""
        eta = f"{int(progress.eta // 60)}:{int(progress.eta % 60):02d} left" if progress.eta is not None else ""
        state = (
            ""
            if progress.state in ("downloading", "done")
            else f" [{progress.state}{': ' + progress.message if progress.message else ''}]"
        )
        text = (
            f"{self.title}: {percent:5.1f}% {format_bytes(progress.done)} of {format_bytes(progress.total)} "
            f"{speed} {eta}{state}"
        )
        if self.tty:
            width = 30
            filled = int(width * progress.fraction)
            sys.stderr.write("\r" + "█" * filled + "░" * (width - filled) + " " + text[:100].ljust(100))
            sys.stderr.flush()
            self._shown = True
        elif int(percent // 10) != self._last_decile or progress.state not in ("downloading",):
            self._last_decile = int(percent // 10)
            print(text, file=sys.stderr, flush=True)

    def finish(self) -> None:
        if self.tty and self._shown:
            sys.stderr.write("\n")
            sys.stderr.flush()


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


COMMAND = Command(
    "models",
    help="list, find, download and manage models",
    description=(
        "Manage GGUF models: the ones installed (Quill's models folder, imports, and files other apps "
        "downloaded), the Hugging Face Hub, downloads that resume, and verification."
    ),
    arguments=_arguments,
    run=run,
)
