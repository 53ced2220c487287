"""Reading the graph: what the views show comes out of the RDF exactly."""

from __future__ import annotations

from tiny import EVIL, ID, TEXT_A

from policy_graph.visualise.data import iri_key, load, work_text


def test_iri_keys_are_ascii_and_do_not_collide_across_works() -> None:
    assert iri_key(str(ID["work/2015-11-29-decision"])) == "2015-11-29-decision"
    assert iri_key(str(ID["measure/a/1-1"])) != iri_key(str(ID["measure/b/1-1"]))
    assert iri_key("https://w3id.org/policy-graph/id/body/%E7%9C%81") == "E7-9C-81"
    assert iri_key("https://example.org/x#Thing") == "Thing"


def test_load_reads_bodies_with_labels_aliases_and_levels(tiny) -> None:
    data = load(tiny)
    body = data.bodies[str(ID["body/hb-cpad"])]
    assert (body.label, body.label_en, body.level) == ("省扶贫办", "Hubei Poverty Alleviation Office", "provincial")
    assert body.aliases == ("湖北省扶贫办", "省扶贫开发办公室")
    assert data.bodies[str(ID["body/evil"])].label == f"坏{EVIL}机构"
    assert len(data.bodies) == 7 and len(data.measures) == 4 and len(data.works) == 2


def test_load_reads_obligations_with_role_measure_section_and_work(tiny) -> None:
    data = load(tiny)
    assert len(data.facts) == 9
    by_body = {(data.bodies[f.body].label, f.role) for f in data.facts}
    assert ("省扶贫办", "lead") in by_body and ("省农业厅", "support") in by_body
    fact = next(f for f in data.facts if f.role == "prohibited")
    assert data.sections[fact.section].id == "一（二）"
    assert data.works[fact.work].title == "湖北省实施意见"
    assert fact.quote == f"{EVIL}不得挪用"
    # works come in date order, facts in text order
    assert [w.title for w in data.works.values()] == ["中共中央 国务院关于打赢脱贫攻坚战的决定", "湖北省实施意见"]


def test_load_reads_measures_schemes_targets_variants_processes_principles(tiny) -> None:
    data = load(tiny)
    health = data.measures[str(ID["measure/2018-08-30-hubei/2-1"])]
    assert health.schemes == ("健康扶贫",)
    (target,) = data.targets
    assert (target.indicator, target.value, target.unit, target.measure) == ("医疗保障水平", "90", "%", health.iri)
    (variant,) = data.variants
    assert variant.chosen == "大力" and [r[0] for r in variant.readings] == ["大力", "大力 and"]
    assert variant.readings[1] == ("大力 and", ("003-1",), "injected Latin word")
    (witness,) = data.witnesses
    assert (witness.id, witness.date, witness.flags) == (
        "003-1", "2024-08-30", (("year-substitution", "every four-digit year reads 2024"),))
    (process,) = data.processes
    assert [(s.order, s.action) for s in process.steps] == [(1, "提出申请"), (2, "初审"), (3, "备案")]
    assert ("中央统筹、省负总责、市县抓落实", "provincial", "overall") in data.principles


def test_work_text_is_rebuilt_from_section_texts_at_their_offsets(tiny) -> None:
    data = load(tiny)
    text = work_text(data, str(ID["work/2018-08-30-hubei"]))
    assert text == "".join(t for *_, t in TEXT_A)
    for f in data.facts:
        if f.work == str(ID["work/2018-08-30-hubei"]):
            assert text[f.start:f.end] == f.quote


def test_load_does_not_need_optional_parts(tiny) -> None:
    """A graph with bodies and obligations only (no sections, works, schemes) still loads."""
    from rdflib import Graph
    from tiny import PG

    g = Graph()
    for t in tiny.triples((None, PG.bearer, None)):
        g.add(t)
    data = load(g)
    assert len(data.facts) == 9 and len(data.bodies) == 7 and not data.works
