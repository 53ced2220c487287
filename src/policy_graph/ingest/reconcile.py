"""Witnesses of one work → one canonical text, its variants, and flags on the witnesses.

Why this design:

* **A base witness, not a synthetic text.** The most complete witness that is not flagged for
  year substitution gives the paragraph skeleton (its numbered units, its order). Building the
  structure by majority would need a global multiple alignment; every witness here is a copy of
  one text, so one good skeleton plus local corrections is enough and stays linear.
* **Align by content, not by the printed number** (:mod:`.align`). A number that disagrees with
  the matched paragraph is flagged ``misnumbered``; a second copy of the same text is ignored
  (``misnumbered`` / ``displaced-text``); base units a witness lacks inside its extent are
  ``missing-headings`` / ``missing-section``; lacking the end or the start is ``truncated``.
* **The base can be outvoted, also on whole paragraphs.** A paragraph the base lacks but the
  other witnesses agree on is inserted (:func:`_insert_missing`); inside paragraphs the
  collation (:mod:`.collate`) votes place by place, with reasons, and records each
  disagreement as a :class:`Variant`.
* Canonical text is stitched from mapped slices (:mod:`.mapped`), so a reading taken from a
  non-base witness still points at that witness's source characters.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..model import Flag, OriginChunk, Reading, Variant, Witness
from ..numbering import marker_at, section_ids
from .align import _align, _base_index, _grams, _Match, _overlap, _Para, _prep
from .collate import _collate_para
from .mapped import MText
from .split import Piece, parse_date


@dataclass
class Canonical:
    text: MText
    variants: list[Variant] = field(default_factory=list)
    witness_flags: dict[str, list[Flag]] = field(default_factory=dict)
    witness_sections: dict[str, list[str]] = field(default_factory=dict)


def completeness(piece: Piece) -> tuple[int, int]:
    labels = set()
    for p in piece.body:
        m = marker_at(p.text)
        if m is not None:
            labels.add((m.kind, m.number))
    return len(labels), sum(len(p.text) for p in piece.body)


def choose_base(pieces: list[Piece], distrusted: set[int]) -> int:
    return max(range(len(pieces)), key=lambda k: (k not in distrusted, completeness(pieces[k]), -k))


def assemble(lines: list[MText]) -> MText:
    parts: list[MText] = []
    for ln in lines:
        if not ln.text:
            continue
        if parts:
            parts.append(parts[-1].separator("\n"))
        parts.append(ln)
    return MText.join(parts)


def reconcile(pieces: list[Piece], wit_ids: list[str], distrusted: set[int]) -> Canonical:
    bi = choose_base(pieces, distrusted)
    base_piece = pieces[bi]
    if len(pieces) == 1:
        canon = Canonical(text=assemble(base_piece.head + base_piece.body + base_piece.tail))
        canon.witness_sections[wit_ids[0]] = _unique(section_ids([p.text for p in base_piece.body]))
        return canon
    base = _prep(base_piece)
    index, positions = _base_index(base)
    aligned: dict[int, tuple[list[_Para], list[_Match], list[int]]] = {}
    for w, piece in enumerate(pieces):
        if w != bi:
            wit = _prep(piece)
            aligned[w] = (wit, *_align(base, wit, index, positions))
    base, leads, extra = _insert_missing(base, aligned, bi, distrusted)
    sids = section_ids([p.mt.text for p in base])
    flags: dict[str, list[Flag]] = defaultdict(list)
    readings: list[dict[int, MText]] = [{leads[k]: p.core, **extra.get(k, {})} for k, p in enumerate(base)]
    _coverage_flags(base, sids, {k for k in range(len(base)) if bi in readings[k]}, flags[wit_ids[bi]])
    for w, (wit, matches, _) in aligned.items():
        by_base: dict[int, list[_Match]] = defaultdict(list)
        for m in matches:
            by_base[m.base].append(m)
        for k, ms in by_base.items():
            kept: list[_Match] = []
            # among repeats keep the copy printed under the right number, else the longest
            for m in sorted(ms, key=lambda m: (not _opens_as(wit, m, base[k]), -len(m.text), m.para)):
                if any(_overlap((m.lo, m.hi), (x.lo, x.hi)) > 0.5 for x in kept):
                    q = wit[m.para]
                    label = q.marker.label if q.marker else "an unnumbered paragraph"
                    opening = _opens(wit, m) and q.marker is not None
                    flags[wit_ids[w]].append(
                        Flag(
                            "misnumbered" if opening else "displaced-text",
                            f"{label} repeats the text of {sids[k]} (the repeat is ignored)",
                            sids[k],
                        )
                    )
                    continue
                kept.append(m)
            kept.sort(key=lambda m: m.lo)
            opens = [m for m in kept if _opens(wit, m)]
            if base[k].marker is not None and not opens:
                flags[wit_ids[w]].append(
                    Flag("missing-headings", f"{sids[k]} is not a paragraph of its own (run into another)", sids[k])
                )
            for m in kept:
                q = wit[m.para]
                if not _opens(wit, m):
                    continue  # only the opening stretch carries the printed number
                target = base[k].marker
                if q.marker is not None and target is not None and q.marker.label != target.label:
                    flags[wit_ids[w]].append(
                        Flag("misnumbered", f"{q.marker.label} carries the text of {sids[k]}", sids[k])
                    )
            readings[k].setdefault(w, MText.join([m.text for m in kept]))
        _coverage_flags(base, sids, set(by_base), flags[wit_ids[w]])
    canon = Canonical(text=MText.empty())
    _collate(base_piece, base, sids, readings, leads, pieces, wit_ids, bi, distrusted, flags, canon)
    canon.witness_flags = dict(flags)
    for w in range(len(pieces)):
        canon.witness_sections[wit_ids[w]] = _unique([sids[k] for k in range(len(base)) if w in readings[k]])
    return canon


def _insert_missing(
    base: list[_Para], aligned: dict[int, tuple[list[_Para], list[_Match], list[int]]], bi: int,
    distrusted: set[int],
) -> tuple[list[_Para], list[int], dict[int, dict[int, MText]]]:
    """Add paragraphs the base lacks but other witnesses agree on (votes as in collation).

    A witness paragraph that matches no base paragraph at all is a candidate, placed after the
    base paragraph its predecessor matched. Candidates of several witnesses at one place that
    share most 4-grams are one candidate; it is inserted when its supporters outvote the
    witnesses that run through that place without it (trusted votes first). Returns the new
    paragraph list, the witness each paragraph's text is taken from, and the other readings of
    inserted paragraphs. Match indices are updated in place.
    """
    cands: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for w, (wit, matches, unmatched) in aligned.items():
        for j in unmatched:
            q = wit[j]
            if q.marker is None and not (len(q.core) >= 10 and "。" in q.core.text):
                continue  # a stray heading-like line or fragment: not worth a paragraph
            prior = [m.base for m in matches if m.para < j]
            cands[prior[-1] if prior else -1].append((w, j))
    if not cands:
        return base, [bi] * len(base), {}
    covered = {w: {m.base for m in ms} for w, (_, ms, _) in aligned.items()}
    covered[bi] = set(range(len(base)))
    inserts: dict[int, list[tuple[_Para, int, dict[int, MText]]]] = defaultdict(list)
    for anchor, members in sorted(cands.items()):
        groups: list[tuple[set[str], dict[int, int]]] = []
        for w, j in members:
            grams = set(_grams(aligned[w][0][j].core.text))
            for g, ws in groups:
                if w not in ws and len(grams & g) >= 0.5 * max(1, min(len(grams), len(g))):
                    ws[w] = j
                    break
            else:
                groups.append((grams, {w: j}))
        for _, ws in groups:
            lacking = [w for w, c in covered.items() if w not in ws and anchor in c and anchor + 1 in c]
            support = (sum(w not in distrusted for w in ws), len(ws))
            against = (sum(w not in distrusted for w in lacking), len(lacking))
            if support < against:
                continue
            rep = min(ws, key=lambda w: (w in distrusted, -len(aligned[w][0][ws[w]].core), w))
            inserts[anchor].append((aligned[rep][0][ws[rep]], rep, {w: aligned[w][0][j].core for w, j in ws.items()}))
    new_base: list[_Para] = []
    leads: list[int] = []
    extra: dict[int, dict[int, MText]] = {}
    remap: dict[int, int] = {}
    for k in range(-1, len(base)):
        if k >= 0:
            remap[k] = len(new_base)
            new_base.append(base[k])
            leads.append(bi)
        for para, rep, texts in inserts.get(k, []):
            extra[len(new_base)] = texts
            new_base.append(para)
            leads.append(rep)
    for _, ms, _ in aligned.values():
        for m in ms:
            m.base = remap[m.base]
    return new_base, leads, extra


def _opens(wit: list[_Para], m: _Match) -> bool:
    """Does the match start its witness paragraph (so the paragraph's printed number is its own)?"""
    return m.lo <= 8 and bool(m.text.runs) and wit[m.para].core.runs[:1] == m.text.runs[:1]


def _opens_as(wit: list[_Para], m: _Match, target: _Para) -> bool:
    q = wit[m.para]
    return _opens(wit, m) and q.marker is not None and target.marker is not None and q.marker.label == target.marker.label


def _unique(xs: list[str]) -> list[str]:
    return list(dict.fromkeys(xs))


def _coverage_flags(base: list[_Para], sids: list[str], covered: set[int], out: list[Flag]) -> None:
    if not covered:
        return
    first, last = min(covered), max(covered)
    lost = [(sids[k], m.kind) for k in range(first, last + 1) if k not in covered and (m := base[k].marker)]
    lost_heads = [sid for sid, kind in lost if kind == "chapter"]
    lost_units = [sid for sid, kind in lost if kind != "chapter"]
    if lost_heads:
        out.append(Flag("missing-headings", "lacks the headings of chapters " + "、".join(lost_heads)))
    if lost_units:
        out.append(Flag("missing-section", "lacks " + "、".join(_unique(lost_units))))
    numbered = [k for k in range(len(base)) if base[k].marker is not None]
    if numbered and last < numbered[-1]:
        out.append(Flag("truncated", f"stops at {sids[last]}", sids[last]))
    if numbered and first > numbered[0]:
        out.append(Flag("truncated", f"starts inside {sids[first]}", sids[first]))


def _collate(
    base_piece: Piece, base: list[_Para], sids: list[str], readings: list[dict[int, MText]],
    leads: list[int], pieces: list[Piece], wit_ids: list[str], bi: int, distrusted: set[int],
    flags: dict[str, list[Flag]], canon: Canonical,
) -> None:
    parts: list[MText] = []
    pos = 0

    def add(mt: MText) -> None:
        nonlocal pos
        if not mt.text:
            return
        parts.append(mt)
        pos += len(mt.text)

    for ln in base_piece.head:
        if parts:
            add(parts[-1].separator("\n"))
        if parse_date(ln.text) and not any(v.section == "date" for v in canon.variants):
            _date_variant(ln, pos, pieces, wit_ids, bi, distrusted, canon)
        add(ln)
    for k, p in enumerate(base):
        if parts:
            add(parts[-1].separator("\n"))
        marker_part = p.mt[: len(p.mt) - len(p.core)]
        add(marker_part)
        if len(readings[k]) == 1:
            add(p.core)
            continue
        built, variants = _collate_para(sids[k], readings[k], wit_ids, leads[k], distrusted, flags)
        for v in variants:
            canon.variants.append(
                Variant(v.section, v.start + pos, v.end + pos, v.chosen, v.readings)
            )
        add(built)
    for ln in base_piece.tail:
        if parts:
            add(parts[-1].separator("\n"))
        add(ln)
    canon.text = MText.join(parts)


def _date_variant(
    line: MText, pos: int, pieces: list[Piece], wit_ids: list[str], bi: int, distrusted: set[int],
    canon: Canonical,
) -> None:
    """Record disagreeing date lines (the date is metadata, but a wrong one is worth showing)."""
    by_date: dict[str, list[int]] = defaultdict(list)
    for w, p in enumerate(pieces):
        if p.date:
            by_date[p.date].append(w)
    if len(by_date) < 2:
        return
    readings = []
    for date, ws in sorted(by_date.items(), key=lambda kv: (bi not in kv[1], kv[0])):
        line_text = next((h.text for h in pieces[ws[0]].head if parse_date(h.text) == date), date)
        suspicious = "only year-substituted witnesses read this" if all(w in distrusted for w in ws) else None
        readings.append(Reading(line_text, tuple(wit_ids[w] for w in ws), suspicious))
    canon.variants.append(Variant("date", pos, pos + len(line), line.text, tuple(readings)))


def origin_chunks(text: MText, pieces: list[Piece], wit_ids: list[str]) -> tuple[OriginChunk, ...]:
    """OriginChunks for the canonical text, each attributed to the witness it was copied from."""
    spans = sorted((p.source, p.char_start, p.char_end + 2, w) for p, w in zip(pieces, wit_ids))
    out: list[OriginChunk] = []
    for start, end, origin, src_start in text.chunks():
        if not origin:
            continue
        wit = next(
            (w for s, a, b, w in spans if s == origin and a <= src_start < b),
            next((w for s, _, _, w in spans if s == origin), ""),
        )
        out.append(OriginChunk(start, end, wit, origin, src_start))
    return tuple(out)


def vote_date(dates: list[tuple[str | None, bool]]) -> str | None:
    """Most common stated date, trusted witnesses first."""
    for trusted_only in (True, False):
        c = Counter(d for d, trusted in dates if d and (trusted or not trusted_only))
        if c:
            return min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    return None


def make_witness(piece: Piece, wid: str, flags: list[Flag], sections: list[str]) -> Witness:
    return Witness(
        id=wid,
        source=piece.source,
        title=piece.title,
        char_start=piece.char_start,
        char_end=piece.char_end,
        date=piece.date,
        sections=tuple(sections),
        flags=tuple(_dedupe_flags(flags)),
    )


def _dedupe_flags(flags: list[Flag]) -> list[Flag]:
    return list(dict.fromkeys(flags))
