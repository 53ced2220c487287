"""Load queries/*.rq once, with the question and parameters read from the header comment."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .. import resources
from ..errors import QueryError

_CJK = re.compile(r"[\u4e00-\u9fff]")
_PARAM = re.compile(r"\?([A-Za-z_][A-Za-z0-9_]*)")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    text: str
    question_zh: str
    question_en: str
    params: tuple[tuple[str, str], ...]  # (variable, description)

    @property
    def kind(self) -> str:
        if self.name.endswith("-violation"):
            return "violation"
        if self.name.startswith("construct-"):
            return "construct"
        return "report"


def _header(text: str) -> list[str]:
    lines = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        lines.append(stripped.lstrip("#").strip())
    return lines


def parse(path: Path) -> NamedQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"cannot read query: {exc}", path=str(path)) from None
    header = _header(text)
    zh = en = ""
    params: list[tuple[str, str]] = []
    for line in header:
        _label, sep, rest = line.partition(":")
        body = rest.strip() if sep else line
        if line.lower().startswith(("param", "bind")) or _PARAM.match(line):
            for var in _PARAM.findall(line):
                params.append((var, line.split("?" + var, 1)[-1].lstrip(" :—-").strip()))
        elif not zh and _CJK.search(body):
            zh = body
        elif not en and body.endswith("?") and not _CJK.search(body):
            en = body
    seen: set[str] = set()
    unique = tuple(p for p in params if not (p[0] in seen or seen.add(p[0])))
    return NamedQuery(path.stem, path, text, zh, en, unique)


@cache
def catalogue() -> tuple[NamedQuery, ...]:
    """Every named query shipped in queries/, sorted by name."""
    return tuple(parse(p) for p in sorted(resources.queries_dir().glob("*.rq")))


def resolve(name_or_path: str) -> NamedQuery:
    """A query by name (``who``), file name (``who.rq``) or path to any .rq file."""
    path = Path(name_or_path)
    if path.suffix == ".rq" and path.exists():
        return parse(path)
    stem = path.name.removesuffix(".rq")
    for q in catalogue():
        if q.name == stem:
            return q
    names = ", ".join(q.name for q in catalogue())
    raise QueryError(f"no such query (named queries: {names})", path=name_or_path)
