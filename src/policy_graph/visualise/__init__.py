"""Stage: visualise — the views policy modelers browse, written as offline HTML.

Entry point: :func:`render_site` (graph → ``graph.html``, ``matrix.html``, ``levels.html`` and one
``evidence-<work>.html`` per document). :func:`analyse` is the networkx analysis shown on the graph
page and in the build report. Uses only the RDF graph (read with SPARQL), never other stages.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from .analysis import analyse, report_lines
from .data import load
from .records import SiteData

__all__ = ["SiteData", "analyse", "load", "render_site", "report_lines"]


def render_site(graph: Graph, out_dir: Path) -> list[Path]:
    """Write every page for ``graph`` into ``out_dir``; return the written files, sorted.

    ``graph.html`` (responsibility network), ``matrix.html`` (measures × bodies; ``matrix-2.html``…
    on a large corpus), ``levels.html`` (governance chain), ``documents.html`` (index and analysis)
    and ``evidence-<work key>.html`` per document.

    Pages are self-contained (styles, scripts and vis-network inline) and link to each other by
    relative file names, so the folder can be opened from disk, copied or served as is.
    """
    from .documents import render_documents_page
    from .evidence import render_evidence_page
    from .html import evidence_file
    from .levels import render_levels_page
    from .matrix import page_of_work, render_matrix_pages
    from .network import render_graph_page

    data = load(graph)
    result = analyse(data)
    nav_works = [(w.key, w.title + (f" ({w.date})" if w.date else "")) for w in data.works.values()]
    pages: dict[str, str] = {
        "graph.html": render_graph_page(data, result, nav_works),
        "levels.html": render_levels_page(data, nav_works),
        "documents.html": render_documents_page(data, result, nav_works, page_of_work(data)),
        **render_matrix_pages(data, nav_works),
    }
    for work in data.works.values():
        pages[evidence_file(work.key)] = render_evidence_page(data, work, nav_works)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in sorted(pages):
        path = out_dir / name
        path.write_text(pages[name], encoding="utf-8")
        written.append(path)
    return written
