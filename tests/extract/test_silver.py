"""The held-out silver set (``genre/``): genre documents with other task-division conventions and
chapters of corpus documents outside the dev gold, annotated per GUIDELINES.md before the rules were
tuned. These tests keep the silver set honest (every quote verbatim, every role a contract code)
and hold the extractor to a floor on it, scored like ``score_extraction.py`` (same document, section
equal or continued, body equal or contained, one-to-one)."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from policy_graph.extract import extract
from policy_graph.ingest import load
from policy_graph.model import ROLE_CODES
from policy_graph.resources import corpus_dir
from policy_graph.segment import segment

GENRE = Path(__file__).parent / "genre"
SILVER = GENRE / "silver"


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).replace("(", "（").replace(")", "）").split())


@pytest.fixture(scope="module")
def silver():
    docs = json.loads((SILVER / "docs.json").read_text(encoding="utf-8"))
    scope = json.loads((SILVER / "scope.json").read_text(encoding="utf-8"))
    rows = [json.loads(line) for p in sorted(SILVER.glob("*.resp.jsonl"))
            for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    works = load([Path(corpus_dir()), *sorted(GENRE.glob("*.txt"))]).works
    by_doc = {}
    for did, keywords in docs.items():
        matches = [w for w in works if all(k in w.title for k in keywords) and w.kind not in ("news", "commentary")]
        assert len(matches) == 1, (did, [w.title for w in matches])
        by_doc[did] = matches[0]
    return docs, scope, rows, by_doc


def test_silver_rows_are_well_formed(silver):
    _, _, rows, by_doc = silver
    assert len(rows) > 300
    for r in rows:
        text = by_doc[r["doc"]].text
        assert r["quote"] in text, r
        assert r["body"] in r["quote"], r
        assert r["role"] in ROLE_CODES, r


def _match(preds: list[tuple], golds: list[tuple]) -> int:
    used_p, used_g, n = set(), set(), 0
    for level in (2, 1):
        for gi, g in enumerate(golds):
            if gi in used_g:
                continue
            for pi, p in enumerate(preds):
                if pi in used_p or p[0] != g[0] or not p[1].startswith(g[1]):
                    continue
                ok = p[2] == g[2] if level == 2 else min(len(p[2]), len(g[2])) >= 2 and (p[2] in g[2] or g[2] in p[2])
                if ok:
                    used_p.add(pi)
                    used_g.add(gi)
                    n += 1
                    break
    return n


def test_extraction_generalises_to_the_silver_set(silver):
    _, scope, rows, by_doc = silver
    golds = sorted({(r["doc"], _norm(r["section"]), _norm(r["body"])) for r in rows})
    preds = set()
    for did, work in by_doc.items():
        prefixes = tuple(scope.get(did, [""]))
        for o in extract(segment(work)).obligations:
            if o.evidence.section.startswith(prefixes):
                preds.add((did, _norm(o.evidence.section), _norm(o.body.surface)))
    preds = sorted(preds)
    tp = _match(preds, golds)
    precision, recall = tp / len(preds), tp / len(golds)
    f1 = 2 * precision * recall / (precision + recall)
    # measured 0.951 when the rules were last changed (0.881 before the genre rules): a floor with margin
    assert f1 >= 0.92, (precision, recall, f1)


def _value(v: str) -> str:
    v = _norm(v).replace("—", "-").replace("至", "-")
    return v.rstrip("0").rstrip(".") if "." in v else v


def test_targets_generalise_to_the_silver_set(silver):
    _, scope, _, by_doc = silver
    golds = sorted({(r["doc"], _norm(r["section"]), _value(r["value"]))
                    for p in sorted(SILVER.glob("*.targets.jsonl"))
                    for r in map(json.loads, p.read_text(encoding="utf-8").splitlines())})
    for did, section, _ in golds:
        assert did in by_doc
    preds = set()
    for did in sorted({g[0] for g in golds}):
        prefixes = tuple(scope.get(did, [""]))
        for t in extract(segment(by_doc[did])).targets:
            if t.evidence.section.startswith(prefixes):
                preds.add((did, _norm(t.evidence.section), _value(t.value)))
    tp = sum(1 for g in golds if any(p[0] == g[0] and p[1].startswith(g[1]) and p[2] == g[2] for p in preds))
    precision, recall = tp / len(preds), tp / len(golds)
    # measured 0.935 after the quota/threshold rules (0.80 before): a floor with margin
    assert 2 * precision * recall / (precision + recall) >= 0.88, (precision, recall)
