"""Shared helpers: run the CLI as a user would (a subprocess with PYTHONPATH on the checkout's src)."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
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
        [sys.executable, "-m", "policy_graph.cli", *map(str, args)],
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
