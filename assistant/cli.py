"""The ``quill`` command: the desktop app by default, and headless subcommands on the same engine.

Errors are one line on stderr (``quill: error: ...``); the exit code is 2 for
bad input or usage and 1 for other failures. Tracebacks go to the log file.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import metadata
from typing import TextIO

from assistant import __version__
from assistant.cli_models import add_models_parser, run_models
from assistant.cli_write import add_write_parser, run_write
from assistant.core.backends.base import Backend
from assistant.core.cancel import CancelToken
from assistant.core.errors import BadInputError, UserFacingError
from assistant.core.logs import setup_logging
from assistant.core.paths import quill_paths
from assistant.core.settings import BackendKind, Settings, load_settings
from assistant.core.types import Finished, GenerationParams, Message, ModelInfo, TextDelta, Trimmed

log = logging.getLogger("quill.cli")


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line with exit code 2, like every other error."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise BadInputError(f"{message} (see `{self.prog} --help`)")


def _version_text() -> str:
    try:
        engine = metadata.version("llama_cpp_python")
    except metadata.PackageNotFoundError:
        engine = "not installed"
    return f"quill {__version__} (llama-cpp-python {engine})"


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="quill", description="Quill: an offline chat and writing assistant on local GGUF models.")
    parser.add_argument("--version", action="version", version=_version_text())
    gui = parser.add_argument_group("desktop app (quill with no command)")
    gui.add_argument("--lang", metavar="CODE", help="interface language: en or zh_CN (default: the system's)")
    gui.add_argument("--theme", choices=("system", "light", "dark"), help="colour theme")
    gui.add_argument("--model", metavar="PATH", help="the GGUF model to load")
    gui.add_argument("--self-test", action="store_true", help="open, answer one message, exit 0 if it worked")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    chat = commands.add_parser(
        "chat",
        help="chat with a model in the terminal",
        description=(
            "Send PROMPT and stream the reply. PROMPT '-' reads standard input; "
            "with no PROMPT at a terminal, start an interactive chat."
        ),
    )
    chat.add_argument("prompt", nargs="?", metavar="PROMPT", help="the message, or '-' for standard input")
    chat.add_argument("--model", metavar="PATH", help="a GGUF model file (default: settings, else the starter model)")
    chat.add_argument("--system", metavar="TEXT", help="a system prompt")
    group = chat.add_argument_group("sampling")
    group.add_argument("--temperature", type=float, metavar="T", help="0 for deterministic replies")
    group.add_argument("--top-p", type=float, metavar="P")
    group.add_argument("--top-k", type=int, metavar="K")
    group.add_argument("--min-p", type=float, metavar="P")
    group.add_argument("--repeat-penalty", type=float, metavar="R")
    group.add_argument("--max-tokens", type=int, metavar="N", help="the longest reply, in tokens")
    group.add_argument("--seed", type=int, metavar="N", help="repeatable sampling")
    group.add_argument("--stop", action="append", metavar="TEXT", help="stop the reply at TEXT (repeatable)")
    _add_model_options(chat)
    _add_remote_options(chat)

    summary = commands.add_parser(
        "summarize",
        help="summarize a document",
        description=(
            "Summarize FILE (.txt, .md, .html, .pdf, .docx) or standard input ('-'). Progress goes to "
            "standard error, the summary to standard output."
        ),
    )
    summary.add_argument("source", metavar="FILE", help="the document, or '-' for standard input")
    summary.add_argument("--style", choices=("tldr", "bullets", "paragraph", "key-points"), default="bullets")
    summary.add_argument("--bullets", type=int, default=5, metavar="N", help="bullet points (with --style bullets)")
    summary.add_argument("--words", type=int, metavar="N", help="target length in words (characters for Chinese)")
    summary.add_argument(
        "--language",
        default="same",
        metavar="LANG",
        help="output language code, e.g. en or zh (default: the document's)",
    )
    summary.add_argument(
        "--model", metavar="PATH", help="a GGUF model file (default: settings, else the starter model)"
    )
    summary.add_argument("--json", action="store_true", help="print the summary, warnings and figures as JSON")
    _add_model_options(summary)
    _add_remote_options(summary)

    tr = commands.add_parser(
        "translate",
        help="translate a document, keeping its structure",
        description=(
            "Translate FILE (.txt, .md, .html, .docx) or standard input ('-') into --to. Markdown, HTML and Word "
            "keep their structure; code, URLs and formulas are never translated. The translation goes to "
            "standard output, or to -o OUT (required for .docx)."
        ),
    )
    tr.add_argument("source", metavar="FILE", help="the document, or '-' for standard input")
    tr.add_argument("--to", required=True, metavar="LANG", help="target language, e.g. en, zh, ja, fr")
    tr.add_argument(
        "--from", dest="source_language", default="auto", metavar="LANG", help="source language (default: detected)"
    )
    tr.add_argument("--glossary", metavar="FILE", help="'term = translation' lines; a term alone is kept as is")
    tr.add_argument("-o", "--output", metavar="OUT", help="write the translation here (same format as FILE)")
    tr.add_argument("--model", metavar="PATH", help="a GGUF model file (default: settings, else the starter model)")
    _add_model_options(tr)
    _add_remote_options(tr)

    serve = commands.add_parser(
        "serve",
        help="serve the model to other programs (OpenAI-compatible API)",
        description=(
            "Load the model and answer OpenAI-compatible requests (/v1/chat/completions, /v1/completions, "
            "/v1/models) until Ctrl+C. Listens on 127.0.0.1 unless --host says otherwise."
        ),
    )
    serve.add_argument("--host", metavar="HOST", help="address to listen on (default: settings, 127.0.0.1)")
    serve.add_argument("--port", type=int, metavar="N", help="port (default: settings, 8080; 0 picks a free one)")
    serve.add_argument("--model", metavar="PATH", help="a GGUF model file (default: settings, else the starter model)")
    serve.add_argument(
        "--api-key",
        metavar="KEY",
        help="require this key from clients (default: $QUILL_SERVE_API_KEY; none on loopback)",
    )
    _add_model_options(serve)
    add_models_parser(commands)
    add_write_parser(commands, _add_model_options)
    return parser


def _add_remote_options(command: argparse.ArgumentParser) -> None:
    remote = command.add_argument_group("remote server (OpenAI-compatible)")
    remote.add_argument("--backend", choices=("local", "remote"), help="run the model here (local) or use a server")
    remote.add_argument(
        "--base-url",
        metavar="URL",
        help="the server, e.g. http://gpu-box:8080/v1 (implies --backend remote); "
        "its API key comes from the keyring or $QUILL_API_KEY",
    )
    remote.add_argument("--remote-model", metavar="NAME", help="the model name on the server (default: its first)")


def _open_backend(args: argparse.Namespace, settings: Settings) -> tuple[Backend, ModelInfo]:
    """The local model or the remote server that the options and settings ask for, opened on this thread."""
    from assistant.core.engine.choice import choose_engine, open_model

    backend: BackendKind | None = args.backend or ("remote" if args.base_url else None)
    choice = choose_engine(
        settings,
        args.model,
        backend=backend,
        base_url=args.base_url,
        remote_model=args.remote_model,
        n_ctx=args.ctx,
        n_threads=args.threads,
        n_gpu_layers=args.gpu_layers,
    )
    return open_model(choice)


def _add_model_options(command: argparse.ArgumentParser) -> None:
    engine = command.add_argument_group("model")
    engine.add_argument("--ctx", type=int, metavar="N", help="context length in tokens")
    engine.add_argument("--threads", type=int, metavar="N", help="CPU threads")
    engine.add_argument("--gpu-layers", type=int, metavar="N", help="layers to offload to a GPU (-1: all)")


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    paths = quill_paths()
    log_file = setup_logging(paths.log_file)
    try:
        parser = build_parser()
        args = parser.parse_args(args_list)
        if args.command is None:
            from assistant.ui.app import main as gui_main

            return gui_main(args_list)
        if args.command == "chat":
            return _run_chat(args)
        if args.command == "summarize":
            return _run_summarize(args)
        if args.command == "translate":
            return _run_translate(args)
        if args.command == "serve":
            return _run_serve(args)
        if args.command == "models":
            return run_models(args)
        if args.command == "write":
            return run_write(args, _load_settings_with_warnings, _sigint_cancels)
        raise BadInputError(f"unknown command {args.command!r}")
    except UserFacingError as exc:
        _error(exc.message)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: one line here, the traceback in the log
        log.exception("unexpected failure")
        where = f"; details are in {log_file}" if log_file else ""
        _error(f"unexpected failure ({exc.__class__.__name__}: {exc}){where}")
        return 1


def _error(message: str) -> None:
    print(f"quill: error: {message}", file=sys.stderr, flush=True)


def _run_chat(args: argparse.Namespace) -> int:
    from assistant.core.engine.choice import generation_params

    settings = _load_settings_with_warnings()
    params = generation_params(
        settings,
        temperature=args.temperature,
        top_p=args.top_p,
        top_k=args.top_k,
        min_p=args.min_p,
        repeat_penalty=args.repeat_penalty,
        max_tokens=args.max_tokens,
        seed=args.seed,
        stop=args.stop,
    )
    system = args.system if args.system is not None else settings.system_prompt
    interactive = args.prompt is None and sys.stdin.isatty()
    prompt = None if interactive else _read_prompt(args.prompt)

    backend, info = _open_backend(args, settings)
    try:
        history: list[Message] = [Message("system", system)] if system else []
        if not interactive:
            assert prompt is not None
            history.append(Message("user", prompt))
            reason = _reply(backend, history, params, sys.stdout, notes=False)
            return 130 if reason == "cancelled" else 0
        print(f"Quill chat with {info.name} ({info.backend}, {info.n_ctx} tokens of context).", file=sys.stderr)
        print("Type /exit or press Ctrl+D to quit, /reset to start over. Ctrl+C stops a reply.", file=sys.stderr)
        return _interactive(backend, history, params)
    finally:
        backend.close()


def _load_settings_with_warnings() -> Settings:
    result = load_settings(quill_paths().settings_file)
    for warning in result.warnings:
        print(f"quill: warning: {warning}", file=sys.stderr)
    return result.settings


def _run_summarize(args: argparse.Namespace) -> int:
    import json

    from assistant.core.documents.readers import DocumentError, from_text, load_document
    from assistant.core.tasks.summarize import DiskCache, SummaryOptions, summarize
    from assistant.core.types import Notice, Planned, Progress

    settings = _load_settings_with_warnings()
    if args.source == "-":
        text = sys.stdin.buffer.read().decode("utf-8", errors="replace")
        document = from_text(text)
        if not document.blocks:
            raise DocumentError("There is nothing to summarize: standard input was empty.")
    else:
        document = load_document(args.source)
    for warning in document.warnings:
        print(f"quill: warning: {warning}", file=sys.stderr)
    if args.bullets < 1 or (args.words is not None and args.words < 1):
        raise BadInputError("--bullets and --words must be at least 1.")
    options = SummaryOptions(style=args.style, bullets=args.bullets, words=args.words, language=args.language)
    backend, _info = _open_backend(args, settings)
    cancel = CancelToken()
    parts: list[str] = []
    notices: list[str] = []
    plan: dict[str, object] = {}
    reason = "stop"
    try:
        with _sigint_cancels(cancel):
            for event in summarize(
                backend, document, options, cancel, DiskCache(quill_paths().cache_dir / "summaries")
            ):
                if isinstance(event, TextDelta):
                    parts.append(event.text)
                    if not args.json:
                        sys.stdout.write(event.text)
                        sys.stdout.flush()
                elif isinstance(event, Planned):
                    plan = dict(event.data)
                    how = "in one pass" if plan["one_pass"] else f"in {plan['chunks']} parts"
                    print(f"{plan['tokens']} tokens, summarizing {how}", file=sys.stderr)
                elif isinstance(event, Progress):
                    print(f"[{event.done}/{event.total}] {event.label}", file=sys.stderr)
                elif isinstance(event, Notice):
                    notices.append(event.text)
                elif isinstance(event, Finished):
                    reason = event.reason
    finally:
        backend.close()
    if reason == "cancelled":
        print("(stopped)", file=sys.stderr)
        return 130
    if args.json:
        print(json.dumps({"summary": "".join(parts).strip(), "warnings": notices, **plan}, ensure_ascii=False))
    else:
        sys.stdout.write("\n")
        for notice in notices:
            print(f"quill: warning: {notice}", file=sys.stderr)
    return 0


def _run_translate(args: argparse.Namespace) -> int:
    from pathlib import Path

    from assistant.core.documents.readers import DocumentError, decode_text
    from assistant.core.files import save_text
    from assistant.core.tasks.translate import Glossary, TranslateOptions, translate, translate_docx, translate_html
    from assistant.core.types import Notice, Planned, Progress

    settings = _load_settings_with_warnings()
    glossary = Glossary()
    if args.glossary:
        try:
            glossary = Glossary.parse(Path(args.glossary).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise BadInputError(f"Cannot read the glossary {args.glossary}: {exc}.") from None
    source = None if args.source == "-" else Path(args.source)
    suffix = source.suffix.lower() if source else ".md"  # Markdown reads plain text just as well
    if suffix not in (".txt", ".md", ".markdown", ".html", ".htm", ".docx"):
        raise BadInputError(f"Quill translates .txt, .md, .html and .docx files, not {suffix or 'this file'}.")
    output = Path(args.output) if args.output else None
    if suffix == ".docx" and output is None:
        raise BadInputError("A .docx translation needs -o OUT.docx.")
    text = ""
    if suffix != ".docx":
        try:
            data = sys.stdin.buffer.read() if source is None else source.read_bytes()
        except OSError as exc:
            raise DocumentError(f"Cannot read {source}: {exc.strerror or exc}.") from None
        text = decode_text(data, source.name if source else "standard input")
    elif source is not None and not source.is_file():
        raise DocumentError(f"{source} does not exist.")
    options = TranslateOptions(
        target=args.to, source=args.source_language, glossary=glossary, plain_text=suffix == ".txt"
    )
    backend, _info = _open_backend(args, settings)
    cancel = CancelToken()
    parts: list[str] = []
    reason = "stop"
    try:
        with _sigint_cancels(cancel):
            if suffix == ".docx":
                assert source is not None and output is not None
                events = translate_docx(backend, source, output, options, cancel)
            elif suffix in (".html", ".htm"):
                events = translate_html(backend, text, options, cancel)
            else:
                events = translate(backend, text, options, cancel)
            for event in events:
                if isinstance(event, TextDelta):
                    parts.append(event.text)
                    if output is None:
                        sys.stdout.write(event.text)
                        sys.stdout.flush()
                elif isinstance(event, Planned):
                    print(
                        f"{event.data['source']} -> {event.data['target']}, {event.data['units']} parts",
                        file=sys.stderr,
                    )
                elif isinstance(event, Progress):
                    print(f"[{event.done}/{event.total}] {event.label}", file=sys.stderr)
                elif isinstance(event, Notice):
                    print(f"quill: warning: {event.text}", file=sys.stderr)
                elif isinstance(event, Finished):
                    reason = event.reason
    finally:
        backend.close()
    if reason == "cancelled":
        print("(stopped)", file=sys.stderr)
        return 130
    if output is not None and suffix != ".docx":
        save_text(output, "".join(parts))
    elif output is None and parts and not parts[-1].endswith("\n"):
        sys.stdout.write("\n")
    return 0


def _run_serve(args: argparse.Namespace) -> int:
    import os

    from assistant.core.engine.choice import choose_model, generation_params, open_local_model
    from assistant.core.engine.queue import EngineQueue
    from assistant.server.api import create_api
    from assistant.server.runner import ApiServer, require_key_off_loopback

    settings = _load_settings_with_warnings()
    host = args.host or settings.serve_host
    port = args.port if args.port is not None else settings.serve_port
    api_key = args.api_key or os.environ.get("QUILL_SERVE_API_KEY") or None
    require_key_off_loopback(host, api_key)
    choice = choose_model(settings, args.model, n_ctx=args.ctx, n_threads=args.threads, n_gpu_layers=args.gpu_layers)
    engine = EngineQueue(lambda: open_local_model(choice))
    server = ApiServer(
        create_api(engine, generation_params(settings), api_key), host, port
    )  # binds: a taken port fails now
    try:
        info = engine.start()
        print(
            f"Serving {info.name} at {server.url} (OpenAI-compatible). Press Ctrl+C to stop.",
            file=sys.stderr,
            flush=True,
        )
        server.serve_forever()
    finally:
        server.stop()
        engine.close()
    return 0


def _read_prompt(given: str | None) -> str:
    if given is None or given == "-":
        data = sys.stdin.buffer.read()
        text = data.decode("utf-8", errors="replace")
    else:
        text = given
    text = text.strip()
    if not text:
        raise BadInputError("The prompt is empty: give a message, or '-' and text on standard input.")
    return text


def _interactive(backend: Backend, history: list[Message], params: GenerationParams) -> int:
    base = list(history)
    while True:
        try:
            line = input("> ")
        except EOFError:
            print(file=sys.stderr)
            return 0
        except KeyboardInterrupt:
            print(file=sys.stderr)
            return 0
        text = line.strip()
        if not text:
            continue
        if text in ("/exit", "/quit"):
            return 0
        if text == "/reset":
            history[:] = list(base)
            print("(conversation cleared)", file=sys.stderr)
            continue
        history.append(Message("user", text))
        try:
            reply: list[str] = []
            _reply(backend, history, params, sys.stdout, notes=True, collect=reply)
        except UserFacingError as exc:
            history.pop()
            _error(exc.message)
            continue
        history.append(Message("assistant", "".join(reply)))


@contextmanager
def _sigint_cancels(cancel: CancelToken) -> Iterator[None]:
    """While a reply streams, Ctrl+C stops the reply (within one token) instead of killing Quill."""
    try:
        previous = signal.signal(signal.SIGINT, lambda _signum, _frame: cancel.cancel())
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _reply(
    backend: Backend,
    history: list[Message],
    params: GenerationParams,
    out: TextIO,
    *,
    notes: bool,
    collect: list[str] | None = None,
) -> str:
    from assistant.core.tasks.chat import chat

    cancel = CancelToken()
    reason = "stop"
    with _sigint_cancels(cancel):
        for event in chat(backend, history, params, cancel):
            if isinstance(event, TextDelta):
                out.write(event.text)
                out.flush()
                if collect is not None:
                    collect.append(event.text)
            elif isinstance(event, Trimmed) and notes:
                print(f"(the oldest {event.turns} messages were left out to fit the context)", file=sys.stderr)
            elif isinstance(event, Finished):
                reason = event.reason
                log.info("reply finished: %s %s", event.reason, event.stats)
    out.write("\n")
    out.flush()
    if reason == "length":
        print(f"(the reply was cut at {params.max_tokens} tokens; raise --max-tokens for more)", file=sys.stderr)
    elif reason == "context":
        print("(the reply was cut: the context window is full)", file=sys.stderr)
    elif reason == "cancelled":
        print("(stopped)", file=sys.stderr)
    return reason
