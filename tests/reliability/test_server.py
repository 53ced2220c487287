"""The HTTP server under load and under attack, on loopback only.

``policy-graph serve`` (``policy_graph.serve.create_app`` in uvicorn) runs in a subprocess with its
default host (127.0.0.1) on a free port, over the on-disk store of a real build of the bundled
corpus. The load test is bounded
by a request count (32 clients × a fixed number each), not by time; p50/p99 go to
``tests/_artifacts/load.json`` (or ``$PG_LOAD_RESULTS``). Hostile requests must be refused cleanly: a 4xx/503 status, a short
message, no stack trace, no file path, and the server keeps answering.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from .conftest import REPO, cli_env, start_server, stop_server, survivors

CLIENTS = 32
REQUESTS_PER_CLIENT = 15
TIMEOUT_S = 3.0  # the query time limit given to the server under test

#: Strings that must never appear in a response body: stack traces, source paths, our folders.
LEAKS = ("Traceback", 'File "', "site-packages", ".py\"", ".py:", str(REPO), "/tmp/pytest", "/root/", "/usr/lib/python")


@pytest.fixture(scope="module")
def server(corpus_out: Path) -> Iterator[str]:
    """The server under test; on teardown (SIGTERM) it must leave no traceback and no process."""
    import psutil

    proc, url = start_server(corpus_out, timeout=TIMEOUT_S)
    yield url
    children = psutil.Process(proc.pid).children(recursive=True)
    output = stop_server(proc)
    assert "Traceback" not in output, output[-3000:]
    assert survivors(children) == [], "query workers outlived the server"


def test_no_worker_outlives_a_killed_server(corpus_out: Path) -> None:
    """SIGKILL gives the server no chance to clean up: its query workers must still go away
    (they notice the closed pipe), including one started to replace a worker cut off at a deadline."""
    import psutil

    proc, url = start_server(corpus_out, timeout=1)
    try:
        slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
        assert httpx.get(url + "/sparql", params={"query": slow}, timeout=120).status_code == 503
        assert_alive(url)
        children = psutil.Process(proc.pid).children(recursive=True)
        assert children, "expected query worker processes"
    finally:
        proc.kill()
        proc.wait()
    assert survivors(children) == [], "query workers outlived a SIGKILLed server"


def assert_clean(response: httpx.Response, *statuses: int) -> None:
    body = response.content.decode("utf-8", "replace")
    assert response.status_code in statuses, (response.status_code, body[:500])
    for leak in LEAKS:
        assert leak not in body, (leak, body[:1000])


def assert_alive(url: str) -> None:
    r = httpx.get(url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert r.status_code == 200 and r.json()["boolean"] is True


def _resource_paths(out: Path, n: int) -> list[str]:
    """A few linked-data IRIs of the build (as server paths), spread across the sorted dump."""
    base = "https://w3id.org/policy-graph/"
    subjects = sorted({line.split(" ", 1)[0][1:-1] for line in (out / "graph.nt").read_text(encoding="utf-8").splitlines()
                       if line.startswith("<" + base + "id/")})
    assert subjects, "no instance IRIs in graph.nt"
    step = max(1, len(subjects) // n)
    return ["/" + s[len(base):] for s in subjects[::step][:n]]


# -- load ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_load_32_clients_no_errors(server: str, corpus_out: Path) -> None:
    responsibilities = (REPO / "queries" / "responsibilities.rq").read_text(encoding="utf-8")
    cheap = [
        ("GET", "/sparql", {"query": "ASK { ?s ?p ?o }"}, None),
        ("GET", "/sparql", {"query": "SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY DESC(?n) LIMIT 5"}, None),
        *[("GET", path, {}, None) for path in _resource_paths(corpus_out, 6)],
        ("GET", "/api/queries", {}, None),
    ]
    expensive = [
        ("POST", "/sparql", {}, responsibilities),
        ("GET", "/sparql", {"query": "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p"}, None),
        ("GET", "/sparql", {"query": "SELECT ?s ?l WHERE { ?s ?p ?l . FILTER(CONTAINS(STR(?l), '扶贫')) } LIMIT 200"}, None),
    ]
    plan = [(cheap + expensive)[(c * 7 + i) % (len(cheap) + len(expensive))]
            for c in range(CLIENTS) for i in range(REQUESTS_PER_CLIENT)]
    kinds = {id(x): ("expensive" if x in expensive else "cheap") for x in plan}
    latencies: dict[str, list[float]] = {"cheap": [], "expensive": []}
    errors: list[str] = []

    async def client(index: int) -> None:
        async with httpx.AsyncClient(base_url=server, timeout=120) as http:
            for i in range(REQUESTS_PER_CLIENT):
                method, path, params, body = plan[index * REQUESTS_PER_CLIENT + i]
                t0 = time.perf_counter()
                try:
                    if method == "POST":
                        r = await http.post(path, content=body.encode(), headers={"Content-Type": "application/sparql-query"})
                    else:
                        r = await http.get(path, params=params, headers={"Accept": "application/sparql-results+json, text/turtle;q=0.9"})
                    if r.status_code != 200:
                        errors.append(f"{method} {path} {params}: {r.status_code} {r.text[:200]}")
                except httpx.HTTPError as exc:
                    errors.append(f"{method} {path}: {type(exc).__name__}")
                latencies[kinds[id(plan[index * REQUESTS_PER_CLIENT + i])]].append(time.perf_counter() - t0)

    async def main() -> float:
        t0 = time.perf_counter()
        await asyncio.gather(*(client(i) for i in range(CLIENTS)))
        return time.perf_counter() - t0

    wall = asyncio.run(main())
    every = sorted(latencies["cheap"] + latencies["expensive"])

    def pct(values: list[float], q: float) -> float:
        values = sorted(values)
        return round(1000 * values[min(len(values) - 1, int(q * len(values)))], 1) if values else 0.0

    results = {
        "clients": CLIENTS, "requests_per_client": REQUESTS_PER_CLIENT, "requests": len(every),
        "errors": len(errors), "wall_seconds": round(wall, 2), "requests_per_second": round(len(every) / wall, 1),
        "p50_ms": pct(every, 0.50), "p99_ms": pct(every, 0.99), "mean_ms": round(1000 * statistics.fmean(every), 1),
        "by_kind": {k: {"requests": len(v), "p50_ms": pct(v, 0.5), "p99_ms": pct(v, 0.99)} for k, v in latencies.items()},
        "store": "oxigraph (on disk)", "server": "policy-graph serve (uvicorn, 1 query worker process)",
        "host": "127.0.0.1", "cpus": os.cpu_count(), "load_average_1m": round(os.getloadavg()[0], 2),
        "query_timeout_s": TIMEOUT_S,
    }
    # a test never writes into the checkout: the figures go to the git-ignored artefacts folder,
    # or where PG_LOAD_RESULTS says (PG_LOAD_RESULTS=bench/results/load.json records a run)
    target = Path(os.environ.get("PG_LOAD_RESULTS") or REPO / "tests" / "_artifacts" / "load.json")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print("\nload:", json.dumps(results, sort_keys=True))
    assert errors == [], errors[:10]
    assert len(every) == CLIENTS * REQUESTS_PER_CLIENT
    assert latencies["expensive"] and latencies["cheap"]


THREADS_PROBE = """
import threading
from policy_graph.serve.policy import inspect
queries = ["ASK { ?s ?p ?o }", "SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY DESC(?n) LIMIT 5",
           "SELECT ?s ?l WHERE { ?s ?p ?l . FILTER(CONTAINS(STR(?l), 'x')) } LIMIT 200",
           "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3"]
refused = []
def client(i):
    for j in range(25):
        verdict = inspect(queries[(i + j) % len(queries)])
        if verdict.form is None:
            refused.append(verdict.message)
threads = [threading.Thread(target=client, args=(i,)) for i in range(16)]
for t in threads: t.start()
for t in threads: t.join()
after = [inspect(q).form for q in queries]
import json
print(json.dumps({"refused": len(refused), "broken_after": after.count(None), "example": (refused or [""])[0][:120]}))
"""


def test_query_inspection_is_thread_safe() -> None:
    """The server checks every query (update? SERVICE?) with rdflib's SPARQL parser in worker
    threads. pyparsing is not thread-safe (RDFLib/rdflib#1282): concurrent parses must still all
    succeed, and must not leave the parser broken for later requests. Run in a child process, so a
    broken parser cannot leak into this test session."""
    proc = subprocess.run([sys.executable, "-c", THREADS_PROBE], check=False, capture_output=True, text=True,
                          env=cli_env(), timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    got = json.loads(proc.stdout)
    assert (got["refused"], got["broken_after"]) == (0, 0), (
        f"{got['refused']}/400 valid queries refused under 16 threads, {got['broken_after']}/4 still refused "
        f"afterwards: {got['example']}")


# -- hostile requests ---------------------------------------------------------------------------


class Listener:
    """A loopback TCP listener that counts connections: any server-side request would show here."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    spy = Listener()
    yield spy
    spy.close()


UPDATES = [
    "INSERT DATA { <urn:x:s> <urn:x:p> \"o\" }",
    "DELETE WHERE { ?s ?p ?o }",
    "CLEAR ALL",
    "DROP ALL",
    "CREATE GRAPH <urn:x:g>",
    "PREFIX x: <urn:x:>\n  insert\tdata { x:s x:p x:o }",
]


@pytest.mark.parametrize("update", UPDATES)
def test_updates_are_refused(server: str, update: str) -> None:
    for response in (
        httpx.get(server + "/sparql", params={"query": update}, timeout=30),
        httpx.get(server + "/sparql", params={"update": update}, timeout=30),
        httpx.post(server + "/sparql", content=update.encode(), headers={"Content-Type": "application/sparql-update"}, timeout=30),
        httpx.post(server + "/sparql", data={"update": update}, timeout=30),
        httpx.post(server + "/sparql", content=update.encode(), headers={"Content-Type": "application/sparql-query"}, timeout=30),
    ):
        assert_clean(response, 400, 403, 405)
    r = httpx.get(server + "/sparql", params={"query": "ASK { <urn:x:s> ?p ?o }"}, headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert r.status_code == 200 and r.json()["boolean"] is False
    assert_alive(server)


def test_load_and_service_make_no_server_side_request(server: str, listener: Listener) -> None:
    target = f"http://127.0.0.1:{listener.port}/sparql"
    queries = [
        f"LOAD <{target}>",
        f"LOAD <{target}> INTO GRAPH <urn:x:g>",
        f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o . OPTIONAL {{ SERVICE SILENT <{target}> {{ ?s ?q ?v }} }} }} LIMIT 1",
        f"ASK {{ {{ SELECT * WHERE {{ service <{target}> {{ ?a ?b ?c }} }} }} }}",
        f"SELECT * FROM <{target}> WHERE {{ ?s ?p ?o }} LIMIT 1",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
    ]
    for query in queries:
        for response in (
            httpx.get(server + "/sparql", params={"query": query}, timeout=30),
            httpx.post(server + "/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"}, timeout=30),
        ):
            assert_clean(response, 200, 400, 403)
            if "SERVICE" in query.upper() or "LOAD" in query:
                assert response.status_code in (400, 403), (query, response.status_code)
    time.sleep(0.5)
    assert listener.connections == 0, "the server opened a connection of its own"
    assert_alive(server)


def test_cartesian_product_is_cut_off(server: str) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    r = httpx.get(server + "/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"}, timeout=120)
    assert_clean(r, 503)
    assert_alive(server)  # the worker that ran it was replaced


def test_huge_bodies_are_refused(server: str) -> None:
    big = b"SELECT * WHERE { ?s ?p ?o } #" + b"x" * (20 * 1024 * 1024)
    r = httpx.post(server + "/sparql", content=big, headers={"Content-Type": "application/sparql-query"}, timeout=120)
    assert_clean(r, 413)

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit must hold while streaming
        yield b"query=SELECT"
        for _ in range(80):
            yield b"%20" * 40_000

    r = httpx.post(server + "/sparql", content=chunks(), headers={"Content-Type": "application/x-www-form-urlencoded"}, timeout=120)
    assert_clean(r, 413)
    status, data = raw_request(server, b"GET /sparql?query=ASK%20%7B%7D%20%23" + b"y" * 200_000
                               + b" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
    assert status in (0, 400, 413, 414, 431), data[:300]
    assert_alive(server)


def raw_request(url: str, request: bytes) -> tuple[int, bytes]:
    """Send bytes exactly as given (httpx would normalise ``..`` and encode the path). Status 0:
    the server closed the connection without answering (how h11 refuses an oversized head)."""
    host, port = url.removeprefix("http://").split(":")
    data = b""
    with socket.create_connection((host, int(port)), timeout=30) as s:
        try:
            s.sendall(request)
            while chunk := s.recv(65536):
                data += chunk
        except (ConnectionResetError, BrokenPipeError):
            pass
    head = data.split(b"\r\n", 1)[0]
    status = int(head.split()[1]) if head.startswith(b"HTTP/") else 0
    return status, data


TRAVERSALS = [
    "/static/../../../../../../etc/passwd",
    "/static/..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/static/....//....//etc/passwd",
    "/static//etc/passwd",
    "/dumps/..%2f..%2f..%2fetc%2fpasswd",
    "/dumps/../../../../etc/passwd",
    "/../../../../etc/passwd",
    "/static/..\\..\\..\\etc\\passwd",
    "/static/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_path_traversal_is_refused(server: str, path: str) -> None:
    status, data = raw_request(server, f"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode())
    assert status in (400, 403, 404, 406), (path, data[:300])
    assert b"root:" not in data
    body = data.split(b"\r\n\r\n", 1)[-1].decode("utf-8", "replace")
    assert not any(leak in body for leak in LEAKS), body[:500]


@pytest.mark.parametrize("accept", [
    ";;;,,,", "*/*;q=abc", "text/turtle;q=2, application/ld+json;q=-1", "\u00e9/\u00e8",
    "application/sparql-results+json;" + "a=b;" * 2000, "x" * 6000, "image/png", "text/*;q=0.0, */*;q=0",
])
def test_malformed_accept_headers(server: str, corpus_out: Path, accept: str) -> None:
    path = _resource_paths(corpus_out, 1)[0]
    for target, params in ((path, {}), ("/sparql", {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"}), ("/void", {})):
        r = httpx.get(server + target, params=params, headers={"Accept": accept.encode("latin-1")}, timeout=30)
        assert_clean(r, 200, 400, 406, 431)
    assert_alive(server)


@pytest.mark.parametrize("raw", [
    b"/sparql?query=%FF%FE%FD",
    b"/sparql?query=SELECT%20*%20WHERE%20%7B%3Fs%20%3Fp%20%22\xff\xfe%22%7D",
    b"/sparql?query=\xc3\x28&format=\xff",
    b"/id/\xff\xfe/x",
    b"/id/%ED%A0%80",
    b"/id/%00",
    b"/id/a%20b%3C%3E%22",
    b"/sparql?query=%00%00",
    b"/\x00",
])
def test_non_utf8_requests(server: str, raw: bytes) -> None:
    status, data = raw_request(server, b"GET " + raw + b" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
    assert status in (400, 404, 406, 414), (raw, data[:300])
    body = data.split(b"\r\n\r\n", 1)[-1].decode("utf-8", "replace")
    assert not any(leak in body for leak in LEAKS), body[:500]
    assert_alive(server)


def test_error_pages_leak_nothing(server: str) -> None:
    for response in (
        httpx.get(server + "/sparql", params={"query": "SELECT * WHERE " + "{" * 3000 + "?s ?p ?o" + "}" * 3000}, timeout=60),
        httpx.get(server + "/sparql", params={"query": "ASK { FILTER(" + "(" * 3000 + "1" + ")" * 3000 + ") }"}, timeout=60),
        httpx.post(server + "/sparql", files={"query": ("q.rq", b"ASK {}")}, timeout=30),
        httpx.request("HEAD", server + "/sparql", timeout=30),
        httpx.request("OPTIONS", server + "/sparql", timeout=30),
        httpx.get(server + "/sparql", params={"query": "SELECT ?x WHERE { ?x <a:b> ?y FILTER(1/0) } ORDER BY (?x + )"}, timeout=30),
        httpx.get(server + "/sparql", params={"query": "PREFIX : <http://x/> SELECT * WHERE { :a :b :c . BIND(REGEX(\"a\", \"(\") AS ?z) }"}, timeout=30),
        httpx.get(server + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }", "default-graph-uri": "file:///etc/passwd"}, timeout=30),
        httpx.get(server + "/sparql", params={"query": "DESCRIBE <file:///etc/passwd>"}, timeout=30),
        httpx.post(server + "/sparql", content=b"\xff\xfe", headers={"Content-Type": "application/sparql-query"}, timeout=30),
        httpx.post(server + "/sparql", content=b"{}", headers={"Content-Type": "application/json"}, timeout=30),
        httpx.request("DELETE", server + "/sparql", timeout=30),
        httpx.request("PUT", server + "/id/x", content=b"<a> <b> <c> .", timeout=30),
        httpx.get(server + "/dumps/nope", timeout=30),
        httpx.get(server + "/id/does-not-exist", headers={"Accept": "text/html"}, timeout=30),
    ):
        assert_clean(response, 200, 400, 403, 404, 405, 406, 415)
    assert_alive(server)


def test_server_binds_loopback_only(server: str) -> None:
    """``policy-graph serve`` without --host listens on 127.0.0.1 and nothing else."""
    import psutil

    port = int(server.rsplit(":", 1)[1])
    mine = [c for c in psutil.net_connections(kind="inet") if c.laddr and c.laddr.port == port and c.status == psutil.CONN_LISTEN]
    assert mine and all(c.laddr.ip == "127.0.0.1" for c in mine), mine
    for pid in {c.pid for c in mine if c.pid}:
        listening = [c for c in psutil.Process(pid).net_connections(kind="inet") if c.status == psutil.CONN_LISTEN]
        assert all(c.laddr.ip in ("127.0.0.1", "::1") for c in listening), listening
