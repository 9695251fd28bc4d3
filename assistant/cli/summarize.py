"""``quill summarize FILE|-``: progress on stderr, the summary streamed to stdout (or JSON at the end)."""

from __future__ import annotations

import argparse
import json
import sys

from assistant.cli.base import ENGINE_OPTIONS, Command, load_settings_with_warnings, note, open_backend, warn
from assistant.cli.events import Hooks, run_task
from assistant.core.errors import BadInputError
from assistant.core.i18n import msg
from assistant.core.types import Notice, Planned


def _arguments(summary: argparse.ArgumentParser) -> None:
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
    summary.add_argument("--json", action="store_true", help="print the summary, warnings and figures as JSON")


class _SummaryHooks(Hooks):
    """The summary streams unless --json; warnings are held until it is complete."""

    def __init__(self, as_json: bool) -> None:
        self.as_json = as_json
        self.parts: list[str] = []
        self.notices: list[str] = []
        self.plan: dict[str, object] = {}

    def text(self, text: str) -> None:
        self.parts.append(text)
        if not self.as_json:
            sys.stdout.write(text)
            sys.stdout.flush()

    def planned(self, event: Planned) -> None:
        self.plan = dict(event.data)
        if self.plan["one_pass"]:
            note(msg("{tokens} tokens, summarizing in one pass", tokens=self.plan["tokens"]))
        else:
            note(
                msg(
                    "{tokens} tokens, summarizing in {chunks} parts",
                    tokens=self.plan["tokens"],
                    chunks=self.plan["chunks"],
                )
            )

    def notice(self, event: Notice) -> None:
        self.notices.append(event.text)

    def end(self) -> None:
        if self.as_json:
            summary = {"summary": "".join(self.parts).strip(), "warnings": self.notices, **self.plan}
            print(json.dumps(summary, ensure_ascii=False))
            return
        sys.stdout.write("\n")
        for notice in self.notices:
            warn(notice)


def run(args: argparse.Namespace) -> int:
    from assistant.core.documents.readers import DocumentError, from_text, load_document
    from assistant.core.paths import quill_paths
    from assistant.core.stores.summary_cache import DiskCache
    from assistant.core.tasks.summarize import SummaryOptions, summarize

    settings = load_settings_with_warnings()
    if args.source == "-":
        document = from_text(sys.stdin.buffer.read().decode("utf-8", errors="replace"))
        if not document.blocks:
            raise DocumentError(msg("There is nothing to summarize: standard input was empty."))
    else:
        document = load_document(args.source)
    for warning in document.warnings:
        warn(warning)
    if args.bullets < 1 or (args.words is not None and args.words < 1):
        raise BadInputError(msg("--bullets and --words must be at least 1."))
    options = SummaryOptions(style=args.style, bullets=args.bullets, words=args.words, language=args.language)
    backend, _info = open_backend(args, settings)
    cache = DiskCache(quill_paths().cache_dir / "summaries")
    return run_task(
        backend, lambda cancel: summarize(backend, document, options, cancel, cache), _SummaryHooks(args.json)
    )


COMMAND = Command(
    "summarize",
    help="summarize a document",
    description=(
        "Summarize FILE (.txt, .md, .html, .pdf, .docx) or standard input ('-'). Progress goes to "
        "standard error, the summary to standard output."
    ),
    arguments=_arguments,
    run=run,
    options=ENGINE_OPTIONS,
)
