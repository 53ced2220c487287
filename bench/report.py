"""results.json → bench/RESULTS.md (tables with ratios and targets) and PNG plots (matplotlib Agg).

Pure functions of the results dict, so the tests can render a tiny run and check the output.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

#: (id, what, limit, unit) — the targets of issue 8; absolute ones are for a 2-core machine.
TARGETS: tuple[tuple[str, str, float, str], ...] = (
    ("default_wall", "default build on the bundled corpus, wall (warm, end to end)", 5.0, "s"),
    ("default_cpu", "default build, CPU seconds (≈ its wall time on an idle machine: one process)", 5.0, "s"),
    ("extract_vs_jieba", "extract stage / jieba on the same text", 2.0, "×"),
    ("cli_who", "`policy-graph who 健康扶贫` on the default build, wall", 0.5, "s"),
    ("x1000_wall", "x1000 corpus, --jobs 2, wall", 600.0, "s"),
    ("x1000_cpu_half", "x1000 corpus, CPU seconds / 2 (≈ wall with --jobs 2 on an idle 2-core machine)", 600.0, "s"),
    ("x1000_rss", "x1000 corpus, --jobs 2, peak RSS (process tree)", 4096.0, "MiB"),
    ("scaling_x10_x1000", "time per char at x1000 / at x10 (1 = linear)", 1.5, "×"),
    ("query_10m_p50", "named queries at ~10M triples, worst p50 of the selective ones", 0.020, "s"),
    ("query_10m_ratio", "named queries at ~10M triples, worst p50 ratio to the raw store", 3.0, "×"),
)
#: Query cases that are interactive lookups (the p50 target); the rest are exports.
SELECTIVE = ("who 健康扶贫 --doc", "duties 省卫计委 --doc", "targets --doc")


_PIPELINE_ORDER = ("ingest", "segment", "extract", "rdf", "reason", "validate", "query", "viz", "write")

def _get(d: Any, *keys: Any) -> Any:
    for k in keys:
        if d is None:
            return None
        d = d.get(k) if isinstance(d, dict) else None
    return d


def _scale_row(results: dict[str, Any], factor: int, jobs: int) -> dict[str, Any] | None:
    for r in _get(results, "scale", "rows") or []:
        if r["factor"] == factor and r["jobs"] == jobs and r["mode"] == "stream":
            return r
    return None


def evaluate_targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target with the measured value and whether it is met (None: not measured)."""
    measured: dict[str, float | None] = {
        "default_wall": _get(results, "default", "warm", "wall", "median"),
        "extract_vs_jieba": _get(results, "default", "ratios", "extract_over_jieba"),
        "cli_who": _get(results, "queries", "cli_who", "wall", "median"),
        "default_cpu": _get(results, "default", "warm", "cpu", "median"),
    }
    x1000, x10 = _scale_row(results, 1000, 2), _scale_row(results, 10, 2)
    measured["x1000_wall"] = _get(x1000, "wall", "median")
    measured["x1000_rss"] = _get(x1000, "peak_rss_mib", "max")
    cpu = _get(x1000, "cpu", "median")
    measured["x1000_cpu_half"] = cpu / 2 if cpu else None
    if x1000 and x10 and x10.get("chars_per_s_end_to_end") and x1000.get("chars_per_s_end_to_end"):
        measured["scaling_x10_x1000"] = x10["chars_per_s_end_to_end"] / x1000["chars_per_s_end_to_end"]
    else:
        measured["scaling_x10_x1000"] = None
    q10 = [r for r in _get(results, "queries", "rows") or []
           if r.get("size") == "~10M" and r.get("backend") == "oxigraph" and r.get("case") in SELECTIVE]
    measured["query_10m_p50"] = max((r["ours"]["p50"] for r in q10), default=None)
    measured["query_10m_ratio"] = max((r["ratio_p50"] for r in q10 if r.get("ratio_p50")), default=None)
    out = []
    for key, what, limit, unit in TARGETS:
        value = measured.get(key)
        out.append({"id": key, "what": what, "limit": limit, "unit": unit, "value": value,
                    "met": None if value is None else bool(value <= limit)})
    return out


# ----------------------------------------------------------------------------------------------
# markdown
# ----------------------------------------------------------------------------------------------


def _f(x: Any, digits: int = 2, scale: float = 1.0) -> str:
    if x is None:
        return "—"
    try:
        return f"{float(x) * scale:,.{digits}f}"
    except (TypeError, ValueError):
        return str(x)


def _mmm(s: dict[str, Any] | None, digits: int = 2, scale: float = 1.0) -> str:
    """median (min–max, n)."""
    if not s or not s.get("n"):
        return "—"
    return f"{_f(s['median'], digits, scale)} ({_f(s['min'], digits, scale)}–{_f(s['max'], digits, scale)}, n={s['n']})"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return lines


def headline_rows(results: dict[str, Any]) -> list[list[str]]:
    """The short table README's "Performance" section shows: figure, value, ratio to a baseline."""
    rows: list[list[str]] = []
    d = results.get("default") or {}
    if d:
        rows.append(["default build, bundled corpus (warm: wall on the shared machine; CPU)",
                     f"{_f(_get(d, 'warm', 'wall', 'median'))} s; {_f(_get(d, 'warm', 'cpu', 'median'))} CPU-s",
                     f"CPU {_f((_get(d, 'warm', 'cpu', 'median') or 0) / 5.0)}× the 5 s target"])
        rows.append(["extract stage vs jieba on the same text (CPU)",
                     f"{_f(_get(d, 'stages_cpu', 'extract', 'median') or _get(d, 'stages_warm', 'extract', 'median'), 3)} s",
                     f"{_f(_get(d, 'ratios', 'extract_over_jieba'))}× jieba"])
    who = _get(results, "queries", "cli_who")
    if who:
        rows.append(["`policy-graph who 健康扶贫` (wall)", f"{_f(_get(who, 'wall', 'median'), 3)} s",
                     f"{_f(who.get('ratio_over_python_floor'))}× a bare `python -c pass`"])
    for factor in (10, 100, 1000):
        r = _scale_row(results, factor, 2)
        if r:
            reg = _get(results, "scale", "text_baselines", "x10", "regex_floor", "chars_per_s")
            ratio = f"{_f(reg / r['chars_per_s_end_to_end'], 0)}× slower than one regex pass" if reg and r.get("chars_per_s_end_to_end") else ""
            cpu = _get(r, "cpu", "median")
            rows.append([f"x{factor} corpus, --jobs 2 (wall, CPU, peak RSS)",
                         f"{_f(_get(r, 'wall', 'median'), 1)} s, {_f(cpu, 0)} CPU-s, {_f(_get(r, 'peak_rss_mib', 'max'), 0)} MiB", ratio])
    for size in ("~1M", "~10M"):
        q = [x for x in _get(results, "queries", "rows") or [] if x.get("size") == size
             and x.get("backend") == "oxigraph" and x.get("case") in SELECTIVE]
        if q:
            worst = max(q, key=lambda x: x["ours"]["p50"])
            unaided = [x["unaided"]["p50"] for x in q if x.get("unaided")]
            rows.append([f"selective named queries at {size} triples (worst p50)", f"{_f(worst['ours']['p50'] * 1000, 1)} ms",
                         f"{_f(worst['ratio_p50'])}× raw pyoxigraph on the same text"
                         + (f"; the same queries unaided (no lookup index): up to {_f(max(unaided) * 1000, 0)} ms"
                            if unaided else "")])
    return rows


def render_markdown(results: dict[str, Any], *, plots: list[Path] | None = None, md_dir: Path | None = None) -> str:
    meta = results.get("meta", {})
    m = meta.get("machine", {})
    L: list[str] = ["# Benchmark results", ""]
    L.append(f"Measured {meta.get('date', '?')} (UTC) at commit `{meta.get('commit') or '?'}` with "
             f"`{meta.get('command', 'python -m bench')}`; sections keep the date they were measured.")
    L.append("")
    L.append(f"- machine: {m.get('cpu', '?')}, {m.get('cores', '?')} cores, {m.get('memory_gib', '?')} GiB, {m.get('platform', '?')}")
    L.append(f"- load average at start: {m.get('load_average')} — the machine was shared with other jobs; "
             "figures are medians of n runs with min–max, and ratios to baselines measured in the same run "
             "travel better than absolute seconds")
    v = m.get("versions", {})
    L.append("- versions: " + ", ".join(f"{k} {v[k]}" for k in sorted(v)))
    L.append("- peak RSS = sum over the process tree (CLI + workers), sampled every 20 ms")
    L.append("")

    L += ["## Targets", ""]
    rows = []
    for t in results.get("targets") or evaluate_targets(results):
        unit = t["unit"]
        val = "not measured" if t["value"] is None else (f"{_f(t['value'] * 1000, 1)} ms" if unit == "s" and t["limit"] < 1 else f"{_f(t['value'])} {unit}")
        lim = f"{_f(t['limit'] * 1000, 0)} ms" if unit == "s" and t["limit"] < 1 else f"{_f(t['limit'], 1)} {unit}"
        met = {True: "met", False: "**missed**", None: "—"}[t["met"]]
        rows.append([t["what"], f"≤ {lim}", val, met])
    L += _table(["target", "limit", "measured", ""], rows)
    L.append("")

    L += ["## Headline figures and ratios", ""]
    L += _table(["figure", "value", "ratio"], headline_rows(results))
    L.append("")

    d = results.get("default")
    if d:
        L += ["## 1. Default build on the bundled corpus", ""]
        text, counts = d.get("text", {}), d.get("counts", {})
        L.append(f"Input {_f(text.get('input_chars'), 0)} chars in {counts.get('sources', '?')} files → "
                 f"{counts.get('works', '?')} works ({_f(text.get('canonical_chars'), 0)} canonical chars), "
                 f"{counts.get('obligations', '?')} obligations, {counts.get('triples', '?')} triples.")
        L.append("")
        L += _table(["", "wall s", "CPU s", "peak RSS MiB"], [
            ["cold (fresh process, empty bytecode and temp caches, new out/)", _mmm(_get(d, "cold", "wall")),
             _mmm(_get(d, "cold", "cpu")), _mmm(_get(d, "cold", "peak_rss_mib"), 0)],
            ["warm (rebuild into the same out/)", _mmm(_get(d, "warm", "wall")), _mmm(_get(d, "warm", "cpu")),
             _mmm(_get(d, "warm", "peak_rss_mib"), 0)],
        ])
        L.append("")
        stages = list(dict.fromkeys([*d.get("stages_cold", {}), *d.get("stages_warm", {}), *d.get("stages_cpu", {})]))
        # pipeline order (results.json is written with sorted keys), then anything else, total last
        stages.sort(key=lambda s: (_PIPELINE_ORDER.index(s) if s in _PIPELINE_ORDER else len(_PIPELINE_ORDER), s == "total"))
        L += _table(["stage", "cold wall s", "warm wall s", "CPU s (in-process, warm)"],
                    [[s, _mmm(_get(d, "stages_cold", s), 3), _mmm(_get(d, "stages_warm", s), 3),
                      _mmm(_get(d, "stages_cpu", s), 3)] for s in stages])
        L.append("")
        j, r = _get(d, "baselines", "jieba"), _get(d, "baselines", "regex_floor")
        L.append(f"Baselines on the same canonical text: jieba {_f(_get(j, 'seconds', 'median'), 3)} s "
                 f"(+{_f(_get(j, 'init_seconds'), 2)} s dictionary load), {_f((j or {}).get('chars_per_s', 0) / 1e6, 2)} M chars/s; "
                 f"one regex pass ({_get(r, 'names')} body names) {_f(_get(r, 'seconds', 'median'), 4)} s, "
                 f"{_f((r or {}).get('chars_per_s', 0) / 1e6, 1)} M chars/s.")
        ra = d.get("ratios", {})
        L.append(f"Ratios: extract / jieba = {_f(ra.get('extract_over_jieba'))}× "
                 f"(with jieba's start-up {_f(ra.get('extract_over_jieba_with_init'))}×); extract / regex floor = "
                 f"{_f(ra.get('extract_over_regex_floor'), 0)}×.")
        L.append("")

    sc = results.get("scale")
    if sc:
        L += ["## 2. Scale corpora (streaming build: ingest → … → on-disk Oxigraph store)", ""]
        L.append("Copies of the bundled corpus with place names, titles, dates and quantities perturbed "
                 "(bench/scale.py), so no copy dedups into another. `chars/s` counts input characters; "
                 "`chars/CPU-s` divides by the ingest+segment+extract seconds summed over workers; "
                 "`quads/s into store` divides the stored quads by the wall seconds from the first task to the end "
                 "of the bulk load (analyse + load: the store fills while the workers run; runs before that "
                 "measured the load after the analysis alone).")
        L.append("")
        rows = []
        for r in sc.get("rows", []):
            c = r.get("counts", {})
            rows.append([f"x{r['factor']}", str(r["jobs"]), f"{r['input_chars']:,}", f"{c.get('works', 0):,}",
                         f"{r.get('quads', 0):,}", _mmm(r.get("wall"), 1), _mmm(r.get("cpu"), 1), _mmm(r.get("peak_rss_mib"), 0),
                         _f((r.get("chars_per_s_end_to_end") or 0) / 1e3, 0), _f((r.get("chars_per_cpu_s_ingest_extract") or 0) / 1e3, 0),
                         _f((r.get("quads_per_s_into_store") or 0) / 1e3, 0), _f((r.get("quads_per_s_end_to_end") or 0) / 1e3, 1)])
        L += _table(["corpus", "jobs", "input chars", "works", "quads", "wall s", "CPU s", "peak RSS MiB", "k chars/s",
                     "k chars/CPU-s (ingest+extract)", "k quads/s into store", "k quads/s end to end"], rows)
        L.append("")
        rows = []
        main_stages = ("plan", "analyse", "load", "optimize", "index")
        for r in sc.get("rows", []):
            w = r.get("stages_worker_cpu") or {}
            m = r.get("stages_main_cpu") or {}
            if w:
                rows.append([f"x{r['factor']} j{r['jobs']}"] + [_f(w.get(k), 1) for k in ("ingest", "segment", "extract", "rdf", "reason", "validate", "serialize")]
                            + [_f(_get(r, "stages_wall", k, "median"), 1) for k in main_stages]
                            + [_f(sum(m.values()), 1) if m else "—"])
        if rows:
            L.append("CPU seconds per stage inside the workers, summed over workers; then the main process's wall "
                     "seconds per stage (`load` = what was left to load after the last task: the store fills while "
                     "the workers run) and its CPU seconds, all threads (— for runs before it was recorded):")
            L.append("")
            L += _table(["run", "ingest", "segment", "extract", "rdf", "reason", "validate", "serialize",
                         "plan s", "analyse s", "load s", "optimize s", "index s", "main CPU s"], rows)
            L.append("")
        tb = sc.get("text_baselines") or {}
        if tb:
            rows = [[k, _f(_get(v, "regex_floor", "chars_per_s") and v["regex_floor"]["chars_per_s"] / 1e6, 1),
                     _f(_get(v, "jieba", "chars_per_s") and v["jieba"]["chars_per_s"] / 1e6, 2),
                     _f(_get(v, "jieba", "init_seconds"), 2)] for k, v in sorted(tb.items())]
            L.append("Text baselines on the same input text (one core):")
            L.append("")
            L += _table(["corpus", "regex pass M chars/s", "jieba M chars/s", "jieba start s"], rows)
            L.append("")

    q = results.get("queries")
    if q:
        L += ["## 3. Named queries", ""]
        L.append("p50 / p99 over repeated runs after one warm-up; `raw` = the exact SPARQL our wrapper sent "
                 "(narrowed by the lookup index when `narrowed` says yes) straight on pyoxigraph / rdflib with "
                 "results only iterated; ratio = ours p50 / raw p50 (ours includes the index lookup). `unaided` = "
                 "ours with the index switched off (the query as written in queries/). `--doc` cases filter to "
                 "one document (the interactive lookups the p50 target is about); the others return every match "
                 "in the collection, and run unaided past 1,000 candidates (store/lookup.py says why).")
        L.append("")
        rows = []
        for r in q.get("rows", []):
            if r.get("case") == "(load)":
                continue
            unaided = r.get("unaided")
            rows.append([r["size"], f"{r['triples']:,}", r["backend"], r["case"], f"{r['rows']:,}",
                         "yes" if r.get("narrowed") else "no",
                         _f(r["ours"]["p50"] * 1000, 1), _f(r["ours"]["p99"] * 1000, 1), _f(r["raw"]["p50"] * 1000, 1),
                         _f(r.get("ratio_p50")), _f(unaided["p50"] * 1000, 1) if unaided else "—"])
        L += _table(["size", "triples", "store", "query", "rows", "narrowed", "p50 ms", "p99 ms", "raw p50 ms",
                     "ratio", "unaided p50 ms"], rows)
        indexes = {r["size"]: r["index"] for r in q.get("rows", []) if r.get("index")}
        if indexes:
            L.append("")
            L.append("Lookup index beside each store: " + "; ".join(
                f"{size} {_f(i.get('mib'), 0)} MiB" + (f" (written by the bench in {_f(i['built_by_bench_s'], 1)} s: "
                                                      "the store predates the index)" if i.get("built_by_bench_s") else "")
                for size, i in indexes.items()) + ".")
        L.append("")
        loads = [r for r in q.get("rows", []) if r.get("case") == "(load)"]
        rows = []
        for r in q.get("store_loads", []):
            o = r.get("oxigraph", {})
            rows.append([r["size"], "pyoxigraph in memory", _f(_get(o, "memory_load", "seconds", "median"), 1),
                         _f((_get(o, "memory_load", "quads_per_s") or 0) / 1e3, 0)])
            rows.append([r["size"], "pyoxigraph on disk (bulk_load)", _f(_get(o, "disk_bulk_load", "seconds", "median"), 1),
                         _f((_get(o, "disk_bulk_load", "quads_per_s") or 0) / 1e3, 0)])
        for r in loads:
            rows.append([r["size"], "rdflib parse (N-Quads)", _f(_get(r, "load", "seconds", "median"), 1),
                         _f((_get(r, "load", "triples_per_s") or 0) / 1e3, 0)])
        if rows:
            L.append("Raw loads of the same quads (baselines for the build's store load):")
            L.append("")
            L += _table(["size", "how", "seconds", "k quads/s"], rows)
            L.append("")
        who = q.get("cli_who")
        if who:
            L.append(f"CLI latency: `policy-graph who {who['text']} --graph <default build>` "
                     f"{_mmm(who.get('wall'), 3)} s wall, {who['rows']} rows, peak {_f(_get(who, 'peak_rss_mib', 'median'), 0)} MiB; "
                     f"a bare `python -c pass` takes {_f(_get(who, 'python_floor', 'median'), 3)} s and "
                     f"`import pyoxigraph, click` {_f(_get(who, 'import_floor', 'median'), 3)} s.")
            L.append("")

    sh = results.get("shacl")
    if sh:
        L += ["## 4. SHACL validation", ""]
        rows = []
        for r in sh.get("rows", []):
            if r["mode"] == "whole graph":
                rows.append([r["size"], r["mode"], f"{r['triples']:,}", f"{_f(r['ours_seconds'], 1)} s",
                             f"raw pyshacl {_f(r['raw_pyshacl_seconds'], 1)} s ({_f(r['ratio'])}×)", f"conforms {r['conforms']}, {r['results']} results"])
            else:
                rows.append([r["size"], r["mode"], f"{r['triples']:,}", f"{_f(r['seconds_per_part'], 2)} s per part",
                             f"{_f((r.get('triples_per_s') or 0) / 1e3, 0)} k triples/s",
                             f"{r['validated_parts']} of {r['parts']} parts validated; all parts ≈ {_f(r['projected_all_parts_cpu_s'], 0)} CPU-s"])
        L += _table(["size", "mode", "triples", "time", "rate / baseline", "notes"], rows)
        L.append("")

    h = results.get("html")
    if h:
        L += ["## 5. HTML views", ""]
        rows = [[r["size"], f"{r['triples']:,}", _f(r["render_s"], 1), _f(r["peak_rss_mib"], 0), str(r["pages"]),
                 _f(r["total_mib"], 1), _f(r["graph_html_kib"], 0), str(r.get("graph_html_nodes") or "—")] for r in h.get("rows", [])]
        L += _table(["size", "triples", "render s", "peak RSS MiB", "pages", "total MiB", "graph.html KiB", "graph.html nodes"], rows)
        L.append("")

    pr = results.get("progress")
    if pr and pr.get("samples"):
        L += ["## Long run: monitor log (RSS, CPU and store size over time)", ""]
        L.append(f"Sampled from `{pr['source']}` (process tree of the build: RSS, CPU seconds; size of its store "
                 f"on disk; 1-minute load average of the machine). Peak RSS so far {_f(pr.get('peak_rss_mib'), 0)} MiB.")
        L.append("")
        samples = pr["samples"]
        step = max(1, len(samples) // 12)
        picked = samples[::step] + ([samples[-1]] if (len(samples) - 1) % step else [])
        L += _table(["UTC", "elapsed s", "RSS MiB", "CPU s", "store MiB", "load"],
                    [[r["utc"], _f(r["elapsed_s"], 0), _f(r["rss_mib"], 0), _f(r["cpu_s"], 0), _f(r["store_mib"], 0),
                      _f(r["load1"], 1)] for r in picked])
        L.append("")
    if plots:
        L += ["## Plots", ""]
        for p in plots:
            rel = p.relative_to(md_dir) if md_dir and p.is_relative_to(md_dir) else p
            L.append(f"![{p.stem}]({rel.as_posix()})")
            L.append("")
    L += ["## How to reproduce", "", "```", "python -m bench            # the suite (≈20–30 min on 2 cores)",
          "python -m bench --quick    # smoke run", "python -m bench --big --x1000   # adds ~10M triples, HTML at x100, x1000 corpus", "```", ""]
    return "\n".join(L)


# ----------------------------------------------------------------------------------------------
# plots
# ----------------------------------------------------------------------------------------------


def render_plots(results: dict[str, Any], out_dir: Path) -> list[Path]:
    """build time and peak RSS against corpus size; query p50 against store size. PNG files."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    written: list[Path] = []
    rows = _get(results, "scale", "rows") or []
    if rows:
        fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 4))
        for jobs, marker in ((1, "o"), (2, "s")):
            pts = sorted((r["input_chars"], r["wall"]["median"], r["peak_rss_mib"]["max"]) for r in rows
                         if r["jobs"] == jobs and r["mode"] == "stream")
            if pts:
                a1.plot([p[0] for p in pts], [p[1] for p in pts], marker=marker, label=f"--jobs {jobs}")
                a2.plot([p[0] for p in pts], [p[2] for p in pts], marker=marker, label=f"--jobs {jobs}")
        if rows:
            xs = sorted({r["input_chars"] for r in rows})
            base = min((r for r in rows if r["jobs"] == 2), key=lambda r: r["input_chars"], default=None)
            if base:
                k = base["wall"]["median"] / base["input_chars"]
                a1.plot(xs, [k * x for x in xs], ":", color="grey", label="linear from smallest")
        for ax, title, unit in ((a1, "build wall time", "seconds"), (a2, "peak RSS (process tree)", "MiB")):
            ax.set_xscale("log")
            ax.set_yscale("log")
            ax.set_xlabel("input characters")
            ax.set_ylabel(unit)
            ax.set_title(title)
            ax.grid(True, which="both", alpha=0.3)
            ax.legend()
        a2.axhline(4096, color="red", linestyle="--", linewidth=0.8)
        fig.tight_layout()
        path = out_dir / "scale.png"
        fig.savefig(path, dpi=100)
        plt.close(fig)
        written.append(path)
    qrows = [r for r in _get(results, "queries", "rows") or [] if r.get("case") != "(load)"]
    if qrows:
        fig, ax = plt.subplots(figsize=(7, 4))
        cases = sorted({(r["backend"], r["case"]) for r in qrows})
        for backend, case in cases:
            pts = sorted((r["triples"], r["ours"]["p50"] * 1000) for r in qrows if r["backend"] == backend and r["case"] == case)
            sample = next(r for r in qrows if r["backend"] == backend and r["case"] == case)
            label = sample["query"] + (" --doc" if "doc" in sample.get("params", {}) else "")  # ASCII: no CJK font needed
            ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o" if backend == "oxigraph" else "x",
                    linestyle="-" if backend == "oxigraph" else "--", label=f"{backend}: {label}")
        ax.axhline(20, color="red", linestyle="--", linewidth=0.8)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("triples in the store")
        ax.set_ylabel("p50 ms")
        ax.set_title("named queries")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=6)
        fig.tight_layout()
        path = out_dir / "queries.png"
        fig.savefig(path, dpi=100)
        plt.close(fig)
        written.append(path)
    return written


def readme_section(results: dict[str, Any]) -> str:
    """The short "Performance" section README.md carries (pasted from here, figures from results)."""
    m = _get(results, "meta", "machine") or {}
    lines = ["## Performance", "",
             (f"Measured with `python -m bench` on {m.get('cores', '?')} cores (a shared machine: see "
             "`bench/RESULTS.md` for load, CPU seconds, min–max and every baseline). Ratios travel better "
             "than seconds."), ""]
    lines += _table(["figure", "value", "ratio"], headline_rows(results))
    lines.append("")
    return "\n".join(lines)
