"""Rules added for conventions of the genre beyond the dev documents (one crafted case per rule,
each with cases that must NOT fire). The held-out silver set in ``genre/`` checks them in bulk."""

from __future__ import annotations

import pytest

from policy_graph.extract.base import Context
from policy_graph.extract.bodies import grammar, resolve
from policy_graph.extract.obligations import ObligationExtractor
from policy_graph.extract.roles import TaskDivisionExtractor


@pytest.fixture(scope="module")
def rows(make_doc):
    """(surface, role) pairs the running-text rules find in a text."""
    return lambda text: {(o.body.surface, o.role) for o in ObligationExtractor()(Context(make_doc(text)))}


@pytest.fixture(scope="module")
def notes(make_doc):
    """(surface, role) pairs of the task-division notes of a text."""
    return lambda text: {(o.body.surface, o.role) for o in TaskDivisionExtractor()(Context(make_doc(text)))}


# ---- subject carried into the next clause ---------------------------------------------------------

def test_subject_carried_into_next_clause_with_its_own_role(rows):
    assert rows("中央有关部门要加强对试点工作的指导，不得限定资金的具体用途。") == {
        ("中央有关部门", "duty"), ("中央有关部门", "prohibited")}
    assert rows("县级人民政府是本行政区域扶贫开发工作的责任主体，负责扶贫项目的组织实施。") == {
        ("县级人民政府", "primary"), ("县级人民政府", "implement")}


def test_subject_not_carried_past_a_clause_without_subject_or_into_plain_verbs(rows):
    # 允许 two clauses after the subject's clause: not carried
    assert ("省里", "permitted") not in rows("省里每年专项安排用地计划，节余指标，允许在省域内调剂使用。")
    # a plain verb (建立…) does not continue the subject: no second role for 各级党委和政府
    assert rows("各级党委和政府要把脱贫攻坚作为重大政治任务，建立落实台账。") == {("各级党委和政府", "duty")}


# ---- 是…责任主体 with a long complement --------------------------------------------------------------

def test_long_responsibility_subject_phrase(rows):
    assert rows("各市、州、县人民政府是本行政区域农村饮水安全的责任主体。") == {("各市、州、县人民政府", "primary")}
    assert rows("扶贫资金是脱贫攻坚的重要保障。") == set()


# ---- role refinement -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("省水利厅要会同有关部门建立工作协调机制。", {("省水利厅", "lead"), ("有关部门", "support")}),
    ("乡镇人民政府要配合做好征地拆迁工作。", {("乡镇人民政府", "support")}),
    ("由省财政厅会同省扶贫办制定资金管理办法。", {("省财政厅", "lead"), ("省扶贫办", "support")}),
    ("审计机关应当对扶贫资金的使用情况进行审计监督。", {("审计机关", "oversee")}),
    ("纪检监察机关按照职能开展监督工作。", {("纪检监察机关", "oversee")}),
    ("由省里统一组织实施。", {("省里", "coordinate")}),
])
def test_refined_roles(rows, text, expected):
    assert rows(text) == expected


def test_oversight_word_inside_an_object_phrase_is_not_the_verb(rows):
    assert rows("各省区市党委要加强对巡视工作的领导。") == {("各省区市党委", "duty")}
    assert rows("省委书记对巡视发现的重点问题，要点出具体人头。") == {("省委书记", "duty")}
    # but a real oversight verb after 对 still gives oversee
    assert rows("纪检监察机关对扶贫领域违纪问题从严惩处。") == {("纪检监察机关", "oversee")}


def test_encouraged_body_before_dui_stays_encouraged(rows):
    assert rows("鼓励社会组织和新闻媒体对资金使用进行监督。") == {
        ("社会组织", "encouraged"), ("新闻媒体", "encouraged")}


# ---- 发挥X监督作用 -----------------------------------------------------------------------------------

def test_fahui_role_noun(rows):
    assert rows("充分发挥人大、政协、民主党派监督作用。") == {
        ("人大", "oversee"), ("政协", "oversee"), ("民主党派", "oversee")}
    # not any short phrase before 作用: 主体和主导作用 does not make 政府投入…的主体 a body
    assert not any(s.startswith("政府投入") for s, _ in rows("发挥政府投入在扶贫开发中的主体和主导作用。"))


# ---- body grammar ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("市、县人民政府要落实管护责任。", {("市、县人民政府", "implement")}),
    ("纪检监察机关和审计、扶贫等部门要开展监督工作。",
     {("纪检监察机关", "oversee"), ("审计、扶贫等部门", "oversee")}),
    ("供水工程可由村集体经济组织或者用水合作组织负责管护。",
     {("村集体经济组织", "permitted"), ("用水合作组织", "permitted")}),
    ("省委和省政府每季度至少专题研究一次脱贫攻坚工作。", {("省委和省政府", "duty")}),
    ("省政府督查室要将饮水安全纳入督查计划。", {("省政府督查室", "oversee")}),
    ("贫困县党政正职每个月至少要有5个工作日用于扶贫。", {("贫困县党政正职", "duty")}),
    ("区县党委书记和区县长是第一责任人。", {("区县党委书记和区县长", "first_responsible")}),
    ("（二）赋予贫困县统筹整合使用资金的自主权。", set()),
])
def test_body_lists(rows, text, expected):
    assert rows(text) == expected


def test_listed_bodies_before_a_head_keep_their_own_head(rows):
    # 邮政、供销合作等系统: 系统 is not a generic organ word, the listed names stay separate
    assert rows("支持邮政、供销合作等系统在贫困乡村建立服务网点。") == {
        ("邮政", "encouraged"), ("供销合作", "encouraged")}


def test_zuzhi_inside_a_name_is_not_a_trigger(rows):
    assert ("或者用水合作组织", "encouraged") not in rows("可由村集体经济组织或者用水合作组织负责管护。")
    assert rows("组织广播电视、报刊杂志等媒体推出一批重点新闻报道。") == {
        ("广播电视", "encouraged"), ("报刊杂志", "encouraged")}


def test_prohibition_of_a_body_after_fangzhi(rows):
    assert ("金融机构", "prohibited") in rows("防止金融机构借支持脱贫攻坚名义违法违规提供融资。")


def test_ministry_names_with_verbs_inside_are_bodies():
    g = grammar()
    for name in ("人力资源社会保障部", "住房城乡建设部", "省住房和城乡建设厅", "省人力资源社会保障厅"):
        assert g.valid(name, 0, len(name)), name
    assert not g.valid("加强保障", 0, 4)


# ---- task-division notes -----------------------------------------------------------------------------

def test_labelled_line_with_first_is_lead_aside(notes):
    text = "1. 实施加工业提升行动。责任单位：省农业农村厅（列第一位者为牵头单位，下同）、省发展改革委、省工业和信息化厅\n"
    assert notes(text) == {("省农业农村厅", "lead"), ("省发展改革委", "support"), ("省工业和信息化厅", "support")}


def test_bare_note_of_organs_closing_an_item_is_duty(notes):
    text = "（三）做好衔接。各地要抓紧报送。（财政部、国务院扶贫办、国家发展改革委）\n"
    assert notes(text) == {("财政部", "duty"), ("国务院扶贫办", "duty"), ("国家发展改革委", "duty")}


def test_bare_brackets_that_are_not_notes(notes):
    # an aside inside a sentence, a bracket of non-organs, a single unknown name
    assert notes("建好1—2所县级公立医院（含中医院），加强能力建设。\n") == set()
    assert notes("推进县乡村三级服务（县、乡、村）建设。\n") == set()
    assert notes("做好统计工作。（某某中心）\n") == set()


def test_labelled_note_with_semicolon(notes):
    text = "鼓励社会资本参与。（牵头单位：省水利厅；配合单位：省发展改革委、省财政厅、省自然资源厅）\n"
    assert notes(text) == {("省水利厅", "lead"), ("省发展改革委", "support"), ("省财政厅", "support"),
                           ("省自然资源厅", "support")}


def test_lead_and_division_of_labour_marker(notes):
    text = "严禁新建排污口。（省生态环境厅牵头，省卫生健康委、省水利厅按职责分工负责）\n"
    assert notes(text) == {("省生态环境厅", "lead"), ("省卫生健康委", "support"), ("省水利厅", "support")}


# ---- gazetteer ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("alias, key", [
    ("发改委", "ndrc"), ("国家发展和改革委员会", "ndrc"), ("人社部", "mohrss"), ("国家卫生计生委", "nhc"),
    ("人行", "pboc"), ("保监会", "circ"), ("国家林草局", "nfga"), ("中组部", "org-dept"),
    ("国家乡村振兴局", "nrra"), ("国家税务总局", "sat"), ("国家民委", "neac"),
])
def test_gazetteer_aliases(alias, key):
    body = resolve(alias)
    assert body.known and body.key == key and body.level == "central" and body.label_en


def test_unknown_provincial_department_by_pattern():
    body = resolve("省乡村振兴局")
    assert not body.known and body.level == "provincial" and body.kind == "department"


# ---- posts, approval through 经…审核, sanctions ------------------------------------------------------

def test_direct_responsible_post_is_duty(rows):
    assert rows("分管负责同志是直接责任人。") == {("分管负责同志", "duty")}
    assert rows("主要负责同志是第一责任人。") == {("主要负责同志", "first_responsible")}


def test_jing_approval(rows):
    assert ("县级人民政府", "approve") in rows("项目经县级人民政府审核后实施。")
    # a past approval of the document itself is not an assignment; 经济/经费 are not 经
    assert rows("经省人民政府同意，现就有关事项通知如下。") == set()
    assert rows("经济较发达地区要加大帮扶力度。") == {("经济较发达地区", "duty")}


def test_sanction_verbs_are_oversight(rows):
    assert rows("由有关机关依法给予处分。") == {("有关机关", "oversee")}
    assert rows("由县级人民政府责令限期改正。") == {("县级人民政府", "oversee")}


def test_setting_up_an_oversight_instrument_is_oversee(rows):
    assert rows("各省党委和政府要加快出台对贫困县扶贫绩效考核办法。") == {("各省党委和政府", "oversee")}
    # a plain plan is not oversight
    assert rows("各省党委和政府要加快出台对贫困县的支持办法。") == {("各省党委和政府", "duty")}


def test_english_label_of_unseen_departments():
    assert resolve("省农业农村厅").label_en == "Provincial Department of Agriculture and Rural Affairs"
    assert resolve("市财政局").label_en == "Municipal Bureau of Finance"
    # an unknown field gets no English label rather than a guessed one
    assert resolve("省某某厅").label_en is None
    assert resolve("龙头企业").label_en is None


def test_future_jiang_is_a_commitment(rows):
    assert rows("国务院将适时组织专项督查。") == {("国务院", "oversee")}
    # 将 as the disposal marker at a clause start (no subject) and 即将 give no row
    assert rows("将产业扶贫纳入贫困县扶贫成效考核。") == set()
    assert rows("即将开展的专项巡视工作。") == set()


def test_zhuti_zeren_is_not_a_body_head(rows):
    assert rows("强化家庭监护主体责任。") == set()
    assert rows("强化定点扶贫牵头单位责任。") == {("定点扶贫牵头单位", "duty")}


def test_oversight_after_a_long_dui_phrase(rows):
    assert rows("乡镇人民政府要加强对村（居）民委员会的督促指导。") == {("乡镇人民政府", "oversee")}


def test_inspection_teams_and_a_modal_inside_the_dui_clause(rows):
    assert rows("巡视组对发现的问题要挖出深层次原因，督促被巡视单位整改。") == {("巡视组", "duty")}
    assert rows("督查组要对各地进行督查。") == {("督查组", "oversee")}


def test_sole_fuze_note_is_duty_but_lead_next_to_support(notes):
    assert notes("完善管护机制。（省水利厅负责）\n") == {("省水利厅", "duty")}
    assert notes("强化技术服务。（省农业农村厅负责，省科技厅参与）\n") == {
        ("省农业农村厅", "lead"), ("省科技厅", "support")}


def test_station_heads_and_duixiang_is_not_a_dui_phrase(rows):
    assert rows("三是乡镇农技站要做好技术指导。") == {("乡镇农技站", "duty")}
    assert rows("乡镇人民政府负责扶贫对象的识别和帮扶措施的落实。") == {("乡镇人民政府", "duty")}
    # 场所 / 网站 end in 所 / 站 but are not bodies
    assert rows("公共场所要设置无障碍设施。") == set()


def test_risk_assessment_is_not_oversight(rows):
    assert rows("各地要对扶贫主导产业面临的风险进行评估。") == {("各地", "duty")}


def test_relative_provincial_names_bind_to_the_documents_province(make_doc):
    def bearer(title: str):
        doc = make_doc("省财政厅要加强资金监管。")
        doc = type(doc)(type(doc.work)(id="w", title=title, kind="guidance", text=doc.work.text),
                        doc.sections, doc.sentences)
        [o] = ObligationExtractor()(Context(doc))
        return o.body
    hubei = bearer("湖北省人民政府关于加强资金监管的通知")
    assert hubei.known and hubei.key == "hb-finance"
    other = bearer("某某省人民政府关于加强资金监管的通知")
    assert not other.known and other.level == "provincial" and other.label_en == "Provincial Department of Finance"
    # unknown province (a national document, a bare title): the gazetteer reading stands
    assert bearer("关于加强资金监管的通知").key == "hb-finance"
    # absolute names resolve everywhere
    assert resolve("湖北银监局", "某某").known


def test_assembly_approval_and_supervision(rows):
    assert rows("收益分配方案须经村民代表大会讨论通过。") == {("村民代表大会", "approve")}
    assert rows("经省人民政府常务会议审议通过，现印发给你们。") == set()
    assert rows("县级农业农村部门要加强日常监管。") == {("县级农业农村部门", "oversee")}


def test_lead_and_responsible_units_on_consecutive_lines(notes):
    text = "1. 开展常态化监测。\n牵头单位：省乡村振兴局\n责任单位：省民政厅、省医保局\n2. 建立核查机制。\n责任单位：省财政厅\n"
    assert notes(text) == {("省乡村振兴局", "lead"), ("省民政厅", "support"), ("省医保局", "support"),
                           ("省财政厅", "duty")}


def test_role_nouns_ending_in_zhuti_are_not_bodies(rows):
    assert rows("明确产权主体和管护责任。") == set()
    # X主体责任 is ambiguous (X's primary responsibility / the responsibility of X主体): no reading
    assert rows("强化市场主体责任。") == set()
    assert rows("强化行业部门责任。") == {("行业部门", "duty")}
