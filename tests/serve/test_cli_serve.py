"""`policy-graph serve` as a user starts it: a real process on a loopback port."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
from click.testing import CliRunner

from policy_graph.cli import main

from .conftest import DATA, free_port


def test_serve_help_names_the_limits() -> None:
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--graph", "--timeout", "--max-results"):
        assert option in result.output
    assert "127.0.0.1" in result.output


def test_serve_command_answers_sparql(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).resolve().parents[2] / "src"),
                                                        os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen(
        [sys.executable, "-m", "policy_graph.cli", "serve", "--graph", str(DATA / "tiny.ttl"), "--port", str(port),
         "--timeout", "5"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=tmp_path,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                r = httpx.get(url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=30)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
                time.sleep(0.1)
        assert r.status_code == 200 and r.json()["boolean"] is True
        page = httpx.get(url + "/id/body/poverty-office", headers={"Accept": "text/html"}, timeout=30)
        assert "国务院扶贫办" in page.text
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert b"Traceback" not in (proc.stderr.read() if proc.stderr else b"")


def test_serve_without_a_graph_is_one_line_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--graph", str(tmp_path / "nothing")])
    assert result.exit_code == 2
    assert "build" in result.output and "Traceback" not in result.output
