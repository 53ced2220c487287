"""The store interface and the backend-neutral query result."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ..errors import StoreError


@dataclass(frozen=True)
class QueryResult:
    """A SELECT (``columns`` + ``rows`` of plain strings, None when unbound), ASK (``boolean``)
    or CONSTRUCT/DESCRIBE (``ntriples``, sorted N-Triples) result."""

    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str | None, ...], ...] = ()
    boolean: bool | None = None
    ntriples: str | None = None
    kinds: tuple[tuple[str, ...], ...] = field(default=(), compare=False)  # per cell: iri|literal|bnode|""

    def records(self) -> list[dict[str, str | None]]:
        return [dict(zip(self.columns, row)) for row in self.rows]


class Store(Protocol):
    """What every backend offers: queries with bound variables, and bulk loading."""

    name: str

    def query(self, sparql: str, *, bindings: dict[str, str] | None = None) -> QueryResult: ...

    def triple_count(self) -> int: ...


def open_store(path: Path) -> Store:
    """Open a built graph: an output folder of ``build`` (its on-disk store, else its Turtle),
    an Oxigraph store folder, or a graph file (.ttl, .nt, .jsonld, .trig, .nq)."""
    from .memory import MemoryStore
    from .oxigraph import OxigraphStore, is_oxigraph_dir

    if not path.exists():
        raise StoreError("no built graph here (run `policy-graph build` first)", path=str(path))
    if path.is_dir():
        if is_oxigraph_dir(path / "store"):
            return OxigraphStore.open(path / "store", read_only=True)
        if is_oxigraph_dir(path):
            return OxigraphStore.open(path, read_only=True)
        ttl = path / "graph.ttl"
        if ttl.exists():
            return MemoryStore.from_file(ttl)
        raise StoreError("folder holds neither graph.ttl nor an Oxigraph store", path=str(path))
    return MemoryStore.from_file(path)
