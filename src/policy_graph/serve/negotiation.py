"""Content negotiation: an Accept header and the formats on offer → the format to send.

Pure functions (no request objects) so they are tested on their own.
"""

from __future__ import annotations

from collections.abc import Mapping

#: Representations of an IRI (linked-data pages): media type → format key.
RESOURCE_TYPES: dict[str, str] = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "text/html": "html",
    "application/xhtml+xml": "html",
}
#: SELECT / ASK results.
SOLUTION_TYPES: dict[str, str] = {  # order matters for ranges: text/* → CSV
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/xml": "xml",
}
#: CONSTRUCT / DESCRIBE results.
GRAPH_TYPES: dict[str, str] = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
    "application/n-triples": "nt",
    "text/plain": "nt",
}
#: ``?format=`` overrides (handy in a browser address bar).
FORMAT_ALIASES = {
    "ttl": "turtle", "turtle": "turtle", "jsonld": "jsonld", "json-ld": "jsonld", "nt": "nt",
    "ntriples": "nt", "html": "html", "json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv",
}


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """``text/html;q=0.9, */*;q=0.1`` → [(media type, q)], best first, stable for equal q."""
    if not header or not header.strip():
        return [("*/*", 1.0)]
    items: list[tuple[str, float, int]] = []
    for index, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        items.append((media, q, index))
    # more specific ranges win ties (text/html beats */* at equal q)
    def specificity(media: str) -> int:
        return 0 if media == "*/*" else 1 if media.endswith("/*") else 2

    items.sort(key=lambda x: (-x[1], -specificity(x[0]), x[2]))
    return [(m, q) for m, q, _ in items]


def choose(header: str | None, offered: Mapping[str, str], default: str) -> str | None:
    """The format key to send, or None when nothing acceptable is on offer (→ 406).

    ``default`` (a format key) answers ``*/*`` and missing headers."""
    default_type = next(m for m, f in offered.items() if f == default)
    for media, q in parse_accept(header):
        if q <= 0:
            continue
        if media == "*/*":
            return default
        if media.endswith("/*"):
            major = media[:-1]
            if default_type.startswith(major):
                return default
            for m, f in offered.items():
                if m.startswith(major):
                    return f
            continue
        if media in offered:
            return offered[media]
    return None
