"""Session fixtures shared by every test package: one real build of the bundled corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("POLICY_GRAPH_TESTING", "1")


@pytest.fixture(scope="session")
def corpus_build(tmp_path_factory: pytest.TempPathFactory):
    """The default build on the bundled corpus, run once per test session (BuildResult)."""
    from policy_graph.pipeline import BuildConfig, build

    out = tmp_path_factory.mktemp("corpus-build") / "out"
    return build(BuildConfig(out=out))


@pytest.fixture(scope="session")
def corpus_out(corpus_build) -> Path:
    return corpus_build.config.out
