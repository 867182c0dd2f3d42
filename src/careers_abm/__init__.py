"""careers_abm: an agent-based simulator of the Dutch technical talent pipeline (Masterplan Bèta en Technologie)."""

import hashlib
import os
import sys
from importlib import import_module
from pathlib import Path
from typing import Any

__all__ = ["CareersModel", "load_config", "run"]


def _cache_compiled_kernels_per_source_version() -> None:
    """Point Numba's kernel cache at a folder named after a hash of this package's source.

    Numba invalidates a cached kernel when the kernel's own file changes, but not when a rule it inlines
    from another file (rules.py, rng.py, processes/) does; a cache per source version can never serve a
    stale kernel. A user's own NUMBA_CACHE_DIR is respected.
    """
    if "NUMBA_CACHE_DIR" in os.environ:
        return
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(path.read_bytes())
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = str(base / "careers_abm" / f"numba-{digest.hexdigest()[:16]}")
    os.environ["NUMBA_CACHE_DIR"] = folder  # read by numba on import, and by worker processes
    if "numba" in sys.modules:
        sys.modules["numba"].config.CACHE_DIR = folder


_cache_compiled_kernels_per_source_version()


def __getattr__(name: str) -> Any:
    # Lazy, so `import careers_abm` stays fast: Mesa and the compiled kernels load on first use.
    if name == "CareersModel":
        return import_module(".model", __name__).CareersModel
    if name == "load_config":
        return import_module(".config", __name__).load_config
    if name == "run":
        return import_module(".api", __name__).run
    raise AttributeError(name)
