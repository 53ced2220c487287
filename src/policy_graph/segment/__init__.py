"""Stage 2, segment: a work's canonical text → numbered sections and sentences (DESIGN.md ids).

Entry point: :func:`segment`. :mod:`.structure` finds the numbering tree and the contract ids;
:mod:`.sentences` cuts each body paragraph into sentences. Every span is an index range into
``work.text``, so a sentence's quote is always ``work.text[start:end]``.
"""

from __future__ import annotations

from bisect import bisect_right

from ..model import SegmentedWork, Sentence, Work
from .sentences import sentence_spans
from .structure import build_sections


def segment(work: Work) -> SegmentedWork:
    """Parse the structure tree (chapter 一、/ item （一）/ numbered 1. / paragraph / sentence)."""
    sections, assign = build_sections(work)
    sentences: list[Sentence] = []
    for start, end, sid in assign:
        for a, b in sentence_spans(work.text, start, end):
            sentences.append(Sentence(a, b, sid))
    return SegmentedWork(work=work, sections=tuple(sections), sentences=tuple(sentences))


def section_at(seg: SegmentedWork, offset: int) -> str | None:
    """Id of the smallest section containing ``offset`` (None outside the body)."""
    starts = [s.start for s in seg.sentences]
    k = bisect_right(starts, offset) - 1
    if k >= 0 and seg.sentences[k].start <= offset < seg.sentences[k].end:
        return seg.sentences[k].section
    return None
