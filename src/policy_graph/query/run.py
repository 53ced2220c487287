"""Run a named query on a store with bound parameters."""

from __future__ import annotations

from ..errors import QueryError
from ..store.base import QueryResult, Store
from .catalogue import NamedQuery
from .narrow import narrow


def run(query: NamedQuery, store: Store, *, params: dict[str, str] | None = None) -> QueryResult:
    """Bind ``params`` (variable → value) and run; unknown parameters are an error, not ignored."""
    params = dict(params or {})
    declared = {name for name, _ in query.params}
    unknown = sorted(k for k in params if declared and k not in declared)
    if unknown:
        allowed = ", ".join(sorted(declared)) or "none"
        raise QueryError(f"unknown parameter(s) {', '.join(unknown)} (this query takes: {allowed})", path=query.name)
    lookup = getattr(store, "lookup", None)
    text = narrow(query.text, params, lookup) if lookup is not None else query.text
    return store.query(text, bindings=params)
