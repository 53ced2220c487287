"""Commands that read a built graph fail with one line naming the file when it is damaged or
hostile (truncated Turtle, a corrupt store, a missing folder, not RDF at all, a JSON-LD file whose
remote @context would make us call another host), never with a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

from .conftest import assert_clean_exit, cli, lines_naming


def test_truncated_turtle(corpus_out: Path, tmp_path: Path) -> None:
    data = (corpus_out / "graph.ttl").read_bytes()
    broken = tmp_path / "half.ttl"
    broken.write_bytes(data[: len(data) // 2])
    proc = cli("query", "responsibilities", "--graph", broken)
    assert_clean_exit(proc, 2)
    assert len(lines_naming(proc.stderr, "half.ttl")) == 1, proc.stderr


def test_corrupt_store_folder(corpus_out: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(corpus_out / "store", store)
    for path in sorted(store.iterdir()):
        if path.is_file() and path.name != "LOCK":
            path.write_bytes(b"\x00garbage" * 16)
    proc = cli("query", "responsibilities", "--graph", store)
    assert_clean_exit(proc, 2)
    assert len(lines_naming(proc.stderr, "store")) == 1, proc.stderr


def test_missing_graph_folder(tmp_path: Path) -> None:
    proc = cli("who", "健康扶贫", "--graph", tmp_path / "nowhere")
    assert_clean_exit(proc, 2)
    assert len(lines_naming(proc.stderr, "nowhere")) == 1, proc.stderr


def test_not_rdf_at_all(tmp_path: Path) -> None:
    fake = tmp_path / "graph.nt"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00 not triples")
    proc = cli("targets", "--graph", fake)
    assert_clean_exit(proc, 2)
    assert len(lines_naming(proc.stderr, "graph.nt")) == 1, proc.stderr


def test_remote_jsonld_context_is_not_fetched(tmp_path: Path) -> None:
    """A JSON-LD graph whose @context is a URL: refused in one line, and no request leaves."""
    import json

    from .test_server import Listener

    spy = Listener()
    try:
        evil = tmp_path / "evil.jsonld"
        evil.write_text(json.dumps([{"@context": {"@import": f"http://127.0.0.1:{spy.port}/i"}},
                                    {"@context": f"http://127.0.0.1:{spy.port}/ctx", "@id": "http://x/a", "name": "b"}]),
                        encoding="utf-8")
        proc = cli("query", "responsibilities", "--graph", evil)
        assert_clean_exit(proc, 2)
        assert len(lines_naming(proc.stderr, "evil.jsonld")) == 1, proc.stderr
    finally:
        spy.close()
    assert spy.connections == 0
