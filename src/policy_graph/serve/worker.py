"""What runs inside a query worker process: open the store, execute, serialise.

Queries run in a separate process because pyoxigraph cannot be interrupted from Python: a
runaway query (a cartesian product under ORDER BY) would otherwise keep a core busy long after
the client got its 503. The parent kills the worker at the deadline and starts a fresh one
(:mod:`.pool`). Inside the worker, SELECT and CONSTRUCT results are read lazily and reading
stops at the result cap and at the deadline, so a streaming query is also cut off cleanly.

Every function here is also callable in-process (``Engine``), which the unit tests use.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from . import results
from .policy import inspect

LABELS = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/title",
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "http://www.w3.org/2004/02/skos/core#notation",
    "https://w3id.org/policy-graph/ontology#sectionId",
)
DESCRIBE_INCOMING = 500  # nodes pointing at a resource shown on its page, at most
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@dataclass(frozen=True)
class StoreSpec:
    """How a worker gets at the data: an Oxigraph folder opened read-only, or N-Triples bytes
    loaded into an in-memory Oxigraph store (for a graph that only lives in rdflib)."""

    kind: str  # "dir" | "ntriples"
    path: str | None = None
    data: bytes | None = None


@dataclass(frozen=True)
class Outcome:
    """A finished job: HTTP status, media type, body and whether the result was capped."""

    status: int
    media_type: str
    body: bytes
    truncated: bool = False


class Timeout(Exception):
    """The query ran past its deadline."""


def open_spec(spec: StoreSpec) -> ox.Store:
    if spec.kind == "dir":
        assert spec.path is not None
        return ox.Store.read_only(spec.path)
    store = ox.Store()
    if spec.data:
        store.load(spec.data, format=ox.RdfFormat.N_TRIPLES)
    return store


class Engine:
    """Executes jobs on one open store with a result cap and a (soft) deadline."""

    def __init__(self, store: ox.Store, *, max_results: int) -> None:
        self.store = store
        self.max_results = max_results
        self._fragment_index: dict[str, list[str]] | None = None

    def handle(self, job: dict[str, Any]) -> Outcome:
        deadline = job.get("deadline") or (time.monotonic() + 3600)
        op = job["op"]
        try:
            if op == "query":
                return self.query(job["sparql"], job["solution_format"], job["graph_format"], deadline)
            if op == "describe":
                return self.describe(job["iri"], deadline)
            if op == "dump":
                return self.dump(job["format"])
            if op == "stats":
                return self.stats()
        except Timeout:
            return Outcome(503, "text/plain", b"")
        except SyntaxError as exc:
            return Outcome(400, "text/plain", f"malformed SPARQL: {_first_line(exc)}".encode())
        except OSError as exc:
            return Outcome(500, "text/plain", f"query failed: {_first_line(exc)}".encode())
        return Outcome(500, "text/plain", f"unknown job {op!r}".encode())

    def query(self, sparql: str, solution_format: str | None, graph_format: str | None, deadline: float) -> Outcome:
        # the read-only policy is checked here, under the deadline, so even a query that made
        # the parser spin would be cut off with the process
        verdict = inspect(sparql)
        if verdict.form is None:
            return Outcome(verdict.status, "text/plain", verdict.message.encode())
        wanted = solution_format if verdict.form in ("SELECT", "ASK") else graph_format
        if wanted is None:
            offered = results.SOLUTION_TYPES if verdict.form in ("SELECT", "ASK") else results.GRAPH_TYPES
            message = f"{verdict.form} results are available as: {', '.join(sorted(offered.values()))}"
            return Outcome(406, "text/plain", message.encode())
        result = self.store.query(sparql, use_default_graph_as_union=True)
        cap = self.max_results
        if isinstance(result, ox.QueryBoolean):
            assert solution_format is not None
            return Outcome(200, results.SOLUTION_TYPES[solution_format], results.serialise_boolean(solution_format, bool(result)))
        if isinstance(result, ox.QueryTriples):
            assert graph_format is not None
            triples: list[ox.Triple] = []
            truncated = False
            for triple in result:
                if len(triples) >= cap:
                    truncated = True
                    break
                triples.append(triple)
                if len(triples) % 256 == 0 and time.monotonic() > deadline:
                    raise Timeout
            body = results.serialise_triples(graph_format, triples)
            return Outcome(200, results.GRAPH_TYPES[graph_format], body, truncated)
        assert solution_format is not None
        variables = [v.value for v in result.variables]
        rows: list[list[object | None]] = []
        truncated = False
        for solution in result:
            if len(rows) >= cap:
                truncated = True
                break
            rows.append([solution[v] for v in variables])
            if len(rows) % 256 == 0 and time.monotonic() > deadline:
                raise Timeout
        body = results.serialise_solutions(solution_format, variables, rows)
        return Outcome(200, results.SOLUTION_TYPES[solution_format], body, truncated)

    # -- dereferencing --------------------------------------------------------------------

    def _triples(self, s: Any = None, p: Any = None, o: Any = None, limit: int | None = None) -> list[ox.Triple]:
        seen: dict[tuple[str, str, str], ox.Triple] = {}
        for quad in self.store.quads_for_pattern(s, p, o, None):
            t = ox.Triple(quad.subject, quad.predicate, quad.object)
            seen.setdefault((str(t.subject), str(t.predicate), str(t.object)), t)
            if limit is not None and len(seen) >= limit:
                break
        return list(seen.values())

    def describe(self, iri: str, deadline: float) -> Outcome:
        """A concise bounded description of ``iri`` plus the context a page needs: labels of
        everything it links to, and the nodes that point at it (an obligation pointing at its
        bearer) with their own outgoing links, so a body's page lists its obligations, sections
        and quotes. Bounded: at most DESCRIBE_INCOMING incoming nodes. 404 when nothing is known."""
        try:
            subject = ox.NamedNode(iri)
        except ValueError:  # not a valid IRI (NUL, spaces, lone surrogates): nothing can be known of it
            return Outcome(404, "text/plain", b"")
        out: dict[tuple[str, str, str], ox.Triple] = {}

        def add(ts: list[ox.Triple]) -> None:
            for t in ts:
                out.setdefault((str(t.subject), str(t.predicate), str(t.object)), t)

        own = self._closure(subject)
        incoming = self._triples(None, None, subject, limit=min(self.max_results, DESCRIBE_INCOMING))
        fragments = self._fragments().get(iri, [])
        if not own and not incoming and not fragments:
            return Outcome(404, "text/plain", b"")
        # a document whose terms are fragments (ontology#Term) lists them all
        for s in fragments[: self.max_results]:
            add(self._closure(ox.NamedNode(s)))
        add(own)
        add(incoming)
        for t in incoming:
            if time.monotonic() > deadline:
                raise Timeout
            add(self._closure(t.subject, hierarchical=True))
        linked: set[Any] = {t.object for t in out.values() if isinstance(t.object, ox.NamedNode)}
        linked |= {t.subject for t in out.values()} | {t.predicate for t in out.values()}
        # a section's work (…/work/<id>/section/<key>): its title names the document on the page
        linked |= {ox.NamedNode(n.value.split("/section/", 1)[0]) for n in list(linked)
                   if isinstance(n, ox.NamedNode) and "/section/" in n.value}
        for node in sorted(linked, key=str):
            for label in LABELS:
                add(self._triples(node, ox.NamedNode(label), None, limit=8))
        return Outcome(200, "application/n-triples", results.serialise_triples("nt", list(out.values())))

    def _fragments(self) -> dict[str, list[str]]:
        """Document IRI → the typed ``document#term`` IRIs under it (computed once per worker)."""
        if self._fragment_index is None:
            index: dict[str, set[str]] = {}
            for q in self.store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), None, None):
                if isinstance(q.subject, ox.NamedNode) and "#" in q.subject.value:
                    doc, _, term = q.subject.value.partition("#")
                    if term:
                        index.setdefault(doc, set()).add(q.subject.value)
            self._fragment_index = {doc: sorted(terms) for doc, terms in index.items()}
        return self._fragment_index

    def _closure(self, node: Any, *, hierarchical: bool = False, depth: int = 3) -> list[ox.Triple]:
        """Outgoing triples of ``node``, following blank nodes (the CBD) and, when
        ``hierarchical``, IRIs nested under the node's own IRI (an obligation's evidence node)."""
        found: list[ox.Triple] = []
        frontier = [node]
        seen = {str(node)}
        for _ in range(depth):
            nxt = []
            for n in frontier:
                for t in self._triples(n, None, None, limit=2000):
                    found.append(t)
                    o = t.object
                    follow = isinstance(o, ox.BlankNode) or (
                        hierarchical and isinstance(o, ox.NamedNode) and isinstance(node, ox.NamedNode)
                        and o.value.startswith(node.value) and o.value != node.value
                    )
                    if follow and str(o) not in seen:
                        seen.add(str(o))
                        nxt.append(o)
            frontier = nxt
            if not frontier:
                break
        return found

    def dump(self, fmt: str) -> Outcome:
        triples = self._triples()
        body = results.serialise_triples(fmt, triples)
        return Outcome(200, results.GRAPH_TYPES[fmt], body)

    def stats(self) -> Outcome:
        import json

        triples = len(self._triples())
        q = self.store.query(
            "SELECT (COUNT(DISTINCT ?s) AS ?ns) (COUNT(DISTINCT ?p) AS ?np) (COUNT(DISTINCT ?c) AS ?nc) "
            "WHERE { ?s ?p ?o OPTIONAL { ?s a ?c } }",
            use_default_graph_as_union=True,
        )
        assert isinstance(q, ox.QuerySolutions)
        row = next(iter(q))
        body = {"triples": triples, "subjects": int(row["ns"].value), "properties": int(row["np"].value),
                "classes": int(row["nc"].value), "graphs": sorted(g.value for g in self.store.named_graphs()
                                                                  if isinstance(g, ox.NamedNode))}
        return Outcome(200, "application/json", json.dumps(body).encode())


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def worker_main(conn: Any, spec: StoreSpec, max_results: int) -> None:
    """Entry point of a worker process: open the store, say ready, then serve jobs forever."""
    try:
        engine = Engine(open_spec(spec), max_results=max_results)
    except Exception as exc:  # noqa: BLE001 - reported to the parent as a clean error
        conn.send(("failed", _first_line(exc)))
        return
    conn.send(("ready", None))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            outcome = engine.handle(job)
        except Exception as exc:  # noqa: BLE001 - a bug must not kill the worker silently
            outcome = Outcome(500, "text/plain", f"internal error: {type(exc).__name__}".encode())
        conn.send(outcome)
