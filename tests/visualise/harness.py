"""The browser harness: Debian chromium + chromium-driver driven by selenium, and its checks.

The system browser is used as installed (/usr/bin/chromium, /usr/bin/chromedriver, or
$PG_CHROMIUM / $PG_CHROMEDRIVER); Selenium Manager is never asked to download anything. Browser
tests are marked ``@pytest.mark.browser``: without chromium they are skipped locally and fail in
CI (``CI=true``). Helpers here are imported by the tests (a module name of its own, so it never
collides with another ``conftest``).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

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


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def new_driver(browser_bin: str, driver_bin: str) -> tuple[object, str]:
    """A headless chromium with a fresh profile and the browser + network logs: (driver, profile dir)."""
    import tempfile

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
    return driver, profile


def browser_policy(found: bool, ci: bool) -> str:
    """What browser tests do: "run" with chromium, else "fail" in CI (CI=true) and "skip" locally."""
    return "run" if found else ("fail" if ci else "skip")


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
    if point is None:
        # label widths depend on the machine's fonts, so a layout may stack nodes: move this one
        # clear of the others (as a reader drags it) and look again
        point = driver.execute_script("""
          var id = arguments[0], net = PG.network, ids = PG.visibleNodeIds(), right = -Infinity, top = Infinity;
          ids.forEach(function (n) { if (n === id) return; var b = net.getBoundingBox(n);
            right = Math.max(right, b.right); top = Math.min(top, b.top); });
          var box = net.getBoundingBox(id), w = box.right - box.left;
          net.moveNode(id, right + w, top); net.fit(); net.redraw();
          var c = net.getPosition(id), p = net.canvasToDOM(c);
          return net.getNodeAt(p) === id ? [p.x, p.y] : null;""", node_id)
    assert point is not None, f"{node_id} is covered by other nodes everywhere"
    canvas = driver.find_element(By.CSS_SELECTOR, "#network canvas")
    ActionChains(driver).move_to_element_with_offset(
        canvas, int(point[0] - canvas.size["width"] / 2), int(point[1] - canvas.size["height"] / 2)).click().perform()
