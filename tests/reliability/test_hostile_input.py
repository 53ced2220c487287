"""Hostile input: every bad file gets one line naming it, the others build, nothing crashes.

The corpus is generated into tmp_path by :mod:`hostile` (see the case list there for what each
file contains and why). The CLI runs in a subprocess exactly as a user would run it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from . import hostile
from .conftest import assert_clean_exit, cli, cli_env, lines_naming

BAD = sorted(c.name for c in hostile.CASES if c.expect == "bad")
EITHER = sorted(c.name for c in hostile.CASES if c.expect == "either")
CLEAN = sorted(c.name for c in hostile.CASES if c.expect == "clean")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile") / "corpus"
    hostile.write_corpus(folder)
    return folder


@pytest.fixture(scope="module")
def run(corpus: Path) -> tuple[subprocess.CompletedProcess[str], Path]:
    out = corpus.parent / "out"  # a narrow terminal: problem lines must still be one line each
    return cli("build", corpus, "--out", out, env=cli_env(COLUMNS="40")), out


@pytest.fixture(scope="module")
def ingested(corpus: Path):  # type: ignore[no-untyped-def]
    from policy_graph.ingest import load

    return load([corpus])


def test_case_list_is_complete(corpus: Path) -> None:
    """Guard against a silently shrinking suite: every case was written, each kind is present."""
    assert len(hostile.CASES) == 25
    assert len(BAD) >= 5 and len(EITHER) >= 3 and len(CLEAN) >= 16
    assert sorted(p.name for p in corpus.iterdir()) == sorted(c.name for c in hostile.CASES)


def test_build_survives_the_hostile_corpus(run: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    proc, out = run
    assert_clean_exit(proc, 0)
    for name in ("graph.ttl", "graph.nt", "build.json", "report.md"):
        assert (out / name).is_file(), f"{name} missing; stderr:\n{proc.stderr[-3000:]}"


@pytest.mark.parametrize("name", BAD)
def test_bad_file_gets_exactly_one_line(run: tuple[subprocess.CompletedProcess[str], Path], name: str) -> None:
    proc, _ = run
    named = lines_naming(proc.stderr, name)
    assert len(named) == 1, f"{name}: expected one line naming it, got {named!r}\n{proc.stderr[-3000:]}"
    assert "error" in named[0].lower() or "warning" in named[0].lower(), named[0]


@pytest.mark.parametrize("name", EITHER + CLEAN)
def test_other_files_get_at_most_one_line(run: tuple[subprocess.CompletedProcess[str], Path], name: str) -> None:
    proc, _ = run
    named = lines_naming(proc.stderr, name)
    assert len(named) <= 1, f"{name}: {named!r}"
    if name in CLEAN:
        assert not any("error" in line.lower() for line in named), named


def _all_text(ingested) -> str:  # type: ignore[no-untyped-def]
    """Canonical texts plus every variant reading: what the build keeps of the input."""
    parts = []
    for work in ingested.works:
        parts.append(work.text)
        parts.extend(r.text for v in work.variants for r in v.readings)
    return unicodedata.normalize("NFKC", "\n".join(parts))


@pytest.mark.parametrize("name", [c.name for c in hostile.CASES if c.marker])
def test_text_is_kept_or_the_file_is_reported(ingested, name: str) -> None:  # type: ignore[no-untyped-def]
    """Nothing is lost silently: a file's marker sentence reaches the kept text unless the file
    was reported; a clean file must always reach it."""
    case = next(c for c in hostile.CASES if c.name == name)
    reported = [p for p in ingested.problems if Path(p.path).name == name]
    kept = case.marker in _all_text(ingested)
    if case.expect == "clean":
        assert kept, f"{name}: marker {case.marker} not in any work; problems: {reported}"
        assert not [p for p in reported if p.severity == "error"], reported
    else:
        assert kept or reported, f"{name}: neither kept nor reported"


def test_problems_are_single_lines_naming_a_file(ingested) -> None:  # type: ignore[no-untyped-def]
    names = {c.name for c in hostile.CASES}
    for problem in ingested.problems:
        assert "\n" not in problem.line() and "\r" not in problem.line(), repr(problem.line())
        assert Path(problem.path).name in names or any(n in problem.path for n in names), problem


def test_each_bad_file_is_one_problem(ingested) -> None:  # type: ignore[no-untyped-def]
    for name in BAD:
        mine = [p for p in ingested.problems if Path(p.path).name == name]
        assert len(mine) == 1, (name, mine)


def test_decoded_text_is_right(ingested) -> None:  # type: ignore[no-untyped-def]
    """GBK, GB18030 (outside GBK), UTF-16 with BOM and UTF-8 with BOM decode to the same characters."""
    text = _all_text(ingested)
    assert "省卫生计生委牵头" in text
    assert "𠮷" in text  # only GB18030 (4-byte sequence) can carry it
    assert "\ufeff关于" not in text  # a BOM is not text


def test_build_json_lists_problems_one_per_line(run: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    proc, out = run
    assert_clean_exit(proc, 0)
    problems = json.loads((out / "build.json").read_text(encoding="utf-8"))["problems"]
    for name in BAD:
        assert sum(name in p for p in problems) == 1, (name, problems)
    assert all("\n" not in p for p in problems)


def test_outputs_parse_and_carry_no_injected_triples(run: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    """Turtle/SPARQL-looking text stays inside literals: no IRI from the text leaks into the graph."""
    import pyoxigraph as ox

    proc, out = run
    assert_clean_exit(proc, 0)
    graph = Graph().parse(out / "graph.ttl", format="turtle")
    assert len(graph) > 100
    leaked = [t for t in graph for term in t if isinstance(term, URIRef) and "evil.example" in term]
    assert leaked == []
    nt = (out / "graph.nt").read_bytes()
    assert len(list(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES))) == len(nt.splitlines())
    for term in (t for triple in graph for t in triple if isinstance(t, URIRef)):
        assert str(term).isascii() and " " not in str(term), term


def test_missing_source_is_one_line_exit_2(tmp_path: Path) -> None:
    proc = cli("build", tmp_path / "no-such-file.txt", "--out", tmp_path / "out")
    assert_clean_exit(proc, 2)
    assert len(lines_naming(proc.stderr, "no-such-file.txt")) == 1, proc.stderr


def test_only_bad_files_is_one_line_each_and_exit_2(tmp_path: Path) -> None:
    """With nothing readable, the build says so (exit 2) and still names each bad file once."""
    folder = tmp_path / "corpus"
    hostile.write_corpus(folder, names=tuple(BAD))
    proc = cli("build", folder, "--out", tmp_path / "out")
    assert_clean_exit(proc, 2)
    for name in BAD:
        assert len(lines_naming(proc.stderr, name)) == 1, (name, proc.stderr)


@pytest.mark.slow
@pytest.mark.parametrize("path", ["--stream", "--no-stream"])
def test_giant_line_memory_is_bounded(tmp_path: Path, path: str) -> None:
    """A 50 MB file with no newline: refused with one line or processed, never a crash, and the
    child's peak RSS stays under 1.5 GB (measured by a fresh parent, so no other child counts).
    Both build paths: 50 MB of input would pick the streaming one by default."""
    folder = tmp_path / "corpus"
    hostile.write_corpus(folder, names=("good.txt",))
    size = hostile.write_giant_line(folder / "giant.txt", megabytes=50)
    assert size >= 50 * 1024 * 1024
    probe = (
        "import resource, subprocess, sys\n"
        "p = subprocess.run(sys.argv[1:], check=False, capture_output=True, text=True, encoding='utf-8', errors='replace')\n"
        "sys.stderr.write(p.stderr)\n"
        "print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    cmd = [sys.executable, "-c", probe, sys.executable, "-m", "policy_graph.cli", "build", str(folder),
           "--out", str(tmp_path / "out"), "--no-viz", path]
    proc = subprocess.run(cmd, check=False, capture_output=True, text=True, encoding="utf-8", errors="replace",
                          env=cli_env(), timeout=900)
    code, max_rss_kb = map(int, proc.stdout.split())
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert code == 0, proc.stderr[-3000:]
    assert len(lines_naming(proc.stderr, "giant.txt")) <= 1, proc.stderr[-3000:]
    print(f"giant line: peak RSS {max_rss_kb / 1024:.0f} MB")
    assert max_rss_kb < 1.5 * 1024 * 1024, f"peak RSS {max_rss_kb / 1024:.0f} MB"


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_query_output_prints_source_text_verbatim(run: tuple[subprocess.CompletedProcess[str], Path], fmt: str) -> None:
    """Quotes holding console markup (``[/i]``, ``[bold]``) are printed as they are, never parsed
    (rich would raise on ``[/i]``); a terminal table carries no raw escape sequence."""
    _, out = run
    proc = cli("query", "responsibilities", "--graph", out, "--format", fmt)
    assert_clean_exit(proc, 0)
    text = proc.stdout if fmt != "json" else json.dumps(json.loads(proc.stdout), ensure_ascii=False)
    if fmt == "table":
        # A terminal table folds long cells across lines, so look for each piece of markup as
        # literal text: had rich parsed it, "[bold]" would be gone and "[/i]" would have raised.
        for piece in ("[/i]", "[bold]", "[/bold]"):
            assert piece in text, f"{piece} was read as console markup"
        assert "\x1b" not in proc.stdout, "a raw escape sequence from the source reached the terminal"
    else:
        assert "[/i]审核[bold]材料[/bold]" in text, "the duty with console markup is missing or altered"


def test_parallel_analysis_equals_serial(ingested) -> None:  # type: ignore[no-untyped-def]
    """``--jobs 2`` sends the hostile works through worker processes (pickling every odd character):
    the sections, sentences and facts are exactly those of the serial run."""
    from policy_graph.pipeline import analyse

    works = list(ingested.works)
    assert len(works) >= 10
    serial = analyse(works, jobs=1)
    parallel = analyse(works, jobs=2)
    assert [d.sections for d, _ in parallel] == [d.sections for d, _ in serial]
    assert [d.sentences for d, _ in parallel] == [d.sentences for d, _ in serial]
    assert [e for _, e in parallel] == [e for _, e in serial]


@pytest.mark.slow
def test_streaming_build_survives_the_hostile_corpus(corpus: Path) -> None:
    """The large-corpus path (``--stream``: parts in worker processes, N-Quads into the store) on
    the same files: same one line per bad file, and every clean file's marker in graph.nq."""
    out = corpus.parent / "out-stream"
    proc = cli("build", corpus, "--out", out, "--stream")
    assert_clean_exit(proc, 0)
    for name in BAD:
        assert len(lines_naming(proc.stderr, name)) == 1, (name, proc.stderr[-3000:])
    nquads = (out / "graph.nq").read_text(encoding="utf-8")
    missing = [c.name for c in hostile.CASES if c.expect == "clean" and c.marker not in nquads]
    assert missing == [], f"text of {missing} never reached the store"
