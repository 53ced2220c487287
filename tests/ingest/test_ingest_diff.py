"""The collation's character diff (ingest/collate.py) runs on cydifflib, a compiled port of
difflib: canonical texts, and so every extracted fact's offsets, depend on it giving the
standard library's opcodes exactly, including its tie-breaking between equally long matches."""

from __future__ import annotations

import difflib

import hypothesis.strategies as st
from hypothesis import given, settings

from policy_graph.ingest import collate

# a small alphabet, so copies share many equally long matches (where implementations could differ)
_TEXT = st.text(alphabet="省市县乡负责牵头落实扶贫2016年，。", max_size=120)


@settings(max_examples=300, deadline=None)
@given(_TEXT, _TEXT)
def test_the_diff_in_use_gives_the_standard_librarys_opcodes(a: str, b: str) -> None:
    ours = collate.difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    reference = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    assert [tuple(op) for op in ours] == [tuple(op) for op in reference]


def test_the_compiled_diff_is_the_one_in_use() -> None:
    assert collate.difflib.__name__ == "cydifflib"  # a declared dependency: the fallback is for odd platforms
