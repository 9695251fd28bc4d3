"""``quill ask QUESTION``: an answer from the Library on stdout, then its numbered sources."""

from __future__ import annotations

import argparse
import sys

from assistant.cli.base import (
    ENGINE_OPTIONS,
    Command,
    cli_language,
    load_settings_with_warnings,
    open_backend,
    sampling_options,
    sampling_overrides,
    say,
)
from assistant.cli.events import Hooks, run_task
from assistant.cli.library import embedder_path, embedding_options, no_collection
from assistant.core.errors import BadInputError
from assistant.core.i18n import msg
from assistant.core.types import Planned


def _arguments(ask: argparse.ArgumentParser) -> None:
    ask.add_argument("question", metavar="QUESTION", help="the question, or '-' for standard input")
    ask.add_argument("--collection", action="append", metavar="NAME", help="ask only this collection (repeatable)")
    embedding_options(ask)


class _AskHooks(Hooks):
    """The answer streams; the sources it may cite are printed after it, numbered as in the prompt."""

    def __init__(self) -> None:
        self.sources: list[str] = []
        self.nothing = ""

    def text(self, text: str) -> None:
        sys.stdout.write(text)
        sys.stdout.flush()

    def planned(self, event: Planned) -> None:
        from assistant.core.tasks.ask import NothingFound, SourcesFound

        if isinstance(event, SourcesFound):
            self.sources = [f"[{n}] {p.title} — {p.location} ({p.path})" for n, p in enumerate(event.passages, start=1)]
        elif isinstance(event, NothingFound):
            self.nothing = event.text(cli_language())

    def end(self) -> None:
        if self.nothing:
            say(self.nothing)
            return
        sys.stdout.write("\n")
        if self.sources:
            say()
            say(msg("Sources:"))
            for line in self.sources:
                say(line)


def run(args: argparse.Namespace) -> int:
    from assistant.core.engine.choice import generation_params
    from assistant.core.library.store import LibraryStore
    from assistant.core.paths import quill_paths
    from assistant.core.tasks.ask import ask_task

    question = sys.stdin.read() if args.question == "-" else args.question
    if not question.strip():
        raise BadInputError(msg("There is no question to ask."))
    settings = load_settings_with_warnings()
    params = generation_params(settings, **sampling_overrides(args))
    model = embedder_path(args, settings)
    db = quill_paths().library_db
    store = LibraryStore(db)
    try:
        if not store.collections():
            raise BadInputError(msg("The Library is empty; `quill library add FOLDER` adds documents to ask about."))
        for name in args.collection or []:
            if store.collection(name) is None:
                raise BadInputError(no_collection(name))
    finally:
        store.close()
    task = ask_task(
        question, [], store_path=db, collections=args.collection, documents=None, embedder_path=model, params=params
    )
    hooks = _AskHooks()
    backend, _info = open_backend(args, settings)
    code = run_task(backend, lambda cancel: task(backend, cancel), hooks)
    return 1 if code == 0 and hooks.nothing else code


COMMAND = Command(
    "ask",
    help="answer a question from the Library, with numbered sources",
    description=(
        "Answer QUESTION from the documents in the Library (`quill library add`). The answer goes to standard "
        "output, then the numbered sources it cites. When nothing relevant is found Quill says so, generates "
        "nothing and exits with code 1."
    ),
    arguments=_arguments,
    run=run,
    options=(*ENGINE_OPTIONS, sampling_options("temperature", "max_tokens", "seed")),
)
