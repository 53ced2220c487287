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

from ..errors import ExtractionError
from ..resources import reference_dir

# libyaml's safe loader when PyYAML was built with it (its wheels are): the same documents, ~8x
# faster than the pure-Python one, which was a third of the extract stage on the bundled corpus
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed YAML file ``data/reference/<name>.yaml``."""
    path: Path = reference_dir() / f"{name}.yaml"
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except OSError as exc:
        raise ExtractionError(f"cannot read reference data: {exc.strerror or exc}", path=str(path)) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or " ".join(str(exc).split())
        raise ExtractionError(f"invalid YAML{where}: {problem}", path=str(path)) from exc
    if not isinstance(data, dict) or "version" not in data:
        raise ExtractionError("reference data must be a mapping with a 'version'", path=str(path))
    return data


def alternation(words: list[str] | tuple[str, ...]) -> str:
    """A regex alternation of literal words, longest first (so 省委组织部 wins over 省委)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


@cache
def compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)
