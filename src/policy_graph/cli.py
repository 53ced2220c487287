"""The ``policy-graph`` command: thin click wrappers over library functions.

Exit codes (documented in README): 0 ok · 1 data does not conform / violations found ·
2 input, usage or configuration error · 3 internal error. Expected failures print one line on
stderr naming the file and the problem, never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from .errors import PolicyGraphError

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_VIOLATIONS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3

FORMAT_OPTION = click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True,
    help="Output format.",
)
GRAPH_OPTION = click.option(
    "--graph", "graph_path", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
    help="An output folder of `build`, an Oxigraph store folder, or a graph file (.ttl, .nt, .jsonld).",
)


def _fail(message: str, code: int) -> None:
    click.echo(f"policy-graph: {message}", err=True)
    sys.exit(code)


def handle_errors(func: F) -> F:
    """Turn expected errors into one line on stderr and a documented exit code."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except PolicyGraphError as exc:
            _fail(f"error: {exc}", exc.exit_code)
        except KeyboardInterrupt:
            _fail("interrupted", 130)
        except (BrokenPipeError, click.exceptions.Exit):
            raise
        except MemoryError:
            _fail("internal error: out of memory", EXIT_INTERNAL)
        except Exception as exc:  # an unexpected bug: still one line, but exit 3 and a hint
            if "--debug" in sys.argv or __import__("os").environ.get("POLICY_GRAPH_DEBUG"):
                raise
            _fail(f"internal error: {type(exc).__name__}: {exc} (set POLICY_GRAPH_DEBUG=1 for a traceback)", EXIT_INTERNAL)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="policy-graph")
def main() -> None:
    """policy-graph: Chinese policy documents → a knowledge graph of who is responsible for what."""


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), default=Path("out"), show_default=True, help="Output folder.")
@click.option("--base", default="https://w3id.org/policy-graph/", show_default=True, help="Base IRI of the data.")
@click.option("--jobs", type=click.IntRange(1, 64), default=1, show_default=True, help="Worker processes for segment+extract.")
@click.option("--no-reason", is_flag=True, help="Skip materialising inferred triples.")
@click.option("--consistency", is_flag=True, help="Also check OWL consistency with owlready2 + HermiT (needs Java).")
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation.")
@click.option("--no-viz", is_flag=True, help="Skip the HTML views.")
@click.option("--no-store", is_flag=True, help="Do not write the on-disk Oxigraph store out/store.")
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary.")
@handle_errors
def build(
    sources: tuple[Path, ...], out: Path, base: str, jobs: int, no_reason: bool, consistency: bool,
    no_validate: bool, no_viz: bool, no_store: bool, quiet: bool,
) -> None:
    """Build the graph from SOURCES (files or folders; default: the bundled corpus) into OUT."""
    from rich.console import Console

    from .pipeline import BuildConfig, build as run_build

    console = Console(stderr=True, highlight=False)
    config = BuildConfig(
        sources=tuple(sources), out=out, base=base, jobs=jobs, reason=not no_reason,
        consistency=consistency, validate=not no_validate, viz=not no_viz, store=not no_store,
    )

    def on_stage(stage: str, seconds: float, summary: str) -> None:
        if not quiet:
            console.print(f"[bold green]✓[/] {stage:<9} {seconds:6.2f}s  {summary}")

    with console.status("building…", spinner="dots") if not quiet else _nullcontext():
        result = run_build(config, on_stage=on_stage)
    for problem in result.problems:
        console.print(f"[yellow]{problem.line()}[/]" if problem.severity == "warning" else f"[red]{problem.line()}[/]")
    c = result.counts()
    console.print(
        f"[bold]{c['works']} documents[/] ({c['witnesses']} witnesses, {c['variants']} variants) · "
        f"{c['sections']} sections · {c['bodies']} bodies · {c['obligations']} obligations · "
        f"{c['targets']} targets · {c['triples']} triples ({c['inferred']} inferred)"
    )
    if result.report is not None:
        console.print(
            f"SHACL: conforms={result.report.conforms} · {len(result.report.results)} result(s)"
            + (f" · {len(result.gaps)} policy gap(s), see {out / 'report.md'}" if result.gaps else "")
        )
    if result.consistency is not None:
        console.print(f"OWL consistency: {result.consistency}")
    console.print("seconds: " + " · ".join(f"{k} {v:.2f}" for k, v in result.seconds.items())
                  + f" · total {sum(result.seconds.values()):.2f}")
    console.print(f"wrote {', '.join(sorted(p.name for p in result.outputs.values()))} → {out}")
    if not result.ingest.works:
        _fail("error: no readable document in the input", EXIT_INPUT)


class _nullcontext:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _parse_params(params: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{item!r}: expected k=v", param_hint="--param")
        out[key.lstrip("?")] = value
    return out


def _print_result(result: Any, fmt: str) -> None:
    from .query import render

    click.echo(render(result, fmt), nl=False)


@main.command()
@click.argument("query", required=False)
@click.option("--param", "params", multiple=True, metavar="K=V", help="Bind a query variable (repeatable).")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and their questions.")
@FORMAT_OPTION
@GRAPH_OPTION
@handle_errors
def query(query: str | None, params: tuple[str, ...], list_queries: bool, fmt: str, graph_path: Path) -> None:
    """Run QUERY (a .rq file or the name of a query in queries/) over the built graph."""
    from .query import catalogue, resolve, run
    from .store import open_store

    if list_queries or not query:
        for q in catalogue():
            args = " ".join(f"--param {name}=…" for name, _ in q.params)
            click.echo(f"{q.name:<28} {q.question_en or ''}")
            if q.question_zh:
                click.echo(f"{'':<28} {q.question_zh}")
            if args:
                click.echo(f"{'':<28} {args}")
        if not list_queries and not query:
            sys.exit(EXIT_INPUT)
        return
    named = resolve(query)
    result = run(named, open_store(graph_path), params=_parse_params(params))
    _print_result(result, fmt)
    if named.kind == "violation" and result.rows:
        sys.exit(EXIT_VIOLATIONS)


@main.command()
@click.argument("text")
@click.option("--doc", default=None, help="Only documents whose title contains this text.")
@FORMAT_OPTION
@GRAPH_OPTION
@handle_errors
def who(text: str, doc: str | None, fmt: str, graph_path: Path) -> None:
    """Who is responsible for measures matching TEXT (e.g. 健康扶贫)?"""
    _named(graph_path, "who", {"text": text, **({"doc": doc} if doc else {})}, fmt)


@main.command()
@click.argument("body")
@click.option("--doc", default=None, help="Only documents whose title contains this text.")
@FORMAT_OPTION
@GRAPH_OPTION
@handle_errors
def duties(body: str, doc: str | None, fmt: str, graph_path: Path) -> None:
    """What must BODY (any alias, e.g. 省卫计委) do?"""
    _named(graph_path, "duties", {"bodyText": body, **({"doc": doc} if doc else {})}, fmt)


@main.command()
@click.option("--doc", default=None, help="Only documents whose title contains this text.")
@click.option("--body", default=None, help="Only targets tied to this body.")
@click.option("--measure", default=None, help="Only targets whose indicator or measure matches this text.")
@FORMAT_OPTION
@GRAPH_OPTION
@handle_errors
def targets(doc: str | None, body: str | None, measure: str | None, fmt: str, graph_path: Path) -> None:
    """Quantified targets: value, unit, deadline, scope, with the quote."""
    params = {k: v for k, v in (("doc", doc), ("bodyText", body), ("text", measure)) if v}
    _named(graph_path, "targets", params, fmt)


def _named(graph_path: Path, name: str, params: dict[str, str], fmt: str) -> None:
    from .query import resolve, run
    from .store import open_store

    named = resolve(name)
    declared = {p for p, _ in named.params}
    usable = {k: v for k, v in params.items() if k in declared or not declared}
    _print_result(run(named, open_store(graph_path), params=usable), fmt)


@main.command()
@GRAPH_OPTION
@click.option("--report", type=click.Path(path_type=Path), default=None, help="Also write the SHACL report (Turtle) here.")
@handle_errors
def validate(graph_path: Path, report: Path | None) -> None:
    """Validate a built graph against shapes/ and print the policy gaps; exit 1 if it does not conform."""
    from . import atomic
    from .rdf.ontology import load_ontology
    from .store import MemoryStore, open_store
    from .validate import gap_report, validate as run_validate

    store = open_store(graph_path / "graph.ttl" if (graph_path / "graph.ttl").exists() else graph_path)
    if not isinstance(store, MemoryStore):
        raise PolicyGraphError("validate needs a graph file or a build folder with graph.ttl", path=str(graph_path))
    result = run_validate(store.graph, ontology=load_ontology())
    for line in gap_report(result, store.graph):
        click.echo(line)
    click.echo(f"conforms: {result.conforms} · {len(result.results)} result(s)")
    if report:
        atomic.write_text(report, result.graph.serialize(format="turtle"))
    sys.exit(EXIT_OK if result.conforms else EXIT_VIOLATIONS)


@main.command()
@GRAPH_OPTION
@click.option("--out", type=click.Path(path_type=Path), default=None, help="Folder for the HTML pages (default: the graph folder).")
@handle_errors
def viz(graph_path: Path, out: Path | None) -> None:
    """Write the interactive HTML views (graph, matrix, evidence pages) for a built graph."""
    from .store import MemoryStore, open_store
    from .visualise import render_site

    store = open_store(graph_path / "graph.ttl" if (graph_path / "graph.ttl").exists() else graph_path)
    if not isinstance(store, MemoryStore):
        raise PolicyGraphError("viz needs a graph file or a build folder with graph.ttl", path=str(graph_path))
    target = out or (graph_path if graph_path.is_dir() else graph_path.parent)
    pages = render_site(store.graph, target)
    click.echo(f"wrote {len(pages)} page(s) to {target}")


@main.command()
@click.option("--out", type=click.Path(path_type=Path), default=Path("out/docs"), show_default=True)
@handle_errors
def docs(out: Path) -> None:
    """Write the ontology's human documentation (generated by pyLODE)."""
    from .rdf.docs import write_docs

    path = write_docs(out)
    click.echo(f"wrote {path}")


if __name__ == "__main__":  # pragma: no cover
    main()
