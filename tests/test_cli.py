"""The CLI as a user meets it: help, exit codes, one-line errors, formats."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from policy_graph import resources
from policy_graph.cli import main

COMMANDS = ["build", "query", "who", "duties", "targets", "validate", "viz", "docs", "index"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


def test_console_script_entry_point_imports() -> None:
    proc = subprocess.run([sys.executable, "-c", "from policy_graph.cli import main; main(['--version'])"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0 and "version" in proc.stdout.lower()


def test_bad_inputs_get_one_line_each_and_the_rest_builds(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    shutil.copy(resources.corpus_dir() / "001_e9a197dc3081e230.txt", good)
    binary = tmp_path / "picture.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    missing = tmp_path / "missing.txt"
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "policy_graph.cli", "build", str(good), str(binary), str(empty), str(missing),
         "--out", str(out), "--no-viz", "--quiet"],
        capture_output=True, text=True, check=False,
    )
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 0, proc.stderr
    for bad in (binary, empty, missing):
        lines = [line for line in proc.stderr.splitlines() if bad.name in line]
        assert len(lines) == 1, (bad.name, proc.stderr)
    assert (out / "graph.ttl").stat().st_size > 0
    assert "关于打赢脱贫攻坚战的决定" in (out / "responsibilities.csv").read_text(encoding="utf-8")


def test_nothing_readable_is_an_input_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    proc = subprocess.run([sys.executable, "-m", "policy_graph.cli", "build", str(empty), "--out", str(tmp_path / "o"),
                           "--quiet"], capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


def test_query_formats_and_list(corpus_out: Path) -> None:
    runner = CliRunner()
    listing = runner.invoke(main, ["query", "--list"])
    assert listing.exit_code == 0 and "responsibilities" in listing.output
    as_csv = runner.invoke(main, ["query", "responsibilities", "--format", "csv", "--graph", str(corpus_out)])
    assert as_csv.exit_code == 0, as_csv.output
    assert as_csv.output.splitlines()[0].startswith("document,section,body,bodyLabel,roleCode")
    as_json = runner.invoke(main, ["query", "responsibilities", "--format", "json", "--graph", str(corpus_out)])
    rows = json.loads(as_json.output)["rows"]
    assert len(rows) == len(as_csv.output.splitlines()) - 1 > 50
    as_table = runner.invoke(main, ["query", str(resources.query_file("responsibilities")), "--graph", str(corpus_out)])
    assert as_table.exit_code == 0 and "row(s)" in as_table.output


def test_malformed_sparql_is_one_line_exit_2(tmp_path: Path, corpus_out: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?x WHERE { ?x ", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "policy_graph.cli", "query", str(bad), "--graph", str(corpus_out)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr


def test_missing_graph_is_one_line_exit_2(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "policy_graph.cli", "who", "健康扶贫", "--graph", str(tmp_path / "nope")],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    assert "nope" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_malformed_turtle_graph_is_one_line_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "broken.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "policy_graph.cli", "query", "responsibilities", "--graph", str(bad)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    assert "broken.ttl" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_index_rewrites_a_stale_lookup_index_and_refuses_what_is_not_a_store(tmp_path: Path, corpus_out: Path) -> None:
    import pyoxigraph as ox

    from policy_graph.store.lookup import LookupIndex

    store = tmp_path / "store"
    shutil.copytree(corpus_out / "store", store)
    del_me = ox.Store(str(store))  # a read-write open by another tool: the index goes stale
    del del_me
    assert LookupIndex.open(store) is None
    proc = subprocess.run([sys.executable, "-m", "policy_graph.cli", "index", "--graph", str(store)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "lookup index written" in proc.stdout and LookupIndex.open(store) is not None
    (tmp_path / "not-a-store").mkdir()
    proc = subprocess.run([sys.executable, "-m", "policy_graph.cli", "index", "--graph", str(tmp_path / "not-a-store")],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    assert "not-a-store" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
