"""Scale corpora: N perturbed copies of the bundled corpus, so every copy stays a distinct set of works.

Why perturb, and how: ``ingest`` groups pieces into works by their normalised title, then by
content inside a title group. Plain copies would collapse into the original works (witnesses of
one work), and the benchmark would measure deduplication, not throughput. Copy ``k`` therefore
gets, consistently across all five source files of that copy (so its own witnesses still meet
and reconcile, exactly as in the real corpus):

* a place token (``青川县``…) inserted into every work title — after ``关于`` in official titles
  (``…关于青川县打赢脱贫攻坚战的决定``, so the kind suffix 决定/意见 stays), in front of the others —
  and into every ``关于…`` citation of those titles, so cross-references still resolve;
* 湖北 replaced by another province;
* the day of every full date shifted (years untouched: the year-substitution flag still fires);
* quantities (numbers followed by 万/亿/%/个/人/户…) nudged by a copy-dependent amount.

File names keep the original prefix behind a copy number (``c0012000_<hash>.txt``) so witness
ids stay unique. Output is deterministic; a manifest lets a second call reuse the folder.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

GENERATOR = "pg.bench.scale.v1"

# Two characters each for the place tokens: 40 x 40 = 1600 distinct tokens before a third char.
_FIRST = "青白石安永平长宁新兴德昌泰和丰福清远南北东西金龙凤云华文明光顺广庆定康乐临江山阳河溪林"
_SECOND = "川水河山林源州阳城岭峰溪田湖泉台坪坝岗桥塘坡冈沟湾渡滩洲岩峪池塔堡营寨庄店集口门关"
PROVINCES = (
    "湖北", "河北", "山西", "辽宁", "吉林", "江苏", "浙江", "安徽", "福建", "江西", "山东", "河南",
    "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海",
)
_QUANTITY = re.compile(r"(?<![\d.])(\d{1,4})(?=(?:\.\d+)?(?:万|亿|%|％|个|人|户|元|所|项|倍|名|家|亩))")
_DATE_ZH = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_DATE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def place_token(k: int) -> str:
    """A distinct, Chinese-looking county name for copy ``k`` (never empty, never numeric)."""
    a, rest = _FIRST[k % len(_FIRST)], k // len(_FIRST)
    b, rest = _SECOND[rest % len(_SECOND)], rest // len(_SECOND)
    extra = _FIRST[rest % len(_FIRST)] if rest else ""
    return f"{a}{b}{extra}县"


def retitle(title: str, token: str) -> str:
    if "关于" in title:
        head, tail = title.split("关于", 1)
        return f"{head}关于{token}{tail}"
    return f"{token}{title}"


def title_variants(titles: list[str]) -> list[str]:
    """Every spelling to replace: the titles, without spaces, and their ``关于…`` cores."""
    out: set[str] = set()
    for t in titles:
        t = t.strip()
        if len(t) < 4:
            continue
        out.add(t)
        out.add(t.replace(" ", ""))
        if "关于" in t:
            core = "关于" + t.split("关于", 1)[1]
            for stop in ("》", "”", "\""):
                core = core.split(stop, 1)[0]
            if len(core) >= 6:
                out.add(core)
    return sorted(out, key=lambda s: (-len(s), s))


def _shift_day(day: int, shift: int) -> int:
    return (day - 1 + shift) % 28 + 1


def perturb(text: str, k: int, variants: list[str]) -> str:
    """Copy ``k`` of one source text (``k == 0`` perturbs too: every copy is new)."""
    token = place_token(k)
    if variants:
        pattern = re.compile("|".join(re.escape(v) for v in variants))
        text = pattern.sub(lambda m: retitle(m.group(0), token), text)
    province = PROVINCES[k % len(PROVINCES)]
    if province != "湖北":
        text = text.replace("湖北", province)
    shift = 1 + k % 27
    text = _DATE_ZH.sub(lambda m: f"{m.group(1)}年{m.group(2)}月{_shift_day(int(m.group(3)), shift)}日", text)
    text = _DATE_ISO.sub(lambda m: f"{m.group(1)}-{m.group(2)}-{_shift_day(int(m.group(3)), shift):02d}", text)
    nudge = 1 + k % 9
    return _QUANTITY.sub(lambda m: str(int(m.group(1)) + nudge), text)


def corpus_titles(sources: list[Path]) -> list[str]:
    """Titles of the works and witnesses ``ingest`` finds in the real corpus."""
    from policy_graph.ingest import load

    result = load(sources)
    titles = {w.title for w in result.works}
    titles |= {x.title for w in result.works for x in w.witnesses}
    return sorted(titles)


def _source_files(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.iterdir() if p.is_file() and p.suffix.lower() in (".txt", ".md"))


def copy_name(k: int, name: str) -> str:
    prefix, _, rest = name.partition("_")
    return f"c{k:04d}{prefix}_{rest}" if rest else f"c{k:04d}_{name}"


def generate(factor: int, out: Path, *, corpus: Path | None = None) -> Path:
    """Write ``factor`` perturbed copies of ``corpus`` (default: the bundled one) into ``out``.

    Returns ``out``. Reuses the folder when its manifest says it already holds this corpus.
    """
    from policy_graph import resources

    corpus = corpus or resources.corpus_dir()
    files = _source_files(corpus)
    digest = hashlib.sha256()
    for f in files:
        digest.update(f.name.encode() + b"\0" + f.read_bytes())
    manifest = {"generator": GENERATOR, "factor": factor, "corpus_sha256": digest.hexdigest()}
    mpath = out / "MANIFEST.json"
    if mpath.exists():
        try:
            if json.loads(mpath.read_text(encoding="utf-8")) == manifest:
                return out
        except (OSError, ValueError):
            pass
    out.mkdir(parents=True, exist_ok=True)
    for old in out.iterdir():
        if old.is_file():
            old.unlink()
    variants = title_variants(corpus_titles(files))
    texts = [(f.name, f.read_text(encoding="utf-8")) for f in files]
    for k in range(factor):
        for name, text in texts:
            (out / copy_name(k, name)).write_text(perturb(text, k, variants), encoding="utf-8")
    mpath.write_text(json.dumps(manifest, sort_keys=True), encoding="utf-8")
    return out


def corpus_chars(path: Path) -> int:
    """Characters of input text (what the chars/s figures divide by)."""
    return sum(len(p.read_text(encoding="utf-8")) for p in _source_files(path))


if __name__ == "__main__":  # python bench/scale.py 10 bench/work/corpus-x10
    print(generate(int(sys.argv[1]), Path(sys.argv[2])))
