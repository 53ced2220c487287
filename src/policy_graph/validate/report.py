"""ValidationReport / ValidationResult objects parsed from pySHACL's ``sh:ValidationReport`` graph."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from ..errors import PolicyGraphError

_SEVERITY: dict[Node | None, str] = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


class ValidationFailed(PolicyGraphError):
    """Raised by :meth:`ValidationReport.raise_for_results` when there are violations (exit code 1)."""

    exit_code = 1


@dataclass(frozen=True, slots=True)
class ValidationResult:
    """One SHACL result: which node broke which shape, in words (en + zh)."""

    severity: str  # Violation | Warning | Info
    focus: Node
    path: str | None
    shape: Node | None  # the property shape (sh:sourceShape), or the SPARQL constraint's node shape
    constraint: str  # sh:sourceConstraintComponent local name, e.g. MinCountConstraintComponent
    message_en: str
    message_zh: str
    value: Node | None = None

    @property
    def shape_name(self) -> str:
        """Local name of the shape (``Obligation-bearer``), for grouping and tests."""
        text = str(self.shape) if self.shape is not None else ""
        return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@dataclass(frozen=True)
class ValidationReport:
    """Outcome of :func:`policy_graph.validate.validate`."""

    conforms: bool  # no sh:Violation (warnings do not break conformance)
    results: tuple[ValidationResult, ...]
    graph: Graph  # the sh:ValidationReport graph as pySHACL produced it
    text: str = ""

    @property
    def violations(self) -> tuple[ValidationResult, ...]:
        return tuple(r for r in self.results if r.severity == "Violation")

    @property
    def warnings(self) -> tuple[ValidationResult, ...]:
        return tuple(r for r in self.results if r.severity == "Warning")

    def counts(self) -> dict[str, int]:
        """Number of results per shape name, e.g. ``{"PlanItem-lead": 1}``."""
        out: dict[str, int] = {}
        for r in self.results:
            out[r.shape_name] = out.get(r.shape_name, 0) + 1
        return dict(sorted(out.items()))

    def summary(self) -> str:
        state = "conforms" if self.conforms else "does not conform"
        parts = ", ".join(f"{name} {n}" for name, n in self.counts().items())
        return (
            f"SHACL: {state}: {len(self.violations)} violations, {len(self.warnings)} warnings"
            + (f" ({parts})" if parts else "")
        )

    def __str__(self) -> str:
        return self.summary()

    def raise_for_results(self) -> None:
        if self.violations:
            raise ValidationFailed(self.summary())


def _message(report: Graph, result: Node, shapes: Graph, shape: Node | None, lang: str) -> str:
    messages = [m for m in report.objects(result, SH.resultMessage) if isinstance(m, Literal)]
    for m in sorted(messages):
        if m.language == lang:
            return str(m)
    if shape is not None:
        for message in sorted(shapes.objects(shape, SH.message), key=str):
            if isinstance(message, Literal) and message.language == lang:
                return str(message)
    untagged = sorted(str(m) for m in messages if not m.language)
    return untagged[0] if untagged else ""


def parse_report(report: Graph, shapes: Graph) -> tuple[ValidationResult, ...]:
    """Results of a pySHACL report graph, sorted deterministically (severity, shape, focus)."""
    out = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = _SEVERITY.get(report.value(result, SH.resultSeverity), "Violation")
        shape = report.value(result, SH.sourceShape)
        path = report.value(result, SH.resultPath)
        component = report.value(result, SH.sourceConstraintComponent)
        constraint = report.value(result, SH.sourceConstraint)
        # for SPARQL-based constraints the messages live on the constraint node: name it as the shape
        named = constraint if isinstance(constraint, URIRef) else shape
        out.append(
            ValidationResult(
                severity=severity,
                focus=report.value(result, SH.focusNode) or result,
                path=str(path) if isinstance(path, URIRef) else (_path_text(report, path) if path else None),
                shape=named,
                constraint=str(component).rsplit("#", 1)[-1] if component else "",
                message_en=_message(report, result, shapes, named, "en"),
                message_zh=_message(report, result, shapes, named, "zh"),
                value=report.value(result, SH.value),
            )
        )
    out.sort(key=lambda r: (_ORDER[r.severity], r.shape_name, str(r.focus), str(r.value)))
    return tuple(out)


def _path_text(report: Graph, path: Node) -> str:
    inverse = report.value(path, SH.inversePath)
    return f"^{inverse}" if inverse is not None else str(path)
