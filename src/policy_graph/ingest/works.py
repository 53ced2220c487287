"""Pieces → works: which copies are witnesses of the same document, and what each work is.

Why group by title first: comparing every paragraph with every other paragraph of the corpus
is quadratic; comparing titles is a dictionary lookup. A normalised title (no spaces, quotes,
footnote marks, "决定全文" prefix) is the key; only inside a group is content compared, to split
apart same-titled but different texts (two news items both called "通知"). Pieces that *quote*
a work ("《…决定》全文发布", "决定看点") keep their own titles, so they never join its group.

Kind, issuers and ids come from the title and the piece's head/tail lines: the suffix of an
official title (决定 / 指导意见 / 实施意见), a source line for news, a footnote "…讲话" or a bare
date line for speeches; the issuers are the bodies before 关于 in an official title, or the
signature. Work ids are ASCII and deterministic: ``<date>-<kind>-<sha1(title key)[:8]>``.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict

from ..numbering import is_issuer_line
from .split import Piece, doc_numbers, norm_title

_KIND_SUFFIX = (
    ("实施意见", "implementation"),
    ("实施方案", "implementation"),
    ("指导意见", "guidance"),
    ("意见", "guidance"),
    ("决定", "decision"),
    ("通知", "other"),
    ("办法", "other"),
    ("规定", "other"),
    ("方案", "other"),
)
_COMMENTARY = re.compile(r"解读|看点|浅谈|评论|述评|观察|如何")
_NEWS = re.compile(r"召开|发布|举行|会议|动员会|全文$|新闻")
_SPEECH_TITLE = re.compile(r"^在.{2,60}(?:上|时)的(?:讲话|致辞|发言|报告)$|(?:讲话|致辞)(?:稿|提纲|摘要)?$")
_STATUTE = re.compile(r"(?:条例|办法|规定|细则|规则|规划|方案|要点|通知|通告|公告|纲要|计划)$")
#: The bodies before 关于 / 印发 / 转发 in an official title.
_ISSUED_BY = re.compile(r"^(.+?)(?:关于|印发|转发)")
_BODY_NAME = re.compile(r"^[\u4e00-\u9fff（）()]{2,30}$")
#: Share of a copy's 4-grams the other must hold to be the same work. Copies in the corpus, OCR'd
#: and corrupted, share ≥ 0.79; two different notices of one issuer with parallel boilerplate
#: reach 0.37, so same-titled but different texts stay apart.
SAME_WORK = 0.55
_ISSUER_SPLIT = re.compile(r"[\s、，,]+")


def kind_of(piece: Piece) -> str:
    key = norm_title(piece.title)
    if any("讲话" in f for f in piece.footnotes):
        return "speech"  # a footnote saying whose speech it is outweighs any title word
    if _SPEECH_TITLE.search(key) or (piece.subtitle and _SPEECH_TITLE.search(norm_title(piece.subtitle))):
        return "speech"  # 在…会议上的讲话: the meeting is where it was given, not news
    if _COMMENTARY.search(key):
        return "commentary"
    if piece.source_line or _NEWS.search(key):
        return "news"
    for suffix, kind in _KIND_SUFFIX:
        if key.endswith(suffix) and "关于" in key:
            return kind
    if _STATUTE.search(key):
        return "other"  # 条例 / 办法 / 规划 …: an official text whatever lines sit under its title
    if piece.date and len(piece.head) >= 2:
        return "speech"  # a bare "（date）" line under a title that is not an official document
    return "other"


def issuers_of(piece: Piece, kind: str) -> tuple[str, ...]:
    title = piece.title.strip()
    m = _ISSUED_BY.match(title)
    if m and kind in ("decision", "guidance", "implementation", "other"):
        parts = tuple(p for p in _ISSUER_SPLIT.split(m.group(1).strip()) if p)
        if parts and all(_BODY_NAME.match(p) for p in parts):
            return parts
    if piece.tail:
        return tuple(t.text.strip() for t in piece.tail[:-1]) or (piece.tail[0].text.strip(),)
    under_title = [h.text.strip() for h in piece.head[1:] if is_issuer_line(h.text)]
    if under_title and kind != "speech":
        return tuple(under_title)  # 湖南省人民政府 / 2016年9月10日 under a plan's title
    if kind == "speech":
        for f in piece.footnotes:
            m = re.search(r"([\u4e00-\u9fff]{2,4})总书记", f)
            if m:
                return (m.group(1),)
    if kind == "news" and piece.source_line:
        return (piece.source_line,)
    return ()


def ngrams(text: str, n: int = 4, limit: int = 20000) -> set[str]:
    t = re.sub(r"\s", "", text[:limit])
    return {t[i : i + n] for i in range(max(0, len(t) - n + 1))}


def body_text(piece: Piece) -> str:
    return "\n".join(p.text for p in piece.body)


def _similar(a: set[str], b: set[str]) -> float:
    """Containment of the smaller set in the larger (partial copies still match)."""
    if not a or not b:
        return 0.0
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    return len(small & big) / len(small)


def group_pieces(pieces: list[Piece]) -> list[list[Piece]]:
    """Groups of pieces that are copies of one work, in order of first appearance."""
    by_key: dict[str, list[Piece]] = defaultdict(list)
    order: list[str] = []
    for p in pieces:
        k = norm_title(p.title)
        if k not in by_key:
            order.append(k)
        by_key[k].append(p)
    groups: list[list[Piece]] = []
    for k in order:
        clusters: list[tuple[set[str], list[Piece]]] = []
        for p in by_key[k]:
            grams = ngrams(body_text(p))
            for cg, members in clusters:
                if _similar(grams, cg) >= SAME_WORK:
                    members.append(p)
                    break
            else:
                clusters.append((grams, [p]))
        groups.extend(members for _, members in clusters)
    return groups


def work_id(date: str | None, kind: str, title: str, salt: int = 0) -> str:
    key = norm_title(title) + (f"#{salt}" if salt else "")
    return f"{date or 'undated'}-{kind}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:8]}"


def witness_id(piece: Piece) -> str:
    stem = piece.source.rsplit(".", 1)[0]
    prefix = re.sub(r"[^A-Za-z0-9]", "", stem.split("_", 1)[0])[:16]
    if not prefix:
        prefix = "s" + hashlib.sha1(piece.source.encode("utf-8")).hexdigest()[:8]
    return f"{prefix}-{piece.index}"


def cited_numbers(pieces: list[Piece]) -> dict[str, str]:
    """Title key → document number, from citations such as 《…指导意见》（中发〔2018〕16号）."""
    found: dict[str, str] = {}
    for p in pieces:
        for para in p.body[:5] + p.head:
            for m in re.finditer(r"《([^《》]{4,80})》[（(]([^（）()]{4,30})[）)]", para.text):
                nums = doc_numbers(m.group(2))
                if nums:
                    found.setdefault(norm_title(m.group(1)), nums[0])
    return found
