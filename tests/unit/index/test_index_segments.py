"""The compact codec, segment building and merging: posting lists round-trip, an index churned
through many small segments, merges, updates and deletions answers exactly as brute force and as
a fresh one-segment index, Whoosh's own reader API works on it, and a cancelled batch leaves no
files behind."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from whoosh import index as whoosh_index

from newsdesk.index import SearchIndex, postings, writer
from newsdesk.index.postings import COUNTS, IDS, POSITIONS, decode, decode_arrays, decode_lazy, encode
from newsdesk.zh.normalize import normalize_term

from .conftest import SAMPLE, fetcher
from .test_index_recall import brute_force, haystacks, random_substrings


@st.composite
def posting_lists(draw):  # type: ignore[no-untyped-def]
    kind = draw(st.sampled_from([IDS, COUNTS, POSITIONS]))
    top = draw(st.sampled_from([200, 60_000, 5_000_000]))
    ids = sorted(draw(st.sets(st.integers(0, top), min_size=1, max_size=60)))
    if kind == IDS:
        return kind, ids, None, None
    if kind == COUNTS:
        return kind, ids, draw(st.lists(st.integers(1, 400), min_size=len(ids), max_size=len(ids))), None
    counts, positions = [], []
    for _ in ids:
        poses = sorted(draw(st.sets(st.integers(0, top), min_size=1, max_size=5)))
        counts.append(len(poses))
        positions.extend(poses)
    return kind, ids, counts, positions


@settings(max_examples=300, deadline=None)
@given(posting_lists())
def test_posting_lists_round_trip(plist) -> None:  # type: ignore[no-untyped-def]
    kind, ids, counts, positions = plist
    blob = encode(kind, ids, counts, positions)
    for p in (decode(kind, blob), decode_arrays(kind, blob)):
        assert list(p.ids) == ids
        if kind == COUNTS:
            assert list(p.counts) == [min(c, 255) for c in counts]
        if kind == POSITIONS:
            assert list(p.counts) == counts and list(p.positions) == positions


def test_long_lists_are_compressed_and_damaged_ones_say_so() -> None:
    from newsdesk.index.codec import _decode_checked
    from newsdesk.index.postings import DamagedList

    ids = list(range(0, 30_000, 3))
    blob = encode(COUNTS, ids, [1 + i % 3 for i in range(len(ids))])
    assert blob[0] == 1 and len(blob) < len(ids) // 4  # compressed (LZ4), to a quarter or less
    assert list(decode_arrays(COUNTS, blob).ids) == ids
    damaged = blob[:1] + bytes(b ^ 0x5A for b in blob[1:40]) + blob[40:]
    with pytest.raises(DamagedList):
        _decode_checked(COUNTS, damaged)
    with pytest.raises(DamagedList):
        _decode_checked(COUNTS, blob[: len(blob) // 2])


@settings(max_examples=300, deadline=None)
@given(posting_lists().filter(lambda p: p[0] == POSITIONS), st.sampled_from([1, 2, 5, 16]), st.data())
def test_split_positional_lists_round_trip_and_read_positions_in_place(plist, split_min: int, data) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    from newsdesk.index.postings import encode_arrays

    _, ids, counts, positions = plist
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(postings, "SPLIT_MIN", split_min)  # (the writer's choice: the flag byte records it)
        blob = encode(POSITIONS, ids, counts, positions)
        arrays = [np.array(x, dtype=np.int64) for x in (ids, counts, positions)]
        assert encode_arrays(POSITIONS, *arrays) == blob
    assert (blob[0] == 2) == (len(ids) >= split_min)
    for p in (decode(POSITIONS, blob), decode_arrays(POSITIONS, blob)):
        assert (list(p.ids), list(p.counts), list(p.positions)) == (ids, counts, positions)
    head, lazy = decode_lazy(POSITIONS, b"??" + blob + b"!", 2, 2 + len(blob))
    assert lazy is not None and head.positions is None
    assert (head.ids.tolist(), head.counts.tolist()) == (ids, counts)
    starts = [0]
    for c in counts:
        starts.append(starts[-1] + c)
    sel = sorted(data.draw(st.sets(st.integers(0, len(ids) - 1))))
    got = lazy.take(np.array(sel, dtype=np.int64))
    assert got.dtype == np.int64
    assert got.tolist() == [x for i in sel for x in positions[starts[i] : starts[i + 1]]]
    assert lazy.take().tolist() == positions  # (all of them)
    if blob[0] == 2:  # nothing decoded or kept but the run starts
        assert lazy.nbytes == lazy.starts.nbytes


@settings(max_examples=300, deadline=None)
@given(posting_lists(), st.integers(0, 70_000))
def test_numpy_encoding_and_rebasing_write_what_encode_writes(plist, base: int) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    from newsdesk.index.postings import encode_arrays, rebased

    kind, ids, counts, positions = plist
    blob = encode(kind, ids, counts, positions)
    arrays = [np.array(x, dtype=np.int64) if x is not None else None for x in (counts, positions)]
    assert encode_arrays(kind, np.array(ids, dtype=np.int64), *arrays) == blob
    moved = rebased(blob, base)
    if moved is not None:
        assert moved == encode(kind, [d + base for d in ids], counts, positions)


@settings(max_examples=200, deadline=None)
@given(st.lists(posting_lists(), min_size=1, max_size=3), st.sampled_from([3, 256]), st.data())
def test_merging_lists_as_arrays_or_as_python_lists_gives_the_same_list(plists, split_min, data) -> None:  # type: ignore[no-untyped-def]
    mp = pytest.MonkeyPatch()
    mp.setattr(postings, "SPLIT_MIN", split_min)
    try:
        _check_merges(plists, data)
    finally:
        mp.undo()


def _check_merges(plists, data) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    from newsdesk.index import segments

    kind = plists[0][0]
    parts, maps, np_maps, bases, base = [], [], [], [], 0
    for k, (_, ids, counts, positions) in enumerate(plists):
        if kind == COUNTS and counts is None:
            counts = [1] * len(ids)
        if kind == POSITIONS and positions is None:
            counts, positions = [1] * len(ids), list(ids)
        blob = encode(kind, ids, counts if kind != IDS else None, positions if kind == POSITIONS else None)
        n = ids[-1] + 1
        dead = data.draw(st.sets(st.sampled_from(ids))) if data.draw(st.booleans()) else set()
        docmap, live = None, n
        if dead:
            docmap, live = [], 0
            for d in range(n):
                docmap.append(-1 if d in dead else live)
                live += d not in dead
        parts.append((k, blob, len(ids)))
        maps.append((docmap, live))
        np_maps.append(None if docmap is None else np.array(docmap, dtype=np.int64))
        bases.append(base)
        base += live
    as_lists = segments._merged_list(kind, parts, maps, np_maps, bases)
    as_arrays = segments._merged_arrays(kind, parts, np_maps, bases)
    assert as_lists == as_arrays


def _files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def _edited(a, n: int):  # type: ignore[no-untyped-def]
    return dataclasses.replace(a, text=a.text[n:] + f"改写第{n}版", title=a.title + "（更新）")


@pytest.fixture(scope="module")
def churned(corpus, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The corpus articles indexed in 15 commits of tiny segments, with merges every few
    commits, a third of the articles replaced by edited versions and some deleted; positional
    lists of 16 documents or more are split (their positions read in place)."""
    _, articles, _ = corpus
    mp = pytest.MonkeyPatch()
    mp.setattr(postings, "SPLIT_MIN", 16)
    mp.setattr(writer, "FLUSH_CHARS", 30_000)
    mp.setattr(writer, "BASE", 40)
    mp.setattr(writer, "FANOUT", 3)
    rng = random.Random(7)
    current = {a.id: a for a in articles}
    ix = SearchIndex.open(tmp_path_factory.mktemp("churned") / "index")
    try:
        for start in range(0, len(articles), 100):
            with ix.writer() as w:
                w.add(articles[start : start + 100])
                if start:
                    pool = [a.id for a in articles[:start] if a.id in current]
                    edited = [_edited(current[aid], start % 7 + 1) for aid in rng.sample(pool, 20)]
                    w.add(edited)
                    current.update((a.id, a) for a in edited)
                    gone = rng.sample(pool, 4)
                    w.delete(gone)
                    for aid in gone:
                        current.pop(aid, None)
    finally:
        mp.undo()
    live = list(current.values())
    yield ix, live
    ix.close()


def test_a_churned_index_matches_brute_force_and_a_fresh_index(churned, tmp_path: Path) -> None:
    ix, live = churned
    assert ix.ids() == {a.id for a in live}
    leaves = len(ix._snapshot().leaves)
    assert 1 < leaves < 15  # merged, but not into one segment
    fresh = SearchIndex.open(tmp_path / "fresh")
    with fresh.writer() as w:
        w.add(live)
    fetch = fetcher(live)
    brute = {a.id: haystacks(a) for a in live}
    for s in [*random_substrings(live, random.Random(3), 120), "（更新）", "改写第3版", "经济"]:
        r = ix.search(f'"{s}"', fetch=fetch, limit=1000)
        f = fresh.search(f'"{s}"', fetch=fetch, limit=1000)
        assert r.total == f.total == len(brute_force(brute, normalize_term(s))), s
        if r.total <= 1000:
            assert (
                {h.id for h in r.hits} == {h.id for h in f.hits} == brute_force(brute, normalize_term(s))
            ), s
    fresh.close()


def test_a_terms_sparse_match_ranks_as_its_dense_arrays_do(churned) -> None:  # type: ignore[no-untyped-def]
    from newsdesk.index.engine import Evaluator
    from newsdesk.index.match import Match
    from newsdesk.index.query import parse
    from newsdesk.index.search_index import _rank

    ix, live = churned
    snap = ix._snapshot()
    sparse_seen = 0
    queries = [*random_substrings(live, random.Random(11), 60), "经济 发展", "经济 OR 改写", "经济 -发展"]
    for s in queries:
        sparse = Evaluator(snap, s, "exact").run(parse(s))
        other = Evaluator(snap, s, "exact").run(parse(s))
        dense = Match(other.mask.copy(), other.score.copy())  # (the arrays a sparse match makes)
        third = Evaluator(snap, s, "exact").run(parse(s))
        third.score  # noqa: B018 (scores first, then the mask: the same documents)
        assert third.mask.tolist() == other.mask.tolist(), s
        if sparse.docs is not None:
            sparse_seen += 1
            assert sparse.docs.tolist() == dense.mask.nonzero()[0].tolist(), s
            assert sparse.values.tolist() == dense.score[sparse.docs].tolist(), s
        for sort in ("relevance", "date", "-date"):
            for offset, limit in ((0, 20), (3, 5), (0, 1000)):
                assert _rank(snap, sparse, sort, offset, limit) == _rank(snap, dense, sort, offset, limit), s
    assert sparse_seen >= 50  # (a single term's evaluation stays sparse)


def test_an_and_matches_and_scores_as_its_children_over_every_document(churned) -> None:  # type: ignore[no-untyped-def]
    """AND keeps its result as docnums and summed scores while its children allow: the same
    documents and scores as adding the children's arrays over every document, rarest first,
    each child restricted to what matched before it (what AND did before it stayed sparse)."""
    import numpy as np

    from newsdesk.index.engine import Evaluator
    from newsdesk.index.query import And, Not, parse

    ix, live = churned
    snap = ix._snapshot()
    rng = random.Random(13)
    words = random_substrings(live, rng, 90)
    years = sorted({a.date[:4] for a in live if a.date})
    titles = [a.title[:2] for a in rng.sample(live, 20) if len(a.title) >= 2]
    queries = [
        "经济 发展",
        "经济 -发展",
        f"date:{years[0]}",
        f"-经济 date:{years[-1]}",
        "经济 (发展 OR 改写)",
    ]
    for i in range(0, 90, 3):
        a, b, c = (f'"{w}"' for w in words[i : i + 3])
        year = rng.choice(years)
        queries += [
            f"{a} {b}",
            f"{a} {b} {c}",
            f"{a} date:{year}",
            f"date:{year} {a} -{b}",
            f'title:"{rng.choice(titles)}" date:{year}',
            f"{a} -{b} -{c}",
            f"{a} ({b} OR {c})",
            f"{a} (date:{year} -{b})",
            f"{a[1:2]} {b}",
        ]
    sparse_seen = 0
    for s in queries:
        tree = parse(s)
        if not isinstance(tree, And):
            continue
        ev = Evaluator(snap, s, "exact")
        got = ev.run(tree)
        # (the arrays, as AND made them before)
        ref = Evaluator(snap, s, "exact")
        mask, score = None, np.zeros(snap.doc_count_all)
        for part in sorted((c for c in tree.children if not isinstance(c, Not)), key=ref._cost):
            m = ref.eval(part, mask, True)
            mask = m.mask if mask is None else mask & m.mask
            score += m.score
        if mask is None:
            mask = snap.live_mask().copy()
        for negated in (c for c in tree.children if isinstance(c, Not)):
            mask = mask & ~ref.eval(negated.child, mask, False).mask
        sparse_seen += got.docs is not None
        docs = mask.nonzero()[0]
        assert got.mask.nonzero()[0].tolist() == docs.tolist(), s
        assert np.allclose(got.scores_of(docs), score[docs], rtol=1e-12, atol=0), s
    assert sparse_seen >= 80


@pytest.mark.parametrize("dense", [False, True])
def test_the_word_bonus_counts_documents_with_the_word_in_any_group(churned, dense, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """(Both ways of scoring a word at the documents: searching its list for each, and
    scattering its list over every docnum then gathering, which is taken for many.)"""
    import numpy as np

    from newsdesk.index import engine
    from newsdesk.index.engine import K1, B, Evaluator, _idf
    from newsdesk.index.schema import GROUP_BOOST, GROUPS

    monkeypatch.setattr(engine, "DENSE_SHARE", 1 << 40 if dense else 0)
    ix, _ = churned
    snap = ix._snapshot()
    ev = Evaluator(snap, "", "exact")
    rng = random.Random(5)
    words = sorted({w for g in GROUPS for w, _ in _terms(snap, g + "_w")})
    tried = set()
    for word in rng.sample(words, 150):
        lists = [snap.postings(g + "_w", word).ids for g in GROUPS if snap.doc_frequency(g + "_w", word)]
        if max(snap.doc_frequency(g + "_w", word) for g in GROUPS) * 2 > ev.n_docs or not lists:
            continue
        tried.add(len(lists))
        docs = np.array(sorted(rng.sample(range(snap.doc_count_all), 40)), dtype=np.int64)
        expected = np.zeros(len(docs))
        for g in GROUPS:
            p = snap.postings(g + "_w", word)
            counts = dict(zip(p.ids.tolist(), p.counts.tolist(), strict=True))
            weights = snap.bm25_weights(g, GROUP_BOOST[g], B)
            expected += [counts.get(d, 0) * weights[d] for d in docs.tolist()]
        having = len(set().union(*(ids.tolist() for ids in lists)))
        idf = _idf(ev.n_docs, min(ev.n_docs, having))
        got = ev._words_score([word], GROUPS, docs)
        assert got is not None
        assert np.allclose(got, idf * expected / (K1 + expected)), word
        monkeypatch.setattr(engine, "DENSE_SHARE", 0 if dense else 1 << 40)
        assert np.array_equal(ev._words_score([word], GROUPS, docs), got), word  # (to the bit)
        monkeypatch.setattr(engine, "DENSE_SHARE", 1 << 40 if dense else 0)
    assert {1, 2} <= tried


def _terms(snap, field: str):  # type: ignore[no-untyped-def]
    for seg, _ in snap.leaves:
        for term, _blob, df in seg._terms.field_items(field):
            yield term.decode("utf-8"), df


def test_ids_are_read_from_the_id_column_as_stored(churned, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from newsdesk.index import snapshot

    ix, _ = churned
    snap = snapshot.Snapshot(ix._ix.reader())
    try:
        docnums = list(range(snap.doc_count_all))
        stored = [snap.reader.stored_fields(d)["id"] for d in docnums]
        assert len(snap.leaves) > 1
        # A page's ids are read one by one, before (and without) reading every id.
        few = docnums[:: max(1, len(docnums) // 60)][::-1]
        assert snap.ids_of(few) == [stored[d] for d in few]
        assert snap._ids is None and snap._id_columns is not None
        assert all(snap._id_columns)  # (from every segment)
        assert snap.ids_of(docnums) == stored
        assert snap.ids_of(docnums[::-7]) == stored[::-7]
        for seg, base in snap.leaves:  # ... and, one by one, from a column reader without them
            plain = snapshot._IdColumn(_PlainSegment(seg))
            assert plain.ends is None
            n = seg.doc_count_all()
            assert [plain.id(d) for d in range(0, n, 3)] == stored[base : base + n : 3]
        # A column reader without the fast path's internals is read value by value, alike.
        real = snapshot._read_ids
        monkeypatch.setattr(snapshot, "_read_ids", lambda seg: real(_PlainSegment(seg)))
        snap._ids = None
        assert snap.ids_of(docnums) == stored
    finally:
        snap.close()


class _PlainSegment:
    """A segment whose column readers offer nothing but item access."""

    def __init__(self, seg) -> None:  # type: ignore[no-untyped-def]
        self.doc_count_all = seg.doc_count_all
        self._seg = seg

    def column_reader(self, name: str, translate: bool = False):  # type: ignore[no-untyped-def]
        reader = self._seg.column_reader(name, translate=translate)
        return type("Items", (), {"__getitem__": lambda _, d: reader[d]})()


@pytest.mark.parametrize("deleted", [False, True])
def test_bm25_weights_are_the_formula_over_the_live_documents_average(sample_index, deleted) -> None:  # type: ignore[no-untyped-def]
    from newsdesk.index.engine import B
    from newsdesk.index.schema import GROUP_BOOST, GROUPS

    ix, _ = sample_index
    if deleted:
        with ix.writer() as w:
            w.delete(sorted(ix.ids())[::3])
    snap = ix._snapshot()
    live = snap.live_mask()
    assert bool((~live).any()) == deleted
    for g in GROUPS:
        lengths = np.array(snap.lengths(g), dtype=np.float64)
        avg = max(lengths[live].sum() / live.sum(), 1.0)
        assert snap.average_length(g) == avg
        want = GROUP_BOOST[g] / (1.0 - B + B * lengths / avg)  # (the formula as written)
        assert np.array_equal(snap.bm25_weights(g, GROUP_BOOST[g], B), want)  # (to the bit)


def test_a_few_values_of_a_keyword_field_find_what_all_its_lists_find(churned) -> None:  # type: ignore[no-untyped-def]
    from newsdesk.index import snapshot

    ix, _ = churned
    rng = random.Random(3)
    for field in ("author", "section", "source"):
        fresh = snapshot.Snapshot(ix._ix.reader())
        read = snapshot.Snapshot(ix._ix.reader())
        try:
            read.keyword_postings(field)
            n = len(fresh.lexicon(field))
            assert n
            for k in (1, 2, min(n, snapshot.FEW_VALUES)):
                values = rng.sample(range(n), min(k, n))
                got = fresh.keyword_docnums(field, values)
                assert field not in fresh._kw_postings  # (read value by value)
                assert sorted(got.tolist()) == sorted(read.keyword_docnums(field, values).tolist())
        finally:
            fresh.close()
            read.close()


def test_a_term_table_finds_alike_before_and_after_it_keeps_a_sample(sample_index, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from bisect import bisect_left

    from newsdesk.index import codec

    ix, _ = sample_index
    snap = ix._snapshot()
    for seg, _ in snap.leaves:
        for name in seg._terms.indexed_field_names():
            t = seg._terms.table(name)
            terms = [t.term(i) for i in range(t.n)]
            assert terms == sorted(terms)
            probes = (
                terms + [x + b"\0" for x in terms[::3]] + [x[:-1] for x in terms[::5]] + [b"", b"\xff\xff"]
            )
            want = [bisect_left(terms, p) for p in probes]
            for after in (1 << 40, 0):  # binary search alone; the sample first
                monkeypatch.setattr(codec, "SAMPLE_AFTER", after)
                t.sample, t.lookups = None, 0
                assert [t.bisect(p) for p in probes] == want, (name, after)
                assert (t.sample is None) == bool(after)


def test_a_closed_reader_unmaps_its_files_though_its_tables_were_read_in_place(sample_index) -> None:  # type: ignore[no-untyped-def]
    """(A file still mapped cannot be deleted on Windows: a merged-away segment would stay.)"""
    import mmap

    from whoosh.reading import SegmentReader

    ix, _ = sample_index
    seg = ix._ix._segments()[0]
    reader = SegmentReader(ix._ix.storage, ix._ix.schema, seg)
    terms = reader._terms
    for name in terms.indexed_field_names():
        t = terms.table(name)
        assert t is not None and isinstance(t.toff, memoryview)  # (views of the map)
        terms.doc_frequency(name, t.term(t.n // 2))
    maps = [m for m in (terms._tdata, terms._pdata) if isinstance(m, mmap.mmap)]
    assert maps
    reader.close()  # (`t` still holds one of its tables here)
    assert all(m.closed for m in maps)
    with pytest.raises(ValueError):  # (a table of a closed reader is not read from a stale map)
        t.toff[0]


def test_a_closed_snapshot_unmaps_the_posting_files_its_cached_lists_read_in_place(  # type: ignore[no-untyped-def]
    tmp_path, monkeypatch
) -> None:
    """A split list in the snapshot's list cache keeps the mapped posting file to read its
    positions from, but no view of it (a view is made per read and dropped): closing the index
    closes the map though the cache is still alive (a file still mapped cannot be deleted on
    Windows, so a merged-away segment would stay on disk)."""
    import mmap

    monkeypatch.setattr(postings, "SPLIT_MIN", 2)
    ix = SearchIndex.open(tmp_path / "index")
    with ix.writer() as w:
        w.add(SAMPLE)
    assert ix.search('"经济发展"', fetch=fetcher(SAMPLE)).total
    snap = ix._snapshot()
    maps = [seg._terms._pdata for seg, _ in snap.leaves]
    assert maps and all(isinstance(m, mmap.mmap) and not m.closed for m in maps)
    assert any(pool.entries for pool in snap._pools)
    ix.close()
    assert all(m.closed for m in maps)


def test_a_small_posting_cache_stays_small_and_answers_the_same(churned, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from newsdesk.index import snapshot

    ix, live = churned
    fetch = fetcher(live)
    queries = [f'"{s}"' for s in random_substrings(live, random.Random(5), 40)]
    ix._reset_snapshot()
    expected = [[(h.id, h.score, h.spans) for h in ix.search(q, fetch=fetch, limit=50).hits] for q in queries]
    monkeypatch.setattr(snapshot, "CACHE_BYTES", 6000)
    monkeypatch.setattr(snapshot, "SMALL_CACHE_BYTES", 3000)
    monkeypatch.setattr(snapshot, "LARGE_BYTES", 700)
    ix._reset_snapshot()
    sizes: set[bool] = set()
    for q, want in zip(queries, expected, strict=True):
        assert [(h.id, h.score, h.spans) for h in ix.search(q, fetch=fetch, limit=50).hits] == want, q
        snap = ix._snapshot()
        for pool in snap._pools:
            assert pool.bytes <= pool.budget or len(pool.entries) == 1
            assert pool.bytes == sum(e.size for e in pool.entries.values())
            sizes.update(e.size >= snapshot.LARGE_BYTES for e in pool.entries.values())
        assert all(e.size >= snapshot.LARGE_BYTES for e in snap._pools[0].entries.values())
        assert all(e.size < snapshot.LARGE_BYTES for e in snap._pools[1].entries.values())
    assert sizes == {True, False}  # both pools were used
    ix._reset_snapshot()


def test_whoosh_reader_api_reads_the_compact_codec(sample_index) -> None:  # type: ignore[no-untyped-def]
    ix, _ = sample_index
    wix = whoosh_index.open_dir(str(ix.folder))
    with wix.searcher() as s:
        assert s.document_number(id="tw-1") is not None
        r = s.reader()
        assert list(r.lexicon("page")) == sorted({b"05", b"A3"})
        assert r.doc_frequency("body", "经济") == 4  # 經濟 folds to 经济
        assert r.doc_frequency("body", "不在") == 0
        m = r.postings("body", "经济")
        assert len(list(m.all_ids())) == 4
        assert [t for _, t in r.terms_from("source", "中央")][:1] == [
            "中央广播电视总台《新闻联播》(央视网文字稿)".encode()
        ]
        assert ("id", b"en-1") in r
    wix.close()


def test_a_cancelled_batch_leaves_no_files(sample_index) -> None:  # type: ignore[no-untyped-def]
    ix, fetch = sample_index
    before = _files(ix.folder)
    with pytest.raises(RuntimeError), ix.writer() as w:
        w.add([dataclasses.replace(a, id=a.id + "-x") for a in SAMPLE])
        w.delete(["tw-1"])
        raise RuntimeError("stop")
    assert _files(ix.folder) == before
    assert ix.search('"經濟"', fetch=fetch).total == 4


def test_merge_plan_takes_a_full_tier_and_mostly_deleted_segments(monkeypatch) -> None:
    monkeypatch.setattr(writer, "BASE", 10)
    monkeypatch.setattr(writer, "FANOUT", 3)

    class Seg:
        def __init__(self, n: int, dead: int = 0) -> None:
            self.n, self.dead = n, dead

        def doc_count_all(self) -> int:
            return self.n

        def doc_count(self) -> int:
            return self.n - self.dead

        def deleted_count(self) -> int:
            return self.dead

    big, half_dead = Seg(500), Seg(100, 60)
    small = [Seg(5), Seg(6), Seg(7)]
    mid = [Seg(20), Seg(25)]
    keep, groups = writer.plan_merges([big, half_dead, *small, *mid])
    assert [half_dead] in groups and small in groups
    assert set(map(id, keep)) == set(map(id, [big, *mid]))
    keep, groups = writer.plan_merges([big, *mid])
    assert groups == [] and len(keep) == 3
    # a bulk batch (an import that settles at its end) waits for more of a tier
    keep, groups = writer.plan_merges([big, *small, *mid], fanout=4)
    assert groups == [] and len(keep) == 6
    fourth = Seg(8)
    assert writer.plan_merges([big, *small, fourth, *mid], fanout=4)[1] == [[*small, fourth]]
    # settling: all but the largest when it holds half the documents, else all; nothing at two
    assert writer.plan_settle([big, *mid]) == mid
    other = Seg(480)  # 500 of 1025 documents: no segment holds half
    assert writer.plan_settle([big, other, *mid]) == [big, other, *mid]
    assert writer.plan_settle([big, Seg(400), *mid])[0] is not big  # 500 of 945: big stays
    assert writer.plan_settle([big, small[0]]) == []
    # ... and all of them when the settling pass wrote half of the documents or more
    assert writer.plan_settle([big, *mid], written=273) == [big, *mid]
    assert writer.plan_settle([big, small[0]], written=300) == [big, small[0]]
    assert writer.plan_settle([big, *mid], written=272) == mid
    assert writer.plan_settle([big], written=500) == []


def test_settling_a_churned_index_leaves_two_segments_and_the_same_answers(churned, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    ix, live = churned
    copy = SearchIndex.open(Path(shutil.copytree(ix.folder, tmp_path / "copy")))
    before = len(copy._snapshot().leaves)
    assert before > 2
    fetch = fetcher(live)
    queries = [f'"{s}"' for s in random_substrings(live, random.Random(11), 60)]
    queries += ['"经济"', "title:（更新）"]
    want = [[(h.id, h.score, h.spans) for h in copy.search(q, fetch=fetch, limit=200).hits] for q in queries]
    copy.settle()
    assert len(copy._snapshot().leaves) <= 2
    assert copy.ids() == {a.id for a in live}
    for q, w in zip(queries, want, strict=True):
        assert [(h.id, h.score, h.spans) for h in copy.search(q, fetch=fetch, limit=200).hits] == w, q
    files = _files(copy.folder)
    copy.settle()  # nothing left to merge: no new generation, no new files
    assert _files(copy.folder) == files
    copy.close()


def test_a_merge_reads_its_lists_without_mapping_them_in(churned) -> None:  # type: ignore[no-untyped-def]
    from whoosh.reading import SegmentReader

    ix, _live = churned
    if _rss_file_kb() is None:
        pytest.skip("no /proc/self/status here")
    for seg in ix._ix._segments():
        reader = SegmentReader(ix._ix.storage, ix._ix.schema, seg)
        try:
            terms = reader._terms
            names = list(terms._toc)
            for name in names:  # (the term tables are read in place, mapped: not what is measured)
                t = terms.table(name)
                for i in range(t.n):
                    t.term(i), t.poff[i + 1], t.df[i]
            rss = _rss_file_kb()
            read = sum(len(blob) for name in names for _, blob, _ in terms.field_items(name))
            grown = _rss_file_kb()
        finally:
            reader.close()
        assert rss is not None and grown is not None
        assert (grown - rss) * 1024 < max(read // 2, 64 * 1024), (rss, grown, read)


def test_cached_posting_lists_are_read_only_and_renewed_by_a_commit(sample_index) -> None:  # type: ignore[no-untyped-def]
    ix, fetch = sample_index
    first = ix.search('"经济"', fetch=fetch)
    p = ix._snapshot().postings("body", "经济")
    assert ix._snapshot().postings("body", "经济") is p  # from the cache
    with pytest.raises(ValueError):
        p.ids[0] = 99
    repeat = ix.search('"经济"', fetch=fetch)
    assert [(h.id, h.score, h.spans) for h in repeat.hits] == [(h.id, h.score, h.spans) for h in first.hits]
    with ix.writer() as w:
        w.add([dataclasses.replace(SAMPLE[0], id="new-1")])
    again = ix.search('"经济"', fetch=fetch)
    assert again.total == first.total + 1
    assert ix._snapshot().postings("body", "经济") is not p


def test_warm_up_loads_every_term_table(sample_index) -> None:  # type: ignore[no-untyped-def]
    ix, fetch = sample_index
    before = ix.search('"经济"', fetch=fetch)
    snap = ix._snapshot()
    fields = [set(seg._terms.indexed_field_names()) for seg, _ in snap.leaves]
    assert any(set(seg._terms._tables) != f for (seg, _), f in zip(snap.leaves, fields, strict=True))
    ix.warm_up()
    for seg, _ in snap.leaves:
        assert set(seg._terms._tables) == set(seg._terms.indexed_field_names())
        assert all(t.sample is not None for t in seg._terms._tables.values())
    assert set(snap._kw_postings) == set(snap._joined) == {"author", "section", "source"}
    after = ix.search('"经济"', fetch=fetch)
    assert [(h.id, h.score) for h in after.hits] == [(h.id, h.score) for h in before.hits]


def test_searches_and_a_warm_up_do_not_load_rjieba_or_urllib(sample_index) -> None:  # type: ignore[no-untyped-def]
    """rjieba's dictionary (about 0.1 s, holding the GIL) is for an import's words: a search's
    words (the word bonus, word mode) come from `word_table`, so a cold start never pays it.
    Nor does it pay for `urllib.request` (http, email, ssl), which whoosh.compat imports."""
    import subprocess
    import sys

    ix, _ = sample_index
    code = (
        "import sys\n"
        "from newsdesk.index import SearchIndex\n"
        f"ix = SearchIndex.open({str(ix.folder)!r})\n"
        "for q, mode in (('经', 'exact'), ('经济', 'exact'), ('经济发展', 'words')):\n"
        "    assert ix.search(q, mode=mode, fetch=lambda ids: {}).total, q\n"
        "ix.warm_up()\n"
        "assert 'rjieba' not in sys.modules\n"
        "assert not {'urllib.request', 'http.client', 'ssl'} & set(sys.modules), sys.modules.keys()\n"
        "ix.close()\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_whoosh_compat_urlretrieve_still_retrieves(tmp_path: Path) -> None:
    """whoosh.compat's `urlretrieve` (a stand-in, see `_whoosh_compat`) imports the real one when
    called, and `urllib.request` imported afterwards is the real module."""
    import importlib
    import urllib.request

    import newsdesk.index  # noqa: F401

    compat = importlib.util.find_spec("whoosh.compat")
    source = tmp_path / "a.txt"
    source.write_text("经济", encoding="utf-8")
    if compat is not None:  # (whoosh 2.7; whoosh3 has none)
        whoosh_compat = importlib.import_module("whoosh.compat")
        whoosh_compat.urlretrieve(source.as_uri(), tmp_path / "b.txt")
        assert (tmp_path / "b.txt").read_text(encoding="utf-8") == "经济"
    assert hasattr(urllib.request, "urlopen")


def _rss_file_kb() -> int | None:
    """This process's resident file-backed memory (Linux), or None."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("RssFile:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def test_warm_up_reads_the_index_files_within_a_budget(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from newsdesk.index import codec, search_index

    ix = SearchIndex.open(tmp_path / "index")
    with ix.writer() as w:
        w.add([dataclasses.replace(a, id=f"{a.id}-{i}") for i in range(30) for a in SAMPLE])
    snap = ix._snapshot()
    files = [f for f in (tmp_path / "index").iterdir() if f.suffix in (codec.TERMS_EXT, codec.POSTS_EXT)]
    total = sum(f.stat().st_size for f in files)
    assert total > 2 * codec.PREFAULT_CHUNK // 1024 and len(snap.leaves) >= 1
    before = _rss_file_kb()
    assert snap.prefault(1 << 40) == total
    after = _rss_file_kb()
    if before is not None and after is not None:  # (read into the page cache, not mapped in)
        assert (after - before) * 1024 < total // 2, (before, after, total)
    assert snap.prefault(5000) == 5000  # the budget holds
    asked: list[int] = []
    monkeypatch.setattr(search_index, "PREFAULT_BYTES", 12345)
    real = type(snap).prefault
    monkeypatch.setattr(
        type(snap), "prefault", lambda self, budget: asked.append(budget) or real(self, budget)
    )
    ix.warm_up()
    assert asked == [12345]
    fetch = fetcher(SAMPLE)
    assert ix.search("经济", fetch=fetch).total == 4 * 30
    ix.close()
    assert snap.prefault(1 << 40) == 0  # closed: nothing, and no error


def test_whoosh_own_writer_writes_the_compact_codec(tmp_path: Path) -> None:
    # Whoosh's writer (its posting pool and generic field-writer path) with newsdesk's codec
    # makes segments the query engine reads like its own.
    from whoosh import writing

    from newsdesk.index.codec import CompactCodec
    from newsdesk.index.schema import META, date_key, fields_of

    ix = SearchIndex.open(tmp_path / "index")
    wix = whoosh_index.open_dir(str(ix.folder))
    w = wix.writer(codec=CompactCodec(), compound=False)
    for a in SAMPLE:
        aid, texts, keywords, _ = fields_of(a)
        doc: dict[str, object] = {"id": aid, **keywords}
        for g, text in texts.items():
            doc[g] = doc[g + "_c"] = doc[g + "_w"] = text
        lengths = [len(texts.get(g, "")) for g in ("title", "heads", "body", "caption")]
        doc["meta"] = META.pack(date_key(a.date), *lengths)
        w.add_document(**doc)
    w.commit(mergetype=writing.NO_MERGE)
    wix.close()
    fetch = fetcher(SAMPLE)
    fresh = SearchIndex.open(tmp_path / "fresh")
    with fresh.writer() as fw:
        fw.add(SAMPLE)
    queries = ['"经济发展"', '"經濟"', "王珏", '"1.4"', "author:韩旭尔", "section:要闻"]
    queries += ["date:2020..2021", '"好"']
    for q in queries:
        got = ix.search(q, fetch=fetch, limit=50)
        want = fresh.search(q, fetch=fetch, limit=50)
        assert got.total == want.total > 0, q
        shown = [(h.id, h.score, h.spans) for h in want.hits]
        assert [(h.id, h.score, h.spans) for h in got.hits] == shown, q
    ix.close()
    fresh.close()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(1, 50), min_size=2, max_size=9))
def test_a_phrase_is_matched_by_a_least_frequency_cover_and_its_rarest_bigram(dfs: list[int]) -> None:
    import itertools

    from newsdesk.index.engine import phrase_offsets

    chosen = phrase_offsets(dfs)
    m = len(dfs)  # bigrams of a phrase of m + 1 characters

    def covers(offsets) -> bool:  # type: ignore[no-untyped-def]
        return {c for o in offsets for c in (o, o + 1)} == set(range(m + 1))

    assert covers(chosen) and len(set(chosen)) == len(chosen)
    assert [dfs[o] for o in chosen] == sorted(dfs[o] for o in chosen)  # rarest first
    assert min(dfs) == dfs[chosen[0]]
    least = min(
        sum(dfs[o] for o in c)
        for k in range(1, m + 1)
        for c in itertools.combinations(range(m), k)
        if covers(c)
    )
    # the least-frequency cover, plus at most the rarest bigram
    assert sum(dfs[o] for o in chosen) <= least + min(dfs)


class _Dated:
    """What `_rank` reads of a snapshot: per-document dates and the document count."""

    def __init__(self, dates: list[int]) -> None:
        self._dates = np.asarray(dates, dtype=np.int32)  # (as stored; `Snapshot.dates` widens them)
        self.doc_count_all = len(dates)

    def dates(self) -> np.ndarray:
        return self._dates


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from([0, 19900101, 20200305, 20200306, 20251231]), st.integers(0, 6)),
        min_size=1,
        max_size=300,
    ),
    st.integers(0, 40),
    st.integers(1, 30),
    st.booleans(),
)
def test_a_page_by_relevance_is_the_full_sort_of_score_then_newest_then_docnum(
    docs, offset, limit, wide
) -> None:  # type: ignore[no-untyped-def]
    """Many documents tie (a common character scores most alike): the page is still exactly the
    first of every candidate sorted by rounded score, newest first (undated last), docnum."""
    from newsdesk.index.match import Match
    from newsdesk.index.search_index import _rank

    snap = _Dated([d for d, _ in docs])
    scale = 1e6 if wide else 1.0  # (scores past what the counting path takes)
    scores = np.array([level * 0.00105 * scale + 1e-9 * i for i, (_, level) in enumerate(docs)])
    cands = np.arange(len(docs))
    match = Match.sparse(len(docs), cands, scores)
    page, _scores, total = _rank(snap, match, "relevance", offset, limit)  # type: ignore[arg-type]
    order = np.lexsort((cands, -snap.dates().astype(np.int64), -scores.round(4)))
    assert total == len(docs)
    assert page == cands[order][offset : offset + limit].tolist()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from([0, 19900101, 19900102, 20200305, 20251231, 29991231]), min_size=1, max_size=300
    ),
    st.integers(0, 40),
    st.integers(1, 30),
    st.booleans(),
    st.booleans(),
)
@example([0] * 20 + [19900101], 0, 2, False, False)  # (keys past 2**31 from 32-bit dates: undated first)
def test_a_page_by_date_is_the_full_sort_of_date_then_docnum(dates, offset, limit, newest, wide) -> None:  # type: ignore[no-untyped-def]
    """Found by counting dates (or, past what that takes, by a partition), the page is the
    first of every candidate sorted by date (newest or oldest first, undated last), docnum."""
    from newsdesk.index.match import Match
    from newsdesk.index.search_index import _rank

    if not wide:  # (dates within the span counted)
        dates = [d if d != 29991231 else 20251231 for d in dates]
    snap = _Dated(dates)
    cands = np.arange(len(dates))
    match = Match.sparse(len(dates), cands, np.ones(len(dates)))
    page, _scores, total = _rank(snap, match, "-date" if newest else "date", offset, limit)  # type: ignore[arg-type]
    d = np.asarray(dates, dtype=np.int64)
    if newest:
        order = np.lexsort((cands, np.where(d > 0, -d, 1)))
    else:
        order = np.lexsort((cands, np.where(d > 0, d, 99_999_999)))
    assert total == len(dates)
    assert page == cands[order][offset : offset + limit].tolist()


@settings(max_examples=300, deadline=None)
@given(
    st.sets(st.integers(0, 1 << 40), max_size=400),
    st.sets(st.integers(0, 1 << 40), max_size=400),
    st.integers(1, 40),
)
def test_sorted_intersection_merges_or_searches_to_the_same_values(
    a: set[int], b: set[int], ratio: int
) -> None:  # type: ignore[no-untyped-def]
    from newsdesk.index import match

    shared = sorted(a & b)
    left, right = np.array(sorted(a), dtype=np.int64), np.array(sorted(b), dtype=np.int64)
    for merge_ratio in (ratio, 10**9, 0):  # (whichever way it goes)
        match.MERGE_RATIO = merge_ratio
        try:
            assert match.sorted_intersection(left, right).tolist() == shared
            assert match.sorted_intersection(right, left).tolist() == shared
        finally:
            match.MERGE_RATIO = 32
