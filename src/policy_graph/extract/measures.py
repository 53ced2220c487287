"""Measures: the titles of numbered items (``（六）聚焦健康扶贫``), mapped to the measure scheme.

Rule ``pg.measures.item-title.v1``. The scheme (``data/reference/measures.yaml``) maps a title or
a task clause to concept keys by keyword (健康 → health, 易地/搬迁 → relocation …).
"""

from __future__ import annotations

import re
from functools import cache

from ..model import MeasureRef
from .base import Context, clean_title
from .reference import alternation, load

RULE = "pg.measures.item-title.v1"


@cache
def _scheme() -> tuple[re.Pattern[str], dict[str, str]]:
    keyword_to_key: dict[str, str] = {}
    for m in load("measures")["measures"]:
        for kw in (m["label"], *m["keywords"]):
            keyword_to_key.setdefault(kw, m["key"])
    return re.compile(alternation(list(keyword_to_key))), keyword_to_key


@cache
def concepts_for(text: str) -> tuple[str, ...]:
    """Measure scheme keys whose keywords occur in ``text``, sorted (deterministic)."""
    pattern, to_key = _scheme()
    return tuple(sorted({to_key[m.group()] for m in pattern.finditer(text or "")}))


class MeasureExtractor:
    name = RULE
    requires = ("segment.sections",)
    produces = ("MeasureRef",)

    def __call__(self, ctx: Context) -> list[MeasureRef]:
        out: list[MeasureRef] = []
        text = ctx.text
        for sec in ctx.doc.sections:
            if not sec.title or sec.kind not in ("item", "article", "chapter"):
                continue
            label = clean_title(sec.title)
            if not label:
                continue
            start = sec.title_start if sec.title_start is not None else text.find(sec.title, sec.start, sec.end)
            evidence = None
            if start is not None and start >= 0 and text.startswith(sec.title, start):
                evidence = ctx.evidence(start, start + len(sec.title), RULE, section=sec.id)
            out.append(MeasureRef(work=ctx.work_id, section=sec.id, label=label,
                                  concepts=concepts_for(label), evidence=evidence))
        return out
