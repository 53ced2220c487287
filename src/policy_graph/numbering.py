"""Chinese numbering: numerals and the heading markers policy documents number their units with.

Pure functions shared by ingest (which must recognise headings to split, re-join and align
copies) and segment (which turns the same markers into section ids). Keeping the patterns in one
place means both stages agree on what a heading is.

Markers recognised, after full-width normalisation of brackets (outermost first):

* part of a code ``第一编`` / ``第一部分`` / chapter of a regulation ``第一章``   (zhang)
* section of a chapter ``第一节``                                            (jie)
* article ``第十二条`` (numbered across the whole text, cited alone)          (tiao)
* chapter ``一、…``             (章 of a decision / opinion)
* item    ``（一）…``           (条 / 项)
* subitem ``1. …`` / ``1．…`` / ``1、…``   (deeper numbered units, or top level when alone)
* paren   ``（1）`` / ``(1)``   and circled ``①``   (deeper still)
* annex   ``附件`` / ``附件2：…`` / ``重点任务分工``   (an appendix after the body)
* part    ``第一，…``           (the parts of a speech; a flat sequence, not nested)

``一是…二是…`` opens no unit: it enumerates points inside a paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100}
CN_NUMERAL_CHARS = "零〇一二两三四五六七八九十百"

CN_NUM = f"[{CN_NUMERAL_CHARS}]{{1,5}}"

#: ``一、title`` at the start of a paragraph.
CHAPTER_RE = re.compile(rf"^({CN_NUM})[ \u3000]?[、．]\s*")
#: ``（一）title`` at the start of a paragraph (brackets already full-width).
ITEM_RE = re.compile(rf"^（[ \u3000]?({CN_NUM})[ \u3000]?）\s*")
#: ``1. title`` / ``1．`` / ``1、`` (not a decimal such as ``104.6``, not a year ``2018年``).
SUBITEM_RE = re.compile(r"^(\d{1,2})(?:[.．]|、)\s*(?=\D)")
#: ``第一，`` / ``第一、`` / ``第一：`` at the start of a speech paragraph.
PART_RE = re.compile(rf"^第({CN_NUM})[，、：:,]")
#: ``第一章 总则`` / ``第二编`` / ``第一部分 总体要求``: a heading line (short, no full stop).
ZHANG_RE = re.compile(rf"^第({CN_NUM}|\d{{1,3}})(章|编|部分)(?![，。、；])\s*")
#: ``第一节 资金保障``.
JIE_RE = re.compile(rf"^第({CN_NUM}|\d{{1,3}})节(?![，。、；])\s*")
#: ``第十二条 …`` (an article of a regulation; its text follows on the same line).
TIAO_RE = re.compile(rf"^第({CN_NUM}|\d{{1,3}})条(?![，。、；])\s*")
#: ``（1）`` / ``(1)`` at the start of a paragraph.
PAREN_RE = re.compile(r"^[（(](\d{1,2})[）)]\s*")
#: ``①`` … ``⑳``.
CIRCLED_RE = re.compile(r"^([\u2460-\u2473])\s*")
#: An appendix heading after the body: ``附件`` / ``附件2：…`` / ``重点任务分工`` (a short line).
ANNEX_RE = re.compile(r"^(附件\s*(\d{0,2}))(?:[：:]\s*|\s+|$)(?=[^。]{0,60}$)|^((?:重点|主要)?(?:工作)?任务分工(?:表|方案)?)$")

#: Nesting rank of each numbered kind (smaller = outer). ``annex`` closes everything.
RANK = {"annex": -1, "zhang": 0, "jie": 1, "tiao": 2, "chapter": 3, "item": 4, "subitem": 5, "paren": 6, "circled": 7}
#: An item marker anywhere (used to split a chapter heading glued to its first article).
ITEM_ANYWHERE_RE = re.compile(rf"（({CN_NUM})）")


def cn_to_int(s: str) -> int | None:
    """Value of a Chinese numeral up to 999 (``二十九`` → 29, ``十`` → 10); None if not one."""
    if not s or any(c not in _DIGITS and c not in _UNITS for c in s):
        return None
    total, digit = 0, None
    for c in s:
        if c in "零〇" and len(s) > 1:  # a place holder inside a number: 一百零一
            continue
        if c in _DIGITS:
            if digit is not None:  # "二三" is not a numeral
                return None
            digit = _DIGITS[c]
        else:
            total += (1 if digit is None else digit) * _UNITS[c]
            digit = None
    if digit is not None:
        total += digit
    return total


def int_to_cn(n: int) -> str:
    """29 → 二十九, 10 → 十, 110 → 一百一十 (the form documents print)."""
    if n <= 0:
        return "零"
    names = "零一二三四五六七八九"
    if n < 10:
        return names[n]
    if n < 20:
        return "十" + (names[n - 10] if n > 10 else "")
    if n < 100:
        return names[n // 10] + "十" + (names[n % 10] if n % 10 else "")
    rest = n % 100
    head = names[n // 100] + "百"
    if rest == 0:
        return head
    if rest < 10:
        return head + "零" + names[rest]
    return head + names[rest // 10] + "十" + (names[rest % 10] if rest % 10 else "")


@dataclass(frozen=True, slots=True)
class Marker:
    """A numbering marker found at the start of a paragraph."""

    kind: str  # chapter | item | subitem | part
    number: int
    label: str  # as the contract writes it: "四", "（十四）", "3", "第一"
    end: int  # index just after the marker (and any following spaces)


def marker_at(text: str) -> Marker | None:
    """The numbering marker a paragraph starts with, if any."""
    m = CHAPTER_RE.match(text)
    if m and (n := cn_to_int(m.group(1))) is not None:
        return Marker("chapter", n, m.group(1), m.end())
    m = ITEM_RE.match(text)
    if m and (n := cn_to_int(m.group(1))) is not None:
        return Marker("item", n, f"（{m.group(1)}）", m.end())
    if text.startswith("第"):
        m = PART_RE.match(text)
        if m and (n := cn_to_int(m.group(1))) is not None:
            return Marker("part", n, f"第{m.group(1)}", m.end() - 1)
        m = TIAO_RE.match(text)
        if m and (n := _num(m.group(1))) is not None:
            return Marker("tiao", n, f"第{m.group(1)}条", m.end())
        short = len(text) <= 40 and "。" not in text
        m = ZHANG_RE.match(text)
        if m and short and (n := _num(m.group(1))) is not None:
            return Marker("zhang", n, f"第{m.group(1)}{m.group(2)}", m.end())
        m = JIE_RE.match(text)
        if m and short and (n := _num(m.group(1))) is not None:
            return Marker("jie", n, f"第{m.group(1)}节", m.end())
    m = SUBITEM_RE.match(text)
    if m:
        return Marker("subitem", int(m.group(1)), m.group(1), m.end())
    m = PAREN_RE.match(text)
    if m:
        return Marker("paren", int(m.group(1)), f"（{m.group(1)}）", m.end())
    m = CIRCLED_RE.match(text)
    if m:
        return Marker("circled", ord(m.group(1)) - 0x245F, m.group(1), m.end())
    m = ANNEX_RE.match(text)
    if m:
        if m.group(1):
            label = "附件" + m.group(2)
            return Marker("annex", int(m.group(2) or 0), label, m.end(1))
        return Marker("annex", 0, "附件", 0)
    return None


def _num(s: str) -> int | None:
    return int(s) if s.isdigit() else cn_to_int(s)


def heading_title(text: str, marker: Marker) -> tuple[int, int]:
    """Span (in ``text``) of the heading title after ``marker``: up to the first 。/：, or the line."""
    start = marker.end
    if marker.kind == "part":
        start += 1  # the "，" after 第一
    end = len(text)
    for i in range(start, len(text)):
        if text[i] in "。：:；！？":
            end = i
            break
    return start, end


def items_run_across(markers: list[Marker | None]) -> bool:
    """True when item numbers continue across chapters (a chapter's first item is not 一).

    Decided by the majority of chapters after the first one with items, so one missing or
    misprinted （一） does not turn a text whose items restart into one cited by item alone.
    """
    seen_items, first = False, True
    carry = restart = 0
    for m in markers:
        if m is None:
            continue
        if m.kind in ("chapter", "zhang", "annex"):
            first = True
        elif m.kind == "item":
            if first and seen_items:
                if m.number > 1:
                    carry += 1
                else:
                    restart += 1
            first, seen_items = False, True
    return carry > restart


@dataclass(frozen=True, slots=True)
class Unit:
    """A numbered unit opened by a paragraph: its contract id, ASCII key, kind and parent."""

    id: str
    key: str
    kind: str  # the Marker kind that opened it
    rank: int
    parent: str | None
    depth: int
    marker: Marker
    alone: bool = False  # cited without its parent (articles, items numbered across chapters)


def numbered_style(markers: list[Marker | None], arabic_top: bool = True) -> str:
    """``numbered``, ``parts`` or ``plain``: which id scheme a text's markers call for.

    ``arabic_top=False`` (speeches, news): a list numbered 1. 2. 3. inside running text does not
    make the text a numbered document; its paragraphs keep their ``pN`` ids.
    """
    kinds = [m.kind for m in markers if m is not None]
    # one stray "一、" or "第一，" inside running text does not make a numbered text
    if sum(k in ("zhang", "jie", "tiao", "chapter", "item") for k in kinds) >= 2:
        return "numbered"
    if kinds.count("part") >= 2:
        return "parts"
    subs = [m.number for m in markers if m is not None and m.kind == "subitem"]
    if arabic_top and len(subs) >= 2 and subs[0] == 1 and 2 in subs:
        return "numbered"  # a text numbered 1. 2. 3. at the top level
    return "plain"


def _unit_key(m: Marker, parent: Unit | None) -> str:
    num = str(m.number)
    if m.kind == "chapter" and (parent is None or parent.kind == "annex"):
        return num if parent is None else f"{parent.key}-{num}"
    if m.kind == "item" and parent is None:
        return "a" + num
    if m.kind == "item" and parent is not None and parent.kind == "chapter":
        return f"{parent.key}-{num}"
    if m.kind == "subitem" and parent is not None and parent.kind in ("item", "chapter"):
        return f"{parent.key}-{num}" if parent.kind == "item" else f"{parent.key}-s{num}"
    prefix = {"zhang": "z", "jie": "j", "tiao": "t", "chapter": "c", "item": "i", "subitem": "n",
              "paren": "p", "circled": "c", "annex": "annex"}[m.kind]
    if m.kind == "zhang" and m.label.endswith("部分"):
        prefix = "part-"
    elif m.kind == "zhang" and m.label.endswith("编"):
        prefix = "book"
    own = prefix + (num if m.kind != "annex" or m.number else "")
    return own if parent is None else f"{parent.key}-{own}"


def plan_units(markers: list[Marker | None]) -> list[tuple[list[Unit], Unit | None, str | None]]:
    """For each paragraph of a ``numbered`` text: (units it closes, unit it opens, current id).

    Nesting follows :data:`RANK`: a marker closes every open unit of its rank or deeper and
    nests in the nearest outer one, whose id it appends to (``四（六）3``, ``一（一）1（2）``,
    ``附件1``). Two kinds are cited alone, as the texts cite them: articles ``第十二条`` (numbered
    across the whole regulation) and items that run on across chapters (``（二十九）``). The
    current id is None before the first unit (the preamble). ``part`` markers are ignored here.
    """
    across = items_run_across(markers)
    stack: list[Unit] = []
    out: list[tuple[list[Unit], Unit | None, str | None]] = []
    for m in markers:
        if m is None or m.kind == "part":
            out.append(([], None, stack[-1].id if stack else None))
            continue
        rank = RANK[m.kind]
        closed: list[Unit] = []
        while stack and stack[-1].rank >= rank:
            closed.append(stack.pop())
        if m.kind == "annex":
            closed.extend(reversed(stack))
            stack.clear()
        parent = stack[-1] if stack else None
        alone = m.kind == "tiao" or (m.kind == "item" and across)
        if alone:
            sid = m.label
            key = ("a" + str(m.number)) if m.kind == "item" else "t" + str(m.number)
        else:
            sid = (parent.id if parent else "") + m.label
            key = _unit_key(m, parent)
        unit = Unit(sid, key, m.kind, rank, parent.id if parent else None, len(stack), m, alone)
        stack.append(unit)
        out.append((closed, unit, sid))
    return out


def section_ids(texts: list[str]) -> list[str]:
    """Contract section id of each body paragraph (title/date lines already removed).

    The same rules as :mod:`policy_graph.segment.structure` (which also builds spans and titles);
    ingest uses this to name the place of a variant.
    """
    markers = [marker_at(t) for t in texts]
    style = numbered_style(markers)
    out: list[str] = []
    if style == "numbered":
        return [cur or "preamble" for _, _, cur in plan_units(markers)]
    if style == "parts":
        cur = "preamble"
        for m in markers:
            if m is not None and m.kind == "part":
                cur = m.label
            out.append(cur)
        return out
    return [f"p{k}" for k in range(1, len(texts) + 1)]


# --------------------------------------------------------------------------------------------
# front and back matter: the lines around a document's body that are metadata, not text
# --------------------------------------------------------------------------------------------

#: A document number (文号): 国办发〔2016〕64号, also with [ ] ［ ］ 【 】 （ ） brackets.
DOC_NUMBER_RE = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[［【（(]\d{4}[〕\]］】）)]\s*第?\d{1,4}\s*号")
#: A dateline alone on its line: "（2015年11月29日）" or "2018-10-22  来源：湖北日报" (groups: y, m, d).
DATE_LINE = re.compile(
    r"^[（(]?(\d{4})年(\d{1,2})月(\d{1,2})日[）)]?$|^(\d{4})-(\d{1,2})-(\d{1,2})(?:\s+来源[：:].*)?$"
)
#: "来源：湖北日报": the source line of a news item (group: the source).
SOURCE_LINE = re.compile(r"^来源[：:]\s*(\S.*)$")

_DOC_NUMBER_LINE = re.compile(
    rf"^(?:(?:发文字号|文号|发布文号|发文号)[：:]\s*|【(?:发文字号|文号|发布文号|发文号)】\s*)?{DOC_NUMBER_RE.pattern}$"
)
#: Lines printed above or beside a title: 密级, 紧急程度, 公开方式, index fields of a web page.
_META_LINE = re.compile(
    r"^(?:[★☆]+.*|[★☆]?(?:绝密|机密|秘密)(?:[★☆]\S*)?|特急|加急|特提|平急|急件|紧急"
    r"|(?:公开方式|公开属性|索引号|主题分类|发文机关|成文日期|发布日期|有效性|信息来源|密级|紧急程度|份号|主题词)[：:].*"
    r"|附件\s*\d{0,2}[：:]?|(?:当前位置|您现在的位置|您的位置)[：:].*|首页\s*[>＞»].*"
    r"|【[^】]{2,10}】.{0,80}|[\u4e00-\u9fff\s]{2,30}文件|[-=*_]{3,}|[A-Za-z_]{2,20}\s*:\s.*|.*(?:www\.|https?://).*|.*[|｜].*[|｜].*)$"
)
#: A web site's or a body's name printed as a page header above the title.
_SITE_HEADER = re.compile(r"(?:网|网站|门户网站|客户端|政务公开|信息公开)$")
_GOV_HEADER = re.compile(r"^(?:中华人民共和国)?[\u4e00-\u9fff]{0,10}(?:人民政府|中央人民政府)$")
#: Lines printed after the signature: 此件公开发布, 抄送, 印发 line.
_FOOTER_LINE = re.compile(
    r"^[（(]此件.{1,20}[）)]?$|^[（(](?:联系人|信息公开)[^）)]*[）)]$|^(?:抄送|主送|抄报)[：:]"
    r"|^\S{2,40}\s*\d{4}年\d{1,2}月\d{1,2}日\s*印发$"
    r"|^[（(]?(?:责任编辑|编辑|审核|校对|来源|作者)[：:].{0,30}$"
    r"|^扫一扫.{0,20}$|^(?:[【\[]?(?:我要纠错|打印本页|打印此页|打印|关闭窗口|关闭|返回顶部|保存本页|收藏|分享到?|字号[：:][大中小\s]*"
    r"|(?:责任编辑|编辑)[：:]\s*\S{1,10})[】\]]?\s*)+$"
)
#: A date with what happened on it, under a title: （2010年7月30日…会议通过）.
_ENACTED = re.compile(r"^[（(](\d{4})年(\d{1,2})月(\d{1,2})日[^（）()]{2,80}(?:通过|公布|发布|修订|修正|印发|批准)[）)]$")
#: The name of an issuing body on a signature line.
_ISSUER_LINE = re.compile(
    r"(?:委员会|领导小组|小组|政府|办公厅|办公室|部|委|局|厅|中央|国务院|组织部|人大常委会|常务委员会|法院|检察院"
    r"|银行|总行|分行|署|总局|联合会|协会|工会|团中央|妇联|残联|党组|指挥部|中心|（局）|\(局\))$"
)


_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0, "O": 0}
_CN_DATE = re.compile(r"^[（(]?([〇零○ＯO一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日[）)]?$")
#: A byline under a speech title: ``习近平`` / ``市委书记　李建华`` (only next to a date line).
_BYLINE = re.compile(r"^(?:[\u4e00-\u9fff]{2,14}[\s\u3000]+)?[\u4e00-\u9fff·]{2,5}$")


_ANY_DATE = re.compile(r"(?<!\d)(\d{4})(?:年|[-/.])(\d{1,2})(?:月|[-/.])(\d{1,2})日?(?!\d)")
_INFO_WORDS = re.compile(r"来源|发布|时间|日期|作者|编辑|浏览|阅读|字号|成文|公布")


def info_date(line: str) -> str | None:
    """ISO date of a web-page info line (``发布时间：2021-02-25 10:20　来源：…``), else None."""
    t = line.strip()
    if len(t) > 120 or not _INFO_WORDS.search(t) or "。" in t:
        return None
    m = _ANY_DATE.search(t)
    if not m:
        return None
    y, mo, d = (int(x) for x in m.groups())
    return f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else None


def cn_date(line: str) -> str | None:
    """ISO date of a date line written in Chinese numerals (``二〇一九年三月五日``), else None."""
    m = _CN_DATE.match(line.strip())
    if not m:
        return None
    y = int("".join(str(_CN_DIGIT[c]) for c in m.group(1)))
    mo, d = cn_to_int(m.group(2)), cn_to_int(m.group(3))
    if mo is None or d is None or not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def is_byline(line: str) -> bool:
    """Could this short line be a speaker byline (a name, maybe after a post)? Callers check that
    it sits next to the date line, which is what makes it one."""
    t = line.strip()
    return bool(_BYLINE.match(t)) and not is_issuer_line(t) and marker_at(t) is None


def doc_number_of(line: str) -> str | None:
    """The 文号 a line consists of (``国办发〔2016〕64号``, ``发文字号：…``), else None."""
    t = line.strip()
    if not _DOC_NUMBER_LINE.match(t):
        return None
    m = DOC_NUMBER_RE.search(t)
    return m.group(0) if m else None


def is_meta_line(line: str) -> bool:
    """A line above a title that is not the title: 密级, 紧急程度, 公开方式, 文号, ``附件``."""
    t = line.strip()
    return bool(_META_LINE.match(t)) or doc_number_of(t) is not None


def is_page_header(line: str) -> bool:
    """A site or body name printed above a title (``中华人民共和国中央人民政府``, ``中国政府网``).

    Only a header when a title follows it: the caller checks that.
    """
    t = line.strip()
    return bool(_SITE_HEADER.search(t) or _GOV_HEADER.match(t))


def is_footer_line(line: str) -> bool:
    """A line after the signature: （此件公开发布）, 抄送：…, ``…2016年8月30日印发``."""
    return bool(_FOOTER_LINE.match(line.strip()))


def enacted_date(line: str) -> str | None:
    """ISO date of a ``（2010年7月30日…通过）`` line, else None."""
    m = _ENACTED.match(line.strip())
    if not m:
        return None
    y, mo, d = (int(x) for x in m.groups())
    return f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else None


def is_issuer_line(line: str) -> bool:
    """A short line naming a body, as printed above a signature date (``国务院办公厅``)."""
    t = line.strip()
    return (
        0 < len(t) <= 30
        and bool(_ISSUER_LINE.search(t))
        and not any(c in t for c in "，。；：、！？")
        and "关于" not in t
    )
