"""The records the pages are built from: what the views show, read out of the graph by :mod:`.data`.

Frozen, sorted, plain: every page is a pure function of a :class:`SiteData`, so pages can be
tested from hand-built records and stay byte-identical for the same graph.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

#: Order in which governance levels are shown (the chain 中央 → 省 → 市 → 县 → 乡 → 村, then the rest).
LEVEL_ORDER: tuple[str, ...] = (
    "central", "provincial", "prefectural", "county", "township", "village", "multi", "none",
)


@dataclass(frozen=True, slots=True)
class WorkView:
    iri: str
    key: str  # ASCII, from the IRI: used in file names and DOM ids
    title: str
    date: str | None = None
    doc_number: str | None = None
    kind: str | None = None


@dataclass(frozen=True, slots=True)
class SectionView:
    iri: str
    work: str  # work IRI
    id: str  # contract section id: 四（十四）
    order: int
    start: int | None = None
    end: int | None = None
    title: str | None = None
    text: str | None = None
    parent: str | None = None  # parent section IRI


@dataclass(frozen=True, slots=True)
class BodyView:
    iri: str
    key: str
    label: str  # zh
    label_en: str | None = None
    aliases: tuple[str, ...] = ()
    level: str = "none"
    kind: str | None = None


@dataclass(frozen=True, slots=True)
class MeasureView:
    iri: str
    key: str
    label: str
    label_en: str | None = None
    schemes: tuple[str, ...] = ()  # measure concept labels (产业扶贫…), sorted
    section: str | None = None  # section IRI
    work: str | None = None  # work IRI


@dataclass(frozen=True, slots=True)
class FactView:
    """One obligation (who, role, what), with where it was read."""

    iri: str
    key: str
    body: str  # body IRI
    role: str  # role code
    modality: str | None
    measure: str | None  # measure IRI
    section: str | None  # section IRI
    work: str | None  # work IRI
    quote: str
    start: int | None
    end: int | None
    rule: str | None = None
    task: str | None = None
    bearer_text: str | None = None
    populations: tuple[str, ...] = ()  # population IRIs
    deadline: str | None = None


@dataclass(frozen=True, slots=True)
class PopulationView:
    iri: str
    key: str
    label: str


@dataclass(frozen=True, slots=True)
class TargetView:
    iri: str
    key: str
    indicator: str
    value: str
    unit: str
    section: str | None
    work: str | None
    quote: str
    start: int | None
    end: int | None
    deadline: str | None = None
    scope: str | None = None
    measure: str | None = None


@dataclass(frozen=True, slots=True)
class VariantView:
    iri: str
    work: str
    section: str | None
    chosen: str
    start: int | None
    end: int | None
    readings: tuple[tuple[str, tuple[str, ...], str | None], ...] = ()  # (text, witnesses, why suspicious)


@dataclass(frozen=True, slots=True)
class WitnessView:
    """One copy of a work in one source file, with the reasons to distrust it."""

    iri: str
    work: str
    id: str
    source: str | None = None
    date: str | None = None  # as the copy states it, even when wrong
    flags: tuple[tuple[str, str], ...] = ()  # (kind, reason)


@dataclass(frozen=True, slots=True)
class StepView:
    order: int
    body: str | None  # body IRI
    action: str
    role: str | None
    quote: str | None


@dataclass(frozen=True, slots=True)
class ProcessView:
    iri: str
    key: str
    label: str
    work: str | None
    section: str | None
    steps: tuple[StepView, ...] = ()


@dataclass
class WorkParts:
    sections: list[SectionView] = field(default_factory=list)
    facts: list[FactView] = field(default_factory=list)
    targets: list[TargetView] = field(default_factory=list)
    variants: list[VariantView] = field(default_factory=list)


@dataclass(frozen=True)
class SiteData:
    """Everything the pages show, indexed by IRI; built once per render by :func:`load`."""

    works: dict[str, WorkView] = field(default_factory=dict)
    sections: dict[str, SectionView] = field(default_factory=dict)
    bodies: dict[str, BodyView] = field(default_factory=dict)
    measures: dict[str, MeasureView] = field(default_factory=dict)
    facts: tuple[FactView, ...] = ()
    populations: dict[str, PopulationView] = field(default_factory=dict)
    targets: tuple[TargetView, ...] = ()
    variants: tuple[VariantView, ...] = ()
    witnesses: tuple[WitnessView, ...] = ()
    processes: tuple[ProcessView, ...] = ()
    role_labels: dict[str, tuple[str, str]] = field(default_factory=dict)  # code → (zh, en)
    level_labels: dict[str, tuple[str, str]] = field(default_factory=dict)  # code → (zh, en)
    kind_labels: dict[str, tuple[str, str]] = field(default_factory=dict)  # body kind code → (zh, en)
    principles: tuple[tuple[str, str, str], ...] = ()  # (principle label, level code, expected role code)
    _parts: dict[str, WorkParts] = field(default_factory=dict, init=False, compare=False, repr=False)

    def of_work(self, work: str) -> WorkParts:
        """The sections, facts, targets and variants of one work (grouped once, on first use)."""
        if not self._parts:
            grouped: dict[str, WorkParts] = defaultdict(WorkParts)
            for sec in self.sections.values():
                grouped[sec.work].sections.append(sec)
            for f in self.facts:
                grouped[f.work or ""].facts.append(f)
            for t in self.targets:
                grouped[t.work or ""].targets.append(t)
            for v in self.variants:
                grouped[v.work].variants.append(v)
            self._parts.update(grouped)
            self._parts.setdefault("", WorkParts())
        return self._parts.get(work) or WorkParts()
