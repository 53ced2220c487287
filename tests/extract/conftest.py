"""Fixtures for the extract tests: hand-built segmented works and the real bundled corpus."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from policy_graph.model import Section, SegmentedWork, Sentence, Work


def _make_doc(text: str, *, section: str = "（一）", title: str = "测试措施", kind: str = "decision") -> SegmentedWork:
    """One work, one titled item section, sentences split at 。；！？ and line breaks."""
    work = Work(id="test-work", title="测试文件", kind=kind, text=text)
    sentences = tuple(
        Sentence(m.start(), m.end(), section) for m in re.finditer(r"[^。；！？\n]+[。；！？]?", text)
    )
    sec = Section(section, "a1", "item", 0, len(text), title=title)
    return SegmentedWork(work, (sec,), sentences)


@pytest.fixture(scope="session")
def make_doc():
    """Build a one-section segmented work from a string (see :func:`_make_doc`)."""
    return _make_doc


@pytest.fixture(scope="session")
def corpus():
    """(segmented works, extractions) of the bundled corpus, through the real ingest and segment."""
    from policy_graph.extract import extract
    from policy_graph.ingest import load
    from policy_graph.resources import corpus_dir
    from policy_graph.segment import segment

    result = load([Path(corpus_dir())])
    docs = [segment(w) for w in result.works]
    return docs, [extract(d) for d in docs]


@pytest.fixture(scope="session")
def work_of(corpus):
    """(segmented work, extraction) of the corpus work whose title contains a fragment."""

    def find(fragment: str):
        docs, extractions = corpus
        for doc, ex in zip(docs, extractions):
            if fragment in doc.work.title and doc.work.kind not in ("news", "commentary"):
                return doc, ex
        raise AssertionError(f"no work titled …{fragment}… in the corpus")

    return find
