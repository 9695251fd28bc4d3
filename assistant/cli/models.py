"""``quill models``: list, search, download, import, remove and verify models from a terminal.

Shares the model manager with the desktop app (assistant/core/models); downloads show a
progress line on standard error and resume where they stopped when run again.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from assistant.cli.base import Command, error, note, on_ctrl_c, parallel_count, said, say
from assistant.core.errors import BadInputError
from assistant.core.i18n import msg

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
        size = format_bytes(model.file_size)
        if model.quantization:
            say(
                msg(
                    "Imported {name} ({size}, {quantization}).",
                    name=model.name,
                    size=size,
                    quantization=model.quantization,
                )
            )
        else:
            say(msg("Imported {name} ({size}, unknown quantization).", name=model.name, size=size))
        return 0
    if command == "remove":
        say(library.remove(library.find(args.name)))
        return 0
    if command == "verify":
        return _verify(library, args.name)
    raise BadInputError(msg("unknown action {command!r}", command=command))


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
        note(msg("Measuring this computer's generation speed…"))
        try:
            probe = run_probe()
        except (RuntimeError, OSError) as failure:
            raise BadInputError(msg("The speed could not be measured: {value}.", value=failure)) from None
    rows = [_facts(model, n_ctx, parallel, settings, machine, probe) for model in library.scan()]
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        say(msg("No models are installed; `quill models search QUERY` finds some."))
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
            problem = said(row["problem"])  # a core message: English in --json, the user's language here
            source = _padded(said(row["source_label"]), 18)
            print(f"{_padded(_clip(row['name'], 40), 40)} {source} {size:>8}  ✗ {problem}  ({where.strip()})")
            continue
        shown = format_params(row["params"] or 0)
        name = row["name"] + (said(msg(" [embedding]")) if row["kind"] == "embedding" else "")
        fit = said(FIT_WORDS[row["fit"]])
        if row["slow"] and row["fit"] != "will not fit":
            fit = said(msg("{fit}, slow", fit=FIT_WORDS[row["fit"]]))
        speed = f"{row['tokens_per_second']:.1f}/s" if row["tokens_per_second"] is not None else "-"
        print(
            f"{_padded(_clip(name, 40), 40)} {_padded(said(row['source_label']), 18)} {size:>8} "
            f"{row['quantization'] or '?':<8} "
            f"{shown:>7} {row['context_length'] or '?':>7} {format_bytes(row['memory_bytes']):>14} "
            f"{row['memory_sequences']:>3} {format_bytes(row['kv_per_sequence_bytes']):>8}  {_padded(fit, 12)} "
            f"{speed:>8}  {where}"
        )
    if probe is None:
        say(
            msg(
                "SPEED (tokens a second) is not measured yet: `quill models list --measure` measures it in a few seconds."
            )
        )
    else:
        say(
            msg(
                "SPEED is the expected tokens a second (about 0.75 English words each), from a probe measured here "
                "on {date}; real speed is within {bound}x either way on an idle machine. "
                "'slow' marks a model that would write slower than you read.",
                date=probe.measured_on,
                bound=SPEED_BOUND,
            )
        )
    how = (
        msg("as many as memory allows, up to {most} (--parallel N sets a number)", most=AUTO_PARALLEL_MAX)
        if parallel == 0
        else msg("{count}, as set", count=parallel)
    )
    say(
        msg(
            "This machine has {ram} of RAM. MEMORY is for SEQ sequences decoded together, "
            "each reserving KV/SEQ of context memory; SEQ is {how}.",
            ram=format_bytes(machine.total_ram),
            how=how,
        )
    )
    return 0


def _search(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.core.models.hub import Hub, recommend
    from assistant.core.models.memory import format_bytes, judge_fit, machine_memory, parallel_estimate

    hub = Hub()
    if args.files:
        files = hub.files(args.query)
        if not files:
            say(msg("{repo} has no .gguf files.", repo=args.query))
            return 0
        machine = machine_memory()
        best = recommend(files, machine, settings.n_ctx)
        for item in files:
            fit = judge_fit(
                parallel_estimate(settings.parallel_sequences, item.estimate(settings.n_ctx), machine), machine
            )
            mark = said(msg("  ← suits this machine")) if best is not None and item == best else ""
            parts = said(msg(" ({count} parts)", count=len(item.parts))) if len(item.parts) > 1 else ""
            print(
                f"{item.filename:<60} {format_bytes(item.size):>9} {item.quantization:<8} {said(FIT_WORDS[fit.value])}{parts}{mark}"
            )
        return 0
    hits = hub.search(args.query, limit=args.limit)
    if not hits:
        say(msg("No GGUF models on the Hub match '{query}'.", query=args.query))
        return 0
    for hit in hits:
        counts = msg("{downloads:>10,} downloads {likes:>6,} likes", downloads=hit.downloads, likes=hit.likes)
        say(f"{hit.repo:<60} {said(counts)}")
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
            names = ", ".join(f.filename for f in files[:6]) or said(msg("none"))
            raise BadInputError(
                msg("{repo} has no model file {file!r} (it has: {names}).", repo=args.repo, file=args.file, names=names)
            )
        hub_file = chosen[0]
    else:
        suited = recommend(files, machine_memory(), settings.n_ctx)
        if suited is None:
            raise BadInputError(
                msg("No file of {repo} fits in this machine's memory; name one to download anyway.", repo=args.repo)
            )
        hub_file = suited
        note(
            msg(
                "Chose {file} ({size}), the quantization that suits this machine.",
                file=hub_file.filename,
                size=format_bytes(hub_file.size),
            )
        )
    downloader = Downloader.for_hub(library.models_dir, hub, library=library)
    control = DownloadControl()
    bar = _ProgressLine(hub_file.title)
    try:
        with on_ctrl_c(control.pause):  # pauses: the partial file is kept
            path = downloader.download(DownloadRequest.from_hub_file(hub_file), control, bar.update)
    except DownloadStopped:
        bar.finish()
        note(msg("Paused; run the same command again to resume."))
        return 130
    finally:
        downloader.close()
    bar.finish()
    model = library.find(path)
    machine = machine_memory()
    one = model.estimate_for(settings)
    estimate = parallel_estimate(settings.parallel_sequences, one, machine) if one else None
    fit = judge_fit(estimate, machine) if estimate else Fit.FITS
    say(msg("Downloaded and verified {name}: {path}", name=model.name, path=path))
    if estimate is not None and fit is not Fit.FITS:
        note(
            msg(
                "Note: it needs about {needs}; on this machine: {fit}.",
                needs=estimate.describe(),
                fit=FIT_WORDS[fit.value],
            )
        )
    return 0


def _verify(library: Library, name: str) -> int:
    from assistant.core.models.download import DownloadProgress

    model = library.find(name)
    bar = _ProgressLine(said(msg("verifying {name}", name=model.name)))
    result = library.verify(
        model, lambda done, total: bar.update(DownloadProgress("", "verifying", done, total, 0, None))
    )
    bar.finish()
    if result.ok:
        if result.expected:
            say(
                msg(
                    "{name} is intact: the file is a valid GGUF and matches the recorded SHA-256 ({sha256}).",
                    name=model.name,
                    sha256=result.sha256,
                )
            )
        else:
            say(
                msg(
                    "{name} is intact: the file is a valid GGUF and no SHA-256 was recorded for it ({sha256}).",
                    name=model.name,
                    sha256=result.sha256,
                )
            )
        return 0
    error(result.problem)
    return 1


FIT_WORDS = {  # the FIT column, by Fit's value (core/models/memory.py, imported only when a command runs)
    "fits": msg("fits"),
    "tight": msg("tight"),
    "will not fit": msg("will not fit"),
}
STATE_WORDS = {  # a download's state, in its progress line
    "checking": msg("checking"),
    "retrying": msg("retrying"),
    "verifying": msg("verifying"),
}


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
        eta = ""
        if progress.eta is not None:
            minutes, seconds = int(progress.eta // 60), int(progress.eta % 60)
            eta = said(msg("{minutes}:{seconds:02d} left", minutes=minutes, seconds=seconds))
        state = ""
        if progress.state not in ("downloading", "done"):
            state = said(STATE_WORDS.get(progress.state, progress.state))
            state = f" [{state}: {said(progress.message)}]" if progress.message else f" [{state}]"
        done = said(msg("{done} of {total}", done=format_bytes(progress.done), total=format_bytes(progress.total)))
        text = f"{self.title}: {percent:5.1f}% {done} {speed} {eta}{state}"
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


def _padded(text: str, width: int) -> str:
    """``text`` left-aligned in ``width`` terminal columns: a Chinese character takes two."""
    import unicodedata

    columns = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - columns)


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
