"""What the package carries for run time (translations, sample page, icons), via importlib.resources.

Everything lives under ``newsdesk/data/`` inside the package, so a wheel, a zip, an editable
install and a PyInstaller bundle all find it the same way. Callers that need a real file or
folder (Qt's translator, the importer) ask for one here: an installed package hands out its own
files, a zipped one a temporary copy that lives as long as the process.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path

SAMPLE = "sample"
TRANSLATIONS = "translations"
ICONS = "icons"
DESKTOP = "desktop"

_kept = ExitStack()
atexit.register(_kept.close)


def data(*parts: str) -> Traversable:
    """A file or folder under the package's data/ (it may live inside a zip)."""
    return files("newsdesk").joinpath("data", *parts)


def read_bytes(*parts: str) -> bytes:
    """The bytes of a data file."""
    return data(*parts).read_bytes()


def file_path(*parts: str) -> Path:
    """A real path to a data file, valid until the process exits."""
    return _kept.enter_context(as_file(data(*parts)))


@contextmanager
def as_folder(*parts: str) -> Iterator[Path]:
    """A real folder with a data folder's files: the folder itself, or a temporary copy of it."""
    node = data(*parts)
    if isinstance(node, Path):
        yield node
        return
    with tempfile.TemporaryDirectory(prefix="newsdesk-") as tmp:
        folder = Path(tmp) / parts[-1]
        _copy_tree(node, folder)
        yield folder


def _copy_tree(node: Traversable, dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    for child in node.iterdir():
        if child.is_dir():
            _copy_tree(child, dest / child.name)
        else:
            with child.open("rb") as src, (dest / child.name).open("wb") as out:
                shutil.copyfileobj(src, out)
