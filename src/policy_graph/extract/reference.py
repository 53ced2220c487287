"""Reference data of the extract stage, loaded once from ``data/reference/`` (YAML files).

Trigger words, the gazetteer and the schemes are data, not code: a new convention of the genre
is a line in a YAML file. Every loader is cached, so regexes are compiled once per process.
A malformed file raises :class:`~policy_graph.errors.ExtractionError` naming the file.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ..resources import reference_dir

from ..errors import ExtractionError


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed YAML file ``data/reference/<name>.yaml``."""
    path: Path = reference_dir() / f"{name}.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ExtractionError(f"cannot read reference data: {exc}", path=str(path)) from exc
    if not isinstance(data, dict) or "version" not in data:
        raise ExtractionError("reference data must be a mapping with a 'version'", path=str(path))
    return data


def alternation(words: list[str] | tuple[str, ...]) -> str:
    """A regex alternation of literal words, longest first (so 省委组织部 wins over 省委)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


@cache
def compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)
