"""What the endpoint agrees to run: read-only queries without SERVICE.

The query is *parsed* (rdflib's SPARQL 1.1 grammar), not grepped: ``SERVICE`` in a string
literal or a comment is harmless, and ``LOAD`` hidden behind odd spacing is still an update.
Anything that parses as SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE,
COPY) is refused with 403; a query containing a SERVICE clause anywhere is refused with 403;
text that is neither is a 400.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

MAX_QUERY_CHARS = 100_000

FORMS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}


@dataclass(frozen=True)
class Verdict:
    """``form`` is SELECT/ASK/CONSTRUCT/DESCRIBE when allowed; else ``status`` + ``message``."""

    form: str | None
    status: int = 200
    message: str = ""


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else type(exc).__name__


def _contains(node: object, name: str, depth: int = 0) -> bool:
    """Whether the parse tree (CompValue / ParseResults / lists) holds a node called ``name``."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    if depth > 200:
        return True  # absurdly deep: refuse rather than guess
    if isinstance(node, CompValue):
        return node.name == name or any(_contains(v, name, depth + 1) for v in node.values())
    if isinstance(node, (ParseResults, list, tuple)):
        return any(_contains(v, name, depth + 1) for v in node)
    if isinstance(node, dict):
        return any(_contains(v, name, depth + 1) for v in node.values())
    return False


#: rdflib's SPARQL grammar (pyparsing) is not thread-safe (RDFLib/rdflib#1282): parsed from several
#: request threads at once it corrupts its parse actions and refuses valid queries until restart.
_PARSER_LOCK = threading.Lock()


def inspect(query: str) -> Verdict:
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    if len(query) > MAX_QUERY_CHARS:
        return Verdict(None, 413, f"query longer than {MAX_QUERY_CHARS} characters")
    with _PARSER_LOCK:
        try:
            tree = parseQuery(query)
        except ParseException as exc:
            try:
                parseUpdate(query)
            except Exception:  # noqa: BLE001 - neither a query nor an update: report the query error
                return Verdict(None, 400, f"malformed SPARQL query: {_first_line(exc)}")
            return Verdict(None, 403, "SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP, …) is refused: this endpoint is read-only")
        except Exception as exc:  # noqa: BLE001 - rdflib raises other types for bad prefixes etc.
            return Verdict(None, 400, f"malformed SPARQL query: {_first_line(exc)}")
    body = tree[1]
    form = FORMS.get(getattr(body, "name", ""), None)
    if form is None:
        return Verdict(None, 400, "not a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    if _contains(tree, "ServiceGraphPattern"):
        return Verdict(None, 403, "SERVICE (federated query) is refused: this endpoint does not call other servers")
    return Verdict(form)
