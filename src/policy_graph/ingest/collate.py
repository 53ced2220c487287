"""Collation of the readings of one paragraph, and the vote that picks the canonical one.

Why this way: a character diff (difflib) of each witness against the base gives change
regions; regions of all witnesses that overlap or touch are merged, and widened to whole numbers
and Latin words, so every witness has exactly one reading at every place ("2016" against "2024",
not "16" against "24"). Identical copies are diffed once. The winner is chosen by (not
suspicious, votes of trusted witnesses, all votes, not an omission, the base's reading): counting
votes alone cannot decide when two copies from one year-substituted file tie the others, so a
reading that only year-substituted witnesses support and that differs in digits is suspicious
and loses, as are readings with an injected Latin word, a tripled character or a duplicated
phrase (:mod:`.flags`). Short disagreements are kept as :class:`Variant` records (which witness
reads what); long ones are omissions or displaced text and become flags on the witness.
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_right
from collections import defaultdict

from ..model import Flag, Reading, Variant
from .align import _norm
from .flags import suspicious_spans
from .mapped import MText

_MAX_VARIANT = 80




def _boundary_maps(ops: list[tuple[str, int, int, int, int]]) -> tuple[dict[int, int], dict[int, int]]:
    """Base offset → leftmost / rightmost witness offset, at every opcode boundary."""
    left: dict[int, int] = {}
    right: dict[int, int] = {}
    for _, i1, i2, j1, j2 in ops:
        for x, y in ((i1, j1), (i2, j2)):
            left[x] = min(left.get(x, y), y)
            right[x] = max(right.get(x, y), y)
    return left, right


def _map(ops: list[tuple[str, int, int, int, int]], bmaps: tuple[dict[int, int], dict[int, int]], x: int, side: int) -> int:
    m = bmaps[side]
    if x in m:
        return m[x]
    k = bisect_right(ops, (x,), key=lambda op: (op[1],)) - 1  # the opcode that starts before x
    tag, i1, i2, j1, _ = ops[max(0, k)]
    return j1 + (x - i1) if tag == "equal" and i1 <= x <= i2 else 0


def _suspicion(text: str, a: int, b: int) -> str | None:
    """Why the reading text[a:b] is suspicious: a corruption pattern overlapping it."""
    lo = max(0, a - 8)
    for s, e, reason in suspicious_spans(text[lo : b + 8]):
        if s + lo < max(b, a + 1) and e + lo > a:
            return reason
    return None


def _collate_para(
    sid: str, texts: dict[int, MText], wit_ids: list[str], bi: int, distrusted: set[int],
    flags: dict[str, list[Flag]],
) -> tuple[MText, list[Variant]]:
    b = texts[bi].text
    ops: dict[int, list[tuple[str, int, int, int, int]]] = {}
    intervals: list[tuple[int, int]] = []
    rep_of: dict[str, int] = {b: bi}  # identical copies are diffed once
    rep: dict[int, int] = {}
    for w, mt in sorted(texts.items()):
        r = rep_of.setdefault(mt.text, w)
        rep[w] = r
        if r != w or w == bi:
            continue
        sm = difflib.SequenceMatcher(None, b, mt.text, autojunk=False)
        ops[w] = sm.get_opcodes()
        intervals.extend((i1, i2) for tag, i1, i2, _, _ in ops[w] if tag != "equal")
    clusters: list[list[int]] = []
    for a, e in sorted(_widen(b, x, y) for x, y in intervals):
        if clusters and a <= clusters[-1][1]:
            clusters[-1][1] = max(clusters[-1][1], e)
        else:
            clusters.append([a, e])
    maps = {w: _boundary_maps(o) for w, o in ops.items()}
    out: list[MText] = []
    variants: list[Variant] = []
    cursor = 0
    built_len = 0
    for a, e in clusters:
        spans: dict[int, tuple[int, int]] = {bi: (a, e)}
        for w, o in ops.items():
            spans[w] = (_map(o, maps[w], a, 0), _map(o, maps[w], e, 1))
        for w, r in rep.items():
            spans[w] = spans[r]
        groups: dict[str, list[int]] = defaultdict(list)
        for w in sorted(spans):
            x, y = spans[w]
            groups[_norm(texts[w].text[x:y])].append(w)
        if len(groups) < 2:
            continue
        scored = []
        for reading, ws in groups.items():
            suspicious = None
            for w in sorted({rep[w] for w in ws}):
                x, y = spans[w]
                suspicious = suspicious or (_suspicion(texts[w].text, x, y) if reading else None)
            others = [r for r in groups if r != reading]
            if suspicious is None and all(w in distrusted for w in ws) and re.search(r"\d", reading) and others:
                suspicious = "only year-substituted witnesses read this"
            omission = reading == "" and any(others)
            trusted = sum(1 for w in ws if w not in distrusted)
            scored.append(((suspicious is None, trusted, len(ws), not omission, bi in ws), reading, ws, suspicious))
        scored.sort(key=lambda s: s[0], reverse=True)
        chosen_ws = scored[0][2]
        src = next((w for w in chosen_ws if w not in distrusted), chosen_ws[0])
        x, y = spans[src]
        piece = texts[src][x:y]
        out.append(texts[bi][cursor:a])
        built_len += a - cursor
        start = built_len
        out.append(piece)
        built_len += len(piece)
        cursor = e
        for _, reading, ws, suspicious in scored:
            if suspicious:
                for w in ws:
                    flags[wit_ids[w]].append(Flag(_flag_kind(suspicious), suspicious, sid))
        longest = max(len(r) for _, r, _, _ in scored)
        if longest <= _MAX_VARIANT:
            variants.append(
                Variant(
                    sid, start, built_len, piece.text,
                    tuple(
                        Reading(texts[ws[0]].text[spans[ws[0]][0] : spans[ws[0]][1]], tuple(wit_ids[w] for w in ws), s)
                        for _, _, ws, s in scored
                    ),
                )
            )
        else:
            for _, reading, ws, _ in scored:
                if len(reading) < longest // 4:
                    for w in ws:
                        flags[wit_ids[w]].append(
                            Flag("omission", f"lacks about {longest - len(reading)} characters in {sid}", sid)
                        )
    out.append(texts[bi][cursor:])
    return MText.join(out), variants


def _widen(text: str, a: int, e: int) -> tuple[int, int]:
    """Grow a change region to whole numbers and Latin words ("2016" vs "2024", not "16" vs "24")."""
    while a > 0 and text[a - 1].isascii() and text[a - 1].isalnum():
        a -= 1
    while e < len(text) and text[e].isascii() and text[e].isalnum():
        e += 1
    return a, e


def _flag_kind(reason: str) -> str:
    if reason.startswith("injected Latin"):
        return "injected-latin"
    if reason.startswith("repeated"):
        return "repeated-chars"
    if reason.startswith("duplicated"):
        return "duplicated-phrase"
    if "year" in reason:
        return "year-substitution"
    return "suspicious-reading"
