"""Reasons to distrust a witness or a reading.

Why these detectors: the corruptions found in the corpus are mechanical, so each has a
mechanical signature that a genuine Chinese policy text almost never shows:

* **year substitution** — one file had every four-digit year replaced by one value. Genuine
  texts mention several years (2015, 2018, 2020); a file where ≥ 85 % of ≥ 10 year mentions are
  the same value, or that says "从2024年到2024年", is suspect, and so are all its pieces.
  Voting cannot catch this (two copies in one file agree with each other), the flag can.
* **injected Latin** — a lowercase Latin word between Chinese characters ("项目 and 资金").
  Upper-case acronyms (GDP, PPP) are genuine and not flagged.
* **repeated characters** — the same Chinese character three times in a row ("县县县医院");
  twice is often genuine ("重点县县级医院").
* **duplicated phrase** — a 2–6 character phrase immediately repeated, optionally across 、
  ("返贫、返贫", "扶贫扶贫台账"). Deliberate rhetoric ("抓紧抓紧再抓紧") also matches, which is
  why a flag only makes a reading lose a tie; it never rewrites a single-witness text.
"""

from __future__ import annotations

import re
from collections import Counter

from ..model import Flag

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?=\s*年|-\d)")
_SAME_RANGE = re.compile(r"从((?:19|20)\d\d)年到\1年")
_LATIN = re.compile(r"(?<=[\u4e00-\u9fff])\s*([a-z]{2,}(?:\s+[a-z]{2,})*)\s*(?=[\u4e00-\u9fff])")
_REPEAT = re.compile(r"([\u4e00-\u9fff])\1\1+")
_DUP = re.compile(r"([\u4e00-\u9fff]{2,6})、?\1")


def year_substitution(text: str) -> str | None:
    """Why ``text`` (a whole source file) looks year-substituted, or None."""
    years = _YEAR.findall(text)
    if len(years) >= 10:
        value, count = Counter(years).most_common(1)[0]
        if count >= 0.85 * len(years):
            return f"{count} of {len(years)} four-digit years read {value}: systematic year substitution"
    m = _SAME_RANGE.search(text)
    if m:
        return f"impossible range {m.group(0)}: systematic year substitution"
    return None


def years_in(text: str) -> list[str]:
    return _YEAR.findall(text)


def reading_suspicion(text: str) -> str | None:
    """Why a single reading looks corrupted, or None."""
    m = _LATIN.search(text)
    if m:
        return f"injected Latin word {m.group(1)!r}"
    m = _REPEAT.search(text)
    if m:
        return f"repeated characters {m.group(0)!r}"
    m = _DUP.search(text)
    if m:
        return f"duplicated phrase {m.group(0)!r}"
    return None


def text_flags(text: str, section: str | None = None) -> list[Flag]:
    """All suspicious spots of a text, one Flag each (used for single-witness works too)."""
    out: list[Flag] = []
    for m in _LATIN.finditer(text):
        out.append(Flag("injected-latin", f"Latin word {m.group(1)!r} inside Chinese text", section))
    for m in _REPEAT.finditer(text):
        out.append(Flag("repeated-chars", f"character repeated: {m.group(0)!r}", section))
    for m in _DUP.finditer(text):
        out.append(Flag("duplicated-phrase", f"phrase repeated: {m.group(0)!r}", section))
    return out


def suspicious_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, reason) of every suspicious pattern in ``text``."""
    out: list[tuple[int, int, str]] = []
    for m in _LATIN.finditer(text):
        out.append((m.start(1), m.end(1), f"injected Latin word {m.group(1)!r}"))
    for m in _REPEAT.finditer(text):
        out.append((m.start(), m.end(), f"repeated characters {m.group(0)!r}"))
    for m in _DUP.finditer(text):
        out.append((m.start(), m.end(), f"duplicated phrase {m.group(0)!r}"))
    return sorted(out)
