"""Whoosh 2.7's `whoosh.compat` without `urllib.request`, which it imports for a `urlretrieve`
newsdesk never calls: that import brings http, email and ssl (with OpenSSL's libraries) into a
first search, 15-40 ms of a cold start. `whoosh.compat` is imported here with a stand-in module
whose `urlretrieve` imports the real one when called; the stand-in is then taken out of
`sys.modules`, so that anyone importing `urllib.request` gets the real module. (whoosh3 has no
`whoosh.compat`: nothing to do.)"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from typing import Any


def _urlretrieve(*args: Any, **kwargs: Any) -> Any:
    return importlib.import_module("urllib.request").urlretrieve(*args, **kwargs)


def _import_compat() -> None:
    if "whoosh.compat" in sys.modules or "urllib.request" in sys.modules:
        return
    if importlib.util.find_spec("whoosh.compat") is None:
        return
    stand_in = types.ModuleType("urllib.request")
    stand_in.urlretrieve = _urlretrieve  # type: ignore[attr-defined]
    sys.modules["urllib.request"] = stand_in
    try:
        importlib.import_module("whoosh.compat")
    finally:
        if sys.modules.get("urllib.request") is stand_in:
            del sys.modules["urllib.request"]


_import_compat()
