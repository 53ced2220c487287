"""Baselines measured in the same run, so every figure of policy-graph is also a ratio.

Text baselines count CPU seconds of this process (the machine may be shared); loads and queries
count wall seconds, as a user waits for them.

* ``regex_floor`` — one compiled-regex pass over the text (an alternation of the gazetteer's body
  names): the floor for merely *reading* the text once in Python.
* ``jieba_segment`` — jieba word segmentation of the same text (start-up time reported apart).
* ``rdflib_load`` / ``oxigraph_load`` — raw parse of the same triples, no policy-graph code.
* ``raw_query`` — the same SPARQL with the same bound values, straight on rdflib / pyoxigraph,
  results iterated but not converted (what our store wrapper adds is the difference).
* ``pyshacl_raw`` — pyshacl.validate on the same graph with the same shapes, default options.

Each returns plain dicts of numbers (seconds, rates), ready for results.json.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from .measure import rss_now, summary, timed


@cache
def body_names(limit: int = 100) -> tuple[str, ...]:
    """Up to ``limit`` body names and aliases from the gazetteer (the regex floor's alternation)."""
    import yaml

    from policy_graph import resources

    data = yaml.safe_load((resources.reference_dir() / "bodies.yaml").read_text(encoding="utf-8"))
    names: list[str] = []
    for entry in data.get("bodies", []):
        names.append(str(entry["label"]))
        names.extend(str(a) for a in entry.get("aliases", []) or [])
    uniq = sorted({n for n in names if n}, key=lambda s: (-len(s), s))
    return tuple(uniq[:limit])


def regex_floor(texts: Sequence[str], *, repeats: int = 3) -> dict[str, Any]:
    """One pass of a compiled alternation of body names over every text."""
    pattern = re.compile("|".join(re.escape(n) for n in body_names()))
    chars = sum(len(t) for t in texts)

    def one() -> int:
        return sum(1 for t in texts for _ in pattern.finditer(t))

    times, hits = timed(one, repeats, cpu=True)
    s = summary(times)
    return {"chars": chars, "seconds": s, "chars_per_s": chars / s["median"] if s["median"] else None,
            "hits": hits, "names": len(body_names())}


def jieba_segment(texts: Sequence[str], *, repeats: int = 3) -> dict[str, Any]:
    """jieba.lcut over every text; initialisation (dictionary load) timed separately."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    t = time.process_time()
    jieba.initialize()
    init = time.process_time() - t
    chars = sum(len(x) for x in texts)
    times, words = timed(lambda: sum(len(jieba.lcut(x)) for x in texts), repeats, cpu=True)
    s = summary(times)
    return {"chars": chars, "init_seconds": init, "seconds": s,
            "chars_per_s": chars / s["median"] if s["median"] else None, "words": words}


def rdflib_load(path: Path, *, repeats: int = 1) -> dict[str, Any]:
    """Parse an N-Quads / N-Triples file into an rdflib Dataset (union default graph)."""
    from rdflib import Dataset

    fmt = "nquads" if path.suffix == ".nq" else "nt"
    before = rss_now()
    graph: Any = None

    def one() -> Any:
        nonlocal graph
        graph = None
        g = Dataset(default_union=True)
        g.parse(str(path), format=fmt)
        graph = g
        return len(g)

    times, n = timed(one, repeats)
    s = summary(times)
    return {"triples": n, "seconds": s, "triples_per_s": n / s["median"] if s["median"] else None,
            "rss_delta_mib": (rss_now() - before) / 2**20, "_graph": graph}


def oxigraph_load(path: Path, store_dir: Path | None = None, *, repeats: int = 1) -> dict[str, Any]:
    """``Store.load`` (and ``bulk_load`` into an on-disk store) of the same file."""
    import shutil

    import pyoxigraph as ox

    fmt = ox.RdfFormat.N_QUADS if path.suffix == ".nq" else ox.RdfFormat.N_TRIPLES
    data = path.read_bytes()
    out: dict[str, Any] = {}

    def mem() -> int:
        s = ox.Store()
        s.load(data, format=fmt)
        return len(s)

    times, n = timed(mem, repeats)
    s = summary(times)
    out["memory_load"] = {"quads": n, "seconds": s, "quads_per_s": n / s["median"] if s["median"] else None}
    if store_dir is not None:
        def disk() -> int:
            shutil.rmtree(store_dir, ignore_errors=True)
            st = ox.Store(str(store_dir))
            st.bulk_load(path=str(path), format=fmt)
            st.flush()
            return len(st)

        times, n = timed(disk, repeats)
        s = summary(times)
        out["disk_bulk_load"] = {"quads": n, "seconds": s, "quads_per_s": n / s["median"] if s["median"] else None}
    return out


def raw_oxigraph_query(store: Any, sparql: str, bindings: dict[str, str], *, repeats: int) -> dict[str, Any]:
    """The same query and bound values on the raw pyoxigraph store; solutions iterated only."""
    # the same query text the store wrapper sends (bound values written into the query, since
    # pyoxigraph's ``substitutions`` only take projected variables)
    from policy_graph.store.substitute import substitute

    text = substitute(sparql, bindings)

    def one() -> int:
        res = store.query(text, use_default_graph_as_union=True)
        return sum(1 for _ in res)

    if repeats > 3:
        one()  # warm-up (the caller already warmed the store up when repeats are few)
    times, rows = timed(one, repeats)
    return {"seconds": summary(times), "rows": rows}


def raw_rdflib_query(graph: Any, sparql: str, bindings: dict[str, str], *, repeats: int) -> dict[str, Any]:
    from rdflib import Literal, URIRef, Variable

    init = {Variable(k): (URIRef(v) if v.startswith(("http://", "https://")) else Literal(v)) for k, v in bindings.items()}

    def one() -> int:
        return sum(1 for _ in graph.query(sparql, initBindings=init))

    times, rows = timed(one, repeats)
    return {"seconds": summary(times), "rows": rows}


def pyshacl_raw(graph: Any, shapes: Any) -> dict[str, Any]:
    """pyshacl.validate with default options (no policy-graph wrapper)."""
    import pyshacl

    t = time.perf_counter()
    conforms, _, _ = pyshacl.validate(graph, shacl_graph=shapes)
    return {"seconds": time.perf_counter() - t, "conforms": bool(conforms), "triples": len(graph)}
