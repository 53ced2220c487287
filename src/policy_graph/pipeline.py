"""The one place that knows the order of the stages.

ingest → segment → extract → rdf → reason → validate → query → visualise, then the outputs are
written atomically. Each stage is timed; the CLI shows progress through ``on_stage``.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph

from . import atomic, resources
from .model import Extraction, IngestResult, Problem, SegmentedWork, Work
from .namespaces import bind_prefixes

StageCallback = Callable[[str, float, str], None]

STAGES = ("ingest", "segment", "extract", "rdf", "reason", "validate", "query", "viz", "write")


@dataclass(frozen=True)
class BuildConfig:
    sources: tuple[Path, ...] = ()  # empty: the bundled corpus
    out: Path = Path("out")
    base: str = "https://w3id.org/policy-graph/"
    jobs: int = 1
    reason: bool = True
    consistency: bool = False  # owlready2 + HermiT (needs Java); off by default for speed
    validate: bool = True
    viz: bool = True
    store: bool = True  # write out/store (Oxigraph) so query commands start fast
    # incremental builds (issue 6, see incremental.py): a persistent Oxigraph store and/or a remote
    # SPARQL 1.1 store kept in sync, one named graph per work; unchanged works are not re-extracted
    store_dir: Path | None = None
    endpoint: str | None = None


@dataclass
class BuildResult:
    config: BuildConfig
    ingest: IngestResult
    docs: list[SegmentedWork]
    extractions: list[Extraction]
    asserted: frozenset[tuple[Any, Any, Any]]  # the instance triples built by the rdf stage
    inferred: Graph
    graph: Graph  # ontology + instance data + inferred: what is written and queried
    report: Any = None  # validate.ValidationReport
    gaps: list[str] = field(default_factory=list)
    consistency: Any = None
    seconds: dict[str, float] = field(default_factory=dict)
    outputs: dict[str, Path] = field(default_factory=dict)
    sync: Any = None  # incremental.SyncReport when --store / --endpoint was given

    @property
    def data(self) -> Graph:
        """The instance data alone (a copy; the build itself works on ``graph``)."""
        copy = Graph()
        bind_prefixes(copy)
        for triple in self.asserted:
            copy.add(triple)
        return copy

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self.ingest.problems

    def counts(self) -> dict[str, int]:
        obligations = [o for e in self.extractions for o in e.obligations]
        return {
            "sources": len(self.ingest.sources),
            "works": len(self.ingest.works),
            "witnesses": sum(len(w.witnesses) for w in self.ingest.works),
            "variants": sum(len(w.variants) for w in self.ingest.works),
            "sections": sum(len(d.sections) for d in self.docs),
            "sentences": sum(len(d.sentences) for d in self.docs),
            "bodies": len({o.body.key for o in obligations}),
            "obligations": len(obligations),
            "targets": sum(len(e.targets) for e in self.extractions),
            "measures": sum(len(e.measures) for e in self.extractions),
            "processes": sum(len(e.processes) for e in self.extractions),
            "citations": sum(len(e.citations) for e in self.extractions),
            "triples": len(self.graph),
            "inferred": len(self.inferred),
            "problems": len(self.ingest.problems),
        }

    def rule_counts(self) -> dict[str, int]:
        counter: Counter[str] = Counter()
        for e in self.extractions:
            for fact in (*e.obligations, *e.targets):
                counter[fact.evidence.rule] += 1
            for p in e.processes:
                counter[p.evidence.rule] += 1
            for c in e.citations:
                counter[c.evidence.rule] += 1
        return dict(sorted(counter.items()))


def _segment_and_extract(work: Work) -> tuple[SegmentedWork, Extraction]:
    from .extract import extract
    from .segment import segment

    doc = segment(work)
    return doc, extract(doc)


def analyse(works: Sequence[Work], *, jobs: int = 1) -> list[tuple[SegmentedWork, Extraction]]:
    """Segment and extract each work; per-work and independent, so it runs in parallel."""
    if jobs <= 1 or len(works) < 2:
        return [_segment_and_extract(w) for w in works]
    with ProcessPoolExecutor(max_workers=jobs, initializer=_die_with_parent, initargs=(os.getpid(),)) as pool:
        return list(pool.map(_segment_and_extract, works, chunksize=max(1, len(works) // (4 * jobs))))


def _die_with_parent(parent: int) -> None:
    """Pool worker initializer: on Linux the worker is killed when the build process dies, even by
    SIGKILL (prctl PR_SET_PDEATHSIG), so a killed build leaves no orphan workers behind."""
    import ctypes
    import signal

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


class _Timer:
    def __init__(self, on_stage: StageCallback | None) -> None:
        self.on_stage = on_stage
        self.seconds: dict[str, float] = {}
        self._t = time.perf_counter()

    def done(self, stage: str, summary: str = "") -> None:
        now = time.perf_counter()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + (now - self._t)
        self._t = now
        if self.on_stage:
            self.on_stage(stage, self.seconds[stage], summary)
        _test_pause(stage)


def _test_pause(point: str) -> None:
    """Test hook (tests/reliability/test_kill.py): with POLICY_GRAPH_TEST_PAUSE_AT=<point> the build
    says so on stderr and sleeps here, so a test can SIGKILL it at a known point."""
    if os.environ.get("POLICY_GRAPH_TEST_PAUSE_AT") == point:
        print(f"paused at {point}", file=sys.stderr, flush=True)
        time.sleep(3600)


def build(config: BuildConfig, *, on_stage: StageCallback | None = None) -> BuildResult:
    """Run every stage on ``config.sources`` and write the outputs to ``config.out``."""
    from .runtime import paused_gc

    with paused_gc():  # rdflib/pySHACL churn millions of acyclic objects: see policy_graph.runtime
        return _build(config, on_stage)


def _build(config: BuildConfig, on_stage: StageCallback | None) -> BuildResult:
    from .ingest import load
    from .rdf import to_graph
    from .rdf.ontology import load_ontology

    _check_out(config.out)
    timer = _Timer(on_stage)
    sources = config.sources or (resources.corpus_dir(),)
    ingested = load(list(sources))
    timer.done("ingest", f"{len(ingested.sources)} files, {len(ingested.works)} works, {len(ingested.problems)} problems")

    incremental = None
    if config.store_dir is not None or config.endpoint:
        # -- incremental hook (issue 6): segment + extract only works whose text/sources changed
        from .incremental import analyse_cached, cache_dir

        incremental = analyse_cached(ingested, cache_dir(config), analyse=lambda ws: analyse(ws, jobs=config.jobs))
        docs, extractions = incremental.docs, incremental.extractions
        timer.done("segment", f"{len(incremental.reextracted)} work(s) re-extracted, {len(incremental.reused)} reused")
    elif config.jobs <= 1:
        from .extract import extract
        from .segment import segment

        docs = [segment(w) for w in ingested.works]
        timer.done("segment", f"{sum(len(d.sections) for d in docs)} sections")
        extractions = [extract(d) for d in docs]
    else:
        pairs = analyse(ingested.works, jobs=config.jobs)
        docs = [d for d, _ in pairs]
        extractions = [e for _, e in pairs]
    timer.done("extract", f"{sum(len(e.obligations) for e in extractions)} obligations")

    ontology = load_ontology()  # blank nodes labelled by content: deterministic output
    data = to_graph(docs, extractions, base=config.base)
    timer.done("rdf", f"{len(data)} triples")

    # The merged graph is the rdf stage's own graph grown in place (the rules add to it, then the
    # ontology goes in): copying ~30k triples into a fresh rdflib Graph cost more than reasoning.
    asserted = frozenset(data)
    inferred = Graph()
    if config.reason:
        from .reason import reason

        inferred = reason(data, ontology=ontology, in_place=True).inferred
    graph = data
    for part in (ontology, inferred):  # inferred: its rdf:Statement marks and graph description
        for triple in part:
            graph.add(triple)
    result = BuildResult(config, ingested, docs, extractions, asserted, inferred, graph)
    result.seconds = timer.seconds
    if config.consistency:
        from .reason import check_consistency

        result.consistency = check_consistency(graph, ontology=ontology)
    timer.done("reason", f"{len(inferred)} inferred triples")

    if config.validate:
        from .validate import gap_report, validate

        result.report = validate(graph)  # graph already holds the ontology: pySHACL need not copy it
        result.gaps = gap_report(result.report, graph)
        timer.done("validate", f"{len(result.report.results)} results")

    write_outputs(result, timer)
    if incremental is not None:
        # -- incremental hook (issue 6): bring the store(s) to this build, graph by graph
        from .incremental import sync_build

        result.sync = sync_build(result, incremental, ontology)
        timer.done("sync", result.sync.summary())
    return result


def _check_out(out: Path) -> None:
    """Fail before any work when ``out`` cannot be an output folder (a file, an impossible path)."""
    from .errors import PolicyGraphError

    if out.exists() and not out.is_dir():
        raise PolicyGraphError("output path exists and is not a folder (choose another --out)", path=str(out))
    try:
        out.resolve().parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PolicyGraphError(f"cannot create the output folder: {exc.strerror or exc}", path=str(out)) from None


def _query_csv(store: Any, name: str) -> str:
    from .query import render, resolve, run

    return render(run(resolve(name), store), "csv")


#: Top-level names a build writes: dropped from an old out/ when the new build does not write them.
_OWNED = frozenset({"store", "graph.ttl", "graph.jsonld", "graph.nt", "shacl-report.ttl", "report.md", "build.json",
                    "responsibilities.csv", "targets.csv"})


def write_outputs(result: BuildResult, timer: _Timer) -> None:
    """Everything is written into a staging folder beside ``out/``, which then takes the place of
    ``out/`` in one atomic step (:func:`atomic.publish_dir`): a build killed at any point leaves
    the previous out/ (files and store) whole, or the new one whole.

    Queries and serialisations run on an in-memory Oxigraph copy of the graph: an order of
    magnitude faster than rdflib's SPARQL engine and Turtle/JSON-LD writers at this size.
    """
    staged = atomic.staging_dir(result.config.out.resolve())  # beside the real folder, if out is a symlink
    try:
        _write_outputs(result, timer, staged)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise


def _write_outputs(result: BuildResult, timer: _Timer, staged: Path) -> None:
    from .namespaces import PREFIXES
    from .store.oxigraph import from_rdflib, serialize, sorted_triples

    out = result.config.out
    files: dict[str, bytes] = {}

    fast = from_rdflib(result.graph)
    files["responsibilities.csv"] = _query_csv(fast, "responsibilities").encode()
    files["targets.csv"] = _query_csv(fast, "targets").encode()
    timer.done("query", "responsibilities.csv, targets.csv")

    if result.config.viz:
        from .visualise import render_site

        pages = [p.relative_to(staged).as_posix() for p in render_site(result.graph, staged)]
        result.outputs.update((name, out / name) for name in pages)
        timer.done("viz", f"{len(pages)} pages")

    prefixes = dict(PREFIXES)  # no "id:" prefix: Oxigraph would write id:body\/x with escaped slashes
    ordered = sorted_triples(fast)
    files["graph.nt"] = serialize(ordered, "nt")
    files["graph.ttl"] = serialize(ordered, "turtle", prefixes=prefixes)
    files["graph.jsonld"] = serialize(ordered, "json-ld")
    files["graph.trig"] = _trig(result, fast, prefixes)
    if result.report is not None:
        from .rdf.ontology import stable_blank_nodes

        files["shacl-report.ttl"] = stable_blank_nodes(result.report.graph).serialize(format="turtle").encode()
    files["report.md"] = render_report(result).encode()
    files["build.json"] = json.dumps(
        {"counts": result.counts(), "rules": result.rule_counts(), "problems": [p.line() for p in result.problems]},
        ensure_ascii=False,
        indent=1,
        sort_keys=True,
    ).encode()

    for name in sorted(files):
        atomic.write_new(staged / name, files[name])
        result.outputs[name] = out / name
    if result.config.store:
        from .store import OxigraphStore

        ox_store = OxigraphStore.open(staged / "store")
        ox_store.store.extend(fast.store)  # the in-memory copy's quads: no re-parsing
        ox_store.flush()
        del ox_store
        from .store.lookup import index_store

        problem = index_store(staged / "store")
        if problem is not None:  # build.json is written: say it where the build's progress goes
            print(problem.line(), file=sys.stderr)
        result.outputs["store"] = out / "store"
    _test_pause("publish")
    owned = _OWNED | {name.split("/")[0] for name in result.outputs}
    atomic.publish_dir(staged, out.resolve(), owned=owned, marker="build.json")
    timer.done("write", f"{len(result.outputs)} files in {out}")


def _trig(result: BuildResult, fast: Any, prefixes: dict[str, str]) -> bytes:
    """The same graph with inferred triples in their own named graph, so they stay marked."""
    import pyoxigraph as ox

    from .store.oxigraph import term_converter

    convert = term_converter()
    inferred_graph = ox.NamedNode(f"{result.config.base}graph/inferred")
    inferred = {ox.Triple(convert(s), convert(p), convert(o)) for s, p, o in result.inferred}
    default = ox.DefaultGraph()
    quads = [
        ox.Quad(q.subject, q.predicate, q.object, inferred_graph if q.triple in inferred else default)
        for q in fast.store.quads_for_pattern(None, None, None, default)
    ]
    quads.sort(key=str)
    return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes)


def render_report(result: BuildResult) -> str:
    """The human-readable build report: counts, works, problems, rules, SHACL gaps."""
    c = result.counts()
    lines = ["# policy-graph build report", ""]
    lines += ["## Summary", ""]
    lines += [f"- {k}: {v}" for k, v in c.items()]
    lines += ["", "## Works and witnesses", ""]
    for w in result.ingest.works:
        flags = sum(len(x.flags) for x in w.witnesses)
        lines.append(
            f"- **{w.title}** ({w.date or 'undated'}, {w.kind}, id `{w.id}`): "
            f"{len(w.witnesses)} witness(es), {len(w.variants)} variant(s), {flags} flag(s)"
        )
        for x in w.witnesses:
            for f in x.flags:
                lines.append(f"  - witness `{x.id}` ({x.source}): {f.kind}: {f.reason}")
    if result.problems:
        lines += ["", "## Input problems", ""]
        lines += [f"- {p.line()}" for p in result.problems]
    lines += ["", "## Facts per rule", ""]
    lines += [f"- `{rule}`: {n}" for rule, n in result.rule_counts().items()]
    if result.report is not None:
        lines += ["", "## Validation (SHACL)", ""]
        lines.append(f"- conforms: {result.report.conforms}; results: {len(result.report.results)}")
        sev = Counter(getattr(r, "severity", "?") for r in result.report.results)
        lines += [f"- {k}: {v}" for k, v in sorted(sev.items())]
        if result.gaps:
            lines += ["", "### Policy gaps", ""]
            lines += [f"- {g}" for g in result.gaps]
    if result.consistency is not None:
        lines += ["", "## Consistency (OWL, HermiT)", "", f"- {result.consistency}"]
    from .visualise import analyse, report_lines

    lines += ["", "## Responsibility analysis (networkx)", ""] + report_lines(analyse(result.graph))
    lines += ["", "## Seconds per stage", ""]
    lines += [f"- {k}: {v:.2f}" for k, v in result.seconds.items()]
    return "\n".join(lines) + "\n"
