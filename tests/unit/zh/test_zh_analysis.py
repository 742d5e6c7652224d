"""Tokenizer contract (Whoosh's RegexTokenizer): positions, character offsets, flags, fast paths."""

from __future__ import annotations

from newsdesk.index.field_formats import (
    GramPositions,
    TermCounts,
    decode_positions,
    encode_positions,
    positions_count,
)
from newsdesk.zh.analysis import CharTokenizer, Folded, GramTokenizer, WordTokenizer


def _tokens(tokenizer, value, **kw):
    return [
        (t.text, getattr(t, "pos", None), getattr(t, "startchar", None), getattr(t, "endchar", None))
        for t in tokenizer(value, **kw)
    ]


def test_bigrams_have_sequential_positions_and_a_gap_at_paragraph_breaks() -> None:
    toks = _tokens(GramTokenizer(), "中国经济\n发展", positions=True)
    assert toks == [
        ("中国", 0, None, None),
        ("国经", 1, None, None),
        ("经济", 2, None, None),
        ("发展", 5, None, None),  # 3 and 4 skipped: no gram spans the break
    ]


def test_bigram_chars_are_offsets_into_the_original_value() -> None:
    toks = _tokens(GramTokenizer(), "王  珏說", positions=True, chars=True)
    # 王  珏說 reads 王珏说: the first gram covers the skipped spaces.
    assert toks == [("王珏", 0, 0, 4), ("珏说", 1, 3, 5)]


def test_flags_are_honoured() -> None:
    toks = list(GramTokenizer()("ABC", positions=False, chars=False))
    assert toks and all(not hasattr(t, "pos") and not hasattr(t, "startchar") for t in toks)
    shifted = _tokens(GramTokenizer(), "abc", positions=True, chars=True, start_pos=10, start_char=5)
    assert shifted == [("ab", 10, 5, 7), ("bc", 11, 6, 8)]
    whole = _tokens(GramTokenizer(), "abc", positions=True, chars=True, tokenize=False)
    assert whole == [("abc", 0, 0, 3)]


def test_gram_fast_path_matches_tokens() -> None:
    value = "中国经济，中国发展。\nXi  Jinping 中国"
    tok = GramTokenizer()
    slow: dict[str, list[int]] = {}
    for t in tok(value, positions=True):
        slow.setdefault(t.text, []).append(t.pos)
    assert tok.postings(value) == slow
    assert tok.postings(Folded(value.lower())) != {}


def test_characters_skip_spaces_and_breaks() -> None:
    toks = _tokens(CharTokenizer(), "王 a\nB", positions=True, chars=True)
    assert toks == [("王", 0, 0, 1), ("a", 2, 2, 3), ("b", 4, 4, 5)]
    assert CharTokenizer().counts("哈哈 哈\n") == {"哈": 3}


def test_words_are_jieba_search_mode_words_with_sequential_positions() -> None:
    toks = _tokens(WordTokenizer(), "中华人民共和国成立，5G网络", positions=True, chars=True)
    words = [t[0] for t in toks]
    assert "中华人民共和国" in words and "共和国" in words and "5g" in words
    assert [t[1] for t in toks] == list(range(len(toks)))
    assert "，" not in words
    for text, _, s, e in toks:
        assert "中华人民共和国成立，5G网络"[s:e].lower() == text


def test_positions_round_trip_in_every_width() -> None:
    for poslist in ([0], [3, 7, 250], [1, 300, 70000], [5, 5 + 2**20]):
        value = encode_positions(poslist)
        assert decode_positions(value) == poslist
        assert positions_count(value) == len(poslist)
        assert GramPositions().decode_frequency(value) == len(poslist)


def test_formats_write_weight_one_and_compact_values() -> None:
    gp = list(GramPositions().word_values("哈哈哈", GramTokenizer()))
    assert gp == [("哈哈", 2, 1.0, encode_positions([0, 1]))]
    tc = dict((w, (n, v)) for w, n, _, v in TermCounts().word_values("哈" * 300, CharTokenizer()))
    assert tc["哈"] == (300, bytes([255]))
