"""Incremental builds with ``--store``: only changed sources are re-extracted, deleted sources
lose their facts, and a failed sync leaves the store as it was."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from policy_graph import incremental, resources
from policy_graph.incremental import MANIFEST, Analysis, sync_store
from policy_graph.model import IngestResult
from policy_graph.pipeline import BuildConfig, build
from policy_graph.query import resolve, run
from policy_graph.store import MemoryStore, open_store

BASE = "https://w3id.org/policy-graph/"
TITLES = "SELECT DISTINCT ?title WHERE { ?w a <https://w3id.org/policy-graph/ontology#Work> ; <http://purl.org/dc/terms/title> ?t BIND(STR(?t) AS ?title) }"


@pytest.fixture
def fixed_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pin the extraction-code fingerprint: these tests are about *sources* changing, and the
    code under test must not count as changed between two builds of one test."""
    monkeypatch.setattr(incremental, "rules_fingerprint", lambda: "pinned-rules")


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(resources.corpus_dir(), folder)
    for f in folder.iterdir():
        f.chmod(0o644)
    return folder


def _config(corpus: Path, tmp: Path) -> BuildConfig:
    return BuildConfig(sources=(corpus,), out=tmp / "out", validate=False, viz=False, store=False,
                       store_dir=tmp / "store")


def _query(store_dir: Path, sparql: str) -> list[tuple[str, ...]]:
    store = ox.Store.read_only(str(store_dir))
    rows = [tuple(t.value for t in s) for s in store.query(sparql, use_default_graph_as_union=True)]
    return sorted(rows)


def _union_lines(store_dir: Path) -> list[str]:
    store = ox.Store.read_only(str(store_dir))
    return sorted(f"{q.subject} {q.predicate} {q.object} ." for q in store.quads_for_pattern(None, None, None, None))


def test_change_one_source_then_delete_it(fixed_rules: None, corpus_copy: Path, tmp_path: Path) -> None:
    config = _config(corpus_copy, tmp_path)
    first = build(config)
    manifest = json.loads((config.store_dir / MANIFEST).read_text(encoding="utf-8"))
    works = sorted(w.id for w in first.ingest.works)
    assert list(first.sync.reextracted) == works and first.sync.reused == ()

    # the store holds the same facts as the build's own graph, each triple once (no duplicate
    # solutions through the union default graph), one named graph per work
    lines = _union_lines(config.store_dir)
    assert len(lines) == len(set(lines))
    built = {line for line in (config.out / "graph.nt").read_text(encoding="utf-8").splitlines() if line.strip()}
    ground = {line for line in lines if "_:" not in line}  # blank-node labels differ per store
    assert ground == {line for line in built if "_:" not in line} and len(lines) == len(built)
    graphs = {g.value for g in ox.Store.read_only(str(config.store_dir)).named_graphs()}
    assert {f"{BASE}id/work/{w}" for w in works} <= graphs
    assert {f"{BASE}graph/shared", f"{BASE}graph/ontology", f"{BASE}graph/inferred"} <= graphs

    # the named-graph store answers the CLI's questions like the build's own graph
    named = resolve("who")
    synced = open_store(config.store_dir)
    assert synced.lookup is not None  # the sync rewrote the lookup index its read-write open made stale
    on_store = run(named, synced, params={"text": "健康扶贫"})
    on_graph = run(named, MemoryStore.from_file(config.out / "graph.ttl"), params={"text": "健康扶贫"})
    assert on_store.rows and sorted(on_store.rows, key=str) == sorted(on_graph.rows, key=str)
    del on_store

    # nothing changed: nothing re-extracted, nothing written
    again = build(config)
    assert again.sync.reextracted == () and list(again.sync.reused) == works
    assert again.sync.written_graphs == () and again.sync.dropped_graphs == ()

    # pick the source with works of its own (found only there) and the fewest works overall
    only_here = {
        name: [w for w in entry["works"] if manifest["works"][w]["sources"] == [name]]
        for name, entry in manifest["sources"].items()
    }
    victim = min((n for n in only_here if only_here[n]), key=lambda n: (len(manifest["sources"][n]["works"]), n))
    victim_works = manifest["sources"][victim]["works"]
    path = corpus_copy / victim
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("。", "。\n", 1), encoding="utf-8")  # a changed file, same words
    changed = build(config)
    assert list(changed.sync.reextracted) == victim_works  # only the works of that file
    assert set(changed.sync.reused) == set(works) - set(victim_works)
    last_run = json.loads((config.store_dir / MANIFEST).read_text(encoding="utf-8"))["last_run"]
    assert last_run["reextracted"] == victim_works

    # delete it: the works found only in it vanish from the store, with all their facts
    gone = only_here[victim]
    gone_titles = {w.title for w in first.ingest.works if w.id in gone}
    before = {r[0] for r in _query(config.store_dir, TITLES)}
    assert gone_titles <= before
    path.unlink()
    deleted = build(config)
    after = {r[0] for r in _query(config.store_dir, TITLES)}
    assert not (gone_titles & after)
    assert after == before - gone_titles or after < before
    assert set(deleted.sync.removed_works) == set(gone)
    assert {f"{BASE}id/work/{w}" for w in gone} <= set(deleted.sync.dropped_graphs)
    assert set(deleted.sync.reextracted) == set(victim_works) - set(gone)  # shared works lost a witness
    for work in gone:  # not one triple mentions anything of that work any more
        assert not [line for line in _union_lines(config.store_dir) if f"/{work}" in line]
    manifest = json.loads((config.store_dir / MANIFEST).read_text(encoding="utf-8"))
    assert victim not in manifest["sources"] and not set(gone) & set(manifest["works"])


def test_changed_rules_re_extract_everything(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    source = tmp_path / "one"
    source.mkdir()
    name = min(p.name for p in resources.corpus_dir().iterdir())
    shutil.copy(resources.corpus_dir() / name, source / name)
    config = _config(source, tmp_path)
    monkeypatch.setattr(incremental, "rules_fingerprint", lambda: "rules-v1")
    first = build(config)
    assert first.sync.reextracted
    monkeypatch.setattr(incremental, "rules_fingerprint", lambda: "rules-v2")
    second = build(config)
    assert second.sync.reextracted == first.sync.reextracted and second.sync.reused == ()


def _empty() -> tuple[IngestResult, Analysis]:
    return IngestResult(sources=(), works=()), Analysis([], [], [], [], {})


def test_a_failed_sync_leaves_the_store_unchanged(tmp_path: Path) -> None:
    ingest, analysis = _empty()
    g1, g2 = f"{BASE}id/work/a", f"{BASE}id/work/b"
    good = {g1: ['<http://x/a> <http://x/p> "one" .'], g2: ['<http://x/b> <http://x/p> "two" .']}
    sync_store(tmp_path, ingest, analysis, good, base=BASE)
    before = _union_lines(tmp_path)
    # a new version where one graph is fine and the other is malformed: nothing may change
    bad = {g1: ['<http://x/a> <http://x/p> "uno" .'], g2: ['<http://x/b> <http://x/p> "broken .']}
    with pytest.raises(SyntaxError):
        sync_store(tmp_path, ingest, analysis, bad, base=BASE)
    assert _union_lines(tmp_path) == before
    # and the next good sync goes through
    report = sync_store(tmp_path, ingest, analysis, {g1: good[g1]}, base=BASE)
    assert report.dropped_graphs == (g2,)
    assert _union_lines(tmp_path) == ['<http://x/a> <http://x/p> "one" .']


def test_a_lost_manifest_means_a_full_rewrite(tmp_path: Path) -> None:
    ingest, analysis = _empty()
    graphs = {f"{BASE}id/work/a": ['<http://x/a> <http://x/p> "one" .']}
    sync_store(tmp_path, ingest, analysis, graphs, base=BASE)
    assert sync_store(tmp_path, ingest, analysis, graphs, base=BASE).written_graphs == ()
    (tmp_path / MANIFEST).unlink()  # e.g. a crash between the store commit and the manifest
    report = sync_store(tmp_path, ingest, analysis, graphs, base=BASE)
    assert report.written_graphs == (f"{BASE}id/work/a",)
    assert _union_lines(tmp_path) == ['<http://x/a> <http://x/p> "one" .']
