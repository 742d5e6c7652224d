"""Plain-text rendering of an article, as a newspaper reader expects it (CLI and clipboard)."""

from __future__ import annotations

from newsdesk.domain import Article

ROLE_LABELS = {
    "reporter": "记者",
    "correspondent": "通讯员",
    "photographer": "摄影",
    "commentator": "评论员",
    "editor": "编辑",
    "author": "作者",
}


def byline_text(article: Article) -> str:
    """Bylines as one line: 记者 刘地 通讯员 贾霖."""
    return "  ".join(f"{ROLE_LABELS.get(b.role, b.role)} {b.name}" for b in article.bylines)


def article_as_text(article: Article) -> str:
    """Kicker, title, subtitle, bylines, body with section heads, captions: as plain text."""
    lines: list[str] = []
    if article.kicker:
        lines.append(article.kicker)
    lines.append(article.title)
    if article.subtitle:
        lines.append(article.subtitle)
    meta = " · ".join(x for x in (article.date, article.source, article.page and f"第{article.page}版") if x)
    if meta:
        lines.append(meta)
    if article.bylines:
        lines.append(byline_text(article))
    lines.append("")
    heads: dict[int, list[str]] = {}
    for h in article.section_heads:
        heads.setdefault(h.paragraph, []).append(h.text)
    paragraphs = article.paragraphs
    for i, para in enumerate(paragraphs):
        for head in heads.get(i, []):
            lines.extend(["", f"【{head}】"])
        lines.append("　　" + para)
    for head in heads.get(len(paragraphs), []):
        lines.extend(["", f"【{head}】"])
    if article.captions:
        lines.append("")
        lines.extend(f"〔图〕{c}" for c in article.captions)
    if article.photo_credits:
        lines.extend(f"〔供图〕{c}" for c in article.photo_credits)
    return "\n".join(lines)
