"""Child for the resource tests: import a folder in a fresh process and print, as JSON, the
report and the peak RSS growth (KiB) over a baseline taken after the library was opened."""

from __future__ import annotations

import json
import resource
import sys

from newsdesk import Library
from newsdesk.ingest.walk import iter_files


def main(library: str, folder: str, mode: str) -> None:
    with Library.open(library) as lib:
        lib.search("的")  # load the index and analysers before the baseline
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        if mode == "walk":
            n = sum(1 for _ in iter_files([__import__("pathlib").Path(folder)]))
            out: dict[str, object] = {"files": n}
        else:
            out = lib.import_paths([folder]).to_json()
            out["failed"] = len(out["failed"])  # type: ignore[arg-type]
        out["rss_growth_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base
    print(json.dumps(out))


if __name__ == "__main__":
    main(*sys.argv[1:4])
