"""Same input → byte-identical sorted N-Triples, whatever the hash seed or the number of workers."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from .conftest import assert_clean_exit, cli, cli_env, sha256

#: Outputs that must not depend on the run (report.md holds the seconds per stage; store/ is a
#: RocksDB folder whose file names and compaction are not ours, it is compared by content elsewhere).
RUN_DEPENDENT = {"report.md"}


@pytest.fixture(scope="module")
def second_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus again, with another hash seed and two worker processes."""
    out = tmp_path_factory.mktemp("determinism") / "out"
    proc = cli("build", "--out", out, "--jobs", "2", env=cli_env(PYTHONHASHSEED="12345"))
    assert_clean_exit(proc, 0)
    return out


def _diff(a: Path, b: Path, limit: int = 40) -> str:
    lines = difflib.unified_diff(a.read_text(encoding="utf-8").splitlines(),
                                 b.read_text(encoding="utf-8").splitlines(), lineterm="", n=0)
    return "\n".join(list(lines)[:limit])


@pytest.mark.slow
def test_rebuild_gives_byte_identical_sorted_ntriples(corpus_out: Path, second_build: Path) -> None:
    a, b = corpus_out / "graph.nt", second_build / "graph.nt"
    data = a.read_bytes()
    assert data, "empty graph.nt"
    lines = data.decode("utf-8").splitlines()
    assert lines == sorted(lines), "graph.nt is not sorted"
    assert sha256(a) == sha256(b), _diff(a, b)


@pytest.mark.slow
def test_every_output_file_is_reproducible(corpus_out: Path, second_build: Path) -> None:
    names = sorted(p.relative_to(corpus_out).as_posix() for p in corpus_out.rglob("*")
                   if p.is_file() and "store" not in p.relative_to(corpus_out).parts)
    assert "graph.nt" in names and "graph.ttl" in names
    other = sorted(p.relative_to(second_build).as_posix() for p in second_build.rglob("*")
                   if p.is_file() and "store" not in p.relative_to(second_build).parts)
    assert names == other
    differing = [n for n in names if n not in RUN_DEPENDENT
                 and sha256(corpus_out / n) != sha256(second_build / n)]
    assert differing == [], "\n\n".join(f"{n}:\n{_diff(corpus_out / n, second_build / n, 10)}" for n in differing[:5])


@pytest.mark.slow
def test_streaming_build_writes_the_same_nquads_whatever_the_seed_or_workers(tmp_path: Path) -> None:
    """graph.nq of ``build --stream`` is written from the workers' bytes as parts arrive: it must
    not inherit rdflib's hash order, the ontology's blank-node labels or the number of workers."""
    outs = []
    for jobs, seed in (("1", "1"), ("2", "777")):
        out = tmp_path / f"stream-{jobs}"
        proc = cli("build", "--stream", "--jobs", jobs, "--out", out, env=cli_env(PYTHONHASHSEED=seed))
        assert_clean_exit(proc, 0)
        outs.append(out)
    a, b = (o / "graph.nq" for o in outs)
    assert a.stat().st_size > 0
    assert sha256(a) == sha256(b), _diff(a, b)
    lines = a.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(set(lines)), "graph.nq repeats quads"
    import pyoxigraph as ox

    store = ox.Store.read_only(str(outs[0] / "store"))
    assert len(store) == len(lines)  # the dump holds exactly what the store holds
    import json

    counts = json.loads((outs[0] / "build.json").read_text(encoding="utf-8"))["counts"]
    assert counts["stored_quads"] == len(store)  # counted from the lines loaded, not asked of the store
    from policy_graph.store.lookup import LookupIndex

    assert LookupIndex.open(outs[0] / "store") is not None  # the selective queries' index is fresh
