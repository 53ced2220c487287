"""The offline query page in a real headless Chromium, against the served corpus build:
choose the named query `who`, type 健康扶贫, run, read the table. Every resource the page loads
comes from the server itself (no CDN)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator

import pytest

pytestmark = pytest.mark.browser

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1400,900")


@pytest.fixture(scope="module")
def chrome() -> Iterator[object]:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_bin = shutil.which("chromedriver")
    if not (browser and driver_bin):
        message = "chromium + chromium-driver not installed (apt-get install chromium chromium-driver)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " (required on CI)")
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must never reach the network
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="pg-serve-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(service=Service(driver_bin), options=options)
    driver.set_page_load_timeout(60)
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
