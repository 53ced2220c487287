"""rdf.to_graph on hand-built works: IRIs, determinism, the obligation node, bodies, citations."""

from __future__ import annotations

import dataclasses

import pytest
from fixtures.builders import BODIES, GUIDANCE_ID, HUBEI_ID, corpus, guidance, hubei
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, SKOS

from policy_graph.errors import GraphError
from policy_graph.model import Extraction, Obligation
from policy_graph.namespaces import ELI, OA, PG, concept
from policy_graph.rdf import DEFAULT_BASE, to_graph

ID = DEFAULT_BASE + "id/"


@pytest.fixture(scope="module")
def graph():
    docs, exs = corpus()
    return to_graph(docs, exs)


def _sorted_nt(graph) -> str:
    return "\n".join(sorted(line for line in graph.serialize(format="nt").splitlines() if line.strip()))


def test_same_input_gives_byte_identical_sorted_ntriples():
    docs, exs = corpus()
    first = _sorted_nt(to_graph(docs, exs))
    second = _sorted_nt(to_graph(list(reversed(docs)), list(reversed(exs))))
    assert first == second
    assert "_:" not in first  # no blank nodes in the data


def test_every_iri_is_ascii_and_under_the_base(graph):
    for s, p, o in graph:
        for term in (s, o):
            if isinstance(term, URIRef):
                assert str(term).isascii(), term
        assert not str(s).startswith("_:")
    subjects = {str(s) for s in graph.subjects()}
    ours = [s for s in subjects if s.startswith(ID)]
    assert len(ours) == len(subjects) - len([s for s in subjects if "/id/concept/" in s])


def test_base_is_configurable():
    docs, exs = corpus()
    g = to_graph(docs, exs, base="http://example.org/pg/")
    assert (URIRef(f"http://example.org/pg/id/work/{HUBEI_ID}"), RDF.type, PG.Work) in g
    assert not any(str(s).startswith(ID) for s in g.subjects())
    # vocabulary stays put whatever the base
    assert (None, PG.role, concept("role", "lead")) in g


def test_bad_base_is_a_clear_error():
    docs, exs = corpus()
    with pytest.raises(GraphError, match="must end with"):
        to_graph(docs, exs, base="http://example.org/pg")


def test_extraction_for_unknown_work_is_an_error():
    docs, _ = corpus()
    with pytest.raises(GraphError, match="unknown work 'nope'"):
        to_graph(docs, [Extraction(work="nope")])


def test_work_section_and_witness_nodes(graph):
    work = URIRef(ID + f"work/{GUIDANCE_ID}")
    assert graph.value(work, DCTERMS.title) == Literal("中共中央 国务院关于打赢脱贫攻坚战三年行动的指导意见", lang="zh")
    assert str(graph.value(work, DCTERMS.issued)) == "2018-06-15"
    assert str(graph.value(work, PG.docNumber)) == "中发〔2018〕16号"
    assert graph.value(work, PG.documentKind) == concept("document-kind", "guidance")
    section = URIRef(ID + f"work/{GUIDANCE_ID}/section/2-1")
    assert str(graph.value(section, PG.sectionId)) == "二（一）"
    assert graph.value(section, DCTERMS.isPartOf) == work
    assert graph.value(section, PG.parentSection) == URIRef(ID + f"work/{GUIDANCE_ID}/section/2")
    assert str(graph.value(section, PG.text)).startswith("（一）加大产业扶贫力度")
    witnesses = set(graph.objects(work, ELI.is_realized_by))
    assert witnesses == {URIRef(ID + "witness/900-1"), URIRef(ID + "witness/900-2")}
    flag = URIRef(ID + "witness/900-1/flag/1")
    assert str(graph.value(flag, PG.flagKind)) == "year-substitution"


def test_variant_records_who_reads_what(graph):
    work = URIRef(ID + f"work/{GUIDANCE_ID}")
    (variant,) = list(graph.objects(work, PG.variant))
    readings = {str(graph.value(r, PG.readingText)): set(graph.objects(r, PG.readIn)) for r in graph.objects(variant, PG.reading)}
    assert readings == {"1000万人": {URIRef(ID + "witness/900-1")}, "1000万万人": {URIRef(ID + "witness/900-2")}}
    assert str(graph.value(variant, PG.chosenText)) == "1000万人"


def _obligations_of(graph, body_key: str):
    return sorted(graph.subjects(PG.bearer, URIRef(ID + f"body/{body_key}")))


def test_obligation_node_has_every_contract_property(graph):
    (ob,) = _obligations_of(graph, "hb-ndrc")
    assert (ob, RDF.type, PG.Obligation) in graph and (ob, RDF.type, PG.Duty) in graph
    assert graph.value(ob, PG.role) == concept("role", "lead")
    assert graph.value(ob, PG.modality) == concept("modality", "duty")
    assert str(graph.value(ob, PG.bearerText)) == "省发改委"
    assert str(graph.value(ob, PG.task)) == "聚焦易地扶贫搬迁"
    assert graph.value(ob, PG.statedIn) == URIRef(ID + f"work/{HUBEI_ID}/section/4-3")
    assert graph.value(ob, PG.measure) == URIRef(ID + f"measure/{HUBEI_ID}/4-3")
    quote = str(graph.value(ob, PG.quote))
    start, end = int(graph.value(ob, PG.start)), int(graph.value(ob, PG.end))
    doc, _ = hubei()
    assert doc.work.text[start:end] == quote == "（省发改委、省扶贫办牵头负责，省财政厅分别负责）"
    assert str(graph.value(ob, PG.rule)) == "pg.test.v1"
    # Web Annotation provenance with both selectors
    annotation = graph.value(predicate=OA.hasBody, object=ob)
    target = graph.value(annotation, OA.hasTarget)
    assert graph.value(target, OA.hasSource) == URIRef(ID + f"work/{HUBEI_ID}")
    selectors = {graph.value(s, RDF.type): s for s in graph.objects(target, OA.hasSelector)}
    assert int(graph.value(selectors[OA.TextPositionSelector], OA.start)) == start
    assert str(graph.value(selectors[OA.TextQuoteSelector], OA.exact)) == quote


def test_obligation_deadline_population_and_concepts(graph):
    (ob,) = _obligations_of(graph, "cdb")
    deadline = graph.value(ob, PG.deadline)
    assert str(graph.value(deadline, PG.deadlineText)) == "到2020年"
    assert str(graph.value(deadline, URIRef("http://www.w3.org/2006/time#inXSDgYear"))) == "2020"
    assert set(graph.objects(ob, PG.beneficiary)) == {concept("population", "rural-poor")}
    assert set(graph.objects(ob, DCTERMS.subject)) == {concept("measure", "industry"), concept("measure", "finance")}


def test_duplicate_obligation_is_kept_once():
    doc, ex = hubei()
    twice = dataclasses.replace(ex, obligations=ex.obligations + ex.obligations[:1])
    g = to_graph([doc], [twice])
    assert len(list(g.subjects(RDF.type, PG.Obligation))) == 3


def test_body_merges_mentions_with_aliases_and_level(graph):
    cdb = URIRef(ID + "body/cdb")
    assert graph.value(cdb, SKOS.prefLabel) == Literal("国家开发银行", lang="zh") or (
        cdb, SKOS.prefLabel, Literal("国家开发银行", lang="zh")) in graph
    assert (cdb, SKOS.altLabel, Literal("国开行", lang="zh")) in graph
    assert (cdb, SKOS.prefLabel, Literal("China Development Bank", lang="en")) in graph
    assert graph.value(cdb, PG.level) == concept("level", "central")
    assert graph.value(cdb, PG.bodyKind) == concept("body-kind", "financial")
    assert (cdb, RDF.type, PG.Organisation) in graph
    assert (URIRef(ID + "body/hb-ndrc"), RDF.type, PG.PublicOrganisation) in graph


def test_conflicting_levels_resolve_to_the_most_frequent():
    doc, ex = hubei()
    odd = dataclasses.replace(BODIES["hb-finance"], level="central")
    extra = Obligation(odd, "duty", "duty", "x", ex.obligations[0].evidence)
    again = Obligation(BODIES["hb-finance"], "oversee", "duty", "x", ex.obligations[0].evidence)
    g = to_graph([doc], [dataclasses.replace(ex, obligations=ex.obligations + (extra, again))])
    # two provincial mentions against one central: one level, the most frequent
    assert set(g.objects(URIRef(ID + "body/hb-finance"), PG.level)) == {concept("level", "provincial")}


def test_parent_body_link():
    doc, ex = hubei()
    branch = dataclasses.replace(BODIES["hb-finance"], key="branch", label="国开行湖北分行", surface="国开行湖北分行",
                                 parent="hb-ndrc")
    extra = Obligation(branch, "support", "duty", "x", ex.obligations[0].evidence)
    g = to_graph([doc], [dataclasses.replace(ex, obligations=ex.obligations + (extra,))])
    assert g.value(URIRef(ID + "body/branch"), ORG.subOrganizationOf) == URIRef(ID + "body/hb-ndrc")


def test_plan_items_are_items_of_implementation_chapters_with_leads(graph):
    items = set(graph.subjects(RDF.type, PG.PlanItem))
    assert items == {URIRef(ID + f"measure/{HUBEI_ID}/4-3"), URIRef(ID + f"measure/{HUBEI_ID}/4-4")}
    # the guidance is not an implementation plan: its measure is not a plan item
    assert (URIRef(ID + f"measure/{GUIDANCE_ID}/2-1"), RDF.type, PG.Measure) in graph


def test_implements_citation_is_resolved_to_the_corpus_work(graph):
    hubei_work = URIRef(ID + f"work/{HUBEI_ID}")
    assert set(graph.objects(hubei_work, PG.implements)) == {URIRef(ID + f"work/{GUIDANCE_ID}")}
    (other,) = list(graph.objects(hubei_work, DCTERMS.references))
    assert (other, RDF.type, ELI.LegalResource) in graph
    assert (other, RDF.type, PG.Work) not in graph


def test_target_and_process(graph):
    (target,) = [t for t in graph.subjects(RDF.type, PG.QuantifiedTarget) if GUIDANCE_ID in str(t)]
    assert str(graph.value(target, PG.valueText)) == "1000"
    assert str(graph.value(target, PG.value)) == "1000"
    assert str(graph.value(target, PG.unit)) == "万人"
    assert str(graph.value(target, PG.qualifier)) == "以上"
    assert graph.value(target, PG.measure) == URIRef(ID + f"measure/{GUIDANCE_ID}/2-1")
    (process,) = list(graph.subjects(RDF.type, PG.Process))
    steps = sorted(graph.objects(process, PG.step), key=lambda s: int(graph.value(s, PG.stepOrder)))
    assert [str(graph.value(s, PG.action)) for s in steps] == ["提出申请", "初审", "审定"]
    assert graph.value(steps[2], PG.role) == concept("role", "approve")


def test_range_value_gets_lower_and_upper_bound():
    doc, ex = guidance()
    t = dataclasses.replace(ex.targets[0], value="1—2", unit="门")
    g = to_graph([doc], [dataclasses.replace(ex, targets=(t,))])
    (target,) = list(g.subjects(RDF.type, PG.QuantifiedTarget))
    assert (str(g.value(target, PG.value)), str(g.value(target, PG.maxValue))) == ("1", "2")


def test_unknown_concept_keys_become_minimal_concepts():
    doc, ex = hubei()
    ob = dataclasses.replace(ex.obligations[0], measure_concepts=("brand-new",))
    g = to_graph([doc], [dataclasses.replace(ex, obligations=(ob,))])
    iri = concept("measure", "brand-new")
    assert (iri, RDF.type, PG.MeasureConcept) in g
    assert str(g.value(iri, SKOS.notation)) == "brand-new"


def test_target_in_a_subsection_belongs_to_the_item_measure():
    doc, ex = hubei()
    sub = dataclasses.replace(doc.sections[-1], id="四（四）2", key="4-4-2", kind="subitem", parent="四（四）", depth=2)
    doc = dataclasses.replace(doc, sections=doc.sections + (sub,))
    target = dataclasses.replace(ex.targets[0], evidence=dataclasses.replace(ex.targets[0].evidence, section="四（四）2"))
    g = to_graph([doc], [dataclasses.replace(ex, targets=(target,))])
    (node,) = list(g.subjects(RDF.type, PG.QuantifiedTarget))
    assert g.value(node, PG.measure) == URIRef(ID + f"measure/{HUBEI_ID}/4-4")
    assert g.value(node, PG.statedIn) == URIRef(ID + f"work/{HUBEI_ID}/section/4-4-2")


def test_unknown_role_or_modality_is_left_out_for_shacl_to_report():
    from policy_graph.validate import validate

    doc, ex = hubei()
    bad = dataclasses.replace(ex.obligations[0], role="boss", modality="maybe")
    g = to_graph([doc], [dataclasses.replace(ex, obligations=(bad,))])
    (ob,) = list(g.subjects(RDF.type, PG.Obligation))
    assert g.value(ob, PG.role) is None and g.value(ob, PG.modality) is None
    counts = validate(g).counts()
    assert counts["Obligation-role"] == 1 and counts["Obligation-modality"] == 1


def test_sections_sharing_a_key_stay_apart():
    doc, ex = hubei()
    clash = dataclasses.replace(doc.sections[-1], id="四（四）1", key="4-4", kind="subitem", parent="四（四）", depth=2)
    g = to_graph([dataclasses.replace(doc, sections=doc.sections + (clash,))], [ex])
    ids = {str(g.value(s, PG.sectionId)): s for s in g.subjects(RDF.type, PG.Section)}
    assert ids["四（四）"] != ids["四（四）1"]
    assert len(list(g.objects(ids["四（四）"], PG.sectionId))) == 1
