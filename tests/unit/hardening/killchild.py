"""A child process for the kill tests: does one kind of write and reports, on stdout, each
piece of work once the record has committed it (then the parent may SIGKILL it at any time).

    python killchild.py import LIBRARY FOLDER   prints "file PATH" for each file committed
    python killchild.py reindex LIBRARY          prints "indexed N" as batches commit
    python killchild.py tag LIBRARY SEED         prints "passage ID" for each passage tagged

"Reported imported" means: the import's progress callback saw `files_done` move past the file,
which happens only after the file's last transaction committed (the index may lag behind;
opening the library and searching catches it up).
"""

from __future__ import annotations

import random
import sys

from newsdesk import Library


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def do_import(lib: Library, folder: str) -> None:
    seen = {"done": 0, "path": ""}

    def progress(state: object) -> None:
        done = state.files_done  # type: ignore[attr-defined]
        if done > seen["done"]:
            # files_done moves on once the file at the previous tick's path is committed.
            say(f"file {seen['path']}")
            seen["done"] = done
        seen["path"] = state.path  # type: ignore[attr-defined]

    report = lib.import_paths([folder], progress=progress)
    say(f"finished {len(report.failed)}")


def do_reindex(lib: Library) -> None:
    lib.reindex(progress=lambda s: say(f"indexed {s.indexed}"))
    say("finished 0")


def do_tag(lib: Library, seed: int) -> None:
    rng = random.Random(seed)
    ids = lib.article_ids()
    while True:
        article = lib.article(rng.choice(ids))
        if len(article.text) < 4:
            continue
        start = rng.randrange(0, len(article.text) - 3)
        end = start + rng.randint(1, min(40, len(article.text) - start))
        p = lib.passages.tag(article.id, start, end, [f"kill/t{rng.randint(0, 5)}"], note="n")
        say(f"passage {p.id}")


def main(argv: list[str]) -> None:
    mode, folder = argv[0], argv[1]
    with Library.open(folder) as lib:
        if mode == "import":
            do_import(lib, argv[2])
        elif mode == "reindex":
            do_reindex(lib)
        else:
            do_tag(lib, int(argv[2]))


if __name__ == "__main__":
    main(sys.argv[1:])
