"""Page conventions on invented pages in the seed's layout (a blank line between lines, three
around captions): editor's notes, author's notes, a commentary's bare-name author, and a group
credit closing a multi-part feature (#22)."""

from __future__ import annotations

from tests.unit.ingest.page_fixtures import assert_conserved

from newsdesk.domain import ArticleDraft, Byline
from newsdesk.ingest.pages import PageSplit, split_page

# Our own text, in the shape of a People's Daily page.
A1 = "黄河岸边的滩区村庄里，新修的防汛道路一直通到村口，村民们说，这条路让大家心里更踏实了。"
A2 = "据了解，当地今年共加固堤防四十余公里，完成险工改建十二处，汛期前全部通过验收。"
A3 = "管护员老周每天清晨沿堤巡查，记录水位变化，他说守好这段大堤就是守好全村人的家。"
B1 = "文明的连续性，是理解一个民族历史的钥匙。多年来的田野工作，为这一认识提供了坚实证据。"
B2 = "从聚落到城邑，从礼器到文字，考古材料一次次印证了文明起源的多元一体格局。"
B3 = "未来，我们仍要坚持问题导向，把论文写在祖国大地上，让更多文物活起来、走出去。"
C1 = "腊月二十八，山村小学的操场上挂起了红灯笼，返乡的青年和留守的老人一起写春联、包饺子。"
C2 = "村支书告诉记者，今年全村新修了文化广场，年货节上的农产品销售额比去年翻了一番。"
C3 = "零下二十多度的边防哨所里，官兵们贴上窗花，围坐在一起观看家乡亲人录制的视频拜年。"
C4 = "装配车间的生产线上，二十多名工人选择留岗过年，他们说订单排到了三月，干劲正足。"


def layout(*blocks: str | tuple[str, ...]) -> str:
    """The seed's layout: lines apart by one blank line; a caption (a tuple) by three."""
    out = ""
    for block in blocks:
        if isinstance(block, tuple):
            out += "\n\n\n" + "\n\n\n".join(block) + "\n\n\n\n"
        else:
            out += block + "\n\n"
    return out


def split(text: str) -> PageSplit:
    result = split_page(text)
    assert_conserved(text, result)
    return result


def by_title(result: PageSplit, title: str) -> ArticleDraft:
    return next(a for a in result.articles if a.title == title)


def names(article: ArticleDraft) -> list[tuple[str, str]]:
    return [(b.role, b.name) for b in article.bylines]


OTHER = ("荷塘月色映新村", "本报记者 刘  洋", A1, A2)  # an ordinary article beside the one tested
ENDED = ("荷塘月色映新村", A1, A2, "本报记者 刘  洋")  # the same, its byline printed at its end


# --- 14: 编者按 / a paragraph signed 编者 is the editor's note ----------------------------------


def test_editors_note_opening_the_article_is_its_note() -> None:
    note = "编者按：大河安澜，关乎万家。本版今起推出“守护母亲河”系列报道，记录沿岸护河人的故事。"
    text = layout(*OTHER, "守护一方安澜", "本报记者 王小明 通讯员 赵  平", note, A1, A2, A3)
    result = split(text)
    a = by_title(result, "守护一方安澜")
    assert a.note == note
    assert a.paragraphs == (A1, A2, A3)
    assert names(a) == [("reporter", "王小明"), ("correspondent", "赵平")]
    assert all(b.name != "编者" for x in result.articles for b in x.bylines)
    assert by_title(result, "荷塘月色映新村").note is None


def test_signed_note_under_the_heads_is_the_note_and_the_body_follows() -> None:
    note = "大河安澜，关乎万家。本版今起推出系列报道，记录沿岸护河人的故事，敬请关注。"
    text = layout("守护一方安澜", note, "——编  者", "本报记者 王小明", A1, A2, A3, *OTHER)
    result = split(text)
    a = by_title(result, "守护一方安澜")
    assert a.note == note + "\n——编  者"
    assert a.paragraphs == (A1, A2, A3)
    assert names(a) == [("reporter", "王小明")]
    assert len(result.articles) == 2


def test_signed_note_printed_above_the_heads_belongs_to_the_article_below() -> None:
    note = "大河安澜，关乎万家。本版今起推出系列报道，记录沿岸护河人的故事。"
    text = layout(note, "——编  者", "沿岸护河人：", "守护一方安澜", "本报记者 王小明", A1, A2)
    (a,) = split(text).articles
    assert (a.kicker, a.title) == ("沿岸护河人：", "守护一方安澜")
    assert a.note == note + "\n——编  者"
    assert a.paragraphs == (A1, A2)


def test_a_long_body_before_a_sign_keeps_all_but_the_last_paragraph() -> None:
    """A note after a full article is short: only the paragraph right above the sign."""
    note = "本版文章欢迎读者来信讨论。"
    text = layout("守护一方安澜", "本报记者 王小明", A1, A2, A3, B1, B2, B3, note, "——编者")
    (a,) = split(text).articles
    assert a.paragraphs == (A1, A2, A3, B1, B2, B3)
    assert a.note == note + "\n——编者"


# --- 15: a closing （作者为…） is the author's note ---------------------------------------------


def test_closing_author_note_is_not_a_caption() -> None:
    author_note = "（作者为中国社会科学院某研究所所长）"
    text = layout("坚定文化自信 讲好文明故事", "王  巍", B1, B2, B3, author_note, *OTHER)
    result = split(text)
    a = by_title(result, "坚定文化自信 讲好文明故事")
    assert a.author_note == author_note
    assert author_note not in a.captions and author_note not in a.paragraphs
    assert a.paragraphs == (B1, B2, B3)
    assert names(a) == [("author", "王巍")]
    assert by_title(result, "荷塘月色映新村").author_note is None


def test_author_note_with_a_byline_above() -> None:
    author_note = "（作者系某大学历史学院教授）"
    text = layout(*OTHER, ("村口新修的荷塘",), "以史为鉴 开创未来", "作者 陈  立", B1, B2, author_note)
    a = by_title(split(text), "以史为鉴 开创未来")
    assert a.author_note == author_note
    assert names(a) == [("author", "陈立")]


# --- 16: a commentary's author on a line of its own ---------------------------------------------


def test_bare_name_between_title_and_body_is_the_author() -> None:
    text = layout(*OTHER, "让文明之光照亮未来", "李向东", B1, B2, B3)
    result = split(text)
    a = by_title(result, "让文明之光照亮未来")
    assert names(a) == [("author", "李向东")]
    assert a.section_heads == () and "李向东" not in a.captions
    assert a.paragraphs == (B1, B2, B3)


def test_bare_padded_name_under_a_kicker_and_title() -> None:
    text = layout("新年寄语：", "奋斗创造美好未来", "欧阳明", B1, B2)
    (a,) = split(text).articles
    assert (a.kicker, a.title) == ("新年寄语：", "奋斗创造美好未来")
    assert names(a) == [("author", "欧阳明")]


def test_a_short_section_head_is_not_an_author() -> None:
    """`结语` is two characters too, but no surname opens it: it stays a section head."""
    text = layout("让文明之光照亮未来", "李向东", B1, B2, "结语", B3)
    (a,) = split(text).articles
    assert [h.text for h in a.section_heads] == ["结语"]
    assert names(a) == [("author", "李向东")]


# --- 17: a group credit closing a multi-part feature ----------------------------------------------


def test_group_credit_closes_one_feature_with_section_heads() -> None:
    """Several short pieces under one overall head, then `（本报记者 甲、乙、丙）`: one article,
    the pieces' heads its section heads, every reporter credited on it."""
    credit = "（本报记者 张  伟、李明、赵小红）"
    text = layout(
        *ENDED,
        "新春走基层",
        "山村里的年味",
        C1,
        C2,
        "哨所里的除夕",
        C3,
        ("官兵们在哨所前合影留念",),
        "车间里的坚守",
        C4,
        credit,
    )
    result = split(text)
    assert [x.title for x in result.articles] == ["荷塘月色映新村", "新春走基层"]
    a = by_title(result, "新春走基层")
    assert [h.text for h in a.section_heads] == ["山村里的年味", "哨所里的除夕", "车间里的坚守"]
    assert [h.paragraph for h in a.section_heads] == [0, 2, 3]
    assert a.paragraphs == (C1, C2, C3, C4, credit)
    assert "官兵们在哨所前合影留念" in a.captions
    assert names(a) == [("reporter", "张伟"), ("reporter", "李明"), ("reporter", "赵小红")]


def test_the_conventions_together_on_one_page() -> None:
    """All four on one page, in the seed's layout, with page credits at the foot."""
    ednote = "编者按：新年伊始，本版推出专题，与读者一同回望来路、展望前程。"
    author_note = "（作者为某省社会科学院研究员）"
    text = layout(
        "第05版：理论",
        "回望来路 展望前程",
        ednote,
        "王  巍",
        B1,
        B2,
        author_note,
        "新春走基层",
        "山村里的年味",
        C1,
        "车间里的坚守",
        C4,
        "（本报记者 刘  洋、陈立）",
        "本版责编：周  明",
    )
    result = split(text)
    assert [x.title for x in result.articles] == ["回望来路 展望前程", "新春走基层"]
    a, b = result.articles
    assert (a.note, a.author_note, names(a)) == (ednote, author_note, [("author", "王巍")])
    assert a.paragraphs == (B1, B2)
    assert [h.text for h in b.section_heads] == ["山村里的年味", "车间里的坚守"]
    assert names(b) == [("reporter", "刘洋"), ("reporter", "陈立")]
    assert b.note is None and b.author_note is None
    assert result.page_meta["credits"] == ["本版责编：周  明"]


def test_no_byline_is_ever_named_editor() -> None:
    for text in (
        layout("迎新春美术作品选登", A1, "——编  者"),
        layout("迎新春美术作品选登", "编者按：本版选登部分美术新作。", A1),
    ):
        assert Byline("editor", "编者") not in split(text).articles[0].bylines
