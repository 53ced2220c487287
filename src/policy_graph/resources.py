"""The only module that knows where ontology/, shapes/, queries/ and data/ live.

In a source checkout they are the top-level folders of the repository; in an installed wheel
hatchling's ``force-include`` copies them into ``policy_graph/_assets/``. Everything else asks
this module, so ``pip install .`` and an editable install behave the same.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
_ASSET_NAMES = ("ontology", "shapes", "queries", "data")


@cache
def asset_root() -> Path:
    """Folder holding ontology/, shapes/, queries/, data/ (wheel assets first, then checkout)."""
    bundled = _PACKAGE_DIR / "_assets"
    if (bundled / "ontology").is_dir():
        return bundled
    checkout = _PACKAGE_DIR.parent.parent
    if (checkout / "ontology").is_dir():
        return checkout
    raise FileNotFoundError(f"policy-graph assets not found under {bundled} or {checkout}")


def ontology_dir() -> Path:
    return asset_root() / "ontology"


def shapes_dir() -> Path:
    return asset_root() / "shapes"


def queries_dir() -> Path:
    return asset_root() / "queries"


def data_dir() -> Path:
    return asset_root() / "data"


def corpus_dir() -> Path:
    """The bundled sample corpus, the default input of ``policy-graph build``."""
    return data_dir() / "corpus"


def reference_dir() -> Path:
    """Reference data: gazetteer of bodies, role vocabulary, measure and population schemes."""
    return data_dir() / "reference"


def ontology_files() -> list[Path]:
    return sorted(ontology_dir().glob("*.ttl"))


def shapes_files() -> list[Path]:
    return sorted(shapes_dir().glob("*.ttl"))


def query_file(name: str) -> Path:
    """A named query (``responsibilities`` or ``responsibilities.rq``) from queries/."""
    stem = name.removesuffix(".rq")
    return queries_dir() / f"{stem}.rq"
