"""Named SPARQL queries from queries/: find them, bind parameters, run them on any store, format.

Queries are files (STYLE.md habit 12): each starts with a comment block giving the question in
Chinese and English and the variables a caller may bind. Parameters are bound as variables
(rdflib ``initBindings`` / Oxigraph ``substitutions``), never spliced into the query text.
"""

from __future__ import annotations

from .catalogue import NamedQuery, catalogue, resolve
from .formats import FORMATS, render
from .run import run

__all__ = ["FORMATS", "NamedQuery", "catalogue", "render", "resolve", "run"]
