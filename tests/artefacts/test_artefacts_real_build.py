"""Every query, the shapes and the reasoner on the real build of the bundled corpus.

Uses the session fixture ``corpus_build`` (tests/conftest.py): one default build, shared.
"""

from __future__ import annotations

import shutil

import pytest
from rdflib import Literal, Variable
from rdflib.namespace import RDF

from policy_graph import resources
from policy_graph.namespaces import PG
from policy_graph.rdf import load_ontology, to_graph
from policy_graph.reason import check_consistency

QUERIES = sorted(resources.queries_dir().glob("*.rq"))
HUBEI = "湖北省扶贫攻坚领导小组关于打赢脱贫攻坚战三年行动的实施意见"
DECISION = "中共中央 国务院关于打赢脱贫攻坚战的决定"
GUIDANCE = "中共中央 国务院关于打赢脱贫攻坚战三年行动的指导意见"
#: queries that may legitimately answer nothing on a good build (gaps the corpus does not have)
MAY_BE_EMPTY = {"measures-without-lead", "bodies-without-level"}


@pytest.fixture(scope="module")
def graph(corpus_build):
    return corpus_build.graph


def run(graph, name: str, **params: str) -> list[dict[str, str | None]]:
    text = resources.query_file(name).read_text(encoding="utf-8")
    result = graph.query(text, initBindings={Variable(k): Literal(v) for k, v in params.items()})
    if result.type == "CONSTRUCT":
        return [{"s": str(s), "p": str(p), "o": str(o)} for s, p, o in sorted(result)]
    return [{str(v): (None if row[v] is None else str(row[v])) for v in result.vars} for row in result]


@pytest.mark.parametrize("path", QUERIES, ids=[p.stem for p in QUERIES])
def test_every_query_runs_on_the_real_build(graph, path):
    rows = run(graph, path.stem)
    if path.stem.endswith("-violation"):
        assert rows == [], rows[:3]
    elif path.stem not in MAY_BE_EMPTY:
        assert rows, f"{path.stem} answered nothing"


def test_responsibilities_hubei_relocation_is_led_by_ndrc_and_poverty_office(graph):
    rows = run(graph, "responsibilities", doc="湖北")
    relocation = [r for r in rows if r["measureLabel"] == "聚焦易地扶贫搬迁"]
    leads = {r["bodyLabel"] for r in relocation if r["roleCode"] == "lead"}
    assert leads == {"省发改委", "省扶贫办"}
    assert {r["section"] for r in relocation} == {"四（三）"}
    supports = {r["bodyLabel"] for r in relocation if r["roleCode"] == "support"}
    assert {"省财政厅", "国开行湖北分行", "农发行湖北分行"} <= supports
    for r in rows:
        assert r["bodyLabel"] in r["quote"], r  # the body as written occurs in its quote


def test_responsibilities_2015_decision_names_the_policy_banks(graph):
    rows = run(graph, "responsibilities", doc=DECISION)
    assert {r["document"] for r in rows} == {DECISION}
    bodies = {r["bodyName"] for r in rows}
    assert {"国家开发银行", "中国农业发展银行"} <= bodies
    assert all(r["section"].startswith("（") or r["section"] in {"preamble"} or r["section"][0] in "一二三四五六七八" for r in rows)


def test_responsibilities_are_ordered_and_complete(graph, corpus_build):
    rows = run(graph, "responsibilities")
    assert len(rows) == len(set(graph.subjects(RDF.type, PG.Obligation)))
    for column in ("document", "section", "body", "bodyLabel", "roleCode", "measureLabel", "quote"):
        assert column in rows[0]
    keys = [r["document"] for r in rows]
    assert keys == sorted(keys)


def test_who_is_responsible_for_relocation(graph):
    rows = run(graph, "who", text="易地扶贫搬迁", doc="湖北")
    assert {(r["bodyName"], r["roleCode"]) for r in rows if r["roleCode"] == "lead"} == {
        ("省发改委", "lead"), ("省扶贫办", "lead")}


def test_duties_by_alias(graph):
    rows = run(graph, "duties", bodyText="省卫计委")  # an alias of 省卫生计生委
    assert {r["bodyName"] for r in rows} == {"省卫生计生委"}
    assert ("lead", "聚焦健康扶贫") in {(r["roleCode"], r["measureLabel"]) for r in rows}


def test_targets_hubei_forest_rangers(graph):
    rows = run(graph, "targets", doc="湖北")
    assert ("生态护林员" in " ".join(r["quote"] for r in rows))
    rangers = [r for r in rows if r["value"] == "2.5" and r["unit"].startswith("万")]
    assert rangers and rangers[0]["measureLabel"] == "加强生态扶贫"  # the item the target belongs to
    assert run(graph, "targets", doc="湖北", text="生态扶贫")  # found through its measure
    for column in ("document", "section", "indicator", "value", "unit", "deadline", "scope", "quote"):
        assert column in rows[0]


def test_provinces_take_overall_responsibility_as_the_principle_says(graph):
    rows = run(graph, "bodies-by-level-role", levelCode="provincial", role="overall")
    assert rows and all(r["expectedRole"] == "overall" and r["matchesPrinciple"] == "true" for r in rows)
    assert any(r["bodyName"].startswith("省（自治区、直辖市）") for r in rows)


def test_lead_support_matrix_and_workload(graph):
    matrix = run(graph, "lead-support-matrix", doc="湖北")
    health = [r for r in matrix if r["measureLabel"] == "聚焦健康扶贫"]
    assert health and "省卫生计生委" in health[0]["leads"]
    ranking = run(graph, "workload-ranking", levelCode="provincial")
    counts = [int(r["obligations"]) for r in ranking]
    assert counts == sorted(counts, reverse=True)
    most_leads = max(ranking, key=lambda r: int(r["leads"]))
    assert most_leads["bodyName"] == "省扶贫办"  # the Hubei poverty office leads the most items


def test_hubei_items_pair_with_the_guidance_they_implement(graph):
    rows = run(graph, "implemented-items")
    assert rows and {r["provincialDocument"] for r in rows} == {HUBEI}
    assert {r["centralDocument"] for r in rows} == {GUIDANCE}


def test_exit_process_steps_in_order(graph):
    rows = run(graph, "process-steps", doc=DECISION)
    steps = [(r["stepOrder"], r["action"]) for r in rows if r["process"] == "重点县退出"]
    assert steps[:4] == [("1", "提出申请"), ("2", "初审"), ("3", "审定"), ("4", "备案")]


def test_variants_and_deadlines(graph):
    variants = run(graph, "variants")
    assert len({(r["document"], r["start"]) for r in variants}) > 20
    assert any(r["suspicious"] for r in variants)
    deadlines = run(graph, "deadlines")
    years = [r["year"] for r in deadlines if r["year"]]
    assert years == sorted(years) and "2020" in years


def test_shacl_on_the_full_build(corpus_build):
    report = corpus_build.report
    assert report is not None and report.conforms, report.summary()
    assert report.summary().startswith("SHACL: conforms")
    assert len(corpus_build.gaps) == len(report.results)
    assert all(": " in gap and " / " in gap for gap in corpus_build.gaps)


def test_rdf_is_deterministic_on_the_real_corpus(corpus_build):
    again = to_graph(corpus_build.docs, corpus_build.extractions, base=corpus_build.config.base)
    def nt(g):
        return sorted(line for line in g.serialize(format="nt").splitlines() if line.strip())
    assert nt(again) == nt(corpus_build.data)
    assert all(str(t).isascii() for s, p, o in corpus_build.data for t in (s, o) if not isinstance(t, Literal))


def test_inferred_edges_are_in_the_output(corpus_build):
    inferred = corpus_build.inferred
    edges = set(inferred.triples((None, PG.responsibleFor, None)))
    assert len(edges) > 100
    assert set(inferred.subjects(RDF.type, PG.ProvincialBody))
    # the SPARQL-only path (a store without the reasoner) builds the same edges
    constructed = run(corpus_build.graph, "construct-inferred-edges")
    assert {(r["s"], r["o"]) for r in constructed if r["p"] == str(PG.responsibleFor)} == {
        (str(s), str(o)) for s, _, o in edges}


@pytest.mark.java
@pytest.mark.skipif(shutil.which("java") is None, reason="needs a Java runtime for HermiT")
def test_owl_consistency_of_the_full_build(corpus_build):
    report = check_consistency(corpus_build.graph, ontology=load_ontology())
    assert report.consistent, report.summary()


def test_hubei_task_items_are_plan_items_and_all_name_a_lead(graph):
    items = [m for m in graph.subjects(RDF.type, PG.PlanItem)]
    sections = {str(graph.value(graph.value(m, PG.statedIn), PG.sectionId)) for m in items}
    assert {f"四（{n}）" for n in ("一", "三", "六", "十四")} <= sections
    assert all(s.startswith("四（") for s in sections)
    assert run(graph, "measures-without-lead") == []  # the reconciled text names a lead for every item


@pytest.fixture(scope="module")
def oxigraph_store(graph):
    from policy_graph.store.oxigraph import from_rdflib

    return from_rdflib(graph)


@pytest.mark.parametrize("path", QUERIES, ids=[p.stem for p in QUERIES])
def test_queries_give_the_same_answers_on_oxigraph(graph, oxigraph_store, path):
    """Standard SPARQL: the answer does not depend on the engine (rdflib here, Oxigraph in the CLI)."""
    from policy_graph.query import resolve
    from policy_graph.query import run as run_named

    ours = run(graph, path.stem)
    result = run_named(resolve(path.stem), oxigraph_store)
    if result.ntriples is not None:  # CONSTRUCT: same triples
        assert len([line for line in result.ntriples.splitlines() if line.strip()]) == len(ours) > 0
        return
    theirs = result.records()
    assert len(theirs) == len(ours)
    # ordered queries agree row by row on their leading, non-aggregated columns
    sort_columns = ("document", "section", "bodyLabel", "roleCode", "indicator", "value", "level", "obligations",
                    "provincialSection", "centralSection", "year", "stepOrder")
    keys = [c for c in sort_columns if ours and c in ours[0]]
    assert [tuple(r[k] for k in keys) for r in theirs] == [tuple(r[k] for k in keys) for r in ours]
