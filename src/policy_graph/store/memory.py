"""An rdflib Graph as a store: the default in-memory backend."""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.query import Result

from ..errors import QueryError, StoreError
from .base import QueryResult

_FORMATS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".trig": "trig", ".nq": "nquads", ".rdf": "xml", ".owl": "xml"}


def term_str(term: object) -> tuple[str | None, str]:
    if term is None:
        return None, ""
    if isinstance(term, URIRef):
        return str(term), "iri"
    if isinstance(term, BNode):
        return f"_:{term}", "bnode"
    if isinstance(term, Literal):
        return str(term), "literal"
    return str(term), "literal"


class MemoryStore:
    name = "rdflib"

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    @classmethod
    def from_file(cls, path: Path) -> MemoryStore:
        fmt = _FORMATS.get(path.suffix.lower())
        if fmt is None:
            raise StoreError(f"unknown RDF file type {path.suffix!r} (use .ttl, .nt, .jsonld, .trig, .nq)", path=str(path))
        if fmt == "json-ld":
            _refuse_remote_contexts(path)
        graph = Graph()
        try:
            graph.parse(path, format=fmt)
        except Exception as exc:  # noqa: BLE001 - rdflib raises many parser-specific types
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise StoreError(f"malformed RDF ({fmt}): {first}", path=str(path)) from None
        return cls(graph)

    def triple_count(self) -> int:
        return len(self.graph)

    def query(self, sparql: str, *, bindings: dict[str, str] | None = None) -> QueryResult:
        # Bound by rewriting the query text, exactly as on Oxigraph and remote stores: rdflib's
        # initBindings do not reach into sub-SELECTs, so the same query could answer differently.
        from .substitute import substitute

        try:
            result: Result = self.graph.query(substitute(sparql, bindings or {}))
        except Exception as exc:  # noqa: BLE001 - rdflib's parser and evaluator raise many types
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise QueryError(f"query failed: {first}") from None
        return from_rdflib_result(result)


def _refuse_remote_contexts(path: Path) -> None:
    """rdflib fetches a JSON-LD ``@context`` (or ``@import``) given by URL, so a graph file could
    make the CLI or the server contact any host. Only inline contexts are accepted."""
    try:
        stack = [json.loads(path.read_text(encoding="utf-8"))]
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise StoreError(f"malformed RDF (json-ld): {str(exc).splitlines()[0]}", path=str(path)) from None
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                refs = value if isinstance(value, list) else [value]
                if key in ("@context", "@import") and any(isinstance(v, str) for v in refs):
                    raise StoreError("remote JSON-LD @context refused (it would be fetched over the network); "
                                     "inline the context", path=str(path))
                stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)


def _as_term(value: str) -> URIRef | Literal:
    if value.startswith(("http://", "https://", "urn:")):
        return URIRef(value)
    return Literal(value)


def from_rdflib_result(result: Result) -> QueryResult:
    if result.type == "ASK":
        return QueryResult(boolean=bool(result.askAnswer))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        graph = result.graph if result.graph is not None else Graph()
        # split("\n"), not splitlines(): literals may hold U+2028, U+0085, \x1c-\x1e raw
        lines = sorted(line for line in graph.serialize(format="nt").split("\n") if line.strip())
        return QueryResult(ntriples="\n".join(lines) + ("\n" if lines else ""))
    columns = tuple(str(v) for v in (result.vars or ()))
    rows, kinds = [], []
    for row in result:
        cells = [term_str(row[i]) for i in range(len(columns))]
        rows.append(tuple(c[0] for c in cells))
        kinds.append(tuple(c[1] for c in cells))
    return QueryResult(columns=columns, rows=tuple(rows), kinds=tuple(kinds))
