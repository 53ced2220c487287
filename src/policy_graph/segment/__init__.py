"""Stage 2, segment: a work's canonical text → numbered sections and sentences (DESIGN.md ids).

Entry point: :func:`segment`.
"""

from __future__ import annotations

from ..model import SegmentedWork, Work


def segment(work: Work) -> SegmentedWork:
    """Parse the structure tree (chapter 一、/ item （一）/ numbered 1. / paragraph / sentence)."""
    raise NotImplementedError("segment.segment is being written")
