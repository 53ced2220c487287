"""The views on the real bundled corpus (one build per session), checked against SPARQL."""

from __future__ import annotations

import re
from pathlib import Path

from policy_graph.visualise import analyse
from policy_graph.visualise.data import load
from policy_graph.visualise.evidence import evidence_data

PREFIX = "PREFIX pg: <https://w3id.org/policy-graph/ontology#>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"


def _one(graph, query: str) -> int:
    return int(next(iter(graph.query(PREFIX + query)))[0])


def test_site_has_the_three_views_and_one_evidence_page_per_work(corpus_graph, corpus_site: Path) -> None:
    n_works = _one(corpus_graph, "SELECT (COUNT(DISTINCT ?w) AS ?n) WHERE { ?w a pg:Work }")
    names = sorted(p.name for p in corpus_site.iterdir())
    assert {"graph.html", "matrix.html", "levels.html"} <= set(names)
    assert len([n for n in names if n.startswith("evidence-")]) == n_works >= 5


def test_counts_match_sparql(corpus_graph) -> None:
    data = load(corpus_graph)
    assert len(data.bodies) == _one(corpus_graph, "SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { ?b a pg:Body }")
    assert len(data.measures) == _one(corpus_graph, "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a pg:Measure }")
    assert len(data.facts) == _one(corpus_graph, "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o pg:bearer ?b }")
    assert all(f.work in data.works and f.quote for f in data.facts)


def test_every_fact_is_placed_in_its_evidence_page(corpus_graph) -> None:
    data = load(corpus_graph)
    placed = 0
    for work in data.works.values():
        payload, markup, unplaced = evidence_data(data, work)
        assert unplaced == [], (work.title, unplaced[:3])
        placed += len(payload["facts"])
        indices = {int(i) for attr in re.findall(r'data-f="([^"]*)"', markup) for i in attr.split()}
        assert indices == set(range(len(payload["facts"])))
    assert placed == len(data.facts)


def test_analysis_agrees_with_independent_sparql(corpus_graph) -> None:
    result = analyse(corpus_graph)
    roles = {}
    for b, code in corpus_graph.query(PREFIX + "SELECT ?b ?c WHERE { ?o pg:bearer ?b ; pg:role/skos:notation ?c }"):
        roles.setdefault(str(b), set()).add(str(code))
    assert result["support_only"], "the corpus has bodies that only support"
    for row in result["support_only"]:
        assert roles[row["iri"]] == {"support"}
    leads = {}
    for m, b in corpus_graph.query(PREFIX + """SELECT ?m ?b WHERE { ?o pg:measure ?m ; pg:bearer ?b ;
                                               pg:role/skos:notation "lead" }"""):
        leads.setdefault(str(m), set()).add(str(b))
    assert {r["iri"] for r in result["multi_lead"]} == {m for m, bs in leads.items() if len(bs) >= 2}
    assert all(r["iri"] not in leads for r in result["no_lead"])
    top = result["top_bodies"][0]
    assert top["obligations"] == max(
        _one(corpus_graph, f"SELECT (COUNT(?o) AS ?n) WHERE {{ ?o pg:bearer <{b}> }}") for b in roles
    )
    labels = [r["label"] for r in result["top_bodies"]]
    assert "省扶贫办" in labels


def test_corpus_site_is_byte_identical_when_rendered_again(corpus_graph, corpus_site: Path, tmp_path: Path) -> None:
    from policy_graph.visualise import render_site

    again = render_site(corpus_graph, tmp_path / "again")
    assert [p.name for p in again] == sorted(p.name for p in corpus_site.iterdir())
    for page in again:
        assert page.read_bytes() == (corpus_site / page.name).read_bytes(), page.name
