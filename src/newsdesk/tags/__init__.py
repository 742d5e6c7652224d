"""Passages and tags: what archivists mark in articles, kept safe through every change.

    TagService(store)            tag, retag, note, rename/merge/delete tags, colours (service)
      │  each call one transaction; the Library takes the writer lock around it
      ▼
    passages table               article id, start/end (code points into Article.text),
                                 quote, ~32 characters of prefix/suffix, note, times, orphaned
      ▲
    anchoring.on_articles_changed   called by import and corrections when texts change:
                                 exact place → quote with its context → fuzzy → orphan (kept)
      │
    export / cite                CSV (formula-safe), W3C Web Annotation JSON (and back),
                                 Markdown by tag; GB/T 7714 citations (作者. 题名[N]. 报纸名, 日期(版次).)

`model` holds the frozen Passage and the rules for tag names (`地区/郑州/高新区`, where
filtering by `地区` includes its children).
"""
