"""owlready2 + HermiT consistency check (needs Java; marked ``java``)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fixtures.builders import corpus
from rdflib import Graph

from policy_graph.errors import ReasoningError
from policy_graph.rdf import load_ontology, to_graph
from policy_graph.reason import check_consistency, reason

pytest.importorskip("owlready2")
pytestmark = [
    pytest.mark.java,
    pytest.mark.skipif(shutil.which("java") is None, reason="needs a Java runtime for HermiT"),
]

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "graphs"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


def test_ontology_alone_is_consistent_with_no_unsatisfiable_class(ontology):
    report = check_consistency(Graph(), ontology=ontology, classify=True)
    assert report.consistent, report.summary()
    assert report.unsatisfiable_classes == ()
    assert report.reasoner == "HermiT"


def test_built_fixture_with_inferences_is_consistent(ontology):
    docs, exs = corpus()
    data = to_graph(docs, exs)
    before = len(data)
    merged = reason(data, ontology=ontology).merged()
    for classify in (False, True):
        report = check_consistency(merged, ontology=ontology, classify=classify)
        assert report.consistent, report.summary()
    assert len(data) == before


@pytest.mark.parametrize("classify", [False, True])
@pytest.mark.parametrize("fixture", ["inconsistent-two-levels.ttl", "inconsistent-disjoint-classes.ttl"])
def test_body_in_two_disjoint_levels_is_inconsistent(ontology, classify, fixture):
    graph = Graph().parse(FIXTURES / fixture)
    report = check_consistency(graph, ontology=ontology, classify=classify)
    assert not report.consistent
    assert "inconsistent" in report.message
    assert "INCONSISTENT" in report.summary()


def test_missing_java_is_a_clear_error(ontology, monkeypatch):
    import owlready2

    monkeypatch.setattr(owlready2, "JAVA_EXE", "/nonexistent/java")
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(ReasoningError, match="Java is needed"):
        check_consistency(Graph(), ontology=ontology)
