"""Stage 1, ingest: bytes → decoded sources → documents → works with a reconciled canonical text.

Entry point: :func:`load`. (Owned by the ingest work; see issue 3.)
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..model import IngestResult


def load(paths: Sequence[Path]) -> IngestResult:
    """Read files and folders (folders: their ``*.txt`` / ``*.md`` files, sorted), decode them,
    split compilations into documents, group copies of the same work and reconcile them.

    Never raises for a bad file: it becomes a :class:`~policy_graph.model.Problem` and the rest
    of the batch goes on.
    """
    raise NotImplementedError("ingest.load is being written")
