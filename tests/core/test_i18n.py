"""Every sentence core, the server and the CLI can show a person exists in English and Simplified Chinese.

The AST of assistant/core, assistant/server and assistant/cli is walked: a string literal or
f-string given as the message of a UserFacingError (any subclass), a Notice (any subclass) or a
Progress label fails, and so does one the CLI prints (say, note, warn, error, print, write), a
request-field or sampling-knob refusal (fields.py's checks, sampling.py's rules) and a language
name the UI shows without :func:`assistant.ui.i18n.shown_language_name`. Every ``msg("...")``
template must be in resources/translations/core_zh_CN.json with the same placeholders. Then
translation itself: parameters filled in, nested reasons translated, unknown templates in English.
"""

from __future__ import annotations

import ast
import copy
import json
import pickle
import re
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.core.errors import BadInputError, ModelFileError, UserFacingError
from assistant.core.i18n import Text, catalog, joined, msg, translate
from assistant.core.language import NAMES, language_name
from assistant.core.resources import resource_path
from assistant.core.tasks.translate import KIND_WORDS

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [ROOT / "assistant" / "core", ROOT / "assistant" / "server", ROOT / "assistant" / "cli"]
CLI = ROOT / "assistant" / "cli"
CLI_PRINTERS = {"say", "note", "warn", "error", "print", "write"}  # what the CLI shows a line with
# Where refusals are made of pieces: every value a check or rule returns, and these calls' arguments.
REFUSAL_PIECES = [ROOT / "assistant" / "server" / "fields.py", ROOT / "assistant" / "core" / "sampling.py"]
PIECE_CALLS = {"Kind": 0, "_between": 2}  # a JSON type's words; a range check's reason
# Names a pane could show for a language: the English ones and the autonyms the panes once listed.
UI_LANGUAGE_NAMES = {str(n) for n in NAMES.values()} | {
    "简体中文",
    "繁體中文",
    "日本語",
    "Français",
    "Deutsch",
    "Español",
}
DOCUMENTATION = {"described", "markdown", "help_text", "names"}  # fields.py's lists for --help and the README
USER_FACING_BASES = {"UserFacingError", "Notice", "Progress", "_Refused"}  # _Refused: gguf_check's reasons
# The argument that carries the sentence, by position; any other class's message is its first argument.
MESSAGE_POSITION = {"FieldError": 1, "ModelFileError": 1, "ToolRequestError": 1, "Progress": 2}
MESSAGE_KEYWORDS = {"message", "text", "reason", "label"}


def _files(roots: list[Path]) -> Iterator[tuple[Path, ast.Module]]:
    for root in roots:
        for path in sorted(root.rglob("*.py")):
            yield path, ast.parse(path.read_text(encoding="utf-8"))


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _user_facing_classes() -> set[str]:
    """The USER_FACING_BASES and every class in assistant/ derived from them."""
    found = set(USER_FACING_BASES)
    classes = [n for _, tree in _files([ROOT / "assistant"]) for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]
    grew = True
    while grew:
        grew = False
        for cls in classes:
            if cls.name not in found and any(_name(b) in found for b in cls.bases):
                found.add(cls.name)
                grew = True
    return found


def _is_plain_string(node: ast.expr) -> bool:
    """A literal, an f-string, a concatenation or a .format() of one: English that no catalog can find."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _is_plain_string(node.left) or _is_plain_string(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return _is_plain_string(node.func.value)
    if isinstance(node, ast.IfExp):
        return _is_plain_string(node.body) or _is_plain_string(node.orelse)
    return False


def _has_words(node: ast.AST) -> bool:
    """A literal with a lowercase word in ``node``: a sentence, not ``[3/5]`` or a ``NAME`` column.

    A call's result (``said(msg(...))``) and a key (``row["name"]``) are not words shown.
    """
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and re.search("[a-z]{2}", node.value) is not None
    if isinstance(node, ast.Call):
        return False
    if isinstance(node, ast.Subscript):
        return _has_words(node.value)
    return any(_has_words(child) for child in ast.iter_child_nodes(node))


def _fields(template: str) -> list[tuple[str, str | None, str]]:
    return sorted((f, c, spec) for _, f, spec, c in string.Formatter().parse(template) if f is not None)


def _msg_calls(roots: list[Path]) -> Iterator[tuple[str, ast.Call]]:
    for path, tree in _files(roots):
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "msg":
                yield f"{path.relative_to(ROOT)}:{node.lineno}", node


def test_the_walk_finds_the_user_facing_classes() -> None:
    classes = _user_facing_classes()
    assert {"ModelFileError", "DownloadError", "LibraryError", "FieldError", "IndexProblem"} <= classes


def test_no_user_visible_sentence_in_core_or_server_is_plain_english() -> None:
    classes = _user_facing_classes()
    plain = []
    for path, tree in _files(SOURCES):
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and _name(node.func) in classes):
                continue
            name = _name(node.func)
            position = MESSAGE_POSITION.get(name or "", 0)
            given = node.args[position : position + 1] + [k.value for k in node.keywords if k.arg in MESSAGE_KEYWORDS]
            plain += [f"{path.relative_to(ROOT)}:{node.lineno} {name}" for arg in given if _is_plain_string(arg)]
    assert not plain, "wrap these messages in msg() and translate them in core_zh_CN.json:\n" + "\n".join(plain)


def test_no_warning_core_collects_is_plain_english() -> None:
    """A document's or the settings' warnings are shown as they are: ``warnings.append`` takes a msg().

    The system report (``quill doctor``, Help → System information) stays English: it is for bug reports.
    """
    plain = []
    for path, tree in _files(SOURCES):
        if path.name == "system_report.py":
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "append"
                and _name(node.func.value) == "warnings"
            ):
                plain += [f"{path.relative_to(ROOT)}:{node.lineno}" for arg in node.args if _is_plain_string(arg)]
    assert not plain, "wrap these warnings in msg():\n" + "\n".join(plain)


def test_no_line_the_cli_prints_is_plain_english() -> None:
    plain = []
    for path, tree in _files([CLI]):
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _name(node.func) in CLI_PRINTERS:
                plain += [
                    f"{path.relative_to(ROOT)}:{node.lineno}"
                    for arg in node.args
                    if _is_plain_string(arg) and _has_words(arg)
                ]
    assert not plain, "say these with msg() (assistant/cli/base.py: say, note, warn, error):\n" + "\n".join(plain)


def _returned(tree: ast.Module) -> Iterator[ast.expr]:
    """What every function (but the documentation lists) and every lambda in ``tree`` returns."""
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef) and function.name not in DOCUMENTATION:
            for node in ast.walk(function):
                if isinstance(node, ast.Return) and node.value is not None:
                    yield from node.value.elts if isinstance(node.value, ast.Tuple) else [node.value]
        elif isinstance(function, ast.Lambda):
            yield function.body


def test_request_field_and_sampling_refusals_are_marked() -> None:
    plain = []
    for path in REFUSAL_PIECES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        pieces = list(_returned(tree))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _name(node.func) in PIECE_CALLS:
                pieces += node.args[PIECE_CALLS[_name(node.func) or ""] :][:1]
        plain += [f"{path.relative_to(ROOT)}:{p.lineno}" for p in pieces if _is_plain_string(p) and _has_words(p)]
    assert not plain, "refusals are shown in the app too: wrap these in msg():\n" + "\n".join(plain)


def test_the_ui_names_languages_in_its_own_language() -> None:
    """language_name() is English (prompts read it): the UI shows it through shown_language_name, and a
    pane keeps codes, not names, in its lists."""
    wrong = []
    for path, tree in _files([ROOT / "assistant" / "ui"]):
        if path.name == "i18n.py":
            continue
        autonyms = [n for n in ast.walk(tree) if isinstance(n, ast.Assign) and _target(n) == "INTERFACE_LANGUAGES"]
        exempt = {id(c) for a in autonyms for c in ast.walk(a)}  # the language picker names each in itself
        for node in ast.walk(tree):
            if id(node) in exempt:
                continue
            if isinstance(node, ast.Call) and _name(node.func) == "language_name":
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno} calls language_name")
            if isinstance(node, ast.Constant) and node.value in UI_LANGUAGE_NAMES:
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno} names {node.value!r} itself")
    assert not wrong, "use assistant.ui.i18n.shown_language_name(code):\n" + "\n".join(wrong)


def _target(assign: ast.Assign) -> str | None:
    return _name(assign.targets[0]) if assign.targets else None


def test_every_language_has_a_chinese_name() -> None:
    zh = catalog("zh_CN")
    for code, name in NAMES.items():
        assert isinstance(name, Text) and any("\u4e00" <= ch <= "\u9fff" for ch in zh[name.template]), code
    assert translate(language_name("fr"), "zh_CN") == "法语" and translate(language_name("en"), "zh_CN") == "英语"


def test_every_marked_sentence_has_a_chinese_translation_with_the_same_placeholders() -> None:
    zh = catalog("zh_CN")
    problems = []
    used = set()
    for where, call in _msg_calls([ROOT / "assistant"]):
        first = call.args[0] if call.args else None
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            problems.append(f"{where}: the template must be a string literal (the catalog's key)")
            continue
        template = first.value
        used.add(template)
        if template not in zh:
            problems.append(f"{where}: no Chinese for {template!r}")
        elif _fields(zh[template]) != _fields(template):
            problems.append(f"{where}: the Chinese placeholders differ for {template!r}")
        given = {k.arg for k in call.keywords}
        if given != {f for f, _, _ in _fields(template)}:
            problems.append(f"{where}: the parameters {sorted(given)} do not match the template {template!r}")
    assert not problems, "\n".join(problems)
    assert not set(zh) - used, f"translations nothing uses: {sorted(set(zh) - used)}"
    assert len(used) > 200  # the walk really covers core and the server


def test_the_catalog_is_chinese() -> None:
    with open(resource_path("translations", "core_zh_CN.json"), encoding="utf-8") as file:
        zh: dict[str, str] = json.load(file)
    no_chinese = [k for k, v in zh.items() if not any("\u4e00" <= ch <= "\u9fff" for ch in v)]
    placeholders_only = {
        "{name}: {message}",
        "{problem}",
        "{problem}.",
        "{first}; {rest}",
        "quill: {message}",
        "'{param}' {problem}.",
    }
    assert set(no_chinese) <= placeholders_only


def test_a_message_is_english_as_a_str_and_chinese_when_translated() -> None:
    text = msg("{name} is {size} MB; Quill reads documents up to {limit} MB.", name="a.pdf", size=210, limit=200)
    assert text == "a.pdf is 210 MB; Quill reads documents up to 200 MB." and isinstance(text, str)
    assert translate(text, "en") == text
    assert translate(text, "zh_CN") == "a.pdf 有 210 MB；Quill 最多读取 200 MB 的文档。"
    assert translate(text, "zh") == translate(text, "zh_CN")


def test_a_reason_inside_a_sentence_is_translated_with_it() -> None:
    error = ModelFileError("/models/x.gguf", msg("the file is empty"))
    assert str(error) == "Cannot use model /models/x.gguf: the file is empty."
    assert translate(error.message, "zh_CN") == "无法使用模型 /models/x.gguf：文件是空的。"


def test_unknown_templates_and_plain_strings_fall_back_to_english() -> None:
    assert translate(msg("A sentence nobody translated ({n}).", n=3), "zh_CN") == "A sentence nobody translated (3)."
    assert translate("plain text", "zh_CN") == "plain text"
    assert translate(UserFacingError("Plain  words\nhere").message, "zh_CN") == "Plain words here"


def test_an_error_keeps_its_message_object_with_white_space_made_one() -> None:
    error = BadInputError(msg("Cannot read {path}:\n  {value}.", path="/a", value="gone"))
    assert str(error) == error.message == "Cannot read /a: gone."
    assert isinstance(error.message, Text) and error.message.params == {"path": "/a", "value": "gone"}


@pytest.mark.parametrize("clone", [copy.deepcopy, lambda t: pickle.loads(pickle.dumps(t))])
def test_a_message_survives_copying(clone: object) -> None:
    text = msg("Cannot read {path}: {value}.", path="/a", value=msg("permission denied"))
    copied = clone(text)  # type: ignore[operator]
    assert copied == text and translate(copied, "zh_CN") == "无法读取 /a：权限不足。"


def test_language_names_stay_english_for_prompts_and_are_chinese_in_a_chinese_message() -> None:
    found, wanted = language_name("fr"), language_name("zh_CN")
    assert (found, wanted) == (
        "French",
        "Chinese (Simplified)",
    ) and f"Write in {wanted}." == "Write in Chinese (Simplified)."
    notice = msg("The summary seems to be in {found}, not {language}.", found=found, language=wanted)
    assert translate(notice, "zh_CN") == "摘要似乎是用法语写的，而不是简体中文。"


def test_a_list_of_problems_is_translated_item_by_item() -> None:
    problems = joined([msg("protected pieces came back changed"), msg("the model gave no translation")])
    assert problems == "protected pieces came back changed; the model gave no translation"
    notice = msg("Part {number} ({kind}): {problem}.", number=4, kind=KIND_WORDS["list item"], problem=problems)
    assert notice == "Part 4 (list item): protected pieces came back changed; the model gave no translation."
    assert translate(notice, "zh_CN") == "第 4 部分（列表项）：受保护的片段在译文中被改动了；模型没有给出译文。"
    assert joined([]) == "" and joined([msg("heading")]) == "heading"
