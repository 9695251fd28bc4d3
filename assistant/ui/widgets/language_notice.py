"""A notice above a task that the model in use does not speak a language the task needs.

Shared by the Translate and Summarize panes: before a task starts, the pane asks
:meth:`LanguageNotice.allows` with the languages it needs (a translation's source and target, a
summary's language). If the model's languages (its catalog entry, else the file's
``general.languages``, the starter model's known English-only) do not cover them, the notice says
which are missing, names the recommended model for the task (core/models/recommend.py) and offers
to get it, or to go ahead anyway. Unknown languages (a model nothing describes) show no notice.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from assistant.ui.i18n import shown_language_name

if TYPE_CHECKING:
    from assistant.core.models.catalog import CatalogEntry
    from assistant.ui.worker import EngineClient


@lru_cache(maxsize=1)
def _catalog() -> tuple[CatalogEntry, ...]:
    from assistant.core.models.catalog import load_catalog

    return tuple(load_catalog())


@lru_cache(maxsize=32)
def _file_languages(path: Path, size: int) -> tuple[str, ...]:
    """``general.languages`` of a GGUF file (cached per file and size)."""
    from assistant.core.models.gguf_check import check_gguf

    try:
        return check_gguf(path).languages
    except Exception:  # noqa: BLE001 - an unreadable file says nothing about its languages
        return ()


def current_languages(path: Path | None) -> tuple[str, ...] | None:
    """What the model at ``path`` speaks, or None when nothing says."""
    from assistant.core.models.recommend import model_languages
    from assistant.core.models.starter import find_starter_model

    if path is None:
        return None
    try:
        size = path.stat().st_size
    except OSError:
        return None
    languages = model_languages(
        path, list(_catalog()), gguf_languages=_file_languages(path, size), starter=find_starter_model()
    )
    return languages


class LanguageNotice(QFrame):
    """Hidden until a task needs a language the model lacks.

    Signals:
        models_requested(str): get the recommended model (its catalog id; "" for none).
        proceed_requested(): go ahead with this model anyway.
    """

    models_requested = Signal(str)
    proceed_requested = Signal()

    def __init__(self, engine: EngineClient, use: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("languageNotice")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.engine = engine
        self.use = use  # "translate" or "summarize": which recommendation to offer
        self._allowed: tuple[str, tuple[str, ...]] | None = None  # (model, languages) the user let through
        self._pending: tuple[str, tuple[str, ...]] | None = None
        self._recommended_id = ""
        self.text = QLabel()
        self.text.setObjectName("languageNoticeText")
        self.text.setWordWrap(True)
        self.get_button = QPushButton()
        self.get_button.setObjectName("languageNoticeGet")
        self.get_button.clicked.connect(lambda: self.models_requested.emit(self._recommended_id))
        self.anyway_button = QPushButton(self.tr("Go ahead anyway"))
        self.anyway_button.setObjectName("languageNoticeAnyway")
        self.anyway_button.clicked.connect(self._go_ahead)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.get_button)
        layout.addWidget(self.anyway_button)
        self.hide()
        engine.model_loaded.connect(lambda _info: self.hide())

    def _model_path(self) -> Path | None:
        info = self.engine.model_info
        return Path(info.path) if info is not None and info.path is not None else None

    def missing(self, needed: list[str]) -> list[str]:
        """The needed languages the model in use does not speak (none when nothing says what it speaks)."""
        from assistant.core.models.recommend import missing_languages

        languages = current_languages(self._model_path())
        if languages is None:
            return []
        return missing_languages(languages, [code for code in needed if code and code not in ("auto", "same")])

    def allows(self, needed: list[str]) -> bool:
        """True to start; False after showing why not (the user may then get a model or go ahead)."""
        key = (str(self._model_path()), tuple(sorted(needed)))
        missing = self.missing(needed)
        if not missing or self._allowed == key:
            self.hide()
            return True
        self._pending = key
        self._show(missing, needed)
        return False

    def _go_ahead(self) -> None:
        self._allowed = self._pending
        self.hide()
        self.proceed_requested.emit()

    def _show(self, missing: list[str], needed: list[str]) -> None:
        from assistant.core.models.memory import machine_memory
        from assistant.core.models.recommend import recommend
        from assistant.core.models.speed import load_probe
        from assistant.core.models.starter import find_starter_model

        path = self._model_path()
        names = ", ".join(self._language(code) for code in missing)
        starter = find_starter_model()
        if path is not None and starter is not None and path.resolve() == starter.resolve():
            what = self.tr("The starter model (SmolLM2 135M) knows English only: it cannot read or write {0}.").format(
                names
            )
        else:
            what = self.tr("The model in use ({0}) is not described as reading and writing {1}.").format(
                path.name if path else "?", names
            )
        try:
            rec = recommend(
                list(_catalog()),
                self.use,
                machine_memory(),
                4096,
                load_probe(),
                languages=tuple(code for code in needed if code and code not in ("auto", "same")),
            )
        except Exception:  # noqa: BLE001 - a damaged catalog: the notice still says what is missing
            rec = None
        if rec is not None:
            self._recommended_id = rec.entry.id
            self.get_button.setText(self.tr("Get {0}…").format(rec.entry.name))
            self.get_button.setAccessibleName(self.tr("Get the recommended model, {0}").format(rec.entry.name))
            advice = self.tr("{0} does; it suits this computer.").format(rec.entry.name)
        else:
            self._recommended_id = ""
            self.get_button.setText(self.tr("Choose a model…"))
            self.get_button.setAccessibleName(self.tr("Choose a model"))
            advice = self.tr("Choose a model that does in Models.")
        self.text.setText(what + " " + advice)
        self.show()

    def _language(self, code: str) -> str:
        names = {"zh": self.tr("Chinese text"), "en": self.tr("English text")}
        return names.get(code.split("-")[0], shown_language_name(code))
