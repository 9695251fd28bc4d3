"""Interface language: Quill's own translations plus Qt's, following the system unless overridden."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from assistant.core.i18n import SUPPORTED, translate
from assistant.core.language import language_name
from assistant.core.resources import resource_path

_shown_language = "en"  # set by install_translators: the language core messages are shown in


def choose_language(override: str, system: QLocale | None = None) -> str:
    """The language to show: the user's choice, else the system's if Quill has it, else English."""
    if override in SUPPORTED:
        return override
    locale = system or QLocale.system()
    if locale.language() == QLocale.Language.Chinese:
        return "zh_CN"  # Simplified Chinese is the one Chinese translation Quill ships
    return "en"


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Load Quill's and Qt's translations for ``language``; keep the returned objects alive.

    Core messages (errors, notices) follow the same language: see :func:`shown`.
    """
    global _shown_language
    _shown_language = language
    if language == "en":
        return []
    installed: list[QTranslator] = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name, folder in ((f"quill_{language}", str(resource_path("translations"))), (f"qtbase_{language}", qt_dir)):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            installed.append(translator)
    return installed


def shown_language() -> str:
    """The language the interface shows ("en" or "zh_CN"), as chosen at start-up."""
    return _shown_language


def shown(text: object) -> str:
    """A core message (an error's ``message``, a Notice's ``text``) in the interface's language.

    Core words its messages in English with :func:`assistant.core.i18n.msg`; they are translated
    here, at the edge, and nowhere else.
    """
    return translate(text, _shown_language)


def shown_language_name(code: str) -> str:
    """A language's name in the interface's language ("French" / "法语"), for a code ("fr", "zh-Hant").

    The one way a pane, dialog or notice names a language; the value it stores stays the code.
    """
    return shown(language_name(code))
