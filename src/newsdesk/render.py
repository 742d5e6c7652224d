"""Plain-text rendering of an article, as a newspaper reader expects it (CLI and clipboard)."""

from __future__ import annotations

from newsdesk.domain import Article, Marks, Spans, byline_labels

MARK_OPEN, MARK_CLOSE = "«", "»"  # around a hit, here and in snippets


def byline_text(article: Article) -> str:
    """Bylines as one line, each person once: 记者 刘地  通讯员 贾霖  记者·摄影 向高彬."""
    return "  ".join(byline_labels(article.bylines))


def marked(text: str, spans: Spans) -> str:
    """`text` with each (merged, ascending) span marked «like this»."""
    out, at = [], 0
    for s, e in spans:
        out += [text[at:s], MARK_OPEN, text[s:e], MARK_CLOSE]
        at = e
    out.append(text[at:])
    return "".join(out)


def article_as_text(article: Article, marks: Marks | None = None) -> str:
    """Kicker, title, subtitle, bylines, the editor's note, body with section heads, the
    author's note, captions: as plain text, with `marks` (a query's, see `Library.marks`) shown
    «like this»."""
    m = marks or Marks()
    paragraphs = marked(article.text, m.text).split("\n")  # (no span holds a line break)
    lines: list[str] = []
    if article.kicker:
        lines.append(marked(article.kicker, m.kicker))
    lines.append(marked(article.title, m.title))
    if article.subtitle:
        lines.append(marked(article.subtitle, m.subtitle))
    meta = " · ".join(x for x in (article.date, article.source, article.page and f"第{article.page}版") if x)
    if meta:
        lines.append(meta)
    if article.bylines:
        lines.append(byline_text(article))
    lines.append("")
    if article.note:
        lines.extend(f"　　{line}" for line in marked(article.note, m.note).split("\n"))
        lines.append("")
    heads: dict[int, list[str]] = {}
    marked_heads = _each(tuple(h.text for h in article.section_heads), m.section_heads)
    for h, head in zip(article.section_heads, marked_heads, strict=True):
        heads.setdefault(h.paragraph, []).append(head)
    for i, para in enumerate(paragraphs):
        for head in heads.get(i, []):
            lines.extend(["", f"【{head}】"])
        lines.append("　　" + para)
    for head in heads.get(len(paragraphs), []):
        lines.extend(["", f"【{head}】"])
    if article.author_note:
        lines.append("　　" + marked(article.author_note, m.author_note))
    if article.captions:
        lines.append("")
        lines.extend(f"〔图〕{c}" for c in _each(article.captions, m.captions))
    if article.photo_credits:
        lines.extend(f"〔供图〕{c}" for c in _each(article.photo_credits, m.photo_credits))
    return "\n".join(lines)


def _each(texts: tuple[str, ...], spans: tuple[Spans, ...]) -> list[str]:
    """Each text marked with its own spans (none where `spans` stops short: no marks asked)."""
    return [marked(t, spans[k] if k < len(spans) else ()) for k, t in enumerate(texts)]
