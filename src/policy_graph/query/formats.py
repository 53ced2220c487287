"""Render a QueryResult as a terminal table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json

from ..store.base import QueryResult

FORMATS = ("table", "csv", "json")


def render(result: QueryResult, fmt: str, *, max_width: int = 60) -> str:
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


def _table(result: QueryResult, max_width: int) -> str:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False, expand=False)
    for col in result.columns:
        table.add_column(col, overflow="fold", max_width=max_width)
    for row in result.rows:
        table.add_row(*("" if v is None else v for v in row))
    console = Console(width=220, record=True, file=io.StringIO(), force_terminal=False, color_system=None)
    console.print(table)
    console.print(f"{len(result.rows)} row(s)")
    return console.export_text()
