"""HTML: source text is always escaped.

A corpus line holding ``<script>alert(1)</script>``, ``"quotes"`` and ``&amp;`` inside an
obligation sentence is built; every HTML page of the build (and the server's page for the
obligation) is opened in headless Chromium: no alert may fire, and the sentence must be visible
as text. ``window.alert``/``confirm``/``prompt`` are replaced before any page script runs, so a
call is recorded even when it happens in an event handler after load.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from . import hostile
from .conftest import assert_clean_exit, cli, start_server, stop_server

PAYLOAD = "<script>alert(1)</script>"
TRAP = """
window.__alerts = [];
for (const name of ['alert', 'confirm', 'prompt']) {
  window[name] = function (message) { window.__alerts.push(name + ':' + message); };
}
"""

#: Open what a reader would open: matrix cells, level cards, search hits, sortable headers,
#: buttons, in-page links (at most 60 of each page), hovering each first.
INTERACT = """
var sel = 'td.cell, .card, li[data-node], th[data-body], button, summary, a[href^="#"]';
Array.from(document.querySelectorAll(sel)).slice(0, 60).forEach(function (e) {
  try { e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})); e.click(); } catch (x) {}
});
"""

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def xss_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("xss")
    hostile.write_corpus(root / "corpus", names=("xss.txt", "good.txt"))
    out = root / "out"
    assert_clean_exit(cli("build", root / "corpus", "--out", out), 0)
    return out


def _visualise_harness():  # type: ignore[no-untyped-def]
    """tests/visualise/harness.py (the visualise tests' browser setup), loaded by path under a name
    of its own; None when it is not there."""
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "visualise" / "harness.py"
    spec = importlib.util.spec_from_file_location("pg_reliability_visualise_harness", path)
    if not path.is_file() or spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Chromium (Debian chromium + chromium-driver), through the visualise tests' harness
    when it is there, with dialogs trapped before any page script runs."""
    webdriver = pytest.importorskip("selenium.webdriver")
    harness = _visualise_harness()
    if harness is not None:
        chromium, driver_path = harness.chromium_paths()
    else:
        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        driver_path = shutil.which("chromedriver")
    assert chromium and driver_path, "chromium and chromedriver are needed (apt-get install chromium chromium-driver)"
    profile = None
    if harness is not None:
        driver, profile = harness.new_driver(chromium, driver_path)
    else:
        options = webdriver.ChromeOptions()
        options.binary_location = chromium
        for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
            options.add_argument(arg)
        driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=driver_path))
        driver.set_page_load_timeout(60)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": TRAP})
    yield driver
    driver.quit()
    if profile:
        shutil.rmtree(profile, ignore_errors=True)


def _visit(driver, url: str) -> tuple[list[str], str]:  # type: ignore[no-untyped-def]
    """Open ``url``; return the recorded alert calls and the page's visible text."""
    from selenium.common.exceptions import NoAlertPresentException

    driver.get(url)
    driver.execute_script(INTERACT)
    time.sleep(0.3)  # let onerror / timers of injected markup run (they would be recorded)
    try:
        native = driver.switch_to.alert.text  # a real dialog: the trap was bypassed
        driver.switch_to.alert.dismiss()
        alerts = [f"native:{native}"]
    except NoAlertPresentException:
        alerts = []
    alerts += driver.execute_script("return window.__alerts || []")
    text = driver.execute_script("return document.body ? document.body.innerText : ''")
    return alerts, text


def test_raw_html_never_holds_the_payload_unescaped(xss_build: Path) -> None:
    pages = sorted(xss_build.rglob("*.html"))
    assert pages, "the build wrote no HTML pages"
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert PAYLOAD not in html, f"{page.name}: the source text is inserted unescaped"


def test_every_page_in_the_browser(xss_build: Path, browser) -> None:  # type: ignore[no-untyped-def]
    pages = sorted(xss_build.rglob("*.html"))
    shown, titles = [], []
    for page in pages:
        alerts, text = _visit(browser, page.as_uri())
        assert alerts == [], f"{page.relative_to(xss_build)}: script from the source text ran: {alerts}"
        if PAYLOAD in text:
            shown.append(page.name)
        if "<img src=x onerror=alert(3)>" in text:  # the item title: a measure label
            titles.append(page.name)
    assert shown, f"the sentence with {PAYLOAD} is not visible as text on any of {len(pages)} pages"
    assert titles, "the item title with markup is not visible as text on any page"


def test_server_page_escapes_the_quote(xss_build: Path, browser) -> None:  # type: ignore[no-untyped-def]
    """The linked-data HTML page of the obligation carrying the payload, served and rendered."""
    nt = (xss_build / "graph.nt").read_text(encoding="utf-8")
    def holding(marker: str) -> list[str]:
        return sorted({line.split(" ", 1)[0][1:-1] for line in nt.split("\n") if marker in line and line.startswith("<")})

    holders = holding("alert(1)")[:4] + holding("alert(3)")[:4]  # the sentence; the item title (a measure)
    assert holding("alert(1)") and holding("alert(3)"), "no resource carries the payloads"
    proc, url = start_server(xss_build, timeout=5)
    try:
        base = "https://w3id.org/policy-graph/"
        for iri in holders:
            page = url + "/" + iri[len(base):] if iri.startswith(base) else None
            assert page, iri
            html = httpx.get(page, headers={"Accept": "text/html"}, timeout=30)
            assert html.status_code == 200 and PAYLOAD not in html.text
            assert "<img src=x onerror=alert(3)>" not in html.text, page
            alerts, text = _visit(browser, page)
            assert alerts == [], (page, alerts)
            assert "alert(1)" in text or "<img src=x onerror=alert(3)>" in text, page
        # the query page renders result rows from the data: run a query that returns the payload
        browser.get(url + "/query")
        box = browser.find_element("id", "query")
        box.clear()
        box.send_keys('SELECT ?quote WHERE { ?s ?p ?quote FILTER(CONTAINS(STR(?quote), "alert(1)")) } LIMIT 20')
        browser.execute_script("document.getElementById('form').requestSubmit()")
        deadline = time.monotonic() + 60  # safety net
        while "row(s)" not in browser.find_element("id", "status").text:
            assert time.monotonic() < deadline, browser.find_element("id", "status").text
            time.sleep(0.2)
        time.sleep(0.3)
        assert browser.execute_script("return window.__alerts || []") == []
        assert PAYLOAD in browser.execute_script("return document.body.innerText")
    finally:
        stop_server(proc)
