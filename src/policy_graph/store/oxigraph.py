"""A pyoxigraph store on disk: persistent, fast to open and to query at millions of triples."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from ..errors import QueryError, StoreError
from .base import QueryResult
from .lookup import LookupIndex
from .substitute import substitute


def is_oxigraph_dir(path: Path) -> bool:
    return path.is_dir() and (path / "CURRENT").exists()


def _term_str(term: object) -> tuple[str | None, str]:
    if term is None:
        return None, ""
    if isinstance(term, ox.NamedNode):
        return term.value, "iri"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}", "bnode"
    if isinstance(term, ox.Literal):
        return term.value, "literal"
    return str(term), "literal"


def _as_term(value: str) -> ox.NamedNode | ox.Literal:
    if value.startswith(("http://", "https://", "urn:")):
        return ox.NamedNode(value)
    return ox.Literal(value)


class OxigraphStore:
    name = "oxigraph"

    def __init__(self, store: ox.Store, path: Path | None = None, *, read_only: bool = False) -> None:
        self.store = store
        self.path = path
        self.read_only = read_only
        self._lookup: object = None

    @property
    def lookup(self) -> LookupIndex | None:
        """The store's lookup index (store/lookup.py) when opened read-only and still fresh."""
        if self._lookup is None:
            index = LookupIndex.open(self.path) if self.read_only and self.path is not None else None
            self._lookup = index if index is not None else False
        return self._lookup or None  # type: ignore[return-value]

    @classmethod
    def open(cls, path: Path, *, read_only: bool = False) -> OxigraphStore:
        try:
            store = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
        except (OSError, RuntimeError) as exc:  # RocksDB reports a corrupt store as RuntimeError
            raise StoreError(f"cannot open Oxigraph store: {exc}", path=str(path)) from None
        return cls(store, path, read_only=read_only)

    @classmethod
    def in_memory(cls) -> OxigraphStore:
        return cls(ox.Store())

    def load_ntriples(self, data: bytes, *, graph: str | None = None) -> None:
        to_graph = ox.NamedNode(graph) if graph else ox.DefaultGraph()
        self.store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=to_graph)

    def triple_count(self) -> int:
        return len(self.store)

    def flush(self) -> None:
        self.store.flush()

    def query(self, sparql: str, *, bindings: dict[str, str] | None = None) -> QueryResult:
        # pyoxigraph's ``substitutions`` only accept variables of the SELECT projection, while
        # the named queries bind filter parameters (?text, ?doc): rewrite the text instead,
        # exactly as for remote stores (store/substitute.py)
        text = substitute(sparql, bindings or {})
        try:
            result = self.store.query(text, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QueryError(f"malformed SPARQL: {str(exc).splitlines()[0]}") from None
        except OSError as exc:
            raise QueryError(f"query failed: {exc}") from None
        if isinstance(result, ox.QueryBoolean):
            return QueryResult(boolean=bool(result))
        if isinstance(result, ox.QueryTriples):
            lines = sorted(f"{t.subject} {t.predicate} {t.object} ." for t in result)
            return QueryResult(ntriples="\n".join(lines) + ("\n" if lines else ""))
        columns = tuple(v.value for v in result.variables)
        rows, kinds = [], []
        for solution in result:
            cells = [_term_str(solution[c]) for c in columns]
            rows.append(tuple(c[0] for c in cells))
            kinds.append(tuple(c[1] for c in cells))
        return QueryResult(columns=columns, rows=tuple(rows), kinds=tuple(kinds))


def _to_ox(term: object) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def from_rdflib(graph: object, *, path: Path | None = None) -> OxigraphStore:
    """Copy an rdflib Graph into a new Oxigraph store (in memory, or on disk at ``path``)."""
    store = ox.Store(str(path)) if path else ox.Store()
    default = ox.DefaultGraph()
    convert = term_converter()
    store.extend(ox.Quad(convert(s), convert(p), convert(o), default) for s, p, o in graph)  # type: ignore[attr-defined]
    return OxigraphStore(store, path)


def term_converter() -> Callable[[object], ox.NamedNode | ox.BlankNode | ox.Literal]:
    """``_to_ox`` with a memo: a graph repeats its predicates, classes and bodies thousands of times."""
    memo: dict[object, ox.NamedNode | ox.BlankNode | ox.Literal] = {}

    def convert(term: object) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        found = memo.get(term)
        if found is None:
            found = memo[term] = _to_ox(term)
        return found

    return convert


def sorted_triples(store: OxigraphStore) -> list[ox.Triple]:
    """The default graph's triples in a stable order (the store's iteration order changes from
    run to run; sorted input also lets the Turtle writer group a subject's triples)."""
    return sorted((q.triple for q in store.store.quads_for_pattern(None, None, None, ox.DefaultGraph())),
                  key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def serialize(store: OxigraphStore | list[ox.Triple], fmt: str, *, prefixes: dict[str, str] | None = None) -> bytes:
    """Serialise the default graph (or already sorted triples); N-Triples come out sorted, so
    equal graphs give equal bytes."""
    formats = {"nt": ox.RdfFormat.N_TRIPLES, "turtle": ox.RdfFormat.TURTLE, "json-ld": ox.RdfFormat.JSON_LD}
    triples = store if isinstance(store, list) else sorted_triples(store)
    if fmt == "nt":
        data = ox.serialize(triples, format=formats[fmt]).decode("utf-8")
        # split("\n"), not splitlines(): literals may hold U+2028, U+0085, \x1c-\x1e, kept raw in N-Triples
        lines = sorted(line for line in data.split("\n") if line.strip())
        return ("\n".join(lines) + ("\n" if lines else "")).encode("utf-8")
    return ox.serialize(triples, format=formats[fmt], prefixes=prefixes or None)
