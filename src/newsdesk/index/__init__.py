"""The search index (Whoosh, derived from the library's database and rebuildable from it).

`SearchIndex` is the only door: open/create, batch writes, search with exact totals, hit spans,
snippets and facets, and `explain`. Modules: `schema` (fields, what an Article puts in them),
`postings` (one term's posting list as bytes), `codec` (the term dictionary and posting files,
as a Whoosh codec), `segments` (building and merging segments), `writer` (batches, merge
policy, commit), `formats` (the fields' Whoosh formats), `query` (the query language), `engine`
(evaluation and BM25F on numpy arrays), `match` (what an evaluation gives: matches and marks),
`snapshot` (bulk reads per index generation), `snippets`, `facets`, `explain`, `searcher`
(`SearchIndex`).
"""

from newsdesk.index.searcher import SCHEMA_VERSION, SearchIndex
from newsdesk.index.writer import IndexWriter

__all__ = ["SCHEMA_VERSION", "IndexWriter", "SearchIndex"]
