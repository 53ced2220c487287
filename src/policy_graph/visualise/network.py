"""graph.html: the responsibility network (bodies and measures; documents, populations, targets on demand).

Nodes and edges are filled into a pyvis ``Network`` directly (``Network.from_nx`` is quadratic);
the page draws them with the vis-network build that pyvis bundles, inlined. Bodies are coloured by
governance level and sized by workload; measures are coloured by measure type; one edge per
(body, measure, role), styled by role (lead bold, support thin…). Filters, legend, alias search and
the side panel with quotes live in ``static/graph.js``. To stay usable on large corpora the page
shows the top bodies by workload by default ("show all" adds the rest), embeds at most
:data:`MAX_NODES` bodies and measures and :data:`MAX_EDGES` edges (the busiest first; the status
line says so), :data:`FACTS_PER_ITEM` quotes per node or edge, and each distinct quote once.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import Any

from pyvis.network import Network

from .data import iri_key
from .html import asset, evidence_file, levels_for, page, roles_for, vis_network_assets
from .records import SiteData

#: Bodies shown before "show all" is ticked (ranked by number of assertions).
TOP_BODIES = 120
#: Hard cap on embedded body + measure nodes; past it the page says what was left out.
MAX_NODES = 2500
#: Cap on embedded body–measure edges (dense corpora reach it before the node cap).
MAX_EDGES = 8000
#: Caps on the layers that can be toggled in (targets, population links) on large corpora.
MAX_TARGETS = 1500
MAX_POPULATION_LINKS = 3000
#: Quotes embedded per node or edge (the panel says how many more the matrix/evidence pages hold).
FACTS_PER_ITEM = 30
#: Fields of a fact row on the page: key, role, quote index, work index, section id, deadline,
#: body node id, measure node id.
FACT_FIELDS = ("k", "r", "q", "w", "s", "d", "b", "m")
#: Rows of each analysis list shown in the side panel (documents.html has more).
ANALYSIS_ROWS = 10

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


def _size(n: int, most: int, small: float, large: float) -> float:
    """Node size by workload: area grows with the count, relative to the busiest node."""
    return round(small + (large - small) * math.sqrt(n / most), 2) if most else small


def _short(label: str, n: int = 14) -> str:
    return label if len(label) <= n else label[: n - 1] + "…"


def network_data(
    data: SiteData, *, top: int = TOP_BODIES, max_nodes: int = MAX_NODES, max_edges: int = MAX_EDGES
) -> dict[str, Any]:
    """Nodes, edges, facts and legend data for graph.html (JSON-ready, deterministic)."""
    works = list(data.works.values())
    work_index = {w.iri: i for i, w in enumerate(works)}
    load = Counter(f.body for f in data.facts)
    mload = Counter(f.measure for f in data.facts if f.measure)
    ranked = sorted(data.bodies, key=lambda b: (-load[b], data.bodies[b].label, b))
    rank = {b: i for i, b in enumerate(ranked)}

    # what fits: bodies by rank, then measures by load while the node and edge budgets last
    pairs: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for f in data.facts:
        if f.measure:
            pairs[f.measure].add((f.body, f.role))
    keep_bodies = set(ranked[: max(1, max_nodes // 2)]) if len(data.bodies) + len(data.measures) > max_nodes \
        else set(ranked)
    keep_measures: set[str] = set()
    n_edges = 0
    for m in sorted(data.measures, key=lambda m: (-mload[m], m)):
        cost = sum(1 for b, _ in pairs.get(m, ()) if b in keep_bodies)
        if len(keep_bodies) + len(keep_measures) >= max_nodes or n_edges + cost > max_edges:
            break
        keep_measures.add(m)
        n_edges += cost
    truncated = len(keep_bodies) < len(data.bodies) or len(keep_measures) < len(data.measures)

    max_load = max(load.values(), default=1)
    max_mload = max(mload.values(), default=1)
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
            "s": sec.id if sec else None, "d": f.deadline, "b": "b-" + data.bodies[f.body].key,
            "m": ("m-" + data.measures[f.measure].key) if f.measure in data.measures else None,
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

    # Nodes and edges carry data only; static/graph.js derives colour, font, tooltip and search
    # terms from it (level → colour, role → line style), which keeps the page small on large corpora.
    for b in ranked:
        if b not in keep_bodies:
            continue
        body = data.bodies[b]
        node_id = "b-" + body.key
        nid[b] = node_id
        add_node(
            node_id, label=body.label, kind="body", level=body.level, rank=rank[b], shape="dot",
            size=_size(load[b], max_load, 8, 40), en=body.label_en, aliases=list(body.aliases),
            bkind=body.kind or "other", facts=body_facts[b], docs=sorted({facts[i]["w"] for i in body_facts[b]}),
        )

    for m in sorted(data.measures, key=lambda m: (work_index.get(data.measures[m].work or "", -1), m)):
        if m not in keep_measures:
            continue
        measure = data.measures[m]
        node_id = "m-" + measure.key
        nid[m] = node_id
        sec = data.sections.get(measure.section or "")
        add_node(
            node_id, label=_short(measure.label), kind="measure", shape="diamond",
            size=_size(mload[m], max_mload, 7, 26), full=measure.label, en=measure.label_en,
            schemes=list(measure.schemes), sc=schemes.index(measure.schemes[0]) if measure.schemes else len(schemes),
            docs=[work_index[measure.work]] if measure.work in work_index else [],
            section=sec.id if sec else None, facts=measure_facts[m],
        )

    # documents, populations and targets: present but hidden until toggled in
    for i, w in enumerate(works):
        node_id = "d-" + w.key
        nid[f"doc:{w.iri}"] = node_id
        add_node(node_id, label=_short(w.title, 18), kind="doc", shape="square", size=18, docs=[i], full=w.title,
                 date=w.date, file=evidence_file(w.key))
    pop_facts: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(data.facts):
        for p in f.populations:
            pop_facts[p].append(i)
    for p, pop in data.populations.items():
        if p not in pop_facts:
            continue
        node_id = "p-" + pop.key
        nid[p] = node_id
        add_node(node_id, label=pop.label, kind="population", shape="triangle", size=12, full=pop.label,
                 docs=sorted({facts[i]["w"] for i in pop_facts[p]}), facts=pop_facts[p])
    shown_targets = [t for t in data.targets if t.measure in keep_measures or not t.measure][:MAX_TARGETS]
    for t in shown_targets:
        node_id = "t-" + t.key
        nid[t.iri] = node_id
        sec = data.sections.get(t.section or "")
        full = f"{t.indicator}: {t.value}{t.unit}"
        add_node(node_id, label=_short(f"{t.indicator} {t.value}{t.unit}", 16), kind="target", shape="star", size=10,
                 full=full, quote=t.quote, deadline=t.deadline, scope=t.scope,
                 docs=[work_index[t.work]] if t.work in work_index else [], section=sec.id if sec else None)

    edges: list[dict[str, Any]] = []
    # drawn in list order: thin supporting lines first, lead and overall responsibility on top
    on_top = {"lead": 3, "overall": 2, "primary": 2, "first_responsible": 2, "coordinate": 1, "implement": 1}
    for (b, target, role), idx in sorted(edge_facts.items(), key=lambda kv: (on_top.get(kv[0][2], 0), kv[0])):
        if b not in nid or target not in nid:
            continue
        edges.append({
            "id": f"e{len(edges)}", "from": nid[b], "to": nid[target], "role": role,
            "kind": "resp" if not target.startswith("doc:") else "resp-doc",
            "facts": idx, "docs": sorted({facts[i]["w"] for i in idx}),
        })
    # structural edges for the toggled-in node kinds
    for m, measure in data.measures.items():
        if m in nid and measure.work and f"doc:{measure.work}" in nid:
            edges.append({"id": f"e{len(edges)}", "from": nid[f"doc:{measure.work}"], "to": nid[m], "kind": "doc"})
    pop_links: set[tuple[str, str]] = set()
    for f in data.facts:
        for p in f.populations:
            src = f.measure if f.measure in nid else f.body
            if src in nid and p in nid:
                pop_links.add((nid[src], nid[p]))
    for a, b in sorted(pop_links)[:MAX_POPULATION_LINKS]:
        edges.append({"id": f"e{len(edges)}", "from": a, "to": b, "kind": "population"})
    for t in shown_targets:
        src = t.measure if t.measure in nid else f"doc:{t.work}"
        if src in nid and t.iri in nid:
            edges.append({"id": f"e{len(edges)}", "from": nid[src], "to": nid[t.iri], "kind": "target"})
    net.edges.extend(edges)

    nodes, edge_list, *_ = net.get_network_data()
    facts = _cap_facts(nodes, edge_list, facts, data)
    quotes = _share_quotes(facts)
    fact_rows = [[f[k] for k in FACT_FIELDS] for f in facts]  # arrays: no key names repeated per fact
    role_counts = Counter(f.role for f in data.facts)
    return {
        "nodes": nodes,
        "edges": edge_list,
        "facts": fact_rows,
        "factFields": list(FACT_FIELDS),
        "quotes": quotes,
        "works": [{"k": w.key, "t": w.title, "d": w.date, "f": evidence_file(w.key)} for w in works],
        "roles": {code: [*info, *ROLE_STYLE.get(code, ROLE_STYLE["duty"]), role_counts.get(code, 0)]
                  for code, info in roles_for(data).items()},
        "levels": {code: [*info, sum(1 for b in data.bodies.values() if b.level == code)]
                   for code, info in levels_for(data).items()},
        "schemes": [[s, scheme_colour[s]] for s in schemes] + [["（未分类）", NO_SCHEME_COLOUR]],
        "labels": _labels_of_capped(data, nid),
        "kinds": _kinds(data),
        "top": top,
        "totals": {"bodies": len(data.bodies), "measures": len(data.measures),
                   "embedded_bodies": len(keep_bodies), "embedded_measures": len(keep_measures)},
        "truncated": truncated,
    }


def _cap_facts(
    nodes: list[dict[str, Any]], edges: list[dict[str, Any]], facts: list[dict[str, Any]], data: SiteData
) -> list[dict[str, Any]]:
    """Keep at most :data:`FACTS_PER_ITEM` quotes per node and edge, and only the quotes kept.

    Totals survive as ``nfacts`` and per-role counts as ``rc``, so the panel still reports the
    full workload; fact indices are renumbered into the smaller list.
    """
    used: set[int] = set()
    for item in (*nodes, *edges):
        full = item.get("facts")
        if full is None:
            continue
        item["nfacts"] = len(full)
        if "role" not in item:  # an edge has one role: its count is nfacts
            item["rc"] = dict(sorted(Counter(data.facts[i].role for i in full).items()))
        item["facts"] = full[:FACTS_PER_ITEM]
        used.update(item["facts"])
    order = sorted(used)
    renumber = {old: new for new, old in enumerate(order)}
    for item in (*nodes, *edges):
        if "facts" in item:
            item["facts"] = [renumber[i] for i in item["facts"]]
    return [facts[i] for i in order]


def _share_quotes(facts: list[dict[str, Any]]) -> list[str]:
    """Replace each fact's quote by an index into a list of distinct quotes (a sentence naming ten
    bodies is the quote of ten facts), returning that list."""
    quotes: dict[str, int] = {}
    for f in facts:
        f["q"] = quotes.setdefault(f["q"], len(quotes))
    return list(quotes)


def _labels_of_capped(data: SiteData, nid: dict[str, str]) -> dict[str, str]:
    """Labels of bodies and measures left out of the page (large corpora), for the quote lists."""
    out = {}
    for iri, b in data.bodies.items():
        if iri not in nid:
            out["b-" + b.key] = b.label
    for iri, m in data.measures.items():
        if iri not in nid:
            out["m-" + m.key] = m.label
    return out


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
                for r in analysis.get(key, [])[:ANALYSIS_ROWS]]

    return {
        "counts": analysis["counts"],
        "sizes": {k: len(analysis.get(k, [])) for k in ("top_bodies", "support_only", "multi_lead", "no_lead")},
        "top_bodies": rows("top_bodies", "b"),
        "support_only": rows("support_only", "b"),
        "multi_lead": rows("multi_lead", "m"),
        "no_lead": rows("no_lead", "m"),
    }
