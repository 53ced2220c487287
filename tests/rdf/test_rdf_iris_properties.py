"""Property-based checks of IRI minting: any text gives an ASCII, deterministic, injective segment."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from policy_graph.rdf.iris import Minter, segment

texts = st.text(min_size=1, max_size=30)


@given(texts)
def test_segment_is_ascii_and_has_no_path_separator(value):
    out = segment(value)
    assert out.isascii()
    assert "/" not in out and "#" not in out and "?" not in out
    assert segment(value) == out


@given(texts, texts)
def test_distinct_keys_give_distinct_body_iris(a, b):
    m = Minter()
    assert (m.body(a) == m.body(b)) == (a == b)


@given(st.text(max_size=20), st.integers(0, 10_000), st.integers(0, 10_000), texts, st.sampled_from(["lead", "support"]))
def test_obligation_iris_are_ascii_and_stable(section, start, end, body, role):
    m = Minter()
    iri = m.obligation("w", section, start, end, body, role)
    assert str(iri).isascii()
    assert iri == Minter().obligation("w", section, start, end, body, role)
