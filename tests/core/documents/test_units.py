"""Markdown and plain text split into translatable units and written back; protected pieces never lost."""

from __future__ import annotations

from assistant.core.documents.units import (
    markdown_units,
    neutralize,
    plain_units,
    protect,
    rebuild_row,
    render,
    restore,
)


def test_protect_and_restore() -> None:
    p = protect("Run `x` at https://a.b/c and {n}.", ["Run"])
    assert p.text.count("⟦") == 4 and "https" not in p.text
    assert restore(p.text, p)[0] == "Run `x` at https://a.b/c and {n}."
    text, missing = restore(p.text.replace("⟦2⟧", "") + " ⟦1⟧", p)
    assert missing == [2] and text.count("Run") == 1 and text.endswith("https://a.b/c")


MARKDOWN = (
    "---\ntitle: x\n---\n\n# Title\n\nA paragraph\nover two lines.\n\n- item one\n- item two\n\n> quoted\n\n"
    "| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode stays\n```\n"
)


def test_markdown_units_are_the_text_blocks_and_nothing_else() -> None:
    lines, units = markdown_units(MARKDOWN)
    assert [(u.kind, u.text, u.prefix) for u in units] == [
        ("heading", "Title", "# "),
        ("paragraph", "A paragraph over two lines.", ""),
        ("list item", "item one", "- "),
        ("list item", "item two", "- "),
        ("quote", "quoted", "> "),
        ("table row", "| a | b |", ""),
        ("table row", "| 1 | 2 |", ""),
    ]
    assert lines == MARKDOWN.split("\n")


def test_render_puts_new_text_in_place_and_every_other_line_back_as_it_was() -> None:
    lines, units = markdown_units(MARKDOWN)
    output = {}
    for unit in units:
        if unit.cells:
            output[unit.line] = rebuild_row(unit.text, unit.cells, ["X"] * len(unit.cells))
        else:
            output[unit.line] = unit.prefix + unit.text.upper()
    assert render(lines, units, output, 0, len(lines)) == (
        "---\ntitle: x\n---\n\n# TITLE\n\nA PARAGRAPH OVER TWO LINES.\n\n- ITEM ONE\n- ITEM TWO\n\n> QUOTED\n\n"
        "| X | X |\n|---|---|\n| X | X |\n\n```\ncode stays\n```\n"
    )
    assert render(lines, units, {}, 0, len(lines)) == MARKDOWN  # nothing replaced: byte-identical


def test_plain_units_are_paragraphs_between_blank_lines() -> None:
    _lines, units = plain_units("  first line\n  second line\n\n\nnext\n")
    assert [(u.text, u.line, u.end, u.prefix) for u in units] == [
        ("first line second line", 0, 2, "  "),
        ("next", 4, 5, ""),
    ]


def test_neutralize_keeps_a_translation_from_becoming_structure() -> None:
    assert neutralize("- not a list") == "\\- not a list"
    assert neutralize("1. not numbered") == "1\\. not numbered"
    assert neutralize("# not a heading") == "\\# not a heading"
    assert neutralize("a | b", in_table=True) == "a \\| b"
    assert neutralize("plain words") == "plain words"
