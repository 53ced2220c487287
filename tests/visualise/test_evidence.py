"""Evidence pages: every fact highlighted where its quote is, overlaps kept, nothing lost silently."""

from __future__ import annotations

import re

from rdflib import Graph, Literal
from rdflib.namespace import XSD
from tiny import ID, PG

from policy_graph.visualise.data import load
from policy_graph.visualise.evidence import evidence_data


def _covered(markup: str) -> dict[int, str]:
    """fact index → the text of the highlight segments that list it."""
    out: dict[int, str] = {}
    for attrs, text in re.findall(r'<span class="[^"]*hl[^"]*"([^>]*)>([^<]*)</span>', markup):
        m = re.search(r'data-f="([^"]*)"', attrs)
        for i in (m.group(1).split() if m else []):
            out[int(i)] = out.get(int(i), "") + text
    return out


def _hubei(data):
    return data.works[str(ID["work/2018-08-30-hubei"])]


def test_every_fact_is_highlighted_over_exactly_its_quote(tiny) -> None:
    data = load(tiny)
    payload, markup, unplaced = evidence_data(data, _hubei(data))
    assert unplaced == []
    covered = _covered(markup)
    assert sorted(covered) == list(range(len(payload["facts"])))
    for i, fact in enumerate(payload["facts"]):
        assert covered[i].replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") == fact["q"]
    # overlapping facts share segments: the prohibited clause sits inside the two-lead quote
    assert re.search(r'data-f="3 4 5"', markup)
    assert 'class="sec-anchor" id="s-2018-08-30-hubei-section-1-2"' in markup


def test_a_fact_with_stale_offsets_is_placed_by_its_quote_and_a_missing_one_is_listed(tiny) -> None:
    g = Graph()
    for t in tiny:
        g.add(t)
    moved = ID["obligation/2018-08-30-hubei/2"]
    g.set((moved, PG.start, Literal(0, datatype=XSD.integer)))
    g.set((moved, PG.end, Literal(5, datatype=XSD.integer)))
    lost = ID["obligation/2018-08-30-hubei/3"]
    g.set((lost, PG.quote, Literal("这句话不在原文里")))
    data = load(g)
    payload, markup, unplaced = evidence_data(data, _hubei(data))
    keys = [f["k"] for f in payload["facts"]]
    assert unplaced == ["2018-08-30-hubei-3"]
    covered = _covered(markup)
    assert covered[keys.index("2018-08-30-hubei-2")] == "大力发展特色产业。（省扶贫办牵头，省农业厅、省财政厅配合）"
    assert keys.index("2018-08-30-hubei-3") not in covered


def test_variants_are_marked_with_their_readings(tiny) -> None:
    data = load(tiny)
    payload, markup, _ = evidence_data(data, _hubei(data))
    assert payload["variants"] == [{"c": "大力", "r": [["大力", ["004-5"], None], ["大力 and", ["003-1"], "injected Latin word"]]}]
    assert re.search(r'<span class="hl lead multi var" data-f="0 1 2" data-v="0">大力</span>', markup)


def test_without_section_text_the_quotes_are_listed(tiny) -> None:
    g = Graph()
    for s, p, o in tiny:
        if p != PG.text:
            g.add((s, p, o))
    data = load(g)
    _, markup, _ = evidence_data(data, _hubei(data))
    assert "holds no section text" in markup and markup.count('class="hl"') == 6
