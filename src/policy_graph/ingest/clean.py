"""Line-level cleaning on mapped text: what every copy needs before it can be compared.

Why per character and not NFKC: NFKC would also fold full-width brackets （） to ASCII and
change string lengths (ligatures, compatibility forms), breaking offsets and the project's
preference for full-width punctuation in Chinese text. Instead a fixed 1:1 table maps the
variants that copies actually disagree on (half-width brackets and commas in Chinese context,
full-width digits and Latin letters), so offsets never move; markers that must go (Markdown
``#``/``**``, page-continuation notes such as ``（上接第六版）``, footnote superscripts in
titles) are cut by slicing, which keeps the offset map exact.
"""

from __future__ import annotations

import re

from .mapped import MText

#: Always-safe 1:1 substitutions: full-width digits and Latin letters → ASCII.
_TABLE: dict[int, int] = {0xFF10 + d: ord("0") + d for d in range(10)}
_TABLE.update({0xFF21 + k: ord("A") + k for k in range(26)})
_TABLE.update({0xFF41 + k: ord("a") + k for k in range(26)})
#: Substituted only after a CJK character (so "1,000", "&amp;" and "a:b" stay as they are).
_CJK_CONTEXT = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}

SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
WHITESPACE = " \t\r\n\u3000\ufeff\xa0\u200b\ufffd"  # U+FFFD: a byte lost at a cut, never text
TERMINAL = "。！？；：…”’」』）!?;:"

_MD_PREFIX = re.compile(r"^(?:#{1,6}\s+|>\s+|[-*+]\s+(?=\S))")
_RULE = re.compile(r"^(?:[-=*_~—]\s*){3,}$")
#: Whitespace entities and tags left in text scraped from a web page (never policy text).
_HTML = re.compile(r"&(?:nbsp|emsp|ensp|thinsp|#12288|#160|#x3000);|</?(?:p|br|span|div|strong|b|font|td|tr)\b[^<>]{0,200}>", re.IGNORECASE)
_HTML_LEAD = re.compile(rf"^(?:\s|{_HTML.pattern})+", re.IGNORECASE)
_BOLD = re.compile(r"\*\*|__")
_PAGE_NOTE = re.compile(r"[（(](?:上接|下转|接|转)第?[一二三四五六七八九十\d]+版[）)]")
#: A bracketed note reference after Chinese text or punctuation: "覆盖面。[2]".
_NOTE_REF = re.compile(r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])\[\d{1,2}\]")
#: A wire-service dateline closing an article: （新华社北京8月19日电）.
_DATELINE = re.compile(r"[（(](?:新华社|中新社|人民日报)[^（）()]{0,24}电[）)]$")
#: Page numbers and running page footers: "- 3 -", "— 12 —", "第3页", "3/36".
_PAGE_NUMBER = re.compile(r"^(?:[-—–]\s*\d{1,4}\s*[-—–]|\d{1,4}|第\s*\d{1,4}\s*页(?:\s*共\s*\d+\s*页)?|\d{1,4}\s*/\s*\d{1,4})$")


def is_cjk(ch: str) -> bool:
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF


def normalise_chars(m: MText) -> MText:
    """Apply the 1:1 table and the context-dependent punctuation (length unchanged).

    Half-width brackets become full-width when the pair encloses or follows Chinese text
    ("(2015年11月29日)", "(十一)", "医院(含…)"), not in code or Latin text ("alert(1)").
    """
    t = m.text.translate(_TABLE)
    if not any(c in t for c in "(),:;?!"):
        return MText(t, m.runs)
    chars = list(t)
    for i, c in enumerate(chars):
        if c in _CJK_CONTEXT and i and is_cjk(chars[i - 1]) and chars[i - 1] not in "　":
            chars[i] = _CJK_CONTEXT[c]
    stack: list[int] = []
    for i, c in enumerate(chars):
        if c == "(":
            stack.append(i)
        elif c == ")" and stack:
            j = stack.pop()
            inner = chars[j + 1 : i]
            if any(is_cjk(x) for x in inner) or (j and is_cjk(chars[j - 1])):
                chars[j], chars[i] = "（", "）"
    return MText("".join(chars), m.runs)


def clean_line(line: MText) -> MText:
    """Strip a physical line: whitespace, Markdown markers, page notes; normalise characters."""
    line = line.strip(WHITESPACE)
    if not line.text or _RULE.match(line.text):
        return line[0:0]  # blank, or a Markdown / text rule (---, ***, ====) between parts
    lead = _HTML_LEAD.match(line.text)  # "&nbsp;&nbsp;一、…" / "<p>一、…": a scraped page's markup
    if lead:
        line = line[lead.end() :].strip(WHITESPACE)
        if not line.text:
            return line
    m = _MD_PREFIX.match(line.text)
    if m:
        line = line[m.end() :].strip(WHITESPACE)
    drops = [(x.start(), x.end()) for x in _BOLD.finditer(line.text)]
    drops += [(x.start(), x.end()) for x in _HTML.finditer(line.text)]
    drops += [(x.start(), x.end()) for x in _PAGE_NOTE.finditer(line.text)]
    drops += [(x.start(), x.end()) for x in _DATELINE.finditer(line.text)]
    drops += [(x.start(), x.end()) for x in _NOTE_REF.finditer(line.text)]
    if drops:
        line = line.drop(sorted(drops)).strip(WHITESPACE)
    return normalise_chars(line)


def is_page_note(text: str) -> bool:
    """A line that is only page furniture: a continuation note or a page number."""
    return bool(_PAGE_NOTE.fullmatch(text) or _PAGE_NUMBER.match(text))


def drop_marker_space(line: MText) -> MText:
    """``（十九） 加大`` → ``（十九）加大``: a space after a numbering marker is layout, not text."""
    m = re.match(r"^(（[一二三四五六七八九十百]+）|[一二三四五六七八九十]+、)[ \t\u3000]+", line.text)
    if not m:
        return line
    return line.drop([(len(m.group(1)), m.end())])


def strip_superscripts(line: MText) -> tuple[MText, str]:
    """Remove footnote markers (¹²³) from a line; returns the line and the markers removed."""
    spans = [(i, i + 1) for i, c in enumerate(line.text) if c in SUPERSCRIPTS]
    if not spans:
        return line, ""
    return line.drop(spans), "".join(line.text[a] for a, _ in spans)


def ends_sentence(text: str) -> bool:
    return bool(text) and text[-1] in TERMINAL
