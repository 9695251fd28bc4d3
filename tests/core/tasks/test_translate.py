"""Translation on the scripted backend: structure, protected pieces, checks, glossary, cancel."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from assistant.core.backends.scripted import ScriptedBackend
from assistant.core.cancel import CancelToken
from assistant.core.documents.units import markdown_units
from assistant.core.errors import GenerationError
from assistant.core.tasks.cleaning import TRANSLATE_CUES, clean
from assistant.core.tasks.translate import (
    Glossary,
    TranslateOptions,
    cut_repetition,
    translate,
)
from assistant.core.types import Event, Finished, GenerationRequest, ModelSpec, Notice, TextDelta, TranslationPlanned
from tests.core.tasks.overlap import OverlapBackend, loaded, step_threads

SOURCE = """---
title: 测试
---

# 大型语言模型简介

大型语言模型是一种**深度学习**模型。请运行 `pip install quill` 并访问 https://example.com/docs 了解详情。

公式 $E = mc^2$ 很有名，[链接](https://example.com/a "标题") 也在这里。

- 第一项：{name} 和 %s 保持不变
- 第二项 <br> 含有标签

> 引用的一段话。

| 名称 | 说明 |
|------|------|
| 模型 | 很大 |

```python
print("保持不变")
```

```mermaid
graph TD; A-->B;
```

$$
\\int_0^1 x\\,dx
$$

最后一段
跨了两行。
"""

CJK = re.compile(r"[\u3400-\u9fff]+")


def fake_translation(text: str) -> str:
    """Chinese runs become English-looking words; markers and everything else stay."""
    return re.sub(r"\s+", " ", CJK.sub(lambda m: " the river flows " * max(1, len(m.group(0)) // 4), text)).strip()


def inner(request: GenerationRequest) -> str:
    return request.messages[-1].content.split("<text>\n", 1)[1].rsplit("\n</text>", 1)[0]


def backend(reply_for=lambda r: fake_translation(inner(r))) -> ScriptedBackend:  # noqa: ANN001
    b = ScriptedBackend(n_ctx=4096, reply_for=reply_for)
    b.load(ModelSpec(Path("scripted.gguf")))
    return b


def run(b: ScriptedBackend, text: str, options: TranslateOptions, cancel: CancelToken | None = None) -> list[Event]:
    return list(translate(b, text, options, cancel or CancelToken()))


def output(events: list[Event]) -> str:
    return "".join(e.text for e in events if isinstance(e, TextDelta))


def block_shape(text: str) -> list[str]:
    return [
        t.type
        for t in MarkdownIt("commonmark").enable(["table"]).parse(text)
        if t.type.endswith("_open") or t.type in ("fence", "code_block", "html_block", "hr")
    ]


def test_structure_and_protected_pieces_come_back_exactly() -> None:
    events = run(backend(), SOURCE, TranslateOptions(target="en"))
    out = output(events)
    assert isinstance(events[-1], Finished) and events[-1].reason == "stop"
    assert block_shape(out) == block_shape(SOURCE)
    for kept in (
        "---\ntitle: 测试\n---",
        '```python\nprint("保持不变")\n```',
        "```mermaid\ngraph TD; A-->B;\n```",
        "$$\n\\int_0^1 x\\,dx\n$$",
        "`pip install quill`",
        "https://example.com/docs",
        "$E = mc^2$",
        '](https://example.com/a "标题")',
        "{name}",
        "%s",
        "<br>",
    ):
        assert kept in out, kept
    assert out.count("\n") == SOURCE.count("\n") - 1  # the two-line paragraph became one line
    assert "# the river flows" in out and "- the river flows" in out and "> the river flows" in out
    assert "| the river flows | the river flows |" in out and "|------|------|" in out
    assert not CJK.search(out.replace("测试", "").replace("保持不变", "").replace("标题", ""))
    planned = next(e for e in events if isinstance(e, TranslationPlanned))
    assert planned.source == "Chinese (Simplified)" and planned.target == "English"


def test_lost_markers_are_recovered_by_a_retry() -> None:
    calls = []

    def drops_first(request: GenerationRequest) -> str:
        calls.append(request)
        text = fake_translation(inner(request))
        return text.replace("⟦1⟧", "") if len(calls) == 1 else text

    events = run(backend(drops_first), "请运行 `make` 命令然后等待它完成。", TranslateOptions(target="en"))
    assert "`make`" in output(events)
    assert len(calls) == 2 and "Do not answer" in calls[1].messages[-1].content
    assert calls[1].messages[0] == calls[0].messages[0]  # the strict retry shares the system turn
    assert not [e for e in events if isinstance(e, Notice)]


def test_a_piece_the_model_never_returns_is_appended_not_lost() -> None:
    events = run(
        backend(lambda r: fake_translation(inner(r)).replace("⟦1⟧", "")),
        "请运行 `make` 命令然后等待它完成。",
        TranslateOptions(target="en"),
    )
    assert output(events).rstrip().endswith("`make`")
    assert any("protected pieces" in e.text for e in events if isinstance(e, Notice))


def test_a_model_that_answers_instead_of_translating_is_caught() -> None:
    calls = []

    def answers_first(request: GenerationRequest) -> str:
        calls.append(request)
        return "4" if len(calls) == 1 else "二加二等于几？这是一个简单的算术问题。"

    events = run(
        backend(answers_first),
        "What is two plus two? It is a simple arithmetic question.",
        TranslateOptions(target="zh"),
    )
    assert output(events) == "二加二等于几？这是一个简单的算术问题。"
    assert len(calls) == 2


def test_an_answer_still_in_the_source_language_is_reported() -> None:
    events = run(
        backend(lambda r: "This stays in English because the model did not translate it at all."),
        "This stays in English because the model did not translate it.",
        TranslateOptions(target="zh"),
    )
    assert any("not Chinese" in e.text for e in events if isinstance(e, Notice))


def test_the_glossary_is_applied_only_where_terms_occur() -> None:
    calls = []

    def record(request: GenerationRequest) -> str:
        calls.append(request.messages[-1].content)
        return fake_translation(inner(request)).replace("river", "LLM")

    glossary = Glossary.parse("大型语言模型 = LLM\n向量 = vector\nQuill\n")
    run(
        backend(record),
        "大型语言模型很强大。\n\nQuill 在本机运行。\n",
        TranslateOptions(target="en", glossary=glossary),
    )
    assert "大型语言模型 → LLM" in calls[0] and "向量" not in calls[0]
    assert "Quill" not in calls[1] and "⟦1⟧" in calls[1]  # a keep-term never reaches the model


def test_cancel_mid_document() -> None:
    cancel = CancelToken()
    calls = []

    def cancel_on_second(request: GenerationRequest) -> str:
        calls.append(request)
        if len(calls) == 2:
            cancel.cancel()
        return fake_translation(inner(request))

    text = "\n\n".join(f"第{i}段内容在这里。" for i in range(10))
    events = run(backend(cancel_on_second), text, TranslateOptions(target="en"), cancel)
    assert isinstance(events[-1], Finished) and events[-1].reason == "cancelled"
    assert len(calls) <= 3


def test_plain_text_keeps_its_paragraphs() -> None:
    text = "第一段的第一行\n第一段的第二行。\n\n第二段。\n"
    out = output(run(backend(), text, TranslateOptions(target="en", plain_text=True)))
    assert out.count("\n\n") == 1 and out.endswith("\n") and "\n\n" in out


def test_cleaning_answers() -> None:
    assert clean("Here is the translation: Hello.", "你好。", TRANSLATE_CUES) == "Hello."
    assert clean("译文：你好。", "Hello.", TRANSLATE_CUES) == "你好。"
    assert clean('"Hello."', "你好。", TRANSLATE_CUES) == "Hello."
    assert clean('"Hi," he said.', '"你好，"他说。', TRANSLATE_CUES) == '"Hi," he said.'
    assert clean("<text>\nHello\n</text>", "你好", TRANSLATE_CUES) == "Hello"
    assert (
        cut_repetition("Good morning. the the the the the the") == ("Good morning. the the", True)
        or cut_repetition("Good morning. the the the the the the")[1]
    )
    assert cut_repetition("a normal sentence") == ("a normal sentence", False)


def test_html_keeps_every_tag_script_and_attribute() -> None:
    from assistant.core.tasks.translate import translate_html

    html = (
        '<html><head><title>标题</title><style>p{color:red}</style></head><body>\n<h1 class="t">大型模型</h1>\n'
        '<p>这是<b>粗体</b>和<a href="https://x.y/z">链接</a>。</p>\n<pre><code>不要翻译()</code></pre>\n'
        '<script>var s = "不要";</script>\n<ul><li>第一项</li><li>第二项</li></ul></body></html>'
    )
    out = "".join(
        e.text
        for e in translate_html(backend(), html, TranslateOptions(target="en"), CancelToken())
        if isinstance(e, TextDelta)
    )
    assert re.sub(r">[^<]*<", "><", out) == re.sub(r">[^<]*<", "><", html)  # the same tags, in order
    for kept in (
        '<a href="https://x.y/z">',
        "<pre><code>不要翻译()</code></pre>",
        '<script>var s = "不要";</script>',
        "<style>p{color:red}</style>",
        '<h1 class="t">',
    ):
        assert kept in out
    assert "<b>" in out and "river" in out


def test_docx_in_docx_out_keeps_paragraphs_and_headings(tmp_path: Path) -> None:
    import docx

    from assistant.core.tasks.translate import translate_docx

    source = docx.Document()
    source.add_heading("大型语言模型", level=1)
    source.add_paragraph("第一段内容。")
    source.add_paragraph("第二段内容。")
    source.add_heading("小结", level=2)
    table = source.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "名称", "说明"
    path_in, path_out = tmp_path / "in.docx", tmp_path / "out.docx"
    source.save(str(path_in))
    events = list(translate_docx(backend(), path_in, path_out, TranslateOptions(target="en"), CancelToken()))
    assert isinstance(events[-1], Finished) and events[-1].reason == "stop"
    result = docx.Document(str(path_out))
    styles = [(p.style.name, bool(CJK.search(p.text))) for p in result.paragraphs]
    assert styles == [("Heading 1", False), ("Normal", False), ("Normal", False), ("Heading 2", False)]
    assert not CJK.search(result.tables[0].cell(0, 0).text)


def test_a_translation_cannot_change_the_structure_it_is_written_into() -> None:
    replies = {
        "第一段。": "- looks like a list",
        "第二段。": "1. looks numbered",
        "第三段。": "# looks like a heading",
        "第四段。": "```looks like a fence",
        "列": "a | b",
        "值": "value",
        "第六段。": "<div>looks like html</div>",
    }
    source = "第一段。\n\n第二段。\n\n第三段。\n\n第四段。\n\n| 列 |\n|---|\n| 值 |\n\n第六段。\n"
    out = output(run(backend(lambda r: replies[inner(r)]), source, TranslateOptions(target="en")))
    assert block_shape(out) == block_shape(source)
    assert "\\- looks like a list" in out and "1\\. looks numbered" in out and "a \\| b" in out


# ----- a model that echoes the prompt -------------------------------------------------------

ECHO_DOC = """# 大型语言模型简介

大型语言模型是一种深度学习模型。

- 第一项：训练数据很多。
- 第二项：推理速度很快。
- 第三项：参数的数量很多。
- 第四项：上下文很长。

```python
print("你好")
```

最后一段。
"""
# What a weak model sends back instead of a translation, as seen in the field.
ECHOES = {
    "第一项": lambda b, r: r.messages[-1].content,  # the whole user turn
    "第二项": lambda b, r: "<|im_start|>assistant\n" + r.messages[-1].content.split("\n\n")[-1] + "<|im_end|>",
    "第四项": lambda b, r: b.render(r.messages),  # the whole prompt, system turn and role tags included
}
INSTRUCTIONS = re.compile(r"Translate this|professional translator|<text>|</text>|<\|im_|Reply with|marker", re.I)


def echoing_backend() -> ScriptedBackend:
    holder: list[ScriptedBackend] = []

    def reply(request: GenerationRequest) -> str:
        body = inner(request)
        for key, echo in ECHOES.items():
            if key in body:
                return echo(holder[0], request)
        if "第三项" in body:  # an echoed instruction, then a real translation: stripped, and kept
            return "Translate this list item into English: <text>Item three: there are many parameters.</text>"
        return fake_translation(body)

    holder.append(backend(reply))
    return holder[0]


def test_a_model_that_echoes_the_prompt_never_puts_it_in_the_document() -> None:
    b = echoing_backend()
    events = run(b, ECHO_DOC, TranslateOptions(target="en"))
    out = output(events)
    assert not INSTRUCTIONS.search(out), out
    # The echoed blocks keep their source text, and so does everything around them.
    for kept in ("- 第一项：训练数据很多。", "- 第二项：推理速度很快。", "- 第四项：上下文很长。", 'print("你好")'):
        assert kept in out.splitlines()
    assert "- Item three: there are many parameters." in out.splitlines()
    assert "# " in out and "第三项" not in out and "最后一段" not in out
    # Each one was asked once more (strictly) before giving up, and each is reported.
    units = len(markdown_units(ECHO_DOC)[1])
    assert len(b.requests) == units + 3
    notices = [e.text for e in events if isinstance(e, Notice)]
    for part in (3, 4, 6):
        assert any(n.startswith(f"Part {part} (list item) was left untranslated") for n in notices), notices
    assert f"Left untranslated (the original text is kept): parts 3, 4, 6 of {units}." in notices
    assert not any(n.startswith("Part 5") for n in notices)
    assert isinstance(events[-1], Finished) and events[-1].reason == "stop"


def test_an_answer_in_the_prompts_wrappers_is_unwrapped_not_dropped() -> None:
    b = backend(lambda r: f"<start_of_turn>model\nHere is the translation: <text>{fake_translation(inner(r))}</text>")
    events = run(b, "大型语言模型是一种深度学习模型。\n", TranslateOptions(target="en", plain_text=True))
    assert output(events).strip() == fake_translation("大型语言模型是一种深度学习模型。")
    assert not [e for e in events if isinstance(e, Notice)]


# ----- several pieces at once (a backend with parallel > 1) ---------------------------------------

MANY = (
    ECHO_DOC
    + "\n| 名称 | 说明 |\n|------|------|\n| 模型 | 很大 |\n| 模型 | 很小 |\n\n"
    + "\n\n".join(f"第{i}段内容在这里，河水向北流。" for i in range(8))
    + "\n\n大型语言模型是一种深度学习模型。\n"  # the same text as the second part: translated once
)


def distinct(text: str) -> str:
    """A different English sentence for every Chinese text (markers kept), so a piece in the wrong place shows."""
    return re.sub(r"\s+", " ", CJK.sub(lambda m: f" the river {sum(map(ord, m.group(0))) % 997} flows ", text)).strip()


def many_reply(holder: list[ScriptedBackend]) -> Callable[[GenerationRequest], str]:
    """The echoes of ECHO_DOC (parts kept in their source, with notices), distinct translations elsewhere."""

    def reply(request: GenerationRequest) -> str:
        body = inner(request)
        for key, echo in ECHOES.items():
            if key in body:
                return echo(holder[0], request)
        return distinct(body)

    return reply


def on(b: ScriptedBackend) -> ScriptedBackend:
    b.reply_for = many_reply([b])
    return loaded(b)


def pieces_in_order(text: str) -> list[str]:
    return [unit.text[a:b] for unit in markdown_units(text)[1] for a, b in (unit.cells or [(0, len(unit.text))])]


def prompts(b: ScriptedBackend) -> list[str]:
    return [repr(r.messages) for r in b.requests]


def test_width_one_asks_for_each_piece_in_turn_with_the_previous_source_as_context() -> None:
    text = "# 标题\n\n第一段。\n\n| 名称 | 说明 |\n|---|---|\n| 模型 | 很大 |\n\n最后一段。\n"
    threads = []

    def record(request: GenerationRequest) -> str:
        threads.append((threading.current_thread(), step_threads()))
        return distinct(inner(request))

    b = backend(record)
    events = run(b, text, TranslateOptions(target="en"))
    assert isinstance(events[-1], Finished) and events[-1].reason == "stop"
    order = pieces_in_order(text)
    assert [inner(r) for r in b.requests] == order  # one request a piece, in document order
    assert threads == [(threading.main_thread(), [])] * len(order)  # on the calling thread, no other
    first = b.requests[0].messages[-1].content
    assert "for context only" not in first
    for previous, request in zip(order, b.requests[1:]):
        user = request.messages[-1].content
        assert f"The previous part, for context only (do not translate it):\n{previous}\n\n" in user
        assert "the river" not in user.split("<text>")[0]  # never the previous translation
    assert len({r.messages[0] for r in b.requests}) == 1  # one system turn: a prefix the engine shares


def test_width_three_translates_three_pieces_at_once_and_gives_the_same_result() -> None:
    one = on(ScriptedBackend(n_ctx=4096))
    three = on(OverlapBackend(n_ctx=4096, together=3))
    sequential = run(one, MANY, TranslateOptions(target="en"))
    parallel = run(three, MANY, TranslateOptions(target="en"))
    assert three.most == 3  # three requests were open at once (and never more)
    assert parallel == sequential  # text, progress, notices, the untranslated list, usage: all in order
    assert sorted(prompts(three)) == sorted(prompts(one))  # the same prompts, whatever the width
    notices = [e.text for e in sequential if isinstance(e, Notice)]
    assert any(n.startswith("Left untranslated (the original text is kept): parts 3, 4, 6 of") for n in notices)
    # The repeated paragraph and the repeated table cell went to the model once.
    assert len(one.requests) == len(set(pieces_in_order(MANY))) + 3  # + the 3 strict retries
    assert not step_threads()


def test_html_and_word_come_out_the_same_at_any_width(tmp_path: Path) -> None:
    import docx

    from assistant.core.tasks.translate import translate_docx, translate_html

    html = "<h1>大型模型</h1>\n" + "\n".join(f"<p>第{i}段内容，<b>河水</b>向北流。</p>" for i in range(6))
    source = docx.Document()
    source.add_heading("大型语言模型", level=1)
    for i in range(5):
        source.add_paragraph(f"第{i}段内容在这里。")
    source.save(str(tmp_path / "in.docx"))
    results = []
    for b in (on(ScriptedBackend(n_ctx=4096)), on(OverlapBackend(n_ctx=4096, together=3))):
        html_events = list(translate_html(b, html, TranslateOptions(target="en"), CancelToken()))
        out = tmp_path / f"out-{type(b).__name__}.docx"
        docx_events = list(translate_docx(b, tmp_path / "in.docx", out, TranslateOptions(target="en"), CancelToken()))
        results.append((html_events, docx_events, [p.text for p in docx.Document(str(out)).paragraphs]))
    assert results[0] == results[1]
    assert "the river" in output(results[0][0]) and isinstance(results[0][1][-1], Finished)
    assert not step_threads()


def test_cancel_with_pieces_in_flight_starts_no_more_and_leaves_no_thread() -> None:
    cancel = CancelToken()

    def cancel_on_third(request: GenerationRequest) -> str:
        if len(b.requests) == 3:  # the last of the three that wait for each other before their first token
            cancel.cancel()
        return distinct(inner(request))

    b = loaded(OverlapBackend(n_ctx=4096, together=3, reply_for=cancel_on_third))
    text = "\n\n".join(f"第{i}段内容在这里。" for i in range(10))
    events = run(b, text, TranslateOptions(target="en"), cancel)
    assert isinstance(events[-1], Finished) and events[-1].reason == "cancelled"
    assert len(b.requests) == 3  # the three in flight; none started after
    assert not output(events) and not step_threads()


def test_a_failing_piece_fails_the_job_after_the_pieces_before_it() -> None:
    def fails_on_fifth(request: GenerationRequest) -> str:
        if "第4段" in inner(request):
            raise GenerationError("llama.cpp failed while generating (code 1).")
        return distinct(inner(request))

    text = "\n\n".join(f"第{i}段内容在这里。" for i in range(10))
    seen = []
    for b in (
        loaded(ScriptedBackend(n_ctx=4096, reply_for=fails_on_fifth)),
        loaded(OverlapBackend(n_ctx=4096, reply_for=fails_on_fifth)),
    ):
        events: list[Event] = []
        with pytest.raises(GenerationError, match="code 1"):
            for event in translate(b, text, TranslateOptions(target="en"), CancelToken()):
                events.append(event)
        seen.append(events)
        assert not step_threads()
    assert seen[0] == seen[1]
    assert output(seen[0]).split() == " ".join(distinct(f"第{i}段内容在这里。") for i in range(4)).split()


def test_width_three_fills_and_uses_the_cache_in_order() -> None:
    cache: dict[str, str] = {}
    b = on(OverlapBackend(n_ctx=4096, together=3))
    first = list(translate(b, MANY, TranslateOptions(target="en"), CancelToken(), cache))
    asked = len(b.requests)
    again = list(translate(b, MANY, TranslateOptions(target="en"), CancelToken(), cache))
    assert output(again) == output(first)
    # Only the parts that had problems (kept in their source) are asked for again: 3 parts, each retried.
    assert len(b.requests) - asked == 6 and not step_threads()


def test_a_task_closed_early_stops_its_pieces_and_joins_their_threads() -> None:
    b = on(OverlapBackend(n_ctx=4096))
    events = translate(b, MANY, TranslateOptions(target="en"), CancelToken())
    assert any(isinstance(event, TextDelta) for event in events)  # stops at the first block
    events.close()  # what a caller that stops listening does
    assert not step_threads()
