"""The lookup index (store/lookup.py) and the narrowing it drives (query/narrow.py).

The promise: with the index, the selective named queries return exactly the rows they return
without it, only from fewer subjects. Checked on the real build of the bundled corpus with
fragments drawn from the graph itself (titles, quotes, measure and body names, 1 to 8 characters,
some matching nothing), and on crafted cases for the marker syntax and the stale-index guard.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
from pathlib import Path

import pyoxigraph as ox
import pytest

from policy_graph.query import resolve, run
from policy_graph.query.narrow import narrow, values_clause
from policy_graph.store import lookup
from policy_graph.store.oxigraph import OxigraphStore

PG = "https://w3id.org/policy-graph/ontology#"


@pytest.fixture(scope="module")
def store(corpus_out: Path) -> OxigraphStore:
    opened = OxigraphStore.open(corpus_out / "store", read_only=True)
    assert opened.lookup is not None, "the build must leave a fresh lookup index beside its store"
    return opened


def _strings(store: OxigraphStore, sparql: str) -> list[str]:
    prefixes = (f"PREFIX pg: <{PG}> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
                "PREFIX dcterms: <http://purl.org/dc/terms/> ")
    rows = store.query(prefixes + sparql).rows
    return sorted({r[0] for r in rows if r[0]})


def _fragments(texts: list[str], rng: random.Random, n: int) -> list[str]:
    out = []
    for _ in range(n):
        text = rng.choice(texts)
        size = rng.choice([1, 2, 3, 4, 6, 8])
        start = rng.randrange(max(1, len(text) - size + 1))
        out.append(text[start:start + size])
    return out


def _unaided(store: OxigraphStore, name: str, params: dict[str, str]):
    saved, store._lookup = store._lookup, False
    try:
        return run(resolve(name), store, params=params)
    finally:
        store._lookup = saved


def _cases(store: OxigraphStore) -> list[tuple[str, dict[str, str]]]:
    rng = random.Random(20261123)
    titles = _strings(store, "SELECT ?t WHERE { ?w a pg:Work ; dcterms:title ?t }")
    quotes = _strings(store, "SELECT ?q WHERE { ?o a pg:Obligation ; pg:quote ?q }")
    measures = _strings(store, "SELECT ?l WHERE { ?o pg:measure/skos:prefLabel ?l }")
    bodies = _strings(store, "SELECT ?l WHERE { ?b a pg:Body ; skos:prefLabel|skos:altLabel ?l }")
    docs = _fragments(titles, rng, 6) + ["不存在的文件"]
    cases: list[tuple[str, dict[str, str]]] = []
    for text in measures[:6] + _fragments(quotes, rng, 14) + ["没有这句话", '"引号"']:
        cases.append(("who", {"text": text}))
        cases.append(("who", {"text": text, "doc": rng.choice(docs)}))
    cases += [("who", {"doc": d}) for d in docs]
    for body in bodies[:5] + _fragments(bodies, rng, 10) + ["无此机构"]:
        cases.append(("duties", {"bodyText": body}))
        cases.append(("duties", {"bodyText": body, "doc": rng.choice(docs)}))
    cases += [("duties", {"doc": d}) for d in docs]
    cases += [("targets", {"doc": d}) for d in docs]
    cases += [("targets", {"doc": d, "text": t}) for d, t in zip(docs, _fragments(quotes, rng, len(docs)))]
    return cases


def test_narrowed_queries_return_exactly_the_unaided_rows(store: OxigraphStore) -> None:
    narrowed = 0
    for name, params in _cases(store):
        text = narrow(resolve(name).text, params, store.lookup)
        narrowed += "VALUES ?obligation {" in text or "VALUES (?obligation ?body)" in text or "VALUES ?target {" in text
        got, want = run(resolve(name), store, params=params), _unaided(store, name, params)
        assert got.columns == want.columns
        assert got.rows == want.rows, (name, params)  # same rows, same ORDER BY order
    assert narrowed >= 60  # the comparison exercised the index, not only the fall-backs


def test_narrowing_starts_from_few_subjects(store: OxigraphStore) -> None:
    text = narrow(resolve("who").text, {"text": "健康扶贫", "doc": "指导意见"}, store.lookup)
    assert "#@narrow" not in text and "VALUES ?obligation {" in text
    assert "SELECT DISTINCT ?obligation" not in text  # the scanning block is gone
    rows = store.lookup.obligations(text="健康扶贫", doc="指导意见")
    assert 0 < len(rows) < 50


def test_finders_agree_with_sparql_on_the_subjects(store: OxigraphStore) -> None:
    want = set(_strings(store, """SELECT ?o WHERE { ?o a pg:Obligation .
        { ?o pg:quote ?x } UNION { ?o pg:task ?x } UNION { ?o pg:measure/skos:prefLabel ?x }
        FILTER (CONTAINS(STR(?x), "贫困")) }"""))
    got = {r[0] for r in store.lookup.obligations(text="贫困") or []}
    assert want and got == want
    short = {r[0] for r in store.lookup.obligations(text="贫") or []}  # under 3 chars: no trigram
    assert got <= short


def test_too_many_candidates_leave_the_query_as_written(store: OxigraphStore, monkeypatch) -> None:
    monkeypatch.setattr(store.lookup, "limit", 3)
    text = narrow(resolve("who").text, {"text": "贫困"}, store.lookup)
    assert text == resolve("who").text  # exactly as written, markers and all
    assert run(resolve("who"), store, params={"text": "贫困"}).rows == _unaided(store, "who", {"text": "贫困"}).rows


def test_a_store_opened_for_writing_makes_its_index_stale(corpus_out: Path, tmp_path: Path) -> None:
    copy = tmp_path / "store"
    shutil.copytree(corpus_out / "store", copy)
    assert lookup.LookupIndex.open(copy) is not None
    writer = ox.Store(str(copy))  # any read-write open renews RocksDB's manifest
    writer.add(ox.Quad(ox.NamedNode("https://example.org/o"), ox.NamedNode(PG + "quote"), ox.Literal("健康扶贫新增")))
    writer.flush()
    del writer
    assert lookup.LookupIndex.open(copy) is None
    reopened = OxigraphStore.open(copy, read_only=True)
    assert reopened.lookup is None
    lookup.write_for(copy)  # `policy-graph index` does this
    assert lookup.LookupIndex.open(copy) is not None


def test_a_broken_index_file_is_ignored(corpus_out: Path, tmp_path: Path) -> None:
    copy = tmp_path / "store"
    shutil.copytree(corpus_out / "store", copy)
    (copy / lookup.FILE_NAME).write_bytes(b"not a database")
    assert lookup.LookupIndex.open(copy) is None
    (copy / lookup.FILE_NAME).unlink()
    con = sqlite3.connect(copy / lookup.FILE_NAME)  # a database, but not ours
    con.execute("CREATE TABLE meta (key TEXT, value TEXT)")
    con.commit()
    con.close()
    assert lookup.LookupIndex.open(copy) is None


def test_blank_node_subjects_refuse_an_index(tmp_path: Path) -> None:
    store = ox.Store(str(tmp_path / "s"))
    store.add(ox.Quad(ox.BlankNode("x"), ox.NamedNode(PG + "bearer"), ox.NamedNode("https://example.org/b")))
    with pytest.raises(lookup.IndexRefused):
        lookup.build(store, tmp_path / "s" / lookup.FILE_NAME)
    assert not (tmp_path / "s" / lookup.FILE_NAME).exists()
    assert not (tmp_path / "s" / (lookup.FILE_NAME + ".tmp")).exists()


# -- the marker syntax, on crafted text ----------------------------------------------------------

QUERY = """SELECT ?x WHERE {
  #@narrow things(text=?text, doc=?doc) -> ?x
  { SELECT ?x WHERE { ?x ?p ?o } }
  #@end
  ?x ?q ?r .
}
"""


class Finder:
    def __init__(self, rows):
        self.rows, self.calls = rows, []

    def things(self, **kwargs):
        self.calls.append(kwargs)
        return self.rows


def test_marker_replaced_by_values_with_the_bound_parameters() -> None:
    finder = Finder([("https://example.org/a",), ("https://example.org/b",)])
    text = narrow(QUERY, {"text": "健康"}, finder)
    assert finder.calls == [{"text": "健康", "doc": None}]
    assert "VALUES ?x { <https://example.org/a> <https://example.org/b> }" in text
    assert "?x ?p ?o" not in text and "?x ?q ?r" in text


def test_marker_kept_when_nothing_selective_is_bound_or_the_finder_declines() -> None:
    finder = Finder(None)
    assert narrow(QUERY, {}, finder) == QUERY
    assert finder.calls == []  # nothing bound: not even asked
    assert narrow(QUERY, {"doc": "x"}, finder) == QUERY
    assert finder.calls == [{"text": None, "doc": "x"}]
    unknown = QUERY.replace("things(", "nothing_like_this(")
    assert narrow(unknown, {"text": "a"}, finder) == unknown


def test_values_of_pairs_and_of_nothing() -> None:
    assert values_clause(["?a", "?b"], [("https://e/1", "https://e/2")]).strip() == "VALUES (?a ?b) { (<https://e/1> <https://e/2>) }"
    assert values_clause(["?a"], []).strip() == "VALUES ?a {  }"


def test_an_index_that_fails_mid_use_lets_the_query_run_unaided(corpus_out: Path) -> None:
    index = lookup.LookupIndex.open(corpus_out / "store")
    assert index is not None and index.obligations(text="健康扶贫")
    index.close()  # as if the file vanished or broke under a running server
    assert index.obligations(text="健康扶贫") is None
    assert narrow(resolve("who").text, {"text": "健康扶贫"}, index) == resolve("who").text
