"""The tiny-model writer lives in the package (the CPU check uses it too); tests import it from here."""

from pathlib import Path

from assistant.core.models.tiny_model import CHATML_TEMPLATE, write_tiny_llama

__all__ = ["CHATML_TEMPLATE", "qwen25_template", "write_tiny_llama", "write_tiny_tool_model"]


def qwen25_template() -> str:
    """Qwen2.5-7B-Instruct's real chat template (tool calls in Hermes-style <tool_call> tags), as llama.cpp keeps it."""
    path = Path(__file__).resolve().parents[1] / "data" / "chat_templates" / "Qwen-Qwen2.5-7B-Instruct.jinja"
    return path.read_text(encoding="utf-8")


def write_tiny_tool_model(path: Path) -> Path:
    """A tiny model carrying Qwen2.5's tool template; its context is long enough for the tools' system prompt."""
    return write_tiny_llama(path, chat_template=qwen25_template(), n_ctx_train=4096, name="Tiny Tool Qwen")
