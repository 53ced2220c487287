"""Sentence boundaries with character offsets.

Why these boundaries: Chinese policy sentences end with 。！？ and clauses that each carry a
responsibility are separated by ；, so both end a sentence (the contract of DESIGN.md). A closing
quote or bracket right after the punctuation stays with the sentence it closes, so a quote
``“……。”`` is never split from its last character. A line break always ends a sentence: headings
have no final punctuation.
"""

from __future__ import annotations

from collections.abc import Iterator

ENDERS = "。！？；!?;"
CLOSERS = "”’」』）)】"


def sentence_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Spans of the sentences in ``text[start:end]`` (one paragraph, no newline inside)."""
    i = start
    s = start
    while i < end:
        c = text[i]
        if c in ENDERS:
            j = i + 1
            while j < end and text[j] in CLOSERS:
                j += 1
            yield from _trimmed(text, s, j)
            s = i = j
            continue
        i += 1
    if s < end:
        yield from _trimmed(text, s, end)


def _trimmed(text: str, a: int, b: int) -> Iterator[tuple[int, int]]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if a < b:
        yield a, b
