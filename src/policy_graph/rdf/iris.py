"""Deterministic, ASCII IRIs for instance data.

Every IRI is a pure function of the input facts and the base, so the same input gives the same
IRIs (and byte-identical sorted N-Triples) on every run. Instances live under ``{base}id/``;
vocabulary (ontology, concept schemes) is fixed under :data:`~policy_graph.namespaces.DEFAULT_BASE`
and minted by :func:`policy_graph.namespaces.concept`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from urllib.parse import quote

from rdflib import URIRef

from ..namespaces import DEFAULT_BASE

_SAFE = "-._~"
_SEP = "\x1f"


def short_hash(*parts: object, length: int = 12) -> str:
    """First ``length`` hex digits of SHA-1 over the parts (joined with an unprintable separator)."""
    data = _SEP.join("" if p is None else str(p) for p in parts).encode("utf-8")
    return hashlib.sha1(data).hexdigest()[:length]


def segment(value: str) -> str:
    """One IRI path segment: ASCII kept, anything else percent-encoded (still deterministic)."""
    if not value:
        raise ValueError("empty IRI segment")
    if re.fullmatch(r"[A-Za-z0-9._~-]+", value):
        return value
    return quote(value, safe=_SAFE)


@dataclass(frozen=True, slots=True)
class Minter:
    """Mints instance IRIs under one base (default ``https://w3id.org/policy-graph/``)."""

    base: str = DEFAULT_BASE

    def __post_init__(self) -> None:
        if not self.base.endswith(("/", "#")):
            raise ValueError(f"IRI base must end with '/' or '#': {self.base!r}")
        if not self.base.isascii():
            raise ValueError(f"IRI base must be ASCII: {self.base!r}")

    def _iri(self, *segments: str) -> URIRef:
        return URIRef(self.base + "id/" + "/".join(segment(s) for s in segments))

    def work(self, work_id: str) -> URIRef:
        return self._iri("work", work_id)

    def section(self, work_id: str, section_key: str) -> URIRef:
        return self._iri("work", work_id, "section", section_key)

    def unknown_section(self, work_id: str, section_id: str) -> URIRef:
        """A section named by an extraction but absent from the segmentation."""
        return self._iri("work", work_id, "section", "x-" + short_hash(section_id, length=8))

    def witness(self, witness_id: str) -> URIRef:
        return self._iri("witness", witness_id)

    def flag(self, witness_id: str, index: int) -> URIRef:
        return self._iri("witness", witness_id, "flag", str(index))

    def variant(self, work_id: str, start: int, end: int, index: int = 0) -> URIRef:
        key = f"{start}-{end}" if not index else f"{start}-{end}-{index}"
        return self._iri("work", work_id, "variant", key)

    def reading(self, variant: URIRef, index: int) -> URIRef:
        return URIRef(f"{variant}/reading/{index}")

    def body(self, body_key: str) -> URIRef:
        return self._iri("body", body_key)

    def obligation(self, work_id: str, section: str, start: int, end: int, body_key: str, role: str) -> URIRef:
        return self._iri("obligation", work_id, short_hash(section, start, end, body_key, role))

    def target(self, work_id: str, section: str, start: int, end: int, indicator: str, value: str, unit: str) -> URIRef:
        return self._iri("target", work_id, short_hash(section, start, end, indicator, value, unit))

    def measure(self, work_id: str, section_key: str) -> URIRef:
        """The measure stated by a numbered item (one per item title)."""
        return self._iri("measure", work_id, section_key)

    def measure_by_label(self, work_id: str, label: str) -> URIRef:
        """A measure named by an obligation but not stated as an item title."""
        return self._iri("measure", work_id, "m-" + short_hash(label))

    def process(self, work_id: str, name: str, start: int, end: int) -> URIRef:
        return self._iri("process", work_id, short_hash(name, start, end))

    def step(self, process: URIRef, order: int) -> URIRef:
        return URIRef(f"{process}/step/{order}")

    def deadline(self, text: str) -> URIRef:
        year = re.search(r"\d{4}", text)
        prefix = year.group(0) + "-" if year else ""
        return self._iri("deadline", prefix + short_hash(text, length=8))

    def rule(self, rule_id: str) -> URIRef:
        return self._iri("rule", rule_id)

    def cited(self, title: str | None, doc_number: str | None) -> URIRef:
        """A cited document that is not a work of the corpus."""
        return self._iri("cited", short_hash(title or "", doc_number or ""))

    @staticmethod
    def annotation(fact: URIRef) -> URIRef:
        return URIRef(f"{fact}/annotation")

    @staticmethod
    def annotation_target(fact: URIRef) -> URIRef:
        return URIRef(f"{fact}/annotation/target")

    @staticmethod
    def position_selector(fact: URIRef) -> URIRef:
        return URIRef(f"{fact}/annotation/position")

    @staticmethod
    def quote_selector(fact: URIRef) -> URIRef:
        return URIRef(f"{fact}/annotation/quote")
