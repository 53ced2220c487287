"""Stage 6, validate: SHACL (pySHACL) → a :class:`ValidationReport` and a plain-words gap report.

Entry points: :func:`validate` and :func:`gap_report`. Shapes come from ``shapes/*.ttl`` through
:mod:`policy_graph.resources` unless given. The caller's graph is never modified (pySHACL works on
its own copy when it mixes in the ontology).
"""

from __future__ import annotations

from functools import cache

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from .. import resources
from ..errors import ShapesError
from .gaps import gap_report, gaps_by_document
from .report import ValidationFailed, ValidationReport, ValidationResult, parse_report

__all__ = [
    "ValidationFailed",
    "ValidationReport",
    "ValidationResult",
    "gap_report",
    "gaps_by_document",
    "load_shapes",
    "validate",
]

_ONTOLOGY = URIRef("https://w3id.org/policy-graph/ontology")


@cache
def _shapes() -> Graph:
    graph = Graph()
    files = resources.shapes_files()
    if not files:
        raise ShapesError("no SHACL shapes found", path=str(resources.shapes_dir()))
    for path in files:
        try:
            graph.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises many parser exception types
            raise ShapesError(f"cannot parse shapes: {exc}", path=str(path)) from exc
    return graph


def load_shapes() -> Graph:
    """A fresh copy of the bundled shapes graph."""
    copy = Graph()
    for triple in _shapes():
        copy.add(triple)
    return copy


def validate(data: Graph, *, shapes: Graph | None = None, ontology: Graph | None = None) -> ValidationReport:
    """Validate ``data`` against the shapes; warnings do not break conformance.

    ``ontology`` is mixed in (on pySHACL's copy) only when ``data`` does not already contain it;
    the shapes target asserted classes, so it is rarely needed.
    """
    import pyshacl

    shapes_graph = shapes if shapes is not None else _shapes()
    if not data.store.context_aware:  # pySHACL wraps the data in a ConjunctiveGraph
        copy = Graph()
        for triple in data:
            copy.add(triple)
        data = copy
    ont = ontology if ontology is not None and (_ONTOLOGY, RDF.type, OWL.Ontology) not in data else None
    try:
        _conforms, report_graph, text = pyshacl.validate(
            data,
            shacl_graph=shapes_graph,
            ont_graph=ont,
            inference="none",
            abort_on_first=False,
            allow_warnings=True,
            allow_infos=True,
            advanced=True,  # SPARQL targets (shapes/README.md)
            meta_shacl=False,
            # without an ontology to mix in (and with no sh:rule in our shapes) pySHACL only reads
            # the data graph, so skip its defensive clone (0.6 s on the corpus); else work on a copy
            inplace=ont is None,
        )
    except Exception as exc:  # pySHACL raises its own error types for broken shapes
        raise ShapesError(f"SHACL validation could not run: {exc}") from exc
    results = parse_report(report_graph, shapes_graph)
    return ValidationReport(
        conforms=not any(r.severity == "Violation" for r in results),
        results=results,
        graph=report_graph,
        text=text,
    )
