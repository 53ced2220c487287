"""The offline query page in a real headless Chromium, against the served corpus build:
choose the named query `who`, type 健康扶贫, run, read the table. Every resource the page loads
comes from the server itself (no CDN)."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# the one browser harness (Debian chromium + chromium-driver, never a download) lives with the
# visualise tests; its policy: a missing browser skips locally and fails on CI (CI=true)
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "visualise"))
from harness import browser_policy, chromium_paths, in_ci, new_driver

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chrome() -> Iterator[object]:
    browser, driver_bin = chromium_paths()
    policy = browser_policy(bool(browser and driver_bin), in_ci())
    message = "chromium + chromium-driver not installed (apt-get install chromium chromium-driver)"
    if policy == "fail":
        pytest.fail(message + " (required on CI)")
    if policy == "skip":
        pytest.skip(message)
    driver, profile = new_driver(browser, driver_bin)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def test_named_query_with_a_parameter_from_the_page(chrome, corpus_server) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.select import Select
    from selenium.webdriver.support.ui import WebDriverWait

    driver = chrome
    driver.get(corpus_server.url + "/query")
    wait = WebDriverWait(driver, 60)
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#named option")) > 1)
    select = Select(driver.find_element(By.ID, "named"))
    who = next(o.get_attribute("value") for o in select.options if o.text.startswith("who "))
    select.select_by_value(who)
    box = wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "#params input[name=text]")))
    box.send_keys("健康扶贫")
    driver.find_element(By.CSS_SELECTOR, "#form button[type=submit]").click()
    wait.until(lambda d: "row(s)" in d.find_element(By.ID, "status").text)
    table = driver.find_element(By.CSS_SELECTOR, "#results table").text
    assert "聚焦健康扶贫" in table and "深入实施健康扶贫工程" in table and "省卫生计生委" in table
    resources = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert resources and all(r.startswith(corpus_server.url) for r in resources), resources


def test_hand_written_query_and_escaping(chrome, corpus_server) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver = chrome
    driver.get(corpus_server.url + "/query")
    area = driver.find_element(By.ID, "query")
    area.clear()
    area.send_keys('SELECT ?x WHERE { BIND("<b>not bold</b>" AS ?x) }')
    driver.find_element(By.CSS_SELECTOR, "#form button[type=submit]").click()
    WebDriverWait(driver, 60).until(lambda d: "row(s)" in d.find_element(By.ID, "status").text)
    cell = driver.find_element(By.CSS_SELECTOR, "#results td")
    assert cell.text == "<b>not bold</b>"  # shown as text, not markup
    assert not driver.find_elements(By.CSS_SELECTOR, "#results b")
