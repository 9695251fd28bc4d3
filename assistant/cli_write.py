"""``quill write ACTION FILE|-``: the Write pane's tools in a terminal.

The result goes to standard output (only the text asked for); notes and
progress to standard error. With ``--n N`` each version is printed under a
``--- version i of N ---`` line, or all of them as JSON with ``--json``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from assistant.core.errors import BadInputError
from assistant.core.tasks.write import ACTIONS, DRAFT_KINDS, TONES


def add_write_parser(
    commands: argparse._SubParsersAction, add_model_options: Callable[[argparse.ArgumentParser], None]
) -> None:
    """Add the ``write`` command to the CLI's subcommands."""
    write = commands.add_parser(
        "write",
        help="proofread, rewrite, shorten, continue, draft...",
        description=(
            "Run a writing tool on FILE (.txt, .md, .docx) or standard input ('-'). The result goes to standard "
            "output; notes to standard error. 'continue' writes what comes after the text; 'draft' treats the "
            "text as an outline or instruction."
        ),
    )
    write.add_argument("action", choices=ACTIONS, metavar="ACTION", help="one of: " + ", ".join(ACTIONS))
    write.add_argument("source", metavar="FILE", help="the text, or '-' for standard input")
    write.add_argument("--tone", choices=TONES, default="formal", help="for 'tone' (default: formal)")
    write.add_argument("--kind", choices=DRAFT_KINDS, default="email", help="for 'draft' (default: email)")
    write.add_argument("--instruction", metavar="TEXT", default="", help="for 'custom' (required) and 'draft'")
    write.add_argument("--n", type=int, default=1, metavar="N", help="how many versions (alternatives), 1-10")
    write.add_argument(
        "--language", default="same", metavar="LANG", help="write in this language (default: the text's own)"
    )
    write.add_argument("--max-tokens", type=int, metavar="N", help="the longest answer, in tokens")
    write.add_argument("--temperature", type=float, metavar="T")
    write.add_argument("--seed", type=int, metavar="N")
    write.add_argument("--json", action="store_true", help="print the versions and notes as JSON")
    write.add_argument("--model", metavar="PATH", help="a GGUF model file (default: settings, else the starter model)")
    add_model_options(write)


def _read_source(source: str) -> tuple[str, bool | None]:
    from assistant.core.documents.readers import decode_text
    from assistant.core.stores.drafts import open_text

    if source == "-":
        return decode_text(sys.stdin.buffer.read(), "standard input"), None
    text, markdown = open_text(Path(source))
    return text, markdown if Path(source).suffix.lower() != ".txt" else False


def run_write(
    args: argparse.Namespace, settings_loader: Callable[[], object], sigint_cancels: Callable[..., object]
) -> int:
    """Run one writing tool; 0 on success, 130 when stopped with Ctrl+C."""
    import json

    from assistant.core.cancel import CancelToken
    from assistant.core.engine.choice import choose_model, open_local_model
    from assistant.core.tasks.write import WriteOptions, write
    from assistant.core.types import Finished, Notice, Progress, TextDelta

    if not 1 <= args.n <= 10:
        raise BadInputError("--n must be between 1 and 10.")
    if args.max_tokens is not None and args.max_tokens < 1:
        raise BadInputError("--max-tokens must be at least 1.")
    if args.action == "custom" and not args.instruction.strip():
        raise BadInputError("The custom action needs --instruction TEXT.")
    text, markdown = _read_source(args.source)
    if not text.strip() and not (args.action == "draft" and args.instruction.strip()):
        raise BadInputError("There is no text to work on: the input is empty.")
    options = WriteOptions(
        action=args.action,
        tone=args.tone,
        kind=args.kind,
        instruction=args.instruction,
        language=args.language,
        markdown=markdown,
        max_tokens=args.max_tokens,
        **{k: v for k, v in (("temperature", args.temperature), ("seed", args.seed)) if v is not None},
    )
    settings = settings_loader()
    choice = choose_model(
        settings,
        args.model,
        n_ctx=args.ctx,
        n_threads=args.threads,  # type: ignore[arg-type]
        n_gpu_layers=args.gpu_layers,
    )
    backend, _info = open_local_model(choice)
    from assistant.cli_doctor import print_cpu_notice

    print_cpu_notice()
    cancel = CancelToken()
    versions: list[str] = []
    notes: list[str] = []
    reason = "stop"
    stream = not args.json
    try:
        with sigint_cancels(cancel):  # type: ignore[attr-defined]
            for event in write(backend, text, options, cancel, args.n):
                if isinstance(event, Progress) and event.done < event.total:
                    versions.append("")
                    if stream and args.n > 1:
                        if event.done:
                            sys.stdout.write("\n")
                        sys.stdout.write(f"--- version {event.done + 1} of {event.total} ---\n")
                elif isinstance(event, TextDelta):
                    piece = event.text
                    versions[-1] += piece
                    if stream:
                        sys.stdout.write(piece)
                        sys.stdout.flush()
                elif isinstance(event, Notice):
                    notes.append(event.text)
                    if stream:
                        print(f"\nquill: warning: {event.text}", file=sys.stderr)
                elif isinstance(event, Finished):
                    reason = event.reason
    finally:
        backend.close()
    if reason == "cancelled":
        print("(stopped)", file=sys.stderr)
        return 130
    if args.json:
        print(json.dumps({"action": args.action, "versions": versions, "warnings": notes}, ensure_ascii=False))
    else:
        sys.stdout.write("\n")
    return 0
