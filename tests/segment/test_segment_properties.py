"""Properties: load + segment never raise, and every span is a real slice of the canonical text."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policy_graph.ingest import load
from policy_graph.segment import segment

_ALPHABET = st.sampled_from(list("关于的决定意见一二三四五六七八九十、（）()。，；：！？ \n\t\r第篇年月日0123456789¹²#*abc 各级政府负责"))
_LINES = st.sampled_from(["一、总体要求", "（一）各级政府负总责。", "（2020年1月2日）", "第一，要做到。", "1. 突出问题：甲。",
                          "第二篇：关于乙的通知", "¹ 注释", "目 录", "1. 标题\t3", "", "决定全文 关于甲的决定", "2018-10-22  来源：某报"])


def _check(text: str, *copies: str) -> None:
    with tempfile.TemporaryDirectory() as d:
        for k, t in enumerate((text, *copies)):
            (Path(d) / f"x{k}.txt").write_text(t, "utf-8")
        res = load([Path(d)])
    for w in res.works:
        seg = segment(w)
        assert len({s.id for s in seg.sections}) == len(seg.sections)
        assert len({s.key for s in seg.sections}) == len(seg.sections)
        assert all(s.key.isascii() for s in seg.sections)
        for s in seg.sections:
            assert 0 <= s.start <= s.end <= len(w.text)
        for s in seg.sentences:
            assert 0 <= s.start < s.end <= len(w.text)
            assert "\n" not in w.text[s.start : s.end]
            assert seg.section(s.section) is not None
        for v in w.variants:
            assert w.text[v.start : v.end] == v.chosen
        for c in w.origin:
            assert 0 <= c.start < c.end <= len(w.text)
        assert sum(len(x.text) for x in res.sources) >= 0


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(_ALPHABET, max_size=300))
def test_random_text_never_breaks(text: str):
    _check(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_LINES, st.text(_ALPHABET, max_size=40)), max_size=30))
def test_random_documents_never_break(lines: list[str]):
    _check("\n".join(lines))
    _check("关于甲的决定\n" + "\n".join(lines) + "\n" + "\n".join(lines))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_LINES, st.text(_ALPHABET, max_size=40)), min_size=1, max_size=20), st.data())
def test_random_witnesses_collate_without_breaking(lines: list[str], data: st.DataObject):
    doc = "关于甲的决定\n（2015年1月2日）\n" + "\n".join(lines)
    copies = []
    for _ in range(2):
        cut = data.draw(st.integers(0, len(doc)))
        insert = data.draw(st.text(_ALPHABET, max_size=8))
        copies.append(doc[:cut] + insert + doc[cut + data.draw(st.integers(0, 5)) :])
    _check(doc, *copies)


def test_every_sentence_and_section_of_the_corpus_is_a_slice(corpus_ingest):
    n = 0
    for w in corpus_ingest.works:
        seg = segment(w)
        secs = {s.id: s for s in seg.sections}
        assert len(secs) == len(seg.sections), f"duplicate section ids in {w.id}"
        for s in seg.sentences:
            quote = w.text[s.start : s.end]
            assert quote and quote == quote.strip() and "\n" not in quote
            sec = secs[s.section]
            assert sec.start <= s.start and s.end <= sec.end
            spans = w.locate(s.start, s.end)
            assert spans and all(sp.char_start < sp.char_end for sp in spans)
            n += 1
    assert n > 1000
