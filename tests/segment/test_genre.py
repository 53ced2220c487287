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


def test_one_misprinted_item_does_not_make_items_run_across() -> None:
    body = ("一、目标\n（一）甲。县政府负责甲。\n（二）乙。\n二、任务\n（二）丙。市政府负责丙。\n（三）丁。\n"
            "三、保障\n（一）戊。省政府负责戊。\n四、监督\n（一）己。审计机关负责己。")
    seg = _seg("other", body)  # chapter 二 misprints its first item; 三 and 四 restart at （一）
    ids = {seg.work.text[s.start : s.end]: s.section for s in seg.sentences}
    assert ids["市政府负责丙。"] == "二（二）" and ids["省政府负责戊。"] == "三（一）" and ids["审计机关负责己。"] == "四（一）"


def test_articles_without_chapters_and_an_annex() -> None:
    body = ("第一条 为了规范管理，制定本办法。\n第二条 县级人民政府负责下列工作：\n（一）审核；\n（二）公示。\n"
            "第三条 本办法自发布之日起施行。\n附件：重点任务分工表\n1.审核。牵头单位：县扶贫办。\n2.公示。牵头单位：乡镇政府。")
    seg = _seg("other", body)
    assert _section_of(seg, "县级人民政府负责下列工作") == {"第二条"}
    assert _section_of(seg, "公示。") == {"第二条（二）"}
    assert _section_of(seg, "本办法自发布之日起施行") == {"第三条"}
    assert _section_of(seg, "牵头单位：县扶贫办") == {"附件1"}
    assert _section_of(seg, "牵头单位：乡镇政府") == {"附件2"}
    art = seg.section("第二条")
    assert art is not None and art.kind == "article" and art.title is None and art.key == "t2"
    assert seg.section("第二条（二）").parent == "第二条"


def test_ingest_and_segment_agree_on_ids() -> None:
    from policy_graph.numbering import section_ids

    for name in ("01_gwyb_notice.txt", "03_regulation.txt", "05_arabic_top.txt", "17_joint_signature.txt"):
        for w in load([GENRE / name]).works:
            seg = segment(w)
            marked = {s.id for s in seg.sections}
            paras = [ln.strip() for ln in w.text.split("\n") if ln.strip()]
            assert marked >= set(section_ids(paras)) - {"preamble"}, name


def test_one_stray_marker_does_not_renumber_running_text() -> None:
    speech = _seg("speech", "同志们：\n第一，要提高认识，各级党委要高度重视。\n市直各部门要主动作为。")
    assert _section_of(speech, "市直各部门要主动作为") == {"p3"}
    news = _seg("news", "会议召开。\n一、会议要求各地抓落实。\n省扶贫办负责督查。")
    assert _section_of(news, "省扶贫办负责督查") == {"p3"}
