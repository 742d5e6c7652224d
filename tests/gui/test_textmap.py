"""Code points <-> UTF-16 at the UI edge."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsdesk.ui.textmap import Utf16Map, utf16_len


def test_non_bmp_counts_two() -> None:
    m = Utf16Map("𠮷野家𠮷a")
    assert [m.to_utf16(i) for i in range(6)] == [0, 2, 3, 4, 6, 7]
    assert [m.to_code_point(p) for p in (0, 2, 3, 4, 6, 7)] == [0, 1, 2, 3, 4, 5]
    assert utf16_len("𠮷野家𠮷a") == 7


@given(st.text(alphabet=st.sampled_from("a中𠮷😀 \n"), max_size=40))
def test_round_trip(text: str) -> None:
    m = Utf16Map(text)
    for i in range(len(text) + 1):
        p = m.to_utf16(i)
        assert p == utf16_len(text[:i])
        assert m.to_code_point(p) == i
