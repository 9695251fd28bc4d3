"""The tiny-model writer lives in the package (the CPU check uses it too); tests import it from here."""

from assistant.core.models.tiny_model import CHATML_TEMPLATE, write_tiny_llama

__all__ = ["CHATML_TEMPLATE", "write_tiny_llama"]
