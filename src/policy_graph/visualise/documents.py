"""documents.html: every document with its counts, links to its evidence and matrix, and the analysis.

Plain server-side HTML (every value escaped): the entry point when the corpus is too large for
the navigation menu, and a readable summary of the networkx analysis.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from .html import esc, evidence_file, levels_for, page
from .records import SiteData


def render_documents_page(
    data: SiteData, analysis: dict[str, Any], nav_works: list[tuple[str, str]], matrix_page: dict[str, str]
) -> str:
    """``matrix_page`` maps a work key to the matrix page that holds its table."""
    facts = Counter(f.work for f in data.facts)
    measures = Counter(m.work for m in data.measures.values())
    targets = Counter(t.work for t in data.targets)
    variants = Counter(v.work for v in data.variants)
    rows = []
    for w in data.works.values():
        rows.append(
            "<tr>"
            f'<td><a href="{esc(evidence_file(w.key))}">{esc(w.title)}</a></td>'
            f"<td>{esc(w.date or '')}</td><td>{esc(w.kind or '')}</td><td>{esc(w.doc_number or '')}</td>"
            f'<td class="num">{facts[w.iri]}</td><td class="num">{measures[w.iri]}</td>'
            f'<td class="num">{targets[w.iri]}</td><td class="num">{variants[w.iri]}</td>'
            f'<td><a href="graph.html#doc={esc(w.key)}">网络 network</a> · '
            f'<a href="{esc(matrix_page.get(w.key, "matrix.html"))}#doc={esc(w.key)}">矩阵 matrix</a></td>'
            "</tr>"
        )
    c = analysis["counts"]
    body = (
        '<div class="wrap"><h1>文件 Documents</h1>'
        f'<p class="muted">{len(data.works)} documents · {c["bodies"]} bodies · {c["measures"]} measures · '
        f'{c["obligations"]} assertions</p>'
        '<table class="grid docs"><thead><tr><th>标题 title</th><th>日期 date</th><th>类型 kind</th>'
        "<th>文号 number</th><th>责任表述 assertions</th><th>措施 measures</th><th>目标 targets</th>"
        "<th>异文 variants</th><th></th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
        + _analysis_html(analysis, levels_for(data))
        + "</div>"
    )
    return page(title="文件 · Documents", active="documents", works=nav_works, body=body, data={}, script="")


def _analysis_html(a: dict[str, Any], levels: dict[str, list[str]], limit: int = 15) -> str:
    def lst(title: str, rows: list[dict[str, Any]], fmt: Any) -> str:
        items = "".join(f"<li>{esc(r['label'])} <span class=\"muted\">{esc(fmt(r))}</span></li>" for r in rows[:limit])
        more = f'<p class="muted small">… {len(rows) - limit} more</p>' if len(rows) > limit else ""
        return f"<h3>{esc(title)} ({len(rows)})</h3><ol>{items}</ol>{more}"

    level = {code: info[0] for code, info in levels.items()}
    return (
        '<h2>分析 Analysis</h2><div class="analysis-cols">'
        + lst("负担最重的主体 Bodies carrying most load", a["top_bodies"],
              lambda r: f"{level.get(r['level'], r['level'])} · {r['obligations']} assertions · "
                        f"{r['lead']} lead · {r['measures']} measures")
        + lst("只配合的主体 Bodies that only support", a["support_only"], lambda r: f"{r['obligations']}")
        + lst("多个牵头的措施 Measures with several leads", a["multi_lead"],
              lambda r: f"{r['document']} {r['section']}: {'、'.join(r['leads'])}")
        + lst("没有牵头的措施 Measures with no lead", a["no_lead"],
              lambda r: f"{r['document']} {r['section']} · {r['bodies']} bodies")
        + "</div>"
    )
