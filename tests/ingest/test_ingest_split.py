"""Compilation splitting, OCR reflow, footnotes and page breaks, on small crafted texts."""

from __future__ import annotations

from pathlib import Path

from policy_graph.ingest import load
from policy_graph.ingest.mapped import MText
from policy_graph.ingest.reflow import is_hard_wrapped, reflow
from policy_graph.ingest.split import split_source

COMPILATION = """学 习 资 料
2018年11月

目 录
1. 第一篇讲话\t1
2. 关于测试工作的决定\t3

第一篇讲话¹
（2015年11月27日）
第一段讲话内容，要高度重视革命

¹ 某某同志在某会议上的讲话要点

老区脱贫攻坚工作。
第二段。
关于测试工作的决定
（2016年1月2日）
一、总体要求
（一）各级政府负总责。
（二）部门分别负责。
湖北省测试领导小组
2016年1月2日
"""


def test_compilation_toc_footnotes_and_signature():
    pieces = split_source(COMPILATION, "c.txt")
    assert [p.title for p in pieces] == ["第一篇讲话", "关于测试工作的决定"]
    speech, decision = pieces
    assert speech.date == "2015-11-27"
    assert speech.footnotes == ["¹ 某某同志在某会议上的讲话要点"]
    assert [b.text for b in speech.body] == ["第一段讲话内容，要高度重视革命老区脱贫攻坚工作。", "第二段。"]
    assert decision.date == "2016-01-02"
    assert [t.text for t in decision.tail] == ["湖北省测试领导小组", "2016年1月2日"]
    assert "学 习 资 料" not in "".join(b.text for p in pieces for b in p.head + p.body)


def test_separators_and_a_second_copy_with_a_prefix():
    text = (
        " 第一篇：关于测试工作的决定\n关于测试工作的决定\n（2024年1月2日）\n一、总体要求\n（一）各级政府负总责。\n"
        "第二篇：测试决定全文发布-2024-1-3\n测试决定全文发布\n2024-01-03  来源：测试网\n昨天，决定发布。\n"
        "决定全文 关于测试工作的决定\n（2024年1月2日）\n一、总体要求\n（一）各级政府负总责。\n二、保障\n（二）部门负责。\n"
        "决定看点\n看点一：负总责。\n"
    )
    pieces = split_source(text, "c.txt")
    assert [p.title for p in pieces] == ["关于测试工作的决定", "测试决定全文发布", "关于测试工作的决定", "决定看点"]
    assert pieces[1].source_line == "测试网" and pieces[1].date == "2024-01-03"


def test_reflow_joins_wrapped_lines_and_headings():
    raw = [
        "（上接第六版）因地制宜普及不同类型", "的卫生厕所，同步开展厕所粪污治", "理。有条件的地方逐步开展生活污",
        "水治理，解决村内道路泥泞问题。", "等问题。", "", "五、加强精准脱贫攻坚", "行动支撑保障", "",
        "（一）强化财政投入保障", "坚持增加政府扶贫投入与提高资", "", "金使用效益并重，健全与脱贫攻坚任",
        "务相适应的投入保障机制，支持贫困", "地区围绕现行脱贫目标。", "", "（二）加大东西部扶贫协作和对口", "支援力度", "",
        "把人才支持、市场对接、劳务协作、", "资金支持等作为协作重点。",
    ] * 2
    assert is_hard_wrapped(raw)
    text = "\n".join(raw)
    pieces = split_source("某某指导意见\n" + text, "ocr.txt")
    paras = [b.text for b in pieces[0].body]
    assert "五、加强精准脱贫攻坚行动支撑保障" in paras
    assert "（一）强化财政投入保障" in paras
    assert "（二）加大东西部扶贫协作和对口支援力度" in paras
    assert "坚持增加政府扶贫投入与提高资金使用效益并重，健全与脱贫攻坚任务相适应的投入保障机制，支持贫困地区围绕现行脱贫目标。" in paras
    assert not any("上接" in p for p in paras)


def test_reflow_keeps_offsets():
    lines = [MText.source("五、加强精准脱贫攻坚", "s", 0), MText.source("行动支撑保障", "s", 11)]
    (head,) = reflow(lines * 1)
    assert head.text == "五、加强精准脱贫攻坚行动支撑保障"
    assert head.at(10) == ("s", 11)


def test_ocr_corpus_heading_is_one_line(corpus_ingest):
    g = next(w for w in corpus_ingest.works if w.title.endswith("三年行动的指导意见"))
    ocr = next(x for x in g.witnesses if x.source.startswith("002"))
    src = next(s for s in corpus_ingest.sources if s.name == ocr.source)
    assert "五、加强精准脱贫攻坚\n行动支撑保障" in src.text
    pieces = split_source(src.text, src.name)
    body = [b.text for b in pieces[0].body]
    assert "五、加强精准脱贫攻坚行动支撑保障" in body
    assert "（一）加大东西部扶贫协作和对口支援力度" in body
    assert not any(len(b) < 6 and not b.startswith(("（", "五", "六", "七", "八")) for b in body)


def test_two_documents_in_one_md_file(tmp_path: Path):
    f = tmp_path / "two.md"
    f.write_text("# 关于甲的决定\n\n（2020年1月2日）\n\n一、总则\n\n（一）甲。\n\n## 关于乙的通知\n\n（2020年2月3日）\n\n乙的内容。\n", "utf-8")
    res = load([f])
    assert [(w.title, w.date) for w in res.works] == [("关于甲的决定", "2020-01-02"), ("关于乙的通知", "2020-02-03")]


def test_units_glued_by_a_lost_line_break_are_split_again():
    text = (
        "关于测试的决定\n（2024年1月2日）\n一、总体要求\n（一）各级政府负总责。[2]（二）部门分别负责。\n"
        "二、保障措施（三）加强领导。严格考核。\n"
    )
    (piece,) = split_source(text, "g.txt")
    assert [b.text for b in piece.body] == [
        "一、总体要求", "（一）各级政府负总责。", "（二）部门分别负责。", "二、保障措施", "（三）加强领导。严格考核。"
    ]
    assert len(piece.repairs) == 2 and "（二）" in piece.repairs[0]


def test_toc_with_dot_leaders_and_markdown_bullets():
    text = "目录\n关于甲的通知……1\n关于乙的通知……3\n关于甲的通知\n- 第一项要求。\n关于乙的通知\n* 第二项要求。\n"
    pieces = split_source(text, "t.md")
    assert [(p.title, [b.text for b in p.body]) for p in pieces] == [
        ("关于甲的通知", ["第一项要求。"]), ("关于乙的通知", ["第二项要求。"])
    ]
