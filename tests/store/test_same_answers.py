"""The same named queries give the same answers on rdflib, Oxigraph and Virtuoso.

Cells are compared as multisets of rows after normalisations for what the SPARQL spec leaves
to the implementation or what a store cannot express: the lexical form of numbers (Oxigraph
stores ``7017.0`` as ``7017``), the order of the values inside a GROUP_CONCAT (SPARQL 1.1
§18.5.1.7 does not fix it), and booleans (Virtuoso 7 has no xsd:boolean in results: it answers
``1``/``0``).
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal, InvalidOperation

import pytest

from policy_graph.query import catalogue, resolve, run
from policy_graph.store import QueryResult

#: (query, parameters): every named query with its defaults, plus the CLI's questions.
CASES: list[tuple[str, dict[str, str]]] = [(q.name, {}) for q in catalogue() if q.kind != "construct"] + [
    ("who", {"text": "健康扶贫"}),
    ("who", {"text": "易地扶贫搬迁", "doc": "指导意见"}),
    ("duties", {"bodyText": "省卫计委"}),
    ("duties", {"bodyText": "国务院扶贫办"}),
    ("targets", {"text": "贫困"}),
]
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_SEPARATOR = re.compile(r"separator\s*=\s*(\"[^\"]+\"|'[^']+')", re.IGNORECASE)


def _separators(text: str) -> list[str]:
    """The GROUP_CONCAT separators a query uses: cells holding one are lists in no fixed order."""
    return sorted({m.group(1)[1:-1] for m in _SEPARATOR.finditer(text)} - {""})


def normalise(result: QueryResult, query_text: str) -> Counter[tuple[str | None, ...]]:
    separators = _separators(query_text)
    rows: Counter[tuple[str | None, ...]] = Counter()
    for row, kinds in zip(result.rows, result.kinds or [()] * len(result.rows)):
        cells: list[str | None] = []
        for column, value, kind in zip(result.columns, row, kinds or [""] * len(row)):
            if value is not None and kind == "bnode":
                value = "_:b"
            elif value in ("true", "false"):
                value = "1" if value == "true" else "0"
            elif value is not None and _NUMBER.match(value):
                try:
                    value = format(Decimal(value).normalize(), "f")
                except InvalidOperation:
                    pass
            elif value is not None and kind == "literal":
                for sep in separators:
                    if sep in value:
                        value = sep.join(sorted(value.split(sep)))
            cells.append(value)
        rows[tuple(cells)] += 1
    return rows


def _answers(store: object, name: str, params: dict[str, str]) -> tuple[tuple[str, ...], Counter]:
    named = resolve(name)
    result = run(named, store, params=params)  # type: ignore[arg-type]
    if result.boolean is not None:
        return ("boolean",), Counter({(str(result.boolean),): 1})
    return result.columns, normalise(result, named.text)


def _diff(a: Counter, b: Counter) -> str:
    only_a, only_b = a - b, b - a
    return f"{sum(only_a.values())} row(s) only in the first, e.g. {list(only_a)[:2]}; " \
           f"{sum(only_b.values())} only in the second, e.g. {list(only_b)[:2]}"


def test_cases_cover_the_catalogue() -> None:
    names = {q.name for q in catalogue() if q.kind != "construct"}
    assert {"who", "duties", "responsibilities", "targets"} <= names
    assert {name for name, _ in CASES} == names and len(CASES) == len(names) + 5


@pytest.mark.parametrize(("name", "params"), CASES, ids=[f"{n}-{'-'.join(p.values()) or 'all'}" for n, p in CASES])
def test_rdflib_and_oxigraph_agree(memory_store, oxigraph_store, name: str, params: dict[str, str]) -> None:
    cols_a, rows_a = _answers(memory_store, name, params)
    cols_b, rows_b = _answers(oxigraph_store, name, params)
    assert cols_a == cols_b
    assert rows_a == rows_b, f"{name}: rdflib vs Oxigraph: {_diff(rows_a, rows_b)}"


@pytest.mark.virtuoso
@pytest.mark.parametrize(("name", "params"), CASES, ids=[f"{n}-{'-'.join(p.values()) or 'all'}" for n, p in CASES])
def test_oxigraph_and_virtuoso_agree(oxigraph_store, virtuoso_store, name: str, params: dict[str, str]) -> None:
    cols_a, rows_a = _answers(oxigraph_store, name, params)
    cols_b, rows_b = _answers(virtuoso_store, name, params)
    assert cols_a == cols_b
    assert rows_a == rows_b, f"{name}: Oxigraph vs Virtuoso: {_diff(rows_a, rows_b)}"


def test_who_health_poverty_is_not_empty_anywhere(memory_store, oxigraph_store) -> None:
    for store in (memory_store, oxigraph_store):
        _, rows = _answers(store, "who", {"text": "健康扶贫"})
        assert sum(rows.values()) >= 5
