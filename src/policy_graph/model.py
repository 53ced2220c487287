"""Typed data passed between pipeline stages.

The processing stages (ingest → segment → extract → rdf) never import each other: they exchange
only the frozen dataclasses defined here. After RDF construction the currency is an
``rdflib.Graph``. Keeping the contracts in one small module makes every stage testable from
hand-built inputs and keeps dependencies pointing one way.

Offsets are always Python string indices (code points) into a *canonical text* (``Work.text``)
unless a field says otherwise; a quote is always ``work.text[start:end]``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]

#: The 13 role codes of the contract (DESIGN.md, ``skos:notation`` of the role concepts).
ROLE_CODES: tuple[str, ...] = (
    "lead",
    "support",
    "overall",
    "coordinate",
    "implement",
    "primary",
    "first_responsible",
    "oversee",
    "approve",
    "duty",
    "encouraged",
    "permitted",
    "prohibited",
)

#: Deontic modality of an obligation (aligned in the ontology with ODRL / LegalRuleML).
MODALITIES: tuple[str, ...] = ("duty", "encouragement", "permission", "prohibition")

#: Governance levels used for bodies (a SKOS scheme in the ontology). ``multi`` = 各级…,
#: ``none`` = not tied to a level of government (金融机构, 民营企业, 东部地区).
LEVELS: tuple[str, ...] = (
    "central",
    "provincial",
    "prefectural",
    "county",
    "township",
    "village",
    "multi",
    "none",
)


# --------------------------------------------------------------------------------------------
# ingest
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with one input, reported as one line, never as a traceback."""

    path: str
    severity: Severity
    message: str

    def line(self) -> str:
        return f"{self.severity}: {self.path}: {self.message}"


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One decoded input file. ``text`` is the decoded text, unchanged (CRLF kept)."""

    path: str
    name: str
    sha256: str
    encoding: str
    n_bytes: int
    text: str


@dataclass(frozen=True, slots=True)
class SourceSpan:
    """Where a stretch of canonical text comes from in a source file."""

    source: str  # SourceFile.name
    witness: str  # Witness.id
    char_start: int  # offsets into SourceFile.text
    char_end: int
    byte_start: int  # offsets into the raw bytes of the file
    byte_end: int


@dataclass(frozen=True, slots=True)
class Flag:
    """A reason to distrust a witness or one of its readings."""

    kind: str  # year-substitution | injected-latin | repeated-chars | duplicated-phrase | truncated | misnumbered | …
    reason: str  # plain words, for the report
    section: str | None = None  # section id, when the flag concerns one reading


@dataclass(frozen=True, slots=True)
class Witness:
    """One copy of a work inside one source file (an ELI expression)."""

    id: str  # ASCII, deterministic, e.g. "003-1"
    source: str  # SourceFile.name
    title: str
    char_start: int  # extent of the copy in SourceFile.text
    char_end: int
    date: str | None = None  # as the copy states it (ISO), even when wrong
    sections: tuple[str, ...] = ()  # section ids this copy contains
    flags: tuple[Flag, ...] = ()


@dataclass(frozen=True, slots=True)
class Reading:
    text: str
    witnesses: tuple[str, ...]  # Witness.id values that read this
    suspicious: str | None = None  # why this reading is distrusted, if it is


@dataclass(frozen=True, slots=True)
class Variant:
    """A place where witnesses disagree; ``chosen`` is what the canonical text reads."""

    section: str  # section id
    start: int  # span of the chosen reading in Work.text
    end: int
    chosen: str
    readings: tuple[Reading, ...]


@dataclass(frozen=True, slots=True)
class OriginChunk:
    """Canonical text[start:end] was copied from ``witness`` at source chars ``source_start``…

    ``source_offsets`` has one entry per canonical character of the chunk when the copy is not
    a contiguous run in the source (reflowed OCR lines, dropped markers); empty when it is.
    """

    start: int
    end: int
    witness: str
    source: str
    source_start: int
    source_offsets: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Work:
    """A distinct document (an ELI work) with its reconciled canonical text."""

    id: str  # ASCII slug, deterministic, e.g. "2015-11-29-decision-3f2a9c1b"
    title: str
    kind: str  # decision | guidance | implementation | speech | news | commentary | other
    text: str  # canonical text; paragraphs separated by "\n", headings on their own line
    date: str | None = None  # ISO date
    doc_number: str | None = None  # 中发〔2018〕16号
    issuers: tuple[str, ...] = ()
    witnesses: tuple[Witness, ...] = ()
    variants: tuple[Variant, ...] = ()
    origin: tuple[OriginChunk, ...] = ()
    byte_offsets: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False, repr=False)
    notes: tuple[str, ...] = ()  # footnotes removed from the text ("¹ 习近平总书记在…讲话要点"), kept as metadata

    def locate(self, start: int, end: int) -> list[SourceSpan]:
        """Map a canonical span back to the source file spans it was copied from."""
        spans: list[SourceSpan] = []
        for chunk in self.origin:
            lo, hi = max(start, chunk.start), min(end, chunk.end)
            if lo >= hi:
                continue
            if chunk.source_offsets:
                a = chunk.source_offsets[lo - chunk.start]
                b = chunk.source_offsets[hi - 1 - chunk.start] + 1
            else:
                a = chunk.source_start + (lo - chunk.start)
                b = a + (hi - lo)
            to_byte = self.byte_offsets.get(chunk.source)
            ba = to_byte[a] if to_byte and a < len(to_byte) else -1
            bb = to_byte[b] if to_byte and b < len(to_byte) else -1
            spans.append(SourceSpan(chunk.source, chunk.witness, a, b, ba, bb))
        return spans


@dataclass(frozen=True, slots=True)
class IngestResult:
    sources: tuple[SourceFile, ...]
    works: tuple[Work, ...]
    problems: tuple[Problem, ...] = ()


# --------------------------------------------------------------------------------------------
# segment
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Section:
    """A numbered unit of a work, with the contract id of DESIGN.md."""

    id: str  # "四（十四）", "（二十九）", "一", "第一", "p3", "preamble", "四（六）3"
    key: str  # ASCII form of id for IRIs: "4-14", "a29", "1", "part1", "p3", "preamble", "4-6-3"
    kind: str  # chapter | item | article | subitem | part | paragraph | preamble
    start: int  # span in Work.text, heading included
    end: int
    title: str | None = None  # heading text, e.g. "聚焦健康扶贫"
    title_start: int | None = None
    parent: str | None = None  # parent section id
    depth: int = 0


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int  # span in Work.text
    end: int
    section: str  # id of the smallest section containing it


@dataclass(frozen=True, slots=True)
class SegmentedWork:
    work: Work
    sections: tuple[Section, ...]
    sentences: tuple[Sentence, ...]

    def section(self, section_id: str) -> Section | None:
        for s in self.sections:
            if s.id == section_id:
                return s
        return None


# --------------------------------------------------------------------------------------------
# extract
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Evidence:
    """Provenance of one extracted fact: exact quote in the canonical text and the rule."""

    work: str  # Work.id
    section: str  # Section.id
    start: int
    end: int
    quote: str  # == work.text[start:end]
    rule: str  # versioned rule id, e.g. "pg.roles.parenthesis-lead.v1"
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class BodyRef:
    """A responsible body as recognised in text, resolved to a gazetteer entry where known."""

    key: str  # ASCII id: gazetteer id, or "x-<hash>" for a recognised but unknown body
    label: str  # preferred zh label (gazetteer) or the normalised surface form
    surface: str  # exactly as written in the quote
    level: str  # one of LEVELS
    kind: str  # party | government | department | financial | enterprise | social | military | post | region | team | other
    parent: str | None = None  # key of the parent body (国开行湖北分行 → 国家开发银行)
    aliases: tuple[str, ...] = ()
    label_en: str | None = None
    known: bool = False  # True when it came from the gazetteer


@dataclass(frozen=True, slots=True)
class MeasureRef:
    """A measure: the title of a numbered item, mapped to the measure scheme where possible."""

    work: str
    section: str  # section id whose title this is
    label: str  # "聚焦健康扶贫"
    concepts: tuple[str, ...] = ()  # measure scheme keys, e.g. ("health",)
    evidence: Evidence | None = None


@dataclass(frozen=True, slots=True)
class Obligation:
    """Who must (may, must not, is encouraged to) do what: one bearer, one role, one modality."""

    body: BodyRef
    role: str  # one of ROLE_CODES
    modality: str  # one of MODALITIES
    task: str  # the clause the body must carry out
    evidence: Evidence
    measure: str | None = None  # label of the measure (item title), if any
    measure_concepts: tuple[str, ...] = ()
    populations: tuple[str, ...] = ()  # target population scheme keys
    deadline: str | None = None  # as written: 到2020年, 2019年底, 攻坚期内


@dataclass(frozen=True, slots=True)
class Target:
    """A quantified target: value and unit, with deadline and scope where stated."""

    indicator: str
    value: str  # as written, Arabic digits: "104.6", "90", "1—2"
    unit: str
    evidence: Evidence
    deadline: str | None = None
    scope: str | None = None
    qualifier: str | None = None  # 以上 | 左右 | 以下 | 以内 | 多
    measure_concepts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ProcessStep:
    order: int  # 1-based
    body: BodyRef
    action: str  # 提出申请 | 初审 | 审定 | 备案
    role: str  # role code of this step (duty / approve)
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Process:
    """An ordered approval chain, e.g. 重点县退出: 县提出申请 → 市（地）初审 → 省级审定 → 报…备案."""

    name: str
    steps: tuple[ProcessStep, ...]
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Citation:
    """A reference to another document: 《…》 title and/or document number."""

    title: str | None
    doc_number: str | None
    evidence: Evidence
    implements: bool = False  # "为贯彻…精神" / "实施意见" of a central document


@dataclass(frozen=True, slots=True)
class Extraction:
    """All facts extracted from one work."""

    work: str
    obligations: tuple[Obligation, ...] = ()
    targets: tuple[Target, ...] = ()
    measures: tuple[MeasureRef, ...] = ()
    processes: tuple[Process, ...] = ()
    citations: tuple[Citation, ...] = ()
    populations: tuple[tuple[str, Evidence], ...] = ()  # (population key, where mentioned)
