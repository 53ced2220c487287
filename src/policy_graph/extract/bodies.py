"""Responsible bodies: recognise body mentions and resolve them to gazetteer entities.

Two jobs, kept apart:

* :class:`BodyGrammar` recognises a *list* of body mentions at a given place of a clause
  (``省委组织部、省委宣传部`` → two mentions; ``各级党委和政府`` → one). A mention is a short noun
  phrase ending in one of the genre's head nouns (``…厅/局/委/办/部门/企业/地区/党委和政府…``) or in a
  gazetteer name, containing no verb or function word that would show it is a clause. The caller
  decides where the list must end (exactly before a trigger such as ``要``, or before a verb).
* :func:`resolve` turns a surface string into a :class:`~policy_graph.model.BodyRef`: aliases
  resolve to one entity (省卫计委 = 省卫生计生委), unknown bodies get a level and kind from their
  prefix and head, branches get their parent (国开行湖北分行 → 国家开发银行).

Rule ids: ``pg.bodies.gazetteer.v2`` (resolved through the gazetteer) and
``pg.bodies.pattern.v2`` (recognised by the head-noun grammar only).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache

from ..model import BodyRef
from .reference import alternation, load

RULE_GAZETTEER = "pg.bodies.gazetteer.v2"
RULE_PATTERN = "pg.bodies.pattern.v2"

#: Longest mention we accept (characters); longer spans are clauses, not names.
MAX_MENTION = 26
#: Conjunctions that join bodies in a list, longest first.
CONJUNCTIONS = ("以及", "或者", "、", "和", "及", "或")  # 与 is mostly "with": 企业与贫困村开展结对
_OPEN, _CLOSE = "（(", "）)"
#: Category nouns after 等 that only say "organs": 审计、扶贫等部门 is one body, not 审计 + 扶贫.
_GENERIC_ORGANS = frozenset({"部门", "单位", "机关", "机构", "有关部门", "相关部门"})
_SHORT_LIST = re.compile(r"((?:[\u4e00-\u9fff]{1,4}、)+[\u4e00-\u9fff]{1,4})(?:以及|及|和)")


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    id: str
    label: str
    en: str | None
    level: str
    kind: str
    parent: str | None
    aliases: tuple[str, ...]
    region: str | None = None  # 湖北: relative names (省财政厅) mean this entry only in that province


@dataclass(frozen=True, slots=True)
class Mention:
    """A recognised body mention: ``text[start:end]``. ``beneficiary`` ones are never bearers."""

    start: int
    end: int
    surface: str
    beneficiary: bool = False


# --------------------------------------------------------------------------------------------
# gazetteer
# --------------------------------------------------------------------------------------------


@cache
def gazetteer() -> dict[str, GazetteerEntry]:
    """Every name (label or alias) → its entry. Loaded once."""
    data = load("bodies")
    names: dict[str, GazetteerEntry] = {}
    for raw in data["bodies"]:
        entry = GazetteerEntry(
            id=raw["id"],
            label=raw["label"],
            en=raw.get("en"),
            level=raw.get("level", "none"),
            kind=raw.get("kind", "other"),
            parent=raw.get("parent"),
            aliases=tuple(raw.get("aliases", ())),
            region=raw.get("region"),
        )
        for name in (entry.label, *entry.aliases):
            names[_compact(name)] = entry
    return names


@cache
def entries_by_id() -> dict[str, GazetteerEntry]:
    return {e.id: e for e in gazetteer().values()}


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("(", "（").replace(")", "）")


# --------------------------------------------------------------------------------------------
# grammar
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BodyGrammar:
    """The head-noun grammar of body mentions (built once from ``body_patterns.yaml``)."""

    heads: frozenset[str]
    head_lengths: tuple[int, ...]  # the lengths heads come in, longest first
    not_bodies: frozenset[str]
    org_heads: tuple[str, ...]
    bad_endings: tuple[str, ...]
    beneficiaries: tuple[str, ...]
    not_inside: re.Pattern[str]
    protected: re.Pattern[str]
    level_tokens: re.Pattern[str]
    names: re.Pattern[str]  # gazetteer names and long heads: triggers inside them are not triggers
    level_list: re.Pattern[str]  # 各市、州、县人民政府: level words sharing one head

    def name_spans(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """Where known names (省委组织部, 国务院扶贫开发领导小组…) stand in ``text[start:end]``."""
        return [(m.start(), m.end()) for m in self.names.finditer(text, start, end)]

    # ---- single mentions -----------------------------------------------------------------

    def ends_in_head(self, text: str, start: int, end: int) -> bool:
        return self.head_length(text, start, end) > 0

    def head_length(self, text: str, start: int, end: int) -> int:
        """Length of the longest head ending at ``end`` (0 when none)."""
        n = end - start
        for k in self.head_lengths:
            if k <= n and text[end - k : end] in self.heads:
                return k
        if n > 2 and text[end - 1] == "）":  # 部长（主任）, 党组（党委）: the head is before the bracket
            open_at = text.rfind("（", start, end)
            if open_at > start and self.head_length(text, start, open_at):
                return end - open_at
        return 0

    def is_beneficiary(self, surface: str) -> bool:
        return surface.endswith(self.beneficiaries)

    def valid(self, text: str, start: int, end: int, *, need_head: bool = True, bare_ok: bool = False) -> bool:
        """``text[start:end]`` may be one body mention (or a beneficiary, filtered later).

        ``bare_ok`` accepts a bare head (系统, 组织) — only as the category of an 等-list.
        Cheap tests first: most candidate spans fail the head test."""
        if end - start < 1 or end - start > MAX_MENTION:
            return False
        span = text[start:end]
        if need_head and not (self.ends_in_head(text, start, end) or self.is_beneficiary(span)):
            return False
        if (span in self.not_bodies and not bare_ok) or span[0] in "的之等和与及、" or span.count("（") != span.count("）"):
            return False
        if need_head and span.endswith(self.bad_endings) and span not in self.heads:
            return False
        if self.not_inside.search(span):
            return False
        # 工商联系统|组织民营企业…: after another head, 组织 is the verb
        return not (span.endswith("组织") and not span.endswith(self.org_heads) and self.ends_in_head(text, start, end - 2))

    # ---- lists ---------------------------------------------------------------------------

    def parse_list(self, text: str, start: int, limit: int, end_ok, *, longest: bool = False) -> list[Mention] | None:
        """Body mentions from ``start`` joined by 、/和/及…, ending where ``end_ok(pos)`` holds.

        Returns ``None`` when no reading of the span as a body list satisfies ``end_ok``.
        Shorter first items are tried first, so 贫困地区|培育… is read as a body and a verb; with
        ``longest`` (a permissive ``end_ok``) the longest reading wins: 主管部门|监管责任.
        """
        limit = min(limit, len(text))
        protected = self._protected_spans(text, start, limit)
        listed = self._deng_list(text, start, limit, end_ok, protected)
        if listed is not None:
            return listed
        return self._items(text, start, limit, end_ok, protected, depth=0, longest=longest, memo={})

    def _items(self, text, start, limit, end_ok, protected, depth, bare_ok=False, longest=False, memo=None):
        """Items from ``start``; ``memo`` remembers each start's answer, so backtracking over long
        lists (县、县、县…) stays linear instead of exponential."""
        if depth > 40 or start >= limit:
            return None
        if memo is not None and start in memo:
            return memo[start]
        found = self._items_uncached(text, start, limit, end_ok, protected, depth, bare_ok, longest, memo)
        if memo is not None:
            memo[start] = found
        return found

    def _items_uncached(self, text, start, limit, end_ok, protected, depth, bare_ok, longest, memo):
        shared = self.level_list.match(text, start, limit)
        if shared:  # 各市、州、县人民政府 is one body
            end = shared.end()
            for conj in CONJUNCTIONS:
                if text.startswith(conj, end):
                    rest = self._items(text, end + len(conj), limit, end_ok, protected, depth + 1, memo=memo)
                    if rest is not None:
                        return [self._mention(text, start, end), *rest]
            if end_ok(end):
                return [self._mention(text, start, end)]
        short = _SHORT_LIST.match(text, start, limit)
        if short:  # 供销、邮政及各类企业: short headless names listed before 及/和 and a full body
            parts = [(start + m.start(), start + m.end()) for m in re.finditer(r"[^、]+", short.group(1))]
            rest = self._items(text, short.end(), limit, end_ok, protected, depth + 1, memo=memo)
            if rest is not None and all(not self.not_inside.search(text[a:b]) for a, b in parts):
                return [*(self._mention(text, a, b) for a, b in parts), *rest]
        stop = min(limit, start + MAX_MENTION)
        for i in range(start + 1, stop + 1):
            if text[i - 1] in "，。；：！？\n":
                stop = i - 1
                break
        if longest:  # longest first, but a two-character head (部门) before a one-character one (部)
            strong = [e for e in range(stop, start, -1) if self.head_length(text, start, e) >= 2]
            ends = strong + [e for e in range(stop, start, -1) if e not in strong]
        else:
            ends = range(start + 1, stop + 1)
        for end in ends:
            if end < len(text) and text[end] in _OPEN:  # 省委财经办（省委农办）: the bracket belongs to the name
                continue
            if not self.valid(text, start, end, bare_ok=bare_ok):
                continue
            if longest and self._joins_two(text, start, end, protected):
                continue  # 到户帮扶干部和新型经营主体: two bodies, read as a list, not as one long name
            inside = any(a < end < b for a, b in protected)
            if not inside:
                for conj in CONJUNCTIONS:
                    if text.startswith(conj, end):
                        rest = self._items(text, end + len(conj), limit, end_ok, protected, depth + 1, memo=memo)
                        if rest is not None:
                            return [self._mention(text, start, end), *rest]
                        break
            if end_ok(end):
                return [self._mention(text, start, end)]
        return None

    def _joins_two(self, text: str, start: int, end: int, protected) -> bool:
        """``text[start:end]`` is two bodies joined by 和/及/、 (each side ending in a head)."""
        for conj in CONJUNCTIONS:
            k = text.find(conj, start + 1, end)
            while k > 0:
                if not any(a < k < b for a, b in protected) and self.ends_in_head(text, start, k) \
                        and self.ends_in_head(text, k + len(conj), end):
                    return True
                k = text.find(conj, k + 1, end)
        return False

    def _deng_list(self, text, start, limit, end_ok, protected):
        """``A、B等C``: the listed A, B are the bodies (or C when A, B are adjectives: 商业性、…等)."""
        window = text[start:limit]
        cut = re.match(r"[^，。；：！？\n等]{1,60}?等(?!级|方面|措施|问题|工作|领域|形式)", window)
        if not cut:
            return None
        deng = start + cut.end() - 1
        category = self._items(text, deng + 1, limit, end_ok, protected, depth=0, bare_ok=True)
        if category is None and end_ok(deng + 1):
            category = []  # 鼓励国家机关、社会组织等组建…: no category noun after 等
        if category is None or len(category) > 1:
            return None
        parts: list[Mention] = []
        pos = start
        for m in re.finditer(r"、|和|及", text[start:deng]):
            cut_at = start + m.start()
            if any(a < cut_at < b for a, b in protected):
                continue
            parts.append(self._mention(text, pos, cut_at))
            pos = start + m.end()
        parts.append(self._mention(text, pos, deng))
        if any(not self.valid(text, p.start, p.end, need_head=False) or len(p.surface) > 14 for p in parts):
            return None
        if not category and not all(self.ends_in_head(text, p.start, p.end) for p in parts):
            return None
        if category and category[0].surface in _GENERIC_ORGANS and not self.ends_in_head(text, parts[-1].start, parts[-1].end):
            # 审计、扶贫等部门: the listed words name the departments' fields; one body, as written
            # (纪检监察机关和审计、扶贫等部门: the bodies before the headless run stay on their own)
            k = len(parts)
            while k > 0 and not self.ends_in_head(text, parts[k - 1].start, parts[k - 1].end):
                k -= 1
            return [*parts[:k], self._mention(text, parts[k].start, category[0].end)]
        if category and all(p.surface.endswith(("性", "的", "类", "型")) for p in parts):
            c = category[0]
            return [self._mention(text, c.start, c.end)]
        return parts

    def _mention(self, text: str, start: int, end: int) -> Mention:
        surface = text[start:end]
        return Mention(start, end, surface, self.is_beneficiary(surface))

    def _protected_spans(self, text: str, start: int, limit: int) -> list[tuple[int, int]]:
        spans = [(m.start(), m.end()) for m in self.protected.finditer(text, max(0, start - 8), limit)]
        depth, open_at = 0, 0
        for i in range(start, limit):
            ch = text[i]
            if ch in _OPEN:
                if depth == 0:
                    open_at = i
                depth += 1
            elif ch in _CLOSE and depth:
                depth -= 1
                if depth == 0:
                    spans.append((open_at, i + 1))
        return spans

    def split_levels(self, mention: Mention) -> list[Mention]:
        """市（地）县 → 市（地） + 县; 市县 → 市 + 县 (adjacent level words naming several levels);
        各地区各部门 → 各地区 + 各部门 (two 各-phrases written without a comma)."""
        s = mention.surface
        k = s.find("各", 1)
        if s.startswith("各") and k > 1 and s[k - 1] != "（" and self.ends_in_head(s, 0, k) and self.ends_in_head(s, k, len(s)):
            return [Mention(mention.start, mention.start + k, s[:k]), Mention(mention.start + k, mention.end, s[k:])]
        parts = []
        pos = 0
        while pos < len(s):
            m = self.level_tokens.match(s, pos)
            if not m:
                return [mention]
            parts.append(Mention(mention.start + pos, mention.start + m.end(), m.group()))
            pos = m.end()
        return parts if len(parts) > 1 else [mention]


@cache
def grammar() -> BodyGrammar:
    pat = load("body_patterns")
    names = list(gazetteer())
    heads = frozenset([*pat["heads"], *names])
    protected_words = [*pat["fixed_pairs"], *(n for n in names if re.search("[、和]", n))]
    not_inside = "|".join(sorted(pat["not_inside"], key=len, reverse=True))  # regex fragments
    return BodyGrammar(
        heads=heads,
        head_lengths=tuple(sorted({len(h) for h in heads}, reverse=True)),
        not_bodies=frozenset(pat["not_bodies"]),
        bad_endings=tuple(pat["bad_endings"]),
        org_heads=tuple(h for h in heads if h.endswith("组织") and len(h) > 2),
        beneficiaries=tuple(sorted(pat["beneficiaries"], key=len, reverse=True)),
        not_inside=re.compile(not_inside),
        protected=re.compile(alternation(protected_words)),
        level_tokens=re.compile(alternation(pat["level_tokens"])),
        level_list=re.compile(pat["level_list"]),
        names=re.compile(alternation([n for n in heads if len(n) >= 3])),
    )


# --------------------------------------------------------------------------------------------
# resolution
# --------------------------------------------------------------------------------------------


def qualifiers() -> tuple[str, ...]:
    """Leading qualifiers that are not part of a body's name (有条件的), longest first."""
    return tuple(sorted(load("body_patterns")["qualifiers"], key=len, reverse=True))


_qualifiers = qualifiers


def normalise(surface: str) -> str:
    """The label of an unknown body: whitespace removed, leading qualifiers (有条件的) dropped."""
    label = _compact(surface)
    for q in _qualifiers():
        if label.startswith(q) and len(label) > len(q) + 1:
            label = label[len(q) :]
    return label


def _level(label: str) -> str:
    pat = load("body_patterns")
    for prefix, level in pat["level_prefixes"]:
        if label.startswith(prefix):
            return level
    for suffix, level in pat["level_suffixes"]:
        if label.endswith(suffix):
            return level
    return "none"


def _kind(label: str) -> str:
    for suffix, kind in load("body_patterns")["kind_suffixes"]:
        if label.endswith(suffix):
            return kind
    return "other"


#: Names relative to the province of the document (省财政厅 is the issuing province's department).
_RELATIVE = ("省", "团省委")


@cache
def resolve(surface: str, region: str | None = None) -> BodyRef:
    """Resolve a surface string to a :class:`BodyRef` (gazetteer entity, or a new ``x-…`` key).

    ``region`` is the province of the document (湖北), when known: a relative name (省财政厅) of
    another province's gazetteer entry is then resolved by pattern, not to that entry."""
    compact = _compact(surface)
    label = normalise(surface)
    names = gazetteer()
    entry = names.get(compact) or names.get(label)
    if entry is not None and entry.region and region and region != entry.region and label.startswith(_RELATIVE):
        entry = None
    if entry is not None:
        return BodyRef(
            key=entry.id,
            label=entry.label,
            surface=surface,
            level=entry.level,
            kind=entry.kind,
            parent=entry.parent,
            aliases=entry.aliases,
            label_en=entry.en,
            known=True,
        )
    parent = _branch_parent(label)
    level = _level(label)
    if parent and level == "none":
        level = "provincial"  # a bank's branch is named after its province (湖北分行)
    digest = hashlib.sha1(label.encode("utf-8")).hexdigest()[:10]
    return BodyRef(
        key=f"x-{digest}",
        label=label,
        surface=surface,
        level=level,
        kind=_kind(label),
        parent=parent,
        label_en=english_label(label),
        known=False,
    )


@cache
def _english_parts() -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...], dict[str, str]]:
    en = load("body_patterns")["english"]
    by_len = lambda d: tuple(sorted(d.items(), key=lambda kv: -len(kv[0])))
    return by_len(en["prefixes"]), by_len(en["heads"]), dict(en["fields"])


def english_label(label: str) -> str | None:
    """省教育厅 → "Provincial Department of Education": level prefix + head + field, all from
    ``body_patterns.yaml``; None when any part is unknown (no guessing)."""
    prefixes, heads, fields = _english_parts()
    prefix = next(((zh, en) for zh, en in prefixes if label.startswith(zh)), None)
    head = next(((zh, en) for zh, en in heads if label.endswith(zh)), None)
    if prefix is None or head is None:
        return None
    field = fields.get(label[len(prefix[0]):len(label) - len(head[0])])
    return f"{prefix[1]} {head[1]} {field}" if field else None


def _branch_parent(label: str) -> str | None:
    """国开行XX分行 / 中国人民银行XX分行 → the bank's gazetteer id (longest known bank prefix)."""
    if not label.endswith("分行"):
        return None
    names = gazetteer()
    for k in range(len(label) - 3, 1, -1):
        entry = names.get(label[:k])
        if entry is not None and entry.kind == "financial" and 2 <= len(label) - k - 2 <= 5:
            return entry.id
    return None


def rule_for(body: BodyRef) -> str:
    return RULE_GAZETTEER if body.known else RULE_PATTERN
