"""Task-division notes in the genre's conventions: markers, labelled lists, 列第一位者为牵头单位."""

from __future__ import annotations

import pytest

from policy_graph.extract.base import Context
from policy_graph.extract.roles import RULE_LABELLED, RULE_MARKER, TaskDivisionExtractor


@pytest.fixture(scope="module")
def note(make_doc):
    def run(text: str):
        return [(o.role, o.body.surface, o.evidence.rule) for o in TaskDivisionExtractor()(Context(make_doc(text)))]

    return run


def test_marker_lead_and_support(note):
    found = note("完善政策。（省卫生计生委牵头负责，省民政厅、省财政厅、湖北保监局分别负责）")
    assert found == [
        ("lead", "省卫生计生委", RULE_MARKER),
        ("support", "省民政厅", RULE_MARKER),
        ("support", "省财政厅", RULE_MARKER),
        ("support", "湖北保监局", RULE_MARKER),
    ]


def test_marker_variants(note):
    assert [(r, b) for r, b, _ in note("做好工作（省发改委、省扶贫办牵头，省财政厅配合）")] == [
        ("lead", "省发改委"), ("lead", "省扶贫办"), ("support", "省财政厅")]
    assert [(r, b) for r, b, _ in note("做好工作（省教育厅牵头负责，省扶贫办参与）")] == [
        ("lead", "省教育厅"), ("support", "省扶贫办")]
    assert [(r, b) for r, b, _ in note("做好工作（财政部、教育部按职责分工负责）")] == [
        ("support", "财政部"), ("support", "教育部")]
    # a sole responsible body leads no one: GUIDELINES list 负责 under duty (lead only next to support)
    assert [(r, b) for r, b, _ in note("做好工作（省人社厅负责）")] == [("duty", "省人社厅")]
    assert [(r, b) for r, b, _ in note("做好工作（省人社厅负责，省财政厅配合）")] == [
        ("lead", "省人社厅"), ("support", "省财政厅")]


def test_bracket_inside_a_name_and_broken_item(note):
    found = note("（省扶贫办牵头负责，省委财经办（省委农办）、省、文化厅分别负责）")
    assert [b for _, b, _ in found] == ["省扶贫办", "省委财经办（省委农办）", "文化厅"]


def test_labelled_lists(note):
    found = note("加强领导（牵头单位：省扶贫办；配合单位：省财政厅、省民政厅）")
    assert found == [
        ("lead", "省扶贫办", RULE_LABELLED),
        ("support", "省财政厅", RULE_LABELLED),
        ("support", "省民政厅", RULE_LABELLED),
    ]


def test_first_listed_is_lead_only_when_the_document_says_so(note):
    line = "（四）推进工作。\n责任单位：省教育厅、省财政厅、省扶贫办\n"
    assert [r for r, _, _ in note(line)] == ["duty", "duty", "duty"]
    said = note("注：列第一位者为牵头单位。\n" + line)
    assert [(r, b) for r, b, _ in said] == [("lead", "省教育厅"), ("support", "省财政厅"), ("support", "省扶贫办")]


def test_prose_in_brackets_is_not_a_note(note):
    assert note("各地要统筹推进（各级党委和政府要负责组织实施）。") == []
    assert note("（2015年11月29日）") == []


def test_evidence_is_the_whole_note(make_doc):
    doc = make_doc("完善政策。（省卫生计生委牵头负责，省民政厅分别负责）", section="四（六）", title="聚焦健康扶贫")
    for o in TaskDivisionExtractor()(Context(doc)):
        assert o.evidence.quote == doc.work.text[o.evidence.start:o.evidence.end]
        assert o.evidence.quote.startswith("（") and o.evidence.quote.endswith("）")
        assert o.measure == "聚焦健康扶贫" and o.evidence.section == "四（六）"


def test_labelled_list_on_one_line_ends_at_the_next_label(note):
    found = note("1.实施产业扶贫项目。牵头单位：县农业农村局 配合单位：县财政局、县扶贫办 完成时限：2019年12月底前")
    assert [(r, b) for r, b, _ in found] == [("lead", "县农业农村局"), ("support", "县财政局"), ("support", "县扶贫办")]


def test_other_spellings_of_the_convention(note):
    assert [(r, b) for r, b, _ in note("（一）加强领导。（牵头单位：省扶贫办，配合单位：省财政厅、省民政厅）")] == [
        ("lead", "省扶贫办"), ("support", "省财政厅"), ("support", "省民政厅")]
    said = note("（排在首位的为牵头单位）\n（三）做好工作。（省发改委、省财政厅）")
    assert [(r, b) for r, b, _ in said] == [("lead", "省发改委"), ("support", "省财政厅")]
    said = note("注：列第一位的为牵头单位。\n（二）推进工作。（责任单位：省教育厅、省财政厅）")
    assert [(r, b) for r, b, _ in said] == [("lead", "省教育厅"), ("support", "省财政厅")]
