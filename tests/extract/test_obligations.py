"""Running-text obligation rules on short crafted sentences, including ones that must NOT fire."""

from __future__ import annotations

import re

import pytest

from policy_graph.extract.base import Context
from policy_graph.extract.obligations import RULE_DUI, RULE_OBJECT, RULE_SUBJECT, ObligationExtractor


@pytest.fixture(scope="module")
def rows(make_doc):
    """(surface, role) pairs the running-text rules find in a text."""
    return lambda text: {(o.body.surface, o.role) for o in ObligationExtractor()(Context(make_doc(text)))}


@pytest.fixture(scope="module")
def rules_of(make_doc):
    return lambda text: {o.evidence.rule for o in ObligationExtractor()(Context(make_doc(text)))}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("各级党委和政府必须把扶贫开发工作作为重大政治任务来抓。", {("各级党委和政府", "duty")}),
        ("输入地政府要承担相应的帮扶责任。", {("输入地政府", "duty")}),
        ("中央统筹、省（自治区、直辖市）负总责、市（地）县抓落实。",
         {("中央", "coordinate"), ("省（自治区、直辖市）", "overall"), ("市（地）", "implement"), ("县", "implement")}),
        ("县级党委和政府承担主体责任，书记和县长是第一责任人。",
         {("县级党委和政府", "primary"), ("书记和县长", "first_responsible")}),
        ("党中央、国务院主要负责统筹制定扶贫开发大政方针。", {("党中央、国务院", "coordinate")}),
        ("县委书记要统揽脱贫攻坚。", {("县委书记", "coordinate")}),
        ("中央和国家机关各部门要按照部门职责落实扶贫开发责任。", {("中央和国家机关各部门", "implement")}),
        ("各牵头部门要按照分工督促指导各单位做好定点扶贫工作。",
         {("各牵头部门", "oversee"), ("各单位", "duty")}),
        # the bearer is the core noun phrase: the qualifier 有条件的 is dropped (GUIDELINES)
        ("有条件的地方可给予一定保费补贴。", {("地方", "permitted")}),
        ("市级以下不得开展第三方评估。", {("市级", "prohibited")}),
        ("国家开发银行、中国农业发展银行分别设立扶贫金融事业部。",
         {("国家开发银行", "duty"), ("中国农业发展银行", "duty")}),
        ("中央财政给予贷款贴息。", {("中央财政", "duty")}),
        ("省级财政、对口扶贫的东部地区要相应增加扶贫资金投入。",
         {("省级财政", "duty"), ("对口扶贫的东部地区", "duty")}),
    ],
)
def test_subject_modal(rows, text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("鼓励职业院校和技工学校招收贫困家庭子女。", {("职业院校", "encouraged"), ("技工学校", "encouraged")}),
        ("支持贫困地区培育发展农民资金互助组织。", {("贫困地区", "encouraged")}),
        ("引导中央企业、民营企业分别设立贫困地区产业投资基金。",
         {("中央企业", "encouraged"), ("民营企业", "encouraged")}),
        ("动员全社会力量广泛参与扶贫事业。", {("全社会力量", "encouraged")}),
        ("发挥好工会、共青团、妇联等群团组织的作用。",
         {("工会", "encouraged"), ("共青团", "encouraged"), ("妇联", "encouraged")}),
        ("允许深度贫困县将城乡建设用地增减挂钩指标在省域范围内使用。", {("深度贫困县", "permitted")}),
        ("防止地方政府以脱贫攻坚名义盲目举债。", {("地方政府", "prohibited")}),
        ("对贫困人口参保个人缴费部分由财政给予补贴。", {("财政", "duty")}),
        ("资产可由村集体、合作社或其他经营主体统一经营。",
         {("村集体", "permitted"), ("合作社", "permitted"), ("其他经营主体", "permitted")}),
        ("确保各单位落实扶贫责任。", {("各单位", "implement")}),
    ],
)
def test_object_trigger(rows, text, expected):
    assert rows(text) == expected


def test_approval_steps(rows):
    found = rows("重点县退出，由县提出申请，市（地）初审，省级审定，报国务院扶贫开发领导小组备案。")
    assert found == {("县", "duty"), ("市（地）", "approve"), ("省级", "approve"), ("国务院扶贫开发领导小组", "approve")}


def test_subject_before_dui(rows, rules_of):
    assert rows("中央对省（自治区、直辖市）党委和政府扶贫开发工作成效考核。") == {("中央", "oversee")}
    assert rows("纪检监察机关对扶贫领域违法违规问题，坚决从严惩处。") == {("纪检监察机关", "oversee")}
    assert RULE_DUI in rules_of("中央对省（自治区、直辖市）党委和政府扶贫开发工作成效考核。")


def test_rule_ids_are_versioned(rules_of):
    assert rules_of("各级党委和政府必须抓好扶贫。") == {RULE_SUBJECT}
    assert rules_of("鼓励民营企业参与扶贫开发。") == {RULE_OBJECT}
    assert all(re.search(r"\.v\d+$", r) for r in (RULE_SUBJECT, RULE_OBJECT, RULE_DUI))


@pytest.mark.parametrize(
    "text",
    [
        "帮助贫困县发展特色产业。",  # object of help is not a bearer
        "贫困户要积极参与产业发展。",  # beneficiaries are never bodies
        "贫困群众要转变观念。",
        "加快实施教育扶贫工程。",  # no doer written
        "加大对贫困地区的支持力度。",  # 支持 as a noun
        "完善支持政策体系。",
        "对贫困县要加大支持。",  # the body after 对 is an object
        "使建档立卡贫困人口中有5000万人左右实现脱贫。",
        "这是一项重要任务。",
        "要把扶贫开发工作作为重大政治任务来抓。",
    ],
)
def test_must_not_fire(rows, text):
    assert rows(text) == set()


def test_quote_is_exact_text_span(make_doc):
    doc = make_doc("为此，各级党委和政府必须切实履行责任。鼓励民营企业参与扶贫开发。")
    for o in ObligationExtractor()(Context(doc)):
        ev = o.evidence
        assert doc.work.text[ev.start:ev.end] == ev.quote
        assert o.body.surface in ev.quote
        assert ev.section == "（一）" and o.measure == "测试措施"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("省财政厅会同省扶贫办制定资金管理办法。", {("省财政厅", "lead"), ("省扶贫办", "support")}),
        ("由省扶贫办牵头，省财政厅配合，做好考核工作。", {("省扶贫办", "lead"), ("省财政厅", "support")}),
        ("由县提出申请。", {("县", "duty")}),
        ("县级人民政府是实施主体。", {("县级人民政府", "implement")}),
        ("各地区各部门要按照职责分工抓好工作。", {("各地区", "duty"), ("各部门", "duty")}),
        ("鼓励国家机关、企事业单位、人民团体等组建服务团队。",
         {("国家机关", "encouraged"), ("企事业单位", "encouraged"), ("人民团体", "encouraged")}),
        ("强化主管部门监管责任。", {("主管部门", "duty")}),
        ("强化各级扶贫开发领导小组决策部署、统筹协调的职能。", {("各级扶贫开发领导小组", "coordinate")}),
        ("中央和省级在安排土地整治工程时，要向贫困地区倾斜。", {("中央", "duty"), ("省级", "duty")}),
        ("加大农村低保省级统筹力度。", {("省级", "coordinate")}),
        ("县级人民政府民政部门负责审批。", {("县级人民政府民政部门", "approve")}),
        ("审计部门要加强对扶贫资金的审计。", {("审计部门", "oversee")}),
        ("中央财政对地方农村低保给予适当补助。", {("中央财政", "duty")}),
        ("有关部门要密切配合。", {("有关部门", "duty")}),
        ("村民委员会协助做好相关工作。", {("村民委员会", "support")}),
        ("省委组织部、省委宣传部分别负责。", {("省委组织部", "support"), ("省委宣传部", "support")}),
        ("县交通运输局、县水利局按照职责分工抓好落实。", {("县交通运输局", "implement"), ("县水利局", "implement")}),
        ("县直各部门主要负责同志是本部门脱贫攻坚工作第一责任人。", {("县直各部门主要负责同志", "first_responsible")}),
        ("帮扶单位要落实“四个不摘”要求。", {("帮扶单位", "implement")}),
        ("深度贫困地区开展城乡建设用地增减挂钩可不受指标规模限制。", {("深度贫困地区", "permitted")}),
        ("支持供销、邮政及各类企业把服务网点延伸到贫困村。",
         {("供销", "encouraged"), ("邮政", "encouraged"), ("各类企业", "encouraged")}),
        ("国务院扶贫开发领导小组成员单位每年向中央报告脱贫攻坚工作情况。", {("国务院扶贫开发领导小组成员单位", "duty")}),
        ("每年组织报告团开展宣讲。", set()),
        # a same-level pair written as one unit stays ONE body (GUIDELINES: fixed pairs)
        ("省委和省政府每季度至少专题研究一次脱贫攻坚工作。", {("省委和省政府", "duty")}),
        ("派出单位要严格落实项目、资金、责任捆绑要求。", {("派出单位", "implement")}),
        ("市级及以下不得开展第三方评估。", {("市级", "prohibited")}),
        ("省区市党委书记和中央部委部长（主任）对巡视工作负总责。",
         {("省区市党委书记", "overall"), ("中央部委部长（主任）", "overall")}),
        ("落实“省负总责、市县抓落实”的管理体制和党政一把手负总责的责任制。",
         {("省", "overall"), ("市", "implement"), ("县", "implement"), ("党政一把手", "overall")}),
    ],
)
def test_more_conventions(rows, text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "世界银行制定的贫困标准较高。",  # actor inside a relative clause
        "强化家庭成员赡养老年人的责任意识。",
        "由省扶贫办统一组织实施。" + "由省里统一组织实施。",  # 省里统一组织 is not a name
        "引导和动员民营企业与贫困村开展结对帮扶。",  # 与 = with: 贫困村 is not encouraged
    ],
)
def test_more_must_not_fire(rows, text):
    found = rows(text)
    assert not any(b in ("世界银行", "家庭成员", "省里统一组织", "贫困村") for b, _ in found), found


def test_confidence_and_deadline(make_doc):
    doc = make_doc("国务院扶贫办要在2019年底前完成评估。鼓励某某协会参与。")
    found = {o.body.surface: o for o in ObligationExtractor()(Context(doc))}
    known, unknown = found["国务院扶贫办"], found["某某协会"]
    assert known.deadline == "2019年底前" and known.evidence.confidence > unknown.evidence.confidence
    assert 0 < unknown.evidence.confidence < 1 and not unknown.body.known
