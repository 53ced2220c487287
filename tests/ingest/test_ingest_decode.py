"""Decoding and hostile input: every bad file is one Problem line; the good ones still build."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_graph.ingest import load
from policy_graph.ingest.decode import MAX_LINE_BYTES

DOC = "关于测试的决定\n（2020年1月2日）\n一、总体要求\n（一）各级政府要负总责。“项目”（含资金）。\n"


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b""), ("gbk", b""), ("utf-16-le", b"\xff\xfe"),
     ("utf-16-be", b"\xfe\xff")],
)
def test_encodings_decode_and_offsets_map_to_bytes(tmp_path: Path, encoding: str, bom: bytes):
    raw = bom + DOC.replace("\n", "\r\n").encode(encoding)
    f = tmp_path / "doc.txt"
    f.write_bytes(raw)
    res = load([f])
    assert not res.problems
    (w,) = res.works
    assert w.title == "关于测试的决定" and w.date == "2020-01-02" and w.kind == "decision"
    assert "\r" not in w.text
    i = w.text.index("各级政府")
    (sp,) = w.locate(i, i + 4)
    assert res.sources[0].text[sp.char_start : sp.char_end] == "各级政府"
    codec = encoding if encoding != "gbk" else "gb18030"
    assert raw[sp.byte_start : sp.byte_end].decode(codec) == "各级政府"


def test_half_width_variants_are_normalised_without_moving_offsets(tmp_path: Path):
    f = tmp_path / "d.txt"
    f.write_text("关于测试的决定\n(2020年1月2日)\n一、总体要求\n(一) 各级政府要负总责,抓落实。２０２０年完成。\n", "utf-8")
    (w,) = load([f]).works
    assert "（一）各级政府要负总责，抓落实。2020年完成。" in w.text
    i = w.text.index("负总责，")
    (sp,) = w.locate(i, i + 4)
    assert load([f]).sources[0].text[sp.char_start : sp.char_end] == "负总责,"


def test_half_width_brackets_only_change_in_chinese_context(tmp_path: Path):
    f = tmp_path / "d.txt"
    f.write_text("关于测试的通知\n（2020年1月2日）\n医院(含部队医院)负责,调用alert(1)与&amp;原样。\n", "utf-8")
    (w,) = load([f]).works
    assert "医院（含部队医院）负责，调用alert(1)与&amp;原样。" in w.text


def test_bad_files_each_get_one_line_and_the_rest_builds(tmp_path: Path):
    good = tmp_path / "good.txt"
    good.write_text(DOC, "utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\n")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (tmp_path / "nul.txt").write_bytes(b"abc\x00\x01\x02def" * 10)
    (tmp_path / "undecodable.txt").write_bytes(b"\xff\xff\xff\xff abc")
    with (tmp_path / "longline.txt").open("wb") as fh:
        block = "字".encode() * (1024 * 1024 // 3)
        for _ in range(50):
            fh.write(block)
    res = load([tmp_path, tmp_path / "missing.txt"])
    assert [w.title for w in res.works] == ["关于测试的决定"]
    by_file = {Path(p.path).name: p for p in res.problems}
    assert set(by_file) == {"empty.txt", "blank.txt", "image.txt", "nul.txt", "undecodable.txt",
                            "longline.txt", "missing.txt"}
    assert "empty" in by_file["empty.txt"].message
    assert "binary" in by_file["image.txt"].message and "PNG" in by_file["image.txt"].message
    assert "binary" in by_file["nul.txt"].message
    assert "undecodable" in by_file["undecodable.txt"].message
    assert "no line break" in by_file["longline.txt"].message
    assert "no such file" in by_file["missing.txt"].message
    for p in res.problems:
        line = p.line()
        assert "\n" not in line and p.path in line and p.severity in ("error", "warning")


def test_long_line_is_rejected_after_reading_a_bounded_prefix(tmp_path: Path):
    f = tmp_path / "big.txt"
    f.write_bytes(b"a" * (3 * MAX_LINE_BYTES))
    (p,) = load([f]).problems
    assert p.severity == "error" and "not a text document" in p.message


def test_folder_reads_txt_and_md_sorted_and_nothing_else(tmp_path: Path):
    (tmp_path / "b.md").write_text("# 关于乙的通知\n\n（2020年1月2日）\n\n内容一。\n", "utf-8")
    (tmp_path / "a.txt").write_text("关于甲的通知\n（2020年1月3日）\n内容二。\n", "utf-8")
    (tmp_path / "c.json").write_text("{}", "utf-8")
    res = load([tmp_path])
    assert [s.name for s in res.sources] == ["a.txt", "b.md"]
    assert [w.title for w in res.works] == ["关于甲的通知", "关于乙的通知"]
    assert "#" not in res.works[1].text
