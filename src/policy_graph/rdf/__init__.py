"""Stage 4, rdf: works + facts → an rdflib Graph with deterministic IRIs.

Entry point: :func:`to_graph`. The graph holds instance data only (works, witnesses, variants,
sections, bodies, obligations, measures, targets, processes, citations); the ontology is loaded
separately with :func:`load_ontology`, and inferences are added by the ``reason`` stage.
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from ..errors import GraphError
from ..model import Extraction, SegmentedWork
from ..namespaces import DEFAULT_BASE, PG, bind_prefixes
from .bodies import add_bodies
from .documents import WorkIndex, add_work
from .facts import FactBuilder, normalise_title
from .iris import Minter
from .ontology import load_ontology
from .triples import TripleSet, TripleSink

__all__ = ["DEFAULT_BASE", "Minter", "TripleSet", "load_ontology", "to_graph", "to_triples"]


def to_graph(
    docs: Sequence[SegmentedWork],
    extractions: Sequence[Extraction],
    *,
    base: str = DEFAULT_BASE,
    store: str = "default",
) -> Graph:
    """Instance data (works, witnesses, variants, sections, bodies, obligations, targets…).

    Pure: the inputs are frozen dataclasses, the result a new graph; the same inputs give the
    same triples. Facts whose work is not among ``docs`` raise :class:`GraphError`.
    ``store`` is the rdflib store plugin: the default Memory store is context-aware, which
    pySHACL needs to validate the graph without copying it. Callers that only serialise and
    reason (the streaming build) use :func:`to_triples`, several times faster to fill.
    """
    graph = bind_prefixes(Graph(store=store), base=base)
    _fill(graph, docs, extractions, base)
    return graph


def to_triples(docs: Sequence[SegmentedWork], extractions: Sequence[Extraction], *, base: str = DEFAULT_BASE) -> TripleSet:
    """The same triples as :func:`to_graph`, in a :class:`TripleSet` (no rdflib store behind it)."""
    triples = TripleSet()
    _fill(triples, docs, extractions, base)
    return triples


def _fill(graph: TripleSink, docs: Sequence[SegmentedWork], extractions: Sequence[Extraction], base: str) -> None:
    try:
        minter = Minter(base)
    except ValueError as exc:
        raise GraphError(str(exc)) from exc
    works: dict[str, WorkIndex] = {}
    for doc in sorted(docs, key=lambda d: d.work.id):
        if doc.work.id in works:
            raise GraphError(f"work {doc.work.id!r} given twice")
        works[doc.work.id] = add_work(graph, minter, doc)
    for ex in extractions:
        if ex.work not in works:
            raise GraphError(f"extraction for unknown work {ex.work!r}")

    refs = [ob.body for ex in extractions for ob in ex.obligations]
    refs += [step.body for ex in extractions for p in ex.processes for step in p.steps]
    bodies = add_bodies(graph, minter, refs)
    facts = FactBuilder(graph, minter, works, bodies)

    resolve = _resolution_index(works)
    for ex in sorted(extractions, key=lambda e: e.work):
        index = works[ex.work]
        lead_chapters = {
            index.chapter_of(ob.evidence.section) for ob in ex.obligations if ob.role == "lead"
        }
        for ref in ex.measures:
            section = index.by_id.get(ref.section)
            plan_item = (
                index.work.kind == "implementation"
                and section is not None
                and section.kind == "item"
                and index.chapter_of(ref.section) in lead_chapters
            )
            facts.add_measure(ref, plan_item=plan_item)
        for ob in ex.obligations:
            facts.add_obligation(ob)
        for target in ex.targets:
            facts.add_target(target)
        for process in ex.processes:
            facts.add_process(process)
        for citation in ex.citations:
            facts.add_citation(index, citation, resolve)
        facts.add_populations(ex)
    _link_issuers(graph, works, bodies)


def _resolution_index(works: dict[str, WorkIndex]) -> dict[str, URIRef]:
    """Keys a citation can be resolved by: normalised title and document number."""
    index: dict[str, URIRef] = {}
    for work_id in sorted(works):
        w = works[work_id]
        index.setdefault("title:" + normalise_title(w.work.title), w.iri)
        if w.work.doc_number:
            index.setdefault("no:" + normalise_title(w.work.doc_number), w.iri)
    return index


def _link_issuers(graph: TripleSink, works: dict[str, WorkIndex], bodies: dict[str, URIRef]) -> None:
    """dcterms:creator from a work to the body whose label or alias equals an issuer name."""
    from rdflib.namespace import DCTERMS, SKOS

    names: dict[str, URIRef] = {}
    for key in sorted(bodies):
        iri = bodies[key]
        for prop in (SKOS.prefLabel, SKOS.altLabel):
            for label in sorted(graph.objects(iri, prop), key=str):
                names.setdefault(str(label), iri)
    for work_id in sorted(works):
        w = works[work_id]
        for issuer in w.work.issuers:
            body = names.get(issuer)
            if body is not None and (body, RDF.type, PG.Body) in graph:
                graph.add((w.iri, DCTERMS.creator, body))
