"""Dereferenceable IRIs, the dataset description, dumps and the query page (real HTTP)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import httpx
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from .conftest import DATA

PG = Namespace("https://w3id.org/policy-graph/ontology#")
ID = "https://w3id.org/policy-graph/id/"
BODY = URIRef(ID + "body/health-commission")
SKOS_PREF = URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")
VOID = Namespace("http://rdfs.org/ns/void#")
STATIC = Path(__file__).resolve().parents[2] / "src" / "policy_graph" / "serve" / "static"


def test_iri_negotiates_turtle_jsonld_ntriples(client: httpx.Client) -> None:
    graphs = {}
    for accept, fmt in (("text/turtle", "turtle"), ("application/ld+json", "json-ld"), ("application/n-triples", "nt")):
        r = client.get("/id/body/health-commission", headers={"Accept": accept})
        assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
        assert "accept" in r.headers["vary"].lower()
        graphs[fmt] = Graph().parse(data=r.text, format=fmt)
    assert isomorphic(graphs["turtle"], graphs["json-ld"]) and isomorphic(graphs["turtle"], graphs["nt"])
    g = graphs["turtle"]
    assert (BODY, SKOS_PREF, Literal("国家卫生健康委", lang="zh")) in g
    assert (BODY, SKOS_PREF, Literal("National Health Commission", lang="en")) in g
    # the obligations that name it as bearer come along, with their quotes
    ob = URIRef(ID + "obligation/w1/aaa")
    assert (ob, PG.bearer, BODY) in g and (ob, PG.quote, None) in g
    # curl's */* gets Turtle; ?format= overrides Accept
    assert client.get("/id/body/health-commission").headers["content-type"].startswith("text/turtle")
    r = client.get("/id/body/health-commission?format=jsonld", headers={"Accept": "text/html"})
    assert r.headers["content-type"].startswith("application/ld+json")


def test_iri_html_page_labels_obligations_and_escaping(client: httpx.Client) -> None:
    r = client.get("/id/body/health-commission", headers={"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = r.text
    assert "<h1 lang=\"zh\">国家卫生健康委</h1>" in page
    assert "National Health Commission" in page
    assert "四（十四）" in page and "四（十五）" in page  # section ids of its obligations
    assert "实施健康扶贫工程（国家卫生健康委牵头）" in page  # the quote
    assert '<a href="/id/concept/role/lead">牵头</a> <code>lead</code>' in page  # role, linked onwards
    assert '<a href="/id/obligation/w1/aaa">' in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_unknown_iri_is_404_and_odd_accept_is_406(client: httpx.Client) -> None:
    r = client.get("/id/body/no-such-body")
    assert r.status_code == 404 and "no-such-body" in r.text
    assert client.get("/id/body/no-such-body", headers={"Accept": "text/html"}).status_code == 404
    r = client.get("/id/body/health-commission", headers={"Accept": "image/png"})
    assert r.status_code == 406


def test_ontology_document_lists_its_terms(client: httpx.Client) -> None:
    r = client.get("/ontology", headers={"Accept": "text/turtle"})
    g = Graph().parse(data=r.text, format="turtle")
    assert (PG.Obligation, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("义务", lang="zh")) in g
    html = client.get("/ontology", headers={"Accept": "text/html"}).text
    assert 'id="Obligation"' in html


def test_void_description(client: httpx.Client, tiny_server) -> None:
    for path in ("/.well-known/void", "/void"):
        r = client.get(path, headers={"Accept": "text/turtle"})
        assert r.status_code == 200
        g = Graph().parse(data=r.text, format="turtle")
        dataset = URIRef(ID + "dataset")
        assert (dataset, VOID.triples, Literal(48)) in g
        assert (dataset, VOID.sparqlEndpoint, URIRef(tiny_server.url + "/sparql")) in g
        assert (dataset, VOID.dataDump, URIRef(tiny_server.url + "/dumps/graph.nt.gz")) in g
    jsonld = client.get("/void", headers={"Accept": "application/ld+json"})
    assert jsonld.headers["content-type"].startswith("application/ld+json")
    json.loads(jsonld.text)


def test_dumps_are_the_whole_graph(client: httpx.Client) -> None:
    expected = Graph().parse(DATA / "tiny.ttl")
    nt = client.get("/dumps/graph.nt")
    assert nt.status_code == 200 and nt.headers["content-type"].startswith("application/n-triples")
    assert isomorphic(Graph().parse(data=nt.text, format="nt"), expected)
    lines = nt.text.splitlines()
    assert lines == sorted(lines)  # deterministic
    gz = client.get("/dumps/graph.nt.gz")
    assert gzip.decompress(gz.content) == nt.content
    ttl = client.get("/dumps/graph.ttl")
    assert isomorphic(Graph().parse(data=ttl.text, format="turtle"), expected)
    assert client.get("/dumps/other.nt").status_code == 404


def test_query_page_works_offline(client: httpx.Client) -> None:
    for path in ("/", "/query"):
        r = client.get(path)
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
        assert '<script src="/static/query.js">' in r.text and "<textarea" in r.text
    js = client.get("/static/query.js")
    assert js.status_code == 200 and 'fetch("/sparql"' in js.text
    assert client.get("/static/style.css").status_code == 200
    for f in STATIC.iterdir():  # no CDN: nothing is fetched from elsewhere
        text = f.read_text(encoding="utf-8")
        assert "cdn" not in text.lower() and "<script src=\"http" not in text and "@import" not in text
    # a browser asking /sparql without a query is sent to the page
    r = client.get("/sparql", headers={"Accept": "text/html"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/query"


def test_static_path_traversal_is_refused(client: httpx.Client) -> None:
    for path in ("/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2fapp.py", "/static/%2e%2e%2f%2e%2e%2fpool.py"):
        r = client.get(path)
        assert r.status_code == 404, path
        assert "import" not in r.text


def test_named_query_catalogue_for_the_page(client: httpx.Client) -> None:
    items = client.get("/api/queries").json()
    names = {q["name"] for q in items}
    assert {"who", "duties", "responsibilities", "targets"} <= names
    who = next(q for q in items if q["name"] == "who")
    assert "text" in who["params"] and who["question_zh"]
