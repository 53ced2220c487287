"""Shared helpers: run the CLI as a user would (a subprocess with PYTHONPATH on the checkout's src)."""

from __future__ import annotations

import hashlib
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SRC = REPO / "src"
CORPUS = REPO / "data" / "corpus"

try:  # in-process tests import the checkout's package when it is not installed
    import policy_graph  # noqa: F401
except ImportError:
    sys.path.insert(0, str(SRC))


def cli_env(**extra: str) -> dict[str, str]:
    """The environment of a user's shell, plus the checkout's src on PYTHONPATH; no debug switches."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICY_GRAPH_")}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), env.get("PYTHONPATH", "")) if p)
    env.update(extra)
    return env


def cli(*args: str | Path, timeout: float = 600, env: dict[str, str] | None = None,
        cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m policy_graph.cli ARGS`` in a fresh process; stdout/stderr decoded leniently."""
    return subprocess.run(
        [sys.executable, "-m", "policy_graph.cli", *map(str, args)], check=False,
        capture_output=True, text=True, encoding="utf-8", errors="replace",
        env=env or cli_env(), cwd=cwd, timeout=timeout,
    )


def assert_clean_exit(proc: subprocess.CompletedProcess[str], *codes: int) -> None:
    """Exit code among ``codes`` and no traceback anywhere in the output."""
    output = proc.stdout + proc.stderr
    assert "Traceback" not in output, output[-4000:]
    assert proc.returncode in codes, f"exit {proc.returncode}\n{proc.stderr[-4000:]}"


def lines_naming(text: str, name: str) -> list[str]:
    """Lines of ``text`` that name the file ``name`` (as a whole path component)."""
    pattern = re.compile(r"(?:^|[\s/'\"(:])" + re.escape(name) + r"(?:$|[\s'\"):,;])")
    return [line for line in text.splitlines() if pattern.search(line)]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(graph: Path, *, timeout: float) -> tuple[subprocess.Popen[bytes], str]:
    """``policy-graph serve --graph GRAPH`` on a free port, with the default (loopback) host, as a
    user would start it; returns once it answers a query."""
    import httpx

    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "policy_graph.cli", "serve", "--graph", str(graph), "--port", str(port),
         "--timeout", str(timeout)],
        env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120  # a safety net for a slow start, not a performance assertion
    while True:
        if proc.poll() is not None:
            output = proc.stdout.read().decode("utf-8", "replace") if proc.stdout else ""
            raise AssertionError(f"server exited with {proc.returncode}:\n{output[-3000:]}")
        try:
            if httpx.get(url + "/sparql", params={"query": "ASK {}"}, timeout=5).status_code == 200:
                return proc, url
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError("server did not start")
        time.sleep(0.2)


def stop_server(proc: subprocess.Popen[bytes]) -> str:
    """Stop it (SIGTERM, then SIGKILL after 20 s); return everything it printed."""
    proc.terminate()
    try:
        output, _ = proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        output, _ = proc.communicate()
    return output.decode("utf-8", "replace") if output else ""


def survivors(children: list, seconds: float = 30) -> list:  # type: ignore[type-arg]
    """The psutil processes of ``children`` still running (not zombies) after up to ``seconds``
    (a polled safety net, not a timing assertion)."""
    import psutil

    deadline = time.monotonic() + seconds
    while True:
        alive = [c for c in children if c.is_running() and c.status() != psutil.STATUS_ZOMBIE]
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.2)
