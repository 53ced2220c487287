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
            for line in fragment.split("\n"):
                at = [k for k in range(len(seg.work.text)) if seg.work.text.startswith(line, k)]
                assert not any(s.start <= k < s.end for k in at for s in seg.sentences), line


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


def _seg(kind: str, body: str):
    from policy_graph.model import Work

    return segment(Work(id="t", title="标题", kind=kind, text="标题\n" + body))


def test_a_numbered_list_inside_a_speech_keeps_paragraph_ids() -> None:
    body = "同志们：\n今年要抓好三件事。\n1.压实责任。县委书记要亲自抓。\n2.加大投入。\n最后，我再强调一点。"
    speech = _seg("speech", body)
    assert [s.section for s in speech.sentences if "县委书记" in speech.work.text[s.start : s.end]] == ["p3"]
    plan = _seg("other", body)  # an official text numbered 1. 2. at the top level
    assert {s.section for s in plan.sentences if "县委书记" in plan.work.text[s.start : s.end]} == {"1"}


def test_heading_grammar() -> None:
    from policy_graph.numbering import marker_at

    cases = {
        "第十二条 县级人民政府负责": ("tiao", "第十二条"),
        "第三章　保障措施": ("zhang", "第三章"),
        "第一节 资金保障": ("jie", "第一节"),
        "第一部分 总体要求": ("zhang", "第一部分"),
        "（十四）加强领导": ("item", "（十四）"),
        "(3)开展培训": ("paren", "（3）"),
        "（3）开展培训": ("paren", "（3）"),
        "③协助落实": ("circled", "③"),
        "2、加强督查": ("subitem", "2"),
        "附件2": ("annex", "附件2"),
        "第一，提高站位": ("part", "第一"),
    }
    for text, (kind, label) in cases.items():
        m = marker_at(text)
        assert m is not None and (m.kind, m.label) == (kind, label), text
    for text in ("一是压实责任。", "二是完善机制", "第二章所称的扶贫对象是指具有本省户籍的农村居民，按照标准认定。",
                 "2018年底前完成", "104.6万人", "第一书记要驻村"):
        m = marker_at(text)
        assert m is None, (text, m)
