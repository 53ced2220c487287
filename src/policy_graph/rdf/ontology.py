"""The ontology and concept schemes, read from ``ontology/*.ttl`` through :mod:`resources`."""

from __future__ import annotations

from functools import cache

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from .. import resources
from ..errors import GraphError
from ..namespaces import bind_prefixes, concept


@cache
def _parsed() -> Graph:
    graph = Graph()
    files = resources.ontology_files()
    if not files:
        raise GraphError("no ontology files found", path=str(resources.ontology_dir()))
    for path in files:
        try:
            graph.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises many parser exception types
            raise GraphError(f"cannot parse ontology: {exc}", path=str(path)) from exc
    return bind_prefixes(stable_blank_nodes(graph))


def stable_blank_nodes(graph: Graph) -> Graph:
    """A copy whose blank nodes (OWL restrictions, lists, SHACL results) get labels computed from
    their content (rdflib.compare), not random ones, so every build path writes byte-identical
    N-Triples/N-Quads/Turtle."""
    from rdflib.compare import to_canonical_graph

    stable = Graph()
    for prefix, namespace in graph.namespaces():
        stable.bind(prefix, namespace, override=True)
    for triple in to_canonical_graph(graph):
        stable.add(triple)
    return stable


def load_ontology() -> Graph:
    """A fresh copy of the ontology (TBox of policy.ttl + SKOS schemes): callers may mutate it."""
    copy = Graph()
    for triple in _parsed():
        copy.add(triple)
    return bind_prefixes(copy)


@cache
def known_concepts(scheme: str) -> frozenset[str]:
    """Keys (skos:notation) of the concepts the ontology defines in ``scheme``."""
    graph = _parsed()
    keys = set()
    for subject, notation in graph.subject_objects(SKOS.notation):
        if isinstance(subject, URIRef) and subject == concept(scheme, str(notation)):
            keys.add(str(notation))
    return frozenset(keys)
