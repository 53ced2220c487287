"""The read-only web face of a built graph: a SPARQL 1.1 Protocol endpoint, dereferenceable
IRIs with content negotiation, a VoID/DCAT description, dumps and an offline query page.

Entry point: :func:`create_app` → a Starlette app (run it with uvicorn; ``policy-graph serve``
does). Queries run on pyoxigraph in killable worker processes (:mod:`.pool`), so a timeout is a
real cut-off. What is exposed and what is refused is written down in ``docs/security.md``.
"""

from __future__ import annotations

from .app import DEFAULT_LIMITS, Limits, create_app

__all__ = ["DEFAULT_LIMITS", "Limits", "create_app"]
