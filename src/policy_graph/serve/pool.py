"""A small pool of killable query worker processes.

``concurrent.futures`` cannot cancel a running task, and a pyoxigraph query cannot be
interrupted, so each worker is a plain ``multiprocessing`` process behind a pipe. A job that
misses its deadline gets its worker killed (SIGKILL) and replaced: the cut-off is real, not
just a response the client stops waiting for.
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import threading
import time
from typing import Any

from ..errors import StoreError
from .worker import Outcome, StoreSpec, worker_main

_START_TIMEOUT = 300.0  # opening a store / loading N-Triples into memory


class _Worker:
    def __init__(self, ctx: Any, spec: StoreSpec, max_results: int) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=worker_main, args=(child, spec, max_results), daemon=True)
        self.process.start()
        child.close()
        self.ready = False

    def wait_ready(self) -> None:
        if self.ready:
            return
        if not self.conn.poll(_START_TIMEOUT):
            self.kill()
            raise StoreError("query worker did not start in time")
        try:
            status, detail = self.conn.recv()
        except (EOFError, OSError):
            status, detail = "failed", "the worker process exited"
        if status != "ready":
            self.kill()
            raise StoreError(f"query worker could not open the store: {detail}")
        self.ready = True

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.process.join(timeout=2)
        self.kill()


class QueryPool:
    """``run(job, timeout)`` blocks the calling thread until the job is done or cut off."""

    def __init__(self, spec: StoreSpec, *, workers: int = 1, max_results: int = 10_000) -> None:
        self.spec = spec
        self.max_results = max_results
        self.size = max(1, workers)
        self._ctx = mp.get_context("spawn")  # no fork: the parent holds threads and RocksDB handles
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._started = False
        self._closed = False
        self.killed = 0  # workers cut off at a deadline (observable in tests and logs)

    def start(self) -> None:
        with self._lock:
            if self._started:
                return
            for _ in range(self.size):
                self._idle.put(_Worker(self._ctx, self.spec, self.max_results))
            self._started = True

    def run(self, job: dict[str, Any], *, timeout: float) -> Outcome:
        if self._closed:
            raise StoreError("the server is shutting down")
        self.start()
        worker = self._idle.get()
        try:
            worker.wait_ready()
        except StoreError:
            self._idle.put(_Worker(self._ctx, self.spec, self.max_results))
            raise
        job = {**job, "deadline": time.monotonic() + timeout}
        try:
            worker.conn.send(job)
            if worker.conn.poll(timeout + 0.5):
                outcome: Outcome = worker.conn.recv()
                self._idle.put(worker)
                return outcome
        except (EOFError, OSError, BrokenPipeError):
            pass
        # deadline missed (or the worker died): kill it for real and replace it
        worker.kill()
        self.killed += 1
        self._idle.put(_Worker(self._ctx, self.spec, self.max_results))
        return Outcome(503, "text/plain", b"")

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                break
            worker.stop()
