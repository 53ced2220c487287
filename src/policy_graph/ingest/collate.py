"""Collation of the readings of one paragraph, and the vote that picks the canonical one.

Why this way: a character diff (difflib's algorithm; cydifflib runs it) of each witness against the base gives change
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

import re
from bisect import bisect_right
from collections import defaultdict

try:  # the same SequenceMatcher compiled with Cython: identical opcodes, ~3x faster
    import cydifflib as difflib
except ImportError:  # pragma: no cover - a platform without its wheel falls back to the stdlib
    import difflib  # type: ignore[no-redef]

from ..model import Flag, Reading, Variant
from .align import _norm
from .flags import suspicious_spans
from .mapped import MText

Opcode = tuple[str, int, int, int, int]

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
    ops: dict[int, list[Opcode]] = {}
    intervals: list[tuple[int, int, int]] = []
    rep_of: dict[str, int] = {b: bi}  # identical copies are diffed once
    rep: dict[int, int] = {}
    for w, mt in sorted(texts.items()):
        r = rep_of.setdefault(mt.text, w)
        rep[w] = r
        if r != w or w == bi:
            continue
        sm = difflib.SequenceMatcher(None, b, mt.text, autojunk=False)
        ops[w] = list(sm.get_opcodes())
        intervals.extend((*_widen(b, i1, i2), w) for tag, i1, i2, _, _ in ops[w] if tag != "equal")
    # merge overlapping change regions; remember which copies changed something in each
    clusters: list[tuple[int, int, set[int]]] = []
    for a, e, w in sorted(intervals):
        if clusters and a <= clusters[-1][1]:
            pa, pe, movers = clusters[-1]
            movers.add(w)
            clusters[-1] = (pa, max(pe, e), movers)
        else:
            clusters.append((a, e, {w}))
    maps = {w: _boundary_maps(o) for w, o in ops.items()}
    out: list[MText] = []
    variants: list[Variant] = []
    cursor = 0
    built_len = 0
    for ci, (a, e, movers) in enumerate(clusters):
        # only copies that changed something here need mapping; all others read the base here
        moved = {w: (_map(ops[w], maps[w], a, 0), _map(ops[w], maps[w], e, 1)) for w in movers}

        def span(w: int, a: int = a, e: int = e, moved: dict[int, tuple[int, int]] = moved) -> tuple[int, int]:
            r = rep[w]
            if r in moved:
                return moved[r]
            if r == bi:
                return a, e
            return _map(ops[r], maps[r], a, 0), _map(ops[r], maps[r], e, 1)

        groups: dict[str, list[int]] = defaultdict(list)
        base_reading = _norm(b[a:e])
        for w in sorted(rep):
            if rep[w] in moved:
                x, y = moved[rep[w]]
                groups[_norm(texts[w].text[x:y])].append(w)
            else:
                groups[base_reading].append(w)
        if len(groups) < 2:
            continue
        scored = []
        for reading, ws in groups.items():
            suspicious = None
            for w in sorted({rep[w] for w in ws} & (set(moved) | {bi})):
                x, y = span(w)
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
        x, y = span(src)
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
            # two characters of shared context on each side make a reading legible ("从2016年起")
            lo = clusters[ci - 1][1] if ci else 0
            hi = clusters[ci + 1][0] if ci + 1 < len(clusters) else len(b)
            cl = _context(b, a, lo, -1)
            cr = _context(b, e, hi, 1)
            variants.append(
                Variant(
                    sid, start - cl, built_len + cr, b[a - cl : a] + piece.text + b[e : e + cr],
                    tuple(
                        Reading(
                            texts[ws[0]].text[span(ws[0])[0] - cl : span(ws[0])[1] + cr],
                            tuple(wit_ids[w] for w in ws),
                            s,
                        )
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


def _context(text: str, at: int, limit: int, step: int, most: int = 2) -> int:
    """How many Chinese characters (at most ``most``, none across punctuation or another change)
    lie next to ``at`` going in direction ``step``."""
    n = 0
    k = at - 1 if step < 0 else at
    while n < most and (k >= limit if step < 0 else k < limit) and 0 <= k < len(text):
        if not ("\u4e00" <= text[k] <= "\u9fff"):
            break
        n += 1
        k += step
    return n


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
