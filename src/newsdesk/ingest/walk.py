"""Import arguments (files and folders) -> the files to read, in a stable order.

Folders are walked recursively in sorted name order. A walk skips hidden names (a leading
'.'), symlink loops and folders already walked, files whose extension no reader handles, the
sidecars that meta.py reads, and READMEs, licences and changelogs. A file named as an argument
is always attempted, whatever its extension: the reader then says why it cannot be read.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from newsdesk.errors import is_text
from newsdesk.ingest.meta import SIDECARS
from newsdesk.language import N_, _

SUPPORTED_SUFFIXES = (
    ".txt",
    ".text",
    ".jsonl",
    ".jsonl.gz",
    ".ndjson",
    ".ndjson.gz",
    ".json",
    ".html",
    ".htm",
    ".md",
    ".markdown",
)
NOT_ARTICLES = ("readme", "license", "licence", "changelog")

NO_SUCH = N_("no such file or folder")
UNREADABLE = N_("cannot read folder: permission denied")
NOT_REGULAR = N_("not a regular file (a device, pipe or socket)")
NOT_UTF8_NAME = N_("name is not valid UTF-8: rename it to import it")


@dataclass(frozen=True)
class WalkItem:
    """A file to import, the argument it was found under, or the reason the argument failed."""

    path: Path
    root: Path
    problem: str | None = None  # (in the user's language)
    code: str = ""  # the problem's kind, for machines: not-found, unreadable, not-regular, ...


def is_supported(name: str) -> bool:
    """Whether a folder walk picks up a file of this name."""
    lower = name.lower()
    if lower.startswith(".") or lower in SIDECARS or lower.startswith(NOT_ARTICLES):
        return False
    return lower.endswith(SUPPORTED_SUFFIXES)


def iter_files(paths: Sequence[Path]) -> Iterator[WalkItem]:
    """Every file to import under `paths`, each once, arguments in the order given."""
    seen_files: set[Path] = set()
    seen_dirs: set[tuple[int, int]] = set()
    for arg in paths:
        root = Path(os.path.abspath(arg))
        try:
            root = root.resolve(strict=True)
        except (OSError, RuntimeError):  # missing, dangling link, or a link loop
            yield WalkItem(root, root, _(NO_SUCH), "not-found")
            continue
        if not is_text(str(root)):
            yield WalkItem(root, root, _(NOT_UTF8_NAME), "bad-name")
        elif root.is_dir():
            yield from _walk(root, root, seen_dirs, seen_files)
        elif root not in seen_files:
            seen_files.add(root)
            if not root.is_file():  # a device or a pipe would never end
                yield WalkItem(root, root, _(NOT_REGULAR), "not-regular")
            elif os.access(root, os.R_OK):
                yield WalkItem(root, root)
            else:
                yield WalkItem(root, root, _("cannot read file: permission denied"), "unreadable")


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _walk(
    folder: Path,
    root: Path,
    seen_dirs: set[tuple[int, int]],
    seen_files: set[Path],
) -> Iterator[WalkItem]:
    try:
        info = folder.stat()
        key = (info.st_dev, info.st_ino)
        if key in seen_dirs:  # a symlink loop, or a folder reached twice
            return
        seen_dirs.add(key)
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except PermissionError:
        yield WalkItem(folder, root, _(UNREADABLE), "unreadable")
        return
    except OSError as exc:
        yield WalkItem(
            folder, root, _("cannot read folder: {detail}").format(detail=exc.strerror or exc), "unreadable"
        )
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        if not is_text(entry.name):  # cannot be stored or shown as text: named, never skipped
            if is_supported(entry.name) or _is_dir(entry):
                yield WalkItem(path, root, _(NOT_UTF8_NAME), "bad-name")
            continue
        try:
            is_dir = entry.is_dir()  # follows symlinks; a dangling link is neither
            is_file = not is_dir and entry.is_file()
        except OSError as exc:  # named, so that `--sync` never takes it for gone
            yield WalkItem(
                path, root, _("cannot read: {detail}").format(detail=exc.strerror or exc), "unreadable"
            )
            continue
        if is_dir:
            yield from _walk(path, root, seen_dirs, seen_files)
        elif is_file and is_supported(entry.name):
            key_path = Path(os.path.realpath(path))
            if key_path in seen_files:
                continue
            seen_files.add(key_path)
            yield WalkItem(path, root)
