"""The pages in a real headless browser, on the hand-made graph (tiny.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from harness import click_node, drain_logs, leaves_machine, screenshot, wait_for
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from tiny import EVIL, TEXT_A

pytestmark = pytest.mark.browser

PAGES = ("graph.html", "matrix.html", "levels.html", "documents.html", "evidence-2018-08-30-hubei.html",
         "evidence-2015-11-29-decision.html")


def open_graph(driver, url: str) -> None:
    driver.get(url)
    wait_for(driver, "return window.PG && window.PG.ready")


def assert_clean(driver) -> None:
    blocked: dict[str, str] = {}  # a page that even tries to reach out (blocked by its CSP) is a bug too
    console, urls = drain_logs(driver, blocked=blocked)
    assert blocked == {}, blocked
    assert console == [], console
    outside = [u for u in urls if leaves_machine(u)]
    assert outside == [], outside
    assert driver.execute_script("return window.PWNED") is None


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_from_file_without_errors_or_external_requests(browser, tiny_site: Path, name: str) -> None:
    drain_logs(browser)
    browser.get((tiny_site / name).as_uri())
    if name == "graph.html":
        wait_for(browser, "return window.PG && window.PG.ready")
    assert browser.execute_script("return document.readyState") == "complete"
    assert_clean(browser)
    screenshot(browser, f"tiny-{Path(name).stem}")


def test_pages_load_from_a_local_server(browser, tiny_site: Path, http_root) -> None:
    root, base = http_root
    shutil.copytree(tiny_site, root / "tiny", dirs_exist_ok=True)
    drain_logs(browser)
    for name in PAGES:
        browser.get(base + "tiny/" + name)
        if name == "graph.html":
            wait_for(browser, "return window.PG && window.PG.ready")
        assert_clean(browser)


def _visible_counts(driver) -> dict:
    return driver.execute_script("""
      var ids = PG.visibleNodeIds(), c = {};
      ids.forEach(function (id) { var k = PG.nodes.get(id).kind; c[k] = (c[k] || 0) + 1; });
      return c;""")


def test_node_count_equals_the_graph(browser, tiny_site: Path, tiny) -> None:
    open_graph(browser, (tiny_site / "graph.html").as_uri())
    n_bodies = len(set(tiny.subjects(predicate=None, object=None)) & set(tiny.subjects(
        object=__import__("tiny").PG.Body)))
    n_measures = len(set(tiny.subjects(object=__import__("tiny").PG.Measure)))
    # by default: every body with an assertion and every measure with a body
    counts = _visible_counts(browser)
    assert counts == {"body": n_bodies, "measure": n_measures - 1}
    browser.find_element(By.ID, "show-orphans").click()
    assert _visible_counts(browser) == {"body": n_bodies, "measure": n_measures}
    assert browser.execute_script("return PG.nodes.get({filter: n => n.kind === 'body' || n.kind === 'measure'}).length") \
        == n_bodies + n_measures
    assert assert_clean(browser) is None


def test_level_and_role_filters_hide_what_they_should(browser, tiny_site: Path) -> None:
    open_graph(browser, (tiny_site / "graph.html").as_uri())
    before = browser.execute_script("return PG.visibleNodeIds()")
    assert "b-hb-cpad" in before
    browser.find_element(By.CSS_SELECTOR, 'input[data-key="levels"][value="provincial"]').click()
    after = browser.execute_script("return PG.visibleNodeIds()")
    assert not {"b-hb-cpad", "b-hb-agri", "b-hb-finance"} & set(after)
    # 发展特色产业 had only provincial bodies: gone too; 金融扶贫 stays through the prohibited body
    assert "m-2018-08-30-hubei-1-1" not in after and "m-2018-08-30-hubei-1-2" in after
    screenshot(browser, "tiny-graph-no-provincial")
    browser.find_element(By.CSS_SELECTOR, 'input[data-key="levels"][value="provincial"]').click()
    browser.find_element(By.CSS_SELECTOR, 'input[data-key="roles"][value="lead"]').click()
    roles = browser.execute_script("return PG.visibleEdgeIds().map(id => PG.edges.get(id).role)")
    assert roles and "lead" not in roles
    # document filter: only the 2015 decision
    browser.find_element(By.CSS_SELECTOR, 'button[data-none="docs"]').click()
    assert browser.execute_script("return PG.visibleNodeIds()") == []
    browser.find_element(By.CSS_SELECTOR, 'button[data-all="roles"]').click()
    labels = [el.text for el in browser.find_elements(By.CSS_SELECTOR, "#f-docs label")]
    browser.find_elements(By.CSS_SELECTOR, "#f-docs label")[labels.index("中共中央 国务院关于打赢脱贫攻坚战的决定")].click()
    shown = browser.execute_script("return PG.visibleNodeIds()")
    assert sorted(shown) == ["b-city-gov", "b-county-gov", "b-cpad", "m-2015-11-29-decision-a29"]
    assert_clean(browser)


def test_search_finds_a_body_by_alias_and_shows_its_quotes(browser, tiny_site: Path) -> None:
    open_graph(browser, (tiny_site / "graph.html").as_uri())
    box = browser.find_element(By.ID, "search")
    box.send_keys("湖北省扶贫办")
    first = browser.find_element(By.CSS_SELECTOR, "#search-results li")
    assert first.get_attribute("data-node") == "b-hb-cpad"
    box.send_keys(Keys.ENTER)
    panel = browser.find_element(By.ID, "details")
    assert panel.find_element(By.TAG_NAME, "h2").text == "省扶贫办"
    assert "湖北省扶贫办" in panel.text and "Hubei Poverty Alleviation Office" in panel.text
    quotes = [q.text for q in panel.find_elements(By.CSS_SELECTOR, ".quote")]
    assert len(quotes) == 2
    screenshot(browser, "tiny-graph-search")


def test_clicking_a_node_shows_a_quote_that_occurs_in_the_source(browser, tiny_site: Path) -> None:
    open_graph(browser, (tiny_site / "graph.html").as_uri())
    click_node(browser, "b-evil")
    panel = browser.find_element(By.ID, "details")
    assert panel.get_attribute("data-node") == "b-evil"
    assert panel.find_element(By.TAG_NAME, "h2").text == f"坏{EVIL}机构"  # markup shown as text
    quotes = [q.text for q in panel.find_elements(By.CSS_SELECTOR, ".quote")]
    source = "".join(t for *_, t in TEXT_A)
    assert quotes and all(q in source for q in quotes)
    assert EVIL in quotes[0]
    # the hover tooltip shows the label as text too
    ActionChains(browser).move_by_offset(1, 1).perform()
    tip = wait_for(browser, "var t = document.querySelector('div.vis-tooltip'); "
                            "return t && t.style.visibility !== 'hidden' && t;")
    assert EVIL in tip.text and not tip.find_elements(By.TAG_NAME, "script")
    assert browser.execute_script("return window.PWNED") is None
    screenshot(browser, "tiny-graph-click-node")


def test_clicking_an_edge_shows_its_quotes(browser, tiny_site: Path) -> None:
    open_graph(browser, (tiny_site / "graph.html").as_uri())
    edge = browser.execute_script(
        "return PG.edges.get({filter: e => e.from === 'b-hb-agri' && e.role === 'support'})[0].id")
    x, y = browser.execute_script("""
      var e = PG.edges.get(arguments[0]);
      var a = PG.network.getPosition(e.from), b = PG.network.getPosition(e.to);
      var p = PG.network.canvasToDOM({x: (a.x + b.x) / 2, y: (a.y + b.y) / 2}); return [p.x, p.y];""", edge)
    canvas = browser.find_element(By.CSS_SELECTOR, "#network canvas")
    ActionChains(browser).move_to_element_with_offset(
        canvas, int(x - canvas.size["width"] / 2), int(y - canvas.size["height"] / 2)).click().perform()
    panel = browser.find_element(By.ID, "details")
    assert panel.get_attribute("data-edge") == edge
    assert "省农业厅" in panel.text and "发展特色产业" in panel.text
    assert "（省扶贫办牵头，省农业厅、省财政厅配合）" in panel.find_element(By.CSS_SELECTOR, ".quote").text


def test_evidence_page_highlights_facts_shows_them_on_hover_and_links_to_the_node(browser, tiny_site: Path) -> None:
    browser.get((tiny_site / "evidence-2018-08-30-hubei.html").as_uri())
    text = browser.find_element(By.ID, "text")
    assert EVIL in text.text  # shown as text
    marks = browser.find_elements(By.CSS_SELECTOR, "#text .hl")
    assert marks
    variant = browser.find_element(By.CSS_SELECTOR, "#text .var")
    ActionChains(browser).move_to_element(variant).perform()
    tip = browser.find_element(By.ID, "tip")
    assert "大力 and" in tip.text and "injected Latin word" in tip.text
    witness = browser.find_element(By.CSS_SELECTOR, '#side .witness[data-witness="003-1"]')
    assert "2024-08-30" in witness.text and "year-substitution: every four-digit year reads 2024" in witness.text
    evil_mark = next(m for m in marks if "window.PWNED" in m.text)
    ActionChains(browser).move_to_element(evil_mark).perform()
    assert "严禁/不得" in tip.text or "坏" in tip.text
    screenshot(browser, "tiny-evidence-hover")
    target = browser.find_element(By.CSS_SELECTOR, "#text .hl.target")
    ActionChains(browser).move_to_element(target).perform()
    assert "医疗保障水平" in tip.text
    # a span several bodies share offers a choice; the link opens that body's node
    shared = next(m for m in marks if m.get_attribute("data-f") == "3 4 5")
    shared.click()
    chooser = browser.find_element(By.ID, "chooser")
    links = chooser.find_elements(By.TAG_NAME, "a")
    assert [a.text for a in links] == ["L省财政厅", "L省扶贫办", f"X坏{EVIL}机构"]
    screenshot(browser, "tiny-evidence-chooser")
    links[2].click()
    wait_for(browser, "return location.pathname.endsWith('graph.html') && window.PG && window.PG.ready")
    wait_for(browser, "return document.getElementById('details').getAttribute('data-node') === 'b-evil'")
    assert_clean(browser)
    # a span with a single fact goes straight to its node (the target, toggled in for it)
    browser.get((tiny_site / "evidence-2018-08-30-hubei.html").as_uri())
    browser.find_element(By.CSS_SELECTOR, "#text .hl.target").click()
    wait_for(browser, "return location.pathname.endsWith('graph.html') && window.PG && window.PG.ready")
    wait_for(browser, "return document.getElementById('details').getAttribute('data-node') === 't-2018-08-30-hubei-1'")
    assert "提高贫困人口医疗保障水平" in browser.find_element(By.ID, "details").text
    assert_clean(browser)


def test_matrix_shows_role_letters_and_sorts_by_body(browser, tiny_site: Path) -> None:
    browser.get((tiny_site / "matrix.html").as_uri())
    table = browser.find_element(By.ID, "matrix")
    assert table.get_attribute("data-doc") == "2018-08-30-hubei"  # most assertions first
    rows = table.find_elements(By.CSS_SELECTOR, "tbody tr[data-measure]")
    assert [r.get_attribute("data-measure") for r in rows] == [
        "m-2018-08-30-hubei-1-1", "m-2018-08-30-hubei-1-2", "m-2018-08-30-hubei-2-1"]
    assert "multi-lead" in rows[1].get_attribute("class") and "no-lead" in rows[2].get_attribute("class")
    letters = {c.text for c in table.find_elements(By.CSS_SELECTOR, "td.cell") if c.text}
    assert letters == {"L", "S", "X"}
    chapters = [c.text for c in table.find_elements(By.CSS_SELECTOR, "tr.chapter td")]
    assert chapters == ["一 产业扶贫", "二 健康扶贫"]
    # sort by 省农业厅: its row first, chapter rows gone
    table.find_element(By.CSS_SELECTOR, 'th[data-body="b-hb-agri"]').click()
    rows = table.find_elements(By.CSS_SELECTOR, "tbody tr[data-measure]")
    assert rows[0].get_attribute("data-measure") == "m-2018-08-30-hubei-1-1"
    table.find_element(By.CSS_SELECTOR, 'th[data-body="b-evil"]').click()
    rows = table.find_elements(By.CSS_SELECTOR, "tbody tr[data-measure]")
    assert rows[0].get_attribute("data-measure") == "m-2018-08-30-hubei-1-2"
    assert not table.find_elements(By.CSS_SELECTOR, "tr.chapter")
    cell = table.find_element(By.CSS_SELECTOR, 'td.cell[data-roles="prohibited"]')
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", cell)  # not under the sticky header
    cell.click()
    assert EVIL in browser.find_element(By.ID, "cell-detail").text
    screenshot(browser, "tiny-matrix")
    assert_clean(browser)


def test_levels_page_lays_bodies_out_by_level_and_draws_the_process(browser, tiny_site: Path) -> None:
    from selenium.webdriver.support.ui import Select

    browser.get((tiny_site / "levels.html").as_uri())
    # default: the measure reaching most levels (县 → 市 → 中央 in the 2015 decision)
    chain = browser.find_element(By.ID, "chain")
    assert chain.get_attribute("data-measure") == "m-2015-11-29-decision-a29"
    lane = lambda lv: chain.find_element(By.CSS_SELECTOR, f'.lane[data-level="{lv}"]').text
    assert "国务院扶贫办" in lane("central") and "市（地）党委和政府" in lane("prefectural")
    assert "县级党委和政府" in lane("county") and "国务院扶贫办" not in lane("county")
    Select(browser.find_element(By.ID, "process-select")).select_by_index(1)
    steps = [s.text for s in chain.find_elements(By.CSS_SELECTOR, ".step")]
    assert len(steps) == 3 and "提出申请" in steps[0] and "备案" in steps[2]
    screenshot(browser, "tiny-levels-process")
    assert_clean(browser)


def test_the_harness_sees_every_request(browser, http_root) -> None:
    """Self-check of the request log: a page that fetches an image from the local server shows it."""
    root, base = http_root
    (root / "probe.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / "probe.html").write_text('<html><head><link rel="icon" href="data:,"></head><body><img src="probe.png">'
                                     "</body></html>", encoding="utf-8")
    drain_logs(browser)
    browser.get(base + "probe.html")
    _, urls = drain_logs(browser)
    assert base + "probe.png" in urls


def test_matrix_pages_split_a_large_corpus_and_the_menu_moves_between_them(browser, tiny, tmp_path: Path) -> None:
    from selenium.webdriver.support.ui import Select

    from policy_graph.visualise.data import load
    from policy_graph.visualise.matrix import render_matrix_pages

    data = load(tiny)
    nav = [(w.key, w.title) for w in data.works.values()]
    for name, html in render_matrix_pages(data, nav, per_page=1).items():
        (tmp_path / name).write_text(html, encoding="utf-8")
    drain_logs(browser)
    browser.get((tmp_path / "matrix.html").as_uri())
    table = browser.find_element(By.ID, "matrix")
    assert table.get_attribute("data-doc") == "2015-11-29-decision"
    Select(browser.find_element(By.ID, "doc-select")).select_by_visible_text("湖北省实施意见 (2018-08-30)")
    wait_for(browser, "return location.pathname.endsWith('matrix-2.html')")
    assert browser.find_element(By.ID, "matrix").get_attribute("data-doc") == "2018-08-30-hubei"
    assert len(browser.find_elements(By.CSS_SELECTOR, "#matrix tr[data-measure]")) == 3
    assert_clean(browser)


def test_an_empty_graph_gives_working_empty_pages(browser, tmp_path: Path) -> None:
    from rdflib import Graph

    from policy_graph.visualise import render_site

    pages = render_site(Graph(), tmp_path / "empty")
    assert [p.name for p in pages] == ["documents.html", "graph.html", "levels.html", "matrix.html"]
    drain_logs(browser)
    for page in pages:
        browser.get(page.as_uri())
        if page.name == "graph.html":
            wait_for(browser, "return window.PG && window.PG.ready", timeout=20)
            assert browser.execute_script("return PG.visibleNodeIds()") == []
        assert_clean(browser)


def test_the_pages_content_security_policy_blocks_outside_requests(browser, tiny_site: Path) -> None:
    """Defence in depth: even markup injected at run time cannot fetch from outside."""
    drain_logs(browser)
    browser.get((tiny_site / "evidence-2018-08-30-hubei.html").as_uri())
    browser.execute_script("""
      var img = document.createElement('img'); img.src = 'https://cdn.invalid/x.png'; document.body.appendChild(img);
      var s = document.createElement('script'); s.src = 'https://cdn.invalid/x.js'; document.body.appendChild(s);""")
    wait_for(browser, "return document.readyState === 'complete'")
    blocked: dict[str, str] = {}
    console, urls = drain_logs(browser, blocked=blocked)
    assert [u for u in urls if "cdn.invalid" in u] == []
    assert blocked == {"https://cdn.invalid/x.png": "csp", "https://cdn.invalid/x.js": "csp"}
    assert any("Content Security Policy" in e["message"] for e in console)


def test_documents_page_opens_the_network_on_one_document(browser, tiny_site: Path) -> None:
    browser.get((tiny_site / "documents.html").as_uri())
    browser.find_element(By.CSS_SELECTOR, 'a[href="graph.html#doc=2015-11-29-decision"]').click()
    wait_for(browser, "return window.PG && window.PG.ready")
    assert browser.execute_script("return PG.visibleNodeIds()") == [
        "b-city-gov", "b-county-gov", "b-cpad", "m-2015-11-29-decision-a29"]
    ticked = [b.get_attribute("value") for b in browser.find_elements(By.CSS_SELECTOR, 'input[data-key="docs"]')
              if b.is_selected()]
    assert ticked == ["0"]
    assert_clean(browser)
