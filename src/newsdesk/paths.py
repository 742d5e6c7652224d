"""The one place that decides where newsdesk's files live: flag > environment > platform default."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "newsdesk"
ENV_LIBRARY = "NEWSDESK_LIBRARY"
ENV_CONFIG = "NEWSDESK_CONFIG_DIR"

DB_NAME = "library.sqlite3"
INDEX_DIRNAME = "index"
LOCK_NAME = "write.lock"


def default_library_dir() -> Path:
    """The platform's user-data folder for the default library."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "library"


def resolve_library(flag: str | os.PathLike[str] | None) -> tuple[Path, bool]:
    """The library folder to use, and whether it is the default (not named by flag or env)."""
    if flag:
        return Path(flag).expanduser().resolve(), False
    env = os.environ.get(ENV_LIBRARY)
    if env:
        return Path(env).expanduser().resolve(), False
    return default_library_dir(), True


def config_dir() -> Path:
    """Where settings and window state live (overridable for tests)."""
    env = os.environ.get(ENV_CONFIG)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    """Where crash reports go (a bug's traceback, never shown raw to the user)."""
    env = os.environ.get(ENV_CONFIG)
    if env:
        return Path(env).expanduser() / "logs"
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def db_path(library: Path) -> Path:
    """The SQLite record inside a library folder."""
    return library / DB_NAME


def index_dir(library: Path) -> Path:
    """The derived Whoosh index inside a library folder."""
    return library / INDEX_DIRNAME


def lock_path(library: Path) -> Path:
    """The writer lock file inside a library folder."""
    return library / LOCK_NAME


def xdg_data_home() -> Path:
    """The user's data root ($XDG_DATA_HOME, ~/.local/share): where desktop entries and icons go."""
    return Path(platformdirs.user_data_dir())


def pending_tags_path(library: Path) -> Path:
    """Where the window keeps taggings it could not save yet (the library was busy when it
    closed), per library; beside the settings, as the library may not be writable then."""
    import hashlib

    key = hashlib.sha1(str(Path(library).resolve()).encode("utf-8")).hexdigest()[:16]
    return config_dir() / "pending" / f"{key}.json"
