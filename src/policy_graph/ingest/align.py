"""Which stretch of a witness corresponds to which paragraph of the base witness.

Why by content: copies misnumber, duplicate and displace articles, glue two units into one
paragraph or lose a paragraph break, so the printed number cannot be trusted. Each witness
paragraph is cut into sentences; each sentence goes to the base paragraph sharing most of its
character 4-grams (an inverted index over the base: linear in the text, never paragraph ×
paragraph across the corpus), with a bias to stay in the paragraph of the previous sentence so
generic sentences do not jump around. Consecutive sentences that land in the same base
paragraph form one match, with its approximate extent in the base paragraph, which later tells
repeats (overlapping extents) from complementary fragments.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from ..numbering import Marker, marker_at
from .mapped import MText
from .split import Piece

_N = 4
_WS = re.compile(r"\s+")


@dataclass
class _Para:
    mt: MText
    marker: Marker | None
    core: MText  # text after the numbering marker: what is compared


def _prep(piece: Piece) -> list[_Para]:
    out = []
    for p in piece.body:
        m = marker_at(p.text)
        out.append(_Para(p, m, p[m.end :] if m is not None else p))
    return out


def _grams(text: str) -> dict[str, int]:
    t = text
    g: dict[str, int] = {}
    for i in range(len(t) - _N + 1):
        g.setdefault(t[i : i + _N], i)
    if not g and t:
        g[t] = 0
    return g


def _norm(text: str) -> str:
    return _WS.sub("", text)


@dataclass
class _Match:
    para: int  # witness paragraph index
    base: int  # base paragraph index
    score: float
    lo: int
    hi: int
    text: MText  # the matched stretch of the witness paragraph (after its marker)


_SENT_END = re.compile(r"[。；！？]”?")


def _sentences(mt: MText) -> list[MText]:
    """Cut a paragraph after 。；！？ (short tails stay with the sentence before)."""
    out: list[MText] = []
    pos = 0
    for m in _SENT_END.finditer(mt.text):
        if m.end() - pos >= 6 or not out:
            out.append(mt[pos : m.end()])
        else:
            out[-1] = MText.join([out[-1], mt[pos : m.end()]])
        pos = m.end()
    if pos < len(mt):
        if len(mt) - pos >= 6 or not out:
            out.append(mt[pos:])
        else:
            out[-1] = MText.join([out[-1], mt[pos:]])
    return out


def _base_index(base: list[_Para]) -> tuple[dict[str, list[int]], list[dict[str, int]]]:
    """4-gram → base paragraphs containing it, and each paragraph's first gram positions."""
    index: dict[str, list[int]] = defaultdict(list)
    positions: list[dict[str, int]] = []
    for k, p in enumerate(base):
        g = _grams(p.core.text)
        positions.append(g)
        for gram in g:
            index[gram].append(k)
    return index, positions


def _align(
    base: list[_Para], wit: list[_Para], index: dict[str, list[int]], positions: list[dict[str, int]]
) -> tuple[list[_Match], list[int]]:
    """Match stretches of witness paragraphs to base paragraphs by shared 4-grams.

    Sentences are matched one by one and consecutive sentences matching the same base paragraph
    are merged, so a witness paragraph that glues two units together, or carries a displaced
    fragment of another article, is cut where its content changes place.
    """
    matches: list[_Match] = []
    unmatched: list[int] = []
    for j, q in enumerate(wit):
        prev: int | None = None
        found = False
        pending: list[MText] = []  # unmatched sentences before the paragraph's first match
        for sent in _sentences(q.core):
            g = _grams(sent.text)
            hits: Counter[int] = Counter()
            for gram in g:
                for b in index.get(gram, ()):
                    hits[b] += 1
            k: int | None = None
            if hits:
                best = max(hits.values())
                if prev is not None and hits.get(prev, 0) >= best - max(1, 0.15 * len(g)):
                    k = prev
                else:
                    k = max(hits, key=lambda x: (hits[x], _same_label(base[x], q), -x))
            if k is None or hits[k] < 0.5 * len(g):
                # a sentence the base lacks: it stays with its neighbours, so the collation sees
                # it as an insertion and the vote decides whether the base dropped it
                if found and matches[-1].para == j:
                    matches[-1].text = MText.join([matches[-1].text, sent])
                else:
                    pending.append(sent)
                continue
            score = hits[k] / len(g)
            pos = sorted(positions[k][gram] for gram in g if gram in positions[k])
            lo, hi = pos[0], pos[-1] + _N
            if found and matches[-1].para == j and matches[-1].base == k and prev == k:
                last = matches[-1]
                last.lo, last.hi = min(last.lo, lo), max(last.hi, hi)
                last.text = MText.join([last.text, sent])
                last.score = max(last.score, score)
            else:
                matches.append(_Match(j, k, score, lo, hi, MText.join([*pending, sent])))
                pending = []
            prev = k
            found = True
        if not found:
            unmatched.append(j)
    return matches, unmatched


def _same_label(a: _Para, b: _Para) -> bool:
    return a.marker is not None and b.marker is not None and a.marker.label == b.marker.label


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    small = max(1, min(a[1] - a[0], b[1] - b[0]))
    return max(0, inter) / small
