"""One shallow error hierarchy; the CLI maps it to exit codes (0 ok, 1 violations, 2 input, 3 internal)."""

from __future__ import annotations


class PolicyGraphError(Exception):
    """Base class. ``path`` names the file (or query, or shape) involved, when there is one."""

    exit_code = 2

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class IngestError(PolicyGraphError):
    """A source could not be read or decoded."""


class SegmentationError(PolicyGraphError):
    """A document's structure could not be parsed."""


class ExtractionError(PolicyGraphError):
    """Reference data for extraction is missing or malformed."""


class GraphError(PolicyGraphError):
    """RDF could not be built, parsed or written."""


class ReasoningError(PolicyGraphError):
    """The reasoner failed or found the ontology plus data inconsistent."""


class ShapesError(PolicyGraphError):
    """SHACL shapes failed to load or validation could not run."""


class QueryError(PolicyGraphError):
    """A SPARQL query is unknown, malformed or failed."""


class StoreError(PolicyGraphError):
    """A triple store could not be opened, read or written."""
