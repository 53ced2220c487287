"""A real uvicorn server on a free loopback port, started once per module, for real HTTP tests."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Self

import httpx
import pytest
import uvicorn

from policy_graph.serve import Limits, create_app
from policy_graph.store import MemoryStore

DATA = Path(__file__).parent / "data"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    def __init__(self, app: object) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Self:
        self.thread.start()
        for _ in range(600):  # wait for the socket, not for a time
            if self.server.started:
                break
            time.sleep(0.05)
        assert self.server.started, "uvicorn did not start"
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


def serve(store: object, **limits: object) -> LiveServer:
    return LiveServer(create_app(store, limits=Limits(**limits)))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def tiny_server() -> Iterator[LiveServer]:
    with serve(MemoryStore.from_file(DATA / "tiny.ttl"), timeout=3.0, max_results=50, max_body=20_000) as live:
        yield live


@pytest.fixture(scope="module")
def client(tiny_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=tiny_server.url, timeout=60) as c:
        yield c


@pytest.fixture(scope="session")
def corpus_server(corpus_out: Path) -> Iterator[LiveServer]:
    """The real corpus build (session fixture of tests/conftest.py), served from its out folder."""
    from policy_graph.store import open_store

    app = create_app(open_store(corpus_out), dumps=corpus_out, limits=Limits(timeout=20))
    with LiveServer(app) as live:
        yield live
