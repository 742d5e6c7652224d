"""The query words' table cuts as rjieba does: dictionary words, real text, and hard cases."""

from __future__ import annotations

import random
import subprocess
import sys
from importlib import resources

import pytest
import rjieba

from newsdesk.zh import word_table
from newsdesk.zh.analysis import query_words
from newsdesk.zh.normalize import fold

SAMPLE = resources.files("newsdesk") / "data" / "sample" / "zhengzhou-special-page.txt"


def _differences(texts: list[str]) -> list[tuple[str, list[str], list[str]]]:
    cuts = ((t, word_table.cut(t), rjieba.cut(t)) for t in texts)
    return [(t, ours, theirs) for t, ours, theirs in cuts if ours != theirs]


def test_every_fifth_dictionary_word_is_cut_as_rjieba_cuts_it() -> None:
    """The table holds rjieba's dictionary: a word alone is itself, or what rjieba makes of it
    (a rare word of frequent characters is split)."""
    table = word_table._table()
    words = [table._word(i).decode() for i in range(0, table.n, 5)]
    assert len(words) > 60_000
    assert _differences(words) == []
    assert table.find("经济") > 0 and table.find("经济发展方式转变") == -1


def test_substrings_of_a_real_page_are_cut_as_rjieba_cuts_them() -> None:
    """Every length a query has, at random places of the sample page, as typed and folded."""
    text = SAMPLE.read_text(encoding="utf-8")
    rng = random.Random(5)
    texts = []
    for _ in range(12_000):
        n = rng.choice((2, 2, 3, 4, 5, 6, 8, 12, 20, 60))
        at = rng.randrange(len(text) - n)
        piece = text[at : at + n]
        texts.append(fold(piece) if rng.random() < 0.5 else piece)
    assert _differences(texts) == []


def test_hard_cases_are_cut_as_rjieba_cuts_them() -> None:
    """Characters the HMM has no or only some emissions for (媂; 佴, only as a word's start, where
    its ties decide), letters and digits joined by "-._" or split by "+#&", spaces, punctuation,
    "\\r\\n", digits outside ASCII, and characters outside the Basic Multilingual Plane."""
    alphabet = list("ab1290.-_+#&% \r\n中研討媂佴黄，٣𠀀")
    rng = random.Random(7)
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 9))) for _ in range(40_000)]
    texts += ["f-35b", "16+1", "pm2.5", "1.5.6%", "研討媂研討", "佴媂", "論罈第", "c++", "AT&T", "1号店"]
    assert _differences(texts) == []


@pytest.mark.parametrize(
    ("term", "words"),
    [
        ("经济", ["经济"]),
        ("经济发展方式转变", ["经济", "发展", "方式", "转变"]),
        ("，的", ["的"]),
        ("经", ["经"]),
    ],
)
def test_query_words_are_the_words_rjieba_finds_without_punctuation(term: str, words: list[str]) -> None:
    assert query_words(term) == words == [w for w in rjieba.cut(term) if w.strip("，")]


def test_a_query_in_a_fresh_process_does_not_load_rjieba() -> None:
    """rjieba's dictionary takes 0.1 s to load, holding the GIL; a query's words come from the
    mapped table instead, and the warm-up reads the table, not rjieba."""
    code = (
        "import sys\n"
        "from newsdesk.zh import analysis\n"
        "assert analysis.query_words('经济发展方式转变') == ['经济', '发展', '方式', '转变']\n"
        "analysis.word_table.prefault()\n"
        "assert 'rjieba' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
