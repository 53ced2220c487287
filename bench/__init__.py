"""policy-graph benchmark suite: ``python -m bench`` (see bench/README.md).

Works from a fresh clone without installing: when ``policy_graph`` is not importable, the
checkout's ``src/`` is put on the path (subprocess runs get it through PYTHONPATH).
"""

import sys
from pathlib import Path

try:  # pragma: no cover - depends on how the package was installed
    import policy_graph  # noqa: F401
except ImportError:  # pragma: no cover
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
