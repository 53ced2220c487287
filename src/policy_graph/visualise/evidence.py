"""evidence-<work>.html: a document's canonical text with every extracted fact highlighted.

The text is rebuilt from the sections' ``pg:text`` at their offsets (:func:`data.work_text`), so
the facts' offsets point into it. Spans covered by facts (obligations, targets) and by variants
between witnesses are cut into segments at every boundary; each segment lists the facts covering
it. Hovering shows them, clicking goes to the body's node in graph.html (or offers a choice when
several bodies share the span). A fact whose quote is not at its offsets is looked up by its quote
near there; facts that still cannot be placed are listed beside the text, never silently lost.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from .data import iri_key, work_text
from .html import asset, esc, page, roles_for
from .records import FactView, SiteData, TargetView, WorkView

#: Placeholder for characters of the canonical text no section covers (shown collapsed).
GAP = "\x00"
_GAPS = re.compile("\x00+")


def _show(text: str, after_gap: bool) -> str:
    """Escaped text with each run of uncovered characters shown as one line break.

    ``after_gap``: the text before this piece ended in (or is the start of) a run, so a run at
    the start of this piece continues it and shows nothing.
    """
    return esc(_GAPS.sub(lambda m: "" if after_gap and m.start() == 0 else "\n", text))


def _place(text: str, quote: str, start: int | None, end: int | None) -> tuple[int, int] | None:
    """Where ``quote`` is in ``text``: at its offsets, else the occurrence nearest to them."""
    if not quote:
        return None
    if start is not None and end is not None and text[start:end] == quote:
        return start, end
    hits: list[int] = []
    i = text.find(quote)
    while i >= 0 and len(hits) < 50:
        hits.append(i)
        i = text.find(quote, i + 1)
    if not hits:
        return None
    best = min(hits, key=lambda h: abs(h - (start or 0)))
    return best, best + len(quote)


def evidence_data(data: SiteData, work: WorkView) -> tuple[dict[str, Any], str, list[str]]:
    """(page data, text markup, unplaced fact keys) for one work."""
    text = work_text(data, work.iri, gap=GAP)
    parts = data.of_work(work.iri)
    facts, targets, variants = parts.facts, parts.targets, parts.variants
    fact_rows = []
    for f in facts:
        body = data.bodies.get(f.body)
        m = data.measures.get(f.measure or "")
        sec = data.sections.get(f.section or "")
        fact_rows.append({
            "k": f.key, "r": f.role, "b": "b-" + body.key if body else None, "bl": body.label if body else "",
            "m": "m-" + m.key if m else None, "ml": m.label if m else None, "s": sec.id if sec else "",
            "x": f.bearer_text, "t": f.task, "q": f.quote,
        })
    target_rows = [{"k": t.key, "i": t.indicator, "v": t.value, "u": t.unit, "d": t.deadline, "sc": t.scope,
                    "n": "t-" + t.key, "q": t.quote} for t in targets]
    variant_rows = [{"c": v.chosen, "r": [[r[0], list(r[1]), r[2]] for r in v.readings]} for v in variants]
    witness_rows = [{"id": w.id, "src": w.source, "d": w.date, "flags": [list(f) for f in w.flags]}
                    for w in data.witnesses if w.work == work.iri]
    payload = {
        "work": {"k": work.key, "t": work.title, "d": work.date},
        "facts": fact_rows, "targets": target_rows, "variants": variant_rows, "witnesses": witness_rows,
        "roles": roles_for(data),
    }
    if text is None:
        return payload, _fallback_markup(data, facts), []
    markup, unplaced = _markup(text, data, work, facts, targets, variants)
    return payload, markup, unplaced


def _markup(
    text: str, data: SiteData, work: WorkView, facts: list[FactView], targets: list[TargetView], variants: list[Any]
) -> tuple[str, list[str]]:
    opens: dict[int, list[tuple[str, int]]] = defaultdict(list)
    closes: dict[int, list[tuple[str, int]]] = defaultdict(list)
    anchors: dict[int, list[str]] = defaultdict(list)
    unplaced: list[str] = []
    located: tuple[tuple[str, Sequence[FactView | TargetView]], ...] = (("f", facts), ("t", targets))
    for kind, items in located:
        for i, item in enumerate(items):
            span = _place(text, item.quote, item.start, item.end)
            if span is None or span[0] == span[1]:
                if kind == "f":
                    unplaced.append(item.key)
                continue
            opens[span[0]].append((kind, i))
            closes[span[1]].append((kind, i))
            anchors[span[0]].append(f'<a class="anchor" id="{kind}-{esc(item.key)}"></a>')
    for i, v in enumerate(variants):
        if v.start is None or v.end is None or v.end <= v.start or v.end > len(text):
            continue
        opens[v.start].append(("v", i))
        closes[v.end].append(("v", i))
    sec_marks: dict[int, list[str]] = defaultdict(list)
    for s in data.of_work(work.iri).sections:
        if s.start is not None and 0 <= s.start < len(text):
            sec_marks[s.start].append(
                f'<span class="sec-anchor" id="s-{esc(iri_key(s.iri))}" title="{esc(s.id)}">{esc(s.id)}</span>'
            )
    n = len(text)
    cuts = sorted(c for c in {0, n, *opens, *closes, *sec_marks} if 0 <= c <= n)
    active: dict[str, set[int]] = {"f": set(), "t": set(), "v": set()}
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:] + [None]):
        for kind, i in closes.get(a, ()):
            active[kind].discard(i)
        for kind, i in opens.get(a, ()):
            active[kind].add(i)
        out.extend(sec_marks.get(a, ()))
        out.extend(anchors.get(a, ()))
        if b is None:
            break
        seg = _show(text[a:b], a == 0 or text[a - 1] == GAP)
        fs, ts, vs = sorted(active["f"]), sorted(active["t"]), sorted(active["v"])
        if not (fs or ts or vs):
            out.append(seg)
            continue
        classes = []
        if fs or ts:
            classes.append("hl")
            if any(facts[i].role == "lead" for i in fs):
                classes.append("lead")
            elif ts and not fs:
                classes.append("target")
            if len(fs) + len(ts) > 1:
                classes.append("multi")
        if vs:
            classes.append("var")
        attrs = "".join(
            f' data-{k}="{" ".join(map(str, ids))}"' for k, ids in (("f", fs), ("t", ts), ("v", vs)) if ids
        )
        out.append(f'<span class="{" ".join(classes)}"{attrs}>{seg}</span>')
    return "".join(out), unplaced


def _fallback_markup(data: SiteData, facts: list[FactView]) -> str:
    """No section text in the graph: list the quotes by section instead of the full text."""
    parts = [('<p class="notice">The graph holds no section text (pg:text) for this document: '
              "showing the quotes only.</p>")]
    for i, f in enumerate(facts):
        sec = data.sections.get(f.section or "")
        parts.append(
            f'<p><span class="sec-anchor">{esc(sec.id if sec else "?")}</span><a class="anchor" id="f-{esc(f.key)}"></a>'
            f'<span class="hl" data-f="{i}">{esc(f.quote)}</span></p>'
        )
    return "".join(parts)


def render_evidence_page(data: SiteData, work: WorkView, nav_works: list[tuple[str, str]]) -> str:
    payload, markup, unplaced = evidence_data(data, work)
    payload["unplaced"] = unplaced
    n_facts, n_targets, n_vars = len(payload["facts"]), len(payload["targets"]), len(payload["variants"])
    meta = " · ".join(x for x in (work.date, work.doc_number) if x)
    body = (
        f'<div class="wrap"><h1>{esc(work.title)} <span class="muted small">{esc(meta)}</span></h1>'
        f'<p class="small muted">{n_facts} 责任表述 assertions · {n_targets} 量化目标 targets · {n_vars} 异文 variants · '
        '<span class="hl">高亮</span> = extracted fact (<span class="hl lead">牵头</span>, '
        '<span class="hl target">目标</span>), <span class="var">波浪线</span> = witnesses disagree. '
        "Hover for the fact, click to open the node.</p></div>"
        f'<div class="evidence-layout"><div class="text" id="text" data-work="{esc(work.key)}">{markup}</div>'
        '<aside class="side" id="side"></aside></div><div id="tip"></div><div id="chooser"></div>'
    )
    return page(
        title=f"{work.title} · 原文证据", active="evidence", works=nav_works, body=body, data=payload,
        script=asset("evidence.js"),
    )
