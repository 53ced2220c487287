"""Responsible bodies → ORG / CPOV nodes, one per BodyRef key, merged over all mentions.

A body is mentioned many times, sometimes with different surfaces; it becomes one node with
``skos:prefLabel`` (the gazetteer label), ``skos:altLabel`` (aliases and other surfaces), its
governance level and kind. When mentions disagree on level or kind the most frequent value wins
(ties broken by the order of :data:`policy_graph.model.LEVELS`), so the build stays consistent and
deterministic.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS, SKOS

from ..model import LEVELS, BodyRef
from ..namespaces import PG, concept
from .iris import Minter
from .triples import TripleSink

BODY_KINDS = (
    "party",
    "government",
    "department",
    "financial",
    "enterprise",
    "social",
    "military",
    "post",
    "region",
    "team",
    "other",
)
_PUBLIC = {"party", "government", "department"}
_ORGANISATION = {"financial", "enterprise", "social", "military", "team", "other"}


def _pick(values: Counter[str], order: tuple[str, ...]) -> str | None:
    if not values:
        return None
    rank = {v: i for i, v in enumerate(order)}
    return min(values, key=lambda v: (-values[v], rank.get(v, len(order)), v))


def add_bodies(graph: TripleSink, minter: Minter, refs: Iterable[BodyRef]) -> dict[str, URIRef]:
    """Add one node per body key; returns key → IRI."""
    grouped: dict[str, list[BodyRef]] = {}
    for ref in refs:
        grouped.setdefault(ref.key, []).append(ref)
    iris: dict[str, URIRef] = {}
    for key in sorted(grouped):
        iris[key] = minter.body(key)
    for key in sorted(grouped):
        mentions = grouped[key]
        iri = iris[key]
        known = [m for m in mentions if m.known]
        label = _pick(Counter(m.label for m in (known or mentions)), ())
        levels = Counter(m.level for m in mentions if m.level in LEVELS)
        kinds = Counter(m.kind for m in mentions if m.kind in BODY_KINDS)
        level = _pick(levels, LEVELS)
        kind = _pick(kinds, BODY_KINDS) or "other"
        graph.add((iri, RDF.type, PG.Body))
        graph.add((iri, RDF.type, _class_for(kind)))
        graph.add((iri, DCTERMS.identifier, Literal(key)))
        graph.add((iri, PG.known, Literal(bool(known))))
        if label:
            graph.add((iri, SKOS.prefLabel, Literal(label, lang="zh")))
            graph.add((iri, RDFS.label, Literal(label, lang="zh")))
        english = sorted({m.label_en for m in mentions if m.label_en})
        if english:
            graph.add((iri, SKOS.prefLabel, Literal(english[0], lang="en")))
        aliases = {a for m in mentions for a in m.aliases} | {m.surface for m in mentions}
        for alias in sorted(aliases - {label, ""}):
            graph.add((iri, SKOS.altLabel, Literal(alias, lang="zh")))
        if level:
            graph.add((iri, PG.level, concept("level", level)))
        graph.add((iri, PG.bodyKind, concept("body-kind", kind)))
        parents = sorted({m.parent for m in mentions if m.parent and m.parent != key})
        for parent in parents[:1]:
            if parent in grouped:
                graph.add((iri, ORG.subOrganizationOf, iris[parent]))
    return iris


def _class_for(kind: str) -> URIRef:
    if kind in _PUBLIC:
        return PG.PublicOrganisation
    if kind == "post":
        return PG.Post
    if kind == "region":
        return PG.Region
    return PG.Organisation
