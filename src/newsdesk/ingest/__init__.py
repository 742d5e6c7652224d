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

from dataclasses import dataclass


@dataclass(frozen=True)
class RecordProblem:
    """One record of a file that could not be read; `where` names the file and line."""

    where: str
    reason: str

    def message(self) -> str:
        return f"{self.where}: {self.reason}"
