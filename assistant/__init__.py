"""Quill: an offline desktop chat and writing assistant on local GGUF models."""

__version__ = "0.1.0"
