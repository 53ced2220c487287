"""Quantified targets on crafted sentences: value, unit, qualifier, deadline, scope; and non-targets."""

from __future__ import annotations

import pytest

from policy_graph.extract.base import Context
from policy_graph.extract.targets import RULE_ARABIC, RULE_CN, TargetExtractor


@pytest.fixture(scope="module")
def targets(make_doc):
    def run(text: str, kind: str = "guidance"):
        return TargetExtractor()(Context(make_doc(text, kind=kind)))

    return run


def test_value_unit_deadline(targets):
    [t] = targets("时序目标：2018年，104.6万贫困人口脱贫。")
    assert (t.value, t.unit, t.deadline) == ("104.6", "万人", "2018年")
    assert t.evidence.rule == RULE_ARABIC


def test_counted_units_and_qualifiers(targets):
    [a] = targets("到2020年，新增生态管护员岗位40万个。")
    assert (a.value, a.unit, a.deadline) == ("40", "万个", "到2020年")
    [b] = targets("实现90%以上贫困村宽带网络覆盖。")
    assert (b.value, b.unit, b.qualifier) == ("90", "%", "以上")
    [c] = targets("个人实际报销比例提高到90%左右。")
    assert (c.value, c.qualifier) == ("90", "左右")
    [d] = targets("确保每个贫困县建好1—2所县级公立医院。")
    assert (d.value, d.unit, d.scope) == ("1—2", "所", "贫困县")


def test_chinese_numerals_only_in_a_target_frame(targets):
    [a] = targets("确保贫困家庭劳动力至少掌握一门致富技能。")
    assert (a.value, a.unit, a.evidence.rule) == ("1", "门", RULE_CN)
    [b] = targets("对在城镇工作生活一年以上的农村贫困人口，输入地政府要承担帮扶责任。")
    assert (b.value, b.unit, b.qualifier) == ("1", "年", "以上")
    assert targets("实施五个一批工程，严格执行一把手负责制，建设一批项目。") == []


@pytest.mark.parametrize(
    "text",
    [
        "确保到2020年农村贫困人口实现脱贫。",  # a year alone is a deadline, not a target
        "截至2014年底，全国仍有7017万农村贫困人口。",  # background figure
        "改革开放以来，我们使7亿农村贫困人口摆脱贫困。",
        "经过改革开放37年来的努力，我们取得了成就。",
        "贫困发生率由23.9%下降到12.6%。",
        "今后3年要集中力量攻坚。",  # a duration
    ],
)
def test_not_targets(targets, text):
    assert targets(text) == []


def test_change_verbs_are_background_unless_the_sentence_looks_forward(targets):
    [t] = targets("到2020年底，全县贫困发生率降至1%以下。")
    assert (t.value, t.qualifier, t.deadline, t.scope) == ("1", "以下", "到2020年底", "全县")


def test_figures_in_news_need_a_goal_cue(targets):
    assert targets("会议听取了巡视55家国有重要骨干企业的报告。", kind="news") == []
    assert [t.value for t in targets("到2020年，确保3000万人脱贫。", kind="news")] == ["3000"]
    assert targets("到2020年，可以解决3000万人脱贫。", kind="news") == []  # an estimate, not a goal


def test_deadline_words(targets):
    [t] = targets("2019年底前完成32.31万户搬迁。")
    assert t.deadline.startswith("2019年底")
    [u] = targets("攻坚期内新增林业产业基地40万亩。")
    assert u.deadline == "攻坚期内"


# ---- standards and quotas of the genre (silver set) ------------------------------------------------

def test_thresholds_in_degrees_and_ages(targets):
    values = {(t.value, t.unit) for t in targets("将 25 度以上坡耕地、重要水源地 15—25 度坡耕地纳入退耕还林还草范围。")}
    assert values == {("25", "度"), ("15—25", "度")}
    [age] = targets("对16周岁以上有长期照料护理需求的贫困重度残疾人给予照料。")
    assert (age.value, age.unit, age.qualifier) == ("16", "周岁", "以上")
    [cn] = targets("不得让不满十六周岁的儿童单独居住。")
    assert (cn.value, cn.unit) == ("16", "周岁")


def test_quota_frequencies(targets):
    [a] = targets("原则上每年对县的考核不超过2次。")
    assert (a.value, a.unit) == ("2", "次")
    [b] = targets("省委和省政府每季度至少专题研究一次脱贫攻坚工作。")
    assert (b.value, b.unit) == ("1", "次")


def test_bare_frequencies_and_ages_are_not_targets(targets):
    assert targets("召开一次会议，研究部署工作。") == []
    assert targets("每两月专题研究一次。") == []
    assert targets("年满18岁的学生。") == []
