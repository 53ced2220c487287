#!/usr/bin/env python3
"""Dev evaluation of the extract stage: ingest → segment → extract → the two contract CSVs → scorer.

Usage:
  python bench/eval_extraction.py [SOURCES…] [--out DIR] [--gold DIR] [--verbose] [--no-score]

Without SOURCES it runs on the bundled corpus. It writes ``responsibilities.csv`` (document,
section, body, bodyLabel, roleCode, measureLabel, quote, rule) and ``targets.csv`` (document,
section, indicator, value, unit, deadline, scope, quote, rule) straight from the Extraction objects
(no RDF involved), prints per-rule counts and the time of each stage next to jieba's own
segmentation time of the same text, then runs ``score_extraction.py`` on the CSVs.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from policy_graph.extract import extract, rule_counts
from policy_graph.ingest import load
from policy_graph.resources import corpus_dir
from policy_graph.segment import segment

SCORER = Path("/work/shared/eval/score_extraction.py")
GOLD = Path("/work/shared/gold")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sources", nargs="*", type=Path)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "work" / "extraction")
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--scorer", type=Path, default=SCORER)
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--no-score", action="store_true")
    ap.add_argument("--kinds", help="only works of these kinds (comma-separated, e.g. decision,speech): "
                    "the dev scorer maps any title containing a gold title's keywords to that gold document")
    ap.add_argument("--jieba", action="store_true", help="also time jieba's segmentation of the same text")
    args = ap.parse_args()
    scope = _scope(args.gold)

    sources = args.sources or [corpus_dir()]
    t0 = time.perf_counter()
    result = load(sources)
    t1 = time.perf_counter()
    for p in result.problems:
        print(p.line(), file=sys.stderr)
    works = [w for w in result.works if not args.kinds or w.kind in args.kinds.split(",")]
    docs = [segment(w) for w in works]
    if docs:
        extract(docs[0])  # load the reference data and compile the rules once, outside the timing
    t2 = time.perf_counter()
    extractions = [extract(d) for d in docs]
    t3 = time.perf_counter()

    args.out.mkdir(parents=True, exist_ok=True)
    resp_path, targets_path = args.out / "responsibilities.csv", args.out / "targets.csv"
    counts: Counter[str] = Counter()
    with resp_path.open("w", encoding="utf-8", newline="") as fr, targets_path.open("w", encoding="utf-8", newline="") as ft:
        wr, wt = csv.writer(fr), csv.writer(ft)
        wr.writerow(["document", "section", "body", "bodyLabel", "roleCode", "measureLabel", "quote", "rule"])
        wt.writerow(["document", "section", "indicator", "value", "unit", "deadline", "scope", "quote", "rule"])
        for doc, ex in zip(docs, extractions):
            title = doc.work.title
            counts.update(rule_counts(ex))
            for o in ex.obligations:
                if not _in_scope(scope, title, o.evidence.section):
                    continue
                wr.writerow([title, o.evidence.section, o.body.key, o.body.surface, o.role,
                             o.measure or o.task[:30], o.evidence.quote, o.evidence.rule])
            for t in ex.targets:
                if not _in_scope(scope, title, t.evidence.section):
                    continue
                value = t.value + (t.qualifier or "")
                wt.writerow([title, t.evidence.section, t.indicator, value, t.unit, t.deadline or "",
                             t.scope or "", t.evidence.quote, t.evidence.rule])

    n_chars = sum(len(d.work.text) for d in docs)
    print(f"works={len(docs)} chars={n_chars} ingest={t1 - t0:.3f}s segment={t2 - t1:.3f}s extract={t3 - t2:.3f}s")
    if args.jieba:
        import jieba

        jieba.initialize()
        tj = time.perf_counter()
        for d in docs:
            jieba.lcut(d.work.text)
        print(f"jieba.lcut on the same text: {time.perf_counter() - tj:.3f}s")
    for rule, n in sorted(counts.items()):
        print(f"  {rule:45s} {n}")
    print(f"wrote {resp_path} and {targets_path}")
    if args.no_score:
        return 0
    cmd = [sys.executable, str(args.scorer), "--gold", str(args.gold), "--resp", str(resp_path),
           "--targets", str(targets_path)]
    if args.verbose:
        cmd.append("--verbose")
    return subprocess.call(cmd)


def _scope(gold: Path) -> list[tuple[list[str], list[str]]]:
    """``gold/scope.json`` (doc id → annotated section prefixes) as (title keywords, prefixes) pairs.

    A silver set may annotate only some chapters of a document; predictions elsewhere in it are
    dropped so that they do not count as spurious."""
    path = gold / "scope.json"
    if not path.exists():
        return []
    docs = json.loads((gold / "docs.json").read_text(encoding="utf-8"))
    return [(docs[d], prefixes) for d, prefixes in json.loads(path.read_text(encoding="utf-8")).items()]


def _in_scope(scope: list[tuple[list[str], list[str]]], title: str, section: str) -> bool:
    compact = "".join(title.split())
    for keywords, prefixes in scope:
        if all(k in compact for k in keywords):
            return section.startswith(tuple(prefixes))
    return True


if __name__ == "__main__":
    sys.exit(main())
