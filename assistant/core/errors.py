"""Errors a person may see.

Only a :class:`UserFacingError` message is ever shown to a user: one plain
sentence that says what went wrong and, where it helps, what to do. Everything
else is a bug and goes to the log file with its traceback. Callers decide by
type, never by matching message text. Messages are made with
:func:`assistant.core.i18n.msg`, so a front end can show them in its own
language (``translate(error.message, language)``) while ``str(error)`` stays English.
"""

from __future__ import annotations

from pathlib import Path

from assistant.core.i18n import Text, msg


class UserFacingError(Exception):
    """An error whose message is fit to show as is.

    Attributes:
        exit_code: what the CLI exits with: 2 for bad input or usage, 1 otherwise.
    """

    exit_code: int = 1

    def __init__(self, message: str) -> None:
        self._message = message.normalized() if isinstance(message, Text) else " ".join(message.split())
        super().__init__(str(self._message))

    @property
    def message(self) -> str:
        """The sentence, English as a ``str``; a :class:`~assistant.core.i18n.Text` when made with ``msg``."""
        return self._message


class BadInputError(UserFacingError):
    """The user gave something Quill cannot use (a path, an option, a text)."""

    exit_code = 2


class ModelFileError(BadInputError):
    """A model file is missing, unreadable or not a GGUF llama.cpp can load.

    The message always names the file and the reason.
    """

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(msg("Cannot use model {path}: {reason}.", path=self.path, reason=reason))


class ModelLoadError(UserFacingError):
    """A file that passed validation was still refused by llama.cpp (or ran out of memory)."""


class CpuUnusableError(ModelLoadError):
    """The CPU check found that this llama.cpp build crashes on this CPU in every mode it tried."""


class NoModelError(UserFacingError):
    """No model is chosen and the starter model is not installed."""


class ContextOverflowError(BadInputError):
    """A single message (or document piece) does not fit in the model's context window."""


class GenerationError(UserFacingError):
    """llama.cpp failed while evaluating or generating."""


class SettingsError(UserFacingError):
    """Settings could not be saved (full disk, read-only folder)."""


class RemoteError(UserFacingError):
    """A remote OpenAI-compatible server could not be used; the message says which way, in one sentence."""


class RemoteConnectionError(RemoteError):
    """The server could not be reached (wrong address, not running, network down)."""


class RemoteTimeoutError(RemoteError):
    """The server stopped answering within the time allowed."""


class RemoteAuthError(RemoteError):
    """The server refused the API key (401 or 403)."""


class RemoteNotFoundError(RemoteError):
    """The server has no such model or endpoint (404)."""


class RemoteRateLimitError(RemoteError):
    """The server asks to slow down (429)."""


class RemoteServerError(RemoteError):
    """The server failed (5xx)."""


class RemoteRequestError(RemoteError):
    """The server refused the request as invalid (400, 413, 422), e.g. a prompt longer than its context."""


class RemoteStreamError(RemoteError):
    """The reply stopped mid-way (the connection dropped) or the server's answer could not be read."""


class RemoteTLSError(RemoteError):
    """The server's certificate could not be verified."""
