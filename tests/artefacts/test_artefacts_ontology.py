"""ontology/*.ttl: parses, every term labelled in zh + en with a definition, schemes match the contracts."""

from __future__ import annotations

import pytest
import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from policy_graph import resources
from policy_graph.model import LEVELS, MODALITIES, ROLE_CODES
from policy_graph.namespaces import PG, PG_IRI, PREFIXES, concept, scheme_iri
from policy_graph.rdf import load_ontology

TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return load_ontology()


def _langs(graph: Graph, s, p) -> set[str]:
    return {o.language for o in graph.objects(s, p) if isinstance(o, Literal) and o.language}


def _our_terms(onto: Graph) -> set[URIRef]:
    return {
        s for t in TERM_TYPES for s in onto.subjects(RDF.type, t) if isinstance(s, URIRef) and str(s).startswith(PG_IRI)
    }


def test_each_ontology_file_parses_on_its_own():
    files = resources.ontology_files()
    assert [p.name for p in files] == ["policy.ttl", "schemes.ttl"]
    for path in files:
        assert len(Graph().parse(path)) > 100


def test_every_class_and_property_has_zh_and_en_labels_and_a_definition(onto):
    terms = _our_terms(onto)
    assert len(terms) > 90
    for term in sorted(terms):
        assert {"zh", "en"} <= _langs(onto, term, RDFS.label), term
        assert {"zh", "en"} <= _langs(onto, term, SKOS.definition), term


def test_every_concept_has_zh_and_en_labels_notation_definition_and_scheme(onto):
    concepts = {s for s in onto.subjects(SKOS.inScheme, None)}
    assert len(concepts) > 60
    for c in sorted(concepts):
        assert {"zh", "en"} <= _langs(onto, c, SKOS.prefLabel), c
        assert _langs(onto, c, SKOS.definition), c
        assert onto.value(c, SKOS.notation) is not None, c
        assert str(c) == str(concept(str(c).split("/")[-2], str(onto.value(c, SKOS.notation)))), c


def test_namespace_members_match_the_ontology_exactly(onto):
    declared = {str(t)[len(PG_IRI):] for t in _our_terms(onto)}
    members = {name for name in PG.__annotations__}
    assert members == declared
    with pytest.raises(AttributeError):
        PG.Obligaton  # noqa: B018 - a typo must raise, not mint an IRI


def _notations(onto: Graph, scheme: str) -> set[str]:
    return {str(onto.value(c, SKOS.notation)) for c in onto.subjects(SKOS.inScheme, scheme_iri(scheme))}


ROLE_ZH = {
    "lead": "牵头", "support": "分别负责/配合", "overall": "负总责", "coordinate": "统筹", "implement": "抓落实",
    "primary": "主体责任", "first_responsible": "第一责任人", "oversee": "监督", "approve": "审定", "duty": "职责",
    "encouraged": "鼓励", "permitted": "允许", "prohibited": "禁止",
}


def test_role_modality_and_level_schemes_match_the_contract(onto):
    assert _notations(onto, "role") == set(ROLE_CODES) == set(ROLE_ZH)
    assert _notations(onto, "modality") == set(MODALITIES)
    assert _notations(onto, "level") == set(LEVELS)
    for code, zh in ROLE_ZH.items():
        assert Literal(zh, lang="zh") in set(onto.objects(concept("role", code), SKOS.prefLabel)), code


def test_modalities_align_with_odrl(onto):
    odrl = "http://www.w3.org/ns/odrl/2/"
    assert onto.value(concept("modality", "duty"), SKOS.exactMatch) == URIRef(odrl + "Duty")
    assert onto.value(concept("modality", "prohibition"), SKOS.exactMatch) == URIRef(odrl + "Prohibition")
    assert (PG.Permission, RDFS.subClassOf, URIRef(odrl + "Permission")) in onto


@pytest.mark.parametrize("scheme, file, key", [("measure", "measures.yaml", "measures"),
                                               ("population", "populations.yaml", "populations")])
def test_every_reference_key_of_the_extractor_is_a_concept(onto, scheme, file, key):
    entries = yaml.safe_load((resources.reference_dir() / file).read_text(encoding="utf-8"))[key]
    keys = {e["key"] for e in entries}
    assert keys <= _notations(onto, scheme), sorted(keys - _notations(onto, scheme))


def test_five_batches_has_its_five_narrower_measures(onto):
    narrower = {str(onto.value(c, SKOS.notation)) for c in onto.objects(concept("measure", "five-batches"), SKOS.narrower)}
    assert narrower == {"industry", "relocation", "ecology", "education", "social-security"}


def test_the_governance_principle_is_data(onto):
    q = """
    SELECT ?level ?role WHERE {
      ?p a pg:GovernancePrinciple ; skos:prefLabel "中央统筹、省负总责、市县抓落实"@zh ; pg:clause ?c .
      ?c pg:atLevel ?l ; pg:expectedRole ?r .
      ?l skos:notation ?level . ?r skos:notation ?role }"""
    rows = {(str(a), str(b)) for a, b in onto.query(q, initNs={"pg": PG_IRI, "skos": PREFIXES["skos"]})}
    assert rows == {("central", "coordinate"), ("provincial", "overall"), ("prefectural", "implement"),
                    ("county", "implement")}


def test_axioms_that_earn_their_keep(onto):
    assert (PG.bearer, RDF.type, OWL.FunctionalProperty) in onto
    assert (PG.level, RDF.type, OWL.FunctionalProperty) in onto
    chain = onto.value(PG.responsibleFor, OWL.propertyChainAxiom)
    assert chain is not None
    disjoint = [n for n in onto.subjects(RDF.type, OWL.AllDisjointClasses)
                if PG.CentralBody in set(onto.items(onto.value(n, OWL.members)))]
    assert len(disjoint) == 1
    assert onto.value(PG.bearer, RDFS.domain) == PG.Obligation
    assert onto.value(PG.bearer, RDFS.range) == PG.Body


def test_skos_schemes_are_well_formed(onto):
    for concept_iri, scheme in onto.subject_objects(SKOS.topConceptOf):
        assert (scheme, SKOS.hasTopConcept, concept_iri) in onto, concept_iri
    for scheme, top in onto.subject_objects(SKOS.hasTopConcept):
        assert (top, SKOS.topConceptOf, scheme) in onto, top
    for narrow, broad in onto.subject_objects(SKOS.broader):
        assert (broad, SKOS.narrower, narrow) in onto, (broad, narrow)
    for broad, narrow in onto.subject_objects(SKOS.narrower):
        assert (narrow, SKOS.broader, broad) in onto, (narrow, broad)
    for c in set(onto.subjects(SKOS.inScheme, None)):
        # every concept reaches a top concept of its scheme through skos:broader
        seen, current = set(), c
        while onto.value(current, SKOS.topConceptOf) is None:
            assert current not in seen, c
            seen.add(current)
            current = onto.value(current, SKOS.broader)
            assert current is not None, c
