"""Bind query variables by rewriting the query text, for stores that only speak the protocol.

rdflib (``initBindings``) and Oxigraph (``substitutions``) bind variables before evaluation; a
remote SPARQL 1.1 endpoint has no such parameter. A trailing ``VALUES`` block is *not* the same
(it joins after evaluation, so ``FILTER(CONTAINS(?label, ?text))`` would see ``?text`` unbound),
so each occurrence of the variable is replaced by the term, as in SEP-0007 substitution and
Jena's ``ParameterizedSparqlString``. The scanner skips IRIs, strings and comments; in a SELECT
projection ``?v`` becomes ``(term AS ?v)`` so the column keeps its name; in GROUP BY / ORDER BY
the term is bracketed, as the grammar requires; ``BOUND(?v)`` becomes ``true``.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(
    r'(?P<iri><[^<>"{}|^`\\\s]*>)'
    r'|(?P<str>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\')'
    r"|(?P<comment>#[^\n]*)"
    r"|(?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)"
    r"|(?P<word>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<punct>[(){}])",
    re.DOTALL,
)


def term_syntax(value: str) -> str:
    """A parameter value as SPARQL syntax: IRIs for http(s)/urn values, else a plain literal
    (the same convention as the local stores' bindings)."""
    if value.startswith(("http://", "https://", "urn:")) and not re.search(r'[<>"{}|^`\\\s]', value):
        return f"<{value}>"
    escaped = (value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r"))
    return f'"{escaped}"'


def substitute(query: str, bindings: dict[str, str]) -> str:
    """``query`` with every ``?name``/``$name`` in ``bindings`` replaced by its term."""
    if not bindings:
        return query
    terms = {name.lstrip("?$"): term_syntax(value) for name, value in bindings.items()}
    for name in terms:  # BOUND(?v) of a bound variable is true (BOUND takes only a variable)
        query = re.sub(rf"\bBOUND\s*\(\s*[?$]{re.escape(name)}\s*\)", "true", query, flags=re.IGNORECASE)
    out: list[str] = []
    pos = 0
    state = "body"  # body | projection | modifier (GROUP BY / ORDER BY)
    depth = 0  # parentheses depth inside a projection
    prev_word = ""
    for m in _TOKEN.finditer(query):
        out.append(query[pos:m.start()])
        pos = m.end()
        text = m.group(0)
        kind = m.lastgroup
        if kind == "word":
            word = text.upper()
            if word == "SELECT":
                state, depth = "projection", 0
            elif word in ("WHERE", "FROM") and state == "projection":
                state = "body"
            elif word == "BY" and prev_word in ("GROUP", "ORDER"):
                state = "modifier"
            elif word in ("HAVING", "LIMIT", "OFFSET", "VALUES") and state == "modifier":
                state = "body"
            prev_word = word
            out.append(text)
            continue
        if kind == "punct":
            if text == "{":
                state = "body"
            elif state == "projection":
                depth += 1 if text == "(" else -1 if text == ")" else 0
            out.append(text)
            continue
        if kind == "var" and text[1:] in terms:
            term = terms[text[1:]]
            if state == "projection" and depth == 0:
                out.append(f"({term} AS {text})")
            elif state == "projection" and prev_word == "AS":
                out.append(text)  # (expr AS ?v): the name of a new column, not a use
            elif state == "modifier":
                out.append(f"({term})")
            else:
                out.append(term)
            prev_word = ""
            continue
        if kind == "var":
            prev_word = ""
        out.append(text)
    out.append(query[pos:])
    return "".join(out)
