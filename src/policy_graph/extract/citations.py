"""Cross-document references: 《…》 titles and document numbers (中发〔2018〕16号).

Rule ``pg.citations.title.v1`` for a 《title》 (with the number in brackets right after it, if
any) and ``pg.citations.docnumber.v1`` for a bare number. ``implements`` is set when the text
says it implements the cited document (为贯彻/贯彻落实/根据…《…》精神); the RDF stage resolves the
citation to a work of the corpus.
"""

from __future__ import annotations

import re

from ..model import Citation
from .base import Context

RULE_TITLE = "pg.citations.title.v1"
RULE_NUMBER = "pg.citations.docnumber.v1"

#: 中发〔2018〕16号, 国办发〔2016〕64号, 鄂政办发〔2018〕1号: issuer code, year in 〔〕, serial number.
_NUMBER_RE = r"(?:中|国|厅|[\u4e00-\u9fff](?=政|办|发|字|委))[\u4e00-\u9fff]{0,4}?(?:发|字|函|电|规)〔\d{4}〕\d+号"
_TITLE = re.compile(rf"《([^《》\n]{{2,80}})》(?:[（(]({_NUMBER_RE})[）)])?")
_NUMBER = re.compile(_NUMBER_RE)
_IMPLEMENTS = re.compile(r"(?:贯彻|落实|贯彻落实|根据|按照|依据)[^。；\n]{0,12}$")
_SPIRIT = re.compile(r"^[^。；\n]{0,20}?(?:精神|要求|部署|规定|制定|结合)")


class CitationExtractor:
    name = "pg.citations.v1"
    requires = ("segment.sentences",)
    produces = ("Citation",)

    def __call__(self, ctx: Context) -> list[Citation]:
        text = ctx.text
        out: list[Citation] = []
        covered: list[tuple[int, int]] = []
        for m in _TITLE.finditer(text):
            before = text[max(0, m.start() - 16):m.start()]
            after = text[m.end():m.end() + 24]
            implements = bool(_IMPLEMENTS.search(before)) and bool(_SPIRIT.search(after))
            out.append(Citation(title=m.group(1).strip(), doc_number=m.group(2),
                                evidence=ctx.evidence(m.start(), m.end(), RULE_TITLE), implements=implements))
            covered.append((m.start(), m.end()))
        for m in _NUMBER.finditer(text):
            if any(a <= m.start() < b for a, b in covered):
                continue
            out.append(Citation(title=None, doc_number=m.group(), evidence=ctx.evidence(m.start(), m.end(), RULE_NUMBER)))
        return sorted(out, key=lambda c: c.evidence.start)
