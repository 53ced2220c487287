"""Fixtures for the visualise tests: the tiny hand-made graph, rendered sites, a headless browser.

Browser harness: Debian ``chromium`` + ``chromium-driver`` driven by selenium, with the system
browser (/usr/bin/chromium, /usr/bin/chromedriver; Selenium Manager is never asked to download
anything). Tests that need it are marked ``@pytest.mark.browser``. Without chromium they are
skipped locally, but when ``CI=true`` they fail: CI must install the packages (.ci/run does).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from tiny import tiny_graph

SCREENSHOTS = Path(__file__).resolve().parents[1] / "_artifacts" / "screenshots"

CHROME_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--window-size=1400,900", "--lang=zh-CN",
)


def _find(*names: str) -> str | None:
    for name in names:
        if os.path.isabs(name):
            if os.access(name, os.X_OK):
                return name
            continue
        found = shutil.which(name)
        if found:
            return found
    return None


def chromium_paths() -> tuple[str | None, str | None]:
    """The browser and its driver: $PG_CHROMIUM / $PG_CHROMEDRIVER when set, else the Debian paths."""
    browser = os.environ.get("PG_CHROMIUM")
    driver = os.environ.get("PG_CHROMEDRIVER")
    return (_find(browser) if browser else _find("/usr/bin/chromium", "chromium", "chromium-browser"),
            _find(driver) if driver else _find("/usr/bin/chromedriver", "chromedriver"))


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def browser_policy(found: bool, ci: bool) -> str:
    """What browser tests do: "run" with chromium, else "fail" in CI (CI=true) and "skip" locally."""
    return "run" if found else ("fail" if ci else "skip")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    browser, driver = chromium_paths()
    if browser_policy(bool(browser and driver), _in_ci()) != "skip":
        return  # in CI a missing browser makes the `browser` fixture fail, never skip
    mark = pytest.mark.skip(reason="chromium + chromium-driver not installed (apt-get install chromium chromium-driver)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(mark)


@pytest.fixture(scope="session")
def tiny():
    return tiny_graph()


@pytest.fixture(scope="session")
def tiny_site(tiny, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from policy_graph.visualise import render_site

    out = tmp_path_factory.mktemp("tiny-site")
    render_site(tiny, out)
    return out


@pytest.fixture(scope="session")
def corpus_graph(corpus_build):
    return corpus_build.graph


@pytest.fixture(scope="session")
def corpus_site(corpus_graph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from policy_graph.visualise import render_site

    out = tmp_path_factory.mktemp("corpus-site")
    render_site(corpus_graph, out)
    return out


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    browser_bin, driver_bin = chromium_paths()
    if browser_policy(bool(browser_bin and driver_bin), _in_ci()) != "run":
        pytest.fail("chromium/chromedriver are missing (CI=true: browser tests must run): "
                    "apt-get install chromium chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must never reach the network
    options = webdriver.ChromeOptions()
    options.binary_location = browser_bin
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="pg-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_bin), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="session")
def http_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A localhost HTTP server over a folder the tests fill: (folder, base URL)."""
    root = tmp_path_factory.mktemp("served")

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield root, f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# ---------------------------------------------------------------------------------------------
# helpers used by the browser tests
# ---------------------------------------------------------------------------------------------

LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")


def leaves_machine(url: str) -> bool:
    """True for a request that goes over the network to another host.

    file:, data:, blob:, about: and the browser's own chrome:// pages (its new-tab page loads
    some at start-up) never leave the machine; http(s)/ws(s)/ftp must go to localhost.
    """
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme in ("http", "https", "ws", "wss", "ftp"):
        return (parts.hostname or "") not in {h.strip("[]") for h in LOCAL_HOSTS}
    return parts.scheme not in ("file", "data", "blob", "about", "chrome", "chrome-untrusted", "chrome-error",
                                "devtools")


def drain_logs(driver, *, blocked: dict[str, str] | None = None) -> tuple[list[dict], list[str]]:
    """(console errors, URLs the page requested) since the last call.

    A request the browser blocked before sending (Content-Security-Policy) is not a request that
    left: it is left out of the URLs and, when ``blocked`` is given, recorded there as url → reason.
    """
    console = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
    sent: dict[str, str] = {}
    stopped: dict[str, str] = {}
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        params = msg.get("params", {})
        if msg.get("method") == "Network.requestWillBeSent":
            sent.setdefault(params["requestId"], params["request"]["url"])
        elif msg.get("method") == "Network.loadingFailed" and params.get("blockedReason"):
            stopped[params["requestId"]] = params["blockedReason"]
    if blocked is not None:
        blocked.update({url: stopped[rid] for rid, url in sent.items() if rid in stopped})
    return console, [url for rid, url in sent.items() if rid not in stopped]


def wait_for(driver, script: str, timeout: float = 60.0):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(lambda d: d.execute_script(script))


def screenshot(driver, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


def click_node(driver, node_id: str) -> None:
    """A real mouse click on a node of graph.html, at a point where that node is on top."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    point = driver.execute_script("""
      var id = arguments[0], net = PG.network, box = net.getBoundingBox(id);
      var c = net.getPosition(id), w = box.right - box.left, h = box.bottom - box.top;
      var tries = [[0, 0], [0.25, 0], [-0.25, 0], [0, 0.25], [0, -0.25], [0.3, 0.3], [-0.3, -0.3], [0.3, -0.3], [-0.3, 0.3]];
      for (var i = 0; i < tries.length; i++) {
        var p = net.canvasToDOM({x: c.x + tries[i][0] * w, y: c.y + tries[i][1] * h});
        if (net.getNodeAt(p) === id) return [p.x, p.y];
      }
      return null;""", node_id)
    assert point is not None, f"{node_id} is covered by other nodes everywhere"
    canvas = driver.find_element(By.CSS_SELECTOR, "#network canvas")
    ActionChains(driver).move_to_element_with_offset(
        canvas, int(point[0] - canvas.size["width"] / 2), int(point[1] - canvas.size["height"] / 2)).click().perform()
