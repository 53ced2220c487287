"""Incremental builds into a persistent store: re-extract only what changed, drop what vanished.

Two halves, both called from ``pipeline.build`` when ``--store DIR`` or ``--endpoint URL`` is
given:

- :func:`analyse_cached` replaces segment + extract. Each work has a *key*: the hash of its
  canonical text, the hashes of the source files its witnesses come from, and a fingerprint of
  the extraction code and reference data. A work whose key is in the cache reuses its cached
  segmentation and facts; any other work is segmented and extracted again. Which works were
  re-extracted is returned (and written to the manifest), so a test can see it.
- :func:`sync_store` / :func:`sync_endpoint` write the built graph as named graphs: one per work
  (graph IRI = the work IRI) holding the triples only that work produces, plus
  ``{base}graph/shared`` (triples several works produce, and cross-work links),
  ``{base}graph/ontology`` and ``{base}graph/inferred``. Each triple is in exactly one graph,
  so the union default graph has no duplicate solutions. Only graphs whose content changed are
  written; graphs of vanished works are dropped.

Crash safety. On Oxigraph every change of one sync is a single SPARQL Update request, which
Oxigraph applies as one transaction: the store flips from the old state to the new one or not at
all. The manifest is written after the store (atomically); if a crash falls in between, the next
sync sees the store's graphs disagree with the manifest and rewrites every graph. On a remote
store each graph is staged under a temporary name and swapped in with one request.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import pickle
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import atomic, resources
from .model import Extraction, IngestResult, SegmentedWork, Work

MANIFEST = "policy-graph-manifest.json"
CACHE = "policy-graph-cache"
FORMAT_VERSION = 1
_SELF = Path(__file__).resolve().parent


# --------------------------------------------------------------------------------------------
# keys
# --------------------------------------------------------------------------------------------


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def rules_fingerprint() -> str:
    """A hash of everything segment + extract depend on besides the text: their code, the
    shared model, and the reference data (gazetteer, trigger words). Editing a rule or an alias
    re-extracts every work, as it must."""
    files: list[Path] = [_SELF / "model.py"]
    for package in ("segment", "extract"):
        files += sorted((_SELF / package).rglob("*.py"))
        files += sorted(p for p in (_SELF / package).rglob("*") if p.suffix in (".tsv", ".yaml", ".yml", ".json", ".txt"))
    ref = resources.reference_dir()
    if ref.is_dir():
        files += sorted(p for p in ref.rglob("*") if p.is_file())
    h = hashlib.sha256()
    for path in files:
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def work_sources(work: Work) -> tuple[str, ...]:
    return tuple(sorted({w.source for w in work.witnesses}))


def work_key(work: Work, source_sha: dict[str, str], fingerprint: str) -> str:
    parts = [work.id, _sha(work.text.encode()), fingerprint]
    parts += [f"{name}={source_sha.get(name, '?')}" for name in work_sources(work)]
    return _sha("\n".join(parts).encode())[:24]


# --------------------------------------------------------------------------------------------
# manifest and cache
# --------------------------------------------------------------------------------------------


@dataclass
class Manifest:
    """What the store holds and how it was made. Written as sorted JSON (deterministic)."""

    sources: dict[str, dict[str, Any]] = field(default_factory=dict)  # file name → {sha256, works}
    works: dict[str, dict[str, Any]] = field(default_factory=dict)  # work id → {key, text_sha256, rules, graph}
    graphs: dict[str, str] = field(default_factory=dict)  # graph IRI → sha256 of its sorted N-Triples
    last_run: dict[str, list[str]] = field(default_factory=dict)  # reextracted / reused / removed …

    @classmethod
    def read(cls, path: Path) -> Manifest:
        if not path.is_file():
            return cls()
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()  # unreadable: rebuild everything, which is always correct
        if doc.get("format") != FORMAT_VERSION:
            return cls()
        return cls(doc.get("sources", {}), doc.get("works", {}), doc.get("graphs", {}), doc.get("last_run", {}))

    def nonempty(self) -> set[str]:
        """Graphs a store should hold (an empty graph does not exist in a quad store)."""
        return {g for g, digest in self.graphs.items() if digest != EMPTY_DIGEST}

    def write(self, path: Path) -> None:
        doc = {"format": FORMAT_VERSION, "sources": self.sources, "works": self.works,
               "graphs": self.graphs, "last_run": self.last_run}
        atomic.write_text(path, json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


class Cache:
    """Segmentation + facts per work key (pickles of the frozen model dataclasses)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.pickle"

    def get(self, key: str) -> tuple[SegmentedWork, Extraction] | None:
        path = self._path(key)
        if not path.is_file():
            return None
        try:
            doc, ex = pickle.loads(path.read_bytes())
        except Exception:  # noqa: BLE001 - a stale or foreign pickle: extract again
            return None
        return doc, ex

    def put(self, key: str, doc: SegmentedWork, ex: Extraction) -> None:
        atomic.write_bytes(self._path(key), pickle.dumps((doc, ex), protocol=pickle.HIGHEST_PROTOCOL))

    def prune(self, keep: Iterable[str]) -> None:
        wanted = {f"{k}.pickle" for k in keep}
        if self.folder.is_dir():
            for path in self.folder.glob("*.pickle"):
                if path.name not in wanted:
                    path.unlink(missing_ok=True)


# --------------------------------------------------------------------------------------------
# analyse: segment + extract only what changed
# --------------------------------------------------------------------------------------------


@dataclass
class Analysis:
    docs: list[SegmentedWork]
    extractions: list[Extraction]
    reextracted: list[str]  # work ids segmented + extracted in this run
    reused: list[str]  # work ids taken from the cache
    keys: dict[str, str]  # work id → key


Analyser = Callable[[Sequence[Work]], list[tuple[SegmentedWork, Extraction]]]


def analyse_cached(ingested: IngestResult, cache_dir: Path, *, analyse: Analyser) -> Analysis:
    """Segment + extract the works of ``ingested`` whose key is not cached; reuse the others.

    ``analyse`` is the pipeline's own segment+extract (so parallelism and stage order stay in
    ``pipeline.py``). A reused segmentation gets the fresh ``Work`` (same canonical text, but
    witness offsets or titles may have moved)."""
    cache = Cache(cache_dir)
    fingerprint = rules_fingerprint()
    source_sha = {s.name: s.sha256 for s in ingested.sources}
    keys = {w.id: work_key(w, source_sha, fingerprint) for w in ingested.works}
    found: dict[str, tuple[SegmentedWork, Extraction]] = {}
    todo: list[Work] = []
    for work in ingested.works:
        hit = cache.get(keys[work.id])
        if hit is None:
            todo.append(work)
        else:
            doc, ex = hit
            found[work.id] = (dataclasses.replace(doc, work=work), ex)
    fresh = analyse(todo) if todo else []
    for work, (doc, ex) in zip(todo, fresh):
        cache.put(keys[work.id], doc, ex)
        found[work.id] = (doc, ex)
    cache.prune(keys.values())
    order = [w.id for w in ingested.works]
    return Analysis(
        docs=[found[i][0] for i in order],
        extractions=[found[i][1] for i in order],
        reextracted=sorted(w.id for w in todo),
        reused=sorted(i for i in order if i not in {w.id for w in todo}),
        keys=keys,
    )


# --------------------------------------------------------------------------------------------
# partition: which triple goes to which named graph
# --------------------------------------------------------------------------------------------


def graph_names(base: str) -> dict[str, str]:
    return {"shared": base + "graph/shared", "ontology": base + "graph/ontology", "inferred": base + "graph/inferred"}


def _nt_lines(graph: Any) -> set[str]:
    return {line for line in graph.serialize(format="nt").split("\n") if line.strip()}


def partition(
    docs: Sequence[SegmentedWork],
    extractions: Sequence[Extraction],
    *,
    data: Any,
    ontology: Any,
    inferred: Any,
    base: str,
) -> dict[str, list[str]]:
    """Graph IRI → sorted N-Triples lines. Each line of ``data`` goes to the graph of the one
    work that produces it alone (``to_graph`` of that work by itself), else to the shared graph."""
    from .rdf import Minter, to_graph

    minter = Minter(base)
    by_work = {e.work: e for e in extractions}
    owners: dict[str, list[str]] = {}
    for doc in docs:
        ex = by_work.get(doc.work.id, Extraction(doc.work.id))
        for line in _nt_lines(to_graph([doc], [ex], base=base)):
            owners.setdefault(line, []).append(str(minter.work(doc.work.id)))
    names = graph_names(base)
    out: dict[str, list[str]] = {names["shared"]: []}
    for doc in docs:
        out[str(minter.work(doc.work.id))] = []
    for line in _nt_lines(data):
        who = owners.get(line, [])
        out[who[0] if len(who) == 1 else names["shared"]].append(line)
    out[names["ontology"]] = list(_nt_lines(ontology))
    out[names["inferred"]] = list(_nt_lines(inferred))
    return {g: sorted(lines) for g, lines in sorted(out.items())}


def _digest(lines: Sequence[str]) -> str:
    return _sha(("\n".join(lines) + "\n").encode())


EMPTY_DIGEST = _digest([])


# --------------------------------------------------------------------------------------------
# sync
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SyncReport:
    """What one incremental build did (also kept in the manifest's ``last_run``)."""

    reextracted: tuple[str, ...]
    reused: tuple[str, ...]
    removed_works: tuple[str, ...]
    written_graphs: tuple[str, ...]
    dropped_graphs: tuple[str, ...]

    def summary(self) -> str:
        return (f"{len(self.reextracted)} work(s) re-extracted, {len(self.reused)} reused, "
                f"{len(self.removed_works)} removed; {len(self.written_graphs)} graph(s) written, "
                f"{len(self.dropped_graphs)} dropped")


def _manifest_entries(ingested: IngestResult, analysis: Analysis, base: str) -> tuple[dict[str, Any], dict[str, Any]]:
    from .rdf import Minter

    minter = Minter(base)
    fingerprint = rules_fingerprint()
    sources: dict[str, dict[str, Any]] = {s.name: {"sha256": s.sha256, "works": []} for s in ingested.sources}
    works: dict[str, Any] = {}
    for w in ingested.works:
        for name in work_sources(w):
            if name in sources:
                sources[name]["works"].append(w.id)
        works[w.id] = {"key": analysis.keys[w.id], "text_sha256": _sha(w.text.encode()), "rules": fingerprint,
                       "graph": str(minter.work(w.id)), "sources": list(work_sources(w))}
    for entry in sources.values():
        entry["works"] = sorted(set(entry["works"]))
    return sources, works


def _update_text(changes: dict[str, list[str]], drops: Iterable[str]) -> str:
    ops = [f"DROP SILENT GRAPH <{g}>" for g in sorted(drops)]
    for graph, lines in sorted(changes.items()):
        ops.append(f"DROP SILENT GRAPH <{graph}>")
        if lines:
            ops.append(f"INSERT DATA {{ GRAPH <{graph}> {{\n" + "\n".join(lines) + "\n} }")
    return " ;\n".join(ops)


def sync_store(
    store_dir: Path,
    ingested: IngestResult,
    analysis: Analysis,
    graphs: dict[str, list[str]],
    *,
    base: str,
) -> SyncReport:
    """Bring the Oxigraph store in ``store_dir`` to exactly ``graphs`` in one transaction."""
    import pyoxigraph as ox

    from .errors import StoreError

    manifest_path = store_dir / MANIFEST
    old = Manifest.read(manifest_path)
    store_dir.mkdir(parents=True, exist_ok=True)
    try:
        store = ox.Store(str(store_dir))
    except OSError as exc:
        raise StoreError(f"cannot open the Oxigraph store (is a server using it?): {exc}", path=str(store_dir)) from None
    present = {g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)}
    trusted = present == old.nonempty()  # else: a crash or a foreign writer; rewrite all
    digests = {g: _digest(lines) for g, lines in graphs.items()}
    changes = {g: lines for g, lines in graphs.items() if not trusted or old.graphs.get(g) != digests[g]}
    drops = sorted(present - set(graphs))
    if changes or drops:
        store.update(_update_text(changes, drops))
        store.flush()
    del store
    from .store.lookup import index_store

    problem = index_store(store_dir)  # opening it read-write made any old lookup index stale
    if problem is not None:
        print(problem.line(), file=sys.stderr)
    report = _report(ingested, analysis, old, changes, drops)
    _write_manifest(manifest_path, ingested, analysis, digests, report, base=base)
    return report


def sync_endpoint(
    remote: Any,
    state_file: Path,
    ingested: IngestResult,
    analysis: Analysis,
    graphs: dict[str, list[str]],
    *,
    base: str,
) -> SyncReport:
    """The same on any SPARQL 1.1 store (``store.remote.RemoteStore``); graph by graph, each
    staged and swapped in with one request. ``state_file`` is the local manifest of that store.
    Named graphs under ``base`` that this build does not produce are dropped: the IRI space
    under the base belongs to this dataset; graphs elsewhere in the store are never touched."""
    old = Manifest.read(state_file)
    present = {g for g in remote.named_graphs(prefix=base) if not g.endswith("?staging")}
    trusted = present == old.nonempty()
    digests = {g: _digest(lines) for g, lines in graphs.items()}
    changes = {g: lines for g, lines in graphs.items() if not trusted or old.graphs.get(g) != digests[g]}
    drops = sorted(present - set(graphs))
    for graph in drops:
        remote.drop_graph(graph)
    for graph, lines in sorted(changes.items()):
        if lines:
            remote.replace_graph(graph, lines)
        else:
            remote.drop_graph(graph)
    report = _report(ingested, analysis, old, changes, drops)
    _write_manifest(state_file, ingested, analysis, digests, report, base=base)
    return report


def _report(ingested: IngestResult, analysis: Analysis, old: Manifest, changes: dict[str, Any], drops: list[str]) -> SyncReport:
    current = {w.id for w in ingested.works}
    return SyncReport(
        reextracted=tuple(analysis.reextracted),
        reused=tuple(analysis.reused),
        removed_works=tuple(sorted(set(old.works) - current)),
        written_graphs=tuple(sorted(changes)),
        dropped_graphs=tuple(drops),
    )


def _write_manifest(
    path: Path, ingested: IngestResult, analysis: Analysis, digests: dict[str, str], report: SyncReport, *, base: str
) -> None:
    sources, works = _manifest_entries(ingested, analysis, base)
    manifest = Manifest(sources=sources, works=works, graphs=dict(sorted(digests.items())), last_run={
        "reextracted": list(report.reextracted), "reused": list(report.reused),
        "removed_works": list(report.removed_works), "written_graphs": list(report.written_graphs),
        "dropped_graphs": list(report.dropped_graphs),
    })
    manifest.write(path)


# --------------------------------------------------------------------------------------------
# the pipeline's entry points
# --------------------------------------------------------------------------------------------


def cache_dir(config: Any) -> Path:
    """Where cached segmentations live: inside the store folder, else beside the outputs."""
    if config.store_dir is not None and config.store and \
            Path(config.store_dir).resolve() == (Path(config.out) / "store").resolve():
        from .errors import StoreError

        raise StoreError("--store must not be the build's own OUT/store (rewritten whole on every build); "
                         "choose another folder or add --no-store", path=str(config.store_dir))
    if config.store_dir is not None:
        return Path(config.store_dir) / CACHE
    return Path(config.out) / f".{CACHE}"


def endpoint_state(config: Any) -> Path:
    """The local manifest of a remote store (one per endpoint URL)."""
    return Path(config.out) / f".{MANIFEST[:-5]}-{_sha(config.endpoint.encode())[:12]}.json"


def sync_build(result: Any, analysis: Analysis, ontology: Any) -> SyncReport:
    """Partition the built graph into named graphs and sync the store and/or the endpoint."""
    config = result.config
    graphs = partition(result.docs, result.extractions, data=result.data, ontology=ontology,
                       inferred=result.inferred, base=config.base)
    report: SyncReport | None = None
    if config.store_dir is not None:
        report = sync_store(Path(config.store_dir), result.ingest, analysis, graphs, base=config.base)
    if config.endpoint:
        from .store.remote import RemoteStore

        remote = RemoteStore(config.endpoint)
        try:
            report = sync_endpoint(remote, endpoint_state(config), result.ingest, analysis, graphs, base=config.base)
        finally:
            remote.close()
    assert report is not None
    return report
