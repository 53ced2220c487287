"""Start a selective named query from the few subjects it can possibly return.

A named query may mark a block with ``#@narrow finder(arg=?param, …) -> ?var …`` … ``#@end``
(comments: every SPARQL engine ignores them). The marker's contract, checked by
tests/store/test_lookup.py on the bundled corpus: the finder of the store's lookup index returns
exactly the bindings of ``?var …`` the block produces, possibly restricted further by
parameters that the rest of the query tests again (``?doc``). With an index, the block is
replaced by ``VALUES``; without one (rdflib, remote stores, a stale index) the query runs as
written. Same rows either way; only the work differs (store/lookup.py says why it matters).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

_MARK = re.compile(
    r"^[ \t]*#@narrow[ \t]+(?P<finder>[a-z_]+)\((?P<args>[^)]*)\)[ \t]*->(?P<vars>(?:[ \t]*\?[A-Za-z_]\w*)+)[ \t]*\n"
    r"(?P<block>.*?)^[ \t]*#@end[^\n]*\n",
    re.MULTILINE | re.DOTALL,
)
_ARG = re.compile(r"([a-z_]+)\s*=\s*\?([A-Za-z_]\w*)")


def narrow(sparql: str, bindings: dict[str, str], lookup: Any) -> str:
    """``sparql`` with each marked block the index can answer replaced by ``VALUES``."""

    def replace(m: re.Match[str]) -> str:
        finder: Callable[..., list[tuple[str, ...]] | None] | None = getattr(lookup, m["finder"], None)
        kwargs = {key: bindings.get(var) for key, var in _ARG.findall(m["args"])}
        if finder is None or all(v is None for v in kwargs.values()):
            return m.group(0)  # nothing selective bound: the query exactly as written
        rows = finder(**kwargs)
        if rows is None:
            return m.group(0)  # too many candidates to be worth it
        return values_clause(m["vars"].split(), rows)

    return _MARK.sub(replace, sparql)


def values_clause(variables: list[str], rows: list[tuple[str, ...]]) -> str:
    """``VALUES`` over IRIs (the finders return only IRIs)."""
    if len(variables) == 1:
        return f"  VALUES {variables[0]} {{ " + " ".join(f"<{r[0]}>" for r in rows) + " }\n"
    body = " ".join("(" + " ".join(f"<{x}>" for x in r) + ")" for r in rows)
    return f"  VALUES ({' '.join(variables)}) {{ {body} }}\n"
