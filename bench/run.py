"""``python -m bench`` — run every benchmark, write bench/RESULTS.md, results JSON and plots.

Usage::

    python -m bench                 # the suite: default build, x3…x100 corpora, queries at ~100k/1M
    python -m bench --quick         # a small smoke run (x2 corpus, one repeat each) for a fresh clone
    python -m bench --big           # also the ~10M-triple store (x300 corpus) and HTML at x100
    python -m bench --x1000         # also the x1000 corpus with --jobs 2 (≈10 min, several GiB)
    python -m bench --only queries  # one workload (default, scale, queries, shacl, html); merges

Results of earlier runs are merged by section (a run with ``--only`` or without ``--x1000`` keeps
the committed x1000 figures), and each section records when it was measured.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from . import workloads as W
from .measure import machine
from .report import evaluate_targets, render_markdown, render_plots

RESULTS_DIR = W.BENCH_DIR / "results"
SECTIONS = ("default", "scale", "queries", "shacl", "html")


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _git_commit() -> str | None:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=W.REPO, capture_output=True,
                              text=True, check=True).stdout.strip() or None
    except (OSError, subprocess.CalledProcessError):
        return None


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def plan(args: argparse.Namespace) -> dict[str, Any]:
    """Which factors, repeats and sizes this invocation measures."""
    if args.quick:
        return {"repeats": 1, "scale": [(2, 1, 1), (2, 2, 1)], "query_sizes": [("x2", 2)], "query_repeats": 5,
                "rdflib_max": 0, "shacl_whole": [("x2", 2)], "html": [("x1", None)], "text_factors": [2]}
    r = args.repeats
    scale = [(3, 2, 1), (10, 1, r), (10, 2, r), (30, 2, 1), (100, 2, 1)]
    sizes = [("~100k", 3), ("~1M", 30)]
    html = [("x1", None), ("x10", 10)]
    if args.big:
        scale.append((300, 2, 1))
        sizes.append(("~10M", 300))
        html.append(("x100", 100))
    if args.x1000:
        scale.append((1000, 2, 1))
    return {"repeats": r, "scale": scale, "query_sizes": sizes, "query_repeats": 30, "rdflib_max": 3,
            "shacl_whole": [("~100k", 3)], "html": html, "text_factors": [10]}


def merge(results: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
    """Fold the sections of another results file in: scale rows by (factor, jobs, mode), query
    rows by size, other sections whole when ``other`` measured them later."""
    out = dict(results)
    rows = {(r["factor"], r["jobs"], r["mode"]): r for r in results.get("scale", {}).get("rows", [])}
    rows.update({(r["factor"], r["jobs"], r["mode"]): r for r in other.get("scale", {}).get("rows", [])})
    if rows:
        out["scale"] = {"rows": sorted(rows.values(), key=lambda r: (r["factor"], r["jobs"], r["mode"])),
                        "text_baselines": {**results.get("scale", {}).get("text_baselines", {}),
                                           **other.get("scale", {}).get("text_baselines", {})}}
    if "queries" in other:
        sizes = {r["size"] for r in other["queries"].get("rows", [])}
        q = dict(other["queries"])
        q["rows"] = [r for r in results.get("queries", {}).get("rows", []) if r["size"] not in sizes] + q.get("rows", [])
        q["store_loads"] = [r for r in results.get("queries", {}).get("store_loads", []) if r["size"] not in sizes] + q.get("store_loads", [])
        out["queries"] = q
    for section in ("default", "shacl", "html"):
        if section in other and (section not in results or other[section].get("measured", "") >= results[section].get("measured", "")):
            out[section] = other[section]
    if "meta" in other and other["meta"].get("date", "") >= results.get("meta", {}).get("date", ""):
        out["meta"] = other["meta"]
    return out


def read_progress(path: Path) -> dict[str, Any]:
    """A monitor CSV (utc, elapsed_s, rss_mib, cpu_s, store_mib, load1) → samples and peaks."""
    lines = [ln.split(",") for ln in path.read_text(encoding="utf-8").splitlines()[1:] if ln.count(",") == 5]
    rows = [{"utc": a, "elapsed_s": float(b), "rss_mib": float(c), "cpu_s": float(d), "store_mib": float(e),
             "load1": float(f)} for a, b, c, d, e, f in lines]
    return {"source": str(path), "samples": rows, "peak_rss_mib": max((r["rss_mib"] for r in rows), default=None)}


def write(results: dict[str, Any], path: Path, md_path: Path) -> list[Path]:
    results["targets"] = evaluate_targets(results)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, ensure_ascii=False, indent=1, sort_keys=True, default=str), encoding="utf-8")
    plots = render_plots(results, path.parent)
    md_path.write_text(render_markdown(results, plots=plots, md_dir=md_path.parent), encoding="utf-8")
    return plots


def _checkpoint(results: dict[str, Any], path: Path) -> None:
    """Write what is measured so far, so a long suite stopped part-way keeps its finished sections."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, ensure_ascii=False, indent=1, sort_keys=True, default=str), encoding="utf-8")


def run(args: argparse.Namespace) -> dict[str, Any]:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    W.WORK.mkdir(parents=True, exist_ok=True)
    path = Path(args.results) if args.results else RESULTS_DIR / "results.json"
    results: dict[str, Any] = {}
    if path.exists() and not args.fresh:
        try:
            results = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            results = {}
    p = plan(args)
    if args.scale_run:
        p["scale"] = [tuple(int(x) for x in spec.split(":")) for spec in args.scale_run]
        p["text_factors"] = []
    only = set(args.only or SECTIONS)
    results["meta"] = {"date": _now(), "machine": machine(), "commit": _git_commit(),
                       "command": "python -m bench " + " ".join(sys.argv[1:]), "quick": bool(args.quick)}
    started = time.perf_counter()

    if "default" in only:
        _log("[1/5] default build on the bundled corpus (cold and warm)")
        results["default"] = {"measured": _now(), "load_average": os.getloadavg(), **W.default_build(repeats=p["repeats"], log=_log)}
        _checkpoint(results, path)

    scale_rows: dict[str, Any] = {f"x{r['factor']}-j{r['jobs']}-{r['mode']}": r for r in results.get("scale", {}).get("rows", [])}
    if "scale" in only or "queries" in only or "shacl" in only:
        _log("[2/5] scale corpora (streaming build)")
        needed = list(p["scale"]) if "scale" in only else []
        for _, factor in p["query_sizes"]:
            built = f"x{factor}-j2-stream" in scale_rows and (Path(scale_rows[f"x{factor}-j2-stream"]["out"]) / "store").is_dir()
            if not any(f == factor and j == 2 for f, j, _ in needed) and ("scale" in only or not built):
                needed.append((factor, 2, 1))
        for factor, jobs, reps in needed:
            key = f"x{factor}-j{jobs}-stream"
            row = W.scale_build(factor, jobs, repeats=reps, log=_log)
            row["measured"] = _now()
            row["load_average"] = os.getloadavg()
            scale_rows[key] = row
        texts = {}
        if "scale" in only:
            for factor in p["text_factors"]:
                texts[f"x{factor}"] = W.text_baselines(factor, jieba=True, repeats=1 if factor >= 100 else 3)
                _log(f"  text baselines x{factor}: regex {texts[f'x{factor}']['regex_floor']['chars_per_s'] / 1e6:.1f} M chars/s, "
                     f"jieba {texts[f'x{factor}']['jieba']['chars_per_s'] / 1e6:.2f} M chars/s")
        old = results.get("scale", {})
        results["scale"] = {
            "rows": sorted(scale_rows.values(), key=lambda r: (r["factor"], r["jobs"], r["mode"])),
            "text_baselines": {**old.get("text_baselines", {}), **texts},
        }
        _checkpoint(results, path)

    if "queries" in only:
        _log("[3/5] named queries on stores of increasing size")
        rows = [r for r in results.get("queries", {}).get("rows", []) if r["size"] not in {s for s, _ in p["query_sizes"]}]
        loads = [r for r in results.get("queries", {}).get("store_loads", []) if r["size"] not in {s for s, _ in p["query_sizes"]}]
        from .scale import place_token

        for label, factor in p["query_sizes"]:
            out = Path(scale_rows[f"x{factor}-j2-stream"]["out"])
            rows += W.named_queries(out / "store", out / "graph.nq", label=label, doc=place_token(0),
                                    repeats=p["query_repeats"], rdflib_too=factor <= p["rdflib_max"], log=_log)
            loads.append(W.store_load_baselines(out / "graph.nq", label=label, rdflib_too=False, log=_log))
        cli_who = W.cli_latency(Path(results["default"]["out"]) if "default" in results else W.WORK / "default" / "warm", log=_log)
        results["queries"] = {"measured": _now(), "rows": rows, "store_loads": loads, "cli_who": cli_who}
        _checkpoint(results, path)

    if "shacl" in only:
        _log("[4/5] SHACL validation")
        rows = []
        for label, factor in p["shacl_whole"]:
            out = Path(scale_rows[f"x{factor}-j2-stream"]["out"])
            rows.append(W.shacl_whole(out / "graph.nq", label=label, log=_log))
        for row in sorted(scale_rows.values(), key=lambda r: r["factor"]):
            if row["jobs"] == 2:
                part = W.shacl_per_part(row)
                if part:
                    rows.append(part)
        results["shacl"] = {"measured": _now(), "rows": rows}
        _checkpoint(results, path)

    if "html" in only:
        _log("[5/5] HTML views")
        rows = []
        for label, factor in p["html"]:
            if factor is None:
                default_out = Path(results.get("default", {}).get("out", W.WORK / "default" / "warm"))
                rows.append(W.html_views(default_out / "graph.nt", label=label, log=_log))
            else:
                key = f"x{factor}-j2-stream"
                if key not in scale_rows:
                    scale_rows[key] = W.scale_build(factor, 2, repeats=1, log=_log)
                rows.append(W.html_views(Path(scale_rows[key]["out"]) / "graph.nq", label=label, log=_log))
        results["html"] = {"measured": _now(), "rows": rows}

    results["meta"]["seconds"] = time.perf_counter() - started
    md_path = Path(args.markdown) if args.markdown else W.BENCH_DIR / "RESULTS.md"
    plots = write(results, path, md_path)
    _log(f"wrote {path}, {md_path}" + "".join(f", {p}" for p in plots))
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small smoke run (x2 corpus, one repeat)")
    ap.add_argument("--big", action="store_true", help="also ~10M triples (x300) and HTML at x100")
    ap.add_argument("--x1000", action="store_true", help="also the x1000 corpus with --jobs 2")
    ap.add_argument("--only", action="append", choices=SECTIONS, help="run only this workload (repeatable)")
    ap.add_argument("--repeats", type=int, default=3, help="runs per measurement (median, min–max)")
    ap.add_argument("--fresh", action="store_true", help="do not merge with earlier results")
    ap.add_argument("--scale-run", action="append", metavar="FACTOR:JOBS:RUNS",
                    help="instead of the planned scale builds, run these (e.g. 1000:2:1); repeatable")
    ap.add_argument("--results", default=None, help="results JSON path (default bench/results/results.json)")
    ap.add_argument("--markdown", default=None, help="markdown path (default bench/RESULTS.md)")
    ap.add_argument("--merge", action="append", metavar="RESULTS_JSON",
                    help="only merge these results files into the results (no run), then rewrite RESULTS.md")
    ap.add_argument("--progress", metavar="MONITOR_CSV", default=None,
                    help="with --merge: record a long run's progress log (python -m bench.monitor) as well")
    args = ap.parse_args(argv)
    if args.merge:
        path = Path(args.results) if args.results else RESULTS_DIR / "results.json"
        results = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        for other in args.merge:
            results = merge(results, json.loads(Path(other).read_text(encoding="utf-8")))
        if args.progress:
            results["progress"] = read_progress(Path(args.progress))
        write(results, path, Path(args.markdown) if args.markdown else W.BENCH_DIR / "RESULTS.md")
        return 0
    run(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
