"""Extracted facts → triples: obligations, measures, targets, processes, citations, populations.

Every fact node carries its provenance twice: flat (``pg:quote``/``pg:start``/``pg:end``/``pg:rule``,
easy to query and to check with SHACL) and as a W3C Web Annotation whose target selects the span
with an ``oa:TextPositionSelector`` and an ``oa:TextQuoteSelector`` (what linked-data clients read).
All nodes are IRIs derived from the facts, never blank nodes, so output is deterministic.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, TIME, XSD

from ..model import (
    MODALITIES,
    ROLE_CODES,
    Citation,
    Evidence,
    Extraction,
    MeasureRef,
    Obligation,
    Process,
    Target,
)
from ..namespaces import ELI, OA, PG, concept, scheme_iri
from .documents import WorkIndex
from .iris import Minter
from .ontology import known_concepts
from .triples import TripleSink

MODALITY_CLASS = {
    "duty": PG.Duty,
    "encouragement": PG.Encouragement,
    "permission": PG.Permission,
    "prohibition": PG.Prohibition,
}
_CONCEPT_CLASS = {"measure": PG.MeasureConcept, "population": PG.TargetPopulation}
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


# Literals every fact repeats (offsets, rule names, confidences), made once each: building an
# rdflib Literal runs its type-casting machinery, and equal literals made apart only compare
# equal through rdflib's Python-level __eq__/__hash__ when triples are deduplicated and written.
@lru_cache(maxsize=1 << 16)
def _plain(value: int | str) -> Literal:
    return Literal(value)


@lru_cache(maxsize=1 << 16)
def _offset(value: int) -> Literal:
    return Literal(value, datatype=XSD.nonNegativeInteger)


@lru_cache(maxsize=1 << 10)
def _confidence(value: float) -> Literal:
    return Literal(Decimal(str(round(value, 4))), datatype=XSD.decimal)


class FactBuilder:
    """Adds the facts of one build to one graph; remembers what it minted to avoid duplicates."""

    def __init__(self, graph: TripleSink, minter: Minter, works: dict[str, WorkIndex], bodies: dict[str, URIRef]):
        self.g = graph
        self.minter = minter
        self.works = works
        self.bodies = bodies
        self.seen: set[URIRef] = set()
        self.measures: dict[tuple[str, str], URIRef] = {}  # (work id, label) → measure IRI
        self.by_section: dict[tuple[str, str], URIRef] = {}  # (work id, section id) → measure IRI

    # -- shared pieces ---------------------------------------------------------------------

    def provenance(self, node: URIRef, evidence: Evidence, *, section: str | None = None) -> None:
        """Flat provenance + Web Annotation; ``section`` overrides the evidence's section for statedIn."""
        g = self.g
        index = self.works.get(evidence.work)
        quote_text = Literal(evidence.quote)  # one object for pg:quote and oa:exact
        g.add((node, PG.quote, quote_text))
        g.add((node, PG.start, _plain(evidence.start)))
        g.add((node, PG.end, _plain(evidence.end)))
        g.add((node, PG.rule, _plain(evidence.rule)))
        g.add((node, PG.confidence, _confidence(evidence.confidence)))
        rule = self.minter.rule(evidence.rule)
        g.add((node, PROV.wasGeneratedBy, rule))
        g.add((rule, RDF.type, PG.ExtractionRule))
        g.add((rule, RDFS.label, _plain(evidence.rule)))
        if index is not None:
            g.add((node, PG.statedIn, index.section_iri(g, self.minter, section or evidence.section)))
        annotation = self.minter.annotation(node)
        target = self.minter.annotation_target(node)
        position = self.minter.position_selector(node)
        quote = self.minter.quote_selector(node)
        g.add((annotation, RDF.type, OA.Annotation))
        g.add((annotation, OA.hasBody, node))
        g.add((annotation, OA.hasTarget, target))
        g.add((target, RDF.type, OA.SpecificResource))
        if index is not None:
            g.add((target, OA.hasSource, index.iri))
        g.add((target, OA.hasSelector, position))
        g.add((target, OA.hasSelector, quote))
        g.add((position, RDF.type, OA.TextPositionSelector))
        g.add((position, OA.start, _offset(evidence.start)))
        g.add((position, OA.end, _offset(evidence.end)))
        g.add((quote, RDF.type, OA.TextQuoteSelector))
        g.add((quote, OA.exact, quote_text))

    def concept_ref(self, scheme: str, key: str) -> URIRef:
        """A concept IRI; keys the ontology does not define get a minimal concept in the data."""
        iri = concept(scheme, key)
        if key not in known_concepts(scheme) and iri not in self.seen:
            self.seen.add(iri)
            self.g.add((iri, RDF.type, _CONCEPT_CLASS.get(scheme, SKOS.Concept)))
            self.g.add((iri, SKOS.inScheme, scheme_iri(scheme)))
            self.g.add((iri, SKOS.notation, Literal(key)))
            self.g.add((iri, SKOS.prefLabel, Literal(key.replace("_", " "), lang="en")))
        return iri

    def deadline(self, text: str) -> URIRef:
        iri = self.minter.deadline(text)
        if iri not in self.seen:
            self.seen.add(iri)
            self.g.add((iri, RDF.type, PG.Deadline))
            self.g.add((iri, PG.deadlineText, Literal(text)))
            self.g.add((iri, RDFS.label, Literal(text, lang="zh")))
            year = re.search(r"(?<!\d)(\d{4})(?!\d)", text)
            if year:
                self.g.add((iri, TIME.inXSDgYear, Literal(year.group(1), datatype=XSD.gYear)))
        return iri

    # -- measures ----------------------------------------------------------------------------

    def add_measure(self, ref: MeasureRef, *, plan_item: bool) -> URIRef:
        index = self.works[ref.work]
        section = index.by_id.get(ref.section)
        iri = (
            self.minter.measure(ref.work, section.key)
            if section is not None
            else self.minter.measure_by_label(ref.work, ref.label)
        )
        self.measures.setdefault((ref.work, ref.label), iri)
        self.by_section.setdefault((ref.work, ref.section), iri)
        if iri in self.seen:
            return iri
        self.seen.add(iri)
        g = self.g
        g.add((iri, RDF.type, PG.Measure))
        if plan_item:
            g.add((iri, RDF.type, PG.PlanItem))
        g.add((iri, SKOS.prefLabel, Literal(ref.label, lang="zh")))
        g.add((iri, RDFS.label, Literal(ref.label, lang="zh")))
        g.add((iri, DCTERMS.isPartOf, index.iri))
        for key in sorted(set(ref.concepts)):
            g.add((iri, DCTERMS.subject, self.concept_ref("measure", key)))
        if ref.evidence is not None:
            self.provenance(iri, ref.evidence, section=ref.section)
        else:
            g.add((iri, PG.statedIn, index.section_iri(g, self.minter, ref.section)))
        return iri

    def measure_for(self, work_id: str, label: str, concepts: tuple[str, ...]) -> URIRef:
        iri = self.measures.get((work_id, label))
        if iri is None:
            iri = self.minter.measure_by_label(work_id, label)
            self.measures[(work_id, label)] = iri
            g = self.g
            g.add((iri, RDF.type, PG.Measure))
            g.add((iri, SKOS.prefLabel, Literal(label, lang="zh")))
            g.add((iri, RDFS.label, Literal(label, lang="zh")))
            g.add((iri, DCTERMS.isPartOf, self.works[work_id].iri))
            for key in sorted(set(concepts)):
                g.add((iri, DCTERMS.subject, self.concept_ref("measure", key)))
        return iri

    def measure_of_section(self, work_id: str, section_id: str) -> URIRef | None:
        """The measure stated by this section or its nearest ancestor (a target in 四（四）2 → 四（四）)."""
        index = self.works[work_id]
        current: str | None = section_id
        seen: set[str] = set()
        while current is not None and current not in seen:
            seen.add(current)
            hit = self.by_section.get((work_id, current))
            if hit is not None:
                return hit
            section = index.by_id.get(current)
            current = section.parent if section is not None else None
        return None

    # -- obligations -------------------------------------------------------------------------

    def add_obligation(self, ob: Obligation) -> URIRef | None:
        ev = ob.evidence
        iri = self.minter.obligation(ev.work, ev.section, ev.start, ev.end, ob.body.key, ob.role)
        if iri in self.seen:  # the same assertion extracted twice: keep the first
            return None
        self.seen.add(iri)
        g = self.g
        g.add((iri, RDF.type, PG.Obligation))
        if ob.modality in MODALITIES:  # an unknown value is left out for SHACL to report, not guessed
            g.add((iri, RDF.type, MODALITY_CLASS[ob.modality]))
            g.add((iri, PG.modality, concept("modality", ob.modality)))
        g.add((iri, PG.bearer, self.bodies[ob.body.key]))
        g.add((iri, PG.bearerText, Literal(ob.body.surface)))
        if ob.role in ROLE_CODES:
            g.add((iri, PG.role, concept("role", ob.role)))
        if ob.task:
            g.add((iri, PG.task, Literal(ob.task)))
        if ev.work in self.works:
            g.add((iri, DCTERMS.isPartOf, self.works[ev.work].iri))
            if ob.measure:
                g.add((iri, PG.measure, self.measure_for(ev.work, ob.measure, ob.measure_concepts)))
        for key in sorted(set(ob.populations)):
            g.add((iri, PG.beneficiary, self.concept_ref("population", key)))
        for key in sorted(set(ob.measure_concepts)):
            g.add((iri, DCTERMS.subject, self.concept_ref("measure", key)))
        if ob.deadline:
            g.add((iri, PG.deadline, self.deadline(ob.deadline)))
        self.provenance(iri, ev)
        return iri

    # -- targets -----------------------------------------------------------------------------

    def add_target(self, t: Target) -> URIRef | None:
        ev = t.evidence
        iri = self.minter.target(ev.work, ev.section, ev.start, ev.end, t.indicator, t.value, t.unit)
        if iri in self.seen:
            return None
        self.seen.add(iri)
        g = self.g
        g.add((iri, RDF.type, PG.QuantifiedTarget))
        if t.indicator:
            g.add((iri, PG.indicator, Literal(t.indicator)))
        if t.value:
            g.add((iri, PG.valueText, Literal(t.value)))
            numbers = _NUMBER.findall(unicodedata.normalize("NFKC", t.value))
            low, high = _decimal(numbers[0]) if numbers else None, _decimal(numbers[-1]) if len(numbers) > 1 else None
            if low is not None:
                g.add((iri, PG.value, Literal(low, datatype=XSD.decimal)))
            if high is not None and high != low:
                g.add((iri, PG.maxValue, Literal(high, datatype=XSD.decimal)))
        if t.unit:
            g.add((iri, PG.unit, Literal(t.unit)))
        if t.scope:
            g.add((iri, PG.scope, Literal(t.scope)))
        if t.qualifier:
            g.add((iri, PG.qualifier, Literal(t.qualifier)))
        if t.deadline:
            g.add((iri, PG.deadline, self.deadline(t.deadline)))
        if ev.work in self.works:
            g.add((iri, DCTERMS.isPartOf, self.works[ev.work].iri))
            measure = self.measure_of_section(ev.work, ev.section)
            if measure is not None:
                g.add((iri, PG.measure, measure))
        for key in sorted(set(t.measure_concepts)):
            g.add((iri, DCTERMS.subject, self.concept_ref("measure", key)))
        self.provenance(iri, ev)
        return iri

    # -- processes ---------------------------------------------------------------------------

    def add_process(self, p: Process) -> URIRef | None:
        ev = p.evidence
        iri = self.minter.process(ev.work, p.name, ev.start, ev.end)
        if iri in self.seen:
            return None
        self.seen.add(iri)
        g = self.g
        g.add((iri, RDF.type, PG.Process))
        g.add((iri, RDFS.label, Literal(p.name, lang="zh")))
        if ev.work in self.works:
            g.add((iri, DCTERMS.isPartOf, self.works[ev.work].iri))
        self.provenance(iri, ev)
        for step in sorted(p.steps, key=lambda s: s.order):
            node = self.minter.step(iri, step.order)
            g.add((iri, PG.step, node))
            g.add((node, RDF.type, PG.ProcessStep))
            g.add((node, PG.stepOrder, Literal(step.order)))
            g.add((node, PG.actor, self.bodies[step.body.key]))
            g.add((node, PG.action, Literal(step.action)))
            g.add((node, RDFS.label, Literal(f"{step.order}. {step.body.surface}{step.action}", lang="zh")))
            if step.role in ROLE_CODES:
                g.add((node, PG.role, concept("role", step.role)))
            self.provenance(node, step.evidence)
        return iri

    # -- citations ---------------------------------------------------------------------------

    def add_citation(self, citing: WorkIndex, c: Citation, resolve: dict[str, URIRef]) -> None:
        g = self.g
        if not (c.title or c.doc_number):
            return
        target = _resolve(c, resolve)
        if target is None:
            target = self.minter.cited(c.title, c.doc_number)
            if target not in self.seen:
                self.seen.add(target)
                g.add((target, RDF.type, ELI.LegalResource))  # cited, not a work of the corpus
                if c.title:
                    title = c.title.strip("《》")
                    g.add((target, DCTERMS.title, Literal(title, lang="zh")))
                    g.add((target, RDFS.label, Literal(title, lang="zh")))
                if c.doc_number:  # eli:id_local, not pg:docNumber, whose domain is a corpus pg:Work
                    g.add((target, ELI.id_local, Literal(c.doc_number)))
        if target == citing.iri:
            return
        g.add((citing.iri, PG.implements if c.implements else DCTERMS.references, target))

    def add_populations(self, ex: Extraction) -> None:
        index = self.works.get(ex.work)
        if index is None:
            return
        for key, ev in sorted(set(ex.populations), key=lambda p: (p[0], p[1].start, p[1].end)):
            section = index.section_iri(self.g, self.minter, ev.section)
            self.g.add((section, DCTERMS.subject, self.concept_ref("population", key)))


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def normalise_title(title: str) -> str:
    """Title key for matching citations to works: NFKC, no brackets, spaces or punctuation."""
    text = unicodedata.normalize("NFKC", title)
    return re.sub(r"[\s《》〈〉<>\"“”'‘’、，,·]", "", text)


def _resolve(c: Citation, resolve: dict[str, URIRef]) -> URIRef | None:
    if c.doc_number:
        hit = resolve.get("no:" + normalise_title(c.doc_number))
        if hit is not None:
            return hit
    if c.title:
        key = normalise_title(c.title)
        if "title:" + key in resolve:
            return resolve["title:" + key]
        # a citation may omit the issuer prefix ("关于打赢…" for "中共中央 国务院关于打赢…")
        matches = sorted(
            iri for k, iri in resolve.items() if k.startswith("title:") and len(key) >= 8 and k.endswith(key)
        )
        if len(matches) == 1:
            return matches[0]
    return None
