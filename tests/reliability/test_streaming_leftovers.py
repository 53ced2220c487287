"""The streaming build stages tens of GB inside out/ (the store, graph.nq): a failed build removes
what it staged, a killed one leaves it for the next build into that folder to remove, and two
builds never write one folder at once (the cleanup must not take a running build's files).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from policy_graph import atomic, streaming
from policy_graph.errors import StoreError
from policy_graph.pipeline import BuildConfig

from .conftest import CORPUS, assert_clean_exit, cli

ONE_FILE = "002_29e1e8f06bbe21e8.txt"


@pytest.fixture()
def src(tmp_path: Path) -> Path:
    folder = tmp_path / "src"
    folder.mkdir()
    shutil.copy(CORPUS / ONE_FILE, folder)
    return folder


def _config(src: Path, out: Path) -> BuildConfig:
    return BuildConfig(sources=(src,), out=out, jobs=1, viz=False)


def _staged(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.endswith((".new", ".tmp", ".old")))


def test_the_next_build_removes_what_a_killed_build_staged(src: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    # what SIGKILL during the analysis leaves: a half-written dump and a half-loaded store
    (out / ".graph.nq.tmp").write_bytes(b"<http://example.org/s> <http://example.org/p> <http://exa")
    (out / ".store.k1ll3d.new").mkdir()
    (out / ".store.k1ll3d.new" / "000012.sst").write_bytes(b"\0" * 4096)
    (out / "notes.txt").write_text("the user's own file", encoding="utf-8")
    streaming.build_streaming(_config(src, out))
    assert _staged(out) == []
    assert (out / "notes.txt").read_text(encoding="utf-8") == "the user's own file"  # only ours is removed
    store = ox.Store.read_only(str(out / "store"))
    assert len(store) > 1_000
    del store


def test_a_failed_build_removes_what_it_staged(src: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("a worker fell over")

    monkeypatch.setattr(streaming, "_windowed", broken)  # fails after the store and graph.nq are staged
    with pytest.raises(RuntimeError, match="fell over"):
        streaming.build_streaming(_config(src, out))
    assert _staged(out) == []
    assert not (out / "store").exists() and not (out / "graph.nq").exists()


def test_a_second_build_into_a_locked_folder_fails_in_one_line(src: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with atomic.exclusive(out):  # as a running build holds it
        (out / ".graph.nq.tmp").write_bytes(b"a running build's dump")
        proc = cli("build", src, "--out", out, "--stream")
        assert (out / ".graph.nq.tmp").exists()  # a running build's files are not leftovers
    assert_clean_exit(proc, 2)
    [line] = [x for x in proc.stderr.splitlines() if x.strip()][-1:]
    assert "another policy-graph build is writing to this folder" in line and str(out) in line
    with pytest.raises(StoreError), atomic.exclusive(out), atomic.exclusive(out):  # in-process, the same refusal
        pass


def test_replace_dir_swaps_and_recover_dir_undoes_a_cut_short_swap(tmp_path: Path) -> None:
    target, staged = tmp_path / "store", tmp_path / ".store.x.new"
    target.mkdir()
    (target / "old").write_text("old", encoding="utf-8")
    staged.mkdir()
    (staged / "new").write_text("new", encoding="utf-8")
    atomic.replace_dir(staged, target)
    assert sorted(os.listdir(target)) == ["new"] and not staged.exists()
    # a process killed between the two renames of the fallback: only .store.old is left
    os.replace(target, tmp_path / ".store.old")
    atomic.recover_dir(target)
    assert sorted(os.listdir(target)) == ["new"] and not (tmp_path / ".store.old").exists()
