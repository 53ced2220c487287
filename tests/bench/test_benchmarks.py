"""A tiny smoke run of the benchmark code (bench/) and the streaming build it measures.

No timing assertions: the figures depend on the machine. What is checked is that the harness
produces well-formed results (keys, positive ratios, targets), that the scale corpus really is
N distinct copies, and that the streaming build gives the same graph as the in-memory build.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

pytest.importorskip("matplotlib")
pytest.importorskip("psutil")

from bench import baselines, report, scale
from bench import workloads as W


def _works(path: Path):
    from policy_graph.ingest import load

    return load([path]).works


def test_scale_corpus_is_n_distinct_copies(tmp_path: Path) -> None:
    from policy_graph import resources

    original = _works(resources.corpus_dir())
    out = scale.generate(2, tmp_path / "x2")
    files = sorted(out.glob("*.txt"))
    assert len(files) == 2 * len(list(resources.corpus_dir().glob("*.txt")))
    works = _works(out)
    # nothing dedups away, nothing new appears: each copy has the original's works and witnesses
    assert len(works) == 2 * len(original)
    assert len({w.title for w in works}) == len(works)
    assert sorted(len(w.witnesses) for w in works) == sorted(2 * [len(w.witnesses) for w in original])
    assert scale.place_token(0) in works[0].title or any(scale.place_token(0) in w.title for w in works)
    # deterministic: a second generation into another folder gives the same bytes
    again = scale.generate(2, tmp_path / "again")
    assert [f.read_bytes() for f in files] == [f.read_bytes() for f in sorted(again.glob("*.txt"))]


def test_place_tokens_are_distinct_well_past_x1000() -> None:
    tokens = [scale.place_token(k) for k in range(5000)]
    assert len(set(tokens)) == len(tokens)
    assert all(t.endswith("县") and not any(c.isdigit() for c in t) for t in tokens)


def test_perturb_keeps_kind_suffix_and_shifts_dates() -> None:
    variants = scale.title_variants(["中共中央 国务院关于打赢脱贫攻坚战的决定"])
    text = "中共中央 国务院关于打赢脱贫攻坚战的决定\n（2015年11月29日）\n湖北省完成90%，2018-06-15"
    out = scale.perturb(text, 1, variants)
    assert out.splitlines()[0] == f"中共中央 国务院关于{scale.place_token(1)}打赢脱贫攻坚战的决定"
    assert "2015年11月" in out and "2015年11月29日" not in out  # year kept, day shifted
    assert "湖北" not in out and "%" in out and "90%" not in out


def test_stream_build_matches_in_memory_build(corpus_build, tmp_path: Path) -> None:
    """Same triples (blank nodes aside) from the streaming path as from pipeline.build."""
    import pyoxigraph as ox

    from policy_graph.pipeline import BuildConfig
    from policy_graph.streaming import build_streaming

    result = build_streaming(BuildConfig(out=tmp_path / "out", validate=False, viz=False))
    store = ox.Store.read_only(str(tmp_path / "out" / "store"))

    def key(s: object, p: object, o: object) -> tuple[str, str, str] | None:
        if isinstance(s, ox.BlankNode) or isinstance(o, ox.BlankNode):
            return None
        return (str(s), str(p), str(o))

    streamed = {key(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, None)} - {None}
    nt = (corpus_build.config.out / "graph.nt").read_bytes()
    built = {key(t.subject, t.predicate, t.object) for t in ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)} - {None}
    assert streamed - built == set()
    assert built - streamed == set()
    # no triple is stored twice across the named graphs (the union is queried)
    assert result.counts()["stored_quads"] == len({(q.subject, q.predicate, q.object, q.graph_name) for q in store})
    assert (tmp_path / "out" / "build.json").exists() and (tmp_path / "out" / "responsibilities.csv").exists()


def test_harness_smoke_writes_results_markdown_and_plots(corpus_build, tmp_path: Path, monkeypatch) -> None:
    """Each workload's code on a tiny input, then the writer: keys, ratios, targets, PNGs."""
    out = corpus_build.config.out
    monkeypatch.setattr(W, "WORK", tmp_path / "work")
    (tmp_path / "work").mkdir()

    _, canonical = W.corpus_texts()
    sample = canonical[:2]
    regex = baselines.regex_floor(sample, repeats=1)
    jieba = baselines.jieba_segment(sample, repeats=1)
    assert regex["chars"] == jieba["chars"] == sum(len(t) for t in sample) > 0
    assert regex["chars_per_s"] > 0 and jieba["chars_per_s"] > 0 and jieba["words"] > 0

    queries = W.named_queries(out / "store", None, label="x1", doc="脱贫攻坚", repeats=1, rdflib_too=False, log=lambda m: None)
    cases = {r["case"] for r in queries}
    assert cases == {c for c, _, _ in W.QUERY_CASES}
    who = next(r for r in queries if r["case"] == "who 健康扶贫")
    assert who["rows"] > 0 and who["ratio_p50"] > 0 and who["backend"] == "oxigraph"
    cli_who = W.cli_latency(out, repeats=1, log=lambda m: None)
    assert cli_who["rows"] == who["rows"] and cli_who["ratio_over_python_floor"] > 0

    row = W.scale_build(1, 2, repeats=1, log=lambda m: None)
    assert row["counts"]["works"] == len(corpus_build.ingest.works)
    assert row["quads"] > 0 and row["chars_per_s_end_to_end"] > 0 and row["peak_rss_mib"]["max"] > 0
    assert set(row["stages_worker_cpu"]) >= {"ingest", "extract", "rdf"}
    part = W.shacl_per_part(row)
    assert part is not None and part["validated_parts"] == part["parts"] >= 1

    results = {
        "meta": {"date": "2026-01-01T00:00:00Z", "machine": {"cores": 2, "versions": {}}, "command": "test"},
        "default": {"warm": {"wall": {"n": 1, "median": 3.0, "min": 3.0, "max": 3.0}},
                    "ratios": {"extract_over_jieba": 1.5}},
        "scale": {"rows": [row], "text_baselines": {"x1": {"regex_floor": regex, "jieba": jieba}}},
        "queries": {"rows": queries, "store_loads": [], "cli_who": cli_who},
        "shacl": {"rows": [part]},
    }
    targets = report.evaluate_targets(results)
    by_id = {t["id"]: t for t in targets}
    assert by_id["default_wall"]["met"] is True and by_id["extract_vs_jieba"]["met"] is True
    assert by_id["x1000_wall"]["met"] is None  # not measured here, and said so
    results["targets"] = targets
    plots = report.render_plots(results, tmp_path)
    assert [p.name for p in plots] == ["scale.png", "queries.png"]
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in plots)
    md = report.render_markdown(results, plots=plots, md_dir=tmp_path)
    for heading in ("## Targets", "## Headline figures and ratios", "## 2. Scale corpora", "## 3. Named queries",
                    "## 4. SHACL validation", "![scale](scale.png)"):
        assert heading in md
    assert "not measured" in md
    json.dumps(results, default=str)  # serialisable as written by bench/run.py


def test_split_triples_writes_what_rdflib_writes() -> None:
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import XSD

    from policy_graph.streaming import split_triples

    g = Graph(store="SimpleMemory")
    s, p = URIRef("https://example.org/s"), URIRef("https://example.org/p")
    for o in (Literal('引号"与\\反斜杠\n换行\u2028'), Literal("标签", lang="zh"), Literal(7),
              Literal(7, datatype=XSD.nonNegativeInteger), URIRef("https://example.org/o")):
        g.add((s, p, o))
    expected = sorted(g.serialize(format="nt").strip("\n").split("\n"))
    owned, shared = split_triples(g, base="https://w3id.org/policy-graph/", works=set(), witnesses=set())
    assert owned == [] and shared == expected  # not under the base's id/: shared, and byte for byte rdflib's


def test_split_triples_keeps_part_triples_apart_from_shared_ones() -> None:
    from rdflib import Literal, URIRef
    from rdflib.namespace import DCTERMS, RDF, SKOS

    from policy_graph.namespaces import PG
    from policy_graph.streaming import _quads, split_triples

    base = "https://w3id.org/policy-graph/"
    body = URIRef(f"{base}id/body/b1")
    triples = [
        (URIRef(f"{base}id/work/w1"), DCTERMS.title, Literal("标题\u2028续")),
        (URIRef(f"{base}id/obligation/w1/abc"), PG.bearer, body),
        (URIRef(f"{base}id/witness/000-1"), RDF.type, PG.Witness),
        (body, SKOS.prefLabel, Literal("省卫计委", lang="zh")),
        (URIRef(f"{base}id/obligation/w2/def"), PG.bearer, body),
    ]
    owned, shared = split_triples(triples, base=base, works={"w1"}, witnesses={"000-1"})
    assert len(owned) == 3 and len(shared) == 2  # w2 is another part's work: not owned here
    assert any("\u2028" in line for line in owned)  # a line separator stays inside its literal
    assert owned == sorted(owned) and shared == sorted(shared)  # insertion order never reaches graph.nq
    quads = _quads(owned, f"{base}id/work/w1")
    assert all(q.endswith(f" <{base}id/work/w1> .") for q in quads.split("\n") if q.strip())

    import pyoxigraph as ox

    store = ox.Store()
    store.load(quads.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    assert len(store) == 3


def test_merge_keeps_both_runs_and_renders_a_long_runs_progress(tmp_path: Path) -> None:
    from bench import run as bench_run

    def row(factor: int, wall: float) -> dict:
        s = {"n": 1, "median": wall, "min": wall, "max": wall, "p50": wall, "p99": wall}
        return {"factor": factor, "jobs": 2, "mode": "stream", "input_chars": 123_000 * factor, "wall": s,
                "peak_rss_mib": s, "counts": {"works": 12 * factor}, "chars_per_s_end_to_end": 123_000 * factor / wall}

    suite = {"meta": {"date": "2026-01-01T01:00:00Z"}, "scale": {"rows": [row(10, 20.0)]}}
    big = {"meta": {"date": "2026-01-01T00:00:00Z"}, "scale": {"rows": [row(1000, 3000.0)]}}
    merged = bench_run.merge(big, suite)
    assert [r["factor"] for r in merged["scale"]["rows"]] == [10, 1000]
    targets = {t["id"]: t for t in report.evaluate_targets(merged)}
    assert targets["x1000_wall"]["met"] is False and targets["scaling_x10_x1000"]["value"] > 1

    csv = tmp_path / "monitor.csv"
    csv.write_text("utc,elapsed_s,rss_mib,cpu_s,store_mib,load1\n03:00:00,10,500,8,100,7.5\n03:00:10,20,700,16,210,7.0\n")
    merged["progress"] = bench_run.read_progress(csv)
    assert merged["progress"]["peak_rss_mib"] == 700
    md = report.render_markdown(merged)
    assert "## Long run: monitor log" in md and "**missed**" in md
