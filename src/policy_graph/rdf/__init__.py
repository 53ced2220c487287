"""Stage 4, rdf: works + facts → an rdflib Graph with deterministic IRIs.

Entry point: :func:`to_graph`.
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import Graph

from ..model import Extraction, SegmentedWork

DEFAULT_BASE = "https://w3id.org/policy-graph/"


def to_graph(
    docs: Sequence[SegmentedWork], extractions: Sequence[Extraction], *, base: str = DEFAULT_BASE
) -> Graph:
    """Instance data (works, witnesses, variants, sections, bodies, obligations, targets…)."""
    raise NotImplementedError("rdf.to_graph is being written")
