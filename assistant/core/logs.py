"""Quill's log file: everything a person should not have to read goes here.

Tracebacks, llama.cpp's own output and warnings are written to
``<log dir>/quill.log`` (rotated); the console and the GUI only ever show one
plain sentence per problem. No secret is ever written: access tokens, API keys
and the values of secret-looking environment variables are redacted from every
line (tracebacks included) before it reaches the file.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
from pathlib import Path

_FORMAT = "%(asctime)s %(levelname)-7s %(threadName)s %(name)s: %(message)s"
REDACTED = "[redacted]"
_SECRET_SHAPES = re.compile(
    r"\bhf_[A-Za-z0-9]{16,}"  # Hugging Face access tokens
    r"|\bsk-[A-Za-z0-9_\-]{16,}"  # OpenAI-style API keys
    r"|(?i:\b(?:authorization|bearer|api[_-]?key|access[_-]?token|auth[_-]?token|hf[_-]?token|password|secret)"
    r"[\"']?\s*[:=]?\s*[\"']?(?:bearer\s+)?)(?P<value>[^\s\"',;]{8,})"
)
_SECRET_ENV = re.compile(r"(TOKEN|KEY|SECRET|PASSWORD|PASSWD)", re.IGNORECASE)


def redact(text: str) -> str:
    """``text`` with anything that looks like a credential replaced by [redacted]."""
    for name, value in os.environ.items():
        if len(value) >= 8 and _SECRET_ENV.search(name) and value in text:
            text = text.replace(value, REDACTED)

    def hide(match: re.Match[str]) -> str:
        if match.group("value") is None:
            return REDACTED
        return match.group(0)[: match.start("value") - match.start(0)] + REDACTED

    return _SECRET_SHAPES.sub(hide, text)


class RedactingFormatter(logging.Formatter):
    """Formats as usual, then redacts secrets from the whole record (message and traceback)."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def setup_logging(log_file: Path, level: int = logging.INFO) -> Path | None:
    """Send the root logger to ``log_file``; returns None when the file cannot be opened."""
    root = logging.getLogger()
    for handler in root.handlers:
        if getattr(handler, "baseFilename", None) == str(log_file):
            return log_file
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(log_file, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(RedactingFormatter(_FORMAT))
    root.addHandler(handler)
    root.setLevel(level)
    logging.captureWarnings(True)
    return log_file
