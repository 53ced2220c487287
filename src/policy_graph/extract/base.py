"""What every extractor shares: the Extractor protocol, a per-work context and Evidence minting.

An extractor is a small object with a versioned ``name``, what it ``requires`` from the segment
stage and what it ``produces``, and ``__call__(ctx) -> list[fact]``. They are pure: they read the
:class:`Context` (built once per work) and return model dataclasses.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..model import Evidence, Section, SegmentedWork

#: Characters that end a clause inside a sentence (the enumeration comma 、 does not).
CLAUSE_END = "，。；：！？!?;:\n"
_CLAUSE_RE = re.compile(r"[^，。；：！？!?;:\n]+")
_REGION = re.compile(r"^(?:中共)?(?!关于)([\u4e00-\u9fff]{2,3}?)(?:省|壮族自治区|回族自治区|维吾尔自治区|自治区)")


class Extractor(Protocol):
    name: str
    requires: tuple[str, ...]
    produces: tuple[str, ...]

    def __call__(self, ctx: Context) -> list[Any]: ...


@dataclass
class Context:
    """One segmented work plus the lookups every extractor needs (built once, read-only)."""

    doc: SegmentedWork
    _starts: list[int] = field(default_factory=list)
    _by_id: dict[str, Section] = field(default_factory=dict)
    _sections: list[Section] = field(default_factory=list)
    _section_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._starts = [s.start for s in self.doc.sentences]
        self._by_id = {s.id: s for s in self.doc.sections}
        self._sections = sorted(self.doc.sections, key=lambda s: (s.start, -s.end))
        self._section_starts = [s.start for s in self._sections]

    @property
    def text(self) -> str:
        return self.doc.work.text

    @property
    def work_id(self) -> str:
        return self.doc.work.id

    @property
    def region(self) -> str | None:
        """The province a work is issued in, from its title (湖北省…实施意见 → 湖北); None if unknown."""
        m = _REGION.match(self.doc.work.title)
        return m.group(1) if m else None

    def sentences(self) -> Iterator[tuple[int, int, str]]:
        """(start, end, section id) of every sentence, in text order."""
        for s in self.doc.sentences:
            yield s.start, s.end, s.section

    def clauses(self, start: int, end: int) -> Iterator[tuple[int, int]]:
        """Clause spans of ``text[start:end]``, split at ，；：。 (not at 、)."""
        for m in _CLAUSE_RE.finditer(self.text, start, end):
            yield m.start(), m.end()

    def section_at(self, pos: int) -> str:
        """Id of the smallest section (via the sentence) containing ``pos``."""
        i = bisect.bisect_right(self._starts, pos) - 1
        if i >= 0:
            s = self.doc.sentences[i]
            if s.start <= pos < max(s.end, s.start + 1):
                return s.section
        # sections nest: walking back from the last one starting at or before pos, the first that
        # still contains pos is the smallest
        j = bisect.bisect_right(self._section_starts, pos) - 1
        while j >= 0:
            sec = self._sections[j]
            if sec.start <= pos < sec.end:
                return sec.id
            j -= 1
        return "preamble"

    def section(self, section_id: str) -> Section | None:
        return self._by_id.get(section_id)

    def measure_section(self, section_id: str) -> Section | None:
        """The nearest enclosing numbered measure (item/article with a title) of a section."""
        sec = self._by_id.get(section_id)
        seen = 0
        while sec is not None and seen < 12:
            if sec.title and sec.kind in ("item", "article"):
                return sec
            sec = self._by_id.get(sec.parent) if sec.parent else None
            seen += 1
        sec = self._by_id.get(section_id)
        while sec is not None and seen < 24:
            if sec.title:
                return sec
            sec = self._by_id.get(sec.parent) if sec.parent else None
            seen += 1
        return None

    def measure_label(self, section_id: str) -> str | None:
        sec = self.measure_section(section_id)
        return clean_title(sec.title) if sec and sec.title else None

    def evidence(self, start: int, end: int, rule: str, *, section: str | None = None,
                 confidence: float = 1.0) -> Evidence:
        """Evidence whose quote is exactly ``text[start:end]`` (the contract of model.Evidence)."""
        return Evidence(
            work=self.work_id,
            section=section if section is not None else self.section_at(start),
            start=start,
            end=end,
            quote=self.text[start:end],
            rule=rule,
            confidence=confidence,
        )


def clean_title(title: str) -> str:
    """Item titles lose their trailing full stop: 聚焦健康扶贫。 → 聚焦健康扶贫."""
    return re.sub(r"\s+", "", title).rstrip("。．.；;：:")


def clause_end(text: str, pos: int, *, limit: int = 60, stop: str = "，。；！？\n") -> int:
    """End of the clause that starts at ``pos`` (at most ``limit`` characters)."""
    end = min(len(text), pos + limit)
    for i in range(pos, end):
        if text[i] in stop:
            return i
    return end
