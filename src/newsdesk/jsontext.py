"""JSON that a user hands newsdesk (files, exports, sidecars): one error for every way it is bad.

`json.loads` fails in three ways on hostile input: a JSONDecodeError, a RecursionError on deep
nesting, and (worse) success, leaving a structure deep enough to overflow the next recursive walk
of it. `loads` turns all three into JSONTextError with a one-line reason, so no reader needs to
know about recursion.
"""

from __future__ import annotations

import json

MAX_DEPTH = 200  # arrays and objects nested deeper than any real record or export


class JSONTextError(ValueError):
    """Text that is not JSON newsdesk will read; `str()` is the reason, for a person."""


def loads(text: str | bytes) -> object:
    """Parse JSON text, refusing malformed text and nesting deeper than MAX_DEPTH."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise JSONTextError(f"{exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise JSONTextError(f"nested deeper than {MAX_DEPTH} levels") from None
    except ValueError as exc:  # e.g. bytes that are not UTF-8
        raise JSONTextError(str(exc)) from None
    brackets = text.count("[") + text.count("{") if isinstance(text, str) else MAX_DEPTH + 1
    if brackets > MAX_DEPTH and depth(value) > MAX_DEPTH:
        raise JSONTextError(f"nested deeper than {MAX_DEPTH} levels")
    return value


def depth(value: object) -> int:
    """How deeply arrays and objects nest in a parsed value (a scalar is 0), without recursion."""
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children: list[object] | None = list(item.values())
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, level + 1)
        if deepest > MAX_DEPTH:
            return deepest
        stack.extend((child, level + 1) for child in children)
    return deepest
