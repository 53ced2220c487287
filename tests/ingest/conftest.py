"""Fixtures for the ingest tests: the bundled corpus, loaded once per module that asks."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

_SRC = Path(__file__).resolve().parents[2] / "src"
if str(_SRC) not in sys.path:  # a plain checkout without `pip install -e .`
    sys.path.insert(0, str(_SRC))

CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus"


@pytest.fixture(scope="session")
def corpus_ingest():
    from policy_graph.ingest import load

    return load([CORPUS])


@pytest.fixture(scope="session")
def work_titled(corpus_ingest):
    """work_titled("三年行动的指导意见") → the one work whose title contains the fragment."""

    def find(fragment: str, kind: str | None = None):
        hits = [w for w in corpus_ingest.works if fragment in w.title and (kind is None or w.kind == kind)]
        assert len(hits) == 1, [w.title for w in hits]
        return hits[0]

    return find
