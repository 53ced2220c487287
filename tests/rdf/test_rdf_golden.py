"""Snapshot of to_graph on the hand-built fixture corpus, compared as sorted N-Triples.

A deliberate change of the RDF mapping regenerates the snapshot with
``POLICY_GRAPH_UPDATE_GOLDEN=1 python -m pytest tests/rdf/test_rdf_golden.py``; the failure message
shows only the triples on one side, so a review sees exactly what changed.
"""

from __future__ import annotations

import os
from pathlib import Path

from fixtures.builders import corpus

from policy_graph.rdf import to_graph

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "golden" / "corpus.nt"


def _lines(text: str) -> list[str]:
    return sorted(line for line in text.splitlines() if line.strip())


def test_fixture_corpus_matches_the_golden_graph():
    docs, exs = corpus()
    got = _lines(to_graph(docs, exs).serialize(format="nt"))
    if os.environ.get("POLICY_GRAPH_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text("\n".join(got) + "\n", encoding="utf-8")
    want = _lines(GOLDEN.read_text(encoding="utf-8"))
    only_got, only_want = sorted(set(got) - set(want)), sorted(set(want) - set(got))
    assert not only_got and not only_want, (
        "to_graph changed:\n+ " + "\n+ ".join(only_got[:20]) + "\n- " + "\n- ".join(only_want[:20])
    )
    assert len(got) == len(want) > 500
