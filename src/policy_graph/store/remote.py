"""Any SPARQL 1.1 store over the standard protocols: Virtuoso, Fuseki, GraphDB, Oxigraph server.

Reads use the SPARQL 1.1 Protocol (POST, ``application/x-www-form-urlencoded``); writes use
SPARQL 1.1 Update, one named graph per work. Replacing a graph is staged: the new triples go
into a temporary graph in batches, then one request ``DROP SILENT GRAPH <g> ; MOVE <tmp> TO <g>``
swaps it in, so readers never see a half-written work. Every request has a timeout; SELECT
results over ``max_rows`` are an error rather than a silent truncation.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

import httpx

from ..errors import QueryError, StoreError
from .base import QueryResult
from .substitute import substitute

_JSON = "application/sparql-results+json"
_GRAPH_ACCEPT = "application/n-triples, text/plain;q=0.9, text/turtle;q=0.8"
BATCH = 250  # triples per INSERT request: stores cap one update (Virtuoso: 10,000 lines of SQL)


class RemoteStore:
    name = "sparql"

    def __init__(
        self,
        endpoint: str,
        *,
        update_endpoint: str | None = None,
        timeout: float = 60.0,
        max_rows: int = 1_000_000,
        auth: tuple[str, str] | None = None,
    ) -> None:
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint or endpoint
        self.timeout = timeout
        self.max_rows = max_rows
        self.client = httpx.Client(timeout=timeout, auth=auth, follow_redirects=False)

    def close(self) -> None:
        self.client.close()

    # -- reading ----------------------------------------------------------------------------

    def _post(self, url: str, data: dict[str, str], accept: str) -> httpx.Response:
        try:
            response = self.client.post(url, data=data, headers={"Accept": accept})
        except httpx.TimeoutException:
            raise QueryError(f"no answer within {self.timeout:g} s", path=url) from None
        except httpx.HTTPError as exc:
            raise StoreError(f"cannot reach the SPARQL endpoint: {type(exc).__name__}", path=url) from None
        if response.status_code >= 400:
            detail = " ".join(response.text.split())[:300]
            raise QueryError(f"endpoint answered {response.status_code}: {detail}", path=url)
        return response

    def query(self, sparql: str, *, bindings: dict[str, str] | None = None) -> QueryResult:
        text, separators = _ascii_separators(substitute(sparql, bindings or {}))
        form = _form(text)
        if form in ("CONSTRUCT", "DESCRIBE"):
            response = self._post(self.endpoint, {"query": text}, _GRAPH_ACCEPT)
            return QueryResult(ntriples=_to_sorted_ntriples(response))
        response = self._post(self.endpoint, {"query": text}, _JSON)
        try:
            doc = json.loads(response.content)
        except ValueError:
            raise QueryError("endpoint did not answer with SPARQL JSON results", path=self.endpoint) from None
        if "boolean" in doc:
            return QueryResult(boolean=bool(doc["boolean"]))
        if form == "ASK":  # Virtuoso 7 answers ASK as a one-cell table (__ASK_RETVAL = 1 / 0)
            cells = [v.get("value") for b in doc.get("results", {}).get("bindings", []) for v in b.values()]
            return QueryResult(boolean=bool(cells) and cells[0] in ("1", "true"))
        columns = tuple(doc.get("head", {}).get("vars", []))
        bindings_list = doc.get("results", {}).get("bindings", [])
        if len(bindings_list) > self.max_rows:
            raise QueryError(f"more than {self.max_rows} rows; add LIMIT", path=self.endpoint)
        rows, kinds = [], []
        for b in bindings_list:
            cells = [_cell(b.get(c), separators) for c in columns]
            rows.append(tuple(c[0] for c in cells))
            kinds.append(tuple(c[1] for c in cells))
        return QueryResult(columns=columns, rows=tuple(rows), kinds=tuple(kinds))

    def triple_count(self) -> int:
        result = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(result.rows[0][0] or 0) if result.rows else 0

    def graph_count(self, graph: str) -> int:
        result = self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        return int(result.rows[0][0] or 0) if result.rows else 0

    def named_graphs(self, *, prefix: str = "") -> list[str]:
        result = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(r[0] for r in result.rows if r[0] and r[0].startswith(prefix))

    # -- writing ----------------------------------------------------------------------------

    def update(self, sparql: str) -> None:
        self._post(self.update_endpoint, {"update": sparql}, "*/*")

    def replace_graph(self, graph: str, ntriples: Iterable[str]) -> None:
        """Make named graph ``graph`` hold exactly ``ntriples`` (N-Triples lines)."""
        staging = graph + ("&" if "?" in graph else "?") + "staging"
        self.update(f"DROP SILENT GRAPH <{staging}>")
        batch: list[str] = []
        with_bnodes: list[str] = []  # kept in one request so their blank nodes stay one node each
        for line in ntriples:
            line = line.strip()
            if not line:
                continue
            if "_:" in line and _has_bnode(line):
                with_bnodes.append(line)
                continue
            batch.append(line)
            if len(batch) >= BATCH:
                self._insert(staging, batch)
                batch = []
        if batch:
            self._insert(staging, batch)
        for group in _bnode_batches(with_bnodes):
            self._insert(staging, group, template=True)
        # one request: readers see either the old graph or the new one
        self.update(f"DROP SILENT GRAPH <{graph}> ;\nMOVE SILENT GRAPH <{staging}> TO GRAPH <{graph}>")

    def _insert(self, graph: str, lines: list[str], *, template: bool = False) -> None:
        body = f"GRAPH <{graph}> {{\n" + "\n".join(lines) + "\n}"
        # INSERT DATA with blank nodes is standard, but some stores (Virtuoso 7) refuse it;
        # a template with an empty WHERE inserts the same triples everywhere
        self.update(f"INSERT {{ {body} }} WHERE {{}}" if template else f"INSERT DATA {{ {body} }}")

    def drop_graph(self, graph: str) -> None:
        self.update(f"DROP SILENT GRAPH <{graph}>")


_BNODE = re.compile(r"(?:^|\s)(_:[A-Za-z0-9_.-]+)")


def _bnode_batches(lines: list[str]) -> list[list[str]]:
    """Lines with blank nodes, packed into batches of about BATCH lines such that all lines
    sharing a blank node land in the same batch (one request = one scope for ``_:x``)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    labels = [_BNODE.findall(line.split('"', 1)[0] + " " + line.rsplit('"', 1)[-1]) for line in lines]
    for found in labels:
        for other in found[1:]:
            parent[find(other)] = find(found[0])
    groups: dict[str, list[str]] = {}
    for line, found in zip(lines, labels):
        groups.setdefault(find(found[0]) if found else line, []).append(line)
    batches: list[list[str]] = [[]]
    for key in sorted(groups):
        if batches[-1] and len(batches[-1]) + len(groups[key]) > BATCH:
            batches.append([])
        batches[-1].extend(groups[key])
    return [b for b in batches if b]


def _has_bnode(line: str) -> bool:
    """Whether an N-Triples line has a blank-node subject or object (not "_:" inside a literal)."""
    if line.startswith("_:"):
        return True
    head = line.rpartition(" .")[0]
    obj = head.split(" ", 2)[-1] if head else ""
    return obj.startswith("_:")


def _form(query: str) -> str:
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        name = parseQuery(query)[1].name
    except Exception as exc:  # noqa: BLE001 - pyparsing and rdflib raise many types
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise QueryError(f"malformed SPARQL: {first}") from None
    return {"ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE", "AskQuery": "ASK"}.get(name, "SELECT")


_SEPARATOR = re.compile(r"""(separator\s*=\s*)("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')""", re.IGNORECASE)


def _ascii_separators(query: str) -> tuple[str, dict[str, str]]:
    """Virtuoso 7 turns a non-ASCII GROUP_CONCAT separator ("、") into "?": send an ASCII
    placeholder instead and put the real separator back into the results."""
    found: dict[str, str] = {}

    def swap(m: re.Match[str]) -> str:
        literal = m.group(2)
        if literal.isascii():
            return m.group(0)
        token = f"~pgsep{len(found)}~"
        found[token] = literal[1:-1]
        return f'{m.group(1)}"{token}"'

    return _SEPARATOR.sub(swap, query), found


def _cell(binding: dict[str, str] | None, separators: dict[str, str] | None = None) -> tuple[str | None, str]:
    if binding is None:
        return None, ""
    if separators and binding.get("type") in ("literal", "typed-literal"):
        value = binding["value"]
        for token, sep in separators.items():
            value = value.replace(token, sep)
        binding = {**binding, "value": value}
    kind = binding.get("type")
    if kind == "uri":
        return binding["value"], "iri"
    if kind == "bnode":
        return f"_:{binding['value']}", "bnode"
    return binding["value"], "literal"  # literal and Virtuoso's typed-literal


def _to_sorted_ntriples(response: httpx.Response) -> str:
    from rdflib import Graph

    ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
    fmt = {"text/turtle": "turtle", "application/rdf+xml": "xml", "application/ld+json": "json-ld"}.get(ctype, "nt")
    graph = Graph()
    try:
        graph.parse(data=response.text, format=fmt)
    except Exception:  # noqa: BLE001 - a mislabelled response: try Turtle, which covers N-Triples
        graph = Graph()
        graph.parse(data=response.text, format="turtle")
    # split("\n"), not splitlines(): literals may hold U+2028, U+0085, \x1c-\x1e raw
    lines = sorted(line for line in graph.serialize(format="nt").split("\n") if line.strip())
    return "\n".join(lines) + ("\n" if lines else "")
