"""Citations (《…》, 文号, implements), approval chains, measures and populations on crafted text."""

from __future__ import annotations

from policy_graph.extract.base import Context
from policy_graph.extract.citations import RULE_NUMBER, RULE_TITLE, CitationExtractor
from policy_graph.extract.measures import MeasureExtractor, concepts_for
from policy_graph.extract.obligations import ObligationExtractor
from policy_graph.extract.populations import PopulationExtractor, populations_in
from policy_graph.extract.processes import ProcessExtractor


def test_citation_that_is_implemented(make_doc):
    doc = make_doc("为深入贯彻《中共中央国务院关于打赢脱贫攻坚战三年行动的指导意见》（中发〔2018〕16号）精神，特制定本实施意见。")
    [c] = CitationExtractor()(Context(doc))
    assert c.title == "中共中央国务院关于打赢脱贫攻坚战三年行动的指导意见"
    assert c.doc_number == "中发〔2018〕16号" and c.implements
    assert c.evidence.rule == RULE_TITLE and c.evidence.quote == doc.work.text[c.evidence.start:c.evidence.end]


def test_citation_that_is_only_mentioned(make_doc):
    found = CitationExtractor()(Context(make_doc("会议审议通过《关于加强和改进新形势下党校工作的意见》。另见国发〔2016〕64号。")))
    assert [(c.title, c.doc_number, c.implements, c.evidence.rule) for c in found] == [
        ("关于加强和改进新形势下党校工作的意见", None, False, RULE_TITLE),
        (None, "国发〔2016〕64号", False, RULE_NUMBER),
    ]


def test_approval_chain(make_doc):
    ctx = Context(make_doc("重点县退出，由县提出申请，市（地）初审，省级审定，报国务院扶贫开发领导小组备案。"))
    [p] = ProcessExtractor()(ctx, ObligationExtractor()(ctx))
    assert p.name == "重点县退出"
    assert [(s.order, s.body.label, s.action, s.role) for s in p.steps] == [
        (1, "县", "提出申请", "duty"), (2, "市（地）", "初审", "approve"),
        (3, "省（自治区、直辖市）", "审定", "approve"), (4, "国务院扶贫开发领导小组", "备案", "approve")]


def test_no_process_without_an_approval(make_doc):
    ctx = Context(make_doc("各级党委和政府要加强领导，县级党委和政府承担主体责任。"))
    assert ProcessExtractor()(ctx, ObligationExtractor()(ctx)) == []


def test_measures_from_item_titles(make_doc):
    doc = make_doc("（六）聚焦健康扶贫。完善政策。", section="四（六）", title="聚焦健康扶贫")
    [m] = MeasureExtractor()(Context(doc))
    assert (m.section, m.label, m.concepts) == ("四（六）", "聚焦健康扶贫", ("health",))
    assert concepts_for("实施易地扶贫搬迁") == ("relocation",)


def test_populations(make_doc):
    assert populations_in("对建档立卡贫困人口和贫困残疾人、留守儿童") == ("left-behind-children", "poor-disabled", "registered-poor")
    assert populations_in("三区三州等深度贫困地区") == ("deep-poverty-areas",)
    found = PopulationExtractor()(Context(make_doc("关爱留守儿童。再次关爱留守儿童。")))
    assert [k for k, _ in found] == ["left-behind-children"]  # once per section


def test_extract_on_empty_and_unstructured_text(make_doc):
    from policy_graph.extract import extract

    empty = extract(make_doc(""))
    assert empty.work == "test-work" and empty.obligations == () and empty.targets == ()
    odd = extract(make_doc("（（（）））《》〔〕 and 123 ％ —— \n\n各级党委和政府要"))
    assert all(o.evidence.quote == "（（（）））《》〔〕 and 123 ％ —— \n\n各级党委和政府要"[o.evidence.start:o.evidence.end]
               for o in odd.obligations)
