"""Stage 5, reason: targeted materialisation, and an optional OWL consistency check.

- :func:`reason` applies the rules of :mod:`.rules` (read from the ontology's axioms) to a *copy*
  of the data and returns the inferred triples in their own graph, named
  ``{base}graph/inferred`` and described as a ``pg:InferredGraph``: the caller's graph is never
  changed, and asserted and inferred triples stay apart (write them to separate files or named
  graphs with :meth:`Inference.dataset`).
- :func:`check_consistency` loads ontology + data into owlready2 and runs HermiT (needs Java).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from ..namespaces import DEFAULT_BASE, PG, bind_prefixes
from .consistency import ConsistencyReport, check_consistency
from .rules import RULES

__all__ = ["RULESET", "ConsistencyReport", "Inference", "check_consistency", "reason"]

#: Versioned name of the rule set, recorded on the inferred graph (STYLE habit 4).
RULESET = "pg.reason.rules.v1"


@dataclass(frozen=True)
class Inference:
    """Asserted triples (the caller's graph, untouched) and what the rules inferred from them."""

    asserted: Graph
    inferred: Graph
    counts: dict[str, int] = field(default_factory=dict)  # rule name → new triples

    def merged(self) -> Graph:
        """A new graph with both (inferred triples are then indistinguishable: prefer :meth:`dataset`)."""
        out = bind_prefixes(Graph())
        for part in (self.asserted, self.inferred):
            for triple in part:
                out.add(triple)
        return out

    def dataset(self, *, base: str = DEFAULT_BASE) -> Dataset:
        """Asserted and inferred triples in two named graphs (write as TriG / N-Quads)."""
        ds = Dataset()
        bind_prefixes(ds, base=base)
        asserted = ds.graph(URIRef(base + "graph/asserted"))
        for triple in self.asserted:
            asserted.add(triple)
        inferred = ds.graph(URIRef(base + "graph/inferred"))
        for triple in self.inferred:
            inferred.add(triple)
        return ds


def reason(data: Graph, *, ontology: Graph, base: str = DEFAULT_BASE) -> Inference:
    """Materialise the inferences queries rely on; never mutates ``data`` or ``ontology``."""
    view = Graph()
    for triple in data:
        view.add(triple)
    graph_iri = URIRef(base + "graph/inferred")
    inferred = bind_prefixes(Graph(identifier=graph_iri), base=base)
    counts: dict[str, int] = {}
    for name, rule in RULES:
        new = {t for t in rule(view, ontology) if t not in view}
        counts[name] = len(new)
        for triple in sorted(new):
            view.add(triple)
            inferred.add(triple)
    inferred.add((graph_iri, RDF.type, PG.InferredGraph))
    inferred.add((graph_iri, RDFS.label, Literal(f"triples inferred by {RULESET}", lang="en")))
    inferred.add((graph_iri, PROV.wasGeneratedBy, URIRef(f"{base}id/rule/{RULESET}")))
    return Inference(asserted=data, inferred=inferred, counts=counts)
