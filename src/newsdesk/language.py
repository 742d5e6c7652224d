"""The language of the core's messages: gettext catalogues in data/locale, English otherwise.

Every sentence the core writes for a person (a query error, why a file was not imported, a busy or
read-only library, a `check` problem) is written in English in the source and wrapped in `_()`;
`use(lang)` picks the catalogue that `_()` translates through. The CLI chooses the language from
`--lang`, else the environment (`LANGUAGE`, `LC_ALL`, `LC_MESSAGES`, `LANG`, as gettext reads
them); the window from its own choice (newsdesk.ui.i18n) and hands it to its import process.
Sentences are translated when they are made: a module-level constant is marked with `N_()` and
translated with `_()` where it is used. Machine-readable output keeps stable codes beside the
words (`UserError.code`, a failure's `code`), never the words themselves as keys.

The catalogues are `data/locale/<lang>/LC_MESSAGES/newsdesk.po` (what translators edit) and the
`.mo` compiled from it by scripts/build_translations.py, both committed; a test fails if the `.mo`
is not what the script makes of the `.po`, or a `_()` sentence of the source has no translation.
"""

from __future__ import annotations

import gettext
import io
import os
from collections.abc import Mapping

from newsdesk import resources

DOMAIN = "newsdesk"
SHIPPED = ("zh_CN",)  # besides English, the source language
ENV_VARS = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")  # gettext's order

_catalogue: gettext.NullTranslations = gettext.NullTranslations()
_current = "en"


def normalise(tag: str | None) -> str | None:
    """'zh_CN' or 'en' for a tag such as zh, zh-CN, zh_TW.UTF-8, en_US, C; None for no tag."""
    if not tag:
        return None
    tag = tag.strip().replace("-", "_").split(".")[0].split("@")[0].lower()
    if not tag:
        return None
    # A Simplified Chinese text serves Traditional readers better than English.
    return "zh_CN" if tag.startswith("zh") else "en"


def from_environment(env: Mapping[str, str] | None = None) -> str:
    """The language the environment asks for, read as Python's gettext reads it: the first of
    `LANGUAGE` (a colon-separated list: its first entry), `LC_ALL`, `LC_MESSAGES`, `LANG` that is
    set; 'en' when none is (C and POSIX are English)."""
    env = os.environ if env is None else env
    for var in ENV_VARS:
        value = env.get(var, "")
        if value:
            return normalise(value.split(":")[0]) or "en"
    return "en"


def choose(*tags: str | None) -> str:
    """The first tag given, normalised ('zh_CN' or 'en'); 'en' when none is."""
    for tag in tags:
        lang = normalise(tag)
        if lang is not None:
            return lang
    return "en"


def use(lang: str) -> str:
    """Write the core's messages in `lang` from now on (this process); returns the language in
    force ('en' when there is no catalogue for `lang`)."""
    global _catalogue, _current
    lang = choose(lang)
    if lang not in SHIPPED:
        _catalogue, _current = gettext.NullTranslations(), "en"
        return _current
    try:
        data = resources.read_bytes("locale", lang, "LC_MESSAGES", f"{DOMAIN}.mo")
    except OSError:
        _catalogue, _current = gettext.NullTranslations(), "en"
        return _current
    _catalogue, _current = gettext.GNUTranslations(io.BytesIO(data)), lang
    return _current


def current() -> str:
    """The language the core writes in now: 'zh_CN' or 'en'."""
    return _current


def _(message: str) -> str:
    """`message` (an English sentence of the source) in the language in force."""
    return _catalogue.gettext(message)


def N_(message: str) -> str:
    """Mark a sentence for translation where it is defined; translate it with `_()` where used."""
    return message
