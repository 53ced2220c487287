"""Measuring: wall time and peak memory of subprocesses, and summary statistics.

Why subprocesses: the figures a user sees are those of the real command — interpreter start,
imports, worker pools and all. CPU seconds (user + system, the command and its worker processes)
are recorded next to wall time: on a shared machine wall time measures the neighbours too, CPU
time much less so. Peak RSS is sampled over the whole process tree (the CLI plus its
worker processes, summed), every 20 ms, with psutil; ``max_single_rss`` is the largest single
process as the kernel reports it (``ru_maxrss`` of the waited children), which needs no
sampling and so cannot miss a short peak.
"""

from __future__ import annotations

import os
import platform
import resource
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MIB = 1024 * 1024


@dataclass(frozen=True)
class Run:
    """One measured subprocess run."""

    wall: float  # seconds
    peak_rss: int  # bytes, sum over the process tree, sampled
    returncode: int
    stdout: str
    stderr: str
    cpu: float = 0.0  # user + system seconds of the process and its waited-for children (workers)


def run_measured(cmd: Sequence[str], *, env: dict[str, str] | None = None, cwd: Path | None = None,
                 timeout: float | None = None, interval: float = 0.02) -> Run:
    """Run ``cmd`` to completion; wall time and sampled peak RSS of its process tree."""
    import psutil

    full_env = {**os.environ, **(env or {})}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(list(cmd), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=full_env,
                            cwd=str(cwd) if cwd else None, text=True)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        try:
            root = psutil.Process(proc.pid)
        except psutil.Error:
            return
        while not stop.is_set():
            total = 0
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.Error:
                break
            for p in procs:
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    pass
            peak = max(peak, total)
            stop.wait(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    stop.set()
    sampler.join()
    return Run(wall=wall, peak_rss=peak, returncode=proc.returncode, stdout=out, stderr=err, cpu=cpu)


def max_child_rss() -> int:
    """Largest RSS of any waited-for child so far (bytes; Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024


def summary(values: Sequence[float]) -> dict[str, float | int]:
    """Median, min, max, p50/p99 and n of some measurements."""
    vals = sorted(float(v) for v in values)
    if not vals:
        return {"n": 0}
    return {
        "n": len(vals),
        "median": statistics.median(vals),
        "min": vals[0],
        "max": vals[-1],
        "p50": percentile(vals, 50),
        "p99": percentile(vals, 99),
    }


def percentile(sorted_vals: Sequence[float], q: float) -> float:
    """Nearest-rank percentile of already sorted values."""
    if not sorted_vals:
        return float("nan")
    k = max(0, min(len(sorted_vals) - 1, round(q / 100 * len(sorted_vals) + 0.5) - 1))
    return float(sorted_vals[k])


def timed(fn: Callable[[], Any], repeats: int, *, cpu: bool = False) -> tuple[list[float], Any]:
    """Call ``fn`` ``repeats`` times in this process; the seconds of each call and the last result.

    ``cpu=True`` measures process CPU time instead of wall time (for CPU-bound baselines on a
    shared machine, where wall time would include waiting for a core)."""
    clock = time.process_time if cpu else time.perf_counter
    times: list[float] = []
    result: Any = None
    for _ in range(max(1, repeats)):
        t = clock()
        result = fn()
        times.append(clock() - t)
    return times, result


def rss_now() -> int:
    import psutil

    return int(psutil.Process().memory_info().rss)


def machine() -> dict[str, Any]:
    """What the figures were measured on (and how busy it was)."""
    import psutil

    versions: dict[str, str] = {"python": platform.python_version()}
    for mod in ("rdflib", "pyoxigraph", "pyshacl", "jieba", "pyvis", "networkx", "matplotlib", "psutil"):
        try:
            from importlib.metadata import version

            versions[mod] = version(mod)
        except Exception:  # noqa: BLE001 - a missing optional package is just not listed
            versions[mod] = "absent"
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "platform": platform.platform(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 1024**3, 1),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "versions": versions,
        "executable": sys.executable,
    }
