"""``quill translate FILE|- --to LANG [-o OUT]``: the structure kept, the translation to stdout or OUT."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

from assistant.cli.base import ENGINE_OPTIONS, Command, load_settings_with_warnings, note, open_backend, said
from assistant.cli.events import Hooks, run_task
from assistant.core.cancel import CancelToken
from assistant.core.errors import BadInputError
from assistant.core.i18n import msg
from assistant.core.types import Event, Planned, TranslationPlanned

FORMATS = (".txt", ".md", ".markdown", ".html", ".htm", ".docx")


def _arguments(tr: argparse.ArgumentParser) -> None:
    tr.add_argument("source", metavar="FILE", help="the document, or '-' for standard input")
    tr.add_argument("--to", required=True, metavar="LANG", help="target language, e.g. en, zh, ja, fr")
    tr.add_argument(
        "--from", dest="source_language", default="auto", metavar="LANG", help="source language (default: detected)"
    )
    tr.add_argument("--glossary", metavar="FILE", help="'term = translation' lines; a term alone is kept as is")
    tr.add_argument("-o", "--output", metavar="OUT", help="write the translation here (same format as FILE)")


class _TranslationHooks(Hooks):
    """The translation streams to stdout, or is saved to OUT at the end (a .docx is written by the task)."""

    def __init__(self, output: Path | None, save: bool) -> None:
        self.output, self.save = output, save
        self.parts: list[str] = []

    def text(self, text: str) -> None:
        self.parts.append(text)
        if self.output is None:
            sys.stdout.write(text)
            sys.stdout.flush()

    def planned(self, event: Planned) -> None:
        if isinstance(event, TranslationPlanned):
            note(
                msg("{source} -> {target}, {units} parts", source=event.source, target=event.target, units=event.units)
            )

    def end(self) -> None:
        from assistant.core.files import save_text

        if self.output is not None and self.save:
            save_text(self.output, "".join(self.parts))
        elif self.output is None and self.parts and not self.parts[-1].endswith("\n"):
            sys.stdout.write("\n")


def run(args: argparse.Namespace) -> int:
    from assistant.core.documents.readers import DocumentError, decode_text
    from assistant.core.tasks.translate import Glossary, TranslateOptions, translate, translate_docx, translate_html

    settings = load_settings_with_warnings()
    glossary = Glossary()
    if args.glossary:
        try:
            glossary = Glossary.parse(Path(args.glossary).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise BadInputError(
                msg("Cannot read the glossary {path}: {value}.", path=args.glossary, value=exc)
            ) from None
    source = None if args.source == "-" else Path(args.source)
    suffix = source.suffix.lower() if source else ".md"  # Markdown reads plain text just as well
    if suffix not in FORMATS:
        if suffix:
            raise BadInputError(msg("Quill translates .txt, .md, .html and .docx files, not {found}.", found=suffix))
        raise BadInputError(msg("Quill translates .txt, .md, .html and .docx files, not this file."))
    output = Path(args.output) if args.output else None
    if suffix == ".docx" and output is None:
        raise BadInputError(msg("A .docx translation needs -o OUT.docx."))
    text = ""
    if suffix != ".docx":
        try:
            data = sys.stdin.buffer.read() if source is None else source.read_bytes()
        except OSError as exc:
            raise DocumentError(msg("Cannot read {path}: {value}.", path=source, value=exc.strerror or exc)) from None
        text = decode_text(data, source.name if source else said(msg("standard input")))
    elif source is not None and not source.is_file():
        raise DocumentError(msg("{path} does not exist.", path=source))
    options = TranslateOptions(
        target=args.to, source=args.source_language, glossary=glossary, plain_text=suffix == ".txt"
    )
    backend, _info = open_backend(args, settings)

    def task(cancel: CancelToken) -> Iterable[Event]:
        if suffix == ".docx":
            assert source is not None and output is not None
            return translate_docx(backend, source, output, options, cancel)
        if suffix in (".html", ".htm"):
            return translate_html(backend, text, options, cancel)
        return translate(backend, text, options, cancel)

    return run_task(backend, task, _TranslationHooks(output, save=suffix != ".docx"))


COMMAND = Command(
    "translate",
    help="translate a document, keeping its structure",
    description=(
        "Translate FILE (.txt, .md, .html, .docx) or standard input ('-') into --to. Markdown, HTML and Word "
        "keep their structure; code, URLs and formulas are never translated. The translation goes to "
        "standard output, or to -o OUT (required for .docx)."
    ),
    arguments=_arguments,
    run=run,
    options=ENGINE_OPTIONS,
)
