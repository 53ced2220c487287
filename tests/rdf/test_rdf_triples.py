"""TripleSet: the streaming build's light graph answers like an rdflib Graph, and to_triples /
reason over it give exactly the triples to_graph / reason over a Graph give (corpus and crafted)."""

from __future__ import annotations

import pytest
from fixtures.builders import corpus
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import ORG, RDF, RDFS

from policy_graph.rdf import TripleSet, load_ontology, to_graph, to_triples
from policy_graph.reason import reason

EX = "http://example.org/"
A, B, C, D = (URIRef(EX + x) for x in "abcd")


def _both(triples):
    graph = Graph()
    for t in triples:
        graph.add(t)
    return graph, TripleSet(triples)


def test_lookups_answer_like_rdflib_and_follow_later_adds():
    triples = [(A, ORG.subOrganizationOf, B), (A, RDF.type, C), (B, RDF.type, C), (A, RDFS.label, Literal("a")),
               (A, RDFS.label, Literal("a2")), (A, RDF.type, C)]  # the last one repeats
    graph, ts = _both(triples)
    assert len(ts) == len(graph) == 5
    assert set(ts) == set(graph)
    assert sorted(ts.subject_objects(RDF.type)) == sorted(graph.subject_objects(RDF.type))
    assert sorted(ts.subjects(RDF.type, C)) == sorted(graph.subjects(RDF.type, C))
    assert list(ts.objects(A, RDFS.label)) == list(graph.objects(A, RDFS.label))  # insertion order
    assert ts.value(A, RDFS.label) == graph.value(A, RDFS.label) == Literal("a")
    assert ts.value(C, RDFS.label) is None and ts.subjects(RDF.type, D) == []
    # lookups built above must see triples added afterwards, once
    ts.add((D, RDF.type, C)).add((D, RDF.type, C))
    ts.add((A, RDFS.label, Literal("a3")))
    assert sorted(ts.subjects(RDF.type, C)) == [A, B, D]
    assert ts.objects(A, RDFS.label) == [Literal("a"), Literal("a2"), Literal("a3")]
    assert (D, RDF.type, C) in ts and (D, RDF.type, B) not in ts and len(ts) == 7
    rebuilt = ts.to_graph()
    assert rebuilt.store.context_aware and set(rebuilt) == set(ts)


def test_to_triples_gives_the_triples_of_to_graph_on_crafted_works():
    docs, exs = corpus()
    assert set(to_triples(docs, exs)) == set(to_graph(docs, exs))


@pytest.fixture(scope="module")
def corpus_parts(corpus_ingest):
    from policy_graph.extract import extract
    from policy_graph.segment import segment

    docs = [segment(w) for w in corpus_ingest.works]
    return docs, [extract(d) for d in docs]


def test_corpus_triples_and_inferences_match_the_rdflib_path(corpus_parts):
    docs, exs = corpus_parts
    ontology = load_ontology()
    graph, triples = to_graph(docs, exs), to_triples(docs, exs)
    assert len(triples) > 10_000 and set(triples) == set(graph)
    by_graph = reason(graph, ontology=ontology)
    by_triples = reason(triples, ontology=ontology, in_place=True)
    assert isinstance(by_triples.inferred, TripleSet)
    assert set(by_triples.inferred) == set(by_graph.inferred) and len(by_graph.inferred) > 1_000
    assert by_triples.counts == by_graph.counts
    # in place: the TripleSet grew by the rules' conclusions (the reification marks stay in
    # ``inferred`` only, as with a Graph)
    assert set(graph) < set(triples) <= set(graph) | set(by_graph.inferred)
