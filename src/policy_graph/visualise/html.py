"""The page shell shared by every view: escaping, embedded JSON, inlined assets, navigation.

Everything a page needs is inside the page (CSS, JavaScript, vis-network from the pyvis
package): the site works from ``file://`` with no network, and a Content-Security-Policy forbids
any request leaving the page. Source text is escaped with :func:`html.escape` when it goes into
markup, and JSON put inside ``<script>`` has ``<``, ``>``, ``&`` written as ``\\u003c``… so a
quote reading ``</script><script>…`` stays text.
"""

from __future__ import annotations

import html
import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from .records import SiteData

#: No request may leave the page: scripts and styles are inline, images only data: URIs.
CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data: blob:; font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'"
)

#: Display names of the role codes (DESIGN.md contract) and the one-letter codes of the matrix.
ROLE_INFO: dict[str, tuple[str, str, str]] = {
    # code: (letter, zh, en)
    "lead": ("L", "牵头", "lead"),
    "support": ("S", "配合", "support"),
    "overall": ("O", "负总责", "overall responsibility"),
    "coordinate": ("C", "统筹", "coordinate"),
    "implement": ("I", "抓落实", "implement"),
    "primary": ("P", "主体责任", "primary responsibility"),
    "first_responsible": ("F", "第一责任人", "first responsible"),
    "oversee": ("V", "监督考核", "oversee"),
    "approve": ("A", "审定备案", "approve"),
    "duty": ("D", "负责/应当", "other duty"),
    "encouraged": ("E", "鼓励支持", "encouraged"),
    "permitted": ("M", "允许/可", "permitted (may)"),
    "prohibited": ("X", "严禁/不得", "prohibited"),
}

#: Governance levels: (zh, en, colour). Warm (centre) to cool (village); grey outside the hierarchy.
LEVEL_INFO: dict[str, tuple[str, str, str]] = {
    "central": ("中央", "central", "#c0392b"),
    "provincial": ("省", "provincial", "#e67e22"),
    "prefectural": ("市", "prefectural", "#d4ac0d"),
    "county": ("县", "county", "#27ae60"),
    "township": ("乡", "township", "#16a085"),
    "village": ("村", "village", "#2980b9"),
    "multi": ("各级", "all levels", "#8e44ad"),
    "none": ("其他", "outside the levels", "#7f8c8d"),
}

_ASSETS = resources.files("policy_graph.visualise") / "static"


def roles_for(data: SiteData) -> dict[str, list[str]]:
    """Role code → [letter, zh, en]. Labels come from the graph's role concepts (the ontology is
    the source of truth); the one-letter codes and the display order are presentation."""
    return {code: [info[0], *data.role_labels.get(code, info[1:])] for code, info in ROLE_INFO.items()}


def levels_for(data: SiteData) -> dict[str, list[str]]:
    """Level code → [zh, en, colour], labels from the graph's governance-level concepts."""
    return {code: [*data.level_labels.get(code, info[:2]), info[2]] for code, info in LEVEL_INFO.items()}


def esc(text: object) -> str:
    """Text → HTML text or attribute value (quotes escaped too)."""
    return html.escape("" if text is None else str(text), quote=True)


def script_json(value: Any) -> str:
    """JSON safe to place inside ``<script type="application/json">``: no ``</script>``, no ``<!--``."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (
        text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )


@cache
def asset(name: str) -> str:
    """A file of ``visualise/static`` (our CSS and JavaScript)."""
    return (_ASSETS / name).read_text(encoding="utf-8")


@cache
def vis_network_assets() -> tuple[str, str]:
    """vis-network's JavaScript and CSS as bundled by pyvis (no CDN, no download)."""
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    return js.replace("</script", "<\\/script"), css.replace("</style", "<\\/style")


def evidence_file(work_key: str) -> str:
    return f"evidence-{work_key}.html"


#: Evidence pages listed in the navigation menu; past that the menu points to documents.html.
NAV_WORKS = 30


def nav(active: str, works: list[tuple[str, str]]) -> str:
    """Top navigation: the views and a menu of evidence pages ``(work key, title)``."""
    links = [("graph", "graph.html", "责任网络 Network"), ("matrix", "matrix.html", "责任矩阵 Matrix"),
             ("levels", "levels.html", "层级 Levels"), ("documents", "documents.html", "文件 Documents")]
    items = "".join(
        f'<a class="{"active" if key == active else ""}" href="{href}">{esc(label)}</a>' for key, href, label in links
    )
    docs = "".join(
        f'<li><a href="{esc(evidence_file(key))}">{esc(title)}</a></li>' for key, title in works[:NAV_WORKS]
    )
    if len(works) > NAV_WORKS:
        docs += f'<li><a href="documents.html">全部文件 all {len(works)} documents →</a></li>'
    return (
        f'<nav class="pg-nav"><span class="brand">policy-graph</span>{items}'
        f'<details class="docs-menu{" active" if active == "evidence" else ""}"><summary>原文证据 Evidence</summary>'
        f"<ul>{docs}</ul></details></nav>"
    )


def page(
    *, title: str, active: str, works: list[tuple[str, str]], body: str, data: Any, script: str,
    head: str = "", body_class: str = "",
) -> str:
    """A complete HTML document: shell, navigation, ``body`` markup, embedded data and script.

    The data is embedded with sorted keys (deterministic output), so the display order of roles
    and levels travels separately as ``roleOrder`` / ``levelOrder``.
    """
    if isinstance(data, dict):
        data = {**data, "roleOrder": list(ROLE_INFO), "levelOrder": list(LEVEL_INFO)}
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-Hans">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<link rel="icon" href="data:,">\n'  # no favicon request when served over HTTP
        f"<title>{esc(title)}</title>\n<style>{asset('site.css')}</style>\n{head}</head>\n"
        f'<body class="{esc(body_class)}">\n{nav(active, works)}\n{body}\n'
        f'<script type="application/json" id="pg-data">{script_json(data)}</script>\n'
        f"<script>{asset('common.js')}</script>\n<script>{script}</script>\n</body>\n</html>\n"
    )
