"""render_site: the files, escaping of source text, offline pages, determinism."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from tiny import EVIL

from policy_graph.visualise import render_site
from policy_graph.visualise.html import script_json

EXPECTED = ["documents.html", "evidence-2015-11-29-decision.html", "evidence-2018-08-30-hubei.html", "graph.html", "levels.html",
            "matrix.html"]


def test_render_site_writes_and_returns_every_page(tiny, tmp_path: Path) -> None:
    pages = render_site(tiny, tmp_path / "site")
    assert [p.name for p in pages] == EXPECTED
    assert all(p.is_file() and p.parent == tmp_path / "site" for p in pages)


def test_render_site_is_deterministic(tiny, tmp_path: Path) -> None:
    a = render_site(tiny, tmp_path / "a")
    b = render_site(tiny, tmp_path / "b")
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]


class _Scripts(HTMLParser):
    """Collects <script> elements and every URL-bearing attribute."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts.append(dict(attrs))
        for name, value in attrs:
            if name in ("src", "href", "action", "data", "poster") and value:
                self.urls.append(value)


@pytest.mark.parametrize("name", EXPECTED)
def test_markup_in_source_text_stays_text(tiny_site: Path, name: str) -> None:
    html = (tiny_site / name).read_text(encoding="utf-8")
    assert EVIL not in html  # never raw
    parser = _Scripts()
    parser.feed(html)
    # exactly our scripts: the data block and the code (vis-network on the graph page)
    types = [s.get("type") for s in parser.scripts]
    assert types.count("application/json") == 1
    assert len(types) == (4 if name == "graph.html" else 3)
    assert "window.PWNED" not in "".join(re.findall(r"<script>(.*?)</script>", html, re.DOTALL))


def test_embedded_json_cannot_close_its_script() -> None:
    text = script_json({"q": "</script><script>alert(1)</script> & <!-- x", "a": 'A"B'})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"q": "</script><script>alert(1)</script> & <!-- x", "a": 'A"B'}


def test_evidence_page_escapes_the_canonical_text(tiny_site: Path) -> None:
    html = (tiny_site / "evidence-2018-08-30-hubei.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", html)  # drop our own markup (highlight spans, anchors)
    assert "推广“A&amp;B”模式，&lt;script&gt;window.PWNED=1&lt;/script&gt;不得挪用" in text


@pytest.mark.parametrize("name", EXPECTED)
def test_pages_are_offline(tiny_site: Path, name: str) -> None:
    html = (tiny_site / name).read_text(encoding="utf-8")
    parser = _Scripts()
    parser.feed(html)
    assert [u for u in parser.urls if re.match(r"(https?:)?//", u)] == []
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert not re.search(r"cdn\.|cdnjs|jsdelivr|unpkg|googleapis", html)
    assert "Content-Security-Policy" in html and "default-src 'none'" in html


def test_the_request_check_tells_local_from_remote() -> None:
    from harness import leaves_machine

    assert leaves_machine("https://cdn.jsdelivr.net/npm/bootstrap.css")
    assert leaves_machine("http://example.org/x.js") and leaves_machine("wss://example.org/")
    assert not leaves_machine("file:///tmp/out/graph.html")
    assert not leaves_machine("http://127.0.0.1:8080/graph.html") and not leaves_machine("data:image/png;base64,AA")


def test_graph_page_caps_nodes_and_quotes_for_large_corpora(tiny, monkeypatch) -> None:
    from policy_graph.visualise import network
    from policy_graph.visualise.data import load

    data = load(tiny)
    full = network.network_data(data)
    assert not full["truncated"] and full["totals"]["embedded_bodies"] == 7
    monkeypatch.setattr(network, "FACTS_PER_ITEM", 1)
    small = network.network_data(data, max_nodes=6)
    assert small["truncated"]
    kept = [n for n in small["nodes"] if n["kind"] in ("body", "measure")]
    assert len(kept) == 6 and small["totals"]["embedded_bodies"] == 3
    # the busiest bodies are the ones kept, with their full counts but one quote each
    cpad = next(n for n in kept if n["id"] == "b-hb-cpad")
    assert cpad["nfacts"] == 2 and len(cpad["facts"]) == 1 and cpad["rc"] == {"lead": 2}
    assert len(small["facts"]) < len(full["facts"])
    assert all(0 <= i < len(small["facts"]) for n in small["nodes"] for i in n.get("facts", []))


def test_documents_page_lists_every_work_with_counts(tiny_site: Path) -> None:
    html = (tiny_site / "documents.html").read_text(encoding="utf-8")
    assert '<a href="evidence-2018-08-30-hubei.html">湖北省实施意见</a>' in html
    assert '<td class="num">6</td><td class="num">3</td><td class="num">1</td><td class="num">1</td>' in html
    assert "坏&lt;script&gt;window.PWNED=1&lt;/script&gt;机构" in html


def test_browser_tests_fail_in_ci_without_chromium_and_skip_only_locally() -> None:
    from harness import browser_policy

    assert browser_policy(True, True) == "run" and browser_policy(True, False) == "run"
    assert browser_policy(False, True) == "fail"
    assert browser_policy(False, False) == "skip"
