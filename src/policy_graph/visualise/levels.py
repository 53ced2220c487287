"""levels.html: the governance chain 中央 → 省 → 市 → 县 → 乡 → 村 for a chosen measure or process.

For a measure the page lays the bodies responsible for it out in one lane per level, with their
roles; for a process (重点县退出: 县提出申请 → 市（地）初审 → 省级审定 → 备案) it draws the ordered
steps with each actor's level. Above both, a level × role table of the whole corpus set against
the governance principle stated in the graph (中央统筹、省负总责、市县抓落实).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from .html import asset, evidence_file, levels_for, page, roles_for
from .records import LEVEL_ORDER, SiteData

#: Measures offered in the menu (those reaching most levels first); the page says if more exist.
MAX_MEASURES = 800
#: Quotes kept per (body, role) of a measure.
QUOTES_PER_ROLE = 3


def levels_data(data: SiteData) -> dict[str, Any]:
    works = list(data.works.values())
    work_index = {w.iri: i for i, w in enumerate(works)}
    bodies = {"b-" + b.key: [b.label, b.level, list(b.aliases)] for b in data.bodies.values()}
    by_measure: dict[str, list[list[Any]]] = defaultdict(list)
    per_role: Counter[tuple[str, str, str]] = Counter()
    levels_of: dict[str, set[str]] = defaultdict(set)
    grid: dict[str, Counter[str]] = {lv: Counter() for lv in LEVEL_ORDER}
    for f in data.facts:
        body = data.bodies[f.body]
        grid.setdefault(body.level, Counter())[f.role] += 1
        if f.measure in data.measures:
            levels_of[f.measure].add(body.level)
            per_role[(f.measure, f.body, f.role)] += 1
            if per_role[(f.measure, f.body, f.role)] <= QUOTES_PER_ROLE:
                sec = data.sections.get(f.section or "")
                by_measure[f.measure].append(["b-" + body.key, f.role, f.quote, sec.id if sec else "", f.key])
    chain = set(LEVEL_ORDER[:6])
    ranked = sorted(by_measure, key=lambda m: (-len(levels_of[m] & chain), -len(by_measure[m]), m))
    chosen = set(ranked[:MAX_MEASURES])
    measures: list[dict[str, Any]] = []
    for m in sorted(chosen, key=lambda m: (work_index.get(data.measures[m].work or "", -1),
                                           _pos(data, data.measures[m].section), m)):
        mv = data.measures[m]
        sec = data.sections.get(mv.section or "")
        measures.append({
            "id": "m-" + mv.key, "label": mv.label, "w": work_index.get(mv.work or "", -1),
            "section": sec.id if sec else "", "facts": by_measure[m], "nlevels": len(levels_of[m] & chain),
        })
    processes = []
    for p in data.processes:
        sec = data.sections.get(p.section or "")
        processes.append({
            "id": p.key, "label": p.label, "w": work_index.get(p.work or "", -1), "section": sec.id if sec else "",
            "steps": [[s.order, ("b-" + data.bodies[s.body].key) if s.body in data.bodies else None, s.action, s.role,
                       s.quote] for s in p.steps],
        })
    def rank(i: int) -> tuple[int, int, int]:
        return (measures[i]["nlevels"], len(measures[i]["facts"]), -i)

    default = max(range(len(measures)), key=rank) if measures else -1
    return {
        "works": [{"k": w.key, "t": w.title, "d": w.date, "f": evidence_file(w.key)} for w in works],
        "roles": roles_for(data),
        "levels": [[code, *levels_for(data)[code]] for code in LEVEL_ORDER],
        "bodies": bodies,
        "measures": measures,
        "processes": processes,
        "grid": {lv: dict(sorted(c.items())) for lv, c in grid.items()},
        "principles": [list(p) for p in data.principles],
        "default": default,
        "omitted": len(by_measure) - len(chosen),
    }


def _pos(data: SiteData, section: str | None) -> int:
    sec = data.sections.get(section or "")
    return sec.start if sec and sec.start is not None else (sec.order if sec else 10**9)


def render_levels_page(data: SiteData, nav_works: list[tuple[str, str]]) -> str:
    return page(
        title="治理层级 · Governance levels", active="levels", works=nav_works,
        body=asset("levels.html"), data=levels_data(data), script=asset("levels.js"),
    )
