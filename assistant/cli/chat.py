"""``quill chat [PROMPT|-]``: one reply streamed to stdout, or an interactive chat at a terminal."""

from __future__ import annotations

import argparse
import logging
import sys
from typing import TYPE_CHECKING, TextIO

from assistant.cli.base import (
    ENGINE_OPTIONS,
    Command,
    error,
    load_settings_with_warnings,
    note,
    open_backend,
    sampling_options,
    sampling_overrides,
)
from assistant.cli.events import STOPPED, Hooks, drain
from assistant.core.cancel import CancelToken
from assistant.core.errors import BadInputError, UserFacingError
from assistant.core.i18n import msg
from assistant.core.types import Finished, FinishReason, GenerationParams, Message, Trimmed

if TYPE_CHECKING:
    from assistant.core.backends.base import Backend

log = logging.getLogger("quill.cli")


def _arguments(chat: argparse.ArgumentParser) -> None:
    chat.add_argument("prompt", nargs="?", metavar="PROMPT", help="the message, or '-' for standard input")
    chat.add_argument("--system", metavar="TEXT", help="a system prompt")


def run(args: argparse.Namespace) -> int:
    from assistant.core.engine.choice import generation_params
    from assistant.core.models.model_settings import for_model

    settings = load_settings_with_warnings()
    generation_params(settings, **sampling_overrides(args))  # bad flags fail here, before the model loads
    interactive = args.prompt is None and sys.stdin.isatty()
    prompt = None if interactive else _read_prompt(args.prompt)

    backend, info = open_backend(args, settings)
    try:
        # The loaded model's own sampling and system prompt (core/models/model_settings.py), then the flags.
        params = generation_params(settings, info.path, **sampling_overrides(args))
        system = args.system if args.system is not None else for_model(settings, info.path).system_prompt
        history: list[Message] = [Message("system", system)] if system else []
        if prompt is not None:
            history.append(Message("user", prompt))
            reason = _reply(backend, history, params, sys.stdout, notes=False)
            return 130 if reason == "cancelled" else 0
        note(
            msg(
                "Quill chat with {name} ({backend}, {n_ctx} tokens of context).",
                name=info.name,
                backend=info.backend,
                n_ctx=info.n_ctx,
            )
        )
        note(msg("Type /exit or press Ctrl+D to quit, /reset to start over. Ctrl+C stops a reply."))
        return _interactive(backend, history, params)
    finally:
        backend.close()


def _read_prompt(given: str | None) -> str:
    if given is None or given == "-":
        text = sys.stdin.buffer.read().decode("utf-8", errors="replace")
    else:
        text = given
    text = text.strip()
    if not text:
        raise BadInputError(msg("The prompt is empty: give a message, or '-' and text on standard input."))
    return text


def _interactive(backend: Backend, history: list[Message], params: GenerationParams) -> int:
    base = list(history)
    while True:
        try:
            line = input("> ")
        except (EOFError, KeyboardInterrupt):
            print(file=sys.stderr)
            return 0
        text = line.strip()
        if not text:
            continue
        if text in ("/exit", "/quit"):
            return 0
        if text == "/reset":
            history[:] = list(base)
            note(msg("(conversation cleared)"))
            continue
        history.append(Message("user", text))
        try:
            reply: list[str] = []
            _reply(backend, history, params, sys.stdout, notes=True, collect=reply)
        except UserFacingError as exc:
            history.pop()
            error(exc.message)
            continue
        history.append(Message("assistant", "".join(reply)))


class _ReplyHooks(Hooks):
    """The reply streams to ``out``; in an interactive chat, a note when old turns were left out."""

    def __init__(self, out: TextIO, notes: bool, collect: list[str] | None) -> None:
        self.out, self.notes, self.collect = out, notes, collect

    def text(self, text: str) -> None:
        self.out.write(text)
        self.out.flush()
        if self.collect is not None:
            self.collect.append(text)

    def trimmed(self, event: Trimmed) -> None:
        if self.notes:
            note(msg("(the oldest {turns} messages were left out to fit the context)", turns=event.turns))

    def finished(self, event: Finished) -> None:
        log.info("reply finished: %s %s", event.reason, event.stats)


def _reply(
    backend: Backend,
    history: list[Message],
    params: GenerationParams,
    out: TextIO,
    *,
    notes: bool,
    collect: list[str] | None = None,
) -> FinishReason:
    from assistant.core.tasks.chat import chat

    cancel = CancelToken()
    reason = drain(chat(backend, history, params, cancel), _ReplyHooks(out, notes, collect), cancel)
    out.write("\n")
    out.flush()
    if reason == "length":
        note(msg("(the reply was cut at {tokens} tokens; raise --max-tokens for more)", tokens=params.max_tokens))
    elif reason == "context":
        note(msg("(the reply was cut: the context window is full)"))
    elif reason == "cancelled":
        note(STOPPED)
    return reason


COMMAND = Command(
    "chat",
    help="chat with a model in the terminal",
    description=(
        "Send PROMPT and stream the reply. PROMPT '-' reads standard input; "
        "with no PROMPT at a terminal, start an interactive chat."
    ),
    arguments=_arguments,
    run=run,
    options=(sampling_options(), *ENGINE_OPTIONS),
)
