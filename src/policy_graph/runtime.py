"""Process-level knobs the pipeline's hot paths share (no policy-graph imports: a leaf module).

Why pause the cyclic garbage collector: ingest allocates millions of small acyclic objects (runs,
matches, grams) and the rdf/reason stages millions of rdflib terms and index entries. CPython's
cyclic collector rescans every surviving container each time a generation fills, which made a
100× corpus super-linear (17 % of ingest CPU) and costs about a quarter of a streaming worker's
time in rdflib (measured: 1.47 → 1.08 CPU-s per copy of the corpus). Reference counting still
frees everything that is not in a cycle; the few cycles (rdflib's graph ↔ namespace manager)
are collected when the pause ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Run the block with the cyclic collector off; nested use is safe (the outermost restores)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
