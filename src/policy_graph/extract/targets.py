"""Quantified targets: value, unit, deadline and scope (104.6万贫困人口脱贫 in 2018; 90%以上贫困村宽带).

Rules (``data/reference/targets.yaml`` holds units, qualifiers, deadline and background cues):

* ``pg.targets.arabic.v2`` — an Arabic number with a unit (万人, 个, %, 元, 所 …), optionally a
  range (1—2) and a qualifier (以上/左右/多). Years, dates and figures in background clauses
  (截至…, 已经…, …以来) are not targets; time units (年, 月) count only with a qualifier
  (一年以上) since "3年" alone is a duration, not a goal.
* ``pg.targets.cn-numeral.v2`` — a Chinese numeral in a target frame only (至少掌握一门, 一年以上),
  so 一批, 一把手, 五个一批 never count.

The deadline is the nearest deadline expression in the sentence (到2020年, 2019年底, 今后3年,
攻坚期内), preferring one before the number; the scope is the nearest scope word (全省, 贫困地区…).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..model import Target
from .base import Context
from .measures import concepts_for
from .reference import alternation, load

RULE_ARABIC = "pg.targets.arabic.v2"
RULE_CN = "pg.targets.cn-numeral.v2"

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_DASH = "—–\\-－~～至"


@dataclass(frozen=True)
class _Rules:
    arabic: re.Pattern[str]
    cn: re.Pattern[str]
    cn_before: re.Pattern[str]
    cn_after: re.Pattern[str]
    framed_only: frozenset[str]
    background: re.Pattern[str]
    change: re.Pattern[str]
    forward: re.Pattern[str]
    deadline: re.Pattern[str]
    scopes: re.Pattern[str]
    strict_kinds: frozenset[str]
    target_cues: re.Pattern[str]
    estimate_cues: re.Pattern[str]
    quota: re.Pattern[str]


@cache
def rules() -> _Rules:
    data = load("targets")
    units = alternation(data["units"])
    quals = alternation(data["qualifiers"])
    number = r"\d+(?:\.\d+)?"
    arabic = (
        rf"(?<![\d.．])(?P<num>{number}(?:\s*[{_DASH}]\s*{number})?)\s*(?P<q1>多|余)?\s*"
        rf"(?P<unit>{units})(?P<q2>{quals})?"
    )
    cn = rf"(?P<num>[一二两三四五六七八九十]{{1,3}})(?P<unit>{units})(?P<q2>{quals})?"
    frames = data["cn_frames"]
    return _Rules(
        arabic=re.compile(arabic),
        cn=re.compile(cn),
        cn_before=re.compile(f"(?:{frames['before']})[^，。；]{{0,3}}$"),
        cn_after=re.compile(f"^(?:{frames['after']})"),
        framed_only=frozenset(data["framed_only_units"]),
        background=re.compile(data["background"]),
        change=re.compile(data["change"]),
        forward=re.compile(data["forward"]),
        deadline=re.compile(data["deadline"]),
        scopes=re.compile(alternation(data["scopes"])),
        strict_kinds=frozenset(data["strict_kinds"]),
        target_cues=re.compile(data["target_cues"]),
        estimate_cues=re.compile(data["estimate_cues"]),
        quota=re.compile(data["quota_frames"]),
    )


def cn_value(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20 (small numerals only)."""
    total, digit = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch == "十":
            total += (digit or 1) * 10
            digit = 0
        else:
            return None
    return total + digit


class TargetExtractor:
    name = "pg.targets.v1"
    requires = ("segment.sentences",)
    produces = ("Target",)

    def __call__(self, ctx: Context) -> list[Target]:
        out: list[Target] = []
        for s_start, s_end, section in ctx.sentences():
            out.extend(self._sentence(ctx, s_start, s_end, section))
        return out

    def _sentence(self, ctx: Context, s_start: int, s_end: int, section: str) -> list[Target]:
        r, text = rules(), ctx.text
        out: list[Target] = []
        for m in r.arabic.finditer(text, s_start, s_end):
            target = self._arabic(ctx, m, s_start, s_end, section)
            if target:
                out.append(target)
        for m in r.cn.finditer(text, s_start, s_end):
            before = text[s_start:m.start()]
            quota = _quota(ctx, m.start(), s_start)
            framed = r.cn_before.search(before) or r.cn_after.match(m.group("q2") or "") or quota
            if not framed or m.group("unit") in ("%", "％"):
                continue
            if m.group("unit") in r.framed_only and not m.group("q2") and not quota:
                continue  # 每两月, 一次: a frequency, not a quantity (至少…一次 is a standard)
            value = cn_value(m.group("num"))
            if value is None or self._background(ctx, m.start(), s_start) or not self._stated_goal(ctx, m.start(), s_start):
                continue
            out.append(self._make(ctx, m, str(value), m.group("unit"), m.group("q2"), s_start, s_end, section, RULE_CN))
        return out

    def _arabic(self, ctx: Context, m: re.Match[str], s_start: int, s_end: int, section: str) -> Target | None:
        r, text = rules(), ctx.text
        num, unit = re.sub(r"\s+", "", m.group("num")), m.group("unit")
        qualifier = m.group("q2") or m.group("q1")
        after = text[m.end():m.end() + 2]
        if re.fullmatch(r"(?:19|20)\d\d", num) and unit in ("年",):
            return None  # a year
        if unit in ("年", "月") and re.match(r"[\d底末初前后内]|以来|来", after):
            return None  # a date or a duration reaching back
        if unit == "月" or after.startswith("日"):
            return None
        if unit in r.framed_only and not m.group("q2") and not _quota(ctx, m.start(), s_start):
            return None
        if re.match(r"\d", after) or (m.start() > 0 and text[m.start() - 1] in "第"):
            return None
        if self._background(ctx, m.start(), s_start) or not self._stated_goal(ctx, m.start(), s_start):
            return None
        unit = unit.replace("％", "%")
        if unit in ("万", "亿"):
            unit = unit + _counted_unit(text, m.end())
        return self._make(ctx, m, num, unit, qualifier, s_start, s_end, section, RULE_ARABIC)

    def _background(self, ctx: Context, pos: int, s_start: int) -> bool:
        """Is the number in a sentence part that reports the past (截至…, 已经…, …以来, 下降到…)?

        Looks from the sentence start to the end of the number's clause: a cue anywhere before
        the number in its sentence (改革开放以来，…，使7亿…) or in its own clause counts."""
        r, text = rules(), ctx.text
        c_end = min([len(text)] + [i for i in (text.find(ch, pos) for ch in "，。；：") if i >= 0])
        end = min(c_end, pos + 16)
        if r.background.search(text, s_start, end):
            return True
        return bool(r.change.search(text, s_start, end)) and not r.forward.search(text, s_start, end)

    def _stated_goal(self, ctx: Context, pos: int, s_start: int) -> bool:
        """In speeches, news and commentary a figure is a target only next to a goal cue."""
        r = rules()
        if ctx.doc.work.kind not in r.strict_kinds:
            return True
        text = ctx.text
        c_end = min([len(text)] + [i for i in (text.find(ch, pos) for ch in "，。；：") if i >= 0])
        c_start = max(s_start, max(text.rfind(ch, s_start, pos) for ch in "，；：") + 1)
        if r.estimate_cues.search(text, c_start, pos):
            return False
        return bool(r.target_cues.search(text, s_start, c_end))

    def _make(self, ctx: Context, m: re.Match[str], value: str, unit: str, qualifier: str | None,
              s_start: int, s_end: int, section: str, rule: str) -> Target:
        r, text = rules(), ctx.text
        c_start = max(s_start, max(text.rfind(ch, s_start, m.start()) for ch in "，；：、") + 1)
        c_end = min([s_end] + [i for i in (text.find(ch, m.end(), s_end) for ch in "，。；：、") if i >= 0])
        indicator = _indicator(text, c_start, m.start(), m.end(), c_end)
        deadline = _nearest(r.deadline, text, s_start, s_end, m.start())
        # scope: a scope word in the number's own clause before it (确保每个贫困县建好1—2所), else the
        # issuer's territory; a scope word right after a number is what it counts, not its scope
        scope = _nearest(r.scopes, text, c_start, m.start(), m.start()) or _jurisdiction(ctx) or _nearest(
            r.scopes, text, s_start, s_end, m.start())
        q_start, q_end = min(c_start, m.start()), max(c_end, m.end())
        data = load("targets")
        conf = float(data["confidence"].get(rule, 0.8))
        if ctx.doc.work.kind in r.strict_kinds:
            conf -= float(data["strict_kind_penalty"])
        return Target(
            indicator=indicator,
            value=value,
            unit=unit,
            evidence=ctx.evidence(q_start, q_end, rule, section=section, confidence=round(conf, 2)),
            deadline=deadline,
            scope=scope,
            qualifier=qualifier,
            measure_concepts=concepts_for(text[c_start:c_end]),
        )


def _quota(ctx: Context, pos: int, s_start: int) -> bool:
    """A quota word (至少, 不超过, 不满…) earlier in the number's clause."""
    text = ctx.text
    c_start = max(s_start, max(text.rfind(ch, s_start, pos) for ch in "，；：") + 1)
    return bool(rules().quota.search(text, c_start, pos))


_JURISDICTION = re.compile(r"^(?:中共)?([\u4e00-\u9fff]{2,3}省|[\u4e00-\u9fff]{2,6}自治区|北京市|天津市|上海市|重庆市)")


def _jurisdiction(ctx: Context) -> str | None:
    """Scope by default: the issuer's territory (湖北省…实施意见 → 湖北省; 中共中央 国务院… → 全国)."""
    work = ctx.doc.work
    if work.kind not in ("decision", "guidance", "implementation"):
        return None
    m = _JURISDICTION.match(work.title)
    if m:
        return m.group(1)
    return "全国" if re.match(r"(?:中共中央|国务院|中央)", work.title) else None


def deadline_in(text: str, start: int, end: int) -> str | None:
    """The first deadline expression (到2020年, 2019年底, 攻坚期内…) in ``text[start:end]``."""
    m = rules().deadline.search(text, start, end)
    return m.group() if m else None


def _counted_unit(text: str, pos: int) -> str:
    """104.6万贫困人口 → 人; 40万个 is caught by the unit list already."""
    window = text[pos:pos + 8]
    if re.match(r"[^，。；]{0,4}?(?:人口|人|群众|劳动力)", window):
        return "人"
    if re.match(r"[^，。；]{0,4}?户", window):
        return "户"
    return ""


_LEAD = re.compile(r"^(?:确保|力争|实现|使|让|将|把|按照|按|每年|到\s*20\d\d\s*年底?|20\d\d\s*年底?前?|其中|全部|至少|有)+")
_TRAIL = re.compile(r"(?:提高到|提高至|达到|控制在|降至|降到|下降到|增加到|增加至|不低于|不少于|超过|为|在|到|的)+$")


def _indicator(text: str, c_start: int, n_start: int, n_end: int, c_end: int) -> str:
    """What is counted: the noun after the number (104.6万|贫困人口脱贫), else the clause before it
    without its cue words (确保…个人实际报销比例|提高到|90%)."""
    after = re.sub(r"\s+", "", text[n_end:c_end]).strip("的")
    before = re.sub(r"\s+", "", text[c_start:n_start])
    label = after if len(after) >= 2 else _TRAIL.sub("", _LEAD.sub("", before)) or before
    return label[:30]


def _nearest(pattern: re.Pattern[str], text: str, s_start: int, s_end: int, pos: int) -> str | None:
    best, best_d = None, None
    for m in pattern.finditer(text, s_start, s_end):
        d = pos - m.end() if m.end() <= pos else (m.start() - pos) * 2  # prefer before
        if d < 0:
            continue
        if best_d is None or d < best_d:
            best, best_d = m.group(), d
    return best
