"""Human documentation of the ontology, generated from the Turtle by pyLODE (never written by hand).

pyLODE is an optional dependency (extra ``docs``). pyLODE 3.4.1 on PyPI is broken (its
``version.py`` reads a ``pyproject.toml`` the wheel does not ship), so the extra pins it below.
"""

from __future__ import annotations

import logging
from pathlib import Path

from ..errors import GraphError
from .ontology import load_ontology

INSTALL_HINT = "pyLODE is needed for the ontology documentation: pip install 'pylode>=3.0,<3.4.1'"


def write_docs(out_dir: Path) -> Path:
    """Write ``ontology.html`` (classes, properties, concept schemes) into ``out_dir``; return its path."""
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    try:
        from pylode import OntPub
    except Exception as exc:  # ImportError, or pyLODE 3.4.1's FileNotFoundError at import time
        raise GraphError(f"{INSTALL_HINT} ({type(exc).__name__}: {exc})") from exc
    finally:  # pyLODE configures the root logger (DEBUG, stderr) at import: undo that
        root.setLevel(level)
        root.handlers[:] = handlers
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "ontology.html"
    try:
        html = OntPub(ontology=load_ontology(), sort_subjects=True).make_html(include_css=True)
    except Exception as exc:  # pyLODE raises plain exceptions for unsupported constructs
        raise GraphError(f"pyLODE could not document the ontology: {exc}") from exc
    target.write_text(html, encoding="utf-8")
    return target
