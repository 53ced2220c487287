"""Deterministic ASCII IRIs."""

from __future__ import annotations

import pytest

from policy_graph.rdf.iris import Minter, segment, short_hash


def test_segment_keeps_ascii_and_encodes_the_rest():
    assert segment("2018-06-15-guidance-b161248a") == "2018-06-15-guidance-b161248a"
    encoded = segment("四（十四）")
    assert encoded.isascii() and "%" in encoded
    with pytest.raises(ValueError):
        segment("")


def test_obligation_iri_depends_on_section_span_body_and_role_only():
    m = Minter()
    a = m.obligation("w", "四（三）", 1, 5, "hb-ndrc", "lead")
    assert a == m.obligation("w", "四（三）", 1, 5, "hb-ndrc", "lead")
    assert a != m.obligation("w", "四（三）", 1, 5, "hb-ndrc", "support")
    assert a != m.obligation("w", "四（三）", 1, 6, "hb-ndrc", "lead")
    assert str(a).startswith("https://w3id.org/policy-graph/id/obligation/w/")


def test_short_hash_is_stable():
    assert short_hash("a", 1, None) == short_hash("a", 1, "")
    assert len(short_hash("x", length=8)) == 8
    assert short_hash("a", "b") != short_hash("ab")


def test_deadline_iri_carries_the_year():
    assert "/id/deadline/2020-" in str(Minter().deadline("到2020年"))
    assert str(Minter().deadline("攻坚期内")).rsplit("/", 1)[1].isalnum()
