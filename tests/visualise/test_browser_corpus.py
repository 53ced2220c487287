"""The pages of the real corpus in a headless browser: load, count, filter, search, click."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from harness import click_node, drain_logs, leaves_machine, screenshot, wait_for
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

pytestmark = pytest.mark.browser

CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus"
PREFIX = "PREFIX pg: <https://w3id.org/policy-graph/ontology#>\n"


def _open_graph(driver, site: Path) -> None:
    driver.get((site / "graph.html").as_uri())
    wait_for(driver, "return window.PG && window.PG.ready", timeout=120)


def _assert_clean(driver) -> None:
    blocked: dict[str, str] = {}  # a page that even tries to reach out (blocked by its CSP) is a bug too
    console, urls = drain_logs(driver, blocked=blocked)
    assert blocked == {}, blocked
    assert console == [], console
    assert [u for u in urls if leaves_machine(u)] == []


def test_every_page_loads_without_errors_or_external_requests(browser, corpus_site: Path) -> None:
    drain_logs(browser)
    for page in sorted(corpus_site.glob("*.html")):
        browser.get(page.as_uri())
        if page.name == "graph.html":
            wait_for(browser, "return window.PG && window.PG.ready", timeout=120)
        assert browser.execute_script("return document.readyState") == "complete"
        _assert_clean(browser)
        if not page.name.startswith("evidence-") or "2018-08-30" in page.name or "2015-11-29-decision" in page.name:
            screenshot(browser, "corpus-" + page.stem)


def _visible(driver) -> dict[str, int]:
    return driver.execute_script("""
      var c = {}; PG.visibleNodeIds().forEach(function (id) { var k = PG.nodes.get(id).kind; c[k] = (c[k] || 0) + 1; });
      return c;""")


def test_node_count_equals_the_graph(browser, corpus_site: Path, corpus_graph) -> None:
    n_bodies = len(list(corpus_graph.query(PREFIX + "SELECT DISTINCT ?b WHERE { ?b a pg:Body }")))
    n_measures = len(list(corpus_graph.query(PREFIX + "SELECT DISTINCT ?m WHERE { ?m a pg:Measure }")))
    n_works = len(list(corpus_graph.query(PREFIX + "SELECT DISTINCT ?w WHERE { ?w a pg:Work }")))
    _open_graph(browser, corpus_site)
    in_page = browser.execute_script("return PG.nodes.get({filter: n => n.kind === 'body' || n.kind === 'measure'}).length")
    assert in_page == n_bodies + n_measures
    default = _visible(browser)
    assert 0 < default["body"] <= 120  # the busiest bodies first, not a hairball
    assert not {"doc", "population", "target"} & set(default)  # toggled in, not piled in
    for box in ("show-all", "show-orphans", "show-docs"):
        browser.find_element(By.ID, box).click()
    shown = _visible(browser)
    assert (shown["body"], shown["measure"], shown["doc"]) == (n_bodies, n_measures, n_works)
    for box in ("show-pops", "show-targets"):
        browser.find_element(By.ID, box).click()
    shown = _visible(browser)
    assert shown.get("population", 0) > 0 and shown.get("target", 0) > 0
    wait_for(browser, "return !PG.settling", timeout=120)
    screenshot(browser, "corpus-graph-everything")
    _assert_clean(browser)


def test_filters_hide_what_they_should(browser, corpus_site: Path) -> None:
    _open_graph(browser, corpus_site)
    browser.find_element(By.ID, "show-all").click()
    levels = browser.execute_script("return PG.visibleNodeIds().map(id => PG.nodes.get(id).level).filter(Boolean)")
    assert "provincial" in levels
    browser.find_element(By.CSS_SELECTOR, 'input[data-key="levels"][value="provincial"]').click()
    levels = browser.execute_script("return PG.visibleNodeIds().map(id => PG.nodes.get(id).level).filter(Boolean)")
    assert levels and "provincial" not in levels
    wait_for(browser, "return !PG.settling", timeout=120)
    screenshot(browser, "corpus-graph-no-provincial")
    # role: no support edge left once support is unticked; lead edges stay
    browser.find_element(By.CSS_SELECTOR, 'input[data-key="roles"][value="support"]').click()
    roles = set(browser.execute_script("return PG.visibleEdgeIds().map(id => PG.edges.get(id).role)"))
    assert "support" not in roles and roles
    # document: only the Hubei plan → every visible measure belongs to it
    browser.find_element(By.CSS_SELECTOR, 'button[data-all="levels"]').click()
    browser.find_element(By.CSS_SELECTOR, 'button[data-all="roles"]').click()
    browser.find_element(By.CSS_SELECTOR, 'button[data-none="docs"]').click()
    labels = browser.find_elements(By.CSS_SELECTOR, "#f-docs label")
    hubei = next(lab for lab in labels if lab.text.startswith("湖北省"))
    hubei.click()
    index = int(hubei.find_element(By.TAG_NAME, "input").get_attribute("value"))
    docs = browser.execute_script("""return PG.visibleNodeIds().map(id => PG.nodes.get(id))
                                        .filter(n => n.kind === 'measure').map(n => n.docs)""")
    assert docs and all(d == [index] for d in docs)
    wait_for(browser, "return !PG.settling", timeout=120)
    screenshot(browser, "corpus-graph-hubei-only")
    _assert_clean(browser)


def _search(driver, text: str) -> str:
    box = driver.find_element(By.ID, "search")
    box.clear()
    box.send_keys(text)
    first = driver.find_element(By.CSS_SELECTOR, "#search-results li")
    node = first.get_attribute("data-node")
    box.send_keys(Keys.ENTER)
    return node


def _source_text() -> str:
    return "".join(re.sub(r"\s", "", p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.txt")))


def test_search_finds_the_provincial_poverty_office_by_name_and_longer_form(browser, corpus_site: Path) -> None:
    _open_graph(browser, corpus_site)
    assert _search(browser, "省扶贫办") == "b-hb-cpad"
    panel = browser.find_element(By.ID, "details")
    assert panel.find_element(By.TAG_NAME, "h2").text == "省扶贫办"
    assert _search(browser, "湖北省扶贫办") == "b-hb-cpad"  # the name inside a longer form
    # a registered alias resolves to its body
    assert _search(browser, "国务院扶贫开发领导小组办公室") == "b-cpad"
    assert browser.find_element(By.ID, "details").find_element(By.TAG_NAME, "h2").text == "国务院扶贫办"
    _assert_clean(browser)


def test_clicking_a_node_shows_quotes_that_occur_in_the_source(browser, corpus_site: Path) -> None:
    _open_graph(browser, corpus_site)
    browser.execute_script("PG.network.focus('b-hb-cpad', {scale: 1.5, animation: false})")
    click_node(browser, "b-hb-cpad")
    panel = browser.find_element(By.ID, "details")
    assert panel.get_attribute("data-node") == "b-hb-cpad"
    quotes = [q.text for q in panel.find_elements(By.CSS_SELECTOR, ".quote")]
    assert len(quotes) >= 5
    source = _source_text()
    assert all(re.sub(r"\s", "", q) in source for q in quotes)
    assert "省扶贫办" in quotes[0]
    screenshot(browser, "corpus-graph-click")
    # the quote's link opens the evidence page at that fact, highlighted
    panel.find_element(By.CSS_SELECTOR, ".fact .src a").click()
    wait_for(browser, "return location.pathname.indexOf('evidence-') >= 0")
    flash = browser.find_element(By.CSS_SELECTOR, "#text .hl.flash")
    assert flash.text and re.sub(r"\s", "", flash.text) in re.sub(r"\s", "", quotes[0])
    screenshot(browser, "corpus-evidence-from-click")
    _assert_clean(browser)
