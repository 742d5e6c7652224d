"""The window's language: --lang, else the setting, else the system locale; zh_* -> zh_CN.

Our strings go through tr() and are translated by newsdesk_<lang>.qm, package data under
newsdesk/data/translations read through newsdesk.resources (built by
scripts/build_translations.py); Qt's own (standard buttons, the file dialog, the context menu of
a text field) by Qt's qtbase_<lang>.qm, which PySide6 ships; the core's messages (query errors,
import failures, a busy library...) by its gettext catalogue, switched here too (newsdesk.language).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from newsdesk import language, resources

log = logging.getLogger(__name__)

SHIPPED = ("zh_CN",)  # besides English, which is the source language
_previous_locale: QLocale | None = None
_previous_language: str | None = None


def choose(flag: str | None, setting: str = "", system: str | None = None) -> str:
    """'zh_CN' or 'en' for a flag like zh, zh-CN, zh_TW, en_US, C; first one given wins."""
    for raw in (flag, setting, system if system is not None else _system()):
        if not raw:
            continue
        tag = raw.replace("-", "_").split(".")[0].lower()
        if tag.startswith("zh"):
            return "zh_CN"  # a Simplified UI serves Traditional readers better than English
        return "en"
    return "en"


def _system() -> str:
    langs = QLocale.system().uiLanguages()
    return langs[0] if langs else QLocale.system().name()


def install(app: QCoreApplication, lang: str) -> list[QTranslator]:
    """Load the translations for `lang` into `app` and write the core's messages in `lang`;
    returns the Qt translators (keep them alive)."""
    global _previous_language
    if _previous_language is None:
        _previous_language = language.current()
    language.use(lang)
    if lang == "en" or lang not in SHIPPED:
        return []
    loaded = []
    ours = QTranslator(app)
    name = f"newsdesk_{lang}.qm"
    try:
        qm = resources.file_path(resources.TRANSLATIONS, name)
    except OSError:
        qm = None
    if qm is not None and ours.load(str(qm)):
        app.installTranslator(ours)
        loaded.append(ours)
    else:
        log.warning("translation %s not found in the package's data", name)
    qt = QTranslator(app)
    if qt.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        loaded.append(qt)
    global _previous_locale
    if _previous_locale is None:
        _previous_locale = QLocale()
    QLocale.setDefault(QLocale(lang))
    return loaded


def uninstall(app: QCoreApplication, translators: list[QTranslator]) -> None:
    for t in translators:
        app.removeTranslator(t)
    global _previous_locale, _previous_language
    if _previous_language is not None:
        language.use(_previous_language)
        _previous_language = None
    if _previous_locale is not None:
        QLocale.setDefault(_previous_locale)
        _previous_locale = None
