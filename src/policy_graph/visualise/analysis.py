"""networkx analysis of the responsibility network: who carries the load, where it is diffused.

A pure function of the graph (through :func:`data.load`): the build report and the pages show
the same numbers. The network is bipartite — bodies on one side, measures on the other — with one
edge per (body, measure, role) weighted by the number of assertions.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import networkx as nx
from rdflib import Graph

from .data import load
from .records import SiteData

#: Roles that carry responsibility for a measure rather than a supporting part.
LEAD_ROLES = frozenset({"lead"})
SUPPORT_ROLES = frozenset({"support"})


def responsibility_network(data: SiteData) -> nx.MultiDiGraph:
    """Bodies → measures, one edge per (body, measure, role); ``weight`` = number of assertions."""
    g = nx.MultiDiGraph()
    for iri, body in data.bodies.items():
        g.add_node(iri, kind="body", label=body.label, level=body.level)
    for iri, measure in data.measures.items():
        g.add_node(iri, kind="measure", label=measure.label)
    weights: Counter[tuple[str, str, str]] = Counter()
    for f in data.facts:
        if f.measure:
            weights[(f.body, f.measure, f.role)] += 1
    for (b, m, role), n in sorted(weights.items()):
        g.add_edge(b, m, key=role, role=role, weight=n)
    return g


def analyse(graph: Graph | SiteData, *, top: int = 10) -> dict[str, Any]:
    """Load, diffusion and gaps of responsibility, as plain JSON-ready data.

    Returns a dict with:
      ``counts``: bodies, measures, obligations, documents;
      ``top_bodies``: bodies carrying most load (assertions), with lead count and measures reached;
      ``support_only``: bodies that appear only ever in a supporting role (never lead or other);
      ``multi_lead``: measures with two or more distinct lead bodies (diffused responsibility);
      ``no_lead``: measures with no lead body (those with no body at all are flagged ``bodies: 0``);
      ``central_bodies``: bodies by degree centrality in the body–body co-responsibility projection.
    Every list is sorted (count descending, then label) so the output is deterministic.
    """
    data = graph if isinstance(graph, SiteData) else load(graph)
    g = responsibility_network(data)
    load_by_body: Counter[str] = Counter(f.body for f in data.facts)
    lead_by_body: Counter[str] = Counter(f.body for f in data.facts if f.role in LEAD_ROLES)
    roles_by_body: dict[str, set[str]] = {}
    for f in data.facts:
        roles_by_body.setdefault(f.body, set()).add(f.role)

    def body_row(iri: str) -> dict[str, Any]:
        b = data.bodies[iri]
        measures = {m for _, m in g.out_edges(iri)}
        return {
            "iri": iri, "label": b.label, "level": b.level, "obligations": load_by_body[iri],
            "lead": lead_by_body[iri], "measures": len(measures),
        }

    top_bodies = sorted(load_by_body, key=lambda b: (-load_by_body[b], data.bodies[b].label, b))[:top]
    support_only = sorted(
        (b for b, roles in roles_by_body.items() if roles and roles <= SUPPORT_ROLES),
        key=lambda b: (-load_by_body[b], data.bodies[b].label, b),
    )

    multi_lead: list[dict[str, Any]] = []
    no_lead: list[dict[str, Any]] = []
    for iri, m in data.measures.items():
        leads = sorted({u for u, _, r in g.in_edges(iri, keys=True) if r in LEAD_ROLES})
        bodies = {u for u, _ in g.in_edges(iri)}
        row = {
            "iri": iri, "label": m.label, "document": data.works[m.work].title if m.work in data.works else None,
            "section": data.sections[m.section].id if m.section in data.sections else None,
            "leads": [data.bodies[b].label for b in leads], "bodies": len(bodies),
        }
        if len(leads) >= 2:
            multi_lead.append(row)
        elif not leads:
            no_lead.append(row)
    multi_lead.sort(key=lambda r: (-len(r["leads"]), r["document"] or "", r["label"], r["iri"]))
    no_lead.sort(key=lambda r: (r["document"] or "", r["section"] or "", r["label"], r["iri"]))

    # bodies sharing measures: degree centrality in the weighted projection onto bodies
    simple = nx.Graph()
    simple.add_nodes_from(n for n, d in g.nodes(data=True) if d["kind"] == "body")
    for measure_iri in data.measures:
        bs = sorted({u for u, _ in g.in_edges(measure_iri)})
        for i, a in enumerate(bs):
            for b in bs[i + 1:]:
                w = simple.get_edge_data(a, b, {"weight": 0})["weight"]
                simple.add_edge(a, b, weight=w + 1)
    centrality = nx.degree_centrality(simple) if simple.number_of_nodes() > 1 else {}
    central = sorted(
        (b for b in centrality if centrality[b] > 0),
        key=lambda b: (-centrality[b], data.bodies[b].label, b),
    )[:top]

    return {
        "counts": {
            "documents": len(data.works), "bodies": len(data.bodies), "measures": len(data.measures),
            "obligations": len(data.facts),
            "bodies_with_obligations": len(load_by_body),
            "measures_with_bodies": sum(1 for m in data.measures if g.in_degree(m) > 0),
        },
        "top_bodies": [body_row(b) for b in top_bodies],
        "support_only": [body_row(b) for b in support_only],
        "multi_lead": multi_lead,
        "no_lead": no_lead,
        "central_bodies": [
            {"iri": b, "label": data.bodies[b].label, "centrality": round(centrality[b], 4),
             "partners": simple.degree(b)}
            for b in central
        ],
    }


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&|#])")


def _md(text: object) -> str:
    """Source text for Markdown: special characters backslash-escaped, so ``<script>`` stays text."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def report_lines(result: dict[str, Any], *, limit: int = 10) -> list[str]:
    """Markdown lines for the build report (the lead includes them in report.md)."""
    c = result["counts"]
    lines = [
        (f"- {c['bodies']} bodies ({c['bodies_with_obligations']} with assertions), {c['measures']} measures "
         f"({c['measures_with_bodies']} with a responsible body), {c['obligations']} assertions"),
        "", "Bodies carrying most load:", "",
    ]
    lines += [f"- {_md(r['label'])} ({r['level']}): {r['obligations']} assertions, {r['lead']} as lead, "
              f"{r['measures']} measures" for r in result["top_bodies"][:limit]]
    lines += ["", f"Bodies that only ever support ({len(result['support_only'])}):", ""]
    lines += [f"- {_md(r['label'])}: {r['obligations']}" for r in result["support_only"][:limit]]
    lines += ["", f"Measures with several lead bodies ({len(result['multi_lead'])}):", ""]
    lines += [f"- {_md(r['label'])} ({_md(r['document'])} {_md(r['section'])}): {_md('、'.join(r['leads']))}"
              for r in result["multi_lead"][:limit]]
    nobody = [r for r in result["no_lead"] if r["bodies"] == 0]
    lines += ["", f"Measures with no lead body: {len(result['no_lead'])} ({len(nobody)} with no body at all)", ""]
    lines += [f"- {_md(r['label'])} ({_md(r['document'])} {_md(r['section'])}), {r['bodies']} bodies"
              for r in result["no_lead"][:limit]]
    return lines
