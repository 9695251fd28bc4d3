"""``quill serve``: the model behind an OpenAI-compatible API on this machine, until Ctrl+C."""

from __future__ import annotations

import argparse
import os
import textwrap
from pathlib import Path

from assistant.cli.base import Command, load_settings_with_warnings, model_options, model_overrides, note
from assistant.core.i18n import msg

HELP_WIDTH = 78


def _arguments(serve: argparse.ArgumentParser) -> None:
    from assistant.server.fields import help_text  # the one table of request fields (plain Python, no server)

    serve.epilog = help_text(HELP_WIDTH)
    serve.formatter_class = argparse.RawDescriptionHelpFormatter  # the epilog's lines as they are...
    serve.description = textwrap.fill(serve.description or "", HELP_WIDTH)  # ...so the description is wrapped here
    serve.add_argument("--host", metavar="HOST", help="address to listen on (default: settings, 127.0.0.1)")
    serve.add_argument("--port", type=int, metavar="N", help="port (default: settings, 8080; 0 picks a free one)")
    serve.add_argument(
        "--api-key",
        metavar="KEY",
        help="require this key from clients (default: $QUILL_SERVE_API_KEY; none on loopback)",
    )
    serve.add_argument(
        "--embedding-model",
        metavar="PATH",
        help="GGUF embedding model for /v1/embeddings (default: Settings → Library's; none: that route is a 400)",
    )


def run(args: argparse.Namespace) -> int:
    from assistant.core.engine.choice import choose_model, generation_params, open_local_model
    from assistant.core.engine.engine import Engine
    from assistant.server.api import create_api
    from assistant.server.runner import ApiServer, require_key_off_loopback

    settings = load_settings_with_warnings()
    host = args.host or settings.serve_host
    port = args.port if args.port is not None else settings.serve_port
    api_key = args.api_key or os.environ.get("QUILL_SERVE_API_KEY") or None
    require_key_off_loopback(host, api_key)
    embedding_model = _embedding_model(args.embedding_model, settings.library_embedding_model)
    choice = choose_model(settings, args.model, **model_overrides(args))
    engine = Engine(lambda _progress: open_local_model(choice))
    api = create_api(engine, generation_params(settings, choice.spec.path), api_key, embedding_model=embedding_model)
    server = ApiServer(api, host, port)  # a taken port fails now
    try:
        info = engine.start()
        assert info is not None
        note(msg("Serving {name} at {url} (OpenAI-compatible). Press Ctrl+C to stop.", name=info.name, url=server.url))
        if embedding_model is not None:
            note(msg("Embeddings: {name} (loaded at the first request).", name=embedding_model.name))
        server.serve_forever()
    finally:
        server.stop()
        engine.close()
    return 0


def _embedding_model(given: str | None, chosen: str | None) -> Path | None:
    """The embedding model to serve: the flag's, else the setting's; a file that is not there is refused now.

    Raises:
        ModelFileError: the file is missing or not a GGUF model llama.cpp could load.
    """
    from assistant.core.models.gguf_check import check_gguf

    text = given or chosen
    if not text:
        return None
    path = Path(text).expanduser()
    check_gguf(path)  # one line now, not a 500 at the first request
    return path


COMMAND = Command(
    "serve",
    help="serve the model to other programs (OpenAI-compatible API)",
    description=(
        "Load the model and answer OpenAI-compatible requests (/v1/chat/completions, /v1/completions, "
        "/v1/models, and /v1/embeddings with an embedding model) until Ctrl+C. Listens on 127.0.0.1 unless --host says otherwise. A request field "
        "Quill does not take is refused with 400, naming it; the fields are listed below."
    ),
    arguments=_arguments,
    run=run,
    options=(model_options,),
)
