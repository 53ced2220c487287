"""RemoteStore against a real Virtuoso on loopback: named graphs per work, staged replacement,
dropping vanished works, parameter binding; and clean errors when the endpoint is not there."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from policy_graph.errors import PolicyGraphError, StoreError
from policy_graph.incremental import Analysis, sync_endpoint
from policy_graph.model import IngestResult
from policy_graph.store.remote import RemoteStore

from .conftest import free_port_url

BASE = "https://w3id.org/policy-graph/test-remote/"
LABEL = "<http://www.w3.org/2004/02/skos/core#prefLabel>"


@pytest.fixture
def remote(virtuoso) -> Iterator[RemoteStore]:
    store = RemoteStore(virtuoso.endpoint, timeout=60)
    for graph in store.named_graphs(prefix=BASE):
        store.drop_graph(graph)
    yield store
    for graph in store.named_graphs(prefix=BASE):  # the Virtuoso is shared with other tests
        store.drop_graph(graph)
    store.close()


@pytest.mark.virtuoso
def test_sync_endpoint_writes_only_changes_and_drops_vanished_works(remote: RemoteStore, tmp_path: Path) -> None:
    ingest, analysis = IngestResult(sources=(), works=()), Analysis([], [], [], [], {})
    state = tmp_path / "state.json"
    a, b = BASE + "id/work/a", BASE + "id/work/b"
    bnodes = ["_:x <http://x/p> _:y .", "_:y <http://x/p> \"end\" ."]
    graphs = {a: [f'<{BASE}id/body/1> {LABEL} "国务院扶贫办"@zh .'],
              b: [f'<{BASE}id/body/2> {LABEL} "省卫生计生委"@zh .', *bnodes]}
    first = sync_endpoint(remote, state, ingest, analysis, graphs, base=BASE)
    assert first.written_graphs == (a, b)
    assert remote.named_graphs(prefix=BASE) == [a, b]
    assert remote.graph_count(b) == 3
    again = sync_endpoint(remote, state, ingest, analysis, graphs, base=BASE)
    assert again.written_graphs == () and again.dropped_graphs == ()
    changed = {a: [f'<{BASE}id/body/1> {LABEL} "国务院扶贫开发领导小组办公室"@zh .']}
    third = sync_endpoint(remote, state, ingest, analysis, changed, base=BASE)
    assert third.written_graphs == (a,) and third.dropped_graphs == (b,)
    assert remote.named_graphs(prefix=BASE) == [a]  # no staging graph left behind
    rows = remote.query(f"SELECT ?l WHERE {{ ?s {LABEL} ?l FILTER(CONTAINS(?l, ?t)) }}", bindings={"t": "领导小组"}).rows
    assert rows == (("国务院扶贫开发领导小组办公室",),)


@pytest.mark.virtuoso
def test_query_forms_and_bindings(remote: RemoteStore) -> None:
    g = BASE + "id/work/forms"
    remote.replace_graph(g, [f'<{BASE}id/body/1> {LABEL} "国务院扶贫办"@zh .',
                             f'<{BASE}id/body/1> <http://x/n> "12.5"^^<http://www.w3.org/2001/XMLSchema#decimal> .'])
    assert remote.query(f"ASK {{ GRAPH <{g}> {{ ?s {LABEL} ?l }} }}").boolean is True
    nt = remote.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}").ntriples
    assert nt is not None and nt.splitlines() == sorted(nt.splitlines()) and "国务院扶贫办" in nt
    iri = remote.query("SELECT ?l WHERE { ?s ?p ?l }", bindings={"s": f"{BASE}id/body/1", "p": "http://x/n"})
    assert iri.rows == (("12.5",),)
    with pytest.raises(PolicyGraphError) as err:
        remote.query("SELECT ?x WHERE { ?x ?y }")
    assert "\n" not in str(err.value)


def test_unreachable_endpoint_is_one_clean_error() -> None:
    store = RemoteStore(free_port_url() + "/sparql", timeout=5)
    with pytest.raises(StoreError) as err:
        store.query("ASK {}")
    assert "cannot reach" in str(err.value) and "\n" not in str(err.value)
