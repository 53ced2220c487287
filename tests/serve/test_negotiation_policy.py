"""Pure parts of the server: Accept negotiation and the read-only query policy."""

from __future__ import annotations

import pytest

from policy_graph.serve.negotiation import GRAPH_TYPES, RESOURCE_TYPES, SOLUTION_TYPES, choose, parse_accept
from policy_graph.serve.policy import inspect


def test_accept_parsing_orders_by_q_then_specificity() -> None:
    assert parse_accept("text/*;q=0.5, text/html, */*;q=0.1") == [("text/html", 1.0), ("text/*", 0.5), ("*/*", 0.1)]
    assert parse_accept(None) == [("*/*", 1.0)]
    assert parse_accept("text/turtle;q=abc")[0] == ("text/turtle", 0.0)


@pytest.mark.parametrize(("accept", "offered", "expected"), [
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", RESOURCE_TYPES, "html"),  # a browser
    ("*/*", RESOURCE_TYPES, "turtle"),  # curl
    (None, RESOURCE_TYPES, "turtle"),
    ("application/ld+json", RESOURCE_TYPES, "jsonld"),
    ("application/n-triples;q=1, text/turtle;q=0.5", RESOURCE_TYPES, "nt"),
    ("image/png", RESOURCE_TYPES, None),
    ("text/html;q=0", RESOURCE_TYPES, None),
    ("application/*", SOLUTION_TYPES, "json"),
    ("text/*", SOLUTION_TYPES, "csv"),
    ("application/sparql-results+xml", SOLUTION_TYPES, "xml"),
    ("text/tab-separated-values", SOLUTION_TYPES, "tsv"),
    ("text/csv", GRAPH_TYPES, None),
    ("application/json", GRAPH_TYPES, "jsonld"),
])
def test_choose(accept: str | None, offered: dict[str, str], expected: str | None) -> None:
    default = "json" if offered is SOLUTION_TYPES else "turtle"
    assert choose(accept, offered, default) == expected


@pytest.mark.parametrize(("query", "status", "form"), [
    ("SELECT * WHERE { ?s ?p ?o }", 200, "SELECT"),
    ("PREFIX : <http://x/> ASK { :a :b :c }", 200, "ASK"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", 200, "CONSTRUCT"),
    ("DESCRIBE <http://x/a>", 200, "DESCRIBE"),
    ('SELECT * WHERE { ?s ?p "SERVICE <http://x/>" } # SERVICE <http://x/>', 200, "SELECT"),
    ("INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }", 403, None),
    ("DELETE WHERE { ?s ?p ?o }", 403, None),
    ("load <http://x/evil.ttl>", 403, None),
    ("CLEAR ALL", 403, None),
    ("DROP SILENT GRAPH <http://x/g>", 403, None),
    ("CREATE GRAPH <http://x/g>", 403, None),
    ("COPY DEFAULT TO <http://x/g>", 403, None),
    ("SELECT * WHERE { SERVICE <http://x/sparql> { ?s ?p ?o } }", 403, None),
    ("SELECT * WHERE { FILTER EXISTS { SERVICE SILENT ?svc { ?s ?p ?o } } }", 403, None),
    ("SELECT * WHERE { ?s ?p ?o } ; INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }", 400, None),
    ("SELEC * WHERE {}", 400, None),
    ("SELECT * WHERE { ?s ?p ?o } #" + "x" * 100_001, 413, None),
])
def test_policy(query: str, status: int, form: str | None) -> None:
    verdict = inspect(query)
    assert (verdict.status, verdict.form) == (status, form)
    if status != 200:
        assert verdict.message and "\n" not in verdict.message
