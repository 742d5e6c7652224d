"""The search index (Whoosh, derived from the library's database and rebuildable from it).

`SearchIndex` is the only door: open/create, batch writes, search with exact totals, hit spans,
snippets and facets, and `explain`. Modules: `schema` (fields, Article → document), `formats`
(compact posting formats), `writer`, `query` (the query language), `engine` (evaluation and
BM25F), `snapshot` (bulk reads per index generation), `snippets`, `facets`, `explain`,
`searcher` (`SearchIndex`).
"""

from newsdesk.index.searcher import SCHEMA_VERSION, SearchIndex
from newsdesk.index.writer import IndexWriter

__all__ = ["SCHEMA_VERSION", "IndexWriter", "SearchIndex"]
