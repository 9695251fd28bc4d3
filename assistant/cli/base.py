"""What every subcommand shares: the Command record, the option sets, settings, messages and Ctrl+C.

Every sentence the CLI shows a person is a ``msg()`` (assistant/core/i18n.py), said by
:func:`say`, :func:`note`, :func:`warn` or :func:`error` in the user's language: ``--lang``,
else the interface language in Settings, else the locale (``LANG=zh_CN.UTF-8`` is Chinese,
``LANG=C`` English). JSON output and the API stay English. ``--help`` texts are English:
argparse words its own parts ("usage:", "options") in English, so a translated help would be
half of each.

An option set (``model_options``, ``remote_options``, ``sampling_options``) is an argparse
parent parser: a command lists the sets it takes, and the options, their help and the code
that reads them (:func:`open_backend`, :func:`sampling_overrides`) exist once.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from assistant.core.errors import BadInputError
from assistant.core.i18n import msg, translate
from assistant.core.sampling import KNOBS, Knob
from assistant.core.settings import BACKENDS, FLASH_ATTENTION, KV_CACHE_TYPES, MAX_PARALLEL_SEQUENCES, Settings

if TYPE_CHECKING:
    from assistant.core.backends.base import Backend
    from assistant.core.types import ModelInfo


class UsageParser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line with exit code 2, like every other error."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise BadInputError(msg("{problem} (see `{command} --help`)", problem=message, command=self.prog))


OptionSet = Callable[[], UsageParser]  # makes a parent parser (add_help=False)


@dataclass(frozen=True)
class Command:
    """One ``quill NAME`` subcommand: its help, its own arguments, the shared option sets it takes
    and the function that runs it (returning the exit code)."""

    name: str
    help: str
    description: str
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
    options: tuple[OptionSet, ...] = ()


def _parent() -> UsageParser:
    return UsageParser(add_help=False)


def parallel_count(text: str) -> int:
    """``--parallel``'s value: 0 (automatic) to MAX_PARALLEL_SEQUENCES."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(said(msg("not a whole number: {text!r}", text=text))) from None
    if not 0 <= value <= MAX_PARALLEL_SEQUENCES:
        problem = msg("{value} is not between 0 (automatic) and {most}", value=value, most=MAX_PARALLEL_SEQUENCES)
        raise argparse.ArgumentTypeError(said(problem))
    return value


def model_options() -> UsageParser:
    """--model, --ctx, --threads, --gpu-layers, --parallel: which local model, loaded how."""
    parent = _parent()
    engine = parent.add_argument_group("model")
    engine.add_argument("--model", metavar="PATH", help="a GGUF model file (default: settings, else the starter model)")
    engine.add_argument("--ctx", type=int, metavar="N", help="context length in tokens")
    engine.add_argument("--threads", type=int, metavar="N", help="CPU threads")
    engine.add_argument("--gpu-layers", type=int, metavar="N", help="layers to offload to a GPU (-1: all)")
    engine.add_argument(
        "--parallel",
        type=parallel_count,
        metavar="N",
        help=f"sequences decoded together, 1-{MAX_PARALLEL_SEQUENCES}, each reserving its own context memory "
        "(0: as many as memory allows, up to 4; default: settings)",
    )
    engine.add_argument(
        "--kv-cache",
        choices=KV_CACHE_TYPES,
        help="the KV cache's type: f16 (default), q8_0 or q4_0 (less memory, slower on a CPU; "
        "turns flash attention on)",
    )
    engine.add_argument(
        "--flash-attn",
        choices=FLASH_ATTENTION,
        help="flash attention (auto: off on a CPU-only load; default: settings)",
    )
    return parent


def model_overrides(args: argparse.Namespace) -> dict[str, Any]:
    """The ModelSpec fields that ``model_options`` set on the command line (None where left out),
    for :func:`assistant.core.engine.choice.choose_model`."""
    return {
        "n_ctx": args.ctx,
        "n_threads": args.threads,
        "n_gpu_layers": args.gpu_layers,
        "n_seq": getattr(args, "parallel", None),
        "kv_cache_type": getattr(args, "kv_cache", None),
        "flash_attn": getattr(args, "flash_attn", None),
    }


def remote_options() -> UsageParser:
    """--backend, --base-url, --remote-model: use an OpenAI-compatible server instead of a local model."""
    parent = _parent()
    remote = parent.add_argument_group("remote server (OpenAI-compatible)")
    remote.add_argument("--backend", choices=BACKENDS, help="run the model here (local) or use a server")
    remote.add_argument(
        "--base-url",
        metavar="URL",
        help="the server, e.g. http://gpu-box:8080/v1 (implies --backend remote); "
        "its API key comes from the keyring or $QUILL_API_KEY",
    )
    remote.add_argument("--remote-model", metavar="NAME", help="the model name on the server (default: its first)")
    return parent


ENGINE_OPTIONS: tuple[OptionSet, ...] = (model_options, remote_options)
"""The options of every command that runs a task: a local model or a remote server."""


def _flagged(names: tuple[str, ...]) -> list[Knob[Any]]:
    return [k for k in KNOBS if k.flag and (not names or k.name in names)]


def sampling_options(*names: str) -> OptionSet:
    """The CLI flags of the sampling knobs in core/sampling.py (all that have one, or only ``names``)."""

    def make() -> UsageParser:
        parent = _parent()
        group = parent.add_argument_group("sampling")
        for knob in _flagged(names):
            assert knob.flag is not None
            group.add_argument(
                knob.flag,
                dest=knob.name,
                type=knob.kind,
                action="append" if knob.many else "store",
                metavar=knob.metavar,
                help=knob.help,
            )
        return parent

    return make


def sampling_overrides(args: argparse.Namespace) -> dict[str, Any]:
    """The knobs given on the command line (None where a flag was left out)."""
    return {k.name: getattr(args, k.name) for k in KNOBS if k.flag and hasattr(args, k.name)}


def open_backend(args: argparse.Namespace, settings: Settings) -> tuple[Backend, ModelInfo]:
    """The local model or the remote server that the options and settings ask for, on an engine of its own.

    The engine's thread owns the model and decodes the command's requests together (a translation's
    blocks, Write's alternatives); the command's task runs on this thread. Closing the backend closes it.
    """
    from assistant.core.engine.choice import choose_engine, open_model
    from assistant.core.engine.engine import Engine
    from assistant.core.engine.jobs import Priority

    base_url = getattr(args, "base_url", None)
    choice = choose_engine(
        settings,
        args.model,
        backend=getattr(args, "backend", None) or ("remote" if base_url else None),
        base_url=base_url,
        remote_model=getattr(args, "remote_model", None),
        **model_overrides(args),
    )
    engine = Engine(lambda _progress: open_model(choice))
    info = engine.start()
    assert info is not None
    print_cpu_notice()
    return engine.backend_for(Priority.INTERACTIVE, "cli"), info


def print_cpu_notice() -> None:
    """Tell a terminal user, once per build and CPU, that the CPU check chose a fallback."""
    from assistant.core.engine.cpu_check import take_notice

    notice = take_notice()
    if notice:
        note(msg("quill: {message}", message=notice))


_language: str | None = None  # the CLI's language, found at the first message (see cli_language)


def set_language(override: str | None) -> None:
    """Speak ``override`` (--lang: "en" or "zh_CN"); None or another value: Settings', else the locale's."""
    from assistant.core.i18n import SUPPORTED

    global _language
    _language = override if override in SUPPORTED else None


def cli_language() -> str:
    """The language the CLI speaks: as set by --lang, else Settings' interface language, else the locale's.

    The settings file is read here only once, and only when a message is about to be shown.
    """
    global _language
    if _language is None:
        from assistant.core.i18n import choose_language
        from assistant.core.paths import quill_paths
        from assistant.core.settings import load_settings

        _language = choose_language(load_settings(quill_paths().settings_file).settings.ui_language)
    return _language


def said(text: object) -> str:
    """``text`` (a ``msg()``, or a core error's message) in the CLI's language."""
    return translate(text, cli_language())


def say(text: object = "", *, end: str = "\n") -> None:
    """A result line on standard output, in the user's language."""
    print(said(text), end=end, flush=True)


def note(text: object, *, end: str = "\n") -> None:
    """A progress or status line on standard error, in the user's language."""
    print(said(text), end=end, file=sys.stderr, flush=True)


def load_settings_with_warnings() -> Settings:
    """The user's settings; a damaged file is a warning on stderr, never a failure."""
    from assistant.core.paths import quill_paths
    from assistant.core.settings import load_settings

    result = load_settings(quill_paths().settings_file)
    for warning in result.warnings:
        warn(warning)
    return result.settings


def warn(message: object) -> None:
    """One warning line on standard error; the task goes on."""
    note(msg("quill: warning: {message}", message=message))


def error(message: object) -> None:
    """The one line a failure prints on standard error."""
    note(msg("quill: error: {message}", message=message))


@contextmanager
def on_ctrl_c(action: Callable[[], None]) -> Iterator[None]:
    """While the block runs, Ctrl+C calls ``action`` (stop a reply, pause a download) instead of killing Quill."""
    try:
        previous = signal.signal(signal.SIGINT, lambda _signum, _frame: action())
    except ValueError:  # not the main thread: Ctrl+C keeps its usual meaning
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
