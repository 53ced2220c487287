"""Obligations stated in running text: who must, may, must not or is encouraged to do what.

Three rules, all driven by ``data/reference/roles.yaml``:

* ``pg.obligations.subject-modal.v2`` — BODY + trigger: ``各级党委和政府必须…`` (duty),
  ``省（自治区、直辖市）负总责`` (overall), ``县级党委和政府承担主体责任`` (primary),
  ``书记和县长是第一责任人`` (first_responsible), ``市（地）初审`` (approve), ``有条件的地方可…``
  (permitted), ``…不得…`` (prohibited). The body list must end exactly before the trigger and
  starts after the last verb or preposition of the clause, so objects are never bearers.
* ``pg.obligations.object-trigger.v2`` — trigger + BODY + predicate: ``鼓励职业院校和技工学校招收…``
  (encouraged), ``允许…`` (permitted), ``严禁…`` (prohibited), ``由国家开发银行…发行`` (duty),
  ``报国务院扶贫开发领导小组备案`` (approve). The body list must be followed by a verb.
  ``强化定点扶贫牵头单位责任`` (duty of the body named before 责任/职责/职能) is the same rule.
* ``pg.obligations.subject-dui.v2`` — BODY对…考核/帮扶: the body before 对 bears the action.

Plain statements (``中央财政给予…``, ``X设立…``) count only when the body opens the clause. For the
principle triggers (负总责, 统筹, 抓落实…) a body after the last 的/和 is accepted
(``…的管理体制和党政一把手负总责``), and an empty subject is carried over from a preceding
``BODY在…时，`` clause; both fallbacks lower the confidence.

A duty whose task starts with 落实 / 督促 / 统筹… is refined to implement / oversee / coordinate
(会同 → lead, 配合 → support; an oversight verb after a ``对…的`` object phrase does not count, and
``对X进行审计监督`` / ``出台…考核办法`` over the whole clause does). When several rules give the same
mention a role, the most specific role wins.

A clause that opens with a trigger and has no subject of its own takes the subject of the clause
just before it in the same sentence (``中央有关部门要加强指导，不得限定…`` → a prohibition too); that
carried reading is its own fact, with a lower confidence. Plain verbs (建立…) never carry a subject.
The bearer is the core noun phrase: a leading qualifier (有条件的) is dropped from the mention.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from ..model import Obligation
from .base import Context, clause_end
from .bodies import Mention, grammar, qualifiers, resolve
from .reference import load
from .targets import deadline_in

RULE_SUBJECT = "pg.obligations.subject-modal.v2"
RULE_OBJECT = "pg.obligations.object-trigger.v2"
RULE_DUI = "pg.obligations.subject-dui.v2"

#: Most specific first: when two rules disagree on one mention, the earlier role wins.
ROLE_PRIORITY = (
    "lead", "first_responsible", "primary", "overall", "coordinate", "implement", "approve",
    "oversee", "prohibited", "permitted", "encouraged", "support", "duty",
)
_Found = tuple[tuple[int, int], Obligation]
MODALITY_OF = {"encouraged": "encouragement", "permitted": "permission", "prohibited": "prohibition"}


@dataclass(frozen=True)
class _Rules:
    subject: re.Pattern[str]
    subject_roles: tuple[tuple[str, str, str], ...]  # per group: (role, modality, follow key)
    initial: re.Pattern[str]
    initial_roles: tuple[tuple[str, str, str], ...]
    initial_skip_kinds: frozenset[str]
    gaps: tuple[str, ...]
    boundary: re.Pattern[str]
    adjunct: re.Pattern[str]
    lead_in: re.Pattern[str]
    objects: re.Pattern[str]
    object_roles: tuple[tuple[str, str, str], ...]
    starters: tuple[str, ...]
    not_starters: tuple[str, ...]
    follow: dict[str, re.Pattern[str]]
    dui: re.Pattern[str]
    dui_verbs: tuple[tuple[re.Pattern[str], str, bool], ...]  # (verb, role, wins anywhere)
    refine: tuple[tuple[re.Pattern[str], str], ...]
    refine_window: int
    refine_clause: tuple[tuple[re.Pattern[str], str], ...]
    principle_compound: re.Pattern[str]


def _groups(rows) -> tuple[str, tuple[tuple[str, str, str], ...]]:
    """One regex with a named group per row; per group (role, modality, follow key)."""
    parts, roles = [], []
    for i, row in enumerate(rows):
        pattern, role = row[0], row[1]
        modality = row[2] if len(row) > 2 else "duty"
        follow = row[3] if len(row) > 3 else "verbs"
        parts.append(f"(?P<g{i}>{pattern})")
        roles.append((role, MODALITY_OF.get(role, modality), follow))
    return "|".join(parts), tuple(roles)


@cache
def rules() -> _Rules:
    data = load("roles")
    subject, subject_roles = _groups(data["subject_triggers"])
    initial, initial_roles = _groups(data["initial_triggers"])
    objects, object_roles = _groups(data["object_triggers"])
    return _Rules(
        subject=re.compile(subject),
        subject_roles=subject_roles,
        initial=re.compile(initial),
        initial_roles=initial_roles,
        initial_skip_kinds=frozenset(data["initial_skip_kinds"]),
        gaps=tuple(sorted(data["subject_gap"].split("|"), key=len, reverse=True)),  # longest first
        boundary=re.compile(data["subject_boundary"]),
        adjunct=re.compile(f"(?:{data['adjunct_boundary']})$"),
        lead_in=re.compile(data["lead_in"]),
        objects=re.compile(objects),
        object_roles=object_roles,
        starters=tuple(sorted(set(data["verb_starters"]), key=len, reverse=True)),
        not_starters=tuple(data["not_starters"]),
        follow={k: re.compile(v) for k, v in data["follow"].items()},
        dui=re.compile(data["dui_trigger"]),
        dui_verbs=tuple((re.compile(row[0]), row[1], "anywhere" in row[3:]) for row in data["dui_verbs"]),
        refine=tuple((re.compile(p), role) for p, role in data["refine"]),
        refine_window=int(data["refine_window"]),
        refine_clause=tuple((re.compile(p), role) for p, role in data["refine_clause"]),
        principle_compound=re.compile(data["principle_compound"]),
    )


def _which(match: re.Match[str], roles: tuple[tuple[str, str, str], ...]) -> tuple[str, str, str]:
    for name, value in match.groupdict().items():
        if value is not None:
            return roles[int(name[1:])]
    raise AssertionError("a trigger matched without a group")


# --------------------------------------------------------------------------------------------


class ObligationExtractor:
    """All three running-text rules; see the module docstring."""

    name = "pg.obligations.v1"
    requires = ("segment.sentences", "segment.sections")
    produces = ("Obligation",)

    def __call__(self, ctx: Context, *, skip: list[tuple[int, int]] | None = None) -> list[Obligation]:
        found: dict[tuple[int, int], tuple[int, Obligation]] = {}
        skip = sorted(skip or [])
        skip_starts = [a for a, _ in skip]
        for s_start, s_end, section in ctx.sentences():
            for key, o in self._sentence(ctx, s_start, s_end, section):
                i = bisect.bisect_right(skip_starts, key[0]) - 1
                if i >= 0 and key[0] < skip[i][1]:
                    continue  # inside a task-division note: the roles extractor owns it
                rank = ROLE_PRIORITY.index(o.role)
                if key not in found or rank < found[key][0]:
                    found[key] = (rank, o)
        return [o for _, o in sorted(found.values(), key=lambda x: (x[1].evidence.start, x[1].body.surface))]

    # ---- per sentence -------------------------------------------------------------------

    def _sentence(self, ctx: Context, s_start: int, s_end: int, section: str) -> list[_Found]:
        out: list[_Found] = []
        carry: list[Mention] = []  # the subject found in the previous clause of this sentence
        for c_start, c_end in ctx.clauses(s_start, s_end):
            found = self._subject(ctx, c_start, c_end, s_end, section, carry)
            own = [key for key, _ in found if len(key) == 2]  # only into the very next clause
            carry = [Mention(a, b, ctx.text[a:b]) for a, b in own]
            out.extend(found)
            out.extend(self._dui(ctx, c_start, c_end, s_end, section))
        out.extend(self._object(ctx, s_start, s_end, section))
        return out

    def _subject(self, ctx: Context, c_start: int, c_end: int, s_end: int, section: str,
                 carry: list[Mention] | None = None) -> list[_Found]:
        r, text = rules(), ctx.text
        out: list[_Found] = []
        prev = c_start
        names = _Spans(grammar().name_spans(text, c_start, c_end))
        hits = [(m, _which(m, r.subject_roles), False) for m in r.subject.finditer(text, c_start, c_end)
                if not _inside(m, names)]
        if ctx.doc.work.kind not in r.initial_skip_kinds:
            hits += [(m, _which(m, r.initial_roles), True) for m in r.initial.finditer(text, c_start, c_end)
                     if not _inside(m, names)]
        hits.sort(key=lambda h: (h[0].start(), h[2]))
        for m, (role, modality, follow), initial in hits:
            if m.start() < prev or (initial and prev != c_start):
                continue
            if initial and text.startswith("的", m.end()) and not _MODAL.search(text, m.end(), s_end):
                continue  # 世界银行制定的贫困标准: an actor inside a relative clause gets no row
            if follow == "principle" and r.principle_compound.search(text[m.end():c_end]):
                continue  # 县乡统筹招聘机制: the trigger is inside a noun compound
            if text.endswith("会同", c_start, prev):
                continue  # X会同Y统筹…: Y is X's partner (the object rule makes it support), not a subject
            mentions = self._subject_list(ctx, prev, m.start(), initial=initial)
            fallback = False
            if not mentions and follow == "principle":
                mentions, fallback = self._nearest_subject(ctx, prev, m.start()), True
            if not mentions and prev == c_start and self._empty_subject(ctx, c_start, m.start()):
                # 在…时，要…: the body before 在; else 县级人民政府是…，负责…: the previous clause's subject
                mentions, fallback = self._carried_subject(ctx, c_start, s_end), True
                if not mentions and not initial:  # a plain verb (建立…) does not continue a subject
                    mentions = _dedupe(carry or [])
            if not mentions:
                continue
            prev = m.end()
            if initial:  # 深度贫困地区开展…可不受…: a modal later in the clause sets the role
                later = next((h for h in hits if not h[2] and h[0].start() >= m.end()
                              and h[1][0] in ("permitted", "prohibited")), None)
                if later is not None:
                    role, modality, _ = later[1]
            if follow == "principle":  # 省负总责、市县抓落实: the task is the principle's own verb
                task = text[m.start():clause_end(text, m.start(), limit=30, stop="、，。；！？\n")]
            else:
                task = text[m.end():clause_end(text, m.end(), limit=50, stop="。；！？\n")]
            if follow == "refine":
                role = self._refine(text, m.start(), role)
                modality = "duty"
            q_end = max(m.end(), min(c_end, m.end() + 30))
            for mention in mentions:
                key, o = self._make(ctx, mention, role, modality, mentions[0].start, q_end,
                                    task or m.group(), section, RULE_SUBJECT, fallback=fallback)
                if mention.end <= c_start:  # a subject carried over from an earlier clause: its own fact
                    key = (*key, c_start)
                out.append((key, o))
        return out

    def _subject_list(self, ctx: Context, start: int, end: int, *, initial: bool = False) -> list[Mention]:
        """Body mentions filling ``text[start:end]`` after its last boundary word.

        The span may end with an adverb or a topic (主要, 也, 扶贫开发工作) before the trigger. A span
        right after a preposition (对/向/在/把…) is an object, never a bearer. With ``initial`` the
        body must open the clause (no boundary word before it).
        """
        r, text = rules(), ctx.text
        if end - start < 1:
            return []
        names = _Spans(grammar().name_spans(text, start, end))
        boundaries = [(b.start(), b.end(), b.group()) for b in r.boundary.finditer(text, start, end)
                      if not _inside(b, names)]  # 派出|单位, 帮扶|单位: a name is not a boundary
        found = self._region(ctx, start, end, boundaries, initial=initial)
        if not found and boundaries:
            # BODY按照职责分工抓好落实, BODY每年向中央报告: the body stands before an adjunct phrase
            # that the trigger follows (for a plain verb, the body must still open the clause)
            b_start, _, word = boundaries[-1]
            if r.adjunct.search(word) and not (initial and len(boundaries) > 1):
                found = self._region(ctx, start, b_start, boundaries[:-1], initial=False)
        return found

    def _region(self, ctx: Context, start: int, end: int, boundaries, *, initial: bool, gaps: bool = True):
        r, g, text = rules(), grammar(), ctx.text
        region_start, boundary = start, None
        for _, b_end, word in boundaries:
            if b_end <= end:
                region_start, boundary = b_end, word
        if boundary is not None and (initial or boundary in _PREPOSITIONS):
            return []
        lead = r.lead_in.match(text, region_start, end)
        if lead:
            region_start = lead.end()
        if end - region_start < 1:
            return []
        ends = [end]
        while gaps:  # strip adverbs and topics one by one: …党委和政府|每季度|至少|专题研究
            gap = next((x for x in r.gaps if text.endswith(x, region_start, ends[-1])
                        and ends[-1] - len(x) > region_start), None)
            if gap is None:
                break
            ends.append(ends[-1] - len(gap))
        for region_end in ends:
            parsed = g.parse_list(text, region_start, region_end, lambda e, z=region_end: e == z)
            if parsed:
                return [_level_only(p) for m in parsed for p in g.split_levels(m) if not p.beneficiary]
        return []

    def _nearest_subject(self, ctx: Context, start: int, end: int) -> list[Mention]:
        """…的管理体制和党政一把手负总责: for principle triggers, the body right after the last 的/和/、."""
        text = ctx.text
        cut = max(text.rfind(ch, start, end) for ch in "的和、”“")
        if cut < start or end - cut - 1 < 1:
            return []
        return self._subject_list(ctx, cut + 1, end)

    def _empty_subject(self, ctx: Context, c_start: int, pos: int) -> bool:
        """Nothing but adverbs before the trigger: the subject may be in the previous clause."""
        r = rules()
        lead = r.lead_in.match(ctx.text, c_start, pos)
        rest = ctx.text[lead.end() if lead else c_start:pos]
        return rest == "" or rest in r.gaps

    def _carried_subject(self, ctx: Context, c_start: int, s_end: int) -> list[Mention]:
        """``中央和省级在安排…时，要…``: the body opening the previous clause, before 在.

        Only when that clause is a 在…时 / 在…的同时 / 在…中 frame."""
        text, g = ctx.text, grammar()
        prev_end = c_start - 1
        if prev_end <= 0 or text[prev_end] != "，":
            return []
        p_start = max(text.rfind(ch, 0, prev_end) for ch in "，。；：\n") + 1
        clause = text[p_start:prev_end]
        m = re.search(r"在[^，。；]*(?:时|的同时|过程中|中)$", clause)
        if not m:
            return []
        at = p_start + m.start()
        parsed = g.parse_list(text, p_start, at, lambda e: e == at)
        if not parsed:
            return []
        return [p for x in parsed for p in g.split_levels(x) if not p.beneficiary]

    def _object(self, ctx: Context, s_start: int, s_end: int, section: str) -> list[_Found]:
        r, g, text = rules(), grammar(), ctx.text
        out: list[_Found] = []
        names = _Spans(g.name_spans(text, s_start, s_end))
        for m in r.objects.finditer(text, s_start, s_end):
            if _inside(m, names):
                continue
            role, modality, follow = _which(m, r.object_roles)
            limit = clause_end(text, m.end(), limit=40, stop="，。；：！？\n")
            refine = follow.endswith("refine")
            follow = follow.removesuffix("-refine")
            ok = _follower(text, follow, m.end())
            parsed = g.parse_list(text, m.end(), limit + 1, ok, longest=(follow == "duty-of"))
            if not parsed:
                continue
            mentions = [p for x in parsed for p in g.split_levels(x) if not p.beneficiary]
            if not mentions:
                continue
            if refine:
                role = self._refine(text, parsed[-1].end, role)
            task_end = clause_end(text, parsed[-1].end, limit=50, stop="，。；！？\n")
            task = text[parsed[-1].end:task_end]
            for mention in mentions:
                out.append(self._make(ctx, mention, role, modality, m.start(), task_end, task, section, RULE_OBJECT))
        return out

    def _dui(self, ctx: Context, c_start: int, c_end: int, s_end: int, section: str) -> list[_Found]:
        r, text = rules(), ctx.text
        out: list[_Found] = []
        for m in r.dui.finditer(text, c_start, c_end):
            mentions = self._subject_list(ctx, c_start, m.start())
            if not mentions or r.objects.search(text, c_start, mentions[0].start):
                continue  # 鼓励社会组织对…进行监督: the body is encouraged, the object rule has it
            window_end = clause_end(text, m.end(), limit=60, stop="。；！？\n")
            window = text[m.end():window_end]
            hits = [(not anywhere, v.start(), i, v, role)
                    for i, (verb, role, anywhere) in enumerate(r.dui_verbs)
                    if (v := _predicate_verb(verb, window))]
            if not hits:
                # BODY对巡视发现的问题，要点出…: no action verb on the 对-phrase, a modal opens the next clause
                comma = text.find("，", m.end(), window_end)
                modal = _CLAUSE_MODAL.match(text, comma + 1) if comma > 0 else None
                if modal is None:
                    continue
                role, end = "duty", modal.end()
            else:
                *_, v, role = min(hits, key=lambda h: h[:3])  # a principle verb, else the first verb after 对
                modal = _MODAL.search(window, 0, v.start())
                if modal and not text.startswith("，", m.end() + modal.start() - 1):
                    continue  # BODY对…要挖出…，督促…: the modal's own rule (subject-modal) reads this clause
                end = m.end() + v.end()
            for mention in mentions:
                out.append(self._make(ctx, mention, role, "duty", mentions[0].start, end,
                                      text[m.start():end], section, RULE_DUI))
        return out

    # ---- helpers ------------------------------------------------------------------------

    def _refine(self, text: str, pos: int, role: str) -> str:
        r = rules()
        window = text[pos:clause_end(text, pos, limit=r.refine_window + 24, stop="，。；！？\n")]
        # 加强对巡视工作的领导: 巡视 is the object, not the verb; 加强对村委会的督促指导: 督促 is
        window = _OBJECT_OF_DUI.sub("", window)[:r.refine_window]
        for pattern, refined in r.refine:
            if pattern.search(window):
                return refined
        clause = text[pos:clause_end(text, pos, limit=60, stop="，。；！？\n")]
        for pattern, refined in r.refine_clause:
            if pattern.search(clause):
                return refined
        return role

    def _make(self, ctx: Context, mention: Mention, role: str, modality: str, q_start: int, q_end: int,
              task: str, section: str, rule: str, *, fallback: bool = False) -> _Found:
        mention = _core(mention)
        body = resolve(mention.surface, ctx.region)
        q_start = min(q_start, mention.start)
        q_end = max(q_end, mention.end)
        return (mention.start, mention.end), Obligation(
            body=body,
            role=role,
            modality=MODALITY_OF.get(role, modality),
            task=task.strip(),
            evidence=ctx.evidence(q_start, q_end, rule, section=section,
                                  confidence=confidence(rule, known=body.known, fallback=fallback)),
            measure=ctx.measure_label(section),
            deadline=deadline_in(ctx.text, q_start, max(q_end, clause_end(ctx.text, q_end, stop="。；！？\n"))),
        )


def _predicate_verb(verb: re.Pattern[str], window: str) -> re.Match[str] | None:
    """The first match of ``verb`` that is a predicate: not inside an attribute of the object
    (对巡视发现的重点问题: 巡视 is followed by 的 within its clause)."""
    for v in verb.finditer(window):
        stop = len(window)
        for ch in "，。；":
            k = window.find(ch, v.end())
            if k >= 0:
                stop = min(stop, k)
        if "的" not in window[v.end():stop]:
            return v
    return None


def _core(m: Mention) -> Mention:
    """有条件的贫困县 → 贫困县: the core noun phrase is the bearer (GUIDELINES); the quote keeps the
    qualifier, since it starts at the list's first mention."""
    for q in qualifiers():
        if m.surface.startswith(q) and len(m.surface) > len(q) + 1:
            return Mention(m.start + len(q), m.end, m.surface[len(q):], m.beneficiary)
    return m


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    seen: set[tuple[int, int]] = set()
    out = []
    for m in mentions:
        if (m.start, m.end) not in seen:
            seen.add((m.start, m.end))
            out.append(m)
    return out


class _Spans:
    """Name spans indexed for "is this match inside a name?" in O(log n) on the usual,
    nearly disjoint spans (a plain scan made one 5k-name sentence quadratic)."""

    __slots__ = ("max_end", "spans", "starts")

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [a for a, _ in self.spans]
        self.max_end: list[int] = []
        best = -1
        for _, b in self.spans:
            best = max(best, b)
            self.max_end.append(best)


def _inside(m: re.Match[str], names: _Spans | list[tuple[int, int]]) -> bool:
    """A trigger word that is part of a name (组织 in 省委组织部) is not a trigger."""
    if not isinstance(names, _Spans):
        names = _Spans(names)
    ms, me = m.start(), m.end()
    i = bisect.bisect_right(names.starts, ms)
    while i > 0 and names.max_end[i - 1] >= me:
        a, b = names.spans[i - 1]
        if b >= me and (a, b) != (ms, me):
            return True
        i -= 1
    return False


def _follower(text: str, follow: str, list_start: int) -> Callable[[int], bool]:
    """What may come right after an object-position body list (a verb by default; see roles.yaml)."""
    r = rules()
    if follow == "duty-of":  # 强化家庭监护主体责任: 主体 belongs to 主体责任; no body ends around it
        pattern = r.follow[follow]

        def duty_of(e: int) -> bool:
            m = pattern.match(text, e)
            return bool(m) and not (text.endswith("主体", 0, e) and text.startswith("责任", e)) and \
                not text.endswith("主体责任", 0, m.end())
        return duty_of
    if follow != "verbs":
        pattern = r.follow[follow]
        return lambda e: bool(pattern.match(text, e))
    single = r.follow["single"]

    def ok(e: int) -> bool:
        if e >= len(text) or not text.startswith(r.starters, e) or text.startswith(r.not_starters, e):
            return False
        return e - list_start > 1 or bool(single.match(text, e))  # 由县提出… but not 由省|扶贫办…

    return ok


def confidence(rule: str, *, known: bool, fallback: bool = False) -> float:
    """Confidence of a fact from its rule, lowered for unknown bodies and fallback readings."""
    data = load("roles")
    value = float(data["confidence"].get(rule, 0.75))
    if not known:
        value -= float(data["unknown_body_penalty"])
    if fallback:
        value -= float(data["fallback_penalty"])
    return round(max(0.05, value), 2)


def _level_only(m: Mention) -> Mention:
    """农村低保省级(统筹) → 省级: a level word after a topic names the level, not the topic."""
    for level in ("省级", "市级", "县级", "乡级"):
        if m.surface.endswith(level) and len(m.surface) > len(level) and not re.search(r"[省市县乡村级委府）]$", m.surface[:-len(level)]):
            start = m.end - len(level)
            return Mention(start, m.end, level, m.beneficiary)
    return m


#: 对…的 (an object phrase with its attribute): what stands inside names the object, not the action.
_OBJECT_OF_DUI = re.compile(r"对(?![象口于照接标比话待应称立策])[^，。；对的]{1,12}的")

#: A modal opening a clause (要点出…: at a clause start 要 is the modal even before 点).
_CLAUSE_MODAL = re.compile(r"(?:都|也|还|就)?(?:必须|应当|务必|要|应|须)(?!是)")

_MODAL = re.compile(r"(?<![主重需纲只想])要(?![求素点件害闻])|必须|应当")

#: A body right after one of these is its object (对贫困县…, 向贫困地区…), not a bearer.
_PREPOSITIONS = frozenset(["会同", "配合", "对", "向", "为", "在", "把", "将", "给", "从", "以", "于", "使", "让", "被", "与", "同", "跟", "按"])


