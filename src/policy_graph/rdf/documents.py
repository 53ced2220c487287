"""Works, witnesses, variants and sections → triples (ELI + policy-graph terms)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from ..model import Section, SegmentedWork, Witness, Work
from ..namespaces import ELI, PG, concept
from .iris import Minter
from .triples import TripleSink

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
DOCUMENT_KINDS = ("decision", "guidance", "implementation", "speech", "news", "commentary", "other")


@dataclass
class WorkIndex:
    """What later builders need to know about one work's nodes."""

    work: Work
    iri: URIRef
    sections: dict[str, URIRef] = field(default_factory=dict)  # section id → IRI
    by_id: dict[str, Section] = field(default_factory=dict)

    def section_iri(self, graph: TripleSink, minter: Minter, section_id: str) -> URIRef:
        """IRI of a section; an id the segmenter did not produce gets a minimal node (flagged by SHACL)."""
        iri = self.sections.get(section_id)
        if iri is None:
            iri = minter.unknown_section(self.work.id, section_id)
            graph.add((iri, RDF.type, PG.Section))
            graph.add((iri, PG.sectionId, Literal(section_id)))
            graph.add((iri, DCTERMS.isPartOf, self.iri))
            self.sections[section_id] = iri
        return iri

    def chapter_of(self, section_id: str) -> str:
        """Id of the top-level ancestor of a section (itself when it has no parent)."""
        current = self.by_id.get(section_id)
        seen = set()
        while current is not None and current.parent and current.parent not in seen:
            seen.add(current.id)
            parent = self.by_id.get(current.parent)
            if parent is None:
                break
            current = parent
        return current.id if current is not None else section_id


def add_work(graph: TripleSink, minter: Minter, doc: SegmentedWork) -> WorkIndex:
    work = doc.work
    iri = minter.work(work.id)
    index = WorkIndex(work=work, iri=iri)
    graph.add((iri, RDF.type, PG.Work))
    graph.add((iri, DCTERMS.identifier, Literal(work.id)))
    graph.add((iri, DCTERMS.title, Literal(work.title, lang="zh")))
    graph.add((iri, RDFS.label, Literal(work.title, lang="zh")))
    kind = work.kind if work.kind in DOCUMENT_KINDS else "other"
    graph.add((iri, PG.documentKind, concept("document-kind", kind)))
    if work.date:
        if _ISO_DATE.fullmatch(work.date):
            graph.add((iri, DCTERMS.issued, Literal(work.date, datatype=XSD.date)))
        else:
            graph.add((iri, DCTERMS.issued, Literal(work.date)))
    if work.doc_number:
        graph.add((iri, PG.docNumber, Literal(work.doc_number)))
    for issuer in work.issuers:
        graph.add((iri, PG.issuerName, Literal(issuer)))
    _add_sections(graph, minter, doc, index)
    for witness in work.witnesses:
        _add_witness(graph, minter, index, witness)
    _add_variants(graph, minter, index)
    return index


def _add_sections(graph: TripleSink, minter: Minter, doc: SegmentedWork, index: WorkIndex) -> None:
    work = doc.work
    ordered = sorted(doc.sections, key=lambda s: (s.start, -s.end, s.depth, s.id))
    used: set[str] = set()
    for s in ordered:
        key = s.key
        n = 1
        while key in used:  # two sections with one key would merge into one node: keep them apart
            n += 1
            key = f"{s.key}-{n}"
        used.add(key)
        index.sections.setdefault(s.id, minter.section(work.id, key))
        index.by_id.setdefault(s.id, s)
    ordered = [s for s in ordered if index.by_id[s.id] is s]  # a repeated section id keeps its first unit
    for position, s in enumerate(ordered, start=1):
        iri = index.sections[s.id]
        graph.add((iri, RDF.type, PG.Section))
        graph.add((iri, DCTERMS.isPartOf, index.iri))
        graph.add((iri, PG.sectionId, Literal(s.id)))
        graph.add((iri, PG.sectionKind, Literal(s.kind)))
        graph.add((iri, PG.order, Literal(position)))
        graph.add((iri, PG.start, Literal(s.start)))
        graph.add((iri, PG.end, Literal(s.end)))
        graph.add((iri, PG.text, Literal(work.text[s.start : s.end])))
        label = f"{s.id} {s.title}" if s.title else s.id
        graph.add((iri, RDFS.label, Literal(label, lang="zh")))
        if s.title:
            graph.add((iri, DCTERMS.title, Literal(s.title, lang="zh")))
        if s.parent and s.parent in index.sections:
            graph.add((iri, PG.parentSection, index.sections[s.parent]))


def _add_witness(graph: TripleSink, minter: Minter, index: WorkIndex, witness: Witness) -> None:
    iri = minter.witness(witness.id)
    graph.add((iri, RDF.type, PG.Witness))
    graph.add((iri, ELI.realizes, index.iri))
    graph.add((index.iri, ELI.is_realized_by, iri))
    graph.add((iri, DCTERMS.identifier, Literal(witness.id)))
    graph.add((iri, DCTERMS.title, Literal(witness.title, lang="zh")))
    graph.add((iri, RDFS.label, Literal(f"{witness.title} [{witness.id}]", lang="zh")))
    graph.add((iri, PG.sourceFile, Literal(witness.source)))
    graph.add((iri, PG.sourceStart, Literal(witness.char_start)))
    graph.add((iri, PG.sourceEnd, Literal(witness.char_end)))
    if witness.date:
        graph.add((iri, PG.statedDate, Literal(witness.date)))
    for number, flag in enumerate(witness.flags, start=1):
        node = minter.flag(witness.id, number)
        graph.add((iri, PG.flag, node))
        graph.add((node, RDF.type, PG.Flag))
        graph.add((node, PG.flagKind, Literal(flag.kind)))
        graph.add((node, RDFS.comment, Literal(flag.reason)))
        if flag.section and flag.section in index.sections:
            graph.add((node, PG.statedIn, index.sections[flag.section]))


def _add_variants(graph: TripleSink, minter: Minter, index: WorkIndex) -> None:
    seen: dict[tuple[int, int], int] = {}
    for variant in sorted(index.work.variants, key=lambda v: (v.start, v.end, v.chosen)):
        count = seen.get((variant.start, variant.end), 0)
        seen[(variant.start, variant.end)] = count + 1
        node = minter.variant(index.work.id, variant.start, variant.end, count)
        graph.add((index.iri, PG.variant, node))
        graph.add((node, RDF.type, PG.Variant))
        graph.add((node, PG.start, Literal(variant.start)))
        graph.add((node, PG.end, Literal(variant.end)))
        graph.add((node, PG.chosenText, Literal(variant.chosen)))
        if variant.section in index.sections:
            graph.add((node, PG.variantIn, index.sections[variant.section]))
        for number, reading in enumerate(variant.readings, start=1):
            r = minter.reading(node, number)
            graph.add((node, PG.reading, r))
            graph.add((r, RDF.type, PG.Reading))
            graph.add((r, PG.readingText, Literal(reading.text)))
            for witness in reading.witnesses:
                graph.add((r, PG.readIn, minter.witness(witness)))
            if reading.suspicious:
                graph.add((r, PG.suspicious, Literal(reading.suspicious)))
