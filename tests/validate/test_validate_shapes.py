"""validate(): each crafted broken graph triggers its intended shape and no other; gap sentences."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures.builders import corpus
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from policy_graph.rdf import load_ontology, to_graph
from policy_graph.validate import ValidationFailed, gap_report, gaps_by_document, load_shapes, validate

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
BROKEN = sorted((FIXTURES / "broken").glob("*.ttl"))
SHAPES_NS = "https://w3id.org/policy-graph/shapes#"


def _valid() -> Graph:
    return Graph().parse(FIXTURES / "graphs" / "valid.ttl")


def test_the_valid_fixture_has_no_result_at_all():
    report = validate(_valid())
    assert report.conforms
    assert report.results == ()


def test_there_is_one_broken_fixture_per_checked_shape():
    shapes = load_shapes()
    checks = set(shapes.subjects(RDF.type, SH.PropertyShape)) | set(shapes.subjects(RDF.type, SH.SPARQLConstraint))
    checked = sorted(str(s)[len(SHAPES_NS):] for s in checks if str(s).startswith(SHAPES_NS))
    assert len(BROKEN) == 30  # a leftover filter must not shrink the suite silently
    assert sorted(p.stem for p in BROKEN) == checked


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_broken_fixture_triggers_its_shape_and_no_other(path: Path):
    graph = _valid().parse(path)
    report = validate(graph)
    assert set(report.counts()) == {path.stem}, report.summary()
    (result,) = report.results
    assert result.message_en and result.message_zh
    assert result.severity in {"Violation", "Warning"}
    assert report.conforms == (result.severity != "Violation")


@pytest.mark.parametrize("with_ontology", [False, True])
def test_validate_does_not_mutate_the_data(with_ontology):
    graph = _valid().parse(FIXTURES / "broken" / "Obligation-bearer.ttl")
    before = set(graph)
    report = validate(graph, ontology=load_ontology() if with_ontology else None)
    assert set(graph) == before
    assert report.counts() == {"Obligation-bearer": 1}


def test_report_objects_and_raise_for_results():
    graph = _valid().parse(FIXTURES / "broken" / "Obligation-role.ttl")
    report = validate(graph)
    assert not report.conforms
    (result,) = report.violations
    assert result.focus == URIRef("https://w3id.org/policy-graph/id/obligation/hb/x")
    assert result.path == "https://w3id.org/policy-graph/ontology#role"
    assert result.message_zh == "责任表述没有唯一且有效的角色"
    assert (None, SH.conforms, None) in report.graph
    with pytest.raises(ValidationFailed) as err:
        report.raise_for_results()
    assert err.value.exit_code == 1
    assert "Obligation-role 1" in report.summary()


def test_gap_report_speaks_plainly_by_document():
    graph = _valid().parse(FIXTURES / "broken" / "PlanItem-lead.ttl")
    report = validate(graph)
    gaps = gap_report(report, graph)
    assert gaps == ["湖北实施意见 四（三）: no lead body / 无牵头单位 — 加强生态扶贫"]
    assert gaps_by_document(report, graph) == {"湖北实施意见": gaps}


def test_built_fixture_reports_the_item_without_lead():
    docs, exs = corpus()
    graph = to_graph(docs, exs)
    report = validate(graph, ontology=load_ontology())
    assert report.conforms
    assert report.counts() == {"PlanItem-lead": 1}
    assert gap_report(report, graph) == [
        "湖北省关于打赢脱贫攻坚战三年行动的实施意见 四（四）: no lead body / 无牵头单位 — 加强生态扶贫"
    ]
