"""Stage 3, extract: sentences → facts (obligations, targets, measures, processes, citations).

Entry point: :func:`extract`. Each fact type has its own extractor module (bodies, roles,
obligations, targets, measures, populations, processes, citations); this function only composes
them. Every fact carries an :class:`~policy_graph.model.Evidence` whose quote is exactly
``work.text[start:end]`` and whose ``rule`` names the versioned rule that produced it.
Reference data (gazetteer, triggers, schemes) is read once from ``data/reference/``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from ..model import Extraction, Obligation, SegmentedWork
from .base import Context
from .citations import CitationExtractor
from .measures import MeasureExtractor, concepts_for
from .obligations import ObligationExtractor
from .populations import PopulationExtractor, populations_in
from .processes import ProcessExtractor
from .roles import TaskDivisionExtractor
from .targets import TargetExtractor

__all__ = ["extract", "rule_counts"]


#: Kinds of work that report on other documents rather than assign anything themselves: they
#: keep their citations, but yield no obligations or targets (docs/decisions/…-secondary-sources.md).
SECONDARY_KINDS = frozenset({"news", "commentary"})


def extract(doc: SegmentedWork) -> Extraction:
    """All facts of one segmented work (pure: same input, same output)."""
    ctx = Context(doc)
    primary = doc.work.kind not in SECONDARY_KINDS
    division = TaskDivisionExtractor()
    lead_support = division(ctx) if primary else ()
    running = ObligationExtractor()(ctx, skip=division.spans(ctx)) if primary else ()
    obligations = tuple(_enrich(o) for o in (*lead_support, *running))
    return Extraction(
        work=doc.work.id,
        obligations=obligations,
        targets=tuple(TargetExtractor()(ctx)) if primary else (),
        measures=tuple(MeasureExtractor()(ctx)),
        processes=tuple(ProcessExtractor()(ctx, running)) if primary else (),
        citations=tuple(CitationExtractor()(ctx)),
        populations=tuple(PopulationExtractor()(ctx)),
    )


def _enrich(o: Obligation) -> Obligation:
    """Measure concepts and target populations of an obligation, from its measure and task."""
    concepts = concepts_for(" ".join(x for x in (o.measure, o.task) if x))
    pops = populations_in(o.task)
    if concepts == o.measure_concepts and pops == o.populations:
        return o
    return replace(o, measure_concepts=concepts, populations=pops)


def rule_counts(extraction: Extraction) -> Counter[str]:
    """How many facts each rule produced (``policy-graph build`` reports these)."""
    counts: Counter[str] = Counter()
    for o in extraction.obligations:
        counts[o.evidence.rule] += 1
    for t in extraction.targets:
        counts[t.evidence.rule] += 1
    for m in extraction.measures:
        if m.evidence is not None:
            counts[m.evidence.rule] += 1
    for p in extraction.processes:
        counts[p.evidence.rule] += 1
    for c in extraction.citations:
        counts[c.evidence.rule] += 1
    for _, ev in extraction.populations:
        counts[ev.rule] += 1
    return counts
