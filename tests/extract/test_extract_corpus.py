"""The extract stage on the real bundled corpus (through the real ingest and segment stages).

Concrete extractions for every role code, for targets, citations and processes; quotes are exact
spans of the canonical text everywhere; the output is deterministic.
"""

from __future__ import annotations

from policy_graph.extract import extract, rule_counts
from policy_graph.model import ROLE_CODES

DECISION = "关于打赢脱贫攻坚战的决定"
HUBEI = "湖北省扶贫攻坚领导小组"
GUIDANCE = "三年行动的指导意见"


def rows(ex, section=None):
    return {(o.evidence.section, o.body.surface, o.role) for o in ex.obligations
            if section is None or o.evidence.section == section}


def test_every_quote_is_exact_and_every_rule_versioned(corpus):
    docs, extractions = corpus
    n = 0
    for doc, ex in zip(docs, extractions):
        text = doc.work.text
        evidences = [o.evidence for o in ex.obligations] + [t.evidence for t in ex.targets]
        evidences += [c.evidence for c in ex.citations] + [p.evidence for p in ex.processes]
        evidences += [m.evidence for m in ex.measures if m.evidence] + [e for _, e in ex.populations]
        for ev in evidences:
            assert text[ev.start:ev.end] == ev.quote, ev
            assert ev.work == doc.work.id and ev.rule.startswith("pg.") and ev.rule[-3:-1] == ".v"
            n += 1
        for o in ex.obligations:
            assert o.role in ROLE_CODES
            assert o.body.key.isascii() and o.body.key
    assert n > 1000


def test_every_role_code_is_found(corpus):
    _, extractions = corpus
    found = {o.role for ex in extractions for o in ex.obligations}
    assert found == set(ROLE_CODES)


def test_hubei_lead_and_support_per_measure(work_of):
    _, ex = work_of(HUBEI)
    health = [o for o in ex.obligations if o.measure == "聚焦健康扶贫" and o.role in ("lead", "support")]
    assert {o.evidence.section for o in health} == {"四（六）"}
    assert {o.body.label for o in health if o.role == "lead"} == {"省卫生计生委"}
    assert "省民政厅" in {o.body.label for o in health if o.role == "support"}
    relocation = {o.body.label for o in ex.obligations if o.measure == "聚焦易地扶贫搬迁" and o.role == "lead"}
    assert relocation == {"省发改委", "省扶贫办"}
    branch = next(o.body for o in ex.obligations if o.body.surface == "国开行湖北分行")
    assert branch.parent == "cdb" and branch.kind == "financial"
    alias = {o.body.key for o in ex.obligations if o.body.surface in ("省卫计委", "省卫生计生委")}
    assert alias == {"hb-health"}


def test_decision_article_29_principle(work_of):
    _, ex = work_of(DECISION)
    art = rows(ex, "（二十九）")
    assert {("（二十九）", "中央", "coordinate"), ("（二十九）", "省（自治区、直辖市）", "overall"),
            ("（二十九）", "市（地）", "implement"), ("（二十九）", "县", "implement"),
            ("（二十九）", "县级党委和政府", "primary"), ("（二十九）", "书记和县长", "first_responsible"),
            ("（二十九）", "党中央、国务院", "coordinate")} <= art
    post = next(o.body for o in ex.obligations if o.body.surface == "书记和县长")
    assert post.kind == "post" and post.level == "county"


def test_decision_other_roles(work_of):
    _, ex = work_of(DECISION)
    found = rows(ex)
    assert {("（四）", "市（地）", "approve"), ("（四）", "省级", "approve"),
            ("（四）", "国务院扶贫开发领导小组", "approve"), ("（四）", "县", "duty")} <= found
    assert ("（三十一）", "中央", "oversee") in found
    assert ("（六）", "职业院校", "encouraged") in found and ("（六）", "技工学校", "encouraged") in found
    assert ("（十九）", "国家开发银行", "duty") in found and ("（十九）", "中国农业发展银行", "duty") in found
    assert ("（十一）", "有条件、有需求地区", "permitted") in found
    assert not any(o.body.surface in ("贫困户", "贫困群众", "贫困人口") for o in ex.obligations)


def test_prohibited_in_hubei(work_of):
    _, ex = work_of(HUBEI)
    assert ("五（八）", "地方政府", "prohibited") in rows(ex)


def test_approval_chain_is_an_ordered_process(work_of):
    _, ex = work_of(DECISION)
    [proc] = [p for p in ex.processes if p.evidence.section == "（四）"]
    assert [(s.body.surface, s.action) for s in proc.steps] == [
        ("县", "提出申请"), ("市（地）", "初审"), ("省级", "审定"), ("国务院扶贫开发领导小组", "备案")]
    assert [s.order for s in proc.steps] == [1, 2, 3, 4]
    assert "重点县退出" in proc.name


def test_targets_on_the_corpus(work_of):
    _, hubei = work_of(HUBEI)
    by_value = {(t.value, t.unit): t for t in hubei.targets}
    assert by_value[("104.6", "万人")].deadline == "2018年"
    assert by_value[("99.2", "万人")].deadline == "2019年"
    _, guidance = work_of(GUIDANCE)
    values = {(t.value, t.unit, t.qualifier) for t in guidance.targets}
    assert ("40", "万个", None) in values and ("90", "%", "以上") in values and ("1—2", "所", None) in values
    _, decision = work_of(DECISION)
    got = {(t.evidence.section, t.value) for t in decision.targets}
    assert {("一", "7000"), ("（四）", "5000"), ("（六）", "1"), ("（十九）", "90")} <= got
    assert not any(t.value == "7" for t in decision.targets)  # 使7亿…摆脱贫困 is background


def test_hubei_implements_the_2018_guidance(work_of):
    _, ex = work_of(HUBEI)
    implementing = [c for c in ex.citations if c.implements]
    assert implementing and "三年行动的指导意见" in implementing[0].title
    assert implementing[0].doc_number == "中发〔2018〕16号"


def test_measures_and_populations(work_of):
    _, ex = work_of(HUBEI)
    health = next(m for m in ex.measures if m.label == "聚焦健康扶贫")
    assert health.section == "四（六）" and "health" in health.concepts
    assert {"registered-poor", "poor-disabled"} <= {k for k, _ in ex.populations}


def test_deterministic_and_counted(corpus):
    docs, extractions = corpus
    doc = next(d for d in docs if HUBEI in d.work.title)
    again = extract(doc)
    assert again == extractions[docs.index(doc)]
    counts = rule_counts(again)
    assert counts["pg.roles.parenthesis-marker.v2"] > 100
    assert sum(counts.values()) == (len(again.obligations) + len(again.targets) + len(again.citations)
                                    + len(again.processes) + len(again.populations)
                                    + sum(1 for m in again.measures if m.evidence))
