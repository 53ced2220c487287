"""One source file → the documents in it ("pieces"), each with its metadata.

Why a piece is found where it is: compilations mark documents in several ways, none of them
reliable alone, so several independent signals open a new piece:

* a separator line ``第二篇：…`` (dropped; its title is used when the next line is not a title);
* a title-like line followed by a date line ``（2015年11月29日）`` / ``2018年10月22日`` /
  ``2024-12-08 来源：…`` — how official documents, speeches and news items start;
* a line matching a title from the file's own table of contents (``目 录``);
* an official title (``关于…的实施意见``) followed by an addressee line ending in ``：``, or any
  title followed by its document number (``国办发〔2016〕64号``); a title may take two lines
  (the issuer above ``关于…的通知``, or a long title wrapped);
* a short title followed by an abstract line (``文章摘要：`` / ``【摘要】``);
* inside a numbered document (chapters 一、二、…), a short unnumbered line with no punctuation
  that is not a signature: numbered documents have no unnumbered headings, so it starts the
  next, unrelated piece (a commentary printed after the decision it discusses).

Lines that are never a title are skipped when looking for one: 密级 / 紧急程度, 文号, 公开方式 and
other index fields, a bare ``附件``, a site header (``中华人民共和国中央人民政府``, ``www…``), an
addressee line ending in ``：``. Under a title, the head takes the date (also ``二〇一九年三月五日``,
``发布时间：…``, ``（…会议通过）``), 文号, subtitle ``——在…的讲话`` and speaker byline; at the end,
the signature may name several issuers, and lines after it (``（此件公开发布）``, 抄送, 打印本页)
are notes. A table of contents of one document's own chapters is dropped without losing its title.

Within a piece, footnote lines (``¹ …``) and page notes are removed and kept as metadata, and a
paragraph that a page break cut in two (no sentence-final punctuation, the next paragraph not a
heading) is joined again, so paragraph counts (``p5``…) do not depend on the page layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from ..numbering import (
    DATE_LINE,
    DOC_NUMBER_RE,
    ITEM_ANYWHERE_RE,
    SOURCE_LINE,
    cn_date,
    cn_to_int,
    doc_number_of,
    enacted_date,
    info_date,
    is_byline,
    is_footer_line,
    is_issuer_line,
    is_meta_line,
    is_page_header,
    marker_at,
)
from .clean import (
    SUPERSCRIPTS,
    clean_line,
    drop_marker_space,
    ends_sentence,
    is_page_note,
    strip_superscripts,
)
from .mapped import MText
from .reflow import is_hard_wrapped, reflow

_SEPARATOR = re.compile(r"^第[一二三四五六七八九十]+篇[：:]\s*(.*)$")
_TOC_HEAD = re.compile(r"^目\s*录$")
_TOC_ENTRY = re.compile(r"^(?:(\d{1,3})[.．、]\s*)?(.+?)(?:\t+|\s*[.…·．]{2,}\s*|\s+)(\d{1,4})$")
_OFFICIAL = re.compile(
    r"关于.{2,60}的(?:若干|暂行|试行|补充|实施)?"
    r"(?:决定|意见|实施意见|指导意见|通知|办法|方案|规定|规划|报告|细则|规则|条例|批复|通告|公告|函|纲要|计划|要点)"
    r"(?:（[^（）]{1,12}）)?$"
)
#: The name of an official text without 关于: 湖南省健康扶贫工程实施方案, 湖北省农村扶贫条例.
_NAMED_TEXT = re.compile(r"(?:实施方案|工作方案|行动计划|实施意见|实施细则|管理办法|暂行办法|条例|规划|工作要点)(?:（[^（）]{1,12}）)?$")
#: A subtitle under a title: ——在全州脱贫攻坚工作会议上的讲话.
_SIGNATURE_LINE = re.compile(r"^(\S.{1,40}?)[\s　]+(\d{4}年\d{1,2}月\d{1,2}日)$")
_PUNCT_ONLY = re.compile(r"^[。！？；，、”’」』）!?;]{1,3}$")
_SUBTITLE = re.compile(r"^[—–-]{1,2}\s*\S.{1,78}$")
_ABSTRACT = re.compile(r"^(?:文章摘要|【摘要】|摘要[：:])")
_FULLTEXT_PREFIX = re.compile(r"^\S{0,6}全文[\s：:]+(?=\S)")
_FOOTNOTE = re.compile(rf"^[{SUPERSCRIPTS}]+\s*\S")
_ISSUER_LINE = re.compile(r"(?:委员会|领导小组|小组|政府|办公厅|办公室|部|委|局|厅|中央|国务院|组织部)$")


@dataclass
class Piece:
    """One copy of one document inside one source file (becomes a Witness)."""

    source: str
    index: int  # 1-based position in the source
    title: str
    head: list[MText]  # title / date / source lines, in text order
    body: list[MText]  # paragraphs and headings
    tail: list[MText] = field(default_factory=list)  # signature lines (issuer, date)
    date: str | None = None
    source_line: str | None = None  # 来源：…
    footnotes: list[str] = field(default_factory=list)
    char_start: int = 0
    char_end: int = 0
    from_separator: bool = False
    repairs: list[str] = field(default_factory=list)  # structural repairs made, for the flags
    doc_number: str | None = None  # the piece's own 文号 line (国办发〔2016〕64号)
    subtitle: str | None = None  # ——在…会议上的讲话


def parse_date(text: str) -> str | None:
    m = DATE_LINE.match(text.strip())
    if not m:
        return cn_date(text)
    y, mo, d = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), m.group(6))
    if not (1 <= int(mo) <= 12 and 1 <= int(d) <= 31):
        return None
    return f"{int(y):04d}-{int(mo):02d}-{int(d):02d}"


def doc_numbers(text: str) -> list[str]:
    return DOC_NUMBER_RE.findall(text)


def _title_like(text: str) -> bool:
    return (
        0 < len(text) <= (100 if _OFFICIAL.search(norm_title(text)) else 60)
        and "。" not in text
        and not text.endswith(("：", ":"))  # an addressee line (各省、自治区…：), never a title
        and parse_date(text) is None
        and not _FOOTNOTE.match(text)
        and not is_meta_line(text)
        and not is_footer_line(text)
        and (marker_at(text) is None or marker_at(text).kind == "part")  # type: ignore[union-attr]
    )


def norm_title(text: str) -> str:
    """Comparison key of a title: no spaces, quotes, brackets, footnote marks or "全文" prefix."""
    t = _FULLTEXT_PREFIX.sub("", text.strip())
    return re.sub(rf"[\s“”\"'‘’《》〈〉「」·\-—{SUPERSCRIPTS}]", "", t)


_LINE_BREAK = re.compile(r"\r\n?|\n|\u2028|\u2029")


def _physical_lines(text: str, origin: str) -> list[MText]:
    """Lines of the source, split at LF, CRLF and lone CR (old Mac files) alike."""
    out, pos = [], 0
    for m in _LINE_BREAK.finditer(text):
        out.append(MText.source(text[pos : m.start()], origin, pos))
        pos = m.end()
    out.append(MText.source(text[pos:], origin, pos))
    return out


def logical_lines(text: str, origin: str) -> list[MText]:
    """Cleaned, non-empty lines; hard-wrapped (OCR) files are reflowed into paragraphs first."""
    cleaned = [clean_line(x) for x in _physical_lines(text, origin)]
    cleaned = [x for x in cleaned if not is_page_note(x.text)]
    if is_hard_wrapped([x.text for x in cleaned]):
        cleaned = reflow(cleaned)
    return [drop_marker_space(x) for x in _close_brackets([x for x in cleaned if x.text])]


def _close_brackets(lines: list[MText]) -> list[MText]:
    """Join a line that opens a bracket it does not close to the short line that closes it.

    ``（2010年7月30日湖北省第十一届人民代表大会常务委员`` / ``会第十七次会议通过）``: a wrapped
    enactment note or date must be one line to be read as metadata.
    """
    out: list[MText] = []
    for ln in lines:
        if out:
            prev = out[-1].text
            if (
                prev.startswith("（") and prev.count("（") > prev.count("）")
                and ln.text.endswith("）") and ln.text.count("）") > ln.text.count("（")
                and len(prev) + len(ln.text) <= 120 and "。" not in prev
            ):
                out[-1] = MText.join([out[-1], ln])
                continue
        out.append(ln)
    return out


def _drop_toc(lines: list[MText]) -> tuple[list[MText], list[str]]:
    """Remove a table of contents and the cover before it; return its titles."""
    for i, ln in enumerate(lines[:60]):
        if _TOC_HEAD.match(ln.text):
            titles, j = [], i + 1
            while j < len(lines) and (m := _TOC_ENTRY.match(lines[j].text)):
                titles.append(m.group(2))
                j += 1
            if titles and sum(marker_at(t) is not None for t in titles) * 2 >= len(titles):
                return lines[:i] + lines[j:], []  # one document's own chapters: keep its title
            if titles:
                return lines[j:], titles
    return lines, []


def _toc_key(text: str) -> str:
    return norm_title(re.sub(r"[\s.…·．]*\d{0,4}$", "", text))


def _drop_inner_toc(lines: list[MText]) -> list[MText]:
    """Remove a table of contents inside a document (``目录`` + headings that the body repeats).

    A plan printed after its notice lists ``第一章…第一节…`` without page numbers; kept, those
    lines would open every unit twice. The list ends where its first entry comes again.
    """
    out = lines
    k = 0
    while k < len(out):
        if not _TOC_HEAD.match(out[k].text.replace("\u3000", " ")) or k + 1 >= len(out):
            k += 1
            continue
        first = _toc_key(out[k + 1].text)
        r = k + 2
        while r < len(out) and r - k <= 400 and len(out[r].text) <= 60 and "。" not in out[r].text:
            if _toc_key(out[r].text) == first:
                break
            r += 1
        if r < len(out) and first and _toc_key(out[r].text) == first:
            out = out[:k] + out[r:]
        k += 1
    return out


def _is_signature(lines: list[MText], i: int) -> bool:
    """An issuer line followed by a date line (or by more issuer lines, then the date: a joint
    signature) at the very end of a piece."""
    t = lines[i].text
    if parse_date(t):
        return True
    nxt = lines[i + 1].text if i + 1 < len(lines) else ""
    if bool(_ISSUER_LINE.search(t)) and len(t) <= 30 and parse_date(nxt) is not None:
        return True
    k = i
    while k < len(lines) and k - i < 6 and is_issuer_line(lines[k].text):
        k += 1
    return k > i + 1 and k < len(lines) and parse_date(lines[k].text) is not None


def _starts(lines: list[MText], toc: list[str]) -> list[tuple[int, str | None, bool]]:
    """Indices where a piece starts, with a title override (from a separator) and a flag."""
    toc_keys = {norm_title(t) for t in toc}
    starts: list[tuple[int, str | None, bool]] = []
    chapters = 0
    i = 0
    n = len(lines)
    lead = _lead(lines)
    while i < n:
        t = lines[i].text
        nxt = lines[i + 1].text if i + 1 < n else ""
        sep = _SEPARATOR.match(t)
        if sep:
            title = re.sub(r"[-—\s]*\d{4}-\d{1,2}-\d{1,2}$", "", sep.group(1).strip())
            same = i + 1 < n and norm_title(nxt) == norm_title(title)
            starts.append((i + 1, None if same else title, True))
            chapters = 0
            i += 1
            continue
        start = _title_like(t) and (i == lead or _opens_piece(lines, i, toc_keys, chapters))
        if start and starts and not starts[-1][2] and _byline_at(lines, i, starts[-1][0]):
            start = False  # 市委书记　李建华 between a speech title and its date
        if start and starts and starts[-1][0] == i - 1 and norm_title(lines[i - 1].text) == norm_title(t):
            start = False  # the title printed twice
        if start and not (starts and starts[-1][0] == i):
            if i > 0 and _title_lines(lines, i - 1) == 2 and not (starts and starts[-1][0] >= i - 1):
                i -= 1  # the issuer printed on the line above: 湖南省人民政府办公厅 / 关于…的通知
            starts.append((i, None, False))
            chapters = 0
            i += _title_lines(lines, i)
            continue
        else:
            m = marker_at(t)
            if m is not None and m.kind == "chapter":
                chapters += 1
        i += 1
    return starts


def _lead(lines: list[MText]) -> int:
    """Index of the first line that can be a title: after 密级, 文号 and site headers."""
    n = len(lines)
    lead = 0
    while lead < n:
        if is_meta_line(lines[lead].text):
            lead += 1
            continue
        nxt = next((k for k in range(lead + 1, min(n, lead + 6)) if not is_meta_line(lines[k].text)), None)
        if (
            nxt is not None
            and (is_page_header(lines[lead].text) or norm_title(lines[nxt].text).startswith(norm_title(lines[lead].text)))
            and _title_lines(lines, lead) == 1
            and not parse_date(lines[nxt].text) and _title_like(lines[nxt].text)
            and len(lines[nxt].text) > len(lines[lead].text)
        ):
            lead = nxt  # 中华人民共和国中央人民政府 / www.gov.cn / the title
            continue
        break
    return lead


def _byline_at(lines: list[MText], i: int, title_at: int) -> bool:
    """Is line ``i`` a speaker byline in the head of the piece whose title is at ``title_at``?"""
    if not is_byline(lines[i].text) or not 0 < i - title_at <= 3:
        return False
    around = [lines[k].text for k in (i - 1, i + 1) if 0 <= k < len(lines)]
    return any(parse_date(x) for x in around) or (i - title_at == 1 and _title_lines(lines, title_at) == 1)


def _title_lines(lines: list[MText], i: int) -> int:
    """How many lines the title at ``i`` takes: 2 when an issuer line sits above ``关于…的通知``
    or a long official title wraps onto a short second line, else 1."""
    t = lines[i].text
    nxt = lines[i + 1].text if i + 1 < len(lines) else ""
    if not nxt or parse_date(nxt) or marker_at(nxt) is not None or len(nxt) > 60 or "。" in nxt:
        return 1
    if is_issuer_line(t) and nxt.startswith("关于") and _OFFICIAL.search(norm_title(nxt)):
        return 2
    if (
        "关于" in t and not _OFFICIAL.search(norm_title(t)) and len(nxt) <= 30
        and not any(c in nxt for c in "，；：") and _OFFICIAL.search(norm_title(t + nxt))
    ):
        return 2
    if (
        len(nxt) <= 12 and not _NAMED_TEXT.search(norm_title(t)) and _NAMED_TEXT.search(norm_title(t + nxt))
        and not any(c in t + nxt for c in "，；：。") and marker_at(t) is None
    ):
        return 2  # 湖南省健康扶贫工程 / 实施方案
    return 1


def _opens_piece(lines: list[MText], i: int, toc_keys: set[str], chapters: int) -> bool:
    """Does the title-like line ``i`` start a new piece? (The signals of the module docstring.)"""
    t = lines[i].text
    nxt = lines[i + 1].text if i + 1 < len(lines) else ""
    key = norm_title(t)
    if parse_date(nxt):
        # title + date opens a piece, unless it is a signature (issuer + date) closing one
        return not (_ISSUER_LINE.search(t) and "关于" not in t)
    if toc_keys and key in toc_keys:
        return True
    if _OFFICIAL.search(key) and nxt.endswith("：") and len(nxt) <= 80:
        return True  # an official title, then its addressees
    if doc_number_of(nxt) and not _ISSUER_LINE.search(t):
        return True  # a title, then its 文号 (国办发〔2016〕64号)
    if _title_lines(lines, i) == 2 and i + 2 < len(lines) and (
        parse_date(lines[i + 2].text) or doc_number_of(lines[i + 2].text) or lines[i + 2].text.endswith("：")
    ):
        return True  # a title printed on two lines, then its date, 文号 or addressees
    if _ABSTRACT.match(nxt):
        return True
    # an unnumbered heading after a numbered document's chapters: the next, unrelated piece
    if chapters >= 2 and (_OFFICIAL.search(key) or _NAMED_TEXT.search(key)) and not any(c in t for c in "，。；"):
        return True  # the next official text of a compilation (its title, whatever its length)
    return (
        chapters >= 2
        and len(t) <= 30
        and not any(c in t for c in "，。：；、")
        and not _is_signature(lines, i)
        and not (i + 1 < len(lines) and _is_signature(lines, i + 1) and i + 2 >= len(lines))
    )


def _substantial(lines: list[MText]) -> bool:
    """Is this more than a cover page (a few short lines)? Then it must not be dropped."""
    return sum(len(x.text) for x in lines if "。" in x.text) >= 20


def _rejoin(paras: list[MText]) -> list[MText]:
    """Join paragraphs a page break cut in two (first has no final punctuation, next no marker)."""
    out: list[MText] = []
    for p in paras:
        if out:
            prev = out[-1].text
            if _PUNCT_ONLY.match(p.text) and not ends_sentence(prev):
                out[-1] = MText.join([out[-1], p])  # "。" wrapped onto a line of its own
                continue
            pm = marker_at(prev)
            if (
                len(p.text) <= 10 and ends_sentence(p.text) and marker_at(p.text) is None
                and len(prev) >= 15 and not ends_sentence(prev)
                and (pm is None or pm.kind in ("tiao", "subitem", "paren", "circled"))
            ):
                out[-1] = MText.join([out[-1], p])  # "…及其相关" / "活动。": a wrapped sentence's tail
                continue
            if (
                not ends_sentence(prev)
                and any(c in prev for c in "，。；")
                and len(prev) > 10
                and marker_at(p.text) is None
                and not (len(p.text) <= 30 and not any(c in p.text for c in "，。；"))
            ):
                out[-1] = MText.join([out[-1], p])
                continue
        out.append(p)
    return out


def _unglue(paras: list[MText], repairs: list[str]) -> list[MText]:
    """Split a paragraph where a lost line break glued the next numbered unit onto it.

    ``七、…动力（二十五）创新…``: a chapter heading with an item marker before any 。;
    ``（十五）…覆盖面。（十六）加快…``: an item followed, after a full stop, by the next number.
    """
    out: list[MText] = []
    for p in paras:
        while True:
            m = marker_at(p.text)
            cut = None
            if m is not None and m.kind in ("chapter", "item"):
                for x in ITEM_ANYWHERE_RE.finditer(p.text, m.end):
                    n = cn_to_int(x.group(1))
                    before = p.text[: x.start()].rstrip()
                    glued_heading = m.kind == "chapter" and "。" not in before and x.start() > m.end
                    next_item = m.kind == "item" and n == m.number + 1 and before.endswith(("。", "；"))
                    if glued_heading or next_item:
                        cut = x.start()
                        break
            if cut is None:
                out.append(p)
                break
            head, p = p[:cut].strip(), p[cut:]
            repairs.append(f"{p.text[: p.text.index('）') + 1]} was run into the paragraph before it")
            out.append(head)
    return out


def _title_from_name(origin: str) -> str:
    """A file's name as the title of its untitled text: ``03_关于…的通知.txt`` → ``关于…的通知``."""
    stem = origin.rsplit(".", 1)[0]
    rest = re.sub(r"^\d{1,4}[_\-.\s]+", "", stem)
    return rest if re.search(r"[\u4e00-\u9fff]", rest) else stem


def split_source(text: str, origin: str) -> list[Piece]:
    """All pieces of one decoded source text, in order."""
    lines = logical_lines(text, origin)
    lines, toc = _drop_toc(lines)
    lines = _drop_inner_toc(lines)
    pieces: list[Piece] = []
    starts = _starts(lines, toc)
    first = starts[0][0] - (1 if starts[0][2] else 0) if starts else len(lines)
    if _substantial(lines[:first]) or (not starts and any("。" in x.text for x in lines)):
        # running text before any recognisable title: an untitled piece, named after the file
        starts.insert(0, (0, _title_from_name(origin), False))
    for k, (s, title_override, from_sep) in enumerate(starts):
        e = starts[k + 1][0] - (1 if k + 1 < len(starts) and starts[k + 1][2] else 0) if k + 1 < len(starts) else len(lines)
        chunk = lines[s:e]
        if not chunk and title_override is None:
            continue
        pre = lines[:s] if k == 0 else None  # 文号 / 成文日期 printed above the first title
        piece = _make_piece(chunk, origin, len(pieces) + 1, title_override, from_sep, pre)
        if piece is not None:
            if pre and piece.doc_number is None:
                piece.doc_number = next((n for ln in pre if (n := doc_number_of(ln.text))), None)
            pieces.append(piece)
    return pieces


_TITLE_TRAILER = re.compile(
    rf"[\s　]*(?:[（(]?({DOC_NUMBER_RE.pattern})[）)]?|[（(](\d{{4}}年\d{{1,2}}月\d{{1,2}}日)[）)])$"
)


def _split_title_line(line: MText) -> tuple[MText, str | None, str | None]:
    """``关于…的通知 国发〔2016〕64号`` / ``…的讲话（2018年2月5日）``: the title, its date, its 文号."""
    m = _TITLE_TRAILER.search(line.text)
    if not m or m.start() < 4:
        return line, None, None
    number = DOC_NUMBER_RE.search(m.group(1)).group(0) if m.group(1) else None  # type: ignore[union-attr]
    date = parse_date(m.group(2)) if m.group(2) else None
    return line[: m.start()].strip(), date, number


def _make_piece(
    chunk: list[MText], origin: str, index: int, title_override: str | None, from_sep: bool,
    pre: list[MText] | None = None,
) -> Piece | None:
    footnotes: list[str] = []
    body: list[MText] = []
    for ln in chunk:
        if _FOOTNOTE.match(ln.text):
            footnotes.append(ln.text)
        else:
            body.append(ln)
    head: list[MText] = []
    if title_override is None:
        if not body:
            return None
        if _title_lines(body, 0) == 2:  # 湖南省人民政府办公厅 / 关于…的通知: one title
            body[:2] = [MText.join(body[:2])]
        title_line, _ = strip_superscripts(body.pop(0))
        pm = _FULLTEXT_PREFIX.match(title_line.text)
        if pm:
            title_line = title_line[pm.end() :]
        title_line, tail_date, tail_number = _split_title_line(title_line)
        head.append(title_line)
        title = title_line.text
    else:
        title = title_override
        tail_date = tail_number = None
    date = tail_date
    source_line = None
    doc_number = tail_number
    subtitle: str | None = None
    if body and head and norm_title(body[0].text) == norm_title(head[0].text):
        head.append(body.pop(0))  # the title printed twice (a web page's header and heading)
    while body and len(head) < 10:
        t = body[0].text
        d = parse_date(t) or enacted_date(t)
        sm = SOURCE_LINE.match(t)
        num = doc_number_of(t)
        info = info_date(t) if not d and not sm else None
        if num and doc_number is None:
            doc_number = num
        elif info and date is None:  # 发布时间：2021-02-25 10:20　来源：湖南日报
            date = info
            src = re.search(r"来源[：:]\s*([^\s　]+)", t)
            source_line = source_line or (src.group(1) if src else None)
        elif is_meta_line(t) and not t.startswith("附件"):
            pass  # 特急 / 公开方式：… printed under the title: metadata
        elif d and date is None:
            date = d
            if "来源" in t:
                source_line = t.split("来源", 1)[1].lstrip("：: ").strip()
        elif sm and source_line is None:
            source_line = sm.group(1).strip()
        elif _SUBTITLE.match(t) and subtitle is None and len(head) == 1:
            subtitle = t.lstrip("—–- ")
        elif is_issuer_line(t) and len(head) == 1 and len(body) > 1 and parse_date(body[1].text):
            pass  # 湖南省人民政府 / 2016年9月10日 printed under the title
        elif is_byline(t) and (
            (head and parse_date(head[-1].text)) or (len(body) > 1 and parse_date(body[1].text))
        ):
            pass  # the speaker's byline next to the date line
        else:
            break
        head.append(body.pop(0))
    while body and is_footer_line(body[-1].text):  # （此件公开发布）, 抄送：… after the signature
        note = body.pop().text
        footnotes.insert(0, note)
        src = re.match(r"^[（(]?来源[：:]\s*([^）)\s]+)", note)
        source_line = source_line or (src.group(1) if src else None)  # a news item's closing（来源：…）
    tail: list[MText] = []
    one = _SIGNATURE_LINE.match(body[-1].text) if body else None
    if one and is_issuer_line(one.group(1)) and parse_date(one.group(2)):
        last = body.pop()  # 国务院办公厅　2016年8月29日 on one line: issuer and date
        body += [last[: one.end(1)], last[one.start(2) :]]
    if len(body) >= 2 and parse_date(body[-1].text) and len(body[-2].text) <= 30 and not ends_sentence(body[-2].text):
        k = 2
        while k < 7 and len(body) > k + 1 and is_issuer_line(body[-k - 1].text) and is_issuer_line(body[-k].text):
            k += 1  # a joint signature: 中共江西省委 / 江西省人民政府 / date
        tail = body[-k:]
        body = body[:-k]
        date = date or parse_date(tail[-1].text)
    if date is None and pre:  # 成文日期：… printed above the title
        date = next((d for ln in pre if (d := info_date(ln.text))), None)
    if date is None:  # a signature inside the piece: a notice printed above the plan it issues
        date = next(
            (d for a, b in pairwise(body) if is_issuer_line(a.text) and (d := parse_date(b.text))), None
        )
    body = _rejoin(body)
    repairs: list[str] = []
    body = _unglue(body, repairs)
    all_lines = head + body + tail
    starts = [ln.runs[0][1] for ln in all_lines if ln.runs]
    ends = [ln.at(len(ln) - 1)[1] + 1 for ln in all_lines if ln.text and ln.runs]
    return Piece(
        source=origin,
        index=index,
        title=title.strip(),
        head=head,
        body=body,
        tail=tail,
        date=date,
        source_line=source_line,
        footnotes=footnotes,
        char_start=min(starts) if starts else 0,
        char_end=max(ends) if ends else 0,
        from_separator=from_sep,
        repairs=repairs,
        doc_number=doc_number,
        subtitle=subtitle,
    )
