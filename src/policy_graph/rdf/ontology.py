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
    return bind_prefixes(graph)


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
