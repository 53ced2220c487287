"""Data safety: a build SIGKILLed at any stage leaves the previous out/ (files and store) intact
and usable, or — once it has committed — fully the new build; a later build recovers.

The build is paused at a chosen point by the test hook ``POLICY_GRAPH_TEST_PAUSE_AT=<point>``
(pipeline.py: it prints ``paused at <point>`` on stderr and sleeps), then killed with SIGKILL.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph

from . import hostile
from .conftest import CORPUS, assert_clean_exit, cli, cli_env, survivors

#: Where the build is killed: after each stage, after everything is staged but before the
#: commit ("publish"), and after the commit ("write", the last stage).
BEFORE_COMMIT = ("ingest", "rdf", "validate", "viz", "publish")
AFTER_COMMIT = ("write",)


def fingerprint(out: Path) -> dict[str, str]:
    """sha256 of every output file; report.md without its timing section; the store by content
    (sorted N-Triples), since RocksDB file names are not ours."""
    fp: dict[str, str] = {}
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out)
        if not path.is_file() or rel.parts[0] == "store":
            continue
        data = path.read_bytes()
        if rel.as_posix() == "report.md":
            data = data.split(b"## Seconds per stage")[0]
        fp[rel.as_posix()] = hashlib.sha256(data).hexdigest()
    if (out / "store").exists():
        store = ox.Store.read_only(str(out / "store"))
        # blank node labels are the store's own: compare triples with the labels blanked out
        lines = sorted(re.sub(r"_:[A-Za-z0-9]+", "_:", str(q.triple)) for q in store)
        fp["store/"] = hashlib.sha256("\n".join(lines).encode()).hexdigest() + f" ({len(lines)} triples)"
        del store
    return fp


def _sources(folder: Path, *, new: bool) -> Path:
    """The old input: one corpus file. The new one: the same plus a small distinct document."""
    folder.mkdir(parents=True)
    shutil.copy(CORPUS / "002_29e1e8f06bbe21e8.txt", folder)
    if new:
        hostile.write_corpus(folder, names=("good.txt",))
    return folder


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A previous good build of the old input, and the folder of the new input."""
    root = tmp_path_factory.mktemp("kill")
    old_src = _sources(root / "old-src", new=False)
    old = root / "old-out" / "out"
    assert_clean_exit(cli("build", old_src, "--out", old), 0)
    return {"old": old, "new-src": _sources(root / "new-src", new=True)}


def _new_fingerprint(builds: dict[str, Path], tmp_path: Path) -> dict[str, str]:
    """What a complete build of the new input looks like (built now, beside the test's out/)."""
    ref = tmp_path / "reference" / "out"
    assert_clean_exit(cli("build", builds["new-src"], "--out", ref), 0)
    return fingerprint(ref)


def _kill_at(point: str, src: Path, out: Path, log: Path) -> None:
    env = cli_env(POLICY_GRAPH_TEST_PAUSE_AT=point)
    with log.open("wb") as err:
        child = subprocess.Popen([sys.executable, "-m", "policy_graph.cli", "build", str(src), "--out", str(out)],
                                 stdout=subprocess.DEVNULL, stderr=err, env=env)
        try:
            deadline = time.monotonic() + 600  # a safety net, not an assertion on speed
            while f"paused at {point}".encode() not in log.read_bytes():
                assert child.poll() is None, f"build ended (exit {child.returncode}) before pausing at {point}:\n" \
                    + log.read_text(encoding="utf-8", errors="replace")[-3000:]
                assert time.monotonic() < deadline, f"never paused at {point}"
                time.sleep(0.05)
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait()
    assert child.returncode == -signal.SIGKILL


def _assert_usable(out: Path) -> None:
    assert len(Graph().parse(out / "graph.ttl", format="turtle")) > 100
    store = ox.Store.read_only(str(out / "store"))
    assert len(store) > 100
    del store
    assert not [p for p in out.rglob("*") if p.name.endswith((".tmp", ".new"))], "half-written files in out/"


@pytest.mark.slow
@pytest.mark.parametrize("point", BEFORE_COMMIT + AFTER_COMMIT)
def test_kill_at_stage_leaves_old_or_new_output(builds: dict[str, Path], tmp_path: Path, point: str) -> None:
    out = tmp_path / "out"
    shutil.copytree(builds["old"], out, symlinks=True)
    before = fingerprint(out)
    _kill_at(point, builds["new-src"], out, tmp_path / "stderr.log")
    after = fingerprint(out)
    if point in AFTER_COMMIT:
        expected = _new_fingerprint(builds, tmp_path)
        assert expected != before, "old and new builds must differ for the test to mean anything"
    else:
        expected = before
    differing = sorted(k for k in set(after) | set(expected) if after.get(k) != expected.get(k))
    assert after == expected, f"killed at {point}: out/ is not the {'new' if point in AFTER_COMMIT else 'old'} build: {differing}"
    _assert_usable(out)


@pytest.mark.slow
def test_rebuild_after_kill_recovers(builds: dict[str, Path], tmp_path: Path) -> None:
    """Killed just before the commit, then rebuilt: the result is the new build, the old output
    was usable by a query command in between, and no staging leftovers end up inside out/."""
    out = tmp_path / "out"
    shutil.copytree(builds["old"], out, symlinks=True)
    (out / "notes.md").write_text("kept: a file the user put here\n", encoding="utf-8")
    _kill_at("publish", builds["new-src"], out, tmp_path / "stderr.log")
    proc = cli("query", "responsibilities", "--graph", out, "--format", "csv")
    assert_clean_exit(proc, 0)
    assert len(proc.stdout.splitlines()) > 1
    assert_clean_exit(cli("build", builds["new-src"], "--out", out), 0)
    after = fingerprint(out)
    assert after.pop("notes.md", None) is not None, "a file the user kept in out/ was lost"
    assert after == _new_fingerprint(builds, tmp_path)
    _assert_usable(out)
    leftovers = [p.name for p in out.parent.iterdir() if p.name not in ("out", "stderr.log", "reference")]
    assert all(name.startswith(".out.") for name in leftovers), leftovers


def test_atomic_write_leaves_old_file_on_failure(tmp_path: Path) -> None:
    """The primitive under all of it: a failing write never touches the existing file."""
    from policy_graph import atomic

    target = tmp_path / "graph.ttl"
    target.write_bytes(b"old")

    with pytest.raises(TypeError):
        atomic.write_bytes(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl"]
    atomic.write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert os.stat(target).st_size == 3


def test_publish_dir_swaps_whole_folders_and_keeps_user_files(tmp_path: Path) -> None:
    from policy_graph import atomic

    out = tmp_path / "out"
    (out / "docs").mkdir(parents=True)
    (out / "docs" / "index.html").write_text("docs", encoding="utf-8")
    (out / "notes.md").write_text("mine", encoding="utf-8")
    (out / "build.json").write_text("{}", encoding="utf-8")
    (out / "stale.html").write_text("old page", encoding="utf-8")
    out.chmod(0o755)
    staged = atomic.staging_dir(out)
    (staged / "build.json").write_text('{"new": 1}', encoding="utf-8")
    atomic.publish_dir(staged, out, owned=frozenset({"build.json", "stale.html"}), marker="build.json")
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == ["build.json", "docs", "docs/index.html", "notes.md"]
    assert (out / "build.json").read_text(encoding="utf-8") == '{"new": 1}'
    assert out.stat().st_mode & 0o777 == 0o755
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"], "staging or old folder left behind"


def test_publish_dir_never_swaps_a_foreign_folder(tmp_path: Path) -> None:
    """``--out .`` or a folder of the user's: outputs are renamed in one by one, nothing moves away."""
    from policy_graph import atomic

    home = tmp_path / "home"
    (home / "project").mkdir(parents=True)
    (home / "project" / "a.py").write_text("x", encoding="utf-8")
    staged = atomic.staging_dir(home)
    (staged / "store").mkdir()
    (staged / "store" / "CURRENT").write_text("1", encoding="utf-8")
    (staged / "build.json").write_text("{}", encoding="utf-8")
    inode = home.stat().st_ino
    atomic.publish_dir(staged, home, owned=frozenset({"build.json", "store"}), marker="build.json")
    assert home.stat().st_ino == inode
    assert sorted(p.relative_to(home).as_posix() for p in home.rglob("*")) == [
        "build.json", "project", "project/a.py", "store", "store/CURRENT"]


@pytest.mark.slow
def test_live_server_survives_a_rebuild_of_its_folder(builds: dict[str, Path], tmp_path: Path) -> None:
    """``serve`` reads out/store while a new build is swapped in: it keeps answering (from the
    snapshot it opened), and nothing it prints is a traceback."""
    import httpx

    from .conftest import start_server, stop_server

    out = tmp_path / "out"
    shutil.copytree(builds["old"], out, symlinks=True)
    proc, url = start_server(out, timeout=10)
    try:
        query = {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}
        before = httpx.get(url + "/sparql", params=query, headers={"Accept": "text/csv"}, timeout=60)
        assert before.status_code == 200
        assert_clean_exit(cli("build", builds["new-src"], "--out", out), 0)
        assert (out / "build.json").read_bytes() != (builds["old"] / "build.json").read_bytes()
        for _ in range(3):
            after = httpx.get(url + "/sparql", params=query, headers={"Accept": "text/csv"}, timeout=60)
            assert after.status_code == 200, after.text
    finally:
        output = stop_server(proc)
    assert "Traceback" not in output, output[-3000:]


NAMES = st.sampled_from(["graph.nt", "build.json", "store", "docs", "notes.md", "a.html", "b.html"])


@settings(max_examples=40, deadline=None, derandomize=True)
@given(old=st.dictionaries(NAMES, st.binary(max_size=8), max_size=6),
       new=st.dictionaries(NAMES, st.binary(max_size=8), min_size=1, max_size=6),
       owned=st.sets(NAMES, max_size=4))
def test_publish_dir_result_is_new_plus_kept_old(old: dict[str, bytes], new: dict[str, bytes], owned: set[str]) -> None:
    """After publishing: every new entry as staged; every old entry the new build does not write
    and does not own, unchanged; nothing else; no folder left beside the target."""
    import tempfile

    from policy_graph import atomic

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        out.mkdir()
        for name, data in {**old, "build.json": old.get("build.json", b"{}")}.items():
            (out / name).write_bytes(data)
        staged = atomic.staging_dir(out)
        for name, data in new.items():
            (staged / name).write_bytes(data)
        atomic.publish_dir(staged, out, owned=frozenset(owned), marker="build.json")
        kept = {n: d for n, d in {**old, "build.json": old.get("build.json", b"{}")}.items()
                if n not in new and n not in owned}
        assert {p.name: p.read_bytes() for p in out.iterdir()} == {**kept, **new}
        assert [p.name for p in Path(tmp).iterdir()] == ["out"]


@pytest.mark.slow
def test_killed_parallel_build_leaves_no_workers(tmp_path: Path) -> None:
    """``--jobs 2`` runs segment+extract in a process pool; SIGKILL the build while the pool is up:
    its workers must not live on as orphans."""
    import psutil

    child = subprocess.Popen([sys.executable, "-m", "policy_graph.cli", "build", "--out", str(tmp_path / "out"),
                              "--jobs", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=cli_env())
    workers: list = []  # type: ignore[type-arg]
    try:
        while child.poll() is None and len(workers) < 2:
            workers = psutil.Process(child.pid).children(recursive=True)
            time.sleep(0.02)
        assert len(workers) >= 2, "the pool was never seen running"
    finally:
        child.kill()
        child.wait()
    assert survivors(workers) == [], "pool workers outlived the killed build"
