"""Undo the hard line wrapping of OCR'd newspaper columns.

Why it is needed: an OCR copy breaks every ~15 characters, inside words and inside headings
("五、加强精准脱贫攻坚" / "行动支撑保障"), and sprinkles blank lines where columns or pages
break, so neither newlines nor blank lines mark paragraphs. What *does* survive is the column
width: a paragraph's last line is usually shorter than the column, and ends with sentence
punctuation; a heading starts with a numbering marker and its wrapped remainder is a short line
without punctuation. The rules below use only those signals, so they work for any column width
(measured per file as the most common line length).

Offsets are kept because lines are joined with :meth:`MText.join`, never re-typed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from ..numbering import doc_number_of, is_footer_line, is_issuer_line, is_meta_line, marker_at
from .clean import ends_sentence
from .mapped import MText


def column_width(lengths: Sequence[int]) -> int:
    """The typical (most common among the longer half) line length."""
    if not lengths:
        return 0
    counts = Counter(lengths)
    return max(counts, key=lambda n: (counts[n], n))


def is_hard_wrapped(lines: Sequence[str]) -> bool:
    """True when the text was broken at a fixed column (OCR columns, text pulled from a PDF).

    Two signals, either suffices: most lines are about the same short length and end mid-sentence
    (long texts); or, in short texts where short paragraphs dilute that, a quarter of the lines
    are exactly at one width and almost none of those full lines ends a sentence: a typed
    paragraph does not stop at the same length again and again, in mid-sentence.
    """
    nonblank = [x.rstrip() for x in lines if x.strip()]
    lens = sorted(len(x) for x in nonblank)
    if len(lens) < 8:
        return False
    if _full_lines_cut(nonblank):
        return True
    if len(lens) < 20:
        return False
    # wrapped lines mostly end mid-sentence; real paragraphs and headings do not
    if sum(1 for x in nonblank if ends_sentence(x)) > 0.4 * len(nonblank):
        return False
    median = lens[len(lens) // 2]
    if median > 60:  # newspaper columns (~15) and PDF/A4 text (~30-40) alike
        return False
    width = column_width(lens)
    near = sum(1 for n in lens if width - 3 <= n <= width + 1)
    return near >= 0.5 * len(lens)


def _full_lines_cut(lines: Sequence[str]) -> bool:
    counts = Counter(len(x) for x in lines if len(x) >= 12)
    if not counts:
        return False
    width = max(counts, key=lambda n: (counts[n], n))
    full = [x for x in lines if abs(len(x) - width) <= 1]
    cut = [x for x in full if not ends_sentence(x)]
    return len(full) >= 4 and len(full) >= 0.25 * len(lines) and len(cut) >= 0.8 * len(full)


def _is_heading_start(text: str) -> bool:
    m = marker_at(text)
    return m is not None and m.kind in ("chapter", "item", "zhang", "jie", "tiao") and "。" not in text[: max(0, len(text) - 1)]


def _whole_line(text: str) -> bool:
    """A line that is a unit of its own in any layout: 文号, date, 密级, footer (never wrapped)."""
    t = text.strip()
    return (
        doc_number_of(t) is not None or is_meta_line(t) or is_footer_line(t)
        or bool(_DATE.match(t)) or bool(_TOC_LINE.search(t))
    )


_TOC_LINE = re.compile(r"(?:…{2,}|\.{3,}|·{3,}|\t)\s*\d{1,4}$")  # a contents entry with its page


_TITLE_END = re.compile(r"的(?:通知|意见|实施意见|决定|办法|方案|规定|规划|条例|细则|报告|批复|讲话|纲要|要点)》?$")
_DATE = re.compile(r"^[（(]?\d{4}年\d{1,2}月\d{1,2}日[）)]?$|^\d{4}-\d{1,2}-\d{1,2}(?:\s+来源[：:].*)?$")


def reflow(lines: Sequence[MText]) -> list[MText]:
    """Physical lines (blank ones included) → logical lines (paragraphs and headings)."""
    nonblank: list[tuple[MText, bool]] = []  # (line, blank line before it)
    blank = False
    for ln in lines:
        if ln.text.strip():
            nonblank.append((ln, blank))
            blank = False
        else:
            blank = True
    width = column_width([len(x.text) for x, _ in nonblank])
    out: list[MText] = []
    cur: list[MText] = []
    in_heading = False
    heading_wrapped = False

    def flush() -> None:
        if cur:
            out.append(MText.join(cur))
            cur.clear()

    for k, (ln, blank_before) in enumerate(nonblank):
        t = ln.text
        if not cur:
            cur.append(ln)
            in_heading, heading_wrapped = _is_heading_start(t), False
            if len(t) > 1.5 * width:  # a title or an unwrapped line
                flush()
            continue
        prev = cur[-1].text
        nxt = nonblank[k + 1][0].text if k + 1 < len(nonblank) else ""
        if _is_heading_start(t) or len(t) > 1.5 * width or _whole_line(t) or _whole_line(prev):
            brk = True
        elif is_issuer_line(t) and _DATE.match(nxt.strip()):
            brk = True  # the signature: issuer line above the date
        elif marker_at(t) is not None and ends_sentence(prev):
            brk = True  # 1. / （1） / ① starting a line right after a full stop
        elif in_heading:
            # a heading's wrapped remainder is short and has no sentence punctuation
            short = len(t) <= 0.7 * width and not any(c in t for c in "。，；：")
            brk = heading_wrapped or not short
            heading_wrapped = True
        else:
            # a paragraph's inner lines fill the column: a clearly short line ended one (a title,
            # a heading, a signature), with or without final punctuation
            brk = (
                (ends_sentence(prev) and (len(prev) < width - 1 or blank_before))
                or len(prev) < 0.6 * width
                or (len(prev) < width - 1 and bool(_TITLE_END.search(prev)))  # a wrapped title's last line
            )
        if brk:
            flush()
            cur.append(ln)
            in_heading, heading_wrapped = _is_heading_start(t), False
            if len(t) > 1.5 * width:
                flush()
        else:
            cur.append(ln)
    flush()
    return out
