"""The large-corpus build: stream parts of the corpus through the stages into an on-disk store.

Why a second build path: :func:`policy_graph.pipeline.build` holds one rdflib Graph of everything
(ontology + data + inferences), which is right for the sample corpus and impossible a thousand
times larger (tens of millions of triples: rdflib needs ~1.2 GB per million). Here nothing holds
the whole corpus:

1. **plan** — each input file is decoded and split alone (in the worker pool) only to learn the
   titles of the documents in it; files that share a title are witnesses of one work and must be
   reconciled together, so they form one *part* (a connected component). Small parts are packed
   into tasks of a few files.
2. **analyse** — per task, in a process pool (``jobs``): ``ingest.load`` → ``segment`` →
   ``extract`` → ``rdf.to_graph`` → ``reason.reason`` → (sampled) ``validate.validate``, then the
   graph is written as N-Quads: triples about the part's own works, witnesses, obligations,
   targets, measures and processes go into one named graph per part (the work IRI when the part
   holds one work), shared nodes (bodies, deadlines, rules, cited documents) into the default
   graph — a set, so a body described by a thousand documents is stored once — and inferred
   triples into ``{base}graph/inferred``. Workers send back bytes and counts, never model objects.
3. **load** — the main process drops shared quads it has already loaded (an 8-byte digest per
   distinct shared line) and appends the rest to ``graph.nq`` as each task arrives, in input
   order, with a bounded number of tasks in flight, so memory does not grow with the corpus and
   the dump is deterministic; a background thread bulk-loads the file into the Oxigraph store
   while it grows, in one load that reads up to what has been written and waits for more
   (:class:`policy_graph.store.tail.FollowLoader`).
4. **write** — the ontology, put in the store first, is appended to ``graph.nq``; the store is
   compacted once (``optimize``: a lookup no longer visits every bulk-loaded file); the named
   queries' CSVs are run on the store; the store folder and every file are swapped into
   ``out/`` atomically.

What differs from the in-memory build, on purpose: cross-file citations resolve only inside a
task; reasoning uses the same rules per part (all of them are local to a work and the bodies it
names); SHACL validation runs per part, on every part for small inputs and on an even sample of
``validate_sample`` parts beyond that (the report says how many); Turtle/JSON-LD and the HTML
views are not written (use the store: ``policy-graph who … --graph out``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import time
import traceback
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import atomic, resources
from .model import Problem
from .store.tail import FollowLoader, TailLoader

StageCallback = Callable[[str, float, str], None]

#: Versioned name of this build path, recorded in build.json.
STREAMING = "pg.streaming.v1"
SUFFIXES = (".txt", ".md")
#: Inputs at least this large (bytes) are built with the streaming path by ``build --stream auto``.
AUTO_STREAM_BYTES = 16 * 1024 * 1024
_WORKER_STAGES = ("ingest", "segment", "extract", "rdf", "reason", "validate", "serialize")
_OWNED_KINDS = ("work", "obligation", "target", "measure", "process")
_TITLE_NOISE = re.compile(r"[\s\"'“”‘’《》〈〉「」『』（）()【】\[\]，,、。.:：;；!！?？·\-—_]+")


@dataclass(frozen=True)
class StreamOptions:
    """Knobs of the streaming path (the rest comes from :class:`pipeline.BuildConfig`)."""

    task_files: int = 16  # files packed into one worker task (parts are never split)
    validate_sample: int = 32  # validate every part when there are at most this many, else an even sample
    in_flight: int = 0  # tasks submitted but not yet consumed (finished or not); 0 = 4 × jobs + 2
    # the CSV exports (responsibilities, targets) run the named queries over everything; above
    # this many quads they are left to `policy-graph query … --format csv` (see report.md)
    csv_max_quads: int = 2_000_000
    # how graph.nq gets into the store (store.tail): "follow", one background bulk load that
    # reads graph.nq as the workers' results are appended (the store fills while the analysis
    # runs, in Oxigraph's own large batches); "tail", a background bulk load per stretch of
    # >= load_stretch_bytes (less memory, ~1.5x the load's CPU at x1000); "end", one bulk
    # load of the whole file after the workers finish
    load: str = "follow"
    load_stretch_bytes: int = 256 << 20  # "tail": the least a background bulk load takes (not the last)


@dataclass
class StreamResult:
    """What a streaming build did: counts, seconds per stage, outputs, problems."""

    out: Path
    counts_: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    worker_seconds: dict[str, float] = field(default_factory=dict)
    main_cpu: dict[str, float] = field(default_factory=dict)  # CPU s per stage, main process (all threads)
    outputs: dict[str, Path] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    validated_parts: int = 0
    parts: int = 0
    violations: int = 0
    validation_results: int = 0
    conforms: bool | None = None
    rules: dict[str, int] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return dict(self.counts_)


# ----------------------------------------------------------------------------------------------
# input discovery and planning
# ----------------------------------------------------------------------------------------------


def input_files(sources: Sequence[Path]) -> tuple[list[Path], list[Problem]]:
    """Files to read, exactly as the in-memory build lists them (``ingest.expand_sources``)."""
    from .ingest import expand_sources

    return expand_sources(sources)


def input_bytes(sources: Sequence[Path]) -> int:
    files, _ = input_files(sources)
    return sum(f.stat().st_size for f in files if f.exists())


def title_key(title: str) -> str:
    """Spelling-insensitive key of a title (spaces, quotes, brackets, punctuation dropped)."""
    return _TITLE_NOISE.sub("", title)


def _file_titles(path: str) -> tuple[str, tuple[str, ...]]:
    """The title keys of the documents in one file: decode and split only (the witnesses'
    titles are the pieces' titles, and a work's title is one of them), no reconciliation."""
    from .ingest.decode import read_source
    from .ingest.split import split_source

    got = read_source(Path(path), name=Path(path).name)
    if isinstance(got, Problem):
        return path, ()  # reported again, with the rest of its part, when the part is analysed
    try:
        pieces = split_source(got[0].text, got[0].name)
    except Exception:  # noqa: BLE001 - the analysis of its part reports it as ingest does
        return path, ()
    return path, tuple(sorted({k for k in (title_key(p.title) for p in pieces) if k}))


def plan_parts(files: Sequence[Path], titles: dict[str, tuple[str, ...]]) -> list[list[Path]]:
    """Connected components of files that share a work title, in input order (union-find)."""
    parent = list(range(len(files)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for i, f in enumerate(files):
        for key in titles.get(str(f), ()):
            j = owner.setdefault(key, i)
            a, b = find(i), find(j)
            if a != b:
                parent[max(a, b)] = min(a, b)
    groups: dict[int, list[Path]] = {}
    for i, f in enumerate(files):
        groups.setdefault(find(i), []).append(f)
    return [groups[k] for k in sorted(groups)]


def pack_tasks(parts: Sequence[list[Path]], task_files: int) -> list[list[list[Path]]]:
    """Consecutive parts packed into tasks of about ``task_files`` files (a part is never split)."""
    tasks: list[list[list[Path]]] = []
    current: list[list[Path]] = []
    size = 0
    for part in parts:
        if current and size + len(part) > task_files:
            tasks.append(current)
            current, size = [], 0
        current.append(part)
        size += len(part)
    if current:
        tasks.append(current)
    return tasks


# ----------------------------------------------------------------------------------------------
# the worker: one task = some parts, each analysed and serialised on its own
# ----------------------------------------------------------------------------------------------


@dataclass
class _TaskResult:
    nquads: bytes  # quads only this task can produce (its parts' own subjects): no duplicates
    shared: bytes  # quads about shared subjects (bodies, rules, concepts…): the driver drops repeats
    counts: Counter[str]
    seconds: dict[str, float]
    rules: Counter[str]
    problems: list[Problem]
    validated: int = 0
    conforms: bool = True
    results: int = 0
    violations: int = 0
    parts: int = 0


def _graph_iri(base: str, work_ids: Sequence[str], sources: Sequence[str]) -> str:
    if len(work_ids) == 1:
        return f"{base}id/work/{work_ids[0]}"
    digest = hashlib.sha1("\x1f".join(sorted(sources)).encode("utf-8")).hexdigest()[:12]
    return f"{base}graph/part/{digest}"


def _term_formatter() -> Callable[[Any], str]:
    from rdflib import Literal
    from rdflib.plugins.serializers.nt import _quoteLiteral

    memo: dict[Any, str] = {}

    def n3(term: Any) -> str:
        text = memo.get(term)
        if text is None:
            text = memo[term] = _quoteLiteral(term) if isinstance(term, Literal) else term.n3()
        return text

    return n3


def _owner_test(base: str, works: set[str], witnesses: set[str]) -> Callable[[str], bool]:
    """Is a subject (its N-Triples text) one of the part's own nodes? See :func:`split_triples`."""
    prefix = f"<{base}id/"

    def owned(subject: str) -> bool:
        if subject.startswith("_:"):
            return True
        if not subject.startswith(prefix):
            return False
        path = subject[len(prefix) : subject.find(">", len(prefix))].split("/")
        return len(path) >= 2 and ((path[0] in _OWNED_KINDS and path[1] in works) or (path[0] == "witness" and path[1] in witnesses))

    return owned


def split_triples(triples: Iterable[tuple[Any, Any, Any]], *, base: str, works: set[str],
                  witnesses: set[str]) -> tuple[list[str], list[str]]:
    """rdflib triples → N-Triples lines (no newline), (owned by the part, shared), each list sorted.

    Lines are exactly what rdflib's ``nt`` serializer writes, with each term formatted once: a
    part repeats its predicates, classes and bodies thousands of times, and formatting was most
    of the serialisation time. Owned: subjects ``{base}id/{work,obligation,target,measure,process}/
    <work id>…`` of the part's works, ``{base}id/witness/<witness id>…`` of its witnesses, and
    blank nodes; everything else (bodies, deadlines, rules, cited documents, concepts) is shared
    between parts. Sorted: the order triples come in is no contract, and graph.nq is written
    from these lines (same input, same bytes).
    """
    n3 = _term_formatter()
    is_owned = _owner_test(base, works, witnesses)
    subjects: dict[Any, tuple[str, bool]] = {}  # subject → (its text, owned?)
    predicates: dict[Any, str] = {}
    objects: dict[Any, str] = {}
    owned: list[str] = []
    shared: list[str] = []
    # per-position memos read inline: this loop runs once per triple (tens of millions at x1000)
    for s, p, o in triples:
        subject = subjects.get(s)
        if subject is None:
            text = n3(s)
            subject = subjects[s] = (text, is_owned(text))
        pt = predicates.get(p)
        if pt is None:
            pt = predicates[p] = n3(p)
        ot = objects.get(o)
        if ot is None:
            ot = objects[o] = n3(o)
        (owned if subject[1] else shared).append(f"{subject[0]} {pt} {ot} .")
    owned.sort()
    shared.sort()
    return owned, shared


def _quads(lines: list[str], graph: str) -> str:
    """N-Triples lines as :func:`split_triples` makes them (each ends with `` .``) → N-Quads text."""
    tail = f" <{graph}> .\n"
    return "".join([line[:-2] + tail for line in lines])


def _analyse_task(args: tuple[list[list[str]], str, bool, list[bool]]) -> _TaskResult:
    """Worker entry point (module level so it pickles): paths in, N-Quads bytes and counts out."""
    from .runtime import paused_gc

    with paused_gc():  # rdflib churn: see policy_graph.runtime (a quarter of the worker's time)
        return _analyse_parts(*args)


def _analyse_parts(task: list[list[str]], base: str, do_reason: bool, validate_flags: list[bool]) -> _TaskResult:
    from .extract import extract
    from .ingest import load
    from .rdf import load_ontology, to_triples
    from .segment import segment

    seconds: dict[str, float] = dict.fromkeys(_WORKER_STAGES, 0.0)
    counts: Counter[str] = Counter()
    rules: Counter[str] = Counter()
    problems: list[Problem] = []
    chunks: list[str] = []
    shared_chunks: list[str] = []
    out = _TaskResult(b"", b"", counts, seconds, rules, problems)
    ontology = load_ontology() if (do_reason or any(validate_flags)) else None
    for part_index, part in enumerate(task):
        t = time.process_time()
        ingested = load([Path(p) for p in part])
        problems.extend(ingested.problems)
        counts["sources"] += len(ingested.sources)
        counts["works"] += len(ingested.works)
        counts["witnesses"] += sum(len(w.witnesses) for w in ingested.works)
        counts["variants"] += sum(len(w.variants) for w in ingested.works)
        counts["chars"] += sum(len(s.text) for s in ingested.sources)
        counts["canonical_chars"] += sum(len(w.text) for w in ingested.works)
        t = _lap(seconds, "ingest", t)
        if not ingested.works:
            continue
        docs = [segment(w) for w in ingested.works]
        counts["sections"] += sum(len(d.sections) for d in docs)
        counts["sentences"] += sum(len(d.sentences) for d in docs)
        t = _lap(seconds, "segment", t)
        exts = [extract(d) for d in docs]
        obligations = [o for e in exts for o in e.obligations]
        counts["obligations"] += len(obligations)
        counts["targets"] += sum(len(e.targets) for e in exts)
        counts["measures"] += sum(len(e.measures) for e in exts)
        counts["processes"] += sum(len(e.processes) for e in exts)
        counts["citations"] += sum(len(e.citations) for e in exts)
        for e in exts:
            for evidence in [f.evidence for f in e.obligations] + [f.evidence for f in e.targets] + \
                    [f.evidence for f in e.processes] + [f.evidence for f in e.citations]:
                rules[evidence.rule] += 1
        t = _lap(seconds, "extract", t)
        data = to_triples(docs, exts, base=base)  # serialised, reasoned, sampled
        counts["triples"] += len(data)
        t = _lap(seconds, "rdf", t)
        work_ids = sorted(w.id for w in ingested.works)
        witness_ids = {x.id for w in ingested.works for x in w.witnesses}
        owned, shared = split_triples(data, base=base, works=set(work_ids), witnesses=witness_ids)
        chunks.append(_quads(owned, _graph_iri(base, work_ids, [Path(p).name for p in part])))
        shared_chunks.append("\n".join(shared) + ("\n" if shared else ""))
        t = _lap(seconds, "serialize", t)
        inferred = None
        if do_reason and ontology is not None:
            # reason.reason per part: its rules are local to a work and the bodies it names, so
            # the union of the parts' inferences is the whole corpus's (tests/bench checks it)
            from .reason import reason

            # in place: ``data`` becomes asserted + inferred, which is what validation checks
            # (the asserted triples were serialised above)
            inferred = reason(data, ontology=ontology, base=base, in_place=True).inferred
            counts["inferred"] += len(inferred)
            if validate_flags[part_index]:  # the reification marks live only in ``inferred``
                for triple in inferred:
                    data.add(triple)
        t = _lap(seconds, "reason", t)
        if validate_flags[part_index]:
            from .validate import validate

            # the ontology goes into our own graph (1.7k triples): handing it to validate() makes
            # pySHACL clone the whole data graph to mix it in, which costs more than validating
            graph = data.to_graph()
            for triple in ontology or ():
                graph.add(triple)
            report = validate(graph)
            out.validated += 1
            out.conforms = out.conforms and bool(report.conforms)
            out.results += len(report.results)
            out.violations += sum(1 for r in report.results if getattr(r, "severity", "") in ("Violation", "violation"))
            t = _lap(seconds, "validate", t)
        if inferred is not None:
            owned, shared = split_triples(inferred, base=base, works=set(work_ids), witnesses=witness_ids)
            chunks.append(_quads(owned, f"{base}graph/inferred"))
            shared_chunks.append(_quads(shared, f"{base}graph/inferred"))
        out.parts += 1
        _lap(seconds, "serialize", t)
    out.nquads = "".join(chunks).encode("utf-8")
    out.shared = "".join(shared_chunks).encode("utf-8")
    return out


class _SeenLines:
    """Drops N-Quads lines already loaded: the shared subjects (a body named by a thousand
    documents) come back from every part. Keeps an 8-byte digest per distinct line, so the
    memory grows with the distinct shared facts, not with the corpus."""

    def __init__(self) -> None:
        self.seen: set[bytes] = set()
        self.dropped = 0

    def fresh(self, blob: bytes) -> bytes:
        keep: list[bytes] = []
        for line in blob.split(b"\n"):
            if not line:
                continue
            key = hashlib.blake2b(line, digest_size=8).digest()
            if key in self.seen:
                self.dropped += 1
                continue
            self.seen.add(key)
            keep.append(line)
        return b"\n".join(keep) + b"\n" if keep else b""


def _lap(seconds: dict[str, float], stage: str, t: float) -> float:
    """Per-stage CPU seconds inside a worker (process time: on a shared machine wall time
    inside a worker would count the neighbours' load as ours)."""
    now = time.process_time()
    seconds[stage] = seconds.get(stage, 0.0) + (now - t)
    return now


# ----------------------------------------------------------------------------------------------
# the driver
# ----------------------------------------------------------------------------------------------


def _windowed(pool: ProcessPoolExecutor | None, fn: Callable[[Any], Any], items: Sequence[Any], running: int,
              buffered: int | None = None) -> Iterator[Any]:
    """``map`` in input order, keeping ``running`` items submitted but unfinished, and at most
    ``buffered`` finished ones waiting for an earlier, slower one (bounded memory).

    Why not refill only when the oldest item is consumed: then one slow task holds back every
    worker that finished after it, and with two workers the build used ~1.6 of 2 cores.
    """
    if pool is None:
        for item in items:
            yield fn(item)
        return
    limit = max(running, buffered or 0)
    pending: deque[Future[Any]] = deque()
    it = iter(items)
    more = True
    while True:
        while more and len(pending) < limit and sum(1 for f in pending if not f.done()) < running:
            item = next(it, _END)
            if item is _END:
                more = False
                break
            pending.append(pool.submit(fn, item))
        if not pending:
            return
        if not pending[0].done():
            wait([f for f in pending if not f.done()], return_when=FIRST_COMPLETED)
            continue
        yield pending.popleft().result()


_END = object()


def _sample_flags(n_parts: int, sample: int, enabled: bool) -> list[bool]:
    if not enabled:
        return [False] * n_parts
    if n_parts <= sample:
        return [True] * n_parts
    step = n_parts / sample
    chosen = {int(i * step) for i in range(sample)}
    return [i in chosen for i in range(n_parts)]


#: What a streaming build stages inside ``out/`` before swapping it in (see :func:`build_streaming`).
_NQ_TMP = ".graph.nq.tmp"
_STAGED_STORE = ".store.*.new"


def build_streaming(config: Any, *, on_stage: StageCallback | None = None, options: StreamOptions | None = None) -> StreamResult:
    """Build ``config.sources`` (a :class:`pipeline.BuildConfig`) into ``config.out`` part by part.

    The store and ``graph.nq`` are staged inside ``out/`` (tens of GB at x1000: the final rename
    must stay on one file system). A failed build removes what it staged; one killed outright
    cannot, so the next build into the same folder removes those leftovers first, holding a lock
    on the folder so that it never takes a running build's files for leftovers.
    """
    out = Path(config.out)
    out.mkdir(parents=True, exist_ok=True)
    with atomic.exclusive(out):
        atomic.remove_leftovers(out, files=(_NQ_TMP,), dirs=(_STAGED_STORE,))
        atomic.recover_dir(out / "store")
        staged = atomic.staging_dir(out / "store")
        try:
            return _build_streaming(config, staged, on_stage=on_stage, options=options)
        except BaseException as exc:
            traceback.clear_frames(exc.__traceback__)  # closes the staged store before removing it
            shutil.rmtree(staged, ignore_errors=True)
            (out / _NQ_TMP).unlink(missing_ok=True)
            raise


def _build_streaming(config: Any, staged: Path, *, on_stage: StageCallback | None = None,
                     options: StreamOptions | None = None) -> StreamResult:
    from .store.oxigraph import OxigraphStore

    opts = options or StreamOptions()
    t0 = time.perf_counter()
    seconds: dict[str, float] = {}

    main_cpu: dict[str, float] = {}
    cpu_mark = [time.process_time()]  # this process, all threads (the tail loader, RocksDB's)

    def done(stage: str, t: float, summary: str) -> float:
        now = time.perf_counter()
        seconds[stage] = seconds.get(stage, 0.0) + now - t
        cpu = time.process_time()
        main_cpu[stage] = main_cpu.get(stage, 0.0) + cpu - cpu_mark[0]
        cpu_mark[0] = cpu
        if on_stage:
            on_stage(stage, seconds[stage], summary)
        return now

    base = config.base
    sources = tuple(config.sources) or (resources.corpus_dir(),)
    files, problems = input_files(sources)
    jobs = max(1, int(config.jobs))
    window = opts.in_flight or 4 * jobs + 2
    pool = ProcessPoolExecutor(max_workers=jobs) if jobs > 1 and len(files) > 1 else None
    try:
        t = time.perf_counter()
        titles = dict(_windowed(pool, _file_titles, [str(f) for f in files], max(window, 4 * jobs)))
        parts = plan_parts(files, titles)
        tasks = pack_tasks(parts, opts.task_files)
        t = done("plan", t, f"{len(files)} files → {len(parts)} parts in {len(tasks)} tasks")

        flags = _sample_flags(len(parts), opts.validate_sample, bool(config.validate))
        args = []
        k = 0
        for task in tasks:
            args.append(([[str(p) for p in part] for part in task], base, bool(config.reason), flags[k : k + len(task)]))
            k += len(task)

        out = Path(config.out)
        store = OxigraphStore.open(staged)
        result = StreamResult(out=out, parts=len(parts))
        counts: Counter[str] = Counter()
        worker_seconds: dict[str, float] = dict.fromkeys(_WORKER_STAGES, 0.0)
        rules: Counter[str] = Counter()
        load_seconds = 0.0  # appending to graph.nq (and handing it to the tail loader)
        all_problems = list(problems)
        seen = _SeenLines()
        loaded_lines = 0
        out.mkdir(parents=True, exist_ok=True)
        # the ontology first, term by term: a parser would relabel its blank nodes (OWL
        # restrictions, lists) at random, and the same input must give the same graph.nq; a
        # bulk write, as every write into this store (an ordinary write after a bulk load of 30M
        # quads waited ~80 s for RocksDB to compact the freshly ingested files)
        ontology_quads = _ontology_quads(base)
        store.store.bulk_extend(ontology_quads)  # keeps the blank-node labels as given
        # graph.nq is written as the parts arrive (in input order: deterministic), from the same
        # bytes the store loads; dumping a store of 30M quads at the end cost minutes
        nq_tmp = out / _NQ_TMP
        nq_file = open(nq_tmp, "wb")  # noqa: SIM115 - closed below, renamed into place at the end
        # lenient: the file is ours, every IRI minted by rdf.iris or read from the ontology and
        # checked by rdflib when it was made; re-validating them cost ~8 % of the load's CPU
        tail: FollowLoader | TailLoader | None = None
        if opts.load == "follow":
            tail = FollowLoader(store.store, nq_tmp, lenient=True)
        elif opts.load == "tail":
            tail = TailLoader(store.store, nq_tmp, min_bytes=opts.load_stretch_bytes,
                              max_bytes=2 * opts.load_stretch_bytes, lenient=True)
        try:
            for res in _windowed(pool, _analyse_task, args, jobs + 1, window):
                counts.update(res.counts)
                rules.update(res.rules)
                for k2, v in res.seconds.items():
                    worker_seconds[k2] = worker_seconds.get(k2, 0.0) + v
                all_problems.extend(res.problems)
                result.validated_parts += res.validated
                result.validation_results += res.results
                result.violations += res.violations
                if res.validated:
                    result.conforms = (result.conforms is not False) and res.conforms
                tl = time.perf_counter()
                chunk = res.nquads + seen.fresh(res.shared)
                if chunk:
                    nq_file.write(chunk)
                    loaded_lines += chunk.count(b"\n")
                    if tail is not None:
                        nq_file.flush()
                        tail.written(nq_file.tell())
                load_seconds += time.perf_counter() - tl
        except BaseException:  # a failed build leaves no half-written dump behind
            if tail is not None:
                tail.abandon()
            nq_file.close()
            nq_tmp.unlink(missing_ok=True)
            raise
        seconds["append"] = load_seconds  # the main thread appending to graph.nq, inside "analyse"
        counts["repeated_shared_quads"] = seen.dropped
        del seen
        t = done("analyse", t, f"{counts['works']} works, {counts['obligations']} obligations, "
                 f"{counts['triples']} triples (+{counts['inferred']} inferred); Σ worker s: "
                 + ", ".join(f"{k2} {v:.1f}" for k2, v in worker_seconds.items()))
    finally:
        if pool is not None:
            pool.shutdown()

    import pyoxigraph as ox

    try:
        if tail is not None:
            tail.finish()  # what the workers wrote last
            how = (f"in {tail.loads} stretches while the workers ran" if isinstance(tail, TailLoader)
                   else "in one load that followed graph.nq while the workers wrote it")
        else:
            nq_file.flush()
            store.store.bulk_load(path=str(nq_tmp), format=_nquads_format(), lenient=True)
            how = "in one load after the workers finished"
    except BaseException:
        nq_file.close()
        nq_tmp.unlink(missing_ok=True)
        raise
    nq_file.write(ox.serialize(ontology_quads, format=_nquads_format()))
    nq_file.close()
    t = done("load", t, f"{loaded_lines} quads bulk-loaded {how}, after {len(ontology_quads)} of the ontology")
    counts["ontology"] = len(ontology_quads)
    # every line written went into the store, once (owned lines are unique to their part's
    # graph, shared ones deduplicated above): counting them is free, len(store) took 33 s at 30M
    counts["stored_quads"] = loaded_lines + len(ontology_quads)
    # bulk loads leave RocksDB with many overlapping files: every lookup visits them all.
    # Compacting once costs ~1.6 s per million quads and made the named queries
    # ~9x faster on a 10M-quad store (bench/RESULTS.md)
    store.store.optimize()
    t = done("optimize", t, "store compacted")

    files_out: dict[str, bytes] = {}
    exports: tuple[str, ...] = ("responsibilities", "targets")
    if counts["stored_quads"] > opts.csv_max_quads:
        exports = ()
        all_problems.append(Problem(str(out), "warning", f"{counts['stored_quads']} quads: responsibilities.csv and "
                                    "targets.csv not written (run `policy-graph query responsibilities --format csv`)"))
        for stale in ("responsibilities.csv", "targets.csv"):
            (out / stale).unlink(missing_ok=True)
    for name in exports:
        try:
            from .query import render, resolve, run

            files_out[f"{name}.csv"] = render(run(resolve(name), store), "csv").encode("utf-8")
        except Exception as exc:  # noqa: BLE001 - a missing/broken query must not lose the build
            all_problems.append(Problem(name, "warning", f"query not written: {exc}"))
    t = done("query", t, ", ".join(sorted(files_out)))

    del store
    from .store.lookup import index_store

    problem = index_store(staged)
    if problem is not None:
        all_problems.append(problem)
    t = done("index", t, "lookup index for the selective named queries")
    atomic.replace_dir(staged, out / "store")
    os.replace(nq_tmp, out / "graph.nq")
    result.outputs["store"] = out / "store"
    result.outputs["graph.nq"] = out / "graph.nq"

    result.counts_ = dict(counts)
    result.worker_seconds = worker_seconds
    result.rules = dict(sorted(rules.items()))
    result.problems = tuple(all_problems)
    result.seconds = seconds
    result.main_cpu = main_cpu
    files_out["build.json"] = json.dumps(
        {
            "build": STREAMING,
            "counts": result.counts(),
            "rules": result.rules,
            "problems": [p.line() for p in result.problems],
            "validation": {
                "parts": result.parts,
                "validated_parts": result.validated_parts,
                "results": result.validation_results,
                "conforms": result.conforms,
            },
        },
        ensure_ascii=False,
        indent=1,
        sort_keys=True,
    ).encode("utf-8")
    files_out["report.md"] = render_report(result).encode("utf-8")
    for name in sorted(files_out):
        atomic.write_bytes(out / name, files_out[name])
        result.outputs[name] = out / name
    # A stale Turtle graph from an earlier in-memory build would shadow nothing (the store is
    # opened first) but would mislead a reader: remove the in-memory build's graph files.
    for stale in ("graph.ttl", "graph.jsonld", "graph.nt", "shacl-report.ttl"):
        (out / stale).unlink(missing_ok=True)
    shutil.rmtree(out / "html", ignore_errors=True)
    done("write", t, f"{len(result.outputs)} outputs in {out}")
    seconds["total"] = time.perf_counter() - t0
    return result


def _ontology_quads(base: str) -> list[Any]:
    """The ontology as Oxigraph quads in ``{base}graph/ontology``, sorted (same input, same bytes)."""
    import pyoxigraph as ox

    from .rdf import load_ontology
    from .store.oxigraph import term_converter

    convert, in_graph = term_converter(), ox.NamedNode(f"{base}graph/ontology")
    return sorted((ox.Quad(convert(s), convert(p), convert(o), in_graph) for s, p, o in load_ontology()), key=str)


def _nquads_format() -> Any:
    import pyoxigraph as ox

    return ox.RdfFormat.N_QUADS


def render_report(result: StreamResult) -> str:
    c = result.counts()
    lines = ["# policy-graph build report (streaming)", "", "## Summary", ""]
    lines += [f"- {k}: {v}" for k, v in sorted(c.items())]
    lines += ["", "## Validation (SHACL, per part)", ""]
    if result.validated_parts:
        sampled = "every part" if result.validated_parts == result.parts else f"an even sample of {result.validated_parts} of {result.parts} parts"
        lines.append(f"- validated {sampled}; conforms: {result.conforms}; results: {result.validation_results}")
    else:
        lines.append("- not validated (--no-validate)")
    if result.problems:
        lines += ["", "## Input problems", ""]
        lines += [f"- {p.line()}" for p in result.problems]
    lines += ["", "## Facts per rule", ""]
    lines += [f"- `{rule}`: {n}" for rule, n in result.rules.items()]
    lines += ["", "## Seconds per stage (wall)", ""]
    lines += [f"- {k}: {v:.2f}" for k, v in result.seconds.items()]
    lines += ["", "## CPU seconds per stage in the main process (all its threads: the store's loader included)", ""]
    lines += [f"- {k}: {v:.2f}" for k, v in result.main_cpu.items()]
    lines += ["", "## CPU seconds per stage inside the workers (summed over workers)", ""]
    lines += [f"- {k}: {v:.2f}" for k, v in result.worker_seconds.items()]
    return "\n".join(lines) + "\n"


def should_stream(flag: bool | None, config: Any) -> bool:
    """``--stream`` / ``--no-stream`` decide; unset: stream inputs of :data:`AUTO_STREAM_BYTES` or
    more (an incremental ``--store``/``--endpoint`` build keeps the in-memory path)."""
    if flag is not None:
        if flag and (getattr(config, "store_dir", None) is not None or getattr(config, "endpoint", None)):
            from .errors import PolicyGraphError

            raise PolicyGraphError("--stream cannot be combined with --store or --endpoint")
        return flag
    if getattr(config, "store_dir", None) is not None or getattr(config, "endpoint", None):
        return False
    sources = tuple(config.sources) or (resources.corpus_dir(),)
    return input_bytes(sources) >= AUTO_STREAM_BYTES


def summary_lines(result: StreamResult) -> list[str]:
    """What ``policy-graph build`` prints after a streaming build (plain text, one fact per line)."""
    c = result.counts()
    lines = [p.line() for p in result.problems[:20]]
    if len(result.problems) > 20:
        lines.append(f"… and {len(result.problems) - 20} more problem(s), see {result.out / 'report.md'}")
    lines.append(
        f"{c.get('works', 0)} documents ({c.get('witnesses', 0)} witnesses, {c.get('variants', 0)} variants) · "
        f"{c.get('sections', 0)} sections · {c.get('obligations', 0)} obligations · {c.get('targets', 0)} targets · "
        f"{c.get('stored_quads', 0)} quads in the store ({c.get('inferred', 0)} inferred) · {result.parts} parts"
    )
    if result.validated_parts:
        lines.append(f"SHACL: conforms={result.conforms} · {result.validation_results} result(s) in "
                     f"{result.validated_parts} of {result.parts} part(s) validated")
    lines.append("seconds: " + " · ".join(f"{k} {v:.2f}" for k, v in result.seconds.items() if k != "total")
                 + f" · total {result.seconds.get('total', 0.0):.2f}")
    lines.append(f"wrote {', '.join(sorted(result.outputs))} → {result.out}")
    return lines

