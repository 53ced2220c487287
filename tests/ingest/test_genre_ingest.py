"""Document metadata on unseen layouts of the genre (fixtures and expectations in tests/segment/genre/).

Why it matters: downstream, documents are matched by title, so a title taken from a 文号, 密级 or
"附件" line, or a signature date missed, loses every fact of the document. Each fixture names its
works' title, date, 文号, issuers and kind; a compilation must give one work per document and two
different documents must never merge however similar their titles.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from policy_graph.ingest import load

GENRE = Path(__file__).resolve().parents[1] / "segment" / "genre"
EXPECTED: dict = json.loads((GENRE / "expected.json").read_text("utf-8"))


def expectations(name: str) -> list[dict]:
    exp = EXPECTED[name]
    while isinstance(exp, str):
        exp = EXPECTED[exp.split(":", 1)[1]]
    return exp


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_genre_metadata(name: str) -> None:
    res = load([GENRE / name])
    assert not [p for p in res.problems if p.severity == "error"]
    exp = expectations(name)
    assert sorted(w.title for w in res.works) == sorted(e["title"] for e in exp)
    by_title = {w.title: w for w in res.works}
    for e in exp:
        w = by_title[e["title"]]
        assert (w.date, w.doc_number, w.kind) == (e["date"], e["doc_number"], e["kind"]), w.title
        if "issuers" in e:
            assert list(w.issuers) == e["issuers"], w.title


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_genre_quotes_map_back_to_the_source(name: str) -> None:
    res = load([GENRE / name])
    sources = {s.name: s for s in res.sources}
    for w in res.works:
        for a in range(0, len(w.text), 7):
            if w.text[a].isspace():
                continue
            (span,) = w.locate(a, a + 1)
            src = sources[span.source].text[span.char_start : span.char_end]
            # full-width digits and half-width brackets were folded 1:1; nothing else may differ
            assert unicodedata.normalize("NFKC", src) == unicodedata.normalize("NFKC", w.text[a]), (w.title, a)


def test_encodings_are_detected() -> None:
    res = load([GENRE / "08_fullwidth_gb18030.txt", GENRE / "09_utf16_urgent.txt"])
    assert sorted(s.encoding for s in res.sources) == ["gb18030", "utf-16 (BOM)"]


def _notice_bytes() -> bytes:
    return (GENRE / "01_gwyb_notice.txt").read_bytes()


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[:300] + b"\xff" + b[300:],  # one stray byte in a UTF-8 file
        lambda b: b.rstrip(b"\n")[:-2],  # cut in the middle of the last character
        lambda b: b.decode("utf-8").encode("gb18030")[:200] + b"\x80\x20" + b.decode("utf-8").encode("gb18030")[200:],
        lambda b: b.replace(b"\n", b"\r"),  # old Mac line ends
    ],
    ids=["utf8-stray-byte", "utf8-cut", "gb18030-stray-byte", "cr-only"],
)
def test_damaged_copies_still_read_as_the_document(tmp_path: Path, damage) -> None:
    f = tmp_path / "notice.txt"
    f.write_bytes(damage(_notice_bytes()))
    res = load([f])
    assert not res.problems
    (w,) = res.works
    assert (w.title, w.date, w.doc_number) == (
        "国务院办公厅关于印发“十三五”脱贫攻坚规划实施分工方案的通知", "2016-08-29", "国办发〔2016〕64号"
    )
    assert "农业部牵头" in w.text


def test_a_short_undecodable_file_is_still_an_error(tmp_path: Path) -> None:
    f = tmp_path / "x.txt"
    f.write_bytes("关于测试的通知".encode("utf-8") + b"\xff\xfe\xfd")
    res = load([f])
    assert not res.works and "undecodable" in res.problems[0].message
