"""Read what the views show out of the graph into the small frozen records of :mod:`.records`.

The views never look at stage internals: everything comes from the RDF graph (ontology + data +
inferred triples) by the ontology's terms (``namespaces.PG``, a closed namespace), so the pages
show exactly what a SPARQL user would see. The graph is read as property tables: the (subject,
object) pairs of one predicate at a time — the answer to ``SELECT ?s ?o { ?s <p> ?o }`` — pivoted
in Python. That is one indexed triple-pattern lookup per predicate; rdflib's SPARQL engine costs
about 35 µs per solution and evaluates a query with a dozen OPTIONAL joins an order of magnitude
slower. Everything is sorted so the pages are byte-identical for the same graph.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from typing import Any, ClassVar

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS as DCT
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Identifier, Literal

from ..namespaces import ELI, PG
from .records import (
    LEVEL_ORDER,
    BodyView,
    FactView,
    MeasureView,
    PopulationView,
    ProcessView,
    SectionView,
    SiteData,
    StepView,
    TargetView,
    VariantView,
    WitnessView,
    WorkParts,
    WorkView,
)

__all__ = [
    "LEVEL_ORDER", "BodyView", "FactView", "MeasureView", "PopulationView", "ProcessView", "SectionView",
    "SiteData", "StepView", "TargetView", "VariantView", "WitnessView", "WorkParts", "WorkView",
    "iri_key", "load", "work_text",
]

# --------------------------------------------------------------------------------------------
# reading the graph
# --------------------------------------------------------------------------------------------

_KEY_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")

RDFS_LABEL = RDFS.label
RDF_TYPE = RDF.type

def iri_key(iri: str) -> str:
    """An ASCII key for an IRI, used in DOM ids and file names.

    ``…/id/work/2015-11-29-decision`` → ``2015-11-29-decision``; ``…/id/measure/<work>/4-14`` →
    ``<work>-4-14`` (everything after the kind segment, so keys of different works do not collide).
    """
    path = iri.split("#", 1)[-1] if "#" in iri and "/id/" not in iri else iri
    if "/id/" in path:
        parts = [p for p in path.split("/id/", 1)[1].split("/") if p]
        tail = "-".join(parts[1:] or parts)
    else:
        tail = path.rstrip("/").rsplit("/", 1)[-1]
    key = _KEY_UNSAFE.sub("-", tail).strip("-")
    return key or "x"


def _s(value: Identifier | None) -> str | None:
    return None if value is None else str(value)


def _i(value: Identifier | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value.toPython()) if isinstance(value, Literal) else int(str(value))
    except (TypeError, ValueError):
        return None


class _Memo:
    """Pairs already read during one :func:`load` (pg:start/pg:end serve several tables)."""

    graph: ClassVar[Graph | None] = None
    pairs: ClassVar[dict[URIRef, list[tuple[Identifier, Identifier]]]] = {}


def _pairs(graph: Graph, predicate: URIRef) -> list[tuple[Identifier, Identifier]]:
    """All (subject, object) of one predicate: the answer to ``SELECT ?s ?o { ?s <p> ?o }``.

    Read through the graph's triple-pattern index rather than the SPARQL engine: same triples,
    a quarter of the time (rdflib's SPARQL costs ~35 µs per solution; this is the hot path).
    """
    if _Memo.graph is graph and predicate in _Memo.pairs:
        return _Memo.pairs[predicate]
    rows: list[tuple[Identifier, Identifier]] = [(s, o) for s, o in graph.subject_objects(predicate)]  # type: ignore[misc]  # rdflib types them as Node
    if _Memo.graph is graph:
        _Memo.pairs[predicate] = rows
    return rows


def _instances(graph: Graph, cls: URIRef) -> set[str]:
    """``SELECT ?s { ?s a <cls> }`` (asserted or inferred types: the build graph holds both)."""
    return {str(s) for s in graph.subjects(RDF_TYPE, cls)}


class _Table:
    """Values of some predicates for a set of subjects: ``table[subject][name]`` → sorted values."""

    def __init__(self, graph: Graph, subjects: set[str] | None, predicates: dict[str, URIRef]) -> None:
        cells: dict[str, dict[str, list[Identifier]]] = defaultdict(lambda: defaultdict(list))
        for name, pred in predicates.items():
            for s, o in _pairs(graph, pred):
                key = str(s)
                if subjects is None or key in subjects:
                    cells[key][name].append(o)
        for row in cells.values():
            for values in row.values():
                values.sort(key=lambda v: (getattr(v, "language", None) or "", str(v)))
        self.cells = cells

    def subjects(self) -> list[str]:
        return sorted(self.cells)

    def one(self, subject: str, name: str) -> Identifier | None:
        values = self.cells.get(subject, {}).get(name)
        return values[0] if values else None

    def all(self, subject: str, name: str) -> list[Identifier]:
        return list(self.cells.get(subject, {}).get(name, ()))


def _pick_label(labels: Iterable[Identifier], lang: str) -> str | None:
    """The first label in ``lang`` (untagged counts as zh), labels being sorted already."""
    for lit in labels:
        tag = (getattr(lit, "language", None) or "").lower()
        if tag == lang or (lang == "zh" and tag in ("", "zh-cn", "zh-hans")):
            return str(lit)
    return None


def _label(labels: list[Identifier], default: str) -> str:
    return _pick_label(labels, "zh") or _pick_label(labels, "en") or (str(labels[0]) if labels else default)


def _concepts(graph: Graph, cls: URIRef) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """For the concepts of one class: IRI → code (skos:notation), and code → (zh, en) labels."""
    members = _instances(graph, cls)
    t = _Table(graph, members, {"n": SKOS.notation, "l": SKOS.prefLabel})
    codes, labels = {}, {}
    for iri in sorted(members):
        code = _s(t.one(iri, "n")) or iri_key(iri)
        codes[iri] = code
        ls = t.all(iri, "l")
        if ls:
            labels[code] = (_pick_label(ls, "zh") or _pick_label(ls, "en") or code, _pick_label(ls, "en") or code)
    return codes, labels


def _code(iri: Identifier | None, codes: dict[str, str]) -> str | None:
    if iri is None:
        return None
    return codes.get(str(iri)) or str(iri).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _work_of_section(sections: dict[str, SectionView], section: str | None) -> str | None:
    sec = sections.get(section or "")
    return sec.work if sec and sec.work else None


# --------------------------------------------------------------------------------------------
# the loader
# --------------------------------------------------------------------------------------------


def load(graph: Graph) -> SiteData:
    """Read works, sections, bodies, measures, obligations, targets, variants, processes."""
    _Memo.graph, _Memo.pairs = graph, {}
    try:
        return _load(graph)
    finally:
        _Memo.graph, _Memo.pairs = None, {}


def _load(graph: Graph) -> SiteData:
    role_codes, role_labels = _concepts(graph, PG.RoleConcept)
    level_codes, level_labels = _concepts(graph, PG.GovernanceLevel)
    modality_codes, _ = _concepts(graph, PG.ModalityConcept)
    kind_codes, kind_labels = _concepts(graph, PG.BodyKind)
    doc_kind_codes, _ = _concepts(graph, PG.DocumentKind)
    works = _load_works(graph, doc_kind_codes)
    sections = _load_sections(graph, works)
    bodies = _load_bodies(graph, level_codes, kind_codes)
    measures = _load_measures(graph, sections)
    facts = _load_facts(graph, role_codes, modality_codes, sections)
    # bearers and measures referenced by facts but not typed (defensive: keep every edge)
    for f in facts:
        if f.body not in bodies:
            bodies[f.body] = BodyView(iri=f.body, key=iri_key(f.body), label=f.bearer_text or iri_key(f.body))
        if f.measure and f.measure not in measures:
            measures[f.measure] = MeasureView(iri=f.measure, key=iri_key(f.measure), label=iri_key(f.measure))
    return SiteData(
        works=works, sections=sections, bodies=_unique(bodies), measures=_unique(measures), facts=facts,
        populations=_load_populations(graph), targets=_load_targets(graph, sections, measures),
        variants=_load_variants(graph), witnesses=_load_witnesses(graph, works), processes=_load_processes(graph, role_codes, sections),
        role_labels=role_labels, level_labels=level_labels, kind_labels=kind_labels,
        principles=_load_principles(graph, level_codes, role_codes),
    )


def _unique(items: dict[str, Any]) -> dict[str, Any]:
    """Sorted by IRI, with keys made unique (a short suffix on a rare collision)."""
    seen: set[str] = set()
    out = {}
    for iri in sorted(items):
        item = items[iri]
        key, n = item.key, 1
        while key in seen:
            n += 1
            key = f"{item.key}-{n}"
        seen.add(key)
        out[iri] = item if key == item.key else replace(item, key=key)
    return out


def _in_order(items: list[Any]) -> dict[str, Any]:
    """Items with unique keys, keeping the given order."""
    unique = _unique({x.iri: x for x in items})
    return {x.iri: unique[x.iri] for x in items}


def _load_works(graph: Graph, kind_codes: dict[str, str]) -> dict[str, WorkView]:
    members = _instances(graph, PG.Work)
    t = _Table(graph, members, {"title": DCT.title, "date": DCT.issued, "num": PG.docNumber, "kind": PG.documentKind})
    works = []
    for iri in sorted(members):
        works.append(WorkView(
            iri=iri, key=iri_key(iri), title=_label(t.all(iri, "title"), iri_key(iri)), date=_s(t.one(iri, "date")),
            doc_number=_s(t.one(iri, "num")), kind=_code(t.one(iri, "kind"), kind_codes),
        ))
    works.sort(key=lambda w: (w.date or "9999", w.title, w.iri))
    return _in_order(works)


def _load_sections(graph: Graph, works: dict[str, WorkView]) -> dict[str, SectionView]:
    t = _Table(graph, None, {
        "id": PG.sectionId, "order": PG.order, "start": PG.start, "end": PG.end, "text": PG.text,
        "parent": PG.parentSection, "part": DCT.isPartOf, "title": DCT.title,
    })
    sections: dict[str, SectionView] = {}
    for iri in t.subjects():
        sid = t.one(iri, "id")
        if sid is None:
            continue
        work = next((str(w) for w in t.all(iri, "part") if str(w) in works), "")
        sections[iri] = SectionView(
            iri=iri, work=work, id=str(sid), order=_i(t.one(iri, "order")) or 0,
            start=_i(t.one(iri, "start")), end=_i(t.one(iri, "end")), title=_s(t.one(iri, "title")),
            text=_s(t.one(iri, "text")), parent=_s(t.one(iri, "parent")),
        )
    # sections linked to their work only through parents: walk up
    for iri, sec in list(sections.items()):
        seen: set[str] = set()
        cur: SectionView | None = sec
        while cur is not None and not cur.work and cur.parent and cur.parent not in seen:
            seen.add(cur.parent)
            cur = sections.get(cur.parent)
        if cur is not None and cur.work and not sec.work:
            sections[iri] = replace(sec, work=cur.work)
    ordered = sorted(sections.values(), key=lambda s: (s.work, s.start if s.start is not None else s.order, s.order, s.iri))
    return {s.iri: s for s in ordered}


def _load_bodies(graph: Graph, level_codes: dict[str, str], kind_codes: dict[str, str]) -> dict[str, BodyView]:
    members = _instances(graph, PG.Body)
    t = _Table(graph, members, {"pref": SKOS.prefLabel, "alt": SKOS.altLabel, "level": PG.level, "kind": PG.bodyKind})
    bodies: dict[str, BodyView] = {}
    for iri in sorted(members):
        prefs = t.all(iri, "pref")
        zh = _label(prefs, iri_key(iri))
        bodies[iri] = BodyView(
            iri=iri, key=iri_key(iri), label=zh, label_en=_pick_label(prefs, "en"),
            aliases=tuple(sorted({str(a) for a in t.all(iri, "alt")} - {zh})),
            level=_code(t.one(iri, "level"), level_codes) or "none",
            kind=_code(t.one(iri, "kind"), kind_codes),
        )
    return bodies


def _load_measures(graph: Graph, sections: dict[str, SectionView]) -> dict[str, MeasureView]:
    members = _instances(graph, PG.Measure)
    concepts = _instances(graph, PG.MeasureConcept)
    ct = _Table(graph, concepts, {"l": SKOS.prefLabel})
    t = _Table(graph, members, {"pref": SKOS.prefLabel, "label": RDFS_LABEL, "subject": DCT.subject,
                                "sec": PG.statedIn, "part": DCT.isPartOf})
    measures: dict[str, MeasureView] = {}
    for iri in sorted(members):
        labels = t.all(iri, "pref") or t.all(iri, "label")
        sec = _s(t.one(iri, "sec"))
        schemes = sorted({_label(ct.all(str(c), "l"), iri_key(str(c))) for c in t.all(iri, "subject") if str(c) in concepts})
        work = _work_of_section(sections, sec) or next((str(w) for w in t.all(iri, "part")), None)
        measures[iri] = MeasureView(
            iri=iri, key=iri_key(iri), label=_label(labels, iri_key(iri)), label_en=_pick_label(labels, "en"),
            schemes=tuple(schemes), section=sec, work=work,
        )
    return measures


_FACT_PROPS = {
    "bearer": PG.bearer, "role": PG.role, "mod": PG.modality, "measure": PG.measure, "sec": PG.statedIn,
    "quote": PG.quote, "start": PG.start, "end": PG.end, "rule": PG.rule, "task": PG.task,
    "bt": PG.bearerText, "part": DCT.isPartOf, "pop": PG.beneficiary, "deadline": PG.deadline,
}


def _load_facts(
    graph: Graph, role_codes: dict[str, str], modality_codes: dict[str, str], sections: dict[str, SectionView]
) -> tuple[FactView, ...]:
    members = {str(s) for s, _ in _pairs(graph, PG.bearer)}
    t = _Table(graph, members, _FACT_PROPS)
    deadlines = _Table(graph, None, {"text": PG.deadlineText})
    facts = []
    for iri in sorted(members):
        sec = _s(t.one(iri, "sec"))
        deadline = t.one(iri, "deadline")
        facts.append(FactView(
            iri=iri, key=iri_key(iri), body=str(t.one(iri, "bearer")),
            role=_code(t.one(iri, "role"), role_codes) or "duty", modality=_code(t.one(iri, "mod"), modality_codes),
            measure=_s(t.one(iri, "measure")), section=sec,
            work=_work_of_section(sections, sec) or _s(t.one(iri, "part")), quote=_s(t.one(iri, "quote")) or "",
            start=_i(t.one(iri, "start")), end=_i(t.one(iri, "end")), rule=_s(t.one(iri, "rule")),
            task=_s(t.one(iri, "task")), bearer_text=_s(t.one(iri, "bt")),
            populations=tuple(sorted({str(p) for p in t.all(iri, "pop")})),
            deadline=_s(deadlines.one(str(deadline), "text")) if deadline is not None else None,
        ))
    facts.sort(key=lambda f: (f.work or "", f.start if f.start is not None else -1, f.iri))
    return tuple(_in_order(facts).values())


def _load_populations(graph: Graph) -> dict[str, PopulationView]:
    members = _instances(graph, PG.TargetPopulation)
    t = _Table(graph, members, {"l": SKOS.prefLabel})
    return {iri: PopulationView(iri=iri, key=iri_key(iri), label=_label(t.all(iri, "l"), iri_key(iri)))
            for iri in sorted(members)}


def _load_targets(
    graph: Graph, sections: dict[str, SectionView], measures: dict[str, MeasureView]
) -> tuple[TargetView, ...]:
    members = _instances(graph, PG.QuantifiedTarget)
    t = _Table(graph, members, {
        "ind": PG.indicator, "val": PG.valueText, "unit": PG.unit, "sec": PG.statedIn, "quote": PG.quote,
        "start": PG.start, "end": PG.end, "scope": PG.scope, "deadline": PG.deadline, "part": DCT.isPartOf,
    })
    deadlines = _Table(graph, None, {"text": PG.deadlineText})
    # a target belongs to the measure stated by its section or the nearest enclosing one
    measure_at = {m.section: m.iri for m in sorted(measures.values(), key=lambda m: m.iri) if m.section}
    out = []
    for iri in sorted(members):
        sec = _s(t.one(iri, "sec"))
        measure, cur, seen = None, sec, set()
        while cur and cur not in seen and measure is None:
            seen.add(cur)
            measure = measure_at.get(cur)
            cur = sections[cur].parent if cur in sections else None
        deadline = t.one(iri, "deadline")
        out.append(TargetView(
            iri=iri, key=iri_key(iri), indicator=_s(t.one(iri, "ind")) or "", value=_s(t.one(iri, "val")) or "",
            unit=_s(t.one(iri, "unit")) or "", section=sec,
            work=_work_of_section(sections, sec) or _s(t.one(iri, "part")), quote=_s(t.one(iri, "quote")) or "",
            start=_i(t.one(iri, "start")), end=_i(t.one(iri, "end")),
            deadline=_s(deadlines.one(str(deadline), "text")) if deadline is not None else None,
            scope=_s(t.one(iri, "scope")), measure=measure,
        ))
    out.sort(key=lambda x: (x.work or "", x.start if x.start is not None else -1, x.iri))
    return tuple(_in_order(out).values())


def _load_variants(graph: Graph) -> tuple[VariantView, ...]:
    work_of = {str(v): str(w) for w, v in _pairs(graph, PG.variant)}
    t = _Table(graph, set(work_of), {"sec": PG.variantIn, "chosen": PG.chosenText, "start": PG.start,
                                     "end": PG.end, "reading": PG.reading})
    readings = {str(r) for v in work_of for r in t.all(v, "reading")}
    rt = _Table(graph, readings, {"text": PG.readingText, "why": PG.suspicious, "wit": PG.readIn})
    out = []
    for iri in sorted(work_of):
        rows = sorted(
            (_s(rt.one(str(r), "text")) or "", tuple(sorted(iri_key(str(w)) for w in rt.all(str(r), "wit"))),
             _s(rt.one(str(r), "why")))
            for r in t.all(iri, "reading")
        )
        out.append(VariantView(
            iri=iri, work=work_of[iri], section=_s(t.one(iri, "sec")), chosen=_s(t.one(iri, "chosen")) or "",
            start=_i(t.one(iri, "start")), end=_i(t.one(iri, "end")), readings=tuple(rows),
        ))
    out.sort(key=lambda v: (v.work, v.start if v.start is not None else -1, v.iri))
    return tuple(out)


def _load_witnesses(graph: Graph, works: dict[str, WorkView]) -> tuple[WitnessView, ...]:
    work_of = {str(w): str(x) for w, x in _pairs(graph, ELI.realizes) if str(x) in works}
    t = _Table(graph, set(work_of), {"id": DCT.identifier, "src": PG.sourceFile, "date": PG.statedDate,
                                     "flag": PG.flag})
    flags = {str(f) for w in work_of for f in t.all(w, "flag")}
    ft = _Table(graph, flags, {"kind": PG.flagKind, "why": RDFS.comment})
    out = []
    for iri in sorted(work_of):
        out.append(WitnessView(
            iri=iri, work=work_of[iri], id=_s(t.one(iri, "id")) or iri_key(iri), source=_s(t.one(iri, "src")),
            date=_s(t.one(iri, "date")),
            flags=tuple(sorted((_s(ft.one(str(f), "kind")) or "", _s(ft.one(str(f), "why")) or "")
                               for f in t.all(iri, "flag"))),
        ))
    return tuple(out)


def _load_processes(graph: Graph, role_codes: dict[str, str], sections: dict[str, SectionView]) -> tuple[ProcessView, ...]:
    members = _instances(graph, PG.Process)
    t = _Table(graph, members, {"pref": SKOS.prefLabel, "label": RDFS_LABEL, "sec": PG.statedIn, "step": PG.step,
                                "part": DCT.isPartOf})
    steps = {str(s) for p in members for s in t.all(p, "step")}
    st = _Table(graph, steps, {"n": PG.stepOrder, "actor": PG.actor, "action": PG.action, "role": PG.role,
                               "quote": PG.quote})
    out = []
    for iri in sorted(members):
        sec = _s(t.one(iri, "sec"))
        rows = [StepView(order=_i(st.one(str(s), "n")) or 0, body=_s(st.one(str(s), "actor")),
                         action=_s(st.one(str(s), "action")) or "", role=_code(st.one(str(s), "role"), role_codes),
                         quote=_s(st.one(str(s), "quote")))
                for s in t.all(iri, "step")]
        out.append(ProcessView(
            iri=iri, key=iri_key(iri), label=_label(t.all(iri, "pref") or t.all(iri, "label"), iri_key(iri)),
            work=_work_of_section(sections, sec) or _s(t.one(iri, "part")), section=sec,
            steps=tuple(sorted(rows, key=lambda s: (s.order, s.action))),
        ))
    return tuple(out)


def _load_principles(graph: Graph, level_codes: dict[str, str], role_codes: dict[str, str]) -> tuple[tuple[str, str, str], ...]:
    """Clauses of governance principles (中央统筹、省负总责、市县抓落实) stated as data in the graph."""
    members = _instances(graph, PG.GovernancePrinciple)
    t = _Table(graph, members, {"pref": SKOS.prefLabel, "label": RDFS_LABEL, "clause": PG.clause})
    clauses = {str(c) for p in members for c in t.all(p, "clause")}
    ct = _Table(graph, clauses, {"level": PG.atLevel, "role": PG.expectedRole})
    out = set()
    for p in members:
        label = _label(t.all(p, "pref") or t.all(p, "label"), iri_key(p))
        for c in t.all(p, "clause"):
            out.add((label, _code(ct.one(str(c), "level"), level_codes) or "", _code(ct.one(str(c), "role"), role_codes) or ""))
    return tuple(sorted(out))


def work_text(data: SiteData, work: str, *, gap: str = "\n") -> str | None:
    """The work's canonical text rebuilt from its sections' texts placed at their offsets.

    The graph stores each section's text (``pg:text``) with its offsets into the canonical text;
    laying them down at those offsets gives back the canonical text, so fact offsets line up.
    Characters not covered by any section (the title line, blank lines between chapters) are
    ``gap`` each, so offsets stay aligned; the evidence page collapses runs of them.
    """
    secs = [(s.start, s.text) for s in data.of_work(work).sections if s.text is not None and s.start is not None]
    if not secs:
        return None
    size = max(start + len(text) for start, text in secs)
    chars: list[str | None] = [None] * size
    for start, text in sorted(secs, key=lambda st: (-len(st[1]), st[0])):
        for i, ch in enumerate(text):
            if chars[start + i] is None:
                chars[start + i] = ch
    return "".join(gap if c is None else c for c in chars)
