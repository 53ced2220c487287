"""OWL 2 DL consistency check: ontology + data in an isolated owlready2 World, reasoned by HermiT.

HermiT is used, not owlready2's bundled Pellet, because that Pellet build fails on Java 17
(UnsupportedClassVersionError). The graph is written to a temporary N-Triples file and loaded
into a fresh ``owlready2.World`` so nothing leaks into owlready2's default world between calls.
Long text literals (section texts, quotes) play no part in the axioms and are dropped from the
copy to keep the reasoner fast; unsupported datatypes (xsd:date, xsd:gYear) are ignored by HermiT.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field

from rdflib import Graph, Literal

from ..errors import ReasoningError
from ..namespaces import OA, PG

#: Properties whose (long, axiom-free) values are left out of the reasoner's copy.
_SKIPPED = {PG.text, PG.quote, PG.task, OA.exact, PG.chosenText, PG.readingText}


@dataclass(frozen=True)
class ConsistencyReport:
    """Outcome of one HermiT run."""

    consistent: bool
    reasoner: str
    seconds: float
    triples: int
    unsatisfiable_classes: tuple[str, ...] = ()
    message: str = ""
    details: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        state = "consistent" if self.consistent else "INCONSISTENT"
        extra = f"; unsatisfiable classes: {', '.join(self.unsatisfiable_classes)}" if self.unsatisfiable_classes else ""
        return f"{state} ({self.reasoner}, {self.triples} triples, {self.seconds:.1f} s){extra}"


def _java() -> str:
    import owlready2

    exe = shutil.which(owlready2.JAVA_EXE) or shutil.which("java")
    if exe is None:
        raise ReasoningError(
            "Java is needed for the HermiT consistency check but was not found on PATH "
            "(install a headless JRE 11+, e.g. `apt-get install default-jre-headless`)"
        )
    return exe


def _reasoner_copy(graph: Graph, ontology: Graph | None) -> Graph:
    copy = Graph()
    for part in (ontology, graph):
        if part is None:
            continue
        for s, p, o in part:
            if p in _SKIPPED and isinstance(o, Literal):
                continue
            copy.add((s, p, o))
    return copy


def check_consistency(graph: Graph, *, ontology: Graph | None = None, memory_mb: int = 1500) -> ConsistencyReport:
    """Is ``ontology`` + ``graph`` consistent under OWL 2 DL (HermiT)? Never mutates either graph.

    Raises :class:`ReasoningError` when Java is missing or HermiT fails for another reason than
    an inconsistency (the report then says ``consistent=False``).
    """
    import owlready2
    from owlready2 import reasoning

    java = _java()
    copy = _reasoner_copy(graph, ontology)
    started = time.perf_counter()
    tmpdir = tempfile.mkdtemp(prefix="pg-owl-")
    path = os.path.join(tmpdir, "graph.nt")
    try:
        copy.serialize(path, format="nt", encoding="utf-8")
        world = owlready2.World()
        onto = world.get_ontology("https://w3id.org/policy-graph/reasoner-input")
        with open(path, "rb") as fileobj:
            onto.load(fileobj=fileobj, format="ntriples")
        old_java, old_memory = owlready2.JAVA_EXE, reasoning.JAVA_MEMORY
        owlready2.JAVA_EXE, reasoning.JAVA_MEMORY = java, memory_mb
        try:
            reasoning.sync_reasoner_hermit(world, infer_property_values=False, debug=0,
                                           ignore_unsupported_datatypes=True)
        except owlready2.OwlReadyInconsistentOntologyError:
            return ConsistencyReport(False, "HermiT", time.perf_counter() - started, len(copy),
                                     message="HermiT: the ontology plus data is inconsistent")
        except owlready2.OwlReadyJavaError as exc:
            raise ReasoningError(f"HermiT failed: {str(exc).strip()[:500]}") from exc
        finally:
            owlready2.JAVA_EXE, reasoning.JAVA_MEMORY = old_java, old_memory
        unsat = tuple(sorted(c.iri for c in world.inconsistent_classes()))
        world.close()
        return ConsistencyReport(not unsat, "HermiT", time.perf_counter() - started, len(copy),
                                 unsatisfiable_classes=unsat,
                                 message="unsatisfiable classes found" if unsat else "consistent")
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
