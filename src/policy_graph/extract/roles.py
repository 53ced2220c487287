"""Task-division notes: who leads and who supports a numbered measure.

The genre closes a measure with a note naming the responsible bodies, in several conventions:

* ``（省卫生计生委牵头负责，省民政厅、省财政厅…分别负责）`` — marker after each list
  (rule ``pg.roles.parenthesis-marker.v2``);
* ``（…牵头，…配合）``, ``（…负责）``, ``（…牵头，…参与）`` — the same rule, other markers;
* ``（牵头单位：…；配合单位：…）`` and ``责任单位：…`` — labelled lists
  (rule ``pg.roles.labelled-list.v2``); when the document says ``列第一位者为牵头单位`` the first
  body of a 责任单位 list is the lead and the others support, otherwise all are responsible (duty).
  The convention may stand as an aside inside the first list itself:
  ``责任单位：省农业农村厅（列第一位者为牵头单位，下同）、省财政厅``;
* ``（财政部、国务院扶贫办）`` — a bare list of organs closing its paragraph: lead + support in a
  列第一位者为牵头单位 document, else every body is responsible (duty). Brackets inside a sentence
  (``（含中医院）``) or of non-organs (``（县、乡、村）``) are not notes.

Every body of the note gets one obligation whose measure is the title of the numbered item the
note closes (``聚焦健康扶贫``) and whose section is that item's id (``四（六）``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..model import Obligation
from .base import Context
from .bodies import grammar, resolve
from .obligations import confidence
from .reference import alternation, load

RULE_MARKER = "pg.roles.parenthesis-marker.v2"
RULE_LABELLED = "pg.roles.labelled-list.v2"

_PAREN = re.compile(r"[（(]((?:[^（）()\n]|[（(][^（）()\n]*[）)]){2,400})[）)]")
_ITEM_SPLIT = re.compile(r"、|，|,|和|及")
_SEGMENT_SPLIT = re.compile(r"[，；;,。]")


@dataclass(frozen=True)
class _Rules:
    cue: re.Pattern[str]
    markers: re.Pattern[str]
    marker_role: dict[str, str]
    labels: re.Pattern[str]
    label_role: dict[str, str]
    first_is_lead: re.Pattern[str]
    line_label: re.Pattern[str]


@cache
def rules() -> _Rules:
    td = load("roles")["task_division"]
    marker_role = {m: r for m, r in td["markers"]}
    label_role = {m: r for m, r in td["labels"]}
    labels = alternation(list(label_role))
    return _Rules(
        cue=re.compile(td["cue"]),
        markers=re.compile(f"(?:{alternation(list(marker_role))})$"),
        marker_role=marker_role,
        labels=re.compile(f"({labels})[：:]"),
        label_role=label_role,
        first_is_lead=re.compile(td["first_is_lead"]),
        line_label=re.compile(f"(?m)(?:^[ \\t　]*|(?<=[。；]))(?:{labels})[：:](?:[^\\n（）()]|[（(][^（）()\\n]*[）)])+"),
    )


class TaskDivisionExtractor:
    """Lead / support bodies of a measure from its closing task-division note."""

    name = "pg.roles.task-division.v1"
    requires = ("segment.sections",)
    produces = ("Obligation",)

    def spans(self, ctx: Context) -> list[tuple[int, int]]:
        """Where the notes are (the running-text rules skip these spans)."""
        return [(a, b) for a, b, _ in self._notes(ctx)]

    def __call__(self, ctx: Context) -> list[Obligation]:
        r = rules()
        first_lead = bool(r.first_is_lead.search(ctx.text))
        out: list[Obligation] = []
        for start, end, inner_start in self._notes(ctx):
            out.extend(self._note(ctx, start, end, inner_start, first_lead))
        return out

    def _notes(self, ctx: Context) -> list[tuple[int, int, int]]:
        r, text = rules(), ctx.text
        first_lead = bool(r.first_is_lead.search(text))
        notes: list[tuple[int, int, int]] = []
        for m in _PAREN.finditer(text):
            inner = m.group(1)
            if r.first_is_lead.search(inner):
                continue  # （列第一位者为牵头单位）: the convention itself, not a note
            bare = self._bare_list(text, m.start(1), m.end(1)) and (
                first_lead or (_closes_item(text, m.end()) and self._organs(text, m.start(1), m.end(1))))
            if (r.cue.search(inner) and not _is_prose(inner)) or bare:
                notes.append((m.start(), m.end(), m.start(1)))
        taken = [(a, b) for a, b, _ in notes]
        lines: list[tuple[int, int, int]] = []
        for m in r.line_label.finditer(text):
            if any(a <= m.start() < b for a, b in taken):
                continue
            if lines and text[lines[-1][1]:m.start()].strip(" \t　") == "\n":
                # 牵头单位：…\n责任单位：… on consecutive lines: one note (its 责任单位 then support the lead)
                lines[-1] = (lines[-1][0], m.end(), lines[-1][2])
            else:
                lines.append((m.start(), m.end(), m.start()))
        return sorted(notes + lines)

    def _note(self, ctx: Context, start: int, end: int, inner: int, first_lead: bool) -> list[Obligation]:
        r, text = rules(), ctx.text
        inner_end = end - 1 if text[end - 1] in "）)" else end
        body_section = ctx.section_at(start)
        measure_sec = ctx.measure_section(body_section)
        section = measure_sec.id if measure_sec else body_section
        measure = ctx.measure_label(body_section)
        out: list[Obligation] = []
        labelled = list(r.labels.finditer(text, inner, inner_end))
        if labelled:
            has_lead = any(r.label_role[lab.group(1)] == "lead" for lab in labelled)
            for i, lab in enumerate(labelled):
                seg_end = labelled[i + 1].start() if i + 1 < len(labelled) else inner_end
                other = _OTHER_LABEL.search(text, lab.end(), seg_end)  # 完成时限：… ends the list
                seg_end = other.start() if other else seg_end
                role = r.label_role[lab.group(1)]
                bodies = self._bodies(text, lab.end(), seg_end)
                for j, (b_start, b_end) in enumerate(bodies):
                    rl = role
                    if role == "responsible":  # 责任单位: support next to a 牵头单位, else by the document's rule
                        rl = "support" if has_lead else ("lead" if j == 0 else "support") if first_lead else "duty"
                    out.append(self._make(ctx, b_start, b_end, rl, start, end, section, measure, RULE_LABELLED))
            return out
        if not r.cue.search(text, inner, inner_end) and self._bare_list(text, inner, inner_end):
            # （省发改委、省财政厅）: lead + support where the document says 列第一位者为牵头单位, else
            # all are responsible for the measure the note closes (duty)
            bodies = self._bodies(text, inner, inner_end)
            roles = ["lead" if j == 0 else "support" for j in range(len(bodies))] if first_lead else ["duty"] * len(bodies)
            return [self._make(ctx, a, b, rl, start, end, section, measure, RULE_MARKER)
                    for (a, b), rl in zip(bodies, roles)]
        segments = [*_SEGMENT_SPLIT.finditer(text, inner, inner_end), None]
        found, seg_start = [], inner
        for seg in segments:
            seg_end = seg.start() if seg else inner_end
            found.append((seg_start, r.markers.search(text, seg_start, seg_end)))
            seg_start = seg.end() if seg else inner_end
        has_support = any(m and r.marker_role[m.group()] == "support" for _, m in found)
        for seg_start, m in found:
            if m:
                role = r.marker_role[m.group()]
                bodies = self._bodies(text, seg_start, m.start())
                if role == "lead" and m.group() == "负责" and first_lead and len(bodies) > 1:
                    roles = ["lead"] + ["support"] * (len(bodies) - 1)
                elif m.group() == "负责" and not has_support and not first_lead:
                    roles = ["duty"] * len(bodies)  # （省水利厅负责）: responsible, no one to lead (GUIDELINES: X负责 → duty)
                else:
                    roles = [role] * len(bodies)
                for (b_start, b_end), rl in zip(bodies, roles):
                    out.append(self._make(ctx, b_start, b_end, rl, start, end, section, measure, RULE_MARKER))
        return out

    def _organs(self, text: str, start: int, end: int) -> bool:
        """Every item names an organ (a known body, or a department, Party organ, bank, team…):
        （财政部、国务院扶贫办） is a note, （含中医院） or （县、乡） is not."""
        items = self._bodies(text, start, end)
        kinds = [resolve(text[a:b]) for a, b in items]
        return bool(items) and all(k.known or k.kind in _ORGAN_KINDS for k in kinds) and (
            len(items) > 1 or kinds[0].known)

    def _bare_list(self, text: str, start: int, end: int) -> bool:
        """（省发改委、省财政厅、省扶贫办）: every item a body — a note in a 列第一位者为牵头单位 document."""
        g = grammar()
        items = self._bodies(text, start, end)
        return bool(items) and sum(b - a for a, b in items) + len(items) - 1 >= (end - start) - 2 and all(
            g.ends_in_head(text, a, b) for a, b in items)

    def _bodies(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """Bodies of a comma/、-separated list; brackets (省委财经办（省委农办）) stay inside a name."""
        g = grammar()
        spans: list[tuple[int, int]] = []
        depth, item_start = 0, start
        for i in range(start, end + 1):
            ch = text[i] if i < end else "、"
            if ch in "（(":
                depth += 1
            elif ch in "）)":
                depth = max(0, depth - 1)
            elif depth == 0 and (ch in "、，,；;。 　\t\n" or (ch in "和及" and i > item_start and g.ends_in_head(text, item_start, i))):
                a, b = _strip(text, item_start, i)
                aside = text.find("（", a, b)  # 省农业农村厅（列第一位者为牵头单位，下同）: drop the aside
                if aside > a and rules().first_is_lead.search(text, aside, b):
                    b = aside
                if b - a >= 2 and not g.not_inside.search(text[a:b]) and not re.search("[的为]", text[a:b]):
                    spans.append((a, b))
                item_start = i + 1
        return spans

    def _make(self, ctx: Context, b_start: int, b_end: int, role: str, start: int, end: int,
              section: str, measure: str | None, rule: str) -> Obligation:
        body = resolve(ctx.text[b_start:b_end], ctx.region)
        return Obligation(
            body=body,
            role=role,
            modality="duty",
            task=measure or "",
            evidence=ctx.evidence(start, end, rule, section=section, confidence=confidence(rule, known=body.known)),
            measure=measure,
        )


_ORGAN_KINDS = frozenset({"department", "party", "financial", "team", "social"})
_OTHER_LABEL = re.compile(r"[\s　]*[\u4e00-\u9fff]{2,6}[：:]")
_TRAILING_DENG = re.compile(r"等(?:有关)?(?:部门|单位|机构)?$")


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    """Trim blanks and a trailing 等/等部门 (…、扶贫办等按职责分工负责)."""
    while a < b and text[a] in " \t　：:":
        a += 1
    m = _TRAILING_DENG.search(text, a, b)
    if m and m.start() - a >= 2:
        b = m.start()
    while b > a and text[b - 1] in " \t　；;。":
        b -= 1
    return a, b


def _closes_item(text: str, end: int) -> bool:
    """The bracket ends its paragraph (only blanks or a full stop before the line break): a note
    that closes a numbered measure, not an aside inside a sentence."""
    m = re.compile(r"[。．.；;]?[ \t　]*(?:\n|$)").match(text, end)
    return m is not None


def _is_prose(inner: str) -> bool:
    """A bracketed aside in running text (a sentence with 要/的…), not a task-division note."""
    return bool(re.search(r"[。]|要|应当|必须", inner)) and not re.search(r"牵头单位|责任单位", inner)
