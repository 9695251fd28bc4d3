"""``quill write ACTION FILE|-``: the Write pane's tools in a terminal.

The result goes to standard output (only the text asked for); notes and
progress to standard error. With ``--n N`` each version is printed under a
``--- version i of N ---`` line, or all of them as JSON with ``--json``.
Like chat, summarize and translate, it runs on the local model or, with
``--backend remote`` / ``--base-url``, on an OpenAI-compatible server.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.cli.base import (
    ENGINE_OPTIONS,
    Command,
    load_settings_with_warnings,
    open_backend,
    said,
    sampling_options,
    sampling_overrides,
    warn,
)
from assistant.cli.events import Hooks, run_task
from assistant.core.errors import BadInputError
from assistant.core.i18n import msg
from assistant.core.tasks.write import ACTIONS, DRAFT_KINDS, TONES
from assistant.core.types import Notice, VersionStarted


def _arguments(write: argparse.ArgumentParser) -> None:
    write.add_argument("action", choices=ACTIONS, metavar="ACTION", help="one of: " + ", ".join(ACTIONS))
    write.add_argument("source", metavar="FILE", help="the text, or '-' for standard input")
    write.add_argument("--tone", choices=TONES, default="formal", help="for 'tone' (default: formal)")
    write.add_argument("--kind", choices=DRAFT_KINDS, default="email", help="for 'draft' (default: email)")
    write.add_argument("--instruction", metavar="TEXT", default="", help="for 'custom' (required) and 'draft'")
    write.add_argument("--n", type=int, default=1, metavar="N", help="how many versions (alternatives), 1-10")
    write.add_argument(
        "--language", default="same", metavar="LANG", help="write in this language (default: the text's own)"
    )
    write.add_argument("--json", action="store_true", help="print the versions and notes as JSON")


def _read_source(source: str) -> tuple[str, bool | None]:
    from assistant.core.documents.readers import decode_text
    from assistant.core.stores.drafts import open_text

    if source == "-":
        return decode_text(sys.stdin.buffer.read(), said(msg("standard input"))), None
    text, markdown = open_text(Path(source))
    return text, markdown if Path(source).suffix.lower() != ".txt" else False


class _WriteHooks(Hooks):
    """Versions stream under a header each (when there are several), or are printed as JSON at the end."""

    def __init__(self, action: str, n: int, as_json: bool) -> None:
        self.action, self.n, self.stream = action, n, not as_json
        self.versions: list[str] = []
        self.notes: list[str] = []

    def progress(self, event: object) -> None:
        """Versions are announced by version_started; progress lines would repeat them."""

    def version_started(self, event: VersionStarted) -> None:
        self.versions.append("")
        if self.stream and self.n > 1:
            if event.index:
                sys.stdout.write("\n")
            sys.stdout.write(
                said(msg("--- version {number} of {total} ---", number=event.index + 1, total=event.total)) + "\n"
            )

    def text(self, text: str) -> None:
        self.versions[-1] += text
        if self.stream:
            sys.stdout.write(text)
            sys.stdout.flush()

    def notice(self, event: Notice) -> None:
        self.notes.append(event.text)
        if self.stream:
            print(file=sys.stderr)
            warn(event.text)

    def end(self) -> None:
        if self.stream:
            sys.stdout.write("\n")
            return
        result = {"action": self.action, "versions": self.versions, "warnings": self.notes}
        print(json.dumps(result, ensure_ascii=False))


def run(args: argparse.Namespace) -> int:
    """Run one writing tool; 0 on success, 130 when stopped with Ctrl+C."""
    from assistant.core.tasks.write import WriteOptions, write

    if not 1 <= args.n <= 10:
        raise BadInputError(msg("--n must be between 1 and 10."))
    if args.max_tokens is not None and args.max_tokens < 1:
        raise BadInputError(msg("--max-tokens must be at least 1."))
    if args.action == "custom" and not args.instruction.strip():
        raise BadInputError(msg("The custom action needs --instruction TEXT."))
    text, markdown = _read_source(args.source)
    if not text.strip() and not (args.action == "draft" and args.instruction.strip()):
        raise BadInputError(msg("There is no text to work on: the input is empty."))
    options = WriteOptions(
        action=args.action,
        tone=args.tone,
        kind=args.kind,
        instruction=args.instruction,
        language=args.language,
        markdown=markdown,
        **{k: v for k, v in sampling_overrides(args).items() if v is not None},
    )
    backend, _info = open_backend(args, load_settings_with_warnings())
    return run_task(
        backend,
        lambda cancel: write(backend, text, options, cancel, args.n),
        _WriteHooks(args.action, args.n, args.json),
    )


COMMAND = Command(
    "write",
    help="proofread, rewrite, shorten, continue, draft...",
    description=(
        "Run a writing tool on FILE (.txt, .md, .docx) or standard input ('-'). The result goes to standard "
        "output; notes to standard error. 'continue' writes what comes after the text; 'draft' treats the "
        "text as an outline or instruction."
    ),
    arguments=_arguments,
    run=run,
    options=(sampling_options("max_tokens", "temperature", "seed"), *ENGINE_OPTIONS),
)
