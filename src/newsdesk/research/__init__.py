"""The reporter's research desk: what a reporter does with a whole result set, not one page.

Each module is plain Python over a query's `Selection` (every match's id and date, from the
index) and the record's texts: `timeline` (matches per year or month, several queries compared),
`batch` (a list of terms, each one's total and first and last date), `kwic` (a concordance of
every occurrence), `export` (all hits as CSV, Markdown, RIS or a GB/T 7714 list) and `saved`
(named searches that watch the archive for new articles). The `Library` facade is their door.
"""
