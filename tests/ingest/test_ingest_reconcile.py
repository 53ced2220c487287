"""Reconciliation on crafted witnesses: votes, suspicious readings, year-substitution ties."""

from __future__ import annotations

from pathlib import Path

from policy_graph.ingest import load

BODY = (
    "一、总体要求\n（一）各级党委和政府必须把扶贫开发工作作为重大政治任务来抓。\n（二）从{y}年起加大投入，在项目和资金安排上倾斜。\n"
    "二、保障措施\n（三）中央统筹、省负总责、市县抓落实。\n（四）加强考核，严格问责。\n"
)


def _write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, "utf-8")


def test_votes_flags_and_year_tie(tmp_path: Path):
    good = "关于测试的决定\n（2015年11月29日）\n" + BODY.format(y=2016)
    latin = good.replace("项目和资金", "项目 and 资金").replace("（四）加强考核，严格问责。\n", "")
    years = "关于测试的决定\n（2024年11月29日）\n" + BODY.format(y=2024)
    filler = "".join(f"{2024}年第{k}次会议召开。\n" for k in range(12))  # makes the file year-substituted
    _write(tmp_path, "a.txt", good)
    _write(tmp_path, "b.txt", latin)
    _write(tmp_path, "c.txt", years + "关于补充材料的通知\n（2024年1月1日）\n" + filler + years)
    res = load([tmp_path])
    (w,) = [w for w in res.works if w.title == "关于测试的决定"]
    assert len(w.witnesses) == 4
    assert w.date == "2015-11-29"
    assert "从2016年起" in w.text and "在项目和资金安排上" in w.text and "（四）加强考核" in w.text
    year = next(v for v in w.variants if v.chosen == "从2016年起")
    assert {r.text: len(r.witnesses) for r in year.readings} == {"从2016年起": 2, "从2024年起": 2}
    latin_v = next(v for v in w.variants if any("and" in r.text for r in v.readings))
    assert latin_v.chosen == "项目和资金" and latin_v.section == "（二）"
    flags = {x.source: {f.kind for f in x.flags} for x in w.witnesses}
    assert "injected-latin" in flags["b.txt"] and "year-substitution" in flags["c.txt"]
    assert "year-substitution" not in flags["a.txt"]
    b = next(x for x in w.witnesses if x.source == "b.txt")
    assert "（四）" not in b.sections and "（三）" in b.sections
    assert any(f.kind == "truncated" for f in b.flags)


def test_misnumbered_copy_is_aligned_by_content(tmp_path: Path):
    good = "关于测试的决定\n（2015年11月29日）\n" + BODY.format(y=2016)
    swapped = good.replace("（三）中央统筹", "（九）中央统筹")
    _write(tmp_path, "a.txt", good)
    _write(tmp_path, "b.txt", good)
    _write(tmp_path, "c.txt", swapped)
    (w,) = load([tmp_path]).works
    assert "（三）中央统筹" in w.text and "（九）" not in w.text
    c = next(x for x in w.witnesses if x.source == "c.txt")
    assert any(f.kind == "misnumbered" and f.section == "（三）" for f in c.flags)
    assert not w.variants


def test_single_witness_corruption_is_flagged_not_rewritten(tmp_path: Path):
    _write(tmp_path, "a.txt", "关于测试的通知\n（2018年1月1日）\n建设县县县医院，避免返贫、返贫现象。\n")
    (w,) = load([tmp_path]).works
    assert "县县县医院" in w.text
    kinds = {f.kind for f in w.witnesses[0].flags}
    assert {"repeated-chars", "duplicated-phrase"} <= kinds


def test_majority_restores_what_the_base_dropped(tmp_path: Path):
    full = (
        "关于测试的决定\n（2015年11月29日）\n一、总体要求\n消除贫困是社会主义的本质要求。\n扶贫开发事关全面建成小康社会，事关人民福祉。\n"
        "（一）各级党委和政府必须把扶贫开发工作作为重大政治任务来抓。严格执行一把手负责制。\n"
        "二、保障措施\n（二）中央统筹、省负总责、市县抓落实。\n"
    )
    dropped = full.replace("扶贫开发事关全面建成小康社会，事关人民福祉。\n", "").replace("严格执行一把手负责制。", "")
    _write(tmp_path, "a.txt", dropped)  # same numbered units as the others: first in order, so the base
    _write(tmp_path, "b.txt", full)
    _write(tmp_path, "c.txt", full)
    (w,) = load([tmp_path]).works
    assert w.text == full.rstrip("\n")
    a = next(x for x in w.witnesses if x.source == "a.txt")
    assert "一" in a.sections
    restored = next(v for v in w.variants if "一把手" in v.chosen)
    assert {r.text: r.witnesses for r in restored.readings}[""] == (a.id,)
    i = w.text.index("扶贫开发事关")
    (span,) = w.locate(i, i + 6)
    assert span.witness != a.id and span.source in ("b.txt", "c.txt")


def test_page_numbers_datelines_and_untitled_text(tmp_path: Path):
    _write(tmp_path, "a.txt", "各级政府要加强领导，落实责任，确保完成脱贫攻坚任务。这是第一段，内容足够长。\n- 3 -\n第二段继续说明要求。（新华社北京8月19日电）\n")
    res = load([tmp_path])
    (w,) = res.works
    assert w.title == "a" and w.kind == "other"
    assert "- 3 -" not in w.text and "新华社" not in w.text
    assert w.text.startswith("各级政府要加强领导")
