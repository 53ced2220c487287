"""Binding parameters into query text for stores without initBindings (Oxigraph, remote)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, Variable

from policy_graph.query import catalogue
from policy_graph.store.remote import _ascii_separators, _bnode_batches
from policy_graph.store.substitute import substitute, term_syntax

DATA = """
<http://x/a> <http://x/label> "健康扶贫工程" .
<http://x/b> <http://x/label> "产业扶贫" .
<http://x/c> <http://x/label> "say \\"SERVICE\\" ?text" .
"""
QUERY = """# ?text is the parameter; "?text" in a string and <http://x/?text> stay as they are
SELECT ?s ?text (COUNT(?l) AS ?n) WHERE {
  ?s <http://x/label> ?l .
  FILTER (!BOUND(?text) || CONTAINS(?l, STR(?text)))
} GROUP BY ?s ?text ORDER BY ?s"""


def _rows_oxigraph(query: str) -> list[tuple[str, ...]]:
    store = ox.Store()
    store.load(DATA.encode(), format=ox.RdfFormat.N_TRIPLES)
    return [tuple(t.value if t is not None else "" for t in s) for s in store.query(query)]


def _rows_rdflib(query: str, bindings: dict[str, str]) -> list[tuple[str, ...]]:
    g = Graph().parse(data=DATA, format="nt")
    init = {Variable(k): Literal(v) for k, v in bindings.items()}
    return [tuple(str(t) if t is not None else "" for t in row) for row in g.query(query, initBindings=init)]


@pytest.mark.parametrize("value", ["健康", "扶贫", '"SERVICE"', "nothing", "a\\b\nc"])
def test_substitution_gives_the_answers_of_init_bindings(value: str) -> None:
    rewritten = substitute(QUERY, {"text": value})
    assert _rows_oxigraph(rewritten) == _rows_rdflib(QUERY, {"text": value})


def test_unbound_parameters_stay_variables() -> None:
    assert substitute(QUERY, {}) == QUERY
    assert len(_rows_oxigraph(substitute(QUERY, {"doc": "x"}))) == 3


def test_strings_iris_and_comments_are_left_alone() -> None:
    q = 'SELECT * WHERE { ?s <http://x/?text> "?text" . ?s ?p ?text } # ?text'
    out = substitute(q, {"text": "v"})
    assert out == 'SELECT * WHERE { ?s <http://x/?text> "?text" . ?s ?p "v" } # ?text'


def test_projection_keeps_the_column_name() -> None:
    out = substitute("SELECT ?a ?text WHERE { ?a ?b ?text }", {"text": "v"})
    assert out == 'SELECT ?a ("v" AS ?text) WHERE { ?a ?b "v" }'
    assert _rows_oxigraph(substitute("SELECT ?s ?text WHERE { ?s ?p ?text }", {"text": "产业扶贫"})) == [
        ("http://x/b", "产业扶贫")]


def test_iri_values_and_escapes() -> None:
    assert term_syntax("https://w3id.org/policy-graph/id/body/x") == "<https://w3id.org/policy-graph/id/body/x>"
    assert term_syntax('say "hi"\n') == '"say \\"hi\\"\\n"'
    assert term_syntax("http://bad iri") == '"http://bad iri"'


@pytest.mark.parametrize("named", [q for q in catalogue() if q.params], ids=lambda q: q.name)
def test_every_named_query_still_parses_with_all_parameters_bound(named) -> None:
    bound = substitute(named.text, {p: "测试" for p, _ in named.params})
    ox.Store().query(bound)  # raises SyntaxError if the rewrite broke the grammar


def test_virtuoso_workarounds() -> None:
    text, found = _ascii_separators('SELECT (GROUP_CONCAT(?x; separator="、") AS ?a) (GROUP_CONCAT(?y; separator=" ") AS ?b) {}')
    assert found == {"~pgsep0~": "、"} and 'separator=" "' in text and "、" not in text
    lines = ["_:a <http://p> _:b .", '<http://s> <http://p> "_:not a node" .', "_:c <http://p> <http://o> .",
             "_:b <http://p> _:c .", "_:z <http://p> <http://o> ."]
    batches = _bnode_batches([line for line in lines if line.startswith("_:")])
    together = next(b for b in batches if "_:a <http://p> _:b ." in b)
    assert "_:b <http://p> _:c ." in together and "_:c <http://p> <http://o> ." in together
