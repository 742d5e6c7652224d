"""User settings (declared once, typed, versioned) and window state, both under paths.config_dir().

Settings are what a user chooses (reading font size, search mode); window state is what the
window remembers of itself (geometry, splitters, columns, last query, history). They live in two
INI files so that "reset the window" never loses a choice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from newsdesk import paths

SETTINGS_VERSION = 1


@dataclass(frozen=True)
class Option:
    """One setting: its key, type, default and what it means."""

    key: str
    type: type
    default: Any
    description: str


OPTIONS: dict[str, Option] = {
    o.key: o
    for o in (
        Option("reader/font_size", int, 14, "Point size of the reading pane's body text."),
        Option("search/mode", str, "exact", "exact: substrings as typed; words: segmented words."),
        Option("search/debounce_ms", int, 60, "Pause after a keystroke before searching."),
        Option("search/history_size", int, 50, "How many past queries the history keeps."),
        Option("ui/language", str, "", "Window language (zh_CN, en); empty follows the system."),
        Option(
            "list/columns",
            str,
            "date,source,page,bylines",
            "Columns of the article list without a query, beside the title (comma-separated).",
        ),
        Option(
            "list/result_columns",
            str,
            "",
            "Columns beside the two-line result rows (date,source,page,bylines; comma-separated).",
        ),
    )
}

FONT_SIZE_RANGE = (8, 40)

# Upgrade steps: UPGRADES[v] turns a version-v settings file into version v+1.
UPGRADES: dict[int, Callable[[QSettings], None]] = {}


def _ini(name: str) -> QSettings:
    folder = paths.config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return QSettings(str(folder / name), QSettings.Format.IniFormat)


def _coerce(kind: type, value: Any, default: Any) -> Any:
    try:
        if kind is bool:
            return value in (True, "true", "1", 1)
        return kind(value)
    except (TypeError, ValueError):
        return default


class Settings:
    """Typed access to the declared options."""

    def __init__(self) -> None:
        self.q = _ini("settings.ini")
        version = _coerce(int, self.q.value("version", SETTINGS_VERSION), SETTINGS_VERSION)
        for v in range(version, SETTINGS_VERSION):
            if v in UPGRADES:
                UPGRADES[v](self.q)
        self.q.setValue("version", SETTINGS_VERSION)

    def get(self, key: str) -> Any:
        opt = OPTIONS[key]
        return _coerce(opt.type, self.q.value(key, opt.default), opt.default)

    def set(self, key: str, value: Any) -> None:
        opt = OPTIONS[key]
        self.q.setValue(key, opt.type(value))

    def sync(self) -> None:
        self.q.sync()


class WindowState:
    """What the window remembers of itself between runs."""

    def __init__(self) -> None:
        self.q = _ini("state.ini")

    def blob(self, key: str) -> QByteArray | None:
        value = self.q.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_blob(self, key: str, value: QByteArray) -> None:
        self.q.setValue(key, value)

    def text(self, key: str, default: str = "") -> str:
        value = self.q.value(key, default)
        return value if isinstance(value, str) else default

    def set_text(self, key: str, value: str) -> None:
        self.q.setValue(key, value)

    def history(self) -> list[str]:
        value = self.q.value("search/history", [])
        if isinstance(value, str):  # QSettings gives a one-item list back as a string
            value = [value]
        return [v for v in value if isinstance(v, str) and v] if isinstance(value, list) else []

    def set_history(self, items: list[str]) -> None:
        self.q.setValue("search/history", list(items))

    def sync(self) -> None:
        self.q.sync()
