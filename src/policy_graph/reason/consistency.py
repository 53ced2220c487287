"""OWL 2 DL consistency check: ontology + data in an isolated owlready2 World, reasoned by HermiT.

HermiT is used, not owlready2's bundled Pellet, because that Pellet build fails on Java 17
(UnsupportedClassVersionError). The graph is written to a temporary N-Triples file and loaded
into a fresh ``owlready2.World`` (nothing leaks into owlready2's default world between calls);
owlready2 writes it back out as the reasoner's input, as its own ``sync_reasoner_hermit`` does.

Two depths:

- ``classify=False`` (default): HermiT's consistency test only (``-k``), the right tool for a whole
  build: about 5 s on the corpus, where owlready2's ``sync_reasoner_hermit`` (classification plus
  realisation of every individual, ``-c -O -D -I``) takes minutes.
- ``classify=True``: owlready2's ``sync_reasoner_hermit``; also reports unsatisfiable classes.
  Use it on the ontology and small graphs.

Long text literals (section texts, quotes) play no part in the axioms and are dropped from the
copy; unsupported datatypes (xsd:date, xsd:gYear) are ignored by HermiT.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass

from rdflib import Graph, Literal

from ..errors import ReasoningError
from ..namespaces import OA, PG

#: Properties whose (long, axiom-free) values are left out of the reasoner's copy.
_SKIPPED = {PG.text, PG.quote, PG.task, OA.exact, PG.chosenText, PG.readingText}
_INPUT_IRI = "https://w3id.org/policy-graph/reasoner-input"


@dataclass(frozen=True)
class ConsistencyReport:
    """Outcome of one HermiT run."""

    consistent: bool
    reasoner: str
    seconds: float
    triples: int
    unsatisfiable_classes: tuple[str, ...] = ()
    message: str = ""

    def summary(self) -> str:
        state = "consistent" if self.consistent else "INCONSISTENT"
        extra = f"; unsatisfiable classes: {', '.join(self.unsatisfiable_classes)}" if self.unsatisfiable_classes else ""
        return f"{state} ({self.reasoner}, {self.triples} triples, {self.seconds:.1f} s){extra}"

    def __str__(self) -> str:
        return self.summary()


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


def check_consistency(
    graph: Graph, *, ontology: Graph | None = None, classify: bool = False, memory_mb: int = 1500
) -> ConsistencyReport:
    """Is ``ontology`` + ``graph`` consistent under OWL 2 DL (HermiT)? Never mutates either graph.

    Raises :class:`ReasoningError` when Java is missing or HermiT fails for another reason than
    an inconsistency (which gives a report with ``consistent=False``).
    """
    import owlready2

    java = _java()
    copy = _reasoner_copy(graph, ontology)
    started = time.perf_counter()
    tmpdir = tempfile.mkdtemp(prefix="pg-owl-")
    try:
        source = os.path.join(tmpdir, "graph.nt")
        copy.serialize(source, format="nt", encoding="utf-8")
        world = owlready2.World()
        try:
            with open(source, "rb") as fileobj:
                world.get_ontology(_INPUT_IRI).load(fileobj=fileobj, format="ntriples")
            if classify:
                return _classify(world, java, memory_mb, started, len(copy))
            saved = os.path.join(tmpdir, "reasoner-input.nt")
            with open(saved, "wb") as fileobj:
                world.save(fileobj, format="ntriples")
        finally:
            world.close()
        return _consistency_only(saved, java, memory_mb, started, len(copy))
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)


def _consistency_only(path: str, java: str, memory_mb: int, started: float, triples: int) -> ConsistencyReport:
    from owlready2 import reasoning

    command = [
        java, f"-Xmx{memory_mb}M", "-cp", reasoning._HERMIT_CLASSPATH,
        "org.semanticweb.HermiT.cli.CommandLine", "-k", "--ignoreUnsupportedDatatypes", "file://" + path,
    ]
    proc = subprocess.run(command, capture_output=True, text=True, errors="replace", check=False)
    seconds = time.perf_counter() - started
    output = proc.stdout + proc.stderr
    if proc.returncode == 0 and "is satisfiable" in proc.stdout:
        return ConsistencyReport(True, "HermiT", seconds, triples, message="consistent")
    if "Inconsistent ontology" in output or "is not satisfiable" in proc.stdout:
        return ConsistencyReport(False, "HermiT", seconds, triples,
                                 message="HermiT: the ontology plus data is inconsistent")
    raise ReasoningError(f"HermiT failed (exit {proc.returncode}): {output.strip()[-500:]}")


def _classify(world, java: str, memory_mb: int, started: float, triples: int) -> ConsistencyReport:
    import owlready2
    from owlready2 import reasoning

    old_java, old_memory = owlready2.JAVA_EXE, reasoning.JAVA_MEMORY
    owlready2.JAVA_EXE, reasoning.JAVA_MEMORY = java, memory_mb
    try:
        reasoning.sync_reasoner_hermit(world, infer_property_values=False, debug=0,
                                       ignore_unsupported_datatypes=True)
    except owlready2.OwlReadyInconsistentOntologyError:
        return ConsistencyReport(False, "HermiT", time.perf_counter() - started, triples,
                                 message="HermiT: the ontology plus data is inconsistent")
    except owlready2.OwlReadyJavaError as exc:
        raise ReasoningError(f"HermiT failed: {str(exc).strip()[:500]}") from exc
    finally:
        owlready2.JAVA_EXE, reasoning.JAVA_MEMORY = old_java, old_memory
    unsat = tuple(sorted(c.iri for c in world.inconsistent_classes()))
    return ConsistencyReport(not unsat, "HermiT", time.perf_counter() - started, triples,
                             unsatisfiable_classes=unsat,
                             message="unsatisfiable classes found" if unsat else "consistent")
