"""Search normalisation: folding rules and the offset map back to the original text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.zh.normalize import find_spans, find_spans_many, fold, normalize, normalize_term


@pytest.mark.parametrize(
    ("original", "folded"),
    [
        ("ＡＢＣ１２３", "abc123"),  # full-width → half-width, case folded
        ("Straße", "strasse"),
        ("臺灣經濟發展", "台湾经济发展"),  # Traditional → Simplified
        ("发展", "发展"),  # Simplified stays
        ("王  珏", "王珏"),  # spaces between Han vanish
        ("王\u3000珏", "王珏"),  # ideographic space too
        ("“五星”支部", "“五星支部"),  # quotes between Han vanish, the leading one stays
        ("「神明」呀", "「神明呀"),
        ("Xi   Jinping", "xi jinping"),  # other space runs squeeze to one
        ("a\u200bb\ufeff", "ab"),  # format characters vanish
        ("王\n珏", "王\n珏"),  # paragraph breaks stay, and nothing is transparent across them
        ("e\u0301t\u00e9", "\u00e9t\u00e9"),  # a base with its combining mark composes
        ("①２", "12"),
    ],
)
def test_fold(original: str, folded: str) -> None:
    assert fold(original) == folded
    assert normalize(original).text == folded


def test_spaces_between_han_are_covered_by_spans() -> None:
    n = normalize("记者王  珏报道")
    assert n.text == "记者王珏报道"
    assert n.find_all("王珏") == [(2, 6)]
    assert n.find_all("珏") == [(5, 6)]


def test_quote_between_han_is_covered() -> None:
    text = "在“五星”支部里"
    n = normalize(text)
    assert n.find_all("五星支部") == [(2, 7)]
    assert text[2:7] == "五星”支部"


def test_expansion_maps_every_piece_to_its_source_character() -> None:
    n = normalize("xﬁy")  # the ligature folds to two characters
    assert n.text == "xfiy"
    assert n.find_all("f") == [(1, 2)]
    assert n.find_all("fi") == [(1, 2)]
    assert n.find_all("iy") == [(1, 3)]


def test_overlapping_occurrences_are_all_found() -> None:
    assert normalize("哈哈哈").find_all("哈哈") == [(0, 2), (1, 3)]


def test_identity_map_when_nothing_changes_length() -> None:
    n = normalize("中国經濟ABC")
    assert n.identity
    assert n.span(2, 4) == (2, 4)


def test_normalize_term_drops_quotes_and_spaces_at_the_ends() -> None:
    assert normalize_term("“五星”") == "五星"
    assert normalize_term("  王 珏 ") == "王珏"
    assert normalize_term("“”") == ""
    assert normalize_term("好转。\n经济") == "好转。 经济"


texts = st.text(
    alphabet=st.sampled_from(list("王珏中國经濟 \u3000“”「」\"'\nAbｃ１ß\u0301\u200bﬁ。，")),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(texts)
def test_map_is_monotonic_and_in_bounds(text: str) -> None:
    n = normalize(text)
    assert n.text == fold(text)
    assert fold(n.text) == n.text  # idempotent
    if n.identity:
        assert len(n.text) == len(text)
        return
    prev = 0
    for i in range(len(n.text)):
        s, e = n.span(i, i + 1)
        assert 0 <= s < e <= len(text)
        assert s >= prev
        prev = s


@settings(max_examples=200, deadline=None)
@given(texts, st.integers(0, 40), st.integers(1, 6))
def test_every_occurrence_maps_to_original_characters_that_fold_back(
    text: str, start: int, size: int
) -> None:
    n = normalize(text)
    needle = n.text[start : start + size]
    if not needle or "\n" in needle:
        return
    for s, e in n.find_all(needle):
        # The original characters of a span fold to the needle (skipped ones included); a
        # character that folds to several (ﬁ → fi), or a base with its combining mark, is covered
        # whole when part of it matched.
        if any(c in text for c in "ﬁß\u0301"):
            assert needle in fold(text[s:e])
        else:
            assert fold(text[s:e]) == needle


plain_texts = st.text(alphabet=st.sampled_from(list("王珏中國经濟 \u3000“”「」\"'\nAbｃ１。，")), max_size=40)


@settings(max_examples=400, deadline=None)
@given(st.one_of(texts, plain_texts), st.integers(0, 40), st.integers(1, 6), st.integers(0, 40))
def test_find_spans_equals_the_offset_map(text: str, start: int, size: int, other: int) -> None:
    # the spans are exactly those of normalize(text).find_all, for one needle or several.
    n = normalize(text)
    needles = [n.text[start : start + size], n.text[other : other + 2]]
    needles = [x for x in needles if x]
    expected = [span for x in needles for span in n.find_all(x)]
    assert find_spans(text, needles) == expected


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.one_of(texts, plain_texts), max_size=6),
    st.lists(st.text(alphabet=st.sampled_from(list("王珏中国经济 “\nabc1。\u0301")), max_size=3), max_size=3),
)
def test_spans_of_many_texts_at_once_equal_each_alone(page: list[str], needles: list[str]) -> None:
    # One pass over texts joined by "\n" finds in each exactly what searching it alone finds:
    # nothing across two texts, runs at their ends kept as alone, a leading combining mark
    # (which would join the "\n") or a needle holding "\n" searched text by text.
    needles = [fold(n) for n in needles]
    assert find_spans_many(page, needles) == [find_spans(t, needles) for t in page]


def test_spans_of_many_texts_never_cross_from_one_to_the_next() -> None:
    assert find_spans_many(["王 ", "“珏", "", "王珏"], ["王珏"]) == [[], [], [], [(0, 2)]]
    # (joined, the mark would be one cluster with the "\n": a span taking it would start there)
    assert find_spans_many(["王", "\u0301珏"], ["王", fold("\u0301珏")]) == [[(0, 1)], [(0, 2)]]


@settings(max_examples=400, deadline=None)
@given(st.one_of(texts, plain_texts))
def test_gap_edits_are_what_the_gap_pattern_matches(text: str) -> None:
    from newsdesk.zh.normalize import _GAP_RE, _fold_chars, _gap_edits

    folded = _fold_chars(text)
    expected = [(m.start(), m.end(), m.lastgroup == "squeeze") for m in _GAP_RE.finditer(folded)]
    assert _gap_edits(folded) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=64, max_size=300) | st.lists(texts, min_size=4, max_size=10).map("".join))
def test_fast_per_character_folding_equals_translate(text: str) -> None:
    from newsdesk.zh.normalize import _TABLE, _fold_chars

    assert _fold_chars(text) == text.translate(_TABLE)
    assert _fold_chars(text + "\ud800" * 64) == (text + "\ud800" * 64).translate(_TABLE)  # lone surrogates


def test_the_bundled_table_folds_exactly_as_the_old_opencc_package_did() -> None:
    """The table newsdesk reads from zh/data/ gives the same 4,105 foldings (chains resolved) as
    the one read from opencc-python-reimplemented 0.1.7 did; the digest was taken from that package."""
    import hashlib
    import json

    from newsdesk.zh.normalize import _ts_table

    table = _ts_table()
    digest = hashlib.sha256(json.dumps(sorted(table.items()), ensure_ascii=False).encode()).hexdigest()
    assert len(table) == 4105
    assert digest == "79da2efa192f300852e605b2b3e3f0eaf046f5757991f3c6541204c2954e2038"
    assert table["經"] == "经" and table["濟"] == "济" and "经" not in table
