"""Targeted materialisation rules, read from the ontology's own axioms (not a full OWL-RL closure).

Each rule is a pure function ``(view, ontology) -> set of triples`` over a read-only view of
data + earlier inferences. They cover the inferences queries and consumers rely on:

- ``inverse``: ``owl:inverseOf`` between policy-graph properties (body → its obligations);
- ``chain``: two-step ``owl:propertyChainAxiom`` (body ``pg:responsibleFor`` measure);
- ``level-from-parent``: a body without a level takes the nearest ancestor's (org:subOrganizationOf);
- ``has-value-class``: classes defined as ``owl:hasValue`` restrictions (pg:ProvincialBody…);
- ``super-class``: named superclasses of asserted types (eli:LegalResource, org:Organization, odrl:Duty…);
- ``super-property``: a few standard super-properties consumers query (odrl:assignee, dcterms:references).

A full OWL-RL closure over 30k triples takes tens of seconds and adds mostly noise; these rules
take well under a second and say exactly what they add.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, ORG, OWL, RDF, RDFS
from rdflib.term import Node

from ..namespaces import ODRL, PG, PG_IRI
from ..rdf.triples import TripleSink

Triple = tuple[Node, Node, Node]
Rule = Callable[[TripleSink, Graph], set[Triple]]

#: Standard super-properties materialised for linked-data consumers.
SUPER_PROPERTIES: tuple[URIRef, ...] = (ODRL.assignee, DCTERMS.references)


def _ours(term: object) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(PG_IRI)


def inverse(view: TripleSink, ontology: Graph) -> set[Triple]:
    out: set[Triple] = set()
    for p, q in ontology.subject_objects(OWL.inverseOf):
        if not (_ours(p) and _ours(q)):
            continue
        for s, o in view.subject_objects(q):
            if isinstance(o, URIRef):
                out.add((o, p, s))
        for s, o in view.subject_objects(p):
            if isinstance(o, URIRef):
                out.add((o, q, s))
    return out


def chain(view: TripleSink, ontology: Graph) -> set[Triple]:
    out: set[Triple] = set()
    for prop, head in ontology.subject_objects(OWL.propertyChainAxiom):
        steps = list(Collection(ontology, head))
        if len(steps) != 2 or not all(isinstance(s, URIRef) for s in steps):
            continue
        first, second = steps
        firsts = set(view.subject_objects(first))
        if not firsts:  # the first step may itself be an inverse not yet in the view
            inv = next((q for q in ontology.objects(first, OWL.inverseOf)), None)
            if inv is not None:
                firsts = {(o, s) for s, o in view.subject_objects(inv)}
        for s, mid in firsts:
            for o in view.objects(mid, second):
                if isinstance(s, URIRef) and isinstance(o, URIRef):
                    out.add((s, prop, o))
    return out


def level_from_parent(view: TripleSink, ontology: Graph) -> set[Triple]:
    out: set[Triple] = set()
    for body in sorted(set(view.subjects(RDF.type, PG.Body)), key=str):
        if view.value(body, PG.level) is not None:
            continue
        seen = {body}
        parent = view.value(body, ORG.subOrganizationOf)
        while isinstance(parent, URIRef) and parent not in seen:
            level = view.value(parent, PG.level)
            if isinstance(level, URIRef):
                out.add((body, PG.level, level))
                break
            seen.add(parent)
            parent = view.value(parent, ORG.subOrganizationOf)
    return out


def has_value_class(view: TripleSink, ontology: Graph) -> set[Triple]:
    out: set[Triple] = set()
    for cls, restriction in ontology.subject_objects(OWL.equivalentClass):
        if not isinstance(restriction, BNode):
            continue
        prop = ontology.value(restriction, OWL.onProperty)
        value = ontology.value(restriction, OWL.hasValue)
        if prop is None or value is None:
            continue
        for s in view.subjects(prop, value):
            if isinstance(s, URIRef):
                out.add((s, RDF.type, cls))
    return out


def _superclasses(ontology: Graph) -> dict[Node, set[Node]]:
    direct: dict[Node, set[Node]] = {}
    for c, sup in ontology.subject_objects(RDFS.subClassOf):
        if isinstance(c, URIRef) and isinstance(sup, URIRef):
            direct.setdefault(c, set()).add(sup)
    closure: dict[Node, set[Node]] = {}
    for c, supers in direct.items():
        todo, seen = list(supers), set[Node]()
        while todo:
            x = todo.pop()
            if x in seen:
                continue
            seen.add(x)
            todo.extend(direct.get(x, ()))
        closure[c] = seen
    return closure


def super_class(view: TripleSink, ontology: Graph) -> set[Triple]:
    closure = _superclasses(ontology)
    out: set[Triple] = set()
    for s, c in view.subject_objects(RDF.type):
        if isinstance(s, URIRef) and c in closure:
            for sup in closure[c]:
                out.add((s, RDF.type, sup))
    return out


def super_property(view: TripleSink, ontology: Graph) -> set[Triple]:
    out: set[Triple] = set()
    for p, sup in ontology.subject_objects(RDFS.subPropertyOf):
        if sup in SUPER_PROPERTIES and _ours(p):
            for s, o in view.subject_objects(p):
                if isinstance(s, URIRef) and isinstance(o, URIRef):
                    out.add((s, sup, o))
    return out


#: Rules in the order they run; later rules see earlier inferences.
RULES: tuple[tuple[str, Rule], ...] = (
    ("level-from-parent", level_from_parent),
    ("inverse", inverse),
    ("chain", chain),
    ("has-value-class", has_value_class),
    ("super-class", super_class),
    ("super-property", super_property),
)


def names() -> Iterable[str]:
    return (name for name, _ in RULES)
