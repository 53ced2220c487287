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
import tempfile
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Problem

FILE_NAME = "policy-graph-lookup.sqlite"
SCHEMA_VERSION = "2"
#: Narrowing pays while the candidates are few; past this many the query runs unaided.
MAX_CANDIDATES = 1_000

_PREFIXES = """PREFIX pg: <https://w3id.org/policy-graph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

#: What each table holds: (?a, ?b) of a pattern over the union of all graphs, mirroring one in
#: queries/*.rq; ``unlabelled`` adds a row (body, NULL) to ``body`` for each body without a label.
TABLES: dict[str, str] = {
    "work": "?a a pg:Work ; dcterms:title ?t BIND (STR(?t) AS ?b)",
    "placed": "?a pg:statedIn ?s . ?s dcterms:isPartOf ?b",
    "typed": "VALUES ?b { pg:Obligation pg:QuantifiedTarget } ?a a ?b",
    "mention": "{ ?a pg:quote ?x } UNION { ?a pg:task ?x } UNION { ?a pg:measure/skos:prefLabel ?x } BIND (STR(?x) AS ?b)",
    "bearer": "?a pg:bearer ?b",
    "body": "?a a pg:Body ; skos:prefLabel|skos:altLabel ?x BIND (STR(?x) AS ?b)",
    "unlabelled": "?a a pg:Body FILTER NOT EXISTS { ?a skos:prefLabel|skos:altLabel ?x } BIND (\"\" AS ?b)",
}
_IRI_B = frozenset({"placed", "typed", "bearer"})

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
CREATE INDEX body_a ON body (a);
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


def _export(store: object, name: str, path: Path) -> None:
    """One table's (?a, ?b) solutions written as CSV by pyoxigraph itself (in Rust, without the
    GIL, no Python object per solution: 2.5x faster than iterating at 10M quads)."""
    import pyoxigraph as ox

    result = store.query(f"{_PREFIXES}SELECT ?a ?b WHERE {{ {TABLES[name]} }}",  # type: ignore[attr-defined]
                         use_default_graph_as_union=True)
    result.serialize(output=str(path), format=ox.QueryResultsFormat.CSV)


def _read(name: str, path: Path) -> Iterator[tuple[str, str | None]]:
    """The rows of an exported table; in CSV a blank node is ``_:…``, which no IRI starts with."""
    import csv

    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        next(reader, None)  # header
        for a, b in reader:
            if a.startswith("_:") or (name in _IRI_B and b.startswith("_:")):
                raise IndexRefused(f"a node is not an IRI ({a} {b}); VALUES cannot name it")
            yield (a, None) if name == "unlabelled" else (a, b)


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
        with tempfile.TemporaryDirectory(prefix=".lookup-", dir=path.parent) as scratch:
            exports = {name: Path(scratch) / f"{name}.csv" for name in TABLES}
            with ThreadPoolExecutor(max_workers=2) as pool:  # two queries at a time
                list(pool.map(lambda name: _export(store, name, exports[name]), TABLES))
            for name, csv_path in exports.items():  # streamed: memory stays flat at any size
                table = "body" if name == "unlabelled" else name
                before = con.total_changes
                con.executemany(f"INSERT INTO {table} (a, b) VALUES (?, ?)", _read(name, csv_path))
                counts[table] = counts.get(table, 0) + con.total_changes - before
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
    # Each starts from its most selective input (one document's subjects, or the rows whose text
    # matches) and checks the rest per candidate through an index: the join order is written
    # out (CROSS JOIN, EXISTS) because SQLite's planner, even after ANALYZE, picked full scans.

    def obligations(self, *, text: str | None = None, doc: str | None = None) -> list[tuple[str]] | None:
        """Obligations whose quote, task or measure label contains ``text`` (all if None), stated
        in a work whose title contains ``doc`` (any work if None)."""
        args: list[str] = []
        if doc is not None:
            sql = self._in_works(doc, args)
            if text is not None:
                sql += " AND EXISTS (SELECT 1 FROM mention m WHERE m.a = p.a AND instr(m.b, ?) > 0)"
                args.append(text)
        elif text is not None:
            sql = "SELECT DISTINCT x.a AS a FROM (" + self._mentioning(text, args) + ") x WHERE 1"
        else:
            return None
        return self._fetch(f"SELECT DISTINCT a FROM ({sql}) c WHERE EXISTS "
                           "(SELECT 1 FROM typed t WHERE t.a = c.a AND t.b = ?)", [*args, _OBLIGATION])

    def targets(self, *, doc: str | None = None) -> list[tuple[str]] | None:
        """Quantified targets stated in a work whose title contains ``doc``."""
        if doc is None:
            return None
        args: list[str] = []
        sql = self._in_works(doc, args)
        return self._fetch(f"SELECT DISTINCT a FROM ({sql}) c WHERE EXISTS "
                           "(SELECT 1 FROM typed t WHERE t.a = c.a AND t.b = ?)", [*args, _TARGET])

    def bearers(self, *, body: str | None = None, doc: str | None = None) -> list[tuple[str, str]] | None:
        """(subject, body) for every ``pg:bearer`` whose body (a pg:Body) has a preferred or
        alternative label containing ``body`` (any body if None), stated in a matching work."""
        args: list[str] = []
        if doc is not None:
            sql = ("SELECT DISTINCT r.a, r.b FROM (" + self._in_works(doc, args) + ") c "
                   "CROSS JOIN bearer r ON r.a = c.a WHERE ")
        elif body is not None:  # from the matching bodies (hundreds) to their bearers
            args.append(body)
            return self._fetch("SELECT DISTINCT r.a, r.b FROM body y CROSS JOIN bearer r ON r.b = y.a "
                               "WHERE instr(y.b, ?) > 0", args)
        else:
            return None
        if body is None:
            sql += "EXISTS (SELECT 1 FROM body y WHERE y.a = r.b)"
        else:
            sql += "EXISTS (SELECT 1 FROM body y WHERE y.a = r.b AND instr(y.b, ?) > 0)"
            args.append(body)
        return self._fetch(sql, args)

    # -- helpers --------------------------------------------------------------------------------

    @staticmethod
    def _in_works(doc: str, args: list[str]) -> str:
        """Subjects (as ``p.a``) stated in a work whose title contains ``doc``: the titles are
        scanned (thousands, not millions), then each work's subjects come from an index."""
        args.append(doc)
        return "SELECT p.a AS a FROM work w CROSS JOIN placed p ON p.b = w.a WHERE instr(w.b, ?) > 0"

    def _mentioning(self, text: str, args: list[str]) -> str:
        if self.fts and len(text) >= 3:
            args.extend(('"' + text.replace('"', '""') + '"', text))
            return ("SELECT m.a AS a FROM mention m WHERE m.rowid IN "
                    "(SELECT rowid FROM mention_fts WHERE mention_fts MATCH ?) AND instr(m.b, ?) > 0")
        args.append(text)
        return "SELECT m.a AS a FROM mention m WHERE instr(m.b, ?) > 0"

    def _fetch(self, sql: str, args: Iterable[str]) -> list | None:
        try:
            with self.lock:
                rows = self.con.execute(sql + f" LIMIT {self.limit + 1}", tuple(args)).fetchall()
        except sqlite3.Error:  # a damaged or vanished index file: the query runs unaided
            return None
        return None if len(rows) > self.limit else sorted(rows)
