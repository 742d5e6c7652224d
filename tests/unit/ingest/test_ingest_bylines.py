"""parse_byline / parse_dateline / credit_bylines on the forms the corpora actually print."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.domain import Byline
from newsdesk.ingest.bylines import credit_bylines, parse_byline, parse_dateline


def by(*pairs: str) -> tuple[Byline, ...]:
    return tuple(Byline(*pair.split(":")) for pair in pairs)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("本报记者  陆娅楠", by("reporter:陆娅楠")),
        ("本报评论员", by("commentator:本报评论员")),
        ("新华社记者 刘阳", by("reporter:刘阳")),
        ("通讯员 贾霖", by("correspondent:贾霖")),
        ("郭威 摄", by("photographer:郭威")),
        ("郭威/摄", by("photographer:郭威")),
        ("高新区枫杨办事处 供图", by("photographer:高新区枫杨办事处")),
        ("本报记者 王  珏", by("reporter:王珏")),
        (
            "本报记者  廖文根  张  烁  李昌禹  杨  昊",
            by("reporter:廖文根", "reporter:张烁", "reporter:李昌禹", "reporter:杨昊"),
        ),
        ("本报记者 刘地 通讯员 贾霖", by("reporter:刘地", "correspondent:贾霖")),
        (
            "本报记者 王泽博 通讯员 李贝文 郭威图",
            by("reporter:王泽博", "correspondent:李贝文", "photographer:郭威"),
        ),
        ("本报记者 王三 摄", by("photographer:王三")),
        ("张三 报道", by("reporter:张三")),
        ("本报记者 张三 摄影 李四", by("reporter:张三", "photographer:李四")),
        ("文/图 张三", by("author:张三", "photographer:张三")),
        ("報導．攝影╱韓旭爾", by("reporter:韓旭爾", "photographer:韓旭爾")),
        ("攝影／張嘉恬", by("photographer:張嘉恬")),
        ("向高彬╱南投報導", by("reporter:向高彬")),
        ("视频编辑:苏志刚 文字编辑:温凤浩", by("editor:苏志刚", "editor:温凤浩")),
        ("视频编辑：张贝龙\u3000文字编辑：翟亚菲", by("editor:张贝龙", "editor:翟亚菲")),
        ("（本报记者曲颂、李强、邢雪）", by("reporter:曲颂", "reporter:李强", "reporter:邢雪")),
        (
            "本版责编：刘 念\u3000史 哲\u3000张帅祯",
            by("editor:刘念", "editor:史哲", "editor:张帅祯"),
        ),
    ],
)
def test_bylines(line: str, expected: tuple[Byline, ...]) -> None:
    assert parse_byline(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "",
        "谢谢！",
        "张三",
        "新华社记者",
        "——编\xa0\xa0者",
        "经开区潮河办事处蝶湖美景",
        "党旗如帜 风帆劲 务实笃行 谋新篇",
        "本版策划：王\xa0\xa0军\xa0\xa0杨\xa0\xa0旭",
        "（新华社北京12月31日电\xa0\xa0新华社记者）",
        "记者在现场看到，工人们正在紧张施工。",
        "本报记者" + " 张三" * 40,
    ],
)
def test_not_bylines(line: str) -> None:
    assert parse_byline(line) is None


def test_every_byline_of_the_crawl_parses(corpora: Path) -> None:
    """The last line after a blank line of each raw crawl file is a byline we can read."""
    found = {}
    for path in sorted((corpora / "rmrb_20230101/raw").glob("*.txt")):
        lines = path.read_bytes().decode("utf-8").rstrip("\r\n").split("\r\n")
        last = lines[-1]
        if len(lines) > 2 and not lines[-2].strip() and last.strip() and last[0] != "\u3000":
            found[path.name] = parse_byline(lines[-1])
    assert found["20230101-01-05.txt"] == by("commentator:本报评论员")
    assert [b.name for b in found["20230101-01-06.txt"] or ()] == ["廖文根", "张烁", "李昌禹", "杨昊"]
    assert len(found) == 4 and all(found.values()), found


def test_apple_daily_authors_parse(apple_records: list[dict[str, object]]) -> None:
    authors = [r["author"] for r in apple_records if r["author"]]
    parsed = [parse_byline(str(a)) for a in authors]
    assert len(authors) > 250
    assert sum(p is not None for p in parsed) >= 0.98 * len(authors)


@pytest.mark.parametrize(
    ("paragraph", "dateline"),
    [
        ("\u3000\u3000新华社北京12月31日电\xa0\xa02022年12月31日，", "新华社北京12月31日电"),
        ("本报成都12月30日电  （记者宋豪新）29日，", "本报成都12月30日电"),
        ("本报北京十二月三十一日电 记者", "本报北京十二月三十一日电"),
        ("央视网消息（新闻联播）：今天", None),
        ("今天是新年的第一天。", None),
    ],
)
def test_datelines(paragraph: str, dateline: str | None) -> None:
    assert parse_dateline(paragraph) == dateline


def test_credits_inside_the_body() -> None:
    opening = ["本报成都12月30日电\xa0\xa0（记者宋豪新）29日，中老国际货运班列首发。"]
    assert credit_bylines(opening) == by("reporter:宋豪新")
    closing = ["正文。", "（本报记者曲颂、李强）"]
    assert credit_bylines(closing) == by("reporter:曲颂", "reporter:李强")
    assert credit_bylines(["正文。", "（新华社北京12月31日电\xa0\xa0新华社记者）"]) == ()
    assert credit_bylines([]) == ()
