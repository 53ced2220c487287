"""Serve a remote SPARQL 1.1 store (Virtuoso, Fuseki, GraphDB…) through the same app.

The remote store does the query work; this backend applies the same read-only policy, result
cap and timeout, and re-serialises answers with :mod:`.results`, so clients see the same formats
whichever store is behind the app. Dereferencing uses a few bounded CONSTRUCT queries instead of
the pattern lookups of the local worker. A timeout is a real cut-off for the client and for us
(the HTTP request is abandoned); the remote store applies its own execution limit as well.
"""

from __future__ import annotations

import json
import re
import time
from typing import Any

import httpx
import pyoxigraph as ox

from . import results
from .policy import inspect
from .worker import DESCRIBE_INCOMING, LABELS, RDF_TYPE, Outcome

_SOLUTIONS = "application/sparql-results+json"
_TRIPLES = "application/n-triples, text/plain;q=0.9, text/turtle;q=0.8"


class _Timeout(Exception):
    pass


def _term(binding: dict[str, str]) -> Any:
    kind = binding.get("type")
    if kind == "uri":
        return ox.NamedNode(binding["value"])
    if kind == "bnode":  # Virtuoso labels them "nodeID://b10006": not a valid blank node id
        return ox.BlankNode(re.sub(r"[^A-Za-z0-9_]", "_", binding["value"]))
    if binding.get("xml:lang"):
        return ox.Literal(binding["value"], language=binding["xml:lang"])
    if binding.get("datatype"):
        return ox.Literal(binding["value"], datatype=ox.NamedNode(binding["datatype"]))
    return ox.Literal(binding["value"])


class RemoteBackend:
    """``run(job, timeout=…) -> Outcome`` over a :class:`~policy_graph.store.remote.RemoteStore`."""

    def __init__(self, store: Any, *, max_results: int = 10_000) -> None:
        self.endpoint = store.endpoint
        self.client = httpx.Client(follow_redirects=False)
        self.max_results = max_results
        self.killed = 0  # requests abandoned at the deadline

    def start(self) -> None:
        return None

    def close(self) -> None:
        self.client.close()

    def _post(self, sparql: str, accept: str, deadline: float) -> httpx.Response:
        left = deadline - time.monotonic()
        if left <= 0:
            raise _Timeout
        try:
            return self.client.post(self.endpoint, data={"query": sparql}, headers={"Accept": accept}, timeout=left)
        except httpx.TimeoutException:
            self.killed += 1
            raise _Timeout from None

    def _select(self, sparql: str, deadline: float) -> tuple[list[str], list[list[Any]], bool | None]:
        response = self._post(sparql, _SOLUTIONS, deadline)
        if response.status_code >= 400:
            raise ValueError(" ".join(response.text.split())[:300])
        doc = json.loads(response.content)
        if "boolean" in doc:
            return [], [], bool(doc["boolean"])
        variables = list(doc.get("head", {}).get("vars", []))
        rows = [[_term(b[v]) if v in b else None for v in variables] for b in doc["results"]["bindings"]]
        return variables, rows, None

    def _construct(self, sparql: str, deadline: float) -> list[ox.Triple]:
        response = self._post(sparql, _TRIPLES, deadline)
        if response.status_code >= 400:
            raise ValueError(" ".join(response.text.split())[:300])
        return [ox.Triple(q.subject, q.predicate, q.object)
                for q in ox.parse(response.content, format=ox.RdfFormat.TURTLE)]

    def run(self, job: dict[str, Any], *, timeout: float) -> Outcome:
        deadline = time.monotonic() + timeout
        try:
            if job["op"] == "query":
                return self._query(job["sparql"], job.get("solution_format"), job.get("graph_format"), deadline)
            if job["op"] == "describe":
                return self._describe(job["iri"], deadline)
            if job["op"] == "dump":
                triples = self._construct("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", deadline)
                return Outcome(200, results.GRAPH_TYPES[job["format"]], results.serialise_triples(job["format"], triples))
            if job["op"] == "stats":
                _, rows, _ = self._select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", deadline)
                return Outcome(200, "application/json", json.dumps({"triples": int(rows[0][0].value)}).encode())
        except _Timeout:
            return Outcome(503, "text/plain", b"")
        except (ValueError, SyntaxError, httpx.HTTPError) as exc:
            return Outcome(502, "text/plain", f"the SPARQL store failed: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}".encode())
        return Outcome(500, "text/plain", b"unknown job")

    def _query(self, sparql: str, solution_format: str | None, graph_format: str | None, deadline: float) -> Outcome:
        verdict = inspect(sparql)
        if verdict.form is None:
            return Outcome(verdict.status, "text/plain", verdict.message.encode())
        if verdict.form in ("SELECT", "ASK"):
            if solution_format is None:
                return Outcome(406, "text/plain", f"{verdict.form} results are available as: "
                               f"{', '.join(sorted(results.SOLUTION_TYPES.values()))}".encode())
            variables, rows, boolean = self._select(sparql, deadline)
            if verdict.form == "ASK":
                if boolean is None:  # Virtuoso 7: a one-cell table
                    boolean = bool(rows) and rows[0][0] is not None and rows[0][0].value in ("1", "true")
                return Outcome(200, results.SOLUTION_TYPES[solution_format],
                               results.serialise_boolean(solution_format, boolean))
            truncated = len(rows) > self.max_results
            body = results.serialise_solutions(solution_format, variables, rows[: self.max_results])
            return Outcome(200, results.SOLUTION_TYPES[solution_format], body, truncated)
        if graph_format is None:
            return Outcome(406, "text/plain", f"{verdict.form} results are available as: "
                           f"{', '.join(sorted(results.GRAPH_TYPES.values()))}".encode())
        triples = self._construct(sparql, deadline)
        truncated = len(triples) > self.max_results
        body = results.serialise_triples(graph_format, triples[: self.max_results])
        return Outcome(200, results.GRAPH_TYPES[graph_format], body, truncated)

    def _describe(self, iri: str, deadline: float) -> Outcome:
        node = f"<{iri}>"
        own = self._construct(
            f"CONSTRUCT {{ {node} ?p ?o . ?o ?p2 ?o2 }} WHERE {{ {node} ?p ?o "
            f"OPTIONAL {{ ?o ?p2 ?o2 FILTER (isBlank(?o)) }} }}", deadline)
        incoming = self._construct(
            f"CONSTRUCT {{ ?s ?p {node} . ?s ?p2 ?o2 . ?o2 ?p3 ?o3 }} WHERE {{ "
            f"{{ SELECT DISTINCT ?s ?p WHERE {{ ?s ?p {node} }} LIMIT {DESCRIBE_INCOMING} }} "
            f"?s ?p2 ?o2 OPTIONAL {{ ?o2 ?p3 ?o3 FILTER (isBlank(?o2) || "
            f"(isIRI(?o2) && STRSTARTS(STR(?o2), CONCAT(STR(?s), \"/\")))) }} }}", deadline)
        fragments: list[ox.Triple] = []
        if not own and not incoming:
            fragments = self._construct(
                f"CONSTRUCT {{ ?t ?p ?o }} WHERE {{ ?t <{RDF_TYPE}> ?c ; ?p ?o "
                f"FILTER (STRSTARTS(STR(?t), \"{iri}#\")) }}", deadline)
            if not fragments:
                return Outcome(404, "text/plain", b"")
        found = {(str(t.subject), str(t.predicate), str(t.object)): t for t in [*own, *incoming, *fragments]}
        linked = {t.object.value for t in found.values() if isinstance(t.object, ox.NamedNode)}
        linked |= {t.subject.value for t in found.values() if isinstance(t.subject, ox.NamedNode)}
        linked |= {t.predicate.value for t in found.values()}
        linked |= {n.split("/section/", 1)[0] for n in list(linked) if "/section/" in n}
        names = sorted(n for n in linked if not any(c in n for c in '<>" {}|^`\\'))
        for start in range(0, len(names), 200):
            values = " ".join(f"<{n}>" for n in names[start:start + 200])
            props = " ".join(f"<{p}>" for p in LABELS)
            for t in self._construct(
                    f"CONSTRUCT {{ ?n ?lp ?l }} WHERE {{ VALUES ?n {{ {values} }} VALUES ?lp {{ {props} }} ?n ?lp ?l }}",
                    deadline):
                found.setdefault((str(t.subject), str(t.predicate), str(t.object)), t)
        return Outcome(200, "application/n-triples", results.serialise_triples("nt", list(found.values())))
