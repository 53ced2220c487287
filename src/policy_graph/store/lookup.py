"""A lookup index beside an Oxigraph store: which obligations, targets and bearers a selective
named query can start from, so the store walks a few dozen subjects instead of ten million triples.

Why: Oxigraph (no statistics, no text index) evaluates ``CONTAINS`` filters and the sub-SELECTs
of the named queries by scanning, then hash-joins them with every obligation's details: at 10M
triples ``who 健康扶贫 --doc …`` took 19 s although it returns 12 rows, while the same query
given those obligations as ``VALUES`` answers in a few milliseconds. SQLite (standard library)
with an FTS5 trigram index finds the subjects whose text contains a fragment in about a millisecond
at any size; ``query/narrow.py`` injects them.

Honesty rules:
- the index is built *from the store* (SPARQL over what was loaded), not from the pipeline's
  records, so it describes exactly the quads the query will see;
- it is stamped with RocksDB's ``CURRENT`` manifest name and ``IDENTITY``: any read-write open
  of the store (an incremental sync, another tool) writes a new manifest, so a stale index is
  detected and ignored (the query then runs unaided, slower but right);
- text tests use ``instr`` (exact code-point substring, as SPARQL ``CONTAINS``); the trigram
  index only pre-selects rows for fragments of three or more characters;
- subjects that are blank nodes cannot be named in ``VALUES``: a store with any refuses an index.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Problem

FILE_NAME = "policy-graph-lookup.sqlite"
SCHEMA_VERSION = "1"
#: Narrowing pays while the candidates are few; past this many the query runs unaided.
MAX_CANDIDATES = 1_000

_PREFIXES = """PREFIX pg: <https://w3id.org/policy-graph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

# (table, SPARQL whose two columns fill it, whether ?b is an IRI too); every pattern mirrors one
# in queries/*.rq
_SOURCES: tuple[tuple[str, str, bool], ...] = (
    ("work", "SELECT ?a ?b WHERE { ?a a pg:Work ; dcterms:title ?t BIND (STR(?t) AS ?b) }", False),
    ("placed", "SELECT ?a ?b WHERE { ?a pg:statedIn ?s . ?s dcterms:isPartOf ?b }", True),
    ("typed", "SELECT ?a ?b WHERE { VALUES ?b { pg:Obligation pg:QuantifiedTarget } ?a a ?b }", True),
    ("mention", ("SELECT ?a ?b WHERE { { ?a pg:quote ?x } UNION { ?a pg:task ?x } "
                "UNION { ?a pg:measure/skos:prefLabel ?x } BIND (STR(?x) AS ?b) }"), False),
    ("bearer", "SELECT ?a ?b WHERE { ?a pg:bearer ?b }", True),
    ("body", ("SELECT ?a ?b WHERE { ?a a pg:Body OPTIONAL { ?a skos:prefLabel|skos:altLabel ?x } "
             "BIND (STR(?x) AS ?b) }"), False),
)

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE work (a TEXT NOT NULL, b TEXT NOT NULL);
CREATE TABLE placed (a TEXT NOT NULL, b TEXT NOT NULL);
CREATE TABLE typed (a TEXT NOT NULL, b TEXT NOT NULL);
CREATE TABLE mention (a TEXT NOT NULL, b TEXT NOT NULL);
CREATE TABLE bearer (a TEXT NOT NULL, b TEXT NOT NULL);
CREATE TABLE body (a TEXT NOT NULL, b TEXT);
"""
_INDEXES = """
CREATE INDEX placed_b ON placed (b, a);
CREATE INDEX placed_a ON placed (a, b);
CREATE INDEX typed_ab ON typed (a, b);
CREATE INDEX bearer_b ON bearer (b, a);
CREATE INDEX bearer_a ON bearer (a, b);
CREATE INDEX mention_a ON mention (a);
"""
_FTS = ("CREATE VIRTUAL TABLE mention_fts USING fts5(b, content='mention', content_rowid='rowid', "
        "tokenize='trigram case_sensitive 1')")

_OBLIGATION = "https://w3id.org/policy-graph/ontology#Obligation"
_TARGET = "https://w3id.org/policy-graph/ontology#QuantifiedTarget"


class IndexRefused(Exception):
    """The store holds something the index cannot represent (e.g. blank-node subjects)."""


def store_stamp(store_dir: Path) -> str:
    """What identifies this exact state of an on-disk Oxigraph (RocksDB) store without reading it:
    the current manifest's name (renewed by every read-write open) and the database identity."""
    parts = []
    for name in ("IDENTITY", "CURRENT"):
        try:
            parts.append((store_dir / name).read_text(encoding="ascii", errors="replace").strip())
        except OSError:
            parts.append("")
    return "|".join(parts)


def fts5_available() -> bool:
    try:
        con = sqlite3.connect(":memory:")
        con.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='trigram')")
        con.close()
        return True
    except sqlite3.Error:
        return False


def _rows(store: object, sparql: str, iri_b: bool) -> Iterator[tuple[str, str | None]]:
    import pyoxigraph as ox

    for solution in store.query(_PREFIXES + sparql, use_default_graph_as_union=True):  # type: ignore[attr-defined]
        a, b = solution[0], solution[1]
        if not isinstance(a, ox.NamedNode) or (iri_b and not isinstance(b, ox.NamedNode)):
            raise IndexRefused(f"a node is not an IRI ({a} {b}); VALUES cannot name it")
        yield a.value, (None if b is None else b.value)


def build(store: object, path: Path) -> dict[str, int]:
    """Write the index of the (open) pyoxigraph ``store`` to ``path``; returns rows per table.
    Call :func:`stamp` once the store is closed for writing."""
    path.unlink(missing_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    counts: dict[str, int] = {}
    con = sqlite3.connect(tmp)
    try:
        con.executescript(_SCHEMA)
        for table, sparql, iri_b in _SOURCES:
            rows = list(_rows(store, sparql, iri_b))
            con.executemany(f"INSERT INTO {table} (a, b) VALUES (?, ?)", rows)
            counts[table] = len(rows)
        con.executescript(_INDEXES)
        if fts5_available():
            con.execute(_FTS)
            con.execute("INSERT INTO mention_fts(mention_fts) VALUES ('rebuild')")
        con.execute("INSERT INTO meta VALUES ('schema', ?), ('stamp', '')", (SCHEMA_VERSION,))
        con.commit()
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    con.close()
    tmp.replace(path)
    return counts


def stamp(path: Path, store_dir: Path) -> None:
    """Tie the index to the store's current on-disk state (call after the writer closed it)."""
    con = sqlite3.connect(path)
    try:
        con.execute("UPDATE meta SET value = ? WHERE key = 'stamp'", (store_stamp(store_dir),))
        con.commit()
    finally:
        con.close()


def write_for(store_dir: Path) -> dict[str, int]:
    """(Re)build the index of a closed on-disk store: open it read-only, index, stamp."""
    import pyoxigraph as ox

    store = ox.Store.read_only(str(store_dir))
    try:
        counts = build(store, store_dir / FILE_NAME)
    finally:
        del store
    stamp(store_dir / FILE_NAME, store_dir)
    return counts


def index_store(store_dir: Path) -> Problem | None:
    """Index a closed on-disk store for the selective named queries; a store the index cannot
    describe keeps working without one (a warning, not a failed build)."""
    try:
        write_for(store_dir)
    except IndexRefused as exc:
        (store_dir / FILE_NAME).unlink(missing_ok=True)
        return Problem(str(store_dir), "warning", f"no lookup index (named queries run unaided): {exc}")
    return None


@dataclass
class LookupIndex:
    """An open, fresh index. Each finder returns the exact candidate rows, or None when there are
    more than ``limit`` (the query is then better run unaided)."""

    con: sqlite3.Connection
    fts: bool
    limit: int = MAX_CANDIDATES
    lock: threading.Lock = field(default_factory=threading.Lock)  # the server asks from threads

    @classmethod
    def open(cls, store_dir: Path) -> LookupIndex | None:
        """The index of ``store_dir`` if there is one and it matches the store's state, else None."""
        path = store_dir / FILE_NAME
        if not path.is_file():
            return None
        try:
            con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
            fts = bool(con.execute("SELECT 1 FROM sqlite_master WHERE name = 'mention_fts'").fetchone())
            if fts:
                con.execute("SELECT rowid FROM mention_fts WHERE mention_fts MATCH '\"abc\"' LIMIT 1").fetchall()
        except sqlite3.Error:
            return None  # unreadable, or FTS5 missing in this Python: run unaided
        if meta.get("schema") != SCHEMA_VERSION or meta.get("stamp") != store_stamp(store_dir):
            con.close()
            return None
        return cls(con, fts)

    def close(self) -> None:
        self.con.close()

    # -- finders: one per narrowing declared in queries/*.rq ------------------------------------

    def obligations(self, *, text: str | None = None, doc: str | None = None) -> list[tuple[str]] | None:
        """Obligations whose quote, task or measure label contains ``text`` (all if None), stated
        in a work whose title contains ``doc`` (any work if None)."""
        sql = ["SELECT DISTINCT t.a FROM typed t"]
        args: list[str] = []
        if doc is not None:
            sql.append(self._in_work("t.a", doc, args))
        sql.append("WHERE t.b = ?")
        args.append(_OBLIGATION)
        if text is not None:
            sql.append("AND t.a IN (" + self._mentioning(text, args) + ")")
        return self._fetch(" ".join(sql), args)

    def targets(self, *, doc: str | None = None) -> list[tuple[str]] | None:
        """Quantified targets stated in a work whose title contains ``doc``."""
        if doc is None:
            return None
        args: list[str] = []
        sql = "SELECT DISTINCT t.a FROM typed t " + self._in_work("t.a", doc, args) + " WHERE t.b = ?"
        return self._fetch(sql, [*args, _TARGET])

    def bearers(self, *, body: str | None = None, doc: str | None = None) -> list[tuple[str, str]] | None:
        """(subject, body) for every ``pg:bearer`` whose body (a pg:Body) has a preferred or
        alternative label containing ``body`` (any body if None), stated in a matching work."""
        args: list[str] = []
        sql = ["SELECT DISTINCT r.a, r.b FROM bearer r"]
        if doc is not None:
            sql.append(self._in_work("r.a", doc, args))
        if body is None:
            sql.append("WHERE r.b IN (SELECT a FROM body)")
        else:
            sql.append("WHERE r.b IN (SELECT a FROM body WHERE instr(b, ?) > 0)")
            args.append(body)
        return self._fetch(" ".join(sql), args)

    # -- helpers --------------------------------------------------------------------------------

    @staticmethod
    def _in_work(column: str, doc: str, args: list[str]) -> str:
        args.append(doc)
        return (f"JOIN placed p ON p.a = {column} "
                "JOIN work w ON w.a = p.b AND instr(w.b, ?) > 0")

    def _mentioning(self, text: str, args: list[str]) -> str:
        if self.fts and len(text) >= 3:
            args.extend(('"' + text.replace('"', '""') + '"', text))
            return ("SELECT m.a FROM mention m WHERE m.rowid IN "
                    "(SELECT rowid FROM mention_fts WHERE mention_fts MATCH ?) AND instr(m.b, ?) > 0")
        args.append(text)
        return "SELECT m.a FROM mention m WHERE instr(m.b, ?) > 0"

    def _fetch(self, sql: str, args: Iterable[str]) -> list | None:
        with self.lock:
            rows = self.con.execute(sql + f" LIMIT {self.limit + 1}", tuple(args)).fetchall()
        return None if len(rows) > self.limit else sorted(rows)
