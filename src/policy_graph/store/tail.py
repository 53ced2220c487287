"""Bulk-load a growing N-Quads file into an Oxigraph store while it is still being written.

Why: the streaming build writes ``graph.nq`` while its workers analyse the corpus, and loading
that file only after the last worker finished left one core idle during the analysis and both
busy with parsing and index building afterwards (a third of the x1000 build's wall time). Here a
background thread loads the file as it grows, so the store fills while the workers run;
pyoxigraph releases the GIL while it loads.

Two ways, one protocol (the writer reports ends of whole lines with :meth:`written`, then calls
:meth:`finish`, or :meth:`abandon` when the build failed):

- :class:`FollowLoader` (the build's default): *one* ``bulk_load`` call that reads the file
  through a reader which waits at the reported end until the writer reports more. Oxigraph then
  cuts the data into its own large batches, as for a file loaded at once: on a 33M-quad graph
  that took 288 CPU-s and its compaction 56, against 455 and 81 for the same file loaded in
  256 MiB stretches, whose many small batches RocksDB kept re-compacting (bench/RESULTS.md).
- :class:`TailLoader`: a ``bulk_load`` call per stretch of at least ``min_bytes`` (the last may
  be shorter) and at most ``max_bytes``: less memory (one stretch at a time), more CPU.

Blank nodes: Oxigraph's bulk load gives each call's blank nodes fresh labels, so with
:class:`TailLoader` lines that share a blank node must fall between the same two reported ends.
The streaming build reports the end of each task, its data has no blank nodes (rdf.iris mints
IRIs for every node), and the ontology, which has some, is written into the store term by term
beforehand.
"""

from __future__ import annotations

import threading
from collections import deque
from pathlib import Path
from typing import Any


class _Follower:
    """The writer-facing half: reported ends, the finish/abandon handshake, the loader's error."""

    def __init__(self, store: Any, path: Path, *, lenient: bool = False) -> None:
        import pyoxigraph as ox

        self._store = store
        self._path = Path(path)
        self._format = ox.RdfFormat.N_QUADS
        self._lenient = lenient  # skip IRI validation: for files we wrote ourselves (~8 % less CPU)
        self._loaded = 0  # offset up to which the file has been handed to the store
        self._ends: deque[int] = deque()  # reported ends not yet loaded, increasing
        self._final = False
        self._abandoned = False
        self._error: BaseException | None = None
        self._cond = threading.Condition()
        self.loads = 0  # bulk_load calls made
        self._thread = threading.Thread(target=self._guarded, name="policy-graph-tail-loader", daemon=True)
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
        """Stop soon (the build failed; the staged store is thrown away)."""
        with self._cond:
            self._final = True
            self._abandoned = True
            self._ends.clear()
            self._cond.notify()
        self._thread.join()

    def _guarded(self) -> None:
        try:
            self._run()
        except BaseException as exc:  # noqa: BLE001 - handed to the writer's thread
            with self._cond:
                self._error = exc

    def _run(self) -> None:
        raise NotImplementedError


class FollowLoader(_Follower):
    """One ``store.bulk_load`` over ``path`` that follows the file up to the reported ends."""

    def _run(self) -> None:
        with open(self._path, "rb") as f:
            self.loads = 1
            self._store.bulk_load(_GrowingReader(self, f), format=self._format, lenient=self._lenient)

    def _available(self) -> int:
        """Bytes reported and not yet read; waits while there are none; 0 at the end."""
        with self._cond:
            while True:
                if self._abandoned:
                    return 0
                while len(self._ends) > 1:  # only the last reported end matters here
                    self._ends.popleft()
                if self._ends and self._ends[0] > self._loaded:
                    return self._ends[0] - self._loaded
                if self._final:
                    return 0
                self._cond.wait()


class _GrowingReader:
    """The binary file-like object pyoxigraph reads: ``read`` never goes past a reported end."""

    def __init__(self, loader: FollowLoader, f: Any) -> None:
        self._loader = loader
        self._f = f
        self._ready = 0  # bytes known to be readable without asking the loader again

    def read(self, size: int = -1) -> bytes:
        if self._ready <= 0:
            self._ready = self._loader._available()
            if self._ready <= 0:
                return b""
        n = self._ready if size is None or size < 0 else min(size, self._ready)
        data = self._f.read(n)
        if len(data) != n:
            raise OSError(f"{self._loader._path}: expected {n} bytes at {self._loader._loaded}, read {len(data)}")
        self._ready -= n
        self._loader._loaded += n
        return data


class TailLoader(_Follower):
    """One background thread feeding ``store.bulk_load`` from ``path`` in stretches."""

    def __init__(self, store: Any, path: Path, *, min_bytes: int = 256 << 20, max_bytes: int = 512 << 20,
                 lenient: bool = False) -> None:
        self._min = min_bytes
        self._max = max(max_bytes, min_bytes)
        super().__init__(store, path, lenient=lenient)

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
