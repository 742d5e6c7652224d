"""The search index (Whoosh, derived from the library's database and rebuildable from it).

`SearchIndex` is the only door: open/create, batch writes, search with exact totals, hit spans,
snippets and facets, and `explain`. A search evaluates (`engine`: docnums and scores, ranked
and counted) and then presents (`snippets.present`: the page's spans and snippets, as plain text
and offsets; marks are drawn by whoever shows them). Modules: `schema` (fields, what an Article
puts in them),
`postings` (one term's posting list as bytes), `codec` (the term dictionary and posting files,
as a Whoosh codec), `segments` (building and merging segments), `writer` (batches, merge
policy, commit), `field_formats` (the fields' Whoosh formats), `query` (the query language), `engine`
(evaluation and BM25F on numpy arrays), `match` (what an evaluation gives: matches and marks),
`snapshot` (bulk reads per index generation), `snippets`, `facets`, `explain`, `integrity`
(checksums), `search_index` (`SearchIndex`).
"""

import newsdesk.index._whoosh_compat  # noqa: F401  (first: before anything imports whoosh)
from newsdesk.index.search_index import SCHEMA_VERSION, SearchIndex

__all__ = ["SCHEMA_VERSION", "SearchIndex"]
