"""Where triples live, behind one small interface.

``MemoryStore`` wraps an rdflib Graph (the default for a fresh build); ``OxigraphStore`` is a
pyoxigraph store on disk (fast to open, so ``policy-graph who`` does not re-parse Turtle on every
call); ``RemoteStore`` is any SPARQL 1.1 endpoint (Protocol + Update, one named graph per work). Both answer SELECT/ASK/CONSTRUCT with the same :class:`QueryResult`, so a named query gives
the same answer wherever the data is.
"""

from __future__ import annotations

from .base import QueryResult, Store, open_store


def __getattr__(name: str) -> object:
    """Backends are imported on first use: rdflib alone costs ~0.3 s of a CLI call's start-up,
    and ``policy-graph who`` on a built store needs only pyoxigraph."""
    if name == "MemoryStore":
        from .memory import MemoryStore

        return MemoryStore
    if name == "OxigraphStore":
        from .oxigraph import OxigraphStore

        return OxigraphStore
    if name == "RemoteStore":  # httpx is only needed for remote endpoints
        from .remote import RemoteStore

        return RemoteStore
    raise AttributeError(name)


__all__ = ["MemoryStore", "OxigraphStore", "QueryResult", "RemoteStore", "Store", "open_store"]
