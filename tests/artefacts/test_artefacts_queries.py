"""queries/*.rq: parse, are headed by the question in zh + en and their parameters, run on a fixture."""

from __future__ import annotations

import re

import pytest
from fixtures.builders import corpus
from rdflib import Literal, Variable
from rdflib.plugins.sparql import prepareQuery

from policy_graph import resources
from policy_graph.query.catalogue import parse as parse_query
from policy_graph.rdf import load_ontology, to_graph
from policy_graph.reason import reason

QUERIES = sorted(resources.queries_dir().glob("*.rq"))
CJK = re.compile(r"[\u4e00-\u9fff]")


def _header(text: str) -> list[str]:
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("#").strip())
    return lines


def test_enough_queries_of_each_kind():
    names = [p.stem for p in QUERIES]
    reports = [n for n in names if not n.endswith("-violation") and not n.startswith("construct-")]
    assert len(reports) >= 12
    assert {"responsibilities", "targets", "who", "duties"} <= set(names)
    assert any(n.endswith("-violation") for n in names)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", n) for n in names)


@pytest.mark.parametrize("path", QUERIES, ids=[p.stem for p in QUERIES])
def test_query_parses_and_has_a_bilingual_header_with_parameters(path):
    text = path.read_text(encoding="utf-8")
    prepareQuery(text)
    header = _header(text)
    assert CJK.search(header[0]) and header[0].endswith("？"), header[0]
    assert header[1].endswith("?") and not CJK.search(header[1]), header[1]
    assert any(line.startswith("Parameters") for line in header)
    # the query runner reads the same header: question in both languages, parameters by name
    named = parse_query(path)
    assert named.question_zh == header[0] and named.question_en == header[1]
    declared = {name for name, _ in named.params}
    assert declared == set(re.findall(r"^\?([A-Za-z]+)", "\n".join(header), re.MULTILINE))
    for var in re.findall(r"^\?([A-Za-z]+)", "\n".join(header), re.MULTILINE):
        body = text.split("\n", len(header))[-1]
        assert f"?{var}" in body, f"parameter ?{var} not used in {path.name}"


@pytest.fixture(scope="module")
def fixture_graph():
    docs, exs = corpus()
    ontology = load_ontology()
    graph = reason(to_graph(docs, exs), ontology=ontology).merged()
    for triple in ontology:
        graph.add(triple)
    return graph


def _run(graph, name, **params):
    text = resources.query_file(name).read_text(encoding="utf-8")
    result = graph.query(text, initBindings={Variable(k): Literal(v) for k, v in params.items()})
    if result.type == "CONSTRUCT":
        return [{"s": str(s), "p": str(p), "o": str(o)} for s, p, o in sorted(result)]
    return [{str(var): (None if row[var] is None else str(row[var])) for var in result.vars} for row in result]


def test_responsibilities_contract_columns_and_order(fixture_graph):
    rows = _run(fixture_graph, "responsibilities")
    assert len(rows) == 5
    for column in ("document", "section", "body", "bodyLabel", "roleCode", "measureLabel", "quote"):
        assert all(column in r for r in rows), column
    hubei = [r for r in rows if r["section"] == "四（三）"]
    assert [(r["bodyLabel"], r["roleCode"]) for r in hubei] == [("省发改委", "lead"), ("省扶贫办", "lead"), ("省财政厅", "support")]


def test_who_and_duties_bind_parameters(fixture_graph):
    who = _run(fixture_graph, "who", text="易地扶贫搬迁")
    assert {(r["bodyName"], r["roleCode"]) for r in who} == {("省发改委", "lead"), ("省扶贫办", "lead"), ("省财政厅", "support")}
    duties = _run(fixture_graph, "duties", bodyText="国开行")  # an alias
    assert [r["bodyName"] for r in duties] == ["国家开发银行"]
    assert _run(fixture_graph, "duties", bodyText="国开行", doc="湖北") == []


def test_targets_contract_columns(fixture_graph):
    rows = _run(fixture_graph, "targets")
    assert [(r["indicator"], r["value"], r["unit"], r["deadline"], r["scope"]) for r in rows] == [
        ("贫困人口减少", "1000", "万人", "到2020年", "全国"),
        ("生态护林员", "2.5", "万名", None, None),
    ]


def test_violation_queries_return_nothing_on_a_good_graph(fixture_graph):
    for path in QUERIES:
        if path.stem.endswith("-violation"):
            assert _run(fixture_graph, path.stem) == [], path.stem


def test_reports_on_the_fixture(fixture_graph):
    assert [r["measureLabel"] for r in _run(fixture_graph, "measures-without-lead")] == ["加强生态扶贫"]
    matrix = _run(fixture_graph, "lead-support-matrix")
    assert [(r["measureLabel"], r["nLeads"], r["supports"]) for r in matrix] == [("聚焦易地扶贫搬迁", "2", "省财政厅")]
    steps = _run(fixture_graph, "process-steps")
    assert [(r["stepOrder"], r["bodyName"], r["action"]) for r in steps] == [
        ("1", "县级党委和政府", "提出申请"), ("2", "市（地）党委和政府", "初审"), ("3", "省级党委和政府", "审定")]
    pairs = _run(fixture_graph, "implemented-items")
    assert [(r["provincialMeasure"], r["centralMeasure"], r["concepts"]) for r in pairs] == [
        ("加强生态扶贫", "加大产业扶贫力度", "产业扶贫")]
    levels = _run(fixture_graph, "bodies-by-level-role", levelCode="provincial", role="lead")
    assert {r["bodyName"] for r in levels} == {"省发改委", "省扶贫办"}
    assert {r["expectedRole"] for r in levels} == {"overall"}
    variants = _run(fixture_graph, "variants")
    assert {(r["reading"], r["witnesses"], r["suspicious"]) for r in variants} == {
        ("1000万人", "900-1", None), ("1000万万人", "900-2", "repeated-chars")}
    ranking = _run(fixture_graph, "workload-ranking")
    assert ranking[0]["leads"] == "1" and len(ranking) == 5
    deadlines = _run(fixture_graph, "deadlines")
    assert {(r["year"], r["kind"]) for r in deadlines} == {("2020", "responsibility"), ("2020", "target")}
    docs = _run(fixture_graph, "documents")
    assert [r["implements"] for r in docs] == ["", "中共中央 国务院关于打赢脱贫攻坚战三年行动的指导意见"]
    assert _run(fixture_graph, "bodies-without-level") == []


def test_construct_query_reproduces_the_reasoners_edges():
    docs, exs = corpus()
    ontology = load_ontology()
    data = to_graph(docs, exs)
    inferred = reason(data, ontology=ontology).inferred
    graph = data + ontology
    text = resources.query_file("construct-inferred-edges").read_text(encoding="utf-8")
    constructed = set(graph.query(text))
    assert constructed and constructed <= set(inferred)
    from policy_graph.namespaces import PG

    for prop in (PG.responsibleFor, PG.hasObligation):
        assert {t for t in constructed if t[1] == prop} == set(inferred.triples((None, prop, None)))
