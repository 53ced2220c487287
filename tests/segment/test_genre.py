"""Section ids on unseen layouts of the genre (tests/segment/genre/, expectations in expected.json).

Why these fixtures: the bundled corpus has one layout per document; the documents the pipeline
meets in use come from other issuers and are numbered 第X章/第X条, 1./（1）, 第一，…, or not at
all, arrive as Markdown, GB18030, UTF-16 or OCR columns, and sit in compilations. Each fixture
states which sentence belongs to which contract id (DESIGN.md), so a wrong id fails loudly.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policy_graph.ingest import load
from policy_graph.segment import segment

GENRE = Path(__file__).parent / "genre"
EXPECTED: dict = json.loads((GENRE / "expected.json").read_text("utf-8"))


def expectations(name: str) -> list[dict]:
    exp = EXPECTED[name]
    while isinstance(exp, str):  # "same-as:<other fixture>"
        exp = EXPECTED[exp.split(":", 1)[1]]
    return exp


def _section_of(seg, fragment: str) -> set[str]:
    text = seg.work.text
    i = text.find(fragment)
    assert i >= 0, f"{fragment!r} not in the canonical text of {seg.work.title}"
    return {s.section for s in seg.sentences if s.start <= i < s.end}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_genre_section_ids(name: str) -> None:
    works = {w.title: w for w in load([GENRE / name]).works}
    for exp in expectations(name):
        assert exp["title"] in works, sorted(works)
        seg = segment(works[exp["title"]])
        for fragment, sid in exp["sections"]:
            assert _section_of(seg, fragment) == {sid}, (fragment, sid)
        for fragment in exp.get("absent", []):  # signatures, web-page furniture: never body text
            line = fragment.split("\n")[-1]
            i = seg.work.text.find(line)
            assert i < 0 or not any(s.start <= i < s.end for s in seg.sentences), fragment


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_genre_sections_are_well_formed(name: str) -> None:
    for work in load([GENRE / name]).works:
        seg = segment(work)
        ids = [s.id for s in seg.sections]
        assert len(ids) == len(set(ids)), ids
        assert all(" " not in i and "(" not in i and ")" not in i for i in ids), ids
        known = set(ids)
        assert all(s.section in known for s in seg.sentences)
        assert all(s.parent is None or s.parent in known for s in seg.sections)
