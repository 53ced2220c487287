"""Render a QueryResult as a terminal table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json

from ..store.base import QueryResult

FORMATS = ("table", "csv", "json")


def render(result: QueryResult, fmt: str, *, max_width: int = 40) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if result.boolean is not None:
        return json.dumps({"boolean": result.boolean}) + "\n" if fmt == "json" else ("true\n" if result.boolean else "false\n")
    if result.ntriples is not None:
        return result.ntriples
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(result.columns)
        for row in result.rows:
            writer.writerow(["" if v is None else v for v in row])
        return buf.getvalue()
    if fmt == "json":
        return json.dumps({"columns": list(result.columns), "rows": result.records()}, ensure_ascii=False, indent=1) + "\n"
    return _table(result, max_width)


def _readable_columns(result: QueryResult) -> list[int]:
    """Columns worth a terminal's width: IRI-only columns are left to csv/json when the row has
    readable columns too (a body's IRI next to its name adds nothing on screen)."""
    keep = []
    for i, _ in enumerate(result.columns):
        kinds = {row[i] for row in result.kinds if row[i]} if result.kinds else set()
        if kinds != {"iri"}:
            keep.append(i)
    return keep or list(range(len(result.columns)))


def _cell(value: str | None, width: int) -> str:
    text = "" if value is None else " ".join(value.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _table(result: QueryResult, max_width: int) -> str:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    keep = _readable_columns(result)
    table = Table(show_lines=False, expand=False)
    for i in keep:
        table.add_column(Text(result.columns[i]), overflow="fold", max_width=max_width)
    for row in result.rows:  # Text(): source text such as "[bold]" is shown, never read as markup
        table.add_row(*(Text(_cell(row[i], max_width)) for i in keep))
    console = Console(width=200, record=True, file=io.StringIO(), force_terminal=False, color_system=None)
    console.print(table)
    hidden = [result.columns[i] for i in range(len(result.columns)) if i not in keep]
    note = f" (IRI columns {', '.join(hidden)} in --format csv/json)" if hidden else ""
    console.print(Text(f"{len(result.rows)} row(s){note}"))
    return console.export_text()
