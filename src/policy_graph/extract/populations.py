"""Target populations (建档立卡贫困人口, 贫困残疾人, 留守儿童, 深度贫困地区/三区三州 …).

Rule ``pg.populations.lexicon.v1``: longest-first lexicon match from
``data/reference/populations.yaml``; every mention is kept with its evidence.
"""

from __future__ import annotations

import re
from functools import cache

from ..model import Evidence
from .base import Context
from .reference import alternation, load

RULE = "pg.populations.lexicon.v1"


@cache
def _lexicon() -> tuple[re.Pattern[str], dict[str, str]]:
    term_to_key: dict[str, str] = {}
    for p in load("populations")["populations"]:
        for term in (p["label"], *p["terms"]):
            term_to_key.setdefault(term, p["key"])
    return re.compile(alternation(list(term_to_key))), term_to_key


@cache
def populations_in(text: str) -> tuple[str, ...]:
    """Population keys mentioned in ``text``, sorted."""
    pattern, to_key = _lexicon()
    return tuple(sorted({to_key[m.group()] for m in pattern.finditer(text or "")}))


class PopulationExtractor:
    name = RULE
    requires = ("segment.sentences",)
    produces = ("population",)

    def __call__(self, ctx: Context) -> list[tuple[str, Evidence]]:
        """The first mention of each population in each section (later ones add nothing)."""
        pattern, to_key = _lexicon()
        seen: set[tuple[str, str]] = set()
        out: list[tuple[str, Evidence]] = []
        for m in pattern.finditer(ctx.text):
            key, section = to_key[m.group()], ctx.section_at(m.start())
            if (key, section) not in seen:
                seen.add((key, section))
                out.append((key, ctx.evidence(m.start(), m.end(), RULE, section=section)))
        return out
