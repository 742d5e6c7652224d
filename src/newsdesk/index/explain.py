"""`--explain`: how a parsed query reads, one node per line, terms shown in search form."""

from __future__ import annotations

from newsdesk.index.engine import cover_offsets
from newsdesk.index.query import And, DateRange, Node, Not, Or, PageMatch, Resolved, Term
from newsdesk.zh.analysis import query_words
from newsdesk.zh.normalize import normalize_term

__all__ = ["explain_tree"]

_WHERE = {
    None: "any text field (title, kicker/subtitle/section heads, body, dateline, captions, bylines, section)",
    "title": "the title",
    "caption": "captions and photo credits",
    "author": "byline names",
    "section": "the section name",
    "source": "the source name",
}


def _fmt_date(d: int | None) -> str:
    if d is None:
        return "…"
    return f"{d // 10000:04d}-{d // 100 % 100:02d}-{d % 100:02d}"


def _term(t: Term, mode: str) -> str:
    text = normalize_term(t.text)
    where = _WHERE[t.field]
    shown = f"{t.text!r}" + (f" (reads {text!r})" if text != t.text else "")
    if mode == "words" and t.field not in ("author", "section", "source"):
        words = query_words(text)
        if words:
            return f"words {' + '.join(words)} in any order, in {where}  ← {shown}"
    if t.field in ("author", "section", "source"):
        how = "substring of a value"
    elif not text:  # only characters normalisation drops (control characters)
        how = "nothing left to search for"
    elif len(text) == 1:
        how = "one character"
    elif len(text) == 2:
        how = "one bigram"
    else:
        how = f"phrase of {len(text) - 1} bigrams (checking {len(cover_offsets(len(text)))})"
    return f"exact {text!r} in {where} [{how}]  ← {shown}"


def _lines(node: Node, mode: str, depth: int, out: list[str]) -> None:
    pad = "  " * depth
    if isinstance(node, And):
        out.append(pad + "ALL of:")
        for c in node.children:
            _lines(c, mode, depth + 1, out)
    elif isinstance(node, Or):
        out.append(pad + "ANY of:")
        for c in node.children:
            _lines(c, mode, depth + 1, out)
    elif isinstance(node, Not):
        out.append(pad + "NOT:")
        _lines(node.child, mode, depth + 1, out)
    elif isinstance(node, Term):
        out.append(pad + _term(node, mode))
    elif isinstance(node, DateRange):
        out.append(pad + f"date {_fmt_date(node.low)} .. {_fmt_date(node.high)}  ← {node.text!r}")
    elif isinstance(node, PageMatch):
        if node.name is not None:
            out.append(pad + f"page named {node.name!r}")
        else:
            lo = "…" if node.low is None else node.low
            hi = "…" if node.high is None else node.high
            out.append(pad + f"page {lo} .. {hi}")
    elif isinstance(node, Resolved):
        out.append(pad + f"{node.field}: {node.value!r}")


def explain_tree(node: Node, mode: str) -> str:
    out: list[str] = [f"mode: {mode}"]
    _lines(node, mode, 0, out)
    return "\n".join(out)
