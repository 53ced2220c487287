"""reason(): targeted materialisation on a copy, inferred triples kept apart and marked."""

from __future__ import annotations

import dataclasses

import pytest
from fixtures.builders import BODIES, HUBEI_ID, corpus, hubei
from rdflib import Graph, URIRef
from rdflib.namespace import ORG, RDF

from policy_graph.model import Obligation
from policy_graph.namespaces import ELI, ODRL, PG, concept
from policy_graph.rdf import DEFAULT_BASE, load_ontology, to_graph
from policy_graph.reason import RULESET, reason

ID = DEFAULT_BASE + "id/"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


@pytest.fixture(scope="module")
def data() -> Graph:
    docs, exs = corpus()
    return to_graph(docs, exs)


def test_caller_graph_is_not_mutated(data, ontology):
    before = set(data)
    onto_before = len(ontology)
    result = reason(data, ontology=ontology)
    assert set(data) == before and len(ontology) == onto_before
    assert result.asserted is data
    assert not (set(result.inferred) & before)


def test_inferred_graph_is_named_and_marked(data, ontology):
    inferred = reason(data, ontology=ontology).inferred
    name = URIRef(DEFAULT_BASE + "graph/inferred")
    assert inferred.identifier == name
    assert (name, RDF.type, PG.InferredGraph) in inferred
    assert str(inferred.value(name, URIRef("http://www.w3.org/ns/prov#wasGeneratedBy"))).endswith(RULESET)
    ds = reason(data, ontology=ontology).dataset()
    graphs = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert {DEFAULT_BASE + "graph/asserted", DEFAULT_BASE + "graph/inferred"} <= graphs


def test_direct_body_to_measure_edges_from_the_property_chain(data, ontology):
    inferred = reason(data, ontology=ontology).inferred
    measure = URIRef(ID + f"measure/{HUBEI_ID}/4-3")
    responsible = set(inferred.subjects(PG.responsibleFor, measure))
    assert responsible == {URIRef(ID + f"body/{k}") for k in ("hb-ndrc", "hb-cpad", "hb-finance")}


def test_inverse_and_super_properties(data, ontology):
    inferred = reason(data, ontology=ontology).inferred
    ndrc = URIRef(ID + "body/hb-ndrc")
    (ob,) = list(data.subjects(PG.bearer, ndrc))
    assert (ndrc, PG.hasObligation, ob) in inferred
    assert (ob, ODRL.assignee, ndrc) in inferred
    assert (URIRef(ID + "work/2018-06-15-guidance-test"), PG.implementedBy, URIRef(ID + f"work/{HUBEI_ID}")) in inferred


def test_level_classes_and_superclasses(data, ontology):
    inferred = reason(data, ontology=ontology).inferred
    assert (URIRef(ID + "body/hb-ndrc"), RDF.type, PG.ProvincialBody) in inferred
    assert (URIRef(ID + "body/cdb"), RDF.type, PG.CentralBody) in inferred
    assert (URIRef(ID + "body/cdb"), RDF.type, ORG.Organization) in inferred
    assert (URIRef(ID + f"work/{HUBEI_ID}"), RDF.type, ELI.LegalResource) in inferred
    (ob,) = list(data.subjects(PG.bearer, URIRef(ID + "body/hb-ndrc")))
    assert (ob, RDF.type, ODRL.Duty) in inferred


def test_level_of_a_body_from_its_parent(ontology):
    doc, ex = hubei()
    branch = dataclasses.replace(BODIES["hb-finance"], key="branch", label="省财政厅某处", surface="省财政厅某处",
                                 level="", parent="hb-finance")
    extra = Obligation(branch, "support", "duty", "x", ex.obligations[0].evidence)
    g = to_graph([doc], [dataclasses.replace(ex, obligations=ex.obligations + (extra,))])
    branch_iri = URIRef(ID + "body/branch")
    assert g.value(branch_iri, PG.level) is None
    inferred = reason(g, ontology=ontology).inferred
    assert inferred.value(branch_iri, PG.level) == concept("level", "provincial")
    assert (branch_iri, RDF.type, PG.ProvincialBody) in inferred
    (statement,) = list(inferred.subjects(RDF.subject, branch_iri))
    assert inferred.value(statement, RDF.predicate) == PG.level
    assert str(inferred.value(statement, URIRef("http://www.w3.org/ns/prov#wasGeneratedBy"))).endswith("level-from-parent")


def test_reasoning_is_deterministic(data, ontology):
    a = sorted(reason(data, ontology=ontology).inferred)
    b = sorted(reason(data, ontology=ontology).inferred)
    assert a == b


def test_inferred_facts_that_matter_are_reified_and_attributed(data, ontology):
    from rdflib.namespace import PROV

    inferred = reason(data, ontology=ontology).inferred
    edges = set(inferred.triples((None, PG.responsibleFor, None)))
    statements = set(inferred.subjects(RDF.type, RDF.Statement))
    assert len(statements) == len(edges) == 5
    for node in statements:
        triple = (inferred.value(node, RDF.subject), inferred.value(node, RDF.predicate), inferred.value(node, RDF.object))
        assert triple in edges
        rule = inferred.value(node, PROV.wasGeneratedBy)
        assert str(rule).endswith(f"{RULESET}/chain") and (rule, RDF.type, PG.ReasoningRule) in inferred
        assert str(node).startswith(DEFAULT_BASE + "id/inference/")
