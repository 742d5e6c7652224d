"""Ingest: files as people have them -> ArticleDraft values, with no knowledge of a library.

The pipeline for one file:

    walk.iter_files(paths)            folders -> candidate files (sorted, hidden files skipped)
    sources.open_source(path, root)   bytes -> encoding -> format -> SourceFile
    SourceFile.__iter__()             -> ArticleDraft | RecordProblem, streamed
        formats: jsonl(.gz), crawler (kicker\\ttitle\\tsubtitle), page text (pages.split_page),
                 html/htm, md, json
    meta.path_meta(path, root)        date / page / source read from the path and sidecars

Whole-file failures raise errors.BadFileError naming the file and the reason. A bad record
inside a good file (one JSON line that is not an object) is yielded as a RecordProblem and the
rest of the file still imports.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass


@dataclass(frozen=True)
class RecordProblem:
    """One record of a file that could not be read; `where` names the file and line."""

    where: str
    reason: str

    def message(self) -> str:
        return f"{self.where}: {self.reason}"


class ReadMeter:
    """How many bytes of a file a streaming reader has consumed (for progress inside a large
    file); a reader that reads its file whole never sets it. Once the reader has closed the
    file, all of it counts as read."""

    def __init__(self) -> None:
        self._file: object | None = None
        self._last = 0
        self._size = 0

    def watch(self, file: object) -> None:
        """Measure the position of this binary file object (its `tell()`)."""
        self._file = file
        with contextlib.suppress(OSError, ValueError, AttributeError):
            self._size = os.fstat(file.fileno()).st_size  # type: ignore[attr-defined]

    def bytes_read(self) -> int:
        f = self._file
        if f is None:
            return 0
        if getattr(f, "closed", True):
            return max(self._last, self._size)
        with contextlib.suppress(OSError, ValueError):
            self._last = int(f.tell())  # type: ignore[attr-defined]
        return self._last
