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
    f.write_bytes("关于测试的通知".encode() + b"\xff\xfe\xfd")
    res = load([f])
    assert not res.works and "undecodable" in res.problems[0].message


def test_same_title_different_texts_stay_two_works() -> None:
    """Two provinces' notices with one title and parallel boilerplate are two works, not witnesses."""
    res = load([GENRE / "33_same_title_two_issuers.txt"])
    works = sorted(res.works, key=lambda w: w.date or "")
    assert [(w.title, w.date, w.issuers) for w in works] == [
        ("关于做好2019年脱贫攻坚工作的通知", "2019-02-01", ("湖南省人民政府办公厅",)),
        ("关于做好2019年脱贫攻坚工作的通知", "2019-02-20", ("贵州省人民政府办公厅",)),
    ]
    assert "省财政厅要加大" in works[0].text and "省财政厅" not in works[1].text
    assert len({w.id for w in works}) == 2


@pytest.mark.parametrize(
    "text, title, date, number",
    [
        ("国务院关于印发测试规划的通知 国发〔2016〕64号\n各省人民政府：\n一、要求\n各地要抓好落实。\n",
         "国务院关于印发测试规划的通知", None, "国发〔2016〕64号"),
        ("在全省测试工作会议上的讲话（2018年2月5日）\n同志们：\n各级党委要抓好落实。\n",
         "在全省测试工作会议上的讲话", "2018-02-05", None),
        ("★\n机密\n国办发[2016]64号\n国务院办公厅关于测试工作的通知\n各省人民政府：\n一、要求\n各地要抓好落实。\n",
         "国务院办公厅关于测试工作的通知", None, "国办发[2016]64号"),
        ("各省、自治区、直辖市人民政府：\n各地要抓好测试工作。\n", "notice", None, None),
    ],
    ids=["number-on-title-line", "date-on-title-line", "secret-and-number-above", "no-title-use-file-name"],
)
def test_title_line_variants(tmp_path: Path, text: str, title: str, date: str | None, number: str | None) -> None:
    f = tmp_path / "notice.txt"
    f.write_text(text, "utf-8")
    (w,) = load([f]).works
    assert (w.title, w.date, w.doc_number) == (title, date, number)


def test_the_whole_genre_folder_groups_copies_and_keeps_works_apart() -> None:
    """Loaded together, each OCR / PDF / compiled copy joins its original (one work, no variant:
    the copies differ only in layout), and no two different documents merge."""
    res = load([GENRE])
    assert not res.problems
    by_title: dict[str, list] = {}
    for w in res.works:
        by_title.setdefault(w.title, []).append(w)
    notice = by_title["国务院办公厅关于印发“十三五”脱贫攻坚规划实施分工方案的通知"]
    assert len(notice) == 1 and len(notice[0].witnesses) == 4  # plain, OCR, two PDF copies
    assert len(by_title["关于做好2019年脱贫攻坚工作的通知"]) == 2  # two provinces, one title
    assert len(by_title["湖北省农村扶贫条例"][0].witnesses) == 2
    assert sum(len(w.variants) for w in res.works) == 0
    expected = {e["title"] for name in EXPECTED for e in expectations(name)}
    assert expected <= set(by_title)


def test_a_plan_title_on_two_lines(tmp_path: Path) -> None:
    f = tmp_path / "plan.txt"
    f.write_text("湖南省健康扶贫工程\n实施方案\n为防止因病致贫，制定本方案。\n一、目标\n省卫生计生委负责组织实施。\n二、保障\n各市州要落实。\n", "utf-8")
    (w,) = load([f]).works
    assert w.title == "湖南省健康扶贫工程实施方案"


def test_markup_left_by_a_scraper_does_not_hide_headings(tmp_path: Path) -> None:
    from policy_graph.segment import segment

    f = tmp_path / "page.txt"
    f.write_text(
        "<p>关于测试工作的通知</p>\n<p>&nbsp;&nbsp;一、总体要求</p>\n<p>&emsp;省扶贫办负责统筹。</p>\n"
        "<p>&nbsp;&nbsp;二、保障措施</p>\n<p>&nbsp;（一）加强领导。各市州要落实。<br/></p>\n", "utf-8"
    )
    (w,) = load([f]).works
    assert w.title == "关于测试工作的通知" and "<p>" not in w.text and "&nbsp;" not in w.text
    seg = segment(w)
    at = w.text.index("各市州要落实")
    assert {s.section for s in seg.sentences if s.start <= at < s.end} == {"二（一）"}


def test_signature_on_one_line(tmp_path: Path) -> None:
    from policy_graph.segment import segment

    f = tmp_path / "n.txt"
    f.write_text("关于测试工作的通知\n各省人民政府：\n省扶贫办负责统筹。\n各市州要落实。\n国务院办公厅　2016年8月29日\n", "utf-8")
    (w,) = load([f]).works
    assert (w.date, w.issuers) == ("2016-08-29", ("国务院办公厅",))
    assert [s.section for s in segment(w).sentences] == ["p1", "p2", "p3"]
