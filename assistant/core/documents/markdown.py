"""Markdown to HTML for replies and exports, with markdown-it-py.

Raw HTML in a model's reply is shown as text, never interpreted, and an image
becomes a plain link to its address (never an ``<img>``: a reply must not make
a viewer or an exported page fetch anything). Fenced code
blocks get a "copy" link (``quill-copy:N``) that the transcript handles, and
``code_blocks`` returns their text in the same order.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

COPY_SCHEME = "quill-copy"


def _render_image(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    alt = "".join(child.content for child in token.children or []) or src
    return f'<a href="{html.escape(src)}">[{html.escape(alt)}]</a>' if src else html.escape(f"[{alt}]")


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "breaks": True}).enable(["table", "strikethrough"])
    md.add_render_rule("image", _render_image)
    return md


def code_blocks(markdown: str) -> list[str]:
    """The text of every fenced or indented code block, in order."""
    return [t.content for t in _parser().parse(markdown) if t.type in ("fence", "code_block")]


def to_html(markdown: str, *, copy_label: str | None = None) -> str:
    """Render ``markdown``; with ``copy_label``, each code block gets a copy link carrying its index."""
    md = _parser()
    tokens = md.parse(markdown)
    if copy_label is None:
        return md.renderer.render(tokens, md.options, {})
    counter = iter(range(len(tokens)))

    def render_code(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        language = token.info.strip().split(" ")[0] if token.type == "fence" else ""
        index = next(counter)
        header = (
            f'<p class="code-header"><span class="lang">{html.escape(language)}</span> '
            f'<a href="{COPY_SCHEME}:{index}">{html.escape(copy_label)}</a></p>'
        )
        return f"{header}<pre><code>{html.escape(token.content)}</code></pre>\n"

    renderer = RendererHTML(md)
    renderer.rules["image"] = _render_image.__get__(renderer)
    renderer.rules["fence"] = render_code.__get__(renderer)
    renderer.rules["code_block"] = render_code.__get__(renderer)
    return renderer.render(tokens, md.options, {})
