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

from . import __version__
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
    message = " ".join(message.split())  # always one line, even for multi-line exception texts
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
@click.version_option(version=__version__, prog_name="policy-graph")
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
@click.option("--store", "store_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Keep this persistent Oxigraph store in sync, one named graph per work; rebuilds "
                   "re-extract only changed sources and drop the facts of deleted ones.")
@click.option("--endpoint", default=None, metavar="URL",
              help="Also sync a SPARQL 1.1 store (Protocol + Update), one named graph per work.")
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary.")
@click.option("--stream/--no-stream", "stream", default=None,
              help="Build part by part into the on-disk store (bounded memory, for large corpora); "
                   "default: automatic for inputs of 16 MB or more.")
@handle_errors
def build(
    sources: tuple[Path, ...], out: Path, base: str, jobs: int, no_reason: bool, consistency: bool,
    no_validate: bool, no_viz: bool, no_store: bool, quiet: bool, store_dir: Path | None = None,
    endpoint: str | None = None, stream: bool | None = None,
) -> None:
    """Build the graph from SOURCES (files or folders; default: the bundled corpus) into OUT."""
    from rich.console import Console
    from rich.markup import escape

    from .pipeline import BuildConfig
    from .pipeline import build as run_build

    # soft_wrap: one problem = one line however narrow the terminal; escape(): file names and
    # messages may contain [brackets] that rich would otherwise read as markup (or choke on)
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    config = BuildConfig(
        sources=tuple(sources), out=out, base=base, jobs=jobs, reason=not no_reason,
        consistency=consistency, validate=not no_validate, viz=not no_viz, store=not no_store,
        store_dir=store_dir, endpoint=endpoint,
    )

    def on_stage(stage: str, seconds: float, summary: str) -> None:
        if not quiet:
            console.print(f"[bold green]✓[/] {stage:<9} {seconds:6.2f}s  {escape(summary)}")

    # -- streaming hook (issue 8): a large corpus is built part by part into out/store
    from .streaming import should_stream

    if should_stream(stream, config):
        from .streaming import build_streaming, summary_lines

        with console.status("building (streaming)…", spinner="dots") if not quiet else _nullcontext():
            streamed = build_streaming(config, on_stage=on_stage)
        for line in summary_lines(streamed):
            console.print(escape(line))
        if not streamed.counts().get("works"):
            _fail("error: no readable document in the input", EXIT_INPUT)
        return
    with console.status("building…", spinner="dots") if not quiet else _nullcontext():
        result = run_build(config, on_stage=on_stage)
    for problem in result.problems:
        line = escape(problem.line())
        console.print(f"[yellow]{line}[/]" if problem.severity == "warning" else f"[red]{line}[/]")
    c = result.counts()
    console.print(
        f"[bold]{c['works']} documents[/] ({c['witnesses']} witnesses, {c['variants']} variants) · "
        f"{c['sections']} sections · {c['bodies']} bodies · {c['obligations']} obligations · "
        f"{c['targets']} targets · {c['triples']} triples ({c['inferred']} inferred)"
    )
    if result.report is not None:
        console.print(
            f"SHACL: conforms={result.report.conforms} · {len(result.report.results)} result(s)"
            + (f" · {len(result.gaps)} policy gap(s), see {escape(str(out / 'report.md'))}" if result.gaps else "")
        )
    if result.consistency is not None:
        console.print(f"OWL consistency: {result.consistency}")
    if result.sync is not None:
        console.print(f"store sync: {escape(result.sync.summary())}")
    console.print("seconds: " + " · ".join(f"{k} {v:.2f}" for k, v in result.seconds.items())
                  + f" · total {sum(result.seconds.values()):.2f}")
    console.print(escape(f"wrote {', '.join(sorted(p.name for p in result.outputs.values()))} → {out}"))
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
@handle_errors
def index(graph_path: Path) -> None:
    """(Re)build the lookup index of an on-disk store, e.g. after another tool wrote to it.

    Builds write it themselves; the selective named queries (who, duties, targets with --doc or
    a name) use it when it matches the store, and run unaided, slower, when it does not."""
    from .errors import StoreError
    from .store import lookup
    from .store.oxigraph import is_oxigraph_dir

    store_dir = graph_path / "store" if is_oxigraph_dir(graph_path / "store") else graph_path
    if not is_oxigraph_dir(store_dir):
        raise StoreError("not an on-disk Oxigraph store (or a build folder holding one)", path=str(graph_path))
    try:
        counts = lookup.write_for(store_dir)
    except lookup.IndexRefused as exc:
        raise StoreError(f"cannot index this store: {exc}", path=str(store_dir)) from None
    except OSError as exc:
        raise StoreError(f"cannot index this store: {exc}", path=str(store_dir)) from None
    summary = ", ".join(f"{k} {v}" for k, v in counts.items())
    click.echo(f"lookup index written: {store_dir / lookup.FILE_NAME} ({summary})")


@main.command()
@GRAPH_OPTION
@click.option("--report", type=click.Path(path_type=Path), default=None, help="Also write the SHACL report (Turtle) here.")
@handle_errors
def validate(graph_path: Path, report: Path | None) -> None:
    """Validate a built graph against shapes/ and print the policy gaps; exit 1 if it does not conform."""
    from . import atomic
    from .rdf.ontology import load_ontology
    from .store import MemoryStore, open_store
    from .validate import gap_report
    from .validate import validate as run_validate

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
    import os
    import shutil

    from . import atomic
    from .store import MemoryStore, open_store
    from .visualise import render_site

    store = open_store(graph_path / "graph.ttl" if (graph_path / "graph.ttl").exists() else graph_path)
    if not isinstance(store, MemoryStore):
        raise PolicyGraphError("viz needs a graph file or a build folder with graph.ttl", path=str(graph_path))
    target = out or (graph_path if graph_path.is_dir() else graph_path.parent)
    staged = atomic.staging_dir(target)  # render aside, then rename: a killed run leaves no half page
    try:
        pages = render_site(store.graph, staged)
        target.mkdir(parents=True, exist_ok=True)
        for page in pages:
            (target / page.relative_to(staged)).parent.mkdir(parents=True, exist_ok=True)
            os.replace(page, target / page.relative_to(staged))
    finally:
        shutil.rmtree(staged, ignore_errors=True)
    click.echo(f"wrote {len(pages)} page(s) to {target}")


@main.command()
@click.option("--out", type=click.Path(path_type=Path), default=Path("out/docs"), show_default=True)
@handle_errors
def docs(out: Path) -> None:
    """Write the ontology's human documentation (generated by pyLODE)."""
    from .rdf.docs import write_docs

    path = write_docs(out)
    click.echo(f"wrote {path}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on (loopback by default; see docs/security.md before widening).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@GRAPH_OPTION
@click.option("--base", default="https://w3id.org/policy-graph/", show_default=True,
              help="IRI base of the data: IRIs under it dereference at /id/….")
@click.option("--timeout", type=click.FloatRange(0.1, 3600), default=10.0, show_default=True,
              help="Seconds a query may run before it is cut off (HTTP 503).")
@click.option("--max-results", type=click.IntRange(1), default=10_000, show_default=True,
              help="Rows (or triples) returned at most; more are cut and flagged.")
@click.option("--workers", type=click.IntRange(1, 32), default=1, show_default=True,
              help="Query worker processes.")
@click.option("--endpoint", default=None, metavar="URL",
              help="Serve a remote SPARQL 1.1 store (e.g. one kept by `build --endpoint`) instead of --graph.")
@handle_errors
def serve(host: str, port: int, graph_path: Path, base: str, timeout: float, max_results: int, workers: int,
          endpoint: str | None = None) -> None:
    """Serve the built graph: SPARQL endpoint (/sparql), linked-data pages (/id/…), VoID, dumps."""
    import uvicorn

    from .serve import Limits, create_app
    from .store import open_store

    if endpoint:
        from .store.remote import RemoteStore

        store, dumps = RemoteStore(endpoint, timeout=timeout), None
    else:
        store = open_store(graph_path)
        dumps = graph_path if graph_path.is_dir() and (graph_path / "graph.nt").is_file() else None
    app = create_app(store, base=base, dumps=dumps,
                     limits=Limits(timeout=timeout, max_results=max_results, workers=workers))
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"policy-graph: warning: listening on {host}, not loopback (see docs/security.md)", err=True)
    click.echo(f"policy-graph: serving {endpoint or graph_path} on http://{host}:{port}/ (SPARQL at /sparql)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


if __name__ == "__main__":  # pragma: no cover
    main()
