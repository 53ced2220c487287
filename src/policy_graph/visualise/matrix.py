"""matrix.html: measures × bodies, one letter per role (L lead, S support, …), per document.

Rows are a document's measures in text order, grouped by chapter; columns are the bodies named in
that document, busiest first. The page holds every document's table as data and draws one at a
time; past :data:`WORKS_PER_PAGE` documents the tables are spread over ``matrix.html``,
``matrix-2.html``… and the document menu jumps between them, so no page grows with the corpus.
Sorting and the quote panel are in ``static/matrix.js``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from .html import ROLE_INFO, asset, evidence_file, levels_for, page, roles_for
from .records import SectionView, SiteData

ROLE_ORDER = tuple(ROLE_INFO)
#: Documents whose tables share one matrix page.
WORKS_PER_PAGE = 40


def page_name(index: int) -> str:
    return "matrix.html" if index == 0 else f"matrix-{index + 1}.html"


def page_of_work(data: SiteData, *, per_page: int = WORKS_PER_PAGE) -> dict[str, str]:
    """Work key → the matrix page holding its table."""
    return {w.key: page_name(i // per_page) for i, w in enumerate(data.works.values())}


def chapter_of(data: SiteData, section: SectionView | None) -> SectionView | None:
    """The top-level section containing ``section`` (itself when it has no parent)."""
    seen: set[str] = set()
    while section is not None and section.parent and section.parent in data.sections and section.parent not in seen:
        seen.add(section.iri)
        section = data.sections[section.parent]
    return section


def matrix_data(data: SiteData, *, page: int = 0, per_page: int = WORKS_PER_PAGE) -> dict[str, Any]:
    """The tables of the works on matrix page ``page`` (all of them when they fit on one)."""
    all_works = list(data.works.values())
    works = all_works[page * per_page:(page + 1) * per_page]
    pages = page_of_work(data, per_page=per_page)
    body_ids = sorted(data.bodies)
    body_index = {b: i for i, b in enumerate(body_ids)}
    facts: list[list[Any]] = []  # [key, role, quote, section id]
    docs: list[dict[str, Any]] = []
    by_work: dict[str, list[int]] = defaultdict(list)
    wanted = {w.iri for w in works}
    fact_index: dict[int, int] = {}
    for i, f in enumerate(data.facts):
        if f.work not in wanted:
            continue
        sec = data.sections.get(f.section or "")
        fact_index[i] = len(facts)
        facts.append([f.key, f.role, f.quote, sec.id if sec else ""])
        by_work[f.work or ""].append(i)

    for wi, w in enumerate(works):
        # rows: the work's measures in text order, then sections whose facts have no measure
        measure_rows: dict[str, dict[str, Any]] = {}
        for m in data.measures.values():
            if m.work != w.iri:
                continue
            sec = data.sections.get(m.section or "")
            measure_rows[m.iri] = _row(data, m.label, sec, "m-" + m.key)
        loose_rows: dict[str, dict[str, Any]] = {}
        load: Counter[int] = Counter()
        for i in by_work.get(w.iri, []):
            f = data.facts[i]
            if f.measure in measure_rows:
                row = measure_rows[f.measure]
            else:
                sec = data.sections.get(f.section or "")
                key = f.section or "?"
                if key not in loose_rows:
                    loose_rows[key] = _row(data, "（无措施 no measure）", sec, None)
                row = loose_rows[key]
            b = body_index[f.body]
            cell = row["cells"].setdefault(str(b), [[], []])
            if f.role not in cell[0]:
                cell[0].append(f.role)
            cell[1].append(fact_index[i])
            load[b] += 1
        rows = sorted([*measure_rows.values(), *loose_rows.values()], key=lambda r: (r["pos"], r["label"]))
        for r in rows:
            for cell in r["cells"].values():
                cell[0].sort(key=ROLE_ORDER.index)
            r["cells"] = dict(sorted(r["cells"].items(), key=lambda kv: int(kv[0])))
            roles = [role for cell in r["cells"].values() for role in cell[0]]
            leads = sum(1 for cell in r["cells"].values() if "lead" in cell[0])
            r["flag"] = "" if r["node"] is None else ("multi-lead" if leads >= 2 else "no-lead" if leads == 0 else "")
            r["n"] = len(roles)
        cols = sorted(load, key=lambda b: (-load[b], data.bodies[body_ids[b]].label))
        docs.append({"w": wi, "rows": rows, "cols": cols, "load": {str(b): load[b] for b in cols},
                     "n": len(by_work.get(w.iri, []))})

    used_bodies = sorted({b for d in docs for b in d["cols"]})
    return {
        "works": [{"k": w.key, "t": w.title, "d": w.date, "f": evidence_file(w.key)} for w in works],
        "all": [{"k": w.key, "t": w.title, "d": w.date, "p": pages[w.key]} for w in all_works],
        "page": page_name(page),
        "bodies": {str(b): [data.bodies[body_ids[b]].label, data.bodies[body_ids[b]].level,
                            "b-" + data.bodies[body_ids[b]].key, list(data.bodies[body_ids[b]].aliases)]
                   for b in used_bodies},
        "roles": roles_for(data),
        "levels": levels_for(data),
        "docs": docs,
        "facts": facts,
        # the first page shown: the document with most assertions
        "default": max(range(len(docs)), key=lambda i: (docs[i]["n"], -i)) if docs else 0,
    }


def _row(data: SiteData, label: str, sec: SectionView | None, node: str | None) -> dict[str, Any]:
    chapter = chapter_of(data, sec)
    return {
        "label": label, "node": node, "section": sec.id if sec else "",
        "chapter": chapter.id if chapter else "", "chapterTitle": (chapter.title or "") if chapter else "",
        "pos": (sec.start if sec and sec.start is not None else (sec.order if sec else 10**9)),
        "cells": {},
    }


def render_matrix_pages(
    data: SiteData, nav_works: list[tuple[str, str]], *, per_page: int = WORKS_PER_PAGE
) -> dict[str, str]:
    """File name → HTML for every matrix page (one unless the corpus is large)."""
    n_pages = max(1, -(-len(data.works) // per_page))
    return {
        page_name(i): page(
            title="责任矩阵 · Responsibility matrix", active="matrix", works=nav_works,
            body=asset("matrix.html"), data=matrix_data(data, page=i, per_page=per_page), script=asset("matrix.js"),
        )
        for i in range(n_pages)
    }
