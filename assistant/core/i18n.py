"""Messages a person may see, in English and Simplified Chinese, without Qt.

Core code writes every user-visible sentence as ``msg("English template {name}", name=value)``.
The result is a :class:`Text`: a ``str`` that *is* the English sentence (so ``str()``, logs, the
CLI and the OpenAI API read exactly what they did before) and that also carries its template
and parameters. A front end that shows another language calls :func:`translate` at the edge;
it looks the template up in ``resources/translations/core_zh_CN.json`` (read once, on first
use, so starting Quill in English never reads it) and fills in the same parameters. A
parameter that is itself a :class:`Text` (a reason inside a sentence) is translated too.
Numbers, paths and names are formatted by the template's own ``{name:spec}`` in both
languages. An unknown template falls back to the English text: never an error.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from functools import cache

from assistant.core.resources import resource_path

CATALOGS = {"zh": "core_zh_CN.json"}  # the one translation Quill ships, by language prefix
SUPPORTED = ("en", "zh_CN")  # the interface languages: English and Simplified Chinese


class Text(str):
    """An English sentence that remembers how it was made, so it can be said in another language.

    Attributes:
        template: the English ``str.format`` template, the catalog's key.
        params: the values filled in (a :class:`Text` value is translated with its sentence).
    """

    template: str
    params: Mapping[str, object]

    def __new__(cls, template: str, params: Mapping[str, object], english: str | None = None) -> Text:
        made = super().__new__(cls, template.format(**params) if english is None else english)
        made.template = template
        made.params = dict(params)
        return made

    def __reduce__(self) -> tuple[type[Text], tuple[str, Mapping[str, object], str]]:
        # pickle and copy.deepcopy (dataclasses.asdict) would otherwise call Text(english) alone
        return (Text, (self.template, self.params, str(self)))

    def normalized(self) -> Text:
        """The same message with runs of white space (line breaks in a template) made one space."""
        return Text(self.template, self.params, " ".join(self.split()))


def msg(template: str, /, **params: object) -> Text:
    """Mark a user-visible sentence: ``template`` is English, with ``{name}`` placeholders."""
    return Text(template, params)


def joined(items: Sequence[str]) -> str:
    """``items`` as one text, ``"a; b; c"`` in English, each item still translated with it."""
    if not items:
        return ""
    text = items[-1]
    for item in reversed(items[:-1]):
        text = msg("{first}; {rest}", first=item, rest=text)
    return text


def language_key(language: str) -> str:
    """ "zh", "zh_CN", "zh-Hans" → "zh"; anything else → "en"."""
    return "zh" if language.lower().startswith("zh") else "en"


def locale_language(environ: Mapping[str, str] | None = None) -> str:
    """The language the environment's locale asks for, as a terminal program reads it ("en" or "zh_CN").

    As gettext does: the locale is the first of LC_ALL, LC_MESSAGES, LANG that is set; "C" or
    "POSIX" there means untranslated (so ``LANG=C`` forces English), otherwise LANGUAGE's first
    entry, if given, wins over it. Any Chinese (zh_CN.UTF-8, zh_TW, zh) is Simplified Chinese, the
    one Chinese translation Quill ships; anything else is English.
    """
    env = os.environ if environ is None else environ
    locale = next((env[k] for k in ("LC_ALL", "LC_MESSAGES", "LANG") if env.get(k)), "")
    if locale.split(".")[0] in ("C", "POSIX"):
        return "en"
    wanted = env.get("LANGUAGE", "").split(":")[0] or locale
    return "zh_CN" if language_key(wanted) == "zh" else "en"


def choose_language(override: str, environ: Mapping[str, str] | None = None) -> str:
    """The language to speak outside the GUI: ``override`` (a flag or the UI language setting) when
    Quill has it, else the locale's (:func:`locale_language`)."""
    return override if override in SUPPORTED else locale_language(environ)


@cache
def catalog(language: str) -> dict[str, str]:
    """English template → translated template, for ``language`` ("zh"); empty for English."""
    name = CATALOGS.get(language_key(language))
    if name is None:
        return {}
    import json  # only here: an English start never reads a catalog

    with open(resource_path("translations", name), encoding="utf-8") as file:
        loaded: dict[str, str] = json.load(file)
    return loaded


def translate(text: object, language: str) -> str:
    """``text`` in ``language``: a :class:`Text` from the catalog, filled in; anything else as it is."""
    if not isinstance(text, Text) or language_key(language) == "en":
        return str(text)
    template = catalog(language).get(text.template)
    if template is None:
        return str(text)  # not translated (yet): English rather than nothing
    params = {k: translate(v, language) if isinstance(v, Text) else v for k, v in text.params.items()}
    try:
        said = template.format(**params)
    except (KeyError, IndexError, ValueError):
        return str(text)  # a broken translation must not hide the message
    return said
