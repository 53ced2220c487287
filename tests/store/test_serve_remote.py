"""`create_app` over a remote SPARQL 1.1 store (Virtuoso): the same endpoint, pages and policy."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from rdflib import Graph
from serve.conftest import LiveServer

from policy_graph.serve import Limits, create_app

pytestmark = pytest.mark.virtuoso


@pytest.fixture(scope="module")
def remote_http(virtuoso_store) -> Iterator[httpx.Client]:
    app = create_app(virtuoso_store, limits=Limits(timeout=30, max_results=5000))
    with LiveServer(app) as live, httpx.Client(base_url=live.url, timeout=60) as client:
        yield client


@pytest.fixture(scope="module")
def local_http(corpus_server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=corpus_server.url, timeout=60) as client:
        yield client


def _rows(response: httpx.Response) -> list[str]:
    doc = response.json()
    return sorted(str({v: b.get(v, {}).get("value") for v in doc["head"]["vars"]}) for b in doc["results"]["bindings"])


def test_named_query_answers_like_the_local_store(remote_http: httpx.Client, local_http: httpx.Client) -> None:
    for name, params in (("who", {"text": "健康扶贫"}), ("duties", {"bodyText": "省卫计委"})):
        remote = remote_http.get(f"/queries/{name}", params=params)
        local = local_http.get(f"/queries/{name}", params=params)
        assert remote.status_code == local.status_code == 200
        assert _rows(remote) and _rows(remote) == _rows(local)


def test_forms_formats_and_policy(remote_http: httpx.Client) -> None:
    ask = remote_http.get("/sparql", params={"query": "ASK { ?o a <https://w3id.org/policy-graph/ontology#Obligation> }"})
    assert ask.json()["boolean"] is True
    xml = remote_http.get("/sparql", params={"query": "ASK { ?o a <http://x/Nothing> }"},
                          headers={"Accept": "application/sparql-results+xml"})
    assert "<boolean>false</boolean>" in xml.text
    q = ("CONSTRUCT { ?b <http://www.w3.org/2004/02/skos/core#prefLabel> ?l } WHERE { "
         "?b a <https://w3id.org/policy-graph/ontology#Body> ; <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }")
    nt = remote_http.get("/sparql", params={"query": q}, headers={"Accept": "application/n-triples"})
    assert len(Graph().parse(data=nt.text, format="nt")) > 100
    for bad in ("CLEAR ALL", "SELECT * WHERE { SERVICE <http://example.org/s> { ?s ?p ?o } }"):
        assert remote_http.get("/sparql", params={"query": bad}).status_code == 403
    capped = remote_http.get("/sparql", params={"query": "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"})
    assert len(capped.json()["results"]["bindings"]) == 5000 and capped.headers["x-result-truncated"]


def test_body_page_from_the_remote_store(remote_http: httpx.Client) -> None:
    page = remote_http.get("/id/body/hb-health", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "省卫生计生委" in page.text and "四（六）" in page.text and "省卫生计生委牵头负责" in page.text
    assert remote_http.get("/id/body/no-such-body").status_code == 404
    ttl = remote_http.get("/id/body/hb-health", headers={"Accept": "text/turtle"})
    assert len(Graph().parse(data=ttl.text, format="turtle")) > 20


def test_serve_command_with_endpoint(virtuoso, virtuoso_store) -> None:
    import os
    import subprocess
    import sys
    import time
    from pathlib import Path

    from serve.conftest import free_port

    port = free_port()
    src = str(Path(__file__).resolve().parents[2] / "src")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen([sys.executable, "-m", "policy_graph.cli", "serve", "--endpoint", virtuoso.endpoint,
                             "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                r = httpx.get(url + "/queries/who", params={"text": "健康扶贫"}, timeout=60)
                break
            except httpx.TransportError:
                assert proc.poll() is None
                time.sleep(0.1)
        assert r.status_code == 200 and "聚焦健康扶贫" in r.text
    finally:
        proc.terminate()
        proc.wait(timeout=30)
