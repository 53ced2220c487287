"""HTML pages for dereferenced IRIs. Every piece of text goes through :func:`html.escape`:
source documents may contain ``<script>``, and labels come from the data.

A page shows the resource's labels in Chinese and English, its types, its properties (values
that are resources link onwards), and the nodes that point at it — for a body, its obligations
with document, section id, role, measure and the exact quote.
"""

from __future__ import annotations

from collections import defaultdict
from html import escape
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

PG = "https://w3id.org/policy-graph/ontology#"
_LABEL_PROPS = (SKOS.prefLabel, RDFS.label, DCTERMS.title)


def _labels(graph: Graph, node: object) -> dict[str, str]:
    """Language → first label (sorted, so deterministic); '' for untagged labels."""
    found: dict[str, str] = {}
    for prop in _LABEL_PROPS:
        for value in sorted(graph.objects(node, prop), key=str):  # type: ignore[arg-type]
            if isinstance(value, Literal):
                found.setdefault((value.language or "").lower().split("-")[0], str(value))
    return found


def label(graph: Graph, node: object, *, fallback: bool = True) -> str:
    names = _labels(graph, node)
    for lang in ("zh", "", "en"):
        if lang in names:
            return names[lang]
    if not fallback:
        return ""
    text = str(node)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if isinstance(node, URIRef) else text


class Linker:
    """IRIs under the dataset base become links on this server; others stay absolute."""

    def __init__(self, base: str, prefixes: dict[str, str]) -> None:
        self.base = base
        self.prefixes = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))

    def href(self, iri: str) -> str:
        if iri.startswith(self.base):
            return "/" + iri[len(self.base):].replace("#", "%23", 0)
        return iri

    def curie(self, iri: str) -> str:
        for prefix, ns in self.prefixes:
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{prefix}:{iri[len(ns):]}"
        return iri


def _term(graph: Graph, term: object, linker: Linker) -> str:
    if isinstance(term, URIRef):
        text = label(graph, term, fallback=False) or linker.curie(str(term))
        return f'<a href="{escape(linker.href(str(term)))}">{escape(text)}</a>'
    if isinstance(term, Literal):
        lang = f' <span class="lang">@{escape(term.language)}</span>' if term.language else ""
        return f"<span class=\"literal\">{escape(str(term))}</span>{lang}"
    if isinstance(term, BNode):
        return '<span class="bnode">[ ]</span>'
    return escape(str(term))


def _link(linker: Linker, node: object, text: str) -> str:
    return f'<a href="{escape(linker.href(str(node)))}">{escape(text)}</a>'


def _property_rows(graph: Graph, node: object, linker: Linker) -> str:
    by_pred: dict[Any, list[object]] = defaultdict(list)
    for p, o in graph.predicate_objects(node):  # type: ignore[arg-type]
        by_pred[p].append(o)
    rows = []
    for pred in sorted(by_pred, key=lambda p: linker.curie(str(p))):
        values = sorted(by_pred[pred], key=lambda o: (not isinstance(o, Literal), str(o)))
        cells = []
        for value in values:
            if isinstance(value, BNode):
                inner = _property_rows(graph, value, linker)
                cells.append(f'<table class="nested">{inner}</table>')
            else:
                cells.append(_term(graph, value, linker))
        pname = label(graph, pred, fallback=False)
        pcell = f'<a href="{escape(linker.href(str(pred)))}" title="{escape(str(pred))}">{escape(linker.curie(str(pred)))}</a>'
        if pname:
            pcell += f'<br><span class="plabel">{escape(pname)}</span>'
        rows.append(f"<tr><th>{pcell}</th><td>{'<br>'.join(cells)}</td></tr>")
    return "\n".join(rows)


def _first(graph: Graph, node: object, prop: str) -> object | None:
    values = sorted(graph.objects(node, URIRef(PG + prop)), key=str)  # type: ignore[arg-type]
    return values[0] if values else None


def _obligation_table(graph: Graph, obligations: list[object], linker: Linker) -> str:
    """One row per obligation: document, section id, role, measure, quote."""
    rows = []
    for ob in obligations:
        section = _first(graph, ob, "statedIn")
        section_id = _first(graph, section, "sectionId") if section is not None else None
        work = None
        if isinstance(section, URIRef) and "/section/" in str(section):
            work = URIRef(str(section).split("/section/", 1)[0])
        role = _first(graph, ob, "role")
        role_code = sorted(graph.objects(role, SKOS.notation), key=str) if role is not None else []  # type: ignore[arg-type]
        measure = _first(graph, ob, "measure")
        bearer = _first(graph, ob, "bearer")
        quote = _first(graph, ob, "quote")
        cells = [
            _term(graph, work, linker) if work is not None else "",
            _link(linker, section, str(section_id) if section_id is not None else label(graph, section))
            if section is not None else "",
            (_term(graph, role, linker) + (f' <code>{escape(str(role_code[0]))}</code>' if role_code else "")) if role is not None else "",
            _term(graph, bearer, linker) if bearer is not None else "",
            _term(graph, measure, linker) if measure is not None else "",
            f'<q>{escape(str(quote))}</q>' if quote is not None else "",
            f'<a href="{escape(linker.href(str(ob)))}">→</a>',
        ]
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    head = "".join(f"<th>{h}</th>" for h in (
        "文件 document", "条款 section", "角色 role", "主体 body", "措施 measure", "原文 quote", ""))
    return f'<table class="obligations"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def resource_page(graph: Graph, iri: str, *, base: str, prefixes: dict[str, str], title: str) -> str:
    node = URIRef(iri)
    linker = Linker(base, prefixes)
    names = _labels(graph, node)
    zh = names.get("zh") or names.get("") or label(graph, node)
    en = names.get("en", "")
    types = sorted(graph.objects(node, RDF.type), key=str)
    type_html = ", ".join(_term(graph, t, linker) for t in types)
    incoming: dict[URIRef, list[object]] = defaultdict(list)
    for s, p in graph.subject_predicates(node):
        if s != node:
            incoming[p].append(s)  # type: ignore[index]
    sections = []
    obligation_class = URIRef(PG + "Obligation")
    for pred in sorted(incoming, key=lambda p: linker.curie(str(p))):
        subjects = sorted(set(incoming[pred]), key=str)
        obligations = [s for s in subjects if (s, RDF.type, obligation_class) in graph]  # type: ignore[operator]
        others = [s for s in subjects if s not in obligations]
        heading = f"{escape(label(graph, pred))} <code>{escape(linker.curie(str(pred)))}</code> ({len(subjects)})"
        body = ""
        if obligations:
            body += _obligation_table(graph, obligations, linker)
        if others:
            body += "<ul>" + "".join(f"<li>{_term(graph, s, linker)}</li>" for s in others) + "</ul>"
        sections.append(f"<section><h2>← {heading}</h2>{body}</section>")
    fragments = sorted({s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(iri + "#")}, key=str)
    described = ""
    if fragments:  # a vocabulary document: list its terms
        described = "<section><h2>Terms</h2><ul>" + "".join(
            f'<li id="{escape(str(s).split("#", 1)[1])}">{_term(graph, s, linker)} '
            f'<code>{escape(linker.curie(str(s)))}</code> {escape(_labels(graph, s).get("en", ""))}</li>'
            for s in fragments) + "</ul></section>"
    formats = " · ".join(
        f'<a href="?format={key}">{name}</a>' for key, name in (("ttl", "Turtle"), ("jsonld", "JSON-LD"), ("nt", "N-Triples"))
    )
    return f"""<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>{escape(zh)} · {escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/static/style.css">
<link rel="alternate" type="text/turtle" href="?format=ttl">
<link rel="alternate" type="application/ld+json" href="?format=jsonld"></head>
<body><nav><a href="/">{escape(title)}</a> · <a href="/query">SPARQL</a> · <a href="/void">VoID</a></nav>
<main><h1 lang="zh">{escape(zh)}</h1>
{f'<p class="en" lang="en">{escape(en)}</p>' if en else ''}
<p class="iri"><code>{escape(iri)}</code> · {formats}</p>
{f'<p>a {type_html}</p>' if types else ''}
<section><h2>Properties</h2><table class="props">{_property_rows(graph, node, linker)}</table></section>
{''.join(sections)}
{described}
</main></body></html>
"""


def message_page(title: str, message: str) -> str:
    return (f'<!doctype html><html><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f'<link rel="stylesheet" href="/static/style.css"></head><body><main><h1>{escape(title)}</h1>'
            f'<p>{escape(message)}</p><p><a href="/">home</a></p></main></body></html>')
