"""A plain, ordered set of rdflib triples with the few ``Graph`` methods the rdf and reason stages call.

Why not an rdflib ``Graph``: the streaming build fills, reasons over and serialises one graph per
part (~100k triples each, tens of millions in all), and ``Graph.add`` (three type checks, then
three nested-dict indexes in the store) was most of the rdf stage's time. Here ``add`` is one
dict insert; the lookups the reasoning rules need (by predicate; by subject, for the few
predicates they follow) are built on first use and kept up to date after that.

Order: triples and lookups keep insertion order, as rdflib's memory stores do, so
:meth:`value` answers the same as ``Graph.value`` on a graph filled in the same order.
Anything that needs a real graph (SPARQL, pySHACL, serialisers) gets one from :meth:`to_graph`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from rdflib import Graph
from rdflib.term import Node

Triple = tuple[Node, Node, Node]


class TripleSet:
    """Triples in insertion order, no duplicates; ``add``/``in``/iteration/``len`` plus the
    lookups ``subject_objects``, ``objects``, ``subjects`` and ``value`` with rdflib's signatures."""

    __slots__ = ("_by_p", "_by_ps", "_triples")

    def __init__(self, triples: Iterable[Triple] = ()) -> None:
        self._triples: dict[Triple, None] = dict.fromkeys(triples)
        self._by_p: dict[Node, list[tuple[Node, Node]]] | None = None  # built on first use
        self._by_ps: dict[Node, dict[Node, list[Node]]] = {}  # predicate → subject → objects, per predicate asked

    # -- filling --------------------------------------------------------------------------

    def add(self, triple: Triple) -> TripleSet:
        if triple not in self._triples:
            self._triples[triple] = None
            s, p, o = triple
            if self._by_p is not None:
                self._by_p.setdefault(p, []).append((s, o))
            by_s = self._by_ps.get(p)
            if by_s is not None:
                by_s.setdefault(s, []).append(o)
        return self

    def bind(self, *args: Any, **kwargs: Any) -> None:
        """Prefixes only matter to serialisers; :meth:`to_graph` callers bind their own."""

    # -- reading --------------------------------------------------------------------------

    def __contains__(self, triple: object) -> bool:
        return triple in self._triples

    def __iter__(self) -> Iterator[Triple]:
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)

    def subject_objects(self, predicate: Node) -> list[tuple[Node, Node]]:
        return list(self._predicate_lookup().get(predicate, ()))

    def subjects(self, predicate: Node, obj: Node) -> list[Node]:
        return [s for s, o in self._predicate_lookup().get(predicate, ()) if o == obj]

    def objects(self, subject: Node, predicate: Node) -> list[Node]:
        return list(self._subject_lookup(predicate).get(subject, ()))

    def value(self, subject: Node, predicate: Node) -> Node | None:
        found = self._subject_lookup(predicate).get(subject)
        return found[0] if found else None

    def to_graph(self, graph: Graph | None = None) -> Graph:
        """These triples in an rdflib graph (a new context-aware one unless ``graph`` is given)."""
        out = Graph() if graph is None else graph
        for triple in self._triples:
            out.add(triple)
        return out

    # -- lookups --------------------------------------------------------------------------

    def _predicate_lookup(self) -> dict[Node, list[tuple[Node, Node]]]:
        if self._by_p is None:
            by_p: dict[Node, list[tuple[Node, Node]]] = {}
            for s, p, o in self._triples:
                by_p.setdefault(p, []).append((s, o))
            self._by_p = by_p
        return self._by_p

    def _subject_lookup(self, predicate: Node) -> dict[Node, list[Node]]:
        by_s = self._by_ps.get(predicate)
        if by_s is None:
            by_s = self._by_ps[predicate] = {}
            for s, o in self._predicate_lookup().get(predicate, ()):
                by_s.setdefault(s, []).append(o)
        return by_s


#: What the rdf stage's builders write into: an rdflib graph, or a :class:`TripleSet`.
TripleSink = Graph | TripleSet
