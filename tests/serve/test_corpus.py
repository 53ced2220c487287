"""The real corpus build, served and asked: the analyst's questions over HTTP and the CLI."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from rdflib import Graph

from policy_graph.cli import main
from policy_graph.query import resolve
from policy_graph.store.substitute import substitute

from .conftest import LiveServer

ID = "https://w3id.org/policy-graph/id/"


@pytest.fixture(scope="module")
def http(corpus_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=corpus_server.url, timeout=60) as c:
        yield c


def _cli_json(*args: str) -> list[dict[str, str]]:
    result = CliRunner().invoke(main, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["rows"]


def test_who_health_poverty_everywhere(corpus_out: Path) -> None:
    rows = _cli_json("who", "健康扶贫", "--graph", str(corpus_out))
    measures = {r["measureLabel"] for r in rows}
    assert {"聚焦健康扶贫", "深入实施健康扶贫工程"} <= measures
    assert len({r["document"] for r in rows}) >= 2
    hubei = [r for r in rows if r["measureLabel"] == "聚焦健康扶贫"]
    assert {(r["bodyName"], r["roleCode"], r["section"]) for r in hubei} >= {("省卫生计生委", "lead", "四（六）")}
    assert all(r["quote"] and r["section"] and r["body"].startswith(ID + "body/") for r in rows)
    for fmt, marker in (("csv", "document,section"), ("table", "聚焦健康扶贫")):
        out = CliRunner().invoke(main, ["who", "健康扶贫", "--graph", str(corpus_out), "--format", fmt])
        assert out.exit_code == 0 and marker in out.output


def test_duties_resolves_an_alias(corpus_out: Path) -> None:
    rows = _cli_json("duties", "省卫计委", "--graph", str(corpus_out))
    assert rows and {r["bodyName"] for r in rows} == {"省卫生计生委"}  # the alias finds the body
    assert any(r["bodyLabel"] == "省卫计委" for r in rows) and any(r["bodyLabel"] == "省卫生计生委" for r in rows)
    assert {"lead", "support"} <= {r["roleCode"] for r in rows}
    same = _cli_json("duties", "省卫生计生委", "--graph", str(corpus_out))
    assert sorted(map(str, same)) == sorted(map(str, rows))
    narrowed = _cli_json("duties", "省卫计委", "--doc", "实施意见", "--graph", str(corpus_out))
    assert narrowed and all("实施意见" in r["document"] for r in narrowed)


def test_targets_and_query_list(corpus_out: Path) -> None:
    rows = _cli_json("targets", "--graph", str(corpus_out))
    assert rows and all(r["value"] and r["quote"] for r in rows)
    listing = CliRunner().invoke(main, ["query", "--list", "--graph", str(corpus_out)])
    assert listing.exit_code == 0
    for name in ("who", "duties", "responsibilities", "targets"):
        assert name in listing.output


def test_named_query_over_http_matches_the_cli(http: httpx.Client, corpus_out: Path) -> None:
    cli = _cli_json("who", "健康扶贫", "--graph", str(corpus_out))
    text = substitute(resolve("who").text, {"text": "健康扶贫"})
    r = http.post("/sparql", data={"query": text}, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200
    doc = r.json()
    over_http = [{v: b.get(v, {}).get("value") for v in doc["head"]["vars"]} for b in doc["results"]["bindings"]]
    assert sorted(map(str, over_http)) == sorted(map(str, cli))


def test_body_page_lists_obligations_with_sections_and_quotes(http: httpx.Client) -> None:
    page = http.get("/id/body/hb-health", headers={"Accept": "text/html"})
    assert page.status_code == 200
    html = page.text
    assert "省卫生计生委" in html and "四（六）" in html and "牵头" in html
    assert "省卫生计生委牵头负责" in html  # a quote
    assert 'href="/id/work/' in html and 'href="/id/obligation/' in html  # links onwards
    ttl = http.get("/id/body/hb-health", headers={"Accept": "text/turtle"})
    g = Graph().parse(data=ttl.text, format="turtle")
    assert len(g) > 20
    jsonld = http.get("/id/body/hb-health", headers={"Accept": "application/ld+json"})
    assert len(Graph().parse(data=jsonld.text, format="json-ld")) == len(g)


def test_every_kind_of_iri_dereferences(http: httpx.Client) -> None:
    q = ("SELECT ?kind (SAMPLE(?s) AS ?iri) WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?s), \"" + ID + "\")) "
         "BIND(STRBEFORE(STRAFTER(STR(?s), \"" + ID + "\"), \"/\") AS ?kind) } GROUP BY ?kind")
    rows = http.get("/sparql", params={"query": q}).json()["results"]["bindings"]
    kinds = {b["kind"]["value"]: b["iri"]["value"] for b in rows}
    assert {"work", "body", "obligation"} <= set(kinds)
    for kind, iri in sorted(kinds.items()):
        path = "/" + iri[len("https://w3id.org/policy-graph/"):]
        r = http.get(path, headers={"Accept": "text/html"})
        assert r.status_code == 200, (kind, path)
        assert http.get(path, headers={"Accept": "application/n-triples"}).text.strip()


def test_void_counts_and_dump_from_the_build(http: httpx.Client, corpus_out: Path) -> None:
    nt = http.get("/dumps/graph.nt")
    assert nt.content == (corpus_out / "graph.nt").read_bytes()
    void = Graph().parse(data=http.get("/void", headers={"Accept": "text/turtle"}).text, format="turtle")
    triples = {int(o) for o in void.objects(None, __import__("rdflib").URIRef("http://rdfs.org/ns/void#triples"))}
    assert triples == {len([line for line in nt.text.splitlines() if line.strip()])}


def test_named_query_route_binds_parameters(http: httpx.Client, corpus_out: Path) -> None:
    cli = _cli_json("who", "健康扶贫", "--graph", str(corpus_out))
    r = http.get("/queries/who", params={"text": "健康扶贫"}, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200
    doc = r.json()
    rows = [{v: b.get(v, {}).get("value") for v in doc["head"]["vars"]} for b in doc["results"]["bindings"]]
    assert sorted(map(str, rows)) == sorted(map(str, cli))
    csv_text = http.get("/queries/duties", params={"bodyText": "省卫计委"}, headers={"Accept": "text/csv"}).text
    assert csv_text.startswith("body,") and "省卫生计生委" in csv_text
    assert http.get("/queries/who", params={"nonsense": "x"}).status_code == 400
    assert http.get("/queries/no-such-query").status_code == 404


def test_named_queries_over_http_use_the_lookup_index_and_agree_with_the_query_as_written(
        http: httpx.Client, corpus_out: Path) -> None:
    """The server narrows selective named queries with the store's lookup index (query/narrow.py);
    the rows must be those of the unnarrowed query on the same graph parsed by rdflib."""
    from policy_graph.query import resolve, run
    from policy_graph.store import MemoryStore, open_store

    assert open_store(corpus_out).lookup is not None
    plain = MemoryStore.from_file(corpus_out / "graph.ttl")
    for name, params in (("who", {"text": "易地扶贫搬迁", "doc": "实施意见"}), ("duties", {"bodyText": "省卫计委", "doc": "实施意见"}),
                         ("targets", {"doc": "决定"})):
        r = http.get(f"/queries/{name}", params=params, headers={"Accept": "application/sparql-results+json"})
        assert r.status_code == 200
        doc = r.json()
        got = [tuple(b.get(v, {}).get("value") for v in doc["head"]["vars"]) for b in doc["results"]["bindings"]]
        want = run(resolve(name), plain, params=params)
        assert got and sorted(got, key=str) == sorted(want.rows, key=str), name
