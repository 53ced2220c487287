"""Turn SHACL results into plain sentences, grouped by document, for the build report.

"湖北省…实施意见 四（十四）: no lead body / 无牵头单位 — 构建大扶贫格局"
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS
from rdflib.term import Node

from ..namespaces import PG
from .report import ValidationReport, ValidationResult

NO_DOCUMENT = "(no document)"


def _work_of_section(data: Graph, section: Node) -> Node | None:
    for work in sorted(data.objects(section, DCTERMS.isPartOf), key=str):
        if (work, RDF.type, PG.Work) in data:
            return work
    return None


def _section_of(data: Graph, focus: Node) -> Node | None:
    if (focus, RDF.type, PG.Section) in data:
        return focus
    for prop in (PG.statedIn, PG.variantIn):
        section = data.value(focus, prop)
        if section is not None:
            return section
    process = data.value(predicate=PG.step, object=focus)
    if process is not None:
        return data.value(process, PG.statedIn)
    if (focus, RDF.type, PG.Body) in data:
        stated = sorted(
            (_order(data, s), str(s)) for ob in data.subjects(PG.bearer, focus) for s in data.objects(ob, PG.statedIn)
        )
        if stated:
            return URIRef(stated[0][1])
    return None


def _order(data: Graph, section: Node) -> tuple[str, int]:
    work = _work_of_section(data, section)
    title = str(data.value(work, DCTERMS.title) or "") if work is not None else ""
    order = data.value(section, PG.order)
    return (title, int(str(order)) if order is not None else 0)


def _label(data: Graph, focus: Node) -> str:
    for prop in (SKOS.prefLabel, RDFS.label, PG.indicator, PG.bearerText, PG.quote):
        values = sorted(str(v) for v in data.objects(focus, prop))
        if values:
            text = values[0]
            return text if len(text) <= 40 else text[:39] + "…"
    return ""


def locate(data: Graph, focus: Node) -> tuple[str, str, int]:
    """(document title, section id, section order) of a focus node, as far as it can be told."""
    if (focus, RDF.type, PG.Work) in data:
        return str(data.value(focus, DCTERMS.title) or focus), "", 0
    section = _section_of(data, focus)
    if section is None:
        work = data.value(focus, DCTERMS.isPartOf)
        if work is not None and (work, RDF.type, PG.Work) in data:
            return str(data.value(work, DCTERMS.title) or work), "", 0
        return NO_DOCUMENT, "", 0
    work = _work_of_section(data, section)
    title = str(data.value(work, DCTERMS.title) or work) if work is not None else NO_DOCUMENT
    order = data.value(section, PG.order)
    return title, str(data.value(section, PG.sectionId) or ""), int(str(order)) if order is not None else 0


def sentence(result: ValidationResult, data: Graph) -> tuple[tuple[str, int, str], str]:
    title, section, order = locate(data, result.focus)
    where = f"{title} {section}".strip()
    message = " / ".join(m for m in (result.message_en, result.message_zh) if m)
    detail = _label(data, result.focus) if (result.focus, RDF.type, PG.Work) not in data else ""
    text = f"{where}: {message}" + (f" — {detail}" if detail else "")
    return (title, order, text), text


def gap_report(report: ValidationReport, data: Graph) -> list[str]:
    """One plain sentence per SHACL result, ordered by document, then section order, then text."""
    keyed = [sentence(r, data) for r in report.results]
    keyed.sort(key=lambda pair: pair[0])
    out: list[str] = []
    for _, text in keyed:
        if not out or out[-1] != text:
            out.append(text)
    return out


def gaps_by_document(report: ValidationReport, data: Graph) -> dict[str, list[str]]:
    """The same sentences grouped under their document title (insertion-ordered by title)."""
    grouped: dict[str, list[str]] = {}
    keyed = sorted((sentence(r, data) for r in report.results), key=lambda pair: pair[0])
    for (title, _, _), text in keyed:
        bucket = grouped.setdefault(title, [])
        if text not in bucket:
            bucket.append(text)
    return grouped
