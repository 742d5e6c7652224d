"""One vocabulary of credits: the words newspapers print around credited names, the roles they
give, and what a credited name looks like.

Two parsers read it: `ingest.bylines` (author fields of records, credit lines opening or closing
a body) and `ingest.pages.bylines` (a printed page's byline and photo-credit lines). A role word
added here is known to both; each parser keeps only its grammar. Roles and their labels are
`domain.ROLES` / `domain.ROLE_LABELS`.
"""

from __future__ import annotations

import re

# Role words that open a group of names (`本报记者 张三`), Simplified and Traditional; longest
# match wins.
ROLE_WORDS: dict[str, str] = {}
for _role, _words in {
    "reporter": "本报记者 本報記者 本报特约记者 本報特約記者 特约记者 特約記者 新华社记者 新華社記者 "
    "中新社记者 中新社記者 人民日报记者 人民日報記者 中央社记者 中央社記者 央视记者 央視記者 "
    "本报见习记者 见习记者 見習記者 实习记者 實習記者 驻站记者 駐站記者 记者 記者 本报实习生 "
    "实习生 實習生 报道 報導 報道 采写 採寫",
    "correspondent": "本报通讯员 本報通訊員 特约通讯员 特約通訊員 通讯员 通訊員",
    "photographer": "本报摄影记者 本報攝影記者 新华社摄影记者 新華社攝影記者 摄影记者 攝影記者 "
    "摄影 攝影 图片 圖片",
    "commentator": "本报评论员 本報評論員 本报特约评论员 本報特約評論員 特约评论员 特約評論員 "
    "新华社评论员 新華社評論員 人民日报评论员 人民日報評論員 评论员 評論員 本报评论部 本報評論部 "
    "人民日报评论部",
    "editor": "责任编辑 責任編輯 本版责编 本版責編 本版编辑 本版編輯 视频编辑 視頻編輯 文字编辑 "
    "文字編輯 美术编辑 美術編輯 图片编辑 圖片編輯 责编 責編 编辑 編輯",
    "author": "作者 撰文 撰稿",
}.items():
    for _word in _words.split():
        ROLE_WORDS[_word] = _role

# Markers written after the names they credit (`郭威 摄`, `李贺/摄`, `张三 报道`).
SUFFIX_WORDS = {
    "摄": "photographer", "攝": "photographer", "摄影": "photographer", "攝影": "photographer",
    "图": "photographer", "圖": "photographer", "文": "author",
    "报道": "reporter", "報導": "reporter", "報道": "reporter",
}  # fmt: skip
# Single characters that are role words only before a slash or colon (`文/张三  图/李四`).
SLASH_ROLES = {"文": "author", "图": "photographer", "圖": "photographer", "摄": "photographer",
               "攝": "photographer"}  # fmt: skip
SLASHES = "/／╱|｜:："
# Markers after an organisation (or a person) credited for photos (`高新区枫杨办事处 供图`).
ORG_WORDS = ("图片提供", "圖片提供", "供图", "供圖", "提供", "发", "發")
# Role words that stand alone as the credited name (`本报评论员`, `人民日报评论部`).
COLLECTIVE = frozenset(w for w, r in ROLE_WORDS.items() if r == "commentator")
# Inside parentheses (`（本报记者曲颂、李强）`) a few reporter words stand alone as the name too.
COLLECTIVE_IN_PARENS = COLLECTIVE | {"新华社记者", "新華社記者", "本报记者", "本報記者"}
# What opens a closing credit in parentheses at the end of an article (`（本报记者 …）`,
# `（据新华社…）`, `（完）`).
CLOSING_OPENERS = (
    "本报", "本報", "记者", "記者", "新华社", "新華社", "中新社", "通讯员", "通訊員",
    "据", "據", "来源", "來源",
)  # fmt: skip

# A page's own staff, named in a credit line of the page rather than of an article
# (`本版责编：刘念`, `版式设计：张三`): these lines go to the page's metadata, never to a byline.
PAGE_STAFF = (
    "责任编辑", "責任編輯", "责编", "責編", "编辑", "編輯", "主编", "主編", "美术编辑", "美術編輯",
    "美编", "美編", "图片编辑", "圖片編輯", "版式设计", "版式設計", "版式", "设计", "設計", "策划",
    "策劃", "统筹", "統籌", "校对", "校對", "制图", "製圖", "监制", "監製",
)  # fmt: skip
PAGE_CREDIT = re.compile(
    r"^[（(]?(?:(?:本版|本期|本刊)?(?:" + "|".join(sorted(PAGE_STAFF, key=len, reverse=True)) + r")"
    r"|本版图片|本版圖片)\s*[：:]"
)

# A closing note on the author, in parentheses (`（作者为中国社科院考古研究所所长）`): the
# article's author's note, not a caption or a credit.
AUTHOR_NOTE = re.compile(r"^[（(]\s*(?:本文)?(?:作者|作　者)(?:为|系|是|現為|现为|係|單位|单位|简介|簡介)")

MAX_LINE = 100  # characters: a longer line is prose, not a credit
NAME = re.compile(r"[\u3400-\u9fff\uf900-\ufaff·•・]{1,20}")  # a name-like token
COMPOUND = re.compile(r"[．.·‧・]")  # joins role words: `報導．攝影`


def is_person(name: str) -> bool:
    """A person's name: two to four characters, or a transliterated name with a middle dot."""
    if not NAME.fullmatch(name):
        return False
    return 2 <= len(name) <= 4 or (len(name) <= 15 and any(c in name for c in "·•・"))


# Common surnames (single and compound): a bare name line standing under a commentary's title
# opens with one of these, where a short section head or caption usually does not.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
    "左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
).union({"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "令狐", "慕容", "司徒", "夏侯", "尉迟"})


def has_surname(name: str) -> bool:
    """True when `name` opens with a common surname (`SURNAMES`)."""
    return name[:1] in SURNAMES or name[:2] in SURNAMES


def normalize_name(name: str) -> str:
    """A credited name without the padding newspapers put inside two-character names."""
    return "".join(name.split())


def pair_up(names: list[str], *, strict: bool) -> list[str] | None:
    """Rejoin padded two-character names (`王  珏`): consecutive single characters pair up. A
    single character left over is None when `strict`, else kept as it is."""
    out: list[str] = []
    i = 0
    while i < len(names):
        if len(names[i]) == 1 and i + 1 < len(names) and len(names[i + 1]) == 1:
            out.append(names[i] + names[i + 1])
            i += 2
        elif len(names[i]) == 1 and strict:
            return None
        else:
            out.append(normalize_name(names[i]))
            i += 1
    return out
