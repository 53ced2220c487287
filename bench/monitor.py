"""Watch a running build: elapsed time, RSS and CPU of its process tree, store size (CSV lines).

``python -m bench.monitor PID STORE_DIR [INTERVAL]`` — for long runs (x1000) on a shared machine,
so that a run which must be stopped still leaves its rate and memory profile behind.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def _du(path: Path) -> int:
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            try:
                total += os.path.getsize(os.path.join(root, f))
            except OSError:
                pass
    return total


def main(argv: list[str]) -> int:
    import psutil

    pid, store_glob = int(argv[0]), argv[1]
    interval = float(argv[2]) if len(argv) > 2 else 10.0
    root = psutil.Process(pid)
    start = root.create_time()
    print("utc,elapsed_s,rss_mib,cpu_s,store_mib,load1", flush=True)
    while root.is_running():
        try:
            procs = [root, *root.children(recursive=True)]
            rss = sum(p.memory_info().rss for p in procs)
            cpu = sum(sum(p.cpu_times()[:2]) for p in procs)
        except psutil.Error:
            break
        parent = Path(store_glob).parent
        stores = sorted(parent.glob(Path(store_glob).name))
        size = sum(_du(s) for s in stores)
        print(f"{time.strftime('%H:%M:%S', time.gmtime())},{time.time() - start:.0f},{rss / 2**20:.0f},{cpu:.0f},"
              f"{size / 2**20:.0f},{os.getloadavg()[0]:.2f}", flush=True)
        time.sleep(interval)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
