"""Where a remote OpenAI-compatible server is and how to talk to it (plain data, no HTTP import)."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from assistant.core.errors import BadInputError
from assistant.core.i18n import msg


@dataclass(frozen=True)
class RemoteSpec:
    """A remote endpoint. ``api_key`` is kept out of ``repr`` so it never reaches a log line.

    Attributes:
        base_url: the server's OpenAI API root, e.g. ``http://gpu-box:8080/v1`` (``/v1`` is added
            when the URL has no path).
        model: the model name to ask for; empty picks the first one the server lists.
        ca_file: a PEM file of certificate authorities to trust for an https server, in addition
            to nothing else: verification is always on.
        n_ctx: the context length to budget with when the server does not report its own.
    """

    base_url: str
    model: str = ""
    api_key: str | None = field(default=None, repr=False)
    ca_file: str | None = None
    n_ctx: int = 4096
    connect_timeout: float = 10.0
    read_timeout: float = 300.0  # a big prompt on a busy server can take minutes before the first token


def split_base_url(base_url: str) -> tuple[str, str]:
    """``(api_url, root_url)``: where ``/models`` lives and the server root (for ``/tokenize``).

    Raises:
        BadInputError: the text is not an http(s) address.
    """
    text = base_url.strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadInputError(msg("'{text}' is not a server address; use one like http://127.0.0.1:8080/v1.", text=text))
    path = parts.path.rstrip("/") or "/v1"
    api = urlunsplit((parts.scheme, parts.netloc, path, "", ""))
    root_path = path[: -len("/v1")] if path.endswith("/v1") else ""
    root = urlunsplit((parts.scheme, parts.netloc, root_path, "", ""))
    return api, root
