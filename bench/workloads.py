"""The five workloads of the benchmark suite, each returning plain dicts for results.json.

1. ``default_build`` — the real CLI on the bundled corpus, cold and warm, per stage.
2. ``scale_builds`` — perturbed scale corpora (bench/scale.py) through the streaming build with
   ``--jobs 1`` and ``--jobs 2``: chars/s, triples/s into the store, wall time, peak RSS.
3. ``named_queries`` — who / duties / targets / responsibilities on stores of ~100k, 1M, 10M
   triples (built from scale corpora by the real pipeline), Oxigraph and (up to 1M) rdflib, each
   against the raw store running the same SPARQL; and the CLI's own ``who 健康扶贫`` latency.
4. ``shacl`` — validation at those sizes: whole graph (ours and raw pyshacl) and per part.
5. ``html_views`` — the HTML views at corpus size and larger.

Everything heavy runs in subprocesses of the real command, so the figures are what a user sees.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from . import baselines
from .measure import MIB, Run, run_measured, summary, timed
from .scale import corpus_chars, generate

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
WORK = BENCH_DIR / "work"
SRC = REPO / "src"

_SECONDS_LINE = re.compile(r"^seconds:\s*(.*)$", re.MULTILINE)


def cli_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {"PYTHONPATH": str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", ""), "NO_COLOR": "1",
           "COLUMNS": "200", "PYTHONHASHSEED": "0"}
    env.update(extra or {})
    return env


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "policy_graph.cli", *args]


def parse_seconds(stderr: str) -> dict[str, float]:
    """The ``seconds: ingest 0.15 · segment 0.03 · … · total 2.10`` line the build prints."""
    found = _SECONDS_LINE.findall(stderr)
    out: dict[str, float] = {}
    if not found:
        return out
    for item in found[-1].split("·"):
        parts = item.strip().rsplit(" ", 1)
        if len(parts) == 2:
            try:
                out[parts[0].strip()] = float(parts[1])
            except ValueError:
                pass
    return out


def _check(run: Run, what: str) -> None:
    if run.returncode not in (0, 1):
        tail = (run.stderr or run.stdout).strip().splitlines()[-5:]
        raise RuntimeError(f"{what} failed with exit {run.returncode}: " + " | ".join(tail))


def _runs_summary(runs: list[Run]) -> dict[str, Any]:
    return {"wall": summary([r.wall for r in runs]), "cpu": summary([r.cpu for r in runs]),
            "peak_rss_mib": summary([r.peak_rss / MIB for r in runs])}


# ----------------------------------------------------------------------------------------------
# 1. default build
# ----------------------------------------------------------------------------------------------


def corpus_texts(sources: list[Path] | None = None) -> tuple[list[str], list[str]]:
    """(input texts as decoded, canonical work texts) — "the same text" for the baselines."""
    from policy_graph import resources
    from policy_graph.ingest import load

    result = load(sources or [resources.corpus_dir()])
    return [s.text for s in result.sources], [w.text for w in result.works]


def default_build(*, repeats: int = 3, log: Any = print) -> dict[str, Any]:
    """The default build on the bundled corpus through the CLI: cold and warm, per stage."""
    base = WORK / "default"
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    cold: list[Run] = []
    for i in range(repeats):
        # cold: a fresh process with empty bytecode and temp caches, into an empty out folder
        pyc = Path(tempfile.mkdtemp(prefix="pyc", dir=base))
        tmp = Path(tempfile.mkdtemp(prefix="tmp", dir=base))
        run = run_measured(cli("build", "--out", str(base / f"cold{i}"), "-q"),
                           env=cli_env({"PYTHONPYCACHEPREFIX": str(pyc), "TMPDIR": str(tmp)}), cwd=base)
        _check(run, "default build (cold)")
        cold.append(run)
        log(f"  default build cold {i + 1}/{repeats}: {run.wall:.2f}s wall, {run.cpu:.2f}s CPU, {run.peak_rss / MIB:.0f} MiB")
    warm_out = base / "warm"
    run_measured(cli("build", "--out", str(warm_out), "-q"), env=cli_env(), cwd=base)  # warm-up
    warm: list[Run] = []
    for i in range(repeats):
        run = run_measured(cli("build", "--out", str(warm_out), "-q"), env=cli_env(), cwd=base)
        _check(run, "default build (warm)")
        warm.append(run)
        log(f"  default build warm {i + 1}/{repeats}: {run.wall:.2f}s wall, {run.cpu:.2f}s CPU, {run.peak_rss / MIB:.0f} MiB")
    stage_cpu = [_stage_cpu(base / "cpu") for _ in range(repeats)]
    log("  default build CPU per stage: " + ", ".join(f"{k} {v:.2f}" for k, v in stage_cpu[-1].items()))
    stages_cold = _stage_summary([parse_seconds(r.stderr) for r in cold])
    stages_warm = _stage_summary([parse_seconds(r.stderr) for r in warm])
    build_json = json.loads((warm_out / "build.json").read_text(encoding="utf-8"))

    raw, canonical = corpus_texts()
    jieba = baselines.jieba_segment(canonical, repeats=max(3, repeats))
    regex = baselines.regex_floor(canonical, repeats=max(3, repeats))
    # the extract stage in CPU seconds (against jieba's, also CPU-bound in this process)
    extract_s = _stage_summary(stage_cpu).get("extract", {}).get("median") or stages_warm.get("extract", {}).get("median")
    ratios = {
        "extract_over_jieba": (extract_s / jieba["seconds"]["median"]) if extract_s else None,
        "extract_over_jieba_with_init": (extract_s / (jieba["seconds"]["median"] + jieba["init_seconds"])) if extract_s else None,
        "extract_over_regex_floor": (extract_s / regex["seconds"]["median"]) if extract_s else None,
        "wall_warm_over_target_5s": _summ(warm)["wall"]["median"] / 5.0,
    }
    return {
        "cold": _summ(cold),
        "warm": _summ(warm),
        "stages_cold": stages_cold,
        "stages_warm": stages_warm,
        "stages_cpu": _stage_summary(stage_cpu),
        "counts": build_json.get("counts", {}),
        "text": {"input_chars": sum(len(t) for t in raw), "canonical_chars": sum(len(t) for t in canonical)},
        "baselines": {"jieba": jieba, "regex_floor": regex},
        "ratios": ratios,
        "out": str(warm_out),
    }


_STAGE_CPU = (
    "import json, sys, time; from pathlib import Path\n"
    "from policy_graph.pipeline import BuildConfig, build\n"
    "last = [time.process_time()]; out = {}\n"
    "def on_stage(stage, seconds, summary):\n"
    "    now = time.process_time(); out[stage] = out.get(stage, 0.0) + now - last[0]; last[0] = now\n"
    "build(BuildConfig(out=Path(sys.argv[1])), on_stage=on_stage)\n"
    "print(json.dumps(out))\n"
)


def _stage_cpu(out: Path) -> dict[str, float]:
    """CPU seconds per stage of the default build (process time between on_stage calls), in a
    warm subprocess: on a shared machine these move far less than the wall seconds."""
    run = run_measured([sys.executable, "-c", _STAGE_CPU, str(out)], env=cli_env(), cwd=WORK)
    _check(run, "default build (CPU per stage)")
    data: dict[str, float] = json.loads(run.stdout.strip().splitlines()[-1])
    return data


def _summ(runs: list[Run]) -> dict[str, Any]:
    return _runs_summary(runs)


def _stage_summary(per_run: list[dict[str, float]]) -> dict[str, Any]:
    keys: list[str] = []
    for d in per_run:
        keys += [k for k in d if k not in keys]
    return {k: summary([d[k] for d in per_run if k in d]) for k in keys}


# ----------------------------------------------------------------------------------------------
# 2. scale corpora
# ----------------------------------------------------------------------------------------------


def scale_corpus(factor: int) -> Path:
    return generate(factor, WORK / f"corpus-x{factor}")


def _report_sections(report_md: str) -> dict[str, dict[str, float]]:
    """``## Seconds per stage…`` sections of a build report → {section title: {stage: s}}."""
    out: dict[str, dict[str, float]] = {}
    current: str | None = None
    for line in report_md.splitlines():
        if line.startswith("## "):
            current = line[3:].strip() if "seconds" in line.lower() else None
            if current:
                out[current] = {}
        elif current and line.startswith("- ") and ":" in line:
            k, _, v = line[2:].partition(":")
            try:
                out[current][k.strip()] = float(v)
            except ValueError:
                pass
    return out


def scale_build(factor: int, jobs: int, *, repeats: int, stream: bool = True, log: Any = print,
                keep: bool = False) -> dict[str, Any]:
    """Build the x``factor`` corpus with the real CLI; throughput, wall time, peak RSS."""
    corpus = scale_corpus(factor)
    chars = corpus_chars(corpus)
    n_bytes = sum(p.stat().st_size for p in corpus.glob("*.txt"))
    out = WORK / f"out-x{factor}-j{jobs}{'' if stream else '-mem'}"
    runs: list[Run] = []
    for i in range(repeats):
        shutil.rmtree(out, ignore_errors=True)
        args = ["build", str(corpus), "--out", str(out), "--jobs", str(jobs), "-q"]
        args.append("--stream" if stream else "--no-stream")
        run = run_measured(cli(*args), env=cli_env(), cwd=WORK)
        _check(run, f"x{factor} build (jobs {jobs})")
        runs.append(run)
        log(f"  x{factor} {'stream' if stream else 'in-memory'} --jobs {jobs} run {i + 1}/{repeats}: "
            f"{run.wall:.1f}s wall, {run.cpu:.1f}s CPU, peak {run.peak_rss / MIB:.0f} MiB")
    build_json = json.loads((out / "build.json").read_text(encoding="utf-8"))
    counts = build_json.get("counts", {})
    sections = _report_sections((out / "report.md").read_text(encoding="utf-8"))
    wall_stages = _stage_summary([parse_seconds(r.stderr) for r in runs])
    worker = next((v for k, v in sections.items() if "inside the workers" in k), {})
    main_cpu = next((v for k, v in sections.items() if "main process" in k), {})
    s = _summ(runs)
    wall = s["wall"]["median"]
    quads = counts.get("stored_quads") or counts.get("triples") or 0
    ie_cpu = sum(worker.get(k, 0.0) for k in ("ingest", "segment", "extract"))
    # the store fills while the workers run (streaming.StreamOptions.load "follow"): quads over
    # the wall time from the first task to the end of the bulk load
    into_store = [wall_stages.get(k, {}).get("median") for k in ("analyse", "load")]
    load_s = sum(v for v in into_store if v) or None
    row = {
        "factor": factor,
        "jobs": jobs,
        "mode": "stream" if stream else "in-memory",
        "runs": len(runs),
        "input_chars": chars,
        "input_bytes": n_bytes,
        "counts": counts,
        "validation": build_json.get("validation"),
        **s,
        "stages_wall": wall_stages,
        "stages_worker_cpu": worker,
        "stages_main_cpu": main_cpu,
        "chars_per_s_end_to_end": chars / wall if wall else None,
        "chars_per_cpu_s_ingest_extract": chars / ie_cpu if ie_cpu else None,
        "quads": quads,
        "quads_per_s_end_to_end": quads / wall if wall else None,
        "quads_per_s_into_store": (quads / load_s) if load_s else None,
        "out": str(out),
    }
    if not keep:
        pass
    return row


def text_baselines(factor: int, *, jieba: bool = True, repeats: int = 1) -> dict[str, Any]:
    """Regex floor (and jieba) over the input text of the x``factor`` corpus."""
    corpus = scale_corpus(factor)
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]
    out: dict[str, Any] = {"factor": factor, "regex_floor": baselines.regex_floor(texts, repeats=repeats)}
    if jieba:
        out["jieba"] = baselines.jieba_segment(texts, repeats=repeats)
    return out


# ----------------------------------------------------------------------------------------------
# 3. named queries
# ----------------------------------------------------------------------------------------------

QUERY_CASES: tuple[tuple[str, str, dict[str, str]], ...] = (
    # (label, named query, parameters); {doc} is replaced by the title fragment of one document
    ("who 健康扶贫", "who", {"text": "健康扶贫"}),
    ("who 健康扶贫 --doc", "who", {"text": "健康扶贫", "doc": "{doc}"}),
    ("duties 省卫计委", "duties", {"bodyText": "省卫计委"}),
    ("duties 省卫计委 --doc", "duties", {"bodyText": "省卫计委", "doc": "{doc}"}),
    ("targets --doc", "targets", {"doc": "{doc}"}),
    ("responsibilities (all rows)", "responsibilities", {}),
)


def named_queries(store_dir: Path, nq: Path | None, *, label: str, doc: str, repeats: int,
                  rdflib_too: bool, log: Any = print, budget: float = 20.0) -> list[dict[str, Any]]:
    """Each query case on the Oxigraph store (ours vs raw) and, if asked, on rdflib (ours vs raw)."""
    from policy_graph.query import resolve, run
    from policy_graph.query.narrow import narrow
    from policy_graph.store import MemoryStore, OxigraphStore, lookup

    rows: list[dict[str, Any]] = []
    index_info: dict[str, Any] = {}
    if lookup.LookupIndex.open(store_dir) is None:  # a store built before the index existed
        t0 = time.perf_counter()
        lookup.write_for(store_dir)
        index_info["built_by_bench_s"] = time.perf_counter() - t0
        log(f"  {label}: lookup index written in {index_info['built_by_bench_s']:.1f}s")
    index_info["mib"] = (store_dir / lookup.FILE_NAME).stat().st_size / 2**20
    ox_store = OxigraphStore.open(store_dir, read_only=True)
    n_triples = len(ox_store.store)
    backends: list[tuple[str, Any]] = [("oxigraph", ox_store)]
    load_info: dict[str, Any] = {}
    if rdflib_too and nq is not None:
        info = baselines.rdflib_load(nq)
        graph = info.pop("_graph")
        load_info["rdflib"] = info
        backends.append(("rdflib", MemoryStore(graph)))
        log(f"  rdflib parsed {info['triples']} triples in {info['seconds']['median']:.1f}s")
    for backend, store in backends:
        # rdflib answers these joins in ~10 s at 100k triples (minutes at 1M): one run each, no
        # warm-up, only the interactive lookups and the broad who
        reps = repeats if backend == "oxigraph" else 1
        for case, name, params in QUERY_CASES:
            if backend == "rdflib" and ("--doc" not in case and case != "who 健康扶贫"):
                continue
            bound = {k: v.replace("{doc}", doc) for k, v in params.items()}
            named = resolve(name)
            usable = {k: v for k, v in bound.items() if k in {p for p, _ in named.params}}
            n = reps
            if backend == "oxigraph":
                t0 = time.perf_counter()
                run(named, store, params=usable)  # warm-up (prepares, caches)
                first = time.perf_counter() - t0
                # slow queries (exports at ~1M+ triples take many seconds): fewer repeats, ≥ 3
                n = max(3, min(reps, int(budget / max(first, 1e-6))))
            times, result = timed(lambda named=named, store=store, usable=usable: run(named, store, params=usable), n)
            unaided = None
            if backend == "oxigraph":
                # raw = the exact SPARQL our wrapper sent (narrowed by the lookup index when it
                # applies), straight on pyoxigraph; unaided = ours with the index switched off
                index = store.lookup
                sent = narrow(named.text, usable, index) if index is not None else named.text
                narrowed = sent != named.text
                raw = baselines.raw_oxigraph_query(store.store, sent, usable, repeats=n)
                if narrowed:
                    store._lookup = False
                    t0 = time.perf_counter()
                    run(named, store, params=usable)
                    first = time.perf_counter() - t0
                    u_times, _ = timed(lambda named=named, store=store, usable=usable: run(named, store, params=usable),
                                       max(1, min(3, int(budget / max(first, 1e-6)))))
                    unaided = summary(u_times)
                    store._lookup = index
            else:
                narrowed = False
                raw = baselines.raw_rdflib_query(store.graph, named.text, usable, repeats=n)
            ours = summary(times)
            rows.append({
                "size": label, "triples": n_triples, "backend": backend, "case": case, "query": name,
                "params": usable, "rows": len(result.rows), "ours": ours, "raw": raw["seconds"],
                "ratio_p50": ours["p50"] / raw["seconds"]["p50"] if raw["seconds"]["p50"] else None,
                "narrowed": narrowed, "unaided": unaided, "index": index_info if backend == "oxigraph" else None,
            })
            log(f"  {label} {backend:<8} {case:<30} rows {len(result.rows):>6}  p50 {ours['p50'] * 1000:8.1f} ms"
                f"  raw {raw['seconds']['p50'] * 1000:8.1f} ms"
                + (f"  unaided {unaided['p50'] * 1000:8.1f} ms" if unaided else ""))
    del ox_store
    if load_info:
        rows.append({"size": label, "triples": n_triples, "backend": "rdflib", "case": "(load)", "load": load_info["rdflib"]})
    return rows


def cli_latency(graph: Path, *, repeats: int = 5, text: str = "健康扶贫", log: Any = print) -> dict[str, Any]:
    """Wall time of ``policy-graph who TEXT --graph OUT`` (and of a bare interpreter, the floor)."""
    runs = []
    for _ in range(repeats + 1):
        r = run_measured(cli("who", text, "--graph", str(graph), "--format", "csv"), env=cli_env(), cwd=WORK)
        _check(r, "who")
        runs.append(r)
    runs = runs[1:]
    floor = [run_measured([sys.executable, "-c", "pass"], env=cli_env(), cwd=WORK) for _ in range(repeats)]
    imp = [run_measured([sys.executable, "-c", "import pyoxigraph, click"], env=cli_env(), cwd=WORK) for _ in range(repeats)]
    rows = max(0, len(runs[-1].stdout.strip().splitlines()) - 1)
    out = {
        "graph": str(graph), "text": text, "rows": rows,
        "wall": summary([r.wall for r in runs]), "peak_rss_mib": summary([r.peak_rss / MIB for r in runs]),
        "python_floor": summary([r.wall for r in floor]),
        "import_floor": summary([r.wall for r in imp]),
    }
    out["ratio_over_python_floor"] = out["wall"]["median"] / out["python_floor"]["median"]
    log(f"  who {text}: {out['wall']['median']:.3f}s median ({rows} rows); bare python {out['python_floor']['median']:.3f}s")
    return out


def store_load_baselines(nq: Path, *, label: str, rdflib_too: bool, log: Any = print) -> dict[str, Any]:
    """Raw pyoxigraph load (memory and on-disk bulk) of the same quads; rdflib parse when small."""
    scratch = WORK / f"rawstore-{label}"
    out: dict[str, Any] = {"size": label, "oxigraph": baselines.oxigraph_load(nq, scratch)}
    shutil.rmtree(scratch, ignore_errors=True)
    log(f"  raw oxigraph load {label}: memory {out['oxigraph']['memory_load']['seconds']['median']:.1f}s, "
        f"disk bulk {out['oxigraph']['disk_bulk_load']['seconds']['median']:.1f}s")
    return out


# ----------------------------------------------------------------------------------------------
# 4. SHACL
# ----------------------------------------------------------------------------------------------


def shacl_whole(nq: Path, *, label: str, log: Any = print) -> dict[str, Any]:
    """validate() on the whole graph (asserted + inferred + ontology) vs raw pyshacl on it."""
    from rdflib import Dataset, Graph

    from policy_graph.validate import load_shapes, validate

    ds = Dataset()
    ds.parse(str(nq), format="nquads")
    graph = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        graph.add((s, p, o))
    del ds
    t = time.perf_counter()
    report = validate(graph)
    ours = time.perf_counter() - t
    raw = baselines.pyshacl_raw(graph, load_shapes())
    log(f"  SHACL {label}: validate() {ours:.1f}s, raw pyshacl {raw['seconds']:.1f}s on {len(graph)} triples")
    return {"size": label, "triples": len(graph), "mode": "whole graph", "ours_seconds": ours,
            "raw_pyshacl_seconds": raw["seconds"], "ratio": ours / raw["seconds"] if raw["seconds"] else None,
            "conforms": bool(report.conforms), "results": len(report.results)}


def shacl_per_part(row: dict[str, Any]) -> dict[str, Any] | None:
    """Per-part validation figures of a streaming build (from its report): s per part, triples/s."""
    v = row.get("validation") or {}
    secs = (row.get("stages_worker_cpu") or {}).get("validate")
    if not v or not v.get("validated_parts") or not secs:
        return None
    parts, validated = v["parts"], v["validated_parts"]
    per_part = secs / validated
    triples = (row.get("counts") or {}).get("triples", 0) + (row.get("counts") or {}).get("inferred", 0)
    per_part_triples = triples / parts if parts else 0
    return {"size": f"x{row['factor']}", "triples": triples, "mode": "per part (streaming)", "parts": parts,
            "validated_parts": validated, "seconds_per_part": per_part,
            "triples_per_s": per_part_triples / per_part if per_part else None,
            "projected_all_parts_cpu_s": per_part * parts, "jobs": row["jobs"]}


# ----------------------------------------------------------------------------------------------
# 5. HTML views
# ----------------------------------------------------------------------------------------------


def html_views(nq_or_ttl: Path, *, label: str, log: Any = print) -> dict[str, Any]:
    """render_site on the built graph, in a subprocess (time, peak RSS, page sizes, node counts)."""
    out_dir = WORK / f"html-{label}"
    shutil.rmtree(out_dir, ignore_errors=True)
    code = (
        "import json,sys,time; from pathlib import Path; from rdflib import Dataset, Graph;"
        "from policy_graph.visualise import render_site;"
        "p=Path(sys.argv[1]); t=time.perf_counter(); ds=Dataset();"
        "ds.parse(str(p), format='nquads' if p.suffix=='.nq' else ('nt' if p.suffix=='.nt' else 'turtle'));"
        "g=Graph(); [g.add((s,q,o)) for s,q,o,_ in ds.quads((None,None,None,None))]; del ds;"
        "t1=time.perf_counter(); pages=render_site(g, Path(sys.argv[2])); t2=time.perf_counter();"
        "print(json.dumps({'parse_s':t1-t,'render_s':t2-t1,'triples':len(g),"
        "'pages':{x.name:x.stat().st_size for x in pages}}))"
    )
    run = run_measured([sys.executable, "-c", code, str(nq_or_ttl), str(out_dir)], env=cli_env(), cwd=WORK)
    _check(run, f"HTML views {label}")
    info = json.loads(run.stdout.strip().splitlines()[-1])
    pages = info["pages"]
    graph_html = out_dir / "graph.html"
    nodes = _count_nodes(graph_html) if graph_html.exists() else None
    res = {"size": label, "triples": info["triples"], "parse_s": info["parse_s"], "render_s": info["render_s"],
           "wall": run.wall, "peak_rss_mib": run.peak_rss / MIB, "pages": len(pages),
           "total_mib": sum(pages.values()) / MIB, "largest_page": max(pages.items(), key=lambda kv: kv[1]) if pages else None,
           "graph_html_kib": pages.get("graph.html", 0) / 1024, "graph_html_nodes": nodes}
    log(f"  HTML {label}: render {info['render_s']:.1f}s, {len(pages)} pages, {res['total_mib']:.1f} MiB, "
        f"graph.html {res['graph_html_kib']:.0f} KiB ({nodes} nodes)")
    shutil.rmtree(out_dir, ignore_errors=True)
    return res


def _count_nodes(path: Path) -> int | None:
    """Nodes graph.html carries in its inline data (``<script id="pg-data">`` JSON; best effort)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    m = re.search(r'<script[^>]*id="pg-data"[^>]*>(.*?)</script>', text, re.DOTALL)
    if not m:
        return None
    try:
        data = json.loads(m.group(1))
    except ValueError:
        return None
    nodes = data.get("nodes")
    return len(nodes) if isinstance(nodes, list) else None
