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


@pytest.fixture(scope="session")
def corpus_ingest():
    """The bundled corpus through the ingest stage (works with their canonical texts)."""
    from policy_graph import resources
    from policy_graph.ingest import load

    return load([resources.corpus_dir()])


@pytest.fixture(scope="session")
def work_titled(corpus_ingest):
    """work_titled("三年行动的指导意见") → the one work whose title contains the fragment."""

    def find(fragment: str, kind: str | None = None):
        hits = [w for w in corpus_ingest.works if fragment in w.title and (kind is None or w.kind == kind)]
        assert len(hits) == 1, [w.title for w in hits]
        return hits[0]

    return find
