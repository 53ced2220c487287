"""Where triples live, behind one small interface.

``MemoryStore`` wraps an rdflib Graph (the default for a fresh build); ``OxigraphStore`` is a
pyoxigraph store on disk (fast to open, so ``policy-graph who`` does not re-parse Turtle on every
call); ``RemoteStore`` is any SPARQL 1.1 endpoint (Protocol + Update, one named graph per work). Both answer SELECT/ASK/CONSTRUCT with the same :class:`QueryResult`, so a named query gives
the same answer wherever the data is.
"""

from __future__ import annotations

from .base import QueryResult, Store, open_store
from .memory import MemoryStore
from .oxigraph import OxigraphStore


def __getattr__(name: str) -> object:
    if name == "RemoteStore":  # lazy: httpx is only needed for remote endpoints
        from .remote import RemoteStore

        return RemoteStore
    raise AttributeError(name)


__all__ = ["QueryResult", "Store", "MemoryStore", "OxigraphStore", "RemoteStore", "open_store"]
