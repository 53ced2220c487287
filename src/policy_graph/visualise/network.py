"""graph.html: the responsibility network (bodies and measures; documents, populations, targets on demand).

Nodes and edges are filled into a pyvis ``Network`` directly (``Network.from_nx`` is quadratic);
the page draws them with the vis-network build that pyvis bundles, inlined. Bodies are coloured by
governance level and sized by workload; measures are coloured by measure type; one edge per
(body, measure, role), styled by role (lead bold, support thin…). Filters, legend, alias search and
the side panel with quotes live in ``static/graph.js``. To stay usable on large corpora the page
shows the top bodies by workload by default ("show all" adds the rest) and never embeds more than
:data:`MAX_NODES` bodies and measures.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import Any

from pyvis.network import Network

from .data import SiteData, iri_key
from .html import LEVEL_INFO, ROLE_INFO, asset, evidence_file, page, vis_network_assets

#: Bodies shown before "show all" is ticked (ranked by number of assertions).
TOP_BODIES = 120
#: Hard cap on embedded body + measure nodes; past it the page says what was left out.
MAX_NODES = 4000

#: Edge style per role: (colour, width, dashes). Lead bold, support thin, others distinct.
ROLE_STYLE: dict[str, tuple[str, float, Any]] = {
    "lead": ("#b03a2e", 5.0, False),
    "support": ("#99a3a4", 1.0, False),
    "overall": ("#6c3483", 4.0, False),
    "coordinate": ("#ca6f1e", 3.0, [10, 4]),
    "implement": ("#1e8449", 2.5, False),
    "primary": ("#1a5276", 4.0, [14, 4]),
    "first_responsible": ("#1a5276", 3.0, [4, 4]),
    "oversee": ("#7e5109", 2.0, [2, 4]),
    "approve": ("#117a65", 2.0, [8, 3, 2, 3]),
    "duty": ("#5d6d7e", 1.5, False),
    "encouraged": ("#58d68d", 1.5, [6, 6]),
    "permitted": ("#5dade2", 1.5, [2, 2]),
    "prohibited": ("#e74c3c", 2.5, [12, 6]),
}

#: Measure-type colours, assigned to the sorted measure concept labels in turn.
SCHEME_PALETTE = (
    "#f5b7b1", "#aed6f1", "#a9dfbf", "#f9e79f", "#d7bde2", "#f5cba7", "#a3e4d7", "#d5dbdb",
    "#fadbd8", "#d6eaf8", "#d4efdf", "#fcf3cf", "#e8daef", "#fae5d3",
)
NO_SCHEME_COLOUR = "#e5e8e8"


def _short(label: str, n: int = 14) -> str:
    return label if len(label) <= n else label[: n - 1] + "…"


def network_data(data: SiteData, *, top: int = TOP_BODIES, max_nodes: int = MAX_NODES) -> dict[str, Any]:
    """Nodes, edges, facts and legend data for graph.html (JSON-ready, deterministic)."""
    works = list(data.works.values())
    work_index = {w.iri: i for i, w in enumerate(works)}
    load = Counter(f.body for f in data.facts)
    mload = Counter(f.measure for f in data.facts if f.measure)
    ranked = sorted(data.bodies, key=lambda b: (-load[b], data.bodies[b].label, b))
    rank = {b: i for i, b in enumerate(ranked)}

    # what fits: bodies by rank, measures by load, within max_nodes
    n_total = len(data.bodies) + len(data.measures)
    keep_bodies = set(ranked)
    keep_measures = set(data.measures)
    truncated = n_total > max_nodes
    if truncated:
        keep_bodies = set(ranked[: max_nodes // 2])
        by_load = sorted(data.measures, key=lambda m: (-mload[m], m))
        keep_measures = set(by_load[: max_nodes - len(keep_bodies)])

    schemes = sorted({s for m in data.measures.values() for s in m.schemes})
    scheme_colour = {s: SCHEME_PALETTE[i % len(SCHEME_PALETTE)] for i, s in enumerate(schemes)}

    net = Network(directed=True, cdn_resources="in_line")
    nid: dict[str, str] = {}

    def add_node(node_id: str, **attrs: Any) -> None:
        # pyvis' add_node/add_edge check membership in a list (quadratic): fill its tables directly
        attrs["id"] = node_id
        net.nodes.append(attrs)
        net.node_ids.append(node_id)
        net.node_map[node_id] = attrs

    # facts, as compact records the side panel shows
    facts: list[dict[str, Any]] = []
    for f in data.facts:
        sec = data.sections.get(f.section or "")
        facts.append({
            "k": f.key, "r": f.role, "q": f.quote, "w": work_index.get(f.work or "", -1),
            "s": sec.id if sec else None, "t": f.task, "x": f.bearer_text, "u": f.rule,
            "d": f.deadline, "b": "b-" + data.bodies[f.body].key, "bl": data.bodies[f.body].label,
            "m": ("m-" + data.measures[f.measure].key) if f.measure in data.measures else None,
            "ml": data.measures[f.measure].label if f.measure in data.measures else None,
        })

    body_facts: dict[str, list[int]] = defaultdict(list)
    measure_facts: dict[str, list[int]] = defaultdict(list)
    edge_facts: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for i, f in enumerate(data.facts):
        body_facts[f.body].append(i)
        target = f.measure if f.measure else f"doc:{f.work}"
        if f.measure:
            measure_facts[f.measure].append(i)
        edge_facts[(f.body, target, f.role)].append(i)

    for b in ranked:
        if b not in keep_bodies:
            continue
        body = data.bodies[b]
        colour = LEVEL_INFO.get(body.level, LEVEL_INFO["none"])[2]
        node_id = "b-" + body.key
        nid[b] = node_id
        docs = sorted({facts[i]["w"] for i in body_facts[b]})
        add_node(
            node_id, label=body.label, kind="body", level=body.level, rank=rank[b],
            shape="dot", size=round(8 + 3.2 * math.sqrt(load[b]), 2),
            color={"background": colour, "border": "#333333",
                   "highlight": {"background": colour, "border": "#000000"}},
            font={"size": 14, "strokeWidth": 3, "strokeColor": "#ffffff"},
            title=f"{body.label} · {LEVEL_INFO.get(body.level, LEVEL_INFO['none'])[0]} · {load[b]}",
            en=body.label_en, aliases=list(body.aliases), bkind=body.kind or "other", facts=body_facts[b], docs=docs,
            search=[body.label, *body.aliases, *([body.label_en] if body.label_en else [])],
        )

    for m in sorted(data.measures, key=lambda m: (work_index.get(data.measures[m].work or "", -1), m)):
        if m not in keep_measures:
            continue
        measure = data.measures[m]
        colour = scheme_colour[measure.schemes[0]] if measure.schemes else NO_SCHEME_COLOUR
        node_id = "m-" + measure.key
        nid[m] = node_id
        sec = data.sections.get(measure.section or "")
        add_node(
            node_id, label=_short(measure.label), kind="measure", shape="diamond",
            size=round(7 + 2.2 * math.sqrt(mload[m]), 2),
            color={"background": colour, "border": "#566573",
                   "highlight": {"background": colour, "border": "#000000"}},
            font={"size": 12, "color": "#333333", "strokeWidth": 3, "strokeColor": "#ffffff"},
            title=measure.label, full=measure.label, en=measure.label_en, schemes=list(measure.schemes),
            docs=[work_index[measure.work]] if measure.work in work_index else [],
            section=sec.id if sec else None, facts=measure_facts[m],
            search=[measure.label, *([measure.label_en] if measure.label_en else [])],
        )

    # documents, populations and targets: present but hidden until toggled in
    for i, w in enumerate(works):
        node_id = "d-" + w.key
        nid[f"doc:{w.iri}"] = node_id
        add_node(
            node_id, label=_short(w.title, 18), kind="doc", shape="square", size=18, docs=[i],
            color={"background": "#34495e", "border": "#17202a"}, full=w.title, date=w.date,
            font={"size": 13, "strokeWidth": 3, "strokeColor": "#ffffff"}, title=w.title, search=[w.title],
            file=evidence_file(w.key),
        )
    pop_facts: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(data.facts):
        for p in f.populations:
            pop_facts[p].append(i)
    for p, pop in data.populations.items():
        if p not in pop_facts:
            continue
        node_id = "p-" + pop.key
        nid[p] = node_id
        add_node(
            node_id, label=pop.label, kind="population", shape="triangle", size=12,
            color={"background": "#f8c471", "border": "#9c640c"}, title=pop.label, full=pop.label,
            docs=sorted({facts[i]["w"] for i in pop_facts[p]}), facts=pop_facts[p], search=[pop.label],
        )
    target_rows = []
    for t in data.targets:
        node_id = "t-" + t.key
        label = f"{t.value}{t.unit}"
        nid[t.iri] = node_id
        sec = data.sections.get(t.section or "")
        target_rows.append(node_id)
        add_node(
            node_id, label=_short(f"{t.indicator} {label}", 16), kind="target", shape="star", size=10,
            color={"background": "#f4d03f", "border": "#7d6608"}, title=f"{t.indicator}: {label}",
            full=f"{t.indicator}: {label}", quote=t.quote, deadline=t.deadline, scope=t.scope,
            docs=[work_index[t.work]] if t.work in work_index else [], section=sec.id if sec else None,
            search=[t.indicator],
        )

    edges: list[dict[str, Any]] = []
    for (b, target, role), idx in sorted(edge_facts.items()):
        if b not in nid or target not in nid:
            continue
        colour, width, dashes = ROLE_STYLE.get(role, ROLE_STYLE["duty"])
        kind = "resp" if not target.startswith("doc:") else "resp-doc"
        edges.append({
            "id": f"e{len(edges)}", "from": nid[b], "to": nid[target], "role": role, "kind": kind,
            "width": round(width + 0.6 * math.log(len(idx)), 2), "dashes": dashes,
            "color": {"color": colour, "highlight": "#000000", "opacity": 0.85},
            "title": f"{data.bodies[b].label} —{ROLE_INFO.get(role, (role, role, role))[1]}→ "
                     f"{data.measures[target].label if target in data.measures else 'document'} ({len(idx)})",
            "facts": idx, "docs": sorted({facts[i]["w"] for i in idx}),
        })
    # structural edges for the toggled-in node kinds
    for m, measure in data.measures.items():
        if m in nid and measure.work and f"doc:{measure.work}" in nid:
            edges.append({"id": f"e{len(edges)}", "from": nid[f"doc:{measure.work}"], "to": nid[m], "kind": "doc",
                          "width": 0.5, "dashes": [1, 3], "color": {"color": "#5d6d7e", "opacity": 0.4},
                          "docs": [work_index[measure.work]]})
    pop_links: set[tuple[str, str]] = set()
    for f in data.facts:
        for p in f.populations:
            src = f.measure if f.measure in nid else f.body
            if src in nid and p in nid:
                pop_links.add((nid[src], nid[p]))
    for a, b in sorted(pop_links):
        edges.append({"id": f"e{len(edges)}", "from": a, "to": b, "kind": "population", "width": 0.8,
                      "dashes": [3, 3], "color": {"color": "#b9770e", "opacity": 0.5}})
    for t in data.targets:
        src = t.measure if t.measure in nid else f"doc:{t.work}"
        if src in nid and t.iri in nid:
            edges.append({"id": f"e{len(edges)}", "from": nid[src], "to": nid[t.iri], "kind": "target",
                          "width": 0.8, "dashes": [3, 3], "color": {"color": "#9a7d0a", "opacity": 0.5}})
    net.edges.extend(edges)

    nodes, edge_list, *_ = net.get_network_data()
    role_counts = Counter(f.role for f in data.facts)
    return {
        "nodes": nodes,
        "edges": edge_list,
        "facts": facts,
        "works": [{"k": w.key, "t": w.title, "d": w.date, "f": evidence_file(w.key)} for w in works],
        "roles": {code: [*ROLE_INFO.get(code, (code[:1].upper(), code, code)), *ROLE_STYLE.get(code, ROLE_STYLE["duty"]),
                         role_counts.get(code, 0)]
                  for code in ROLE_INFO},
        "levels": {code: [*info, sum(1 for b in data.bodies.values() if b.level == code)]
                   for code, info in LEVEL_INFO.items()},
        "schemes": [[s, scheme_colour[s]] for s in schemes] + [["（未分类）", NO_SCHEME_COLOUR]],
        "kinds": _kinds(data),
        "top": top,
        "totals": {"bodies": len(data.bodies), "measures": len(data.measures),
                   "embedded_bodies": len(keep_bodies), "embedded_measures": len(keep_measures)},
        "truncated": truncated,
    }


def _kinds(data: SiteData) -> list[list[Any]]:
    """Body kinds present, busiest first: [code, zh, en, count]."""
    counts = Counter(b.kind or "other" for b in data.bodies.values())
    return [[k, *data.kind_labels.get(k, (k, k)), n] for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def render_graph_page(data: SiteData, analysis: dict[str, Any], nav_works: list[tuple[str, str]]) -> str:
    payload = network_data(data)
    payload["analysis"] = _analysis_for_page(analysis, payload)
    vis_js, vis_css = vis_network_assets()
    body = asset("graph.html")
    return page(
        title="责任网络 · Responsibility network", active="graph", works=nav_works, body=body,
        data=payload, script=asset("graph.js"), head=f"<style>{vis_css}</style>\n<script>{vis_js}</script>\n",
        body_class="graph-page",
    )


def _analysis_for_page(analysis: dict[str, Any], payload: dict[str, Any]) -> dict[str, Any]:
    """The analysis with node ids instead of IRIs, so the page can link to nodes."""
    ids = {}
    for n in payload["nodes"]:
        ids[n["id"]] = n["id"]

    def node_of(prefix: str, iri: str) -> str | None:
        node_id = f"{prefix}-{iri_key(iri)}"
        return node_id if node_id in ids else None

    def rows(key: str, prefix: str) -> list[dict[str, Any]]:
        return [{**{k: v for k, v in r.items() if k != "iri"}, "node": node_of(prefix, r["iri"])}
                for r in analysis.get(key, [])]

    return {
        "counts": analysis["counts"],
        "top_bodies": rows("top_bodies", "b"),
        "support_only": rows("support_only", "b"),
        "multi_lead": rows("multi_lead", "m"),
        "no_lead": rows("no_lead", "m"),
    }
