"""Text that remembers where every character came from.

Ingest rewrites text a lot: it drops Markdown markers, footnote lines and OCR line breaks, maps
half-width brackets to full-width ones, re-joins paragraphs broken at page ends and finally
stitches readings of several witnesses into one canonical text. Every quote the pipeline emits
must still point at the exact source characters, so each transformation works on a
:class:`MText`: a string plus *runs*, ``(text_pos, source_pos, origin)`` triples meaning "from
``text_pos`` on, characters are consecutive source characters starting at ``source_pos`` of
``origin``". Runs are cheap (one per contiguous stretch, not one per character), so a 50 MB
input costs a few runs per line, and lookups are a binary search.

Only 1:1 character substitutions are allowed in place (:meth:`MText.translate`); anything that
changes length is done by slicing and concatenating, which keeps the runs right by construction.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator

Run = tuple[int, int, str]  # (text_pos, source_pos, origin key)


class MText:
    """An immutable string with a source offset for every character."""

    __slots__ = ("runs", "text")

    def __init__(self, text: str, runs: list[Run]) -> None:
        self.text = text
        self.runs = runs

    @classmethod
    def source(cls, text: str, origin: str, start: int = 0) -> MText:
        return cls(text, [(0, start, origin)] if text else [])

    @classmethod
    def empty(cls) -> MText:
        return cls("", [])

    def __len__(self) -> int:
        return len(self.text)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"MText({self.text[:30]!r}…, {len(self.runs)} runs)"

    def _run_index(self, i: int) -> int:
        return bisect_right(self.runs, (i, float("inf"), "")) - 1  # type: ignore[arg-type]

    def at(self, i: int) -> tuple[str, int]:
        """(origin, source offset) of character ``i``."""
        if not 0 <= i < len(self.text):
            raise IndexError(i)
        r = self.runs[self._run_index(i)]
        return r[2], r[1] + (i - r[0])

    def __getitem__(self, key: slice) -> MText:
        start, stop, step = key.indices(len(self.text))
        if step != 1:
            raise ValueError("MText slices must be contiguous")
        if stop <= start:
            return MText.empty()
        k = self._run_index(start)
        runs: list[Run] = []
        r = self.runs[k]
        runs.append((0, r[1] + (start - r[0]), r[2]))
        for r in self.runs[k + 1 :]:
            if r[0] >= stop:
                break
            runs.append((r[0] - start, r[1], r[2]))
        return MText(self.text[start:stop], runs)

    def __add__(self, other: MText) -> MText:
        return MText.join([self, other])

    @staticmethod
    def join(parts: Iterable[MText]) -> MText:
        texts: list[str] = []
        runs: list[Run] = []
        pos = 0
        for p in parts:
            if not p.text:
                continue
            for t, s, o in p.runs:
                tp = t + pos
                if runs:
                    lt, ls, lo = runs[-1]
                    if lo == o and ls + (tp - lt) == s:
                        continue  # contiguous with the previous run
                runs.append((tp, s, o))
            texts.append(p.text)
            pos += len(p.text)
        return MText("".join(texts), runs)

    def translate(self, table: dict[int, int]) -> MText:
        """1:1 character substitution; offsets are unchanged."""
        return MText(self.text.translate(table), self.runs)

    def strip(self, chars: str | None = None) -> MText:
        t = self.text
        a = len(t) - len(t.lstrip(chars))
        b = len(t.rstrip(chars))
        if a == 0 and b == len(t):
            return self
        return self[a:b]

    def drop(self, spans: Iterable[tuple[int, int]]) -> MText:
        """Remove the given (non-overlapping, sorted) spans."""
        parts, pos = [], 0
        for a, b in spans:
            if a > pos:
                parts.append(self[pos:a])
            pos = max(pos, b)
        if pos == 0:
            return self
        parts.append(self[pos:])
        return MText.join(parts)

    def chunks(self) -> Iterator[tuple[int, int, str, int]]:
        """Contiguous stretches: (text_start, text_end, origin, source_start)."""
        for k, (t, s, o) in enumerate(self.runs):
            end = self.runs[k + 1][0] if k + 1 < len(self.runs) else len(self.text)
            yield t, end, o, s

    def separator(self, ch: str = "\n") -> MText:
        """A one-character separator mapped just after this text's last character."""
        if not self.text:
            return MText(ch, [(0, 0, "")])
        o, s = self.at(len(self.text) - 1)
        return MText(ch, [(0, s + 1, o)])
