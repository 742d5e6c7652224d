"""Bytes -> text: detect UTF-8/UTF-16/GB18030/Big5 from the bytes themselves, never assume one.

Order of evidence: a byte-order mark; NUL bytes (UTF-16 without a BOM puts them on one parity,
any other NUL means a binary file); strict UTF-8; then every legacy candidate that decodes
strictly (GB18030, Big5, UTF-16 without NULs) is scored by how much of its text is common
Chinese characters: the right decoding of real text scores 0.5-0.8, a wrong one under 0.1.
charset-normalizer breaks near-ties (short texts), and a text no candidate reads plausibly is
rejected rather than imported as mojibake.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from newsdesk.errors import BadFileError
from newsdesk.language import N_, _

MAX_TEXT_BYTES = 64 * 1024 * 1024
"""Text files (not streamed JSON Lines) larger than this are refused without being read."""

SAMPLE_CHARS = 20_000
MIN_SCORED_CHARS = 50
MIN_PLAUSIBLE_SCORE = 0.15
UNDECODABLE = N_("cannot decode: not UTF-8, GB18030, Big5 or UTF-16")
BINARY = N_("binary file, not text")


def binary(where: object) -> BadFileError:
    return BadFileError(where, _(BINARY), "binary")


def undecodable(where: object) -> BadFileError:
    return BadFileError(where, _(UNDECODABLE), "undecodable")


def empty(where: object) -> BadFileError:
    return BadFileError(where, _("empty file"), "empty")


def cannot_read(where: object, exc: OSError) -> BadFileError:
    return BadFileError(where, _("cannot read: {detail}").format(detail=exc.strerror or exc), "unreadable")


# The 400 most frequent characters of Simplified news (CCTV) and of Traditional news (Apple
# Daily Taiwan), merged, plus common full-width punctuation. A frequency list, not corpus text.
_COMMON = frozenset(
    "的国中在一人和会大发新了作年全是行有出为展方要民进地家联合央上业对部政动成关不实同视开到经个网"
    "来天平生主播工多重强消息加这时建力等闻区日以化法高公近共务总今表员前两机长将理系现面议我利持定"
    "通党过事体好制与于能习设分下改就们本学推文次用委市各产领目交度后提号安保美战自月社示问基克他第"
    "内治亚正海当点济道十入里军资最统组斯路调场也三题台心外增导深西院代向活电名间席创者从明北际小得"
    "起记水特信万报已府立革期意举村项还更众金说南决任达续都首相并造布之式科农见世及位子界可拉东京施"
    "着规解山指企书流车门队互局元取协坚比性受结量尔程情巴应运支域团常李被案群二放查步德华双广办教马"
    "件其老此江投参快风计城省织把品级节接数技处极四求管访而服手所干精气友带专护俄收义愿反医育纪据去"
    "集责由线传届罗非物标张确使看论严积打空完落认做权研果种至转话术让救商境别构批环难略势口亿先回源"
    "司格防航击谈监促整走策州始选变八稳五继边准助供原阿說後會病時爸她媽兒女歲但來醫沒個還只現無著因"
    "為長難萬過每養顧學孩想夫親照開發幫很才兩住這當己們協與療擔導妻費裡母身靠又弟計補訪款再房車急讓"
    "視苦錢知經關讀報父困傷吃復右左忙太妹婆間撥對影體痛辦風氣丈健感麼雖障姊撐低頭患攝望從進師半記動"
    "國請婚便租眼少暫業料早術護連清孫零陳然殘屋如約跟曾離卻未哥僅幾張需仍症貼銷轉點藥給腳真懷見腦直"
    "單命倒失況校於餐申話續除神強負務實電希濟賺帶床旁怎林機洗送輕秀資伯居千將課血樣花邊應往處覺聽問"
    "玉幼怕底初弱班變憂食借算飯盡採結拿雙晚診領疼付馬黃休突須維智福華別穩像找愛債"
    "，。、；：？！“”‘’（）《》「」『』—…·　"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Labels a web page may declare, mapped to the superset codec that reads them.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "euc-cn": "gb18030", "cp936": "gb18030"}


@dataclass(frozen=True)
class Decoded:
    """A file's text and the name of the codec it was read with."""

    text: str
    encoding: str


def too_large(size: int) -> str | None:
    """Why a file read whole (not streamed) of `size` bytes is refused, or None."""
    if size <= MAX_TEXT_BYTES:
        return None
    return _("file too large: {size} MiB, the limit for text files is {limit} MiB").format(
        size=f"{size / 2**20:.1f}", limit=f"{MAX_TEXT_BYTES / 2**20:.0f}"
    )


def read_text(path: Path, *, html: bool = False) -> Decoded:
    """Read and decode a whole text file, refusing files over MAX_TEXT_BYTES unread."""
    try:
        reason = too_large(path.stat().st_size)
        if reason is not None:
            raise BadFileError(path, reason, "too-large")
        data = path.read_bytes()
    except OSError as exc:
        raise cannot_read(path, exc) from None
    return decode_html(data, path) if html else decode_bytes(data, path)


def decode_html(data: bytes, where: object) -> Decoded:
    """Decode an HTML page: BOM first, then a <meta> charset that decodes cleanly, then detection.

    Bytes that are valid UTF-8 and not plain ASCII are UTF-8 whatever the page declares:
    legacy-encoded Chinese is practically never valid UTF-8, while pages copied from a GBK
    template and saved as UTF-8 often still say `charset=gb2312`.
    """
    if data.startswith(tuple(bom for bom, _ in _BOMS)):
        return decode_bytes(data, where)
    if not data.isascii() and _is_utf8(data):
        return decode_bytes(data, where)
    match = _META_CHARSET.search(data[:4096])
    declared = _codec_name(match.group(1).decode("ascii", "replace")) if match else None
    if declared:
        try:
            text = data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass
        else:
            if text.strip() and "\x00" not in text:
                return Decoded(text, declared)
    return decode_bytes(data, where)


def decode_bytes(data: bytes, where: object, *, partial: bool = False) -> Decoded:
    """Decode text of unknown encoding or raise BadFileError(where, reason).

    `partial`: the bytes are the start of a longer file (a sample), so they may end inside a
    character; that character is left out instead of counting against the encoding.
    """
    if not data.strip():
        raise empty(where)
    decoded = _detect(data, where, partial)
    if not decoded.text.strip():
        raise empty(where)
    if len(_CONTROL.findall(decoded.text[:SAMPLE_CHARS])) > len(decoded.text[:SAMPLE_CHARS]) // 20:
        raise binary(where)
    return decoded


def detect_encoding(data: bytes, *, partial: bool = False) -> str | None:
    """The codec name for a sample of bytes, or None when no supported encoding fits."""
    try:
        return _detect(data, "", partial).encoding
    except BadFileError:
        return None


def decode_strict(data: bytes, name: str, *, partial: bool = False) -> str:
    """`data.decode(name)`, or with `partial` all but a character cut off at the end of a sample
    (UnicodeDecodeError for anything else that does not decode)."""
    if not partial:
        return data.decode(name)
    return codecs.getincrementaldecoder(name)().decode(data, final=False)


def _detect(data: bytes, where: object, partial: bool = False) -> Decoded:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _strict(data, name, where, partial)
    if b"\x00" in data:
        decoded = _utf16_without_bom(data, partial)
        if decoded is None:
            raise binary(where)
        return decoded
    try:
        return Decoded(decode_strict(data, "utf-8", partial=partial), "utf-8")
    except UnicodeDecodeError:
        pass
    return _legacy(data, where, partial)


def _strict(data: bytes, name: str, where: object, partial: bool) -> Decoded:
    try:
        return Decoded(decode_strict(data, name, partial=partial), name)
    except UnicodeDecodeError:
        raise undecodable(where) from None


def _utf16_without_bom(data: bytes, partial: bool = False) -> Decoded | None:
    """NUL bytes in text mean UTF-16: keep the byte order whose decoding reads as text.

    ASCII in UTF-16 puts NULs on one parity, but so do ideographs like 一 (U+4E00) on the
    other, so the parity alone does not decide: the plausibility of the decoded text does.
    """
    if len(data) % 2 and not partial:
        return None
    best: tuple[tuple[float, float], Decoded] | None = None
    for name in ("utf-16-le", "utf-16-be"):
        try:
            text = decode_strict(data, name, partial=partial)
        except UnicodeDecodeError:
            continue
        rank = (score_text(text), _text_share(text))
        if rank[1] >= 0.9 and (best is None or rank > best[0]):
            best = (rank, Decoded(text, name))
    return best[1] if best else None


def _legacy(data: bytes, where: object, partial: bool = False) -> Decoded:
    """Choose among the legacy codecs that decode strictly by a common-character score."""
    candidates: list[tuple[float, int, Decoded]] = []
    names = ["gb18030", "big5", "cp950", "big5hkscs"]
    if len(data) % 2 == 0 or partial:
        names += ["utf-16-le", "utf-16-be"]
    for rank, name in enumerate(names):
        if name in ("cp950", "big5hkscs") and any(d.encoding == "big5" for *_, d in candidates):
            continue  # Big5 extensions only matter when plain Big5 failed
        try:
            text = decode_strict(data, name, partial=partial)
        except UnicodeDecodeError:
            continue
        candidates.append((score_text(text), -rank, Decoded(text, name)))
    if not candidates:
        raise binary(where) if _mostly_undecodable(data) else undecodable(where)
    candidates.sort(key=lambda c: (c[0], c[1]), reverse=True)
    best_score, _rank, best = candidates[0]
    if len(candidates) > 1 and best_score - candidates[1][0] < 0.05:
        best = _tie_break(data, [d for s, _, d in candidates if best_score - s < 0.05]) or best
    if best_score < MIN_PLAUSIBLE_SCORE and _non_ascii(best.text) >= MIN_SCORED_CHARS:
        raise undecodable(where)
    return best


def score_text(text: str) -> float:
    """Share of the non-ASCII characters (in a sample) that are common Chinese characters."""
    sample = text[:SAMPLE_CHARS]
    wide = [ch for ch in sample if ord(ch) > 127]
    if not wide:
        return 0.0
    return sum(ch in _COMMON for ch in wide) / len(wide)


def _tie_break(data: bytes, options: list[Decoded]) -> Decoded | None:
    """Ask charset-normalizer which of near-equal candidates reads most like language."""
    from charset_normalizer import from_bytes

    names = {codecs.lookup(d.encoding).name: d for d in options}
    best = from_bytes(data[: 1 << 16], cp_isolation=list(names)).best()
    if best is None:
        return None
    return names.get(codecs.lookup(best.encoding).name)


def _text_share(text: str) -> float:
    """Share of characters that are ASCII, CJK ideographs or CJK punctuation (real text: ~1)."""
    sample = text[:SAMPLE_CHARS]
    good = sum(
        ch.isascii() or "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"
        for ch in sample
    )
    return good / len(sample) if sample else 0.0


def _non_ascii(text: str) -> int:
    return sum(ord(ch) > 127 for ch in text[:SAMPLE_CHARS])


def _mostly_undecodable(data: bytes) -> bool:
    text = data[: 1 << 16].decode("gb18030", "replace")
    bad = text.count("\ufffd") + len(_CONTROL.findall(text))
    return bad > len(text) * 0.3


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _codec_name(label: str) -> str | None:
    label = label.strip().lower()
    if label in _SUPERSETS:
        return _SUPERSETS[label]
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name.startswith("utf-16") or name.startswith("utf-32"):
        return "utf-8"  # a page that can say so in ASCII is not UTF-16 (HTML spec)
    return "big5" if name == "big5" else name
