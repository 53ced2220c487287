"""Stage 3, extract: sentences → facts (obligations, targets, measures, processes, citations).

Entry point: :func:`extract`.
"""

from __future__ import annotations

from ..model import Extraction, SegmentedWork


def extract(doc: SegmentedWork) -> Extraction:
    """Every fact carries an :class:`~policy_graph.model.Evidence` (offsets, quote, rule id)."""
    raise NotImplementedError("extract.extract is being written")
