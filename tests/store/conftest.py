"""Stores holding the real corpus build: rdflib in memory, Oxigraph on disk, Virtuoso on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from serve.conftest import corpus_server  # noqa: F401 - a fixture shared with tests/serve

from policy_graph.store import MemoryStore, OxigraphStore

from .virtuoso import Virtuoso, _free_port


def free_port_url() -> str:
    """A loopback URL where nothing listens (the port was free a moment ago)."""
    return f"http://127.0.0.1:{_free_port()}"


@pytest.fixture(scope="session")
def memory_store(corpus_out: Path) -> MemoryStore:
    return MemoryStore.from_file(corpus_out / "graph.ttl")


@pytest.fixture(scope="session")
def oxigraph_store(corpus_out: Path) -> OxigraphStore:
    return OxigraphStore.open(corpus_out / "store", read_only=True)


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    server = Virtuoso(tmp_path_factory.mktemp("virtuoso") / "db")
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture(scope="session")
def virtuoso_store(virtuoso: Virtuoso, tmp_path_factory: pytest.TempPathFactory):
    """The corpus built with ``--endpoint``: the pipeline's own sync writes one named graph per
    work into Virtuoso over SPARQL 1.1 Update."""
    from policy_graph.pipeline import BuildConfig, build
    from policy_graph.store.remote import RemoteStore

    out = tmp_path_factory.mktemp("virtuoso-build") / "out"
    result = build(BuildConfig(out=out, endpoint=virtuoso.endpoint, validate=False, viz=False, store=False))
    store = RemoteStore(virtuoso.endpoint)
    store.build_result = result  # type: ignore[attr-defined]
    yield store
    store.close()
