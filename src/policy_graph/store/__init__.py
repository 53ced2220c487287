"""Where triples live, behind one small interface.

``MemoryStore`` wraps an rdflib Graph (the default for a fresh build); ``OxigraphStore`` is a
pyoxigraph store on disk (fast to open, so ``policy-graph who`` does not re-parse Turtle on every
call). Both answer SELECT/ASK/CONSTRUCT with the same :class:`QueryResult`, so a named query gives
the same answer wherever the data is.
"""

from __future__ import annotations

from .base import QueryResult, Store, open_store
from .memory import MemoryStore
from .oxigraph import OxigraphStore

__all__ = ["QueryResult", "Store", "MemoryStore", "OxigraphStore", "open_store"]
