"""Fixtures for the visualise tests: the tiny hand-made graph, rendered sites, a headless browser.

Browser harness: Debian ``chromium`` + ``chromium-driver`` driven by selenium, with the system
browser (/usr/bin/chromium, /usr/bin/chromedriver; Selenium Manager is never asked to download
anything). Tests that need it are marked ``@pytest.mark.browser``. Without chromium they are
skipped locally, but when ``CI=true`` they fail: CI must install the packages (.ci/run does).
"""

from __future__ import annotations

import shutil
import sys
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from harness import browser_policy, chromium_paths, in_ci, new_driver
from tiny import tiny_graph


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    browser, driver = chromium_paths()
    if browser_policy(bool(browser and driver), in_ci()) != "skip":
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
    if browser_policy(bool(browser_bin and driver_bin), in_ci()) != "run":
        pytest.fail("chromium/chromedriver are missing (CI=true: browser tests must run): "
                    "apt-get install chromium chromium-driver")
    driver, profile = new_driver(browser_bin, driver_bin)  # type: ignore[arg-type]
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


