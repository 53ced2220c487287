"""shapes/*.ttl: pass meta-SHACL, messages in zh + en, target classes defined in the ontology."""

from __future__ import annotations

import pyshacl
from rdflib.namespace import OWL, RDF, SH

from policy_graph.rdf import load_ontology
from policy_graph.validate import load_shapes


def test_shapes_pass_meta_shacl():
    from rdflib import Graph

    conforms, _, text = pyshacl.validate(Graph(), shacl_graph=load_shapes(), meta_shacl=True)
    assert conforms, text


def test_every_shape_has_a_message_in_zh_and_en_and_every_check_a_severity():
    shapes = load_shapes()
    constraints = set(shapes.subjects(RDF.type, SH.PropertyShape)) | set(shapes.subjects(RDF.type, SH.SPARQLConstraint))
    assert len(constraints) >= 25
    for c in constraints | set(shapes.subjects(RDF.type, SH.NodeShape)):
        langs = [m.language for m in shapes.objects(c, SH.message)]
        assert sorted(langs) == ["en", "zh"], c
    for c in constraints:
        assert shapes.value(c, SH.severity) in {SH.Violation, SH.Warning}, c


def test_every_node_shape_targets_a_class_of_the_ontology():
    shapes, onto = load_shapes(), load_ontology()
    node_shapes = set(shapes.subjects(RDF.type, SH.NodeShape))
    assert len(node_shapes) >= 10
    for shape in node_shapes:
        target = shapes.value(shape, SH.targetClass)
        if target is None:  # a SPARQL-target shape (ObligationQuoteShape): it selects obligations
            sparql_target = shapes.value(shape, SH.target)
            assert shapes.value(sparql_target, RDF.type) == SH.SPARQLTarget, shape
            assert "a pg:Obligation" in str(shapes.value(sparql_target, SH.select))
            continue
        assert (target, RDF.type, OWL.Class) in onto, (shape, target)
        assert str(shape).endswith(str(target).rsplit("#", 1)[1] + "Shape")
