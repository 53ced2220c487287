"""Bulk-load a growing N-Quads file into an Oxigraph store while it is still being written.

Why: the streaming build writes ``graph.nq`` while its workers analyse the corpus, and loading
that file only after the last worker finished left one core idle during the analysis and both
busy with parsing and index building afterwards (a third of the x1000 build's wall time). Here a
background thread bulk-loads each finished stretch of the file as soon as it is long enough, so
the store fills while the workers run; pyoxigraph releases the GIL while it loads.

Stretches end on the boundaries the writer reports (whole lines, whole tasks) and are at least
``min_bytes`` long, except the last, so every ``bulk_load`` call is big enough for Oxigraph to
write its usual one-million-quad batches (fewer, larger index files to compact afterwards) and
at most ``max_bytes``, so memory stays flat however far the loader falls behind.

Blank nodes: Oxigraph's bulk load gives each call's blank nodes fresh labels, so lines that
share a blank node must fall between the same two reported ends. The streaming build reports
the end of each task, its data has no blank nodes (rdf.iris mints IRIs for every node), and
the ontology, which has some, is written into the store term by term beforehand.
"""

from __future__ import annotations

import threading
from collections import deque
from pathlib import Path
from typing import Any


class TailLoader:
    """One background thread feeding ``store.bulk_load`` from ``path`` up to the reported ends."""

    def __init__(self, store: Any, path: Path, *, min_bytes: int = 256 << 20, max_bytes: int = 512 << 20,
                 lenient: bool = False) -> None:
        import pyoxigraph as ox

        self._store = store
        self._path = Path(path)
        self._format = ox.RdfFormat.N_QUADS
        self._lenient = lenient  # skip IRI validation: for files we wrote ourselves (~8 % less CPU)
        self._min = min_bytes
        self._max = max(max_bytes, min_bytes)
        self._loaded = 0  # offset up to which the file is in the store
        self._ends: deque[int] = deque()  # reported ends not yet loaded, increasing
        self._final = False
        self._error: BaseException | None = None
        self._cond = threading.Condition()
        self.loads = 0
        self._thread = threading.Thread(target=self._run, name="policy-graph-tail-loader", daemon=True)
        self._thread.start()

    def written(self, end: int) -> None:
        """The file holds whole lines up to byte ``end`` (flushed to the OS by the caller)."""
        with self._cond:
            if self._error is not None:
                raise self._error
            if not self._ends or end > self._ends[-1]:
                self._ends.append(end)
                self._cond.notify()

    def finish(self) -> None:
        """Load what is left and wait for the thread; re-raises the loader's error, if any."""
        with self._cond:
            self._final = True
            self._cond.notify()
        self._thread.join()
        if self._error is not None:
            raise self._error

    def abandon(self) -> None:
        """Stop after the current stretch (the build failed; the staged store is thrown away)."""
        with self._cond:
            self._final = True
            self._ends.clear()
            self._cond.notify()
        self._thread.join()

    def _next_stretch(self) -> tuple[int, int] | None:
        """Wait for a stretch worth loading; None when everything reported is loaded and no more comes."""
        with self._cond:
            while True:
                if self._ends and (self._final or self._ends[-1] - self._loaded >= self._min):
                    end = self._ends.popleft()
                    while self._ends and self._ends[0] - self._loaded <= self._max:
                        end = self._ends.popleft()
                    return self._loaded, end
                if self._final:
                    return None
                self._cond.wait()

    def _run(self) -> None:
        try:
            with open(self._path, "rb") as f:
                while (stretch := self._next_stretch()) is not None:
                    start, end = stretch
                    f.seek(start)
                    data = f.read(end - start)
                    if len(data) != end - start:
                        raise OSError(f"{self._path}: expected {end - start} bytes at {start}, read {len(data)}")
                    self._store.bulk_load(data, format=self._format, lenient=self._lenient)
                    self.loads += 1
                    with self._cond:
                        self._loaded = end
        except BaseException as exc:  # noqa: BLE001 - handed to the writer's thread
            with self._cond:
                self._error = exc
