"""networkx analysis: load, support-only bodies, diffused and missing leads."""

from __future__ import annotations

import json

from policy_graph.visualise import analyse, report_lines


def test_analysis_of_the_tiny_graph(tiny) -> None:
    result = analyse(tiny)
    assert result["counts"] == {
        "documents": 2, "bodies": 7, "measures": 4, "obligations": 9,
        "bodies_with_obligations": 7, "measures_with_bodies": 3,
    }
    top = result["top_bodies"][0]
    assert (top["label"], top["obligations"], top["lead"], top["measures"]) == ("省扶贫办", 2, 2, 2)
    assert [r["label"] for r in result["support_only"]] == ["省农业厅"]  # 省财政厅 also leads
    (multi,) = result["multi_lead"]
    assert (multi["label"], multi["leads"], multi["section"]) == ("金融扶贫", ["省扶贫办", "省财政厅"], "一（二）")
    assert [(r["label"], r["bodies"]) for r in result["no_lead"]] == [("贫困县退出", 3), ("医疗保障", 0)]
    assert result["central_bodies"][0]["label"] in {"省扶贫办", "省财政厅"}


def test_analysis_is_json_ready_and_deterministic(tiny) -> None:
    a, b = analyse(tiny), analyse(tiny)
    assert json.dumps(a, ensure_ascii=False, sort_keys=True) == json.dumps(b, ensure_ascii=False, sort_keys=True)


def test_report_lines_name_the_findings(tiny) -> None:
    text = "\n".join(report_lines(analyse(tiny)))
    assert "省扶贫办 (provincial): 2 assertions, 2 as lead, 2 measures" in text
    assert "金融扶贫 (湖北省实施意见 一（二）): 省扶贫办、省财政厅" in text
    assert "Measures with no lead body: 2 (1 with no body at all)" in text


def test_report_lines_escape_markup_from_the_sources(tiny) -> None:
    text = "\n".join(report_lines(analyse(tiny)))
    assert "<script>" not in text
    assert r"坏\<script\>window.PWNED=1\</script\>机构" in text
