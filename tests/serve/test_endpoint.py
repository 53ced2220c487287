"""The SPARQL 1.1 Protocol endpoint, over real HTTP to a started uvicorn server (tiny graph)."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import httpx
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from .conftest import DATA

PG = "https://w3id.org/policy-graph/ontology#"
ID = "https://w3id.org/policy-graph/id/"
SELECT_OBLIGATIONS = f"SELECT ?o ?q WHERE {{ ?o a <{PG}Obligation> ; <{PG}quote> ?q }} ORDER BY ?o"
SRX = "{http://www.w3.org/2005/sparql-results#}"


def _clean(response: httpx.Response) -> None:
    """An error is one short line of text: no traceback, no file path."""
    assert "Traceback" not in response.text and "/work/" not in response.text and ".py" not in response.text
    assert len(response.text.strip().splitlines()) == 1


def test_select_get_defaults_to_sparql_json(client: httpx.Client) -> None:
    r = client.get("/sparql", params={"query": SELECT_OBLIGATIONS})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    doc = r.json()
    assert doc["head"]["vars"] == ["o", "q"]
    rows = doc["results"]["bindings"]
    assert [b["o"]["value"] for b in rows] == [ID + "obligation/w1/aaa", ID + "obligation/w1/bbb", ID + "obligation/w1/ccc"]
    assert rows[0]["o"]["type"] == "uri" and rows[0]["q"]["type"] == "literal"
    assert rows[1]["q"]["value"] == "加强贫困监测（国务院扶贫办牵头）"


def test_head_answers_with_the_get_headers_and_no_body(client: httpx.Client) -> None:
    get = client.get("/sparql", params={"query": SELECT_OBLIGATIONS})
    head = client.head("/sparql", params={"query": SELECT_OBLIGATIONS})
    assert head.status_code == get.status_code == 200
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.content == b""
    assert client.head("/sparql").status_code == 400  # no query: the GET answer, not 415


def test_select_post_form_and_direct_body_agree(client: httpx.Client) -> None:
    form = client.post("/sparql", data={"query": SELECT_OBLIGATIONS})
    direct = client.post("/sparql", content=SELECT_OBLIGATIONS.encode(), headers={"Content-Type": "application/sparql-query"})
    get = client.get("/sparql", params={"query": SELECT_OBLIGATIONS})
    assert form.status_code == direct.status_code == 200
    assert form.json() == direct.json() == get.json()


def test_select_xml_csv_tsv_by_accept(client: httpx.Client) -> None:
    xml = client.get("/sparql", params={"query": SELECT_OBLIGATIONS}, headers={"Accept": "application/sparql-results+xml"})
    assert xml.headers["content-type"].startswith("application/sparql-results+xml")
    root = ET.fromstring(xml.content)
    results = root.findall(f"{SRX}results/{SRX}result")
    assert len(results) == 3
    assert results[1].find(f"{SRX}binding[@name='q']/{SRX}literal").text == "加强贫困监测（国务院扶贫办牵头）"

    c = client.get("/sparql", params={"query": SELECT_OBLIGATIONS}, headers={"Accept": "text/csv"})
    assert c.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(c.text)))
    assert rows[0] == ["o", "q"] and rows[2] == [ID + "obligation/w1/bbb", "加强贫困监测（国务院扶贫办牵头）"]

    t = client.get("/sparql", params={"query": SELECT_OBLIGATIONS}, headers={"Accept": "text/tab-separated-values"})
    assert t.headers["content-type"].startswith("text/tab-separated-values")
    lines = t.text.splitlines()
    assert lines[0] == "?o\t?q"
    assert lines[2] == f'<{ID}obligation/w1/bbb>\t"加强贫困监测（国务院扶贫办牵头）"'


def test_typed_and_language_literals_in_json(client: httpx.Client) -> None:
    q = f"SELECT ?v ?l WHERE {{ <{ID}target/w1/t1> <{PG}value> ?v . <{ID}body/poverty-office> <http://www.w3.org/2004/02/skos/core#prefLabel> ?l FILTER(LANG(?l) = 'zh') }}"
    b = client.get("/sparql", params={"query": q}).json()["results"]["bindings"][0]
    assert b["v"] == {"type": "literal", "value": "90.5", "datatype": "http://www.w3.org/2001/XMLSchema#decimal"}
    assert b["l"] == {"type": "literal", "value": "国务院扶贫办", "xml:lang": "zh"}


def test_ask_json_and_xml(client: httpx.Client) -> None:
    yes = client.get("/sparql", params={"query": f"ASK {{ ?o a <{PG}Obligation> }}"})
    no = client.get("/sparql", params={"query": f"ASK {{ ?o a <{PG}Nothing> }}"})
    assert yes.json()["boolean"] is True and no.json()["boolean"] is False
    x = client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": "application/sparql-results+xml"})
    assert ET.fromstring(x.content).find(f"{SRX}boolean").text == "true"


def test_construct_in_turtle_jsonld_ntriples(client: httpx.Client) -> None:
    q = f"CONSTRUCT {{ ?o <{PG}quote> ?q }} WHERE {{ ?o <{PG}quote> ?q }}"
    expected = Graph()
    for s, p, o in Graph().parse(DATA / "tiny.ttl").triples((None, URIRef(PG + "quote"), None)):
        expected.add((s, p, o))
    for accept, fmt in (("text/turtle", "turtle"), ("application/ld+json", "json-ld"), ("application/n-triples", "nt")):
        r = client.get("/sparql", params={"query": q}, headers={"Accept": accept})
        assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
        assert isomorphic(Graph().parse(data=r.text, format=fmt), expected), accept
    default = client.get("/sparql", params={"query": q}, headers={"Accept": "*/*"})
    assert default.headers["content-type"].startswith("text/turtle")


def test_describe(client: httpx.Client) -> None:
    r = client.get("/sparql", params={"query": f"DESCRIBE <{ID}body/poverty-office>"}, headers={"Accept": "application/n-triples"})
    g = Graph().parse(data=r.text, format="nt")
    labels = {str(o) for o in g.objects(URIRef(ID + "body/poverty-office"), None)}
    assert "国务院扶贫办" in labels


def test_unacceptable_result_type_is_406(client: httpx.Client) -> None:
    r = client.get("/sparql", params={"query": SELECT_OBLIGATIONS}, headers={"Accept": "image/png"})
    assert r.status_code == 406
    assert "application/sparql-results+json" in r.text
    r = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, headers={"Accept": "text/csv"})
    assert r.status_code == 406


def test_updates_load_clear_and_service_are_refused(client: httpx.Client) -> None:
    refused = [
        client.post("/sparql", data={"update": f"INSERT DATA {{ <{ID}x> <{PG}quote> \"x\" }}"}),
        client.post("/sparql", content=b"CLEAR ALL", headers={"Content-Type": "application/sparql-update"}),
        client.get("/sparql", params={"query": f"INSERT DATA {{ <{ID}x> <{PG}quote> \"x\" }}"}),
        client.get("/sparql", params={"query": "LOAD <http://example.org/evil.ttl>"}),
        client.post("/sparql", data={"query": "DROP ALL"}),
        client.post("/sparql", data={"query": "CLEAR  DEFAULT"}),
        client.get("/sparql", params={"query": "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"}),
        client.get("/sparql", params={"query": "SELECT * WHERE { OPTIONAL { { SELECT * WHERE { SERVICE SILENT <http://x/> { ?s ?p ?o } } } } }"}),
    ]
    for r in refused:
        assert r.status_code == 403, r.text
        _clean(r)
    assert "read-only" in refused[0].text and "SERVICE" in refused[-1].text
    # the word SERVICE in a literal is no federated query
    ok = client.get("/sparql", params={"query": 'SELECT * WHERE { ?s ?p "SERVICE <http://x/>" }'})
    assert ok.status_code == 200
    assert client.get("/sparql", params={"query": f"ASK {{ <{ID}x> ?p ?o }}"}).json()["boolean"] is False


def test_malformed_query_is_400_one_line(client: httpx.Client) -> None:
    r = client.get("/sparql", params={"query": "SELEC ?x WHERE {"})
    assert r.status_code == 400 and r.text.startswith("malformed SPARQL")
    _clean(r)
    r = client.get("/sparql")
    assert r.status_code == 400 and "query" in r.text
    r = client.post("/sparql", content=b"x", headers={"Content-Type": "application/octet-stream"})
    assert r.status_code == 415


def test_result_cap_truncates_and_says_so(client: httpx.Client) -> None:
    # 48 triples → 48 * 48 = 2304 rows, cap is 50
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"})
    assert r.status_code == 200
    assert len(r.json()["results"]["bindings"]) == 50
    assert r.headers["x-result-truncated"].startswith("true")
    small = client.get("/sparql", params={"query": SELECT_OBLIGATIONS})
    assert "x-result-truncated" not in small.headers


def test_request_body_over_the_cap_is_413(client: httpx.Client) -> None:
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 30_000
    r = client.post("/sparql", content=big.encode(), headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413
    _clean(r)


def test_runaway_query_is_cut_off_and_the_server_recovers(client: httpx.Client, tiny_server) -> None:
    pool = tiny_server.server.config.app.state.pool
    killed_before = pool.killed
    # an aggregate over a 48^6 cartesian product: no solution streams before it finishes
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o . ?p ?q ?r }"
    r = client.get("/sparql", params={"query": runaway})
    assert r.status_code == 503
    assert r.text.strip() == ("query cut off: it ran longer than the 3 s limit of this endpoint "
                              "(add LIMIT or more selective patterns)")
    assert pool.killed == killed_before + 1  # the worker process was killed, not left running
    again = client.get("/sparql", params={"query": f"ASK {{ ?o a <{PG}Obligation> }}"})
    assert again.status_code == 200 and again.json()["boolean"] is True


def test_cors_lets_other_pages_query_without_credentials(client: httpx.Client) -> None:
    r = client.get("/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://example.org"})
    assert r.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in r.headers
    pre = client.options("/sparql", headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST",
                                            "Access-Control-Request-Headers": "content-type"})
    assert pre.status_code == 200 and "POST" in pre.headers["access-control-allow-methods"]
    blocked = client.options("/sparql", headers={"Origin": "https://example.org", "Access-Control-Request-Method": "PUT"})
    assert blocked.status_code == 400
