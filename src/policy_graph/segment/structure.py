"""The numbering tree of a work and its contract section ids (DESIGN.md, gold GUIDELINES.md).

Why three styles: Chinese policy texts number their units in one of three ways, and the id
contract follows the text's own numbering:

* **numbered** (decisions, guidance, implementation opinions, regulations, plans): chapters
  ``一、`` with items ``（一）``, sub-items ``1.``, ``（1）``, ``①``; regulations ``第一章`` /
  ``第一节`` / ``第一条``. When item numbers run on across chapters (the 2015 decision: chapter 三
  starts at （四）) the item is cited alone, ``（二十九）``; when they restart in each chapter they
  are cited with their chapter, ``八（一）``; deeper units append, ``四（六）3``, ``一（一）1（2）``.
  Articles are numbered across the whole regulation and cited alone, ``第十二条``, ``第七条（二）``.
  Text inside a chapter before its first item or article belongs to the chapter (``一``,
  ``第二章``). An official text numbered only ``1.`` ``2.`` at the top level uses ``1``, ``2``; an
  appendix (``附件``, ``重点任务分工``) after the body is ``附件``, its rows ``附件1``…
  (nesting rules: :func:`policy_graph.numbering.plan_units`).
* **parts** (speeches numbered ``第一，…``): each part runs until the next one (``第四`` keeps the
  paragraphs that follow it).
* **paragraphs** (everything else, and speeches or news whose running text holds a 1. 2. list):
  ``p1``, ``p2``… over non-empty paragraphs. ``一是…二是…`` never opens a unit.

Text before the first numbered unit is ``preamble``. The title and the lines around it (date,
source, 文号, 密级, enactment note, subtitle, speaker byline) and a signature (issuers + date, then
（此件公开发布）) at the bottom are not part of any section: they are metadata, and counting them
would shift every ``pN``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..model import Section, Work
from ..numbering import (
    DATE_LINE,
    SOURCE_LINE,
    Marker,
    cn_date,
    cn_to_int,
    doc_number_of,
    enacted_date,
    heading_title,
    info_date,
    is_byline,
    is_footer_line,
    is_issuer_line,
    is_meta_line,
    marker_at,
    numbered_style,
    plan_units,
)

_SUBTITLE = re.compile(r"^[—–-]{1,2}\s*\S.{1,78}$")
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
        if len(paras) > 1 and _NOISE.sub("", paras[1].text) == _NOISE.sub("", paras[0].text):
            i = 2  # the title printed twice
    while i < len(paras) and i < 10 and (
        _front_matter(paras[i].text)
        or (i == 1 and _SUBTITLE.match(paras[i].text))
        or (i == 1 and is_issuer_line(paras[i].text) and len(paras) > 2 and _is_date(paras[2].text))
        or (is_byline(paras[i].text) and any(_is_date(paras[k].text) for k in (i - 1, i + 1) if 0 <= k < len(paras)))
    ):
        i += 1
    j = len(paras)
    while j - i >= 2 and is_footer_line(paras[j - 1].text):
        j -= 1
    if j - i >= 2 and _is_date(paras[j - 1].text):
        j -= 1
        prev = paras[j - 1].text
        if len(prev) <= 30 and prev[-1:] not in "。；！？：" and marker_at(prev) is None:
            j -= 1
            while j - i >= 2 and is_issuer_line(paras[j - 1].text) and is_issuer_line(paras[j].text) and len(paras) - j < 7:
                j -= 1  # a joint signature: one issuer per line
    return i, j


def _is_date(text: str) -> bool:
    return bool(DATE_LINE.match(text) or cn_date(text))


def _front_matter(text: str) -> bool:
    """Date, source, 文号, 密级 or enactment lines under a title: metadata, not body."""
    return bool(
        _is_date(text) or info_date(text) or SOURCE_LINE.match(text) or doc_number_of(text) or enacted_date(text)
        or (is_meta_line(text) and not text.startswith("附件"))
    )


#: Kinds whose paragraphs are cited as ``pN`` even when a list inside is numbered 1. 2. 3.
_RUNNING_TEXT = ("speech", "news", "commentary")


def _key_num(label: str) -> str:
    n = cn_to_int(label.strip("（）第"))
    return str(n) if n is not None else re.sub(r"[^A-Za-z0-9]", "", label) or "x"


def build_sections(work: Work) -> tuple[list[Section], list[tuple[int, int, str]]]:
    """Sections of the work, plus (start, end, section id) for every body paragraph."""
    paras = paragraphs(work.text)
    i, j = body_range(paras, work.title)
    body = paras[i:j]
    style = numbered_style([p.marker for p in body], arabic_top=work.kind not in _RUNNING_TEXT)
    if style == "numbered":
        sections, assign = _numbered(body)
    elif style == "parts":
        sections, assign = _parts(body)
    else:
        sections, assign = _plain(body)
    return _unique_ids(sections, assign)


def _unique_ids(
    sections: list[Section], assign: list[tuple[int, int, str]]
) -> tuple[list[Section], list[tuple[int, int, str]]]:
    """A corrupted text can number two units alike; later ones get "_2", "_3" so ids stay keys."""
    seen: dict[str, int] = {}
    keys: set[str] = set()
    renamed: dict[tuple[str, int], str] = {}
    out: list[Section] = []
    for s in sections:
        n = seen[s.id] = seen.get(s.id, 0) + 1
        key, k = s.key, n
        while key in keys:
            k += 1
            key = f"{s.key}-{k}"
        keys.add(key)
        if n == 1:
            out.append(s if key == s.key else replace(s, key=key))
            continue
        new_id = f"{s.id}_{n}"
        renamed[(s.id, s.start)] = new_id
        out.append(replace(s, id=new_id, key=key))
    if not renamed:
        return out, assign
    fixed = []
    for a, b, sid in assign:
        owner = max((st for (i, st) in renamed if i == sid and st <= a), default=None)
        fixed.append((a, b, renamed[(sid, owner)] if owner is not None else sid))
    return out, fixed


@dataclass
class _Open:
    """A unit whose end is not known yet."""

    id: str
    key: str
    kind: str
    start: int
    depth: int = 0
    parent: str | None = None
    title: str | None = None
    title_start: int | None = None

    def close(self, end: int) -> Section:
        return Section(
            id=self.id, key=self.key, kind=self.kind, start=self.start, end=max(self.start, end),
            title=self.title, title_start=self.title_start, parent=self.parent, depth=self.depth,
        )


def _preamble(p: Para) -> _Open:
    return _Open("preamble", "preamble", "preamble", p.start)


def _unit(sid: str, key: str, kind: str, p: Para, m: Marker, parent: str | None, depth: int) -> _Open:
    if m.kind == "tiao":  # an article has no heading, only its text: "第一条 为了…" (or 【title】)
        t = re.match(r"【([^】]{1,30})】", p.text[m.end :])
        if not t:
            return _Open(sid, key, kind, p.start, depth, parent)
        return _Open(sid, key, kind, p.start, depth, parent, t.group(1), p.start + m.end + 1)
    a, b = heading_title(p.text, m)
    return _Open(sid, key, kind, p.start, depth, parent, p.text[a:b] or None, p.start + a if b > a else None)


def _numbered(body: list[Para]) -> tuple[list[Section], list[tuple[int, int, str]]]:
    """Sections of a numbered text, nesting and ids as :func:`~policy_graph.numbering.plan_units`."""
    sections: list[Section] = []
    assign: list[tuple[int, int, str]] = []
    preamble: _Open | None = None
    open_units: dict[str, _Open] = {}
    for p, (closed, unit, current) in zip(body, plan_units([p.marker for p in body])):
        for u in closed:
            sections.append(open_units.pop(u.id).close(p.start - 1))
        if unit is not None:
            if preamble is not None:
                sections.append(preamble.close(p.start - 1))
                preamble = None
            kind = "article" if unit.alone else _KIND[unit.kind]
            open_units[unit.id] = _unit(unit.id, unit.key, kind, p, unit.marker, unit.parent, unit.depth)
        if current is None:
            preamble = preamble or _preamble(p)
            current = preamble.id
        assign.append((p.start, p.end, current))
    end = body[-1].end if body else 0
    for still_open in [preamble, *reversed(open_units.values())]:
        if still_open is not None:
            sections.append(still_open.close(end))
    sections.sort(key=lambda s: (s.start, s.depth))
    return sections, assign


#: Section.kind of each marker kind (the vocabulary extract and rdf know).
_KIND = {"zhang": "chapter", "jie": "chapter", "tiao": "article", "chapter": "chapter", "item": "item",
         "subitem": "subitem", "paren": "subitem", "circled": "subitem", "annex": "annex"}


def _parts(body: list[Para]) -> tuple[list[Section], list[tuple[int, int, str]]]:
    sections: list[Section] = []
    assign: list[tuple[int, int, str]] = []
    cur: _Open | None = None
    for p in body:
        if p.marker is not None and p.marker.kind == "part":
            if cur is not None:
                sections.append(cur.close(p.start - 1))
            cur = _unit(p.marker.label, "part" + str(p.marker.number), "part", p, p.marker, None, 0)
        elif cur is None:
            cur = _preamble(p)
        assign.append((p.start, p.end, cur.id))
    if cur is not None and body:
        sections.append(cur.close(body[-1].end))
    return sections, assign


def _plain(body: list[Para]) -> tuple[list[Section], list[tuple[int, int, str]]]:
    sections: list[Section] = []
    assign: list[tuple[int, int, str]] = []
    for n, p in enumerate(body, 1):
        sections.append(Section(id=f"p{n}", key=f"p{n}", kind="paragraph", start=p.start, end=p.end))
        assign.append((p.start, p.end, f"p{n}"))
    return sections, assign
