"""Routes of the web app; the query work itself happens in worker processes (``.pool``)."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import StoreError
from . import negotiation, pages
from .pool import QueryPool
from .worker import Outcome, StoreSpec

DEFAULT_BASE = "https://w3id.org/policy-graph/"
STATIC_DIR = Path(__file__).resolve().parent / "static"


@dataclass(frozen=True)
class Limits:
    """Per-request guards: seconds a query may run, rows/triples returned, request body bytes."""

    timeout: float = 10.0
    max_results: int = 10_000
    max_body: int = 1_000_000
    workers: int = 1


DEFAULT_LIMITS = Limits()


def _text(status: int, message: str) -> PlainTextResponse:
    return PlainTextResponse(message.rstrip("\n") + "\n", status_code=status)


class BodyLimit:
    """Refuse request bodies over ``max_body`` bytes with 413, by header and while streaming."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for key, value in scope.get("headers", []):
            if key == b"content-length":
                try:
                    too_big = int(value) > self.max_body
                except ValueError:
                    too_big = True
                if too_big:
                    await _text(413, f"request body larger than {self.max_body} bytes")(scope, receive, send)
                    return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, limited, send)
        except _TooLarge:
            await _text(413, f"request body larger than {self.max_body} bytes")(scope, receive, send)


class _TooLarge(Exception):
    pass


def spec_for(store: Any) -> StoreSpec:
    """How worker processes reach the data of ``store`` (see ``worker.StoreSpec``)."""
    from ..store.memory import MemoryStore
    from ..store.oxigraph import OxigraphStore

    if isinstance(store, OxigraphStore):
        if store.path is not None:
            return StoreSpec("dir", path=str(store.path))
        return StoreSpec("ntriples", data=_oxigraph_ntriples(store.store))
    if isinstance(store, MemoryStore):
        return StoreSpec("ntriples", data=store.graph.serialize(format="nt", encoding="utf-8"))
    raise StoreError(f"cannot serve a {type(store).__name__}; use an rdflib graph or an Oxigraph store")


def _backend(store: Any, limits: Limits) -> Any:
    """Killable local workers for rdflib / Oxigraph data; the remote store itself for an endpoint."""
    from ..store.remote import RemoteStore

    if isinstance(store, RemoteStore):
        from .remote_backend import RemoteBackend

        return RemoteBackend(store, max_results=limits.max_results)
    return QueryPool(spec_for(store), workers=limits.workers, max_results=limits.max_results)


def _oxigraph_ntriples(store: Any) -> bytes:
    import pyoxigraph as ox

    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in store]
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


def create_app(
    store: Any,
    *,
    base: str = DEFAULT_BASE,
    limits: Limits = DEFAULT_LIMITS,
    dumps: Path | None = None,
    title: str = "policy-graph",
) -> Starlette:
    """A read-only Starlette app over ``store`` (MemoryStore, OxigraphStore or RemoteStore).

    ``dumps``: a build output folder whose graph.nt / graph.ttl are offered for download
    (generated from the store when absent). ``limits``: timeout, result cap, body cap, workers.
    """
    import anyio

    from ..namespaces import PREFIXES

    prefixes = {**PREFIXES, "id": base + "id/"}
    pool = _backend(store, limits)
    lookup = getattr(store, "lookup", None)  # an on-disk store's lookup index: named queries start small
    cache: dict[str, Any] = {}  # computed once on first use: dataset statistics, generated dumps

    async def run(job: dict[str, Any], timeout: float | None = None) -> Outcome:
        return await anyio.to_thread.run_sync(lambda: pool.run(job, timeout=timeout or limits.timeout))

    def cut_off() -> PlainTextResponse:
        return _text(503, f"query cut off: it ran longer than the {limits.timeout:g} s limit of this endpoint "
                          "(add LIMIT or more selective patterns)")

    # -- SPARQL 1.1 Protocol -------------------------------------------------------------------

    async def sparql(request: Request) -> Response:
        query: str | None
        if request.method in ("GET", "HEAD"):  # HEAD: the GET answer's headers (Starlette drops the body)
            params = request.query_params
            if "update" in params:
                return _text(403, "SPARQL Update is refused: this endpoint is read-only")
            query = params.get("query")
        else:
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype == "application/x-www-form-urlencoded":
                # parsed here (urllib) rather than with request.form(): no python-multipart needed
                try:
                    form = parse_qs((await request.body()).decode("utf-8"), keep_blank_values=True)
                except UnicodeDecodeError:
                    return _text(400, "form body is not valid UTF-8")
                if "update" in form:
                    return _text(403, "SPARQL Update is refused: this endpoint is read-only")
                values = form.get("query")
                query = values[0] if values else None
                params = request.query_params
            elif ctype == "application/sparql-query":
                try:
                    query = (await request.body()).decode("utf-8")
                except UnicodeDecodeError:
                    return _text(400, "query is not valid UTF-8")
                params = request.query_params
            elif ctype == "application/sparql-update":
                return _text(403, "SPARQL Update is refused: this endpoint is read-only")
            else:
                return _text(415, "send the query as application/sparql-query or an HTML form "
                                  "(application/x-www-form-urlencoded with query=…)")
        if not query:
            if request.method in ("GET", "HEAD") and "text/html" in request.headers.get("accept", ""):
                return RedirectResponse("/query", status_code=303)
            return _text(400, "missing query parameter (SPARQL 1.1 Protocol: ?query=…)")
        if "default-graph-uri" in params or "named-graph-uri" in params:
            return _text(400, "default-graph-uri / named-graph-uri are not supported; use FROM or GRAPH in the query")
        return await execute(query, request, params.get("format", ""))

    async def execute(query: str, request: Request, format_param: str) -> Response:
        forced = negotiation.FORMAT_ALIASES.get(format_param.lower())
        accept = request.headers.get("accept")
        # both candidates: which one applies depends on the query form, known once parsed
        # (in the worker, under the deadline)
        fmt = forced if forced in ("json", "xml", "csv", "tsv") else (
            None if forced else negotiation.choose(accept, negotiation.SOLUTION_TYPES, "json"))
        graph_fmt = forced if forced in ("turtle", "jsonld", "nt") else (
            None if forced else negotiation.choose(accept, negotiation.GRAPH_TYPES, "turtle"))
        if fmt is None and graph_fmt is None:
            return _text(406, "results are available as: " + ", ".join(
                sorted(set(negotiation.SOLUTION_TYPES) | set(negotiation.GRAPH_TYPES))))
        outcome = await run({"op": "query", "sparql": query, "solution_format": fmt, "graph_format": graph_fmt})
        if outcome.status == 503:
            return cut_off()
        if outcome.status != 200:
            return _text(outcome.status, outcome.body.decode("utf-8", "replace"))
        headers = {"Vary": "Accept"}
        if outcome.truncated:
            headers["X-Result-Truncated"] = f"true; at most {limits.max_results} results are returned"
        return Response(outcome.body, media_type=outcome.media_type, headers=headers)

    async def named_query(request: Request) -> Response:
        """``/queries/{name}?param=value``: a query of the catalogue, parameters bound by name."""
        from ..errors import QueryError
        from ..query import catalogue
        from ..query.narrow import narrow
        from ..store.substitute import substitute

        found = {q.name: q for q in catalogue()}.get(request.path_params["name"])
        if found is None:
            return _text(404, "no such named query (see /api/queries)")
        declared = {p for p, _ in found.params}
        given = {k: v for k, v in request.query_params.items() if k != "format" and v != ""}
        unknown = sorted(set(given) - declared)
        if unknown:
            allowed = ", ".join(sorted(declared)) or "none"
            return _text(400, f"unknown parameter(s) {', '.join(unknown)} (this query takes: {allowed})")
        try:
            text = narrow(found.text, given, lookup) if lookup is not None else found.text
            text = substitute(text, given)
        except QueryError as exc:
            return _text(400, str(exc))
        return await execute(text, request, request.query_params.get("format", ""))

    # -- linked data ---------------------------------------------------------------------------

    async def resource(request: Request) -> Response:
        path = request.url.path.lstrip("/")
        iri = base + path
        forced = request.query_params.get("format")
        if forced:
            fmt = negotiation.FORMAT_ALIASES.get(forced.lower())
            if fmt not in ("turtle", "jsonld", "nt", "html"):
                return _text(400, "format must be one of ttl, jsonld, nt, html")
        else:
            fmt = negotiation.choose(request.headers.get("accept"), negotiation.RESOURCE_TYPES, "turtle")
        if fmt is None:
            return _text(406, "available as text/turtle, application/ld+json, application/n-triples, text/html")
        outcome = await run({"op": "describe", "iri": iri})
        if outcome.status == 404:
            message = f"no resource <{iri}> in this dataset"
            if fmt == "html":
                return HTMLResponse(pages.message_page("404 not found", message), status_code=404)
            return _text(404, message)
        if outcome.status == 503:
            return cut_off()
        if outcome.status != 200:
            return _text(outcome.status, outcome.body.decode("utf-8", "replace"))
        return _graph_response(outcome.body, fmt, iri=iri)

    def _graph_response(ntriples: bytes, fmt: str, *, iri: str | None = None) -> Response:
        from rdflib import Graph

        graph = Graph()
        for prefix, ns in prefixes.items():
            graph.bind(prefix, ns, override=True, replace=True)
        graph.parse(data=ntriples.decode("utf-8"), format="nt")
        headers = {"Vary": "Accept"}
        if fmt == "html":
            html = pages.resource_page(graph, iri or "", base=base, prefixes=prefixes, title=title)
            return HTMLResponse(html, headers=headers)
        if fmt == "nt":
            return Response(ntriples, media_type="application/n-triples", headers=headers)
        if fmt == "jsonld":
            used = {p: ns for p, ns in prefixes.items() if ns in ntriples.decode("utf-8")}
            body = graph.serialize(format="json-ld", context=used, auto_compact=True)
            return Response(body, media_type="application/ld+json", headers=headers)
        return Response(graph.serialize(format="turtle"), media_type="text/turtle", headers=headers)

    # -- dataset description, dumps, query page ----------------------------------------------

    async def stats() -> dict[str, Any]:
        outcome = await run({"op": "stats"}, timeout=max(60.0, limits.timeout))
        return json.loads(outcome.body) if outcome.status == 200 else {}

    async def void(request: Request) -> Response:
        from .void import describe_dataset

        numbers = cache.get("stats")
        if numbers is None:
            numbers = await stats()
            cache["stats"] = numbers
        server = str(request.base_url)
        graph = describe_dataset(server, base, numbers)
        forced = negotiation.FORMAT_ALIASES.get(request.query_params.get("format", "").lower())
        fmt = forced or negotiation.choose(request.headers.get("accept"), negotiation.GRAPH_TYPES, "turtle")
        if fmt is None or fmt == "html":
            fmt = "turtle"
        data = graph.serialize(format="nt", encoding="utf-8")
        return _graph_response(data, fmt) if fmt != "turtle" else Response(
            graph.serialize(format="turtle"), media_type="text/turtle", headers={"Vary": "Accept"})

    async def dump(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in ("graph.nt", "graph.nt.gz", "graph.ttl"):
            return _text(404, "dumps: graph.nt, graph.nt.gz, graph.ttl")
        if dumps is not None and (dumps / name).is_file():
            media = "text/turtle" if name.endswith(".ttl") else "application/gzip" if name.endswith(".gz") else "application/n-triples"
            return FileResponse(dumps / name, media_type=media, filename=name)
        if name == "graph.ttl":
            body = cache.get("ttl")
            if body is None:
                outcome = await run({"op": "dump", "format": "turtle"}, timeout=max(300.0, limits.timeout))
                body = cache.setdefault("ttl", outcome.body)
            return Response(body, media_type="text/turtle",
                            headers={"Content-Disposition": 'attachment; filename="graph.ttl"'})
        nt = cache.get("nt")
        if nt is None and dumps is not None and (dumps / "graph.nt").is_file():
            nt = (dumps / "graph.nt").read_bytes()
        if nt is None:
            outcome = await run({"op": "dump", "format": "nt"}, timeout=max(300.0, limits.timeout))
            nt = outcome.body
        cache.setdefault("nt", nt)
        if name.endswith(".gz"):
            gz = cache.setdefault("nt.gz", gzip.compress(nt, mtime=0))
            return Response(gz, media_type="application/gzip",
                            headers={"Content-Disposition": 'attachment; filename="graph.nt.gz"'})
        return Response(nt, media_type="application/n-triples",
                        headers={"Content-Disposition": 'attachment; filename="graph.nt"'})

    async def query_page(request: Request) -> Response:
        return FileResponse(STATIC_DIR / "query.html", media_type="text/html")

    async def named_queries(request: Request) -> Response:
        from ..query import catalogue

        try:
            items = [
                {"name": q.name, "question_zh": q.question_zh, "question_en": q.question_en,
                 "params": [p for p, _ in q.params], "text": q.text}
                for q in catalogue()
            ]
        except Exception:  # noqa: BLE001 - no queries shipped: the page still works without
            items = []
        return JSONResponse(items)

    async def not_found(request: Request, exc: Exception) -> Response:
        return _text(404, "not found")

    async def server_error(request: Request, exc: Exception) -> Response:
        return _text(500, "internal error")  # never a traceback or a file path

    async def lifespan(app: Starlette) -> Any:
        await anyio.to_thread.run_sync(pool.start)
        try:
            yield
        finally:
            pool.close()

    from contextlib import asynccontextmanager

    routes = [
        Route("/", query_page, methods=["GET"]),
        Route("/query", query_page, methods=["GET"]),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/void", void, methods=["GET"]),
        Route("/.well-known/void", void, methods=["GET"]),
        Route("/api/queries", named_queries, methods=["GET"]),
        Route("/queries/{name}", named_query, methods=["GET"]),
        Route("/dumps/{name}", dump, methods=["GET"]),
        Mount("/static", app=StaticFiles(directory=STATIC_DIR), name="static"),
        Route("/{path:path}", resource, methods=["GET"]),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={404: not_found, 500: server_error, Exception: server_error},
        lifespan=asynccontextmanager(lifespan),
    )
    app.state.pool = pool
    # public, read-only data without credentials: any web page may query it (YASGUI and the like)
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"],
                       allow_headers=["Accept", "Content-Type"], allow_credentials=False, max_age=3600)
    app.add_middleware(BodyLimit, max_body=limits.max_body)
    return app
