"""A small hand-made graph in the shape of ontology/policy.ttl, one phenomenon per element.

Two works: a Hubei implementation plan (three measures: one with a lead and supports, one with
two leads, one with nobody) whose text contains markup-like source text, and a central decision
with a county → city → province process. Used by every visualise test that must not depend on
the extractor's current output.
"""

from __future__ import annotations

from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS, XSD

PG = Namespace("https://w3id.org/policy-graph/ontology#")
ID = Namespace("https://w3id.org/policy-graph/id/")
ROLE = Namespace("https://w3id.org/policy-graph/id/concept/role/")
LEVEL = Namespace("https://w3id.org/policy-graph/id/concept/level/")
MOD = Namespace("https://w3id.org/policy-graph/id/concept/modality/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")

EVIL = "<script>window.PWNED=1</script>"

# work A: sections (id, key, parent key, title, text); offsets follow from the concatenation
TEXT_A = [
    ("preamble", "preamble", None, None, "为贯彻落实中央决定，制定本意见。\n"),
    ("一", "1", None, "产业扶贫", "一、产业扶贫\n"),
    ("一（一）", "1-1", "1", "发展特色产业",
     "（一）发展特色产业。大力发展特色产业。（省扶贫办牵头，省农业厅、省财政厅配合）\n"),
    ("一（二）", "1-2", "1", "金融扶贫",
     f"（二）金融扶贫。推广“A&B”模式，{EVIL}不得挪用。（省财政厅、省扶贫办牵头）\n"),
    ("二", "2", None, "健康扶贫", "二、健康扶贫\n"),
    ("二（一）", "2-1", "2", "医疗保障", "（一）医疗保障。提高贫困人口医疗保障水平。\n"),
]


def _sections(work: URIRef, work_key: str, spec: list[tuple[str, str, str | None, str | None, str]], g: Graph):
    pos, iris = 0, {}
    text = ""
    for order, (sid, key, parent, title, body) in enumerate(spec):
        iri = ID[f"work/{work_key}/section/{key}"]
        iris[key] = (iri, pos, pos + len(body))
        g.add((iri, RDF.type, PG.Section))
        g.add((iri, PG.sectionId, Literal(sid)))
        g.add((iri, PG.order, Literal(order, datatype=XSD.integer)))
        g.add((iri, PG.start, Literal(pos, datatype=XSD.integer)))
        g.add((iri, PG.end, Literal(pos + len(body), datatype=XSD.integer)))
        g.add((iri, PG.text, Literal(body)))
        g.add((iri, DCTERMS.isPartOf, work))
        if title:
            g.add((iri, DCTERMS.title, Literal(title)))
        if parent:
            g.add((iri, PG.parentSection, iris[parent][0]))
        text += body
        pos += len(body)
    return iris, text


def tiny_graph() -> Graph:
    g = Graph()
    for code in ("lead", "support", "overall", "duty", "approve", "prohibited", "implement"):
        g.add((ROLE[code], RDF.type, PG.RoleConcept))
        g.add((ROLE[code], SKOS.notation, Literal(code)))
    for code, zh in (("central", "中央"), ("provincial", "省级"), ("prefectural", "市级"), ("county", "县级"), ("none", "其他")):
        g.add((LEVEL[code], RDF.type, PG.GovernanceLevel))
        g.add((LEVEL[code], SKOS.notation, Literal(code)))
        g.add((LEVEL[code], SKOS.prefLabel, Literal(zh, lang="zh")))
    g.add((MOD.duty, RDF.type, PG.ModalityConcept))
    g.add((MOD.duty, SKOS.notation, Literal("duty")))
    # governance principle
    pr = ID["principle/central-province-county"]
    g.add((pr, RDF.type, PG.GovernancePrinciple))
    g.add((pr, SKOS.prefLabel, Literal("中央统筹、省负总责、市县抓落实", lang="zh")))
    for i, (lv, role) in enumerate((("central", "overall"), ("provincial", "overall"), ("county", "implement"))):
        c = ID[f"principle/central-province-county/{i}"]
        g.add((pr, PG.clause, c))
        g.add((c, PG.atLevel, LEVEL[lv]))
        g.add((c, PG.expectedRole, ROLE[role]))

    bodies = {
        "hb-cpad": ("省扶贫办", "Hubei Poverty Alleviation Office", ["湖北省扶贫办", "省扶贫开发办公室"], "provincial"),
        "hb-agri": ("省农业厅", "Hubei Department of Agriculture", [], "provincial"),
        "hb-finance": ("省财政厅", None, ["湖北省财政厅"], "provincial"),
        "evil": (f"坏{EVIL}机构", None, ['A"B&C'], "none"),
        "county-gov": ("县级党委和政府", None, [], "county"),
        "city-gov": ("市（地）党委和政府", None, [], "prefectural"),
        "cpad": ("国务院扶贫办", None, ["国务院扶贫开发领导小组办公室"], "central"),
    }
    for key, (zh, en, aliases, level) in bodies.items():
        b = ID[f"body/{key}"]
        g.add((b, RDF.type, PG.Organisation))
        g.add((b, RDF.type, PG.Body))
        g.add((b, SKOS.prefLabel, Literal(zh, lang="zh")))
        if en:
            g.add((b, SKOS.prefLabel, Literal(en, lang="en")))
        for a in aliases:
            g.add((b, SKOS.altLabel, Literal(a, lang="zh")))
        g.add((b, PG.level, LEVEL[level]))

    # work A
    wa = ID["work/2018-08-30-hubei"]
    g.add((wa, RDF.type, PG.Work))
    g.add((wa, DCTERMS.title, Literal("湖北省实施意见")))
    g.add((wa, DCTERMS.issued, Literal("2018-08-30", datatype=XSD.date)))
    secs, text_a = _sections(wa, "2018-08-30-hubei", TEXT_A, g)
    health = ID["concept/measure/health"]
    g.add((health, RDF.type, PG.MeasureConcept))
    g.add((health, SKOS.prefLabel, Literal("健康扶贫", lang="zh")))
    measures = {
        "1-1": ("发展特色产业", None),
        "1-2": ("金融扶贫", None),
        "2-1": ("医疗保障", health),
    }
    for key, (label, concept) in measures.items():
        m = ID[f"measure/2018-08-30-hubei/{key}"]
        g.add((m, RDF.type, PG.Measure))
        g.add((m, SKOS.prefLabel, Literal(label, lang="zh")))
        g.add((m, PG.statedIn, secs[key][0]))
        if concept:
            g.add((m, DCTERMS.subject, concept))

    def oblige(n: int, work_key: str, body: str, role: str, measure: str | None, sec: URIRef, quote: str, text: str):
        o = ID[f"obligation/{work_key}/{n}"]
        start = text.index(quote)
        g.add((o, RDF.type, PG.Duty))
        g.add((o, PG.bearer, ID[f"body/{body}"]))
        g.add((o, PG.role, ROLE[role]))
        g.add((o, PG.modality, MOD.duty))
        if measure:
            g.add((o, PG.measure, ID[f"measure/{work_key}/{measure}"]))
        g.add((o, PG.statedIn, sec))
        g.add((o, PG.quote, Literal(quote)))
        g.add((o, PG.start, Literal(start, datatype=XSD.integer)))
        g.add((o, PG.end, Literal(start + len(quote), datatype=XSD.integer)))
        g.add((o, PG.rule, Literal("pg.test.v1")))

    q1 = "大力发展特色产业。（省扶贫办牵头，省农业厅、省财政厅配合）"
    oblige(1, "2018-08-30-hubei", "hb-cpad", "lead", "1-1", secs["1-1"][0], q1, text_a)
    oblige(2, "2018-08-30-hubei", "hb-agri", "support", "1-1", secs["1-1"][0], q1, text_a)
    oblige(3, "2018-08-30-hubei", "hb-finance", "support", "1-1", secs["1-1"][0], q1, text_a)
    q2 = f"推广“A&B”模式，{EVIL}不得挪用。（省财政厅、省扶贫办牵头）"
    oblige(4, "2018-08-30-hubei", "hb-finance", "lead", "1-2", secs["1-2"][0], q2, text_a)
    oblige(5, "2018-08-30-hubei", "hb-cpad", "lead", "1-2", secs["1-2"][0], q2, text_a)
    oblige(6, "2018-08-30-hubei", "evil", "prohibited", "1-2", secs["1-2"][0], f"{EVIL}不得挪用", text_a)

    # a variant in work A (two witnesses disagree on 大力)
    v = ID["variant/2018-08-30-hubei/1"]
    g.add((wa, PG.variant, v))
    start = text_a.index("大力")
    g.add((v, PG.chosenText, Literal("大力")))
    g.add((v, PG.start, Literal(start, datatype=XSD.integer)))
    g.add((v, PG.end, Literal(start + 2, datatype=XSD.integer)))
    g.add((v, PG.variantIn, secs["1-1"][0]))
    for i, (t, wit, why) in enumerate((("大力", "004-5", None), ("大力 and", "003-1", "injected Latin word"))):
        r = ID[f"variant/2018-08-30-hubei/1/r{i}"]
        g.add((v, PG.reading, r))
        g.add((r, PG.readingText, Literal(t)))
        g.add((r, PG.readIn, ID[f"witness/{wit}"]))
        if why:
            g.add((r, PG.suspicious, Literal(why)))

    # the witness that reads 大力 and, with its flag
    wit = ID["witness/003-1"]
    g.add((wit, ELI.realizes, wa))
    g.add((wit, DCTERMS.identifier, Literal("003-1")))
    g.add((wit, PG.sourceFile, Literal("003_38851cc9fd2a95c9.txt")))
    g.add((wit, PG.statedDate, Literal("2024-08-30")))
    flag = ID["witness/003-1/flag/1"]
    g.add((wit, PG.flag, flag))
    g.add((flag, PG.flagKind, Literal("year-substitution")))
    g.add((flag, RDFS.comment, Literal("every four-digit year reads 2024")))

    # a target in work A
    t = ID["target/2018-08-30-hubei/1"]
    tq = "提高贫困人口医疗保障水平"
    g.add((t, RDF.type, PG.QuantifiedTarget))
    g.add((t, PG.indicator, Literal("医疗保障水平")))
    g.add((t, PG.valueText, Literal("90")))
    g.add((t, PG.unit, Literal("%")))
    g.add((t, PG.statedIn, secs["2-1"][0]))
    g.add((t, PG.quote, Literal(tq)))
    g.add((t, PG.start, Literal(text_a.index(tq), datatype=XSD.integer)))
    g.add((t, PG.end, Literal(text_a.index(tq) + len(tq), datatype=XSD.integer)))

    # work B: a central decision with a process
    wb = ID["work/2015-11-29-decision"]
    g.add((wb, RDF.type, PG.Work))
    g.add((wb, DCTERMS.title, Literal("中共中央 国务院关于打赢脱贫攻坚战的决定")))
    g.add((wb, DCTERMS.issued, Literal("2015-11-29", datatype=XSD.date)))
    spec_b = [("（二十九）", "a29", None, "贫困县退出",
               "（二十九）贫困县退出。由县提出申请，市（地）初审，省级审定，报国务院扶贫办备案。\n")]
    secs_b, text_b = _sections(wb, "2015-11-29-decision", spec_b, g)
    mb = ID["measure/2015-11-29-decision/a29"]
    g.add((mb, RDF.type, PG.Measure))
    g.add((mb, SKOS.prefLabel, Literal("贫困县退出", lang="zh")))
    g.add((mb, PG.statedIn, secs_b["a29"][0]))
    qb = "由县提出申请，市（地）初审，省级审定，报国务院扶贫办备案。"
    oblige(1, "2015-11-29-decision", "county-gov", "duty", "a29", secs_b["a29"][0], qb, text_b)
    oblige(2, "2015-11-29-decision", "city-gov", "approve", "a29", secs_b["a29"][0], qb, text_b)
    oblige(3, "2015-11-29-decision", "cpad", "approve", "a29", secs_b["a29"][0], qb, text_b)
    p = ID["process/2015-11-29-decision/1"]
    g.add((p, RDF.type, PG.Process))
    g.add((p, SKOS.prefLabel, Literal("贫困县退出", lang="zh")))
    g.add((p, PG.statedIn, secs_b["a29"][0]))
    for n, (body, action, role) in enumerate((("county-gov", "提出申请", "duty"), ("city-gov", "初审", "approve"),
                                              ("cpad", "备案", "approve")), start=1):
        st = ID[f"process/2015-11-29-decision/1/{n}"]
        g.add((p, PG.step, st))
        g.add((st, PG.stepOrder, Literal(n, datatype=XSD.integer)))
        g.add((st, PG.actor, ID[f"body/{body}"]))
        g.add((st, PG.action, Literal(action)))
        g.add((st, PG.role, ROLE[role]))
    return g
