"""Quill as a local OpenAI-compatible API server (``quill serve`` and the app's Serve toggle). No Qt here."""
