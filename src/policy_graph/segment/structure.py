"""The numbering tree of a work and its contract section ids (DESIGN.md, gold GUIDELINES.md).

Why three styles: Chinese policy texts number their units in one of three ways, and the id
contract follows the text's own numbering:

* **numbered** (decisions, guidance, implementation opinions): chapters ``一、`` with items
  ``（一）`` and numbered sub-items ``1.``. When item numbers run on across chapters (the 2015
  decision: chapter 三 starts at （四）) the item is cited alone, ``（二十九）``; when they restart
  in each chapter they are cited with their chapter, ``八（一）``; deeper units append, ``四（六）3``.
  Text inside a chapter before its first item belongs to the chapter (``一``).
* **parts** (speeches numbered ``第一，…``): each part runs until the next one (``第四`` keeps the
  paragraphs that follow it).
* **paragraphs** (everything else): ``p1``, ``p2``… over non-empty paragraphs.

Text before the first numbered unit is ``preamble``. The title, date and source lines at the top
and a signature (issuer + date) at the bottom are not part of any section: they are metadata, and
counting them would shift every ``pN``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Section, Work
from ..numbering import Marker, heading_title, marker_at

_DATE = re.compile(
    r"^[（(]?\d{4}年\d{1,2}月\d{1,2}日[）)]?$|^\d{4}-\d{1,2}-\d{1,2}(?:\s+来源[：:].*)?$"
)
_SOURCE = re.compile(r"^来源[：:]")
_NOISE = re.compile(r"[\s“”\"'‘’《》·\-—¹²³⁴⁵⁶⁷⁸⁹⁰]")


@dataclass(frozen=True, slots=True)
class Para:
    start: int
    end: int
    text: str
    marker: Marker | None


def paragraphs(text: str) -> list[Para]:
    out: list[Para] = []
    pos = 0
    for line in text.split("\n"):
        a, b = pos, pos + len(line)
        pos = b + 1
        stripped = line.strip()
        if not stripped:
            continue
        lead = len(line) - len(line.lstrip())
        a += lead
        b = a + len(stripped)
        out.append(Para(a, b, stripped, marker_at(stripped)))
    return out


def _same_title(line: str, title: str) -> bool:
    x, y = _NOISE.sub("", line), _NOISE.sub("", title)
    return bool(x) and (x == y or (len(y) >= 6 and y in x and len(x) - len(y) <= 8))


def body_range(paras: list[Para], title: str) -> tuple[int, int]:
    """Indices [i, j) of the paragraphs that are body text (not title/date/source/signature)."""
    i = 0
    if paras and _same_title(paras[0].text, title):
        i = 1
    while i < len(paras) and i < 4 and (_DATE.match(paras[i].text) or _SOURCE.match(paras[i].text)):
        i += 1
    j = len(paras)
    if j - i >= 2 and _DATE.match(paras[j - 1].text):
        j -= 1
        prev = paras[j - 1].text
        if len(prev) <= 30 and prev[-1:] not in "。；！？：" and marker_at(prev) is None:
            j -= 1
    return i, j


def _key_num(label: str) -> str:
    from ..numbering import cn_to_int

    n = cn_to_int(label.strip("（）第"))
    return str(n) if n is not None else re.sub(r"[^A-Za-z0-9]", "", label) or "x"


def build_sections(work: Work) -> tuple[list[Section], list[tuple[int, int, str]]]:
    """Sections of the work, plus (start, end, section id) for every body paragraph."""
    paras = paragraphs(work.text)
    i, j = body_range(paras, work.title)
    body = paras[i:j]
    kinds = {p.marker.kind for p in body if p.marker is not None}
    if kinds & {"chapter", "item"}:
        return _numbered(body)
    if "part" in kinds:
        return _parts(body)
    return _plain(body)


def _close(open_: list[dict], end: int, out: list[Section]) -> None:
    for s in open_:
        out.append(
            Section(
                id=s["id"], key=s["key"], kind=s["kind"], start=s["start"], end=end,
                title=s.get("title"), title_start=s.get("title_start"),
                parent=s.get("parent"), depth=s["depth"],
            )
        )
    open_.clear()


def _numbered(body: list[Para]) -> tuple[list[Section], list[tuple[int, int, str]]]:
    # Do item numbers run on across chapters? (a chapter whose first item is not 一)
    across = False
    seen_chapter = False
    first_in_chapter = True
    for p in body:
        if p.marker and p.marker.kind == "chapter":
            seen_chapter, first_in_chapter = True, True
        elif p.marker and p.marker.kind == "item":
            if seen_chapter and first_in_chapter and p.marker.number > 1:
                across = True
            first_in_chapter = False
    sections: list[Section] = []
    assign: list[tuple[int, int, str]] = []
    chapter: dict | None = None
    item: dict | None = None
    sub: dict | None = None
    preamble: dict | None = None

    def close(unit: dict | None, end: int) -> None:
        if unit is not None:
            _close([unit], end, sections)

    last_end = body[-1].end if body else 0
    for p in body:
        m = p.marker
        if m is not None and m.kind == "chapter":
            close(sub, p.start - 1); close(item, p.start - 1); close(chapter, p.start - 1)
            sub = item = None
            close(preamble, p.start - 1); preamble = None
            chapter = _unit(m.label, _key_num(m.label), "chapter", p, m, None, 0)
            current = chapter
        elif m is not None and m.kind == "item":
            close(sub, p.start - 1); close(item, p.start - 1)
            sub = None
            close(preamble, p.start - 1); preamble = None
            if across or chapter is None:
                sid, key = m.label, "a" + _key_num(m.label)
            else:
                sid, key = chapter["id"] + m.label, chapter["key"] + "-" + _key_num(m.label)
            item = _unit(sid, key, "article" if across else "item", p, m, chapter and chapter["id"], 1)
            current = item
        elif m is not None and m.kind == "subitem" and (item is not None or chapter is not None):
            close(sub, p.start - 1)
            parent = item or chapter
            assert parent is not None
            sub = _unit(parent["id"] + m.label, parent["key"] + "-" + m.label, "subitem", p, m, parent["id"], parent["depth"] + 1)
            current = sub
        else:
            current = sub or item or chapter
            if current is None:
                if preamble is None:
                    preamble = {"id": "preamble", "key": "preamble", "kind": "preamble", "start": p.start, "depth": 0}
                current = preamble
        assign.append((p.start, p.end, current["id"]))
    for u in (preamble, sub, item, chapter):
        close(u, last_end)
    sections.sort(key=lambda s: (s.start, s.depth))
    return sections, assign


def _unit(sid: str, key: str, kind: str, p: Para, m: Marker, parent: str | None, depth: int) -> dict:
    a, b = heading_title(p.text, m)
    return {
        "id": sid, "key": key, "kind": kind, "start": p.start, "depth": depth, "parent": parent,
        "title": p.text[a:b] or None, "title_start": p.start + a if b > a else None,
    }


def _parts(body: list[Para]) -> tuple[list[Section], list[tuple[int, int, str]]]:
    sections: list[Section] = []
    assign: list[tuple[int, int, str]] = []
    cur: dict | None = None
    for p in body:
        if p.marker is not None and p.marker.kind == "part":
            if cur:
                _close([cur], p.start - 1, sections)
            cur = _unit(p.marker.label, "part" + str(p.marker.number), "part", p, p.marker, None, 0)
        elif cur is None:
            cur = {"id": "preamble", "key": "preamble", "kind": "preamble", "start": p.start, "depth": 0}
        assign.append((p.start, p.end, cur["id"]))
    if cur and body:
        _close([cur], body[-1].end, sections)
    return sections, assign


def _plain(body: list[Para]) -> tuple[list[Section], list[tuple[int, int, str]]]:
    sections: list[Section] = []
    assign: list[tuple[int, int, str]] = []
    for n, p in enumerate(body, 1):
        sections.append(Section(id=f"p{n}", key=f"p{n}", kind="paragraph", start=p.start, end=p.end))
        assign.append((p.start, p.end, f"p{n}"))
    return sections, assign
