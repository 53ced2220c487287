"""Chinese numbering: numerals and the heading markers policy documents number their units with.

Pure functions shared by ingest (which must recognise headings to split, re-join and align
copies) and segment (which turns the same markers into section ids). Keeping the patterns in one
place means both stages agree on what a heading is.

Markers recognised, after full-width normalisation of brackets:

* chapter ``一、…``             (章)
* item    ``（一）…``           (条 / 项)
* subitem ``1. …`` / ``1．…``   (deeper numbered units inside an item)
* part    ``第一，…``           (the parts of a speech)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100}
CN_NUMERAL_CHARS = "零〇一二两三四五六七八九十百"

CN_NUM = f"[{CN_NUMERAL_CHARS}]{{1,5}}"

#: ``一、title`` at the start of a paragraph.
CHAPTER_RE = re.compile(rf"^({CN_NUM})、\s*")
#: ``（一）title`` at the start of a paragraph (brackets already full-width).
ITEM_RE = re.compile(rf"^（({CN_NUM})）\s*")
#: ``1. title`` / ``1．`` / ``1、`` (not a decimal such as ``104.6``, not a year ``2018年``).
SUBITEM_RE = re.compile(r"^(\d{1,2})(?:[.．]|、)\s*(?=\D)")
#: ``第一，`` / ``第一、`` / ``第一：`` at the start of a speech paragraph.
PART_RE = re.compile(rf"^第({CN_NUM})[，、：:,]")
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
    m = PART_RE.match(text)
    if m and (n := cn_to_int(m.group(1))) is not None:
        return Marker("part", n, f"第{m.group(1)}", m.end() - 1)
    m = SUBITEM_RE.match(text)
    if m:
        return Marker("subitem", int(m.group(1)), m.group(1), m.end())
    return None


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
    """True when item numbers continue across chapters (a chapter's first item is not 一)."""
    seen_chapter, first = False, True
    for m in markers:
        if m is None:
            continue
        if m.kind == "chapter":
            seen_chapter, first = True, True
        elif m.kind == "item":
            if seen_chapter and first and m.number > 1:
                return True
            first = False
    return False


def section_ids(texts: list[str]) -> list[str]:
    """Contract section id of each body paragraph (title/date lines already removed).

    The same rules as :mod:`policy_graph.segment.structure` (which also builds spans and titles);
    ingest uses this to name the place of a variant.
    """
    markers = [marker_at(t) for t in texts]
    kinds = {m.kind for m in markers if m is not None}
    out: list[str] = []
    if kinds & {"chapter", "item"}:
        across = items_run_across(markers)
        chapter = item = sub = None
        for m in markers:
            if m is not None and m.kind == "chapter":
                chapter, item, sub = m.label, None, None
            elif m is not None and m.kind == "item":
                item = m.label if (across or chapter is None) else chapter + m.label
                sub = None
            elif m is not None and m.kind == "subitem" and (item or chapter):
                sub = (item or chapter or "") + m.label
            out.append(sub or item or chapter or "preamble")
        return out
    if "part" in kinds:
        cur = "preamble"
        for m in markers:
            if m is not None and m.kind == "part":
                cur = m.label
            out.append(cur)
        return out
    return [f"p{k}" for k in range(1, len(texts) + 1)]
