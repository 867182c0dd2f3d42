"""The model core: everything a simulation is made of, and nothing that runs, compares or reports it.

Importing it points Numba's kernel cache at a folder named after a hash of this subpackage's source:
Numba invalidates a cached kernel when the kernel's own file changes, but not when a rule it inlines
from another file does, so a cache per core version can never serve a stale kernel, while editing the
tooling, the command line or the docs never recompiles. A user's own NUMBA_CACHE_DIR is respected.
"""

import hashlib
import os
import sys
from functools import cache
from pathlib import Path

CORE = Path(__file__).parent
DATA = CORE.parent / "data"


def _digest(root: Path, pattern: str, digest) -> None:
    for path in sorted(root.rglob(pattern)):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())


@cache
def model_digest() -> str:
    """A hash of what a run's results depend on beyond its resolved config: the core's source and the
    data tables. Resumable studies put it in their run keys, so a changed model never reuses old runs."""
    digest = hashlib.sha256()
    _digest(CORE, "*.py", digest)
    _digest(DATA, "*.csv", digest)
    return digest.hexdigest()[:16]


def _cache_compiled_kernels_per_core_version() -> None:
    if "NUMBA_CACHE_DIR" in os.environ:
        return
    digest = hashlib.sha256()
    _digest(CORE, "*.py", digest)
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = str(base / "careers_abm" / f"numba-{digest.hexdigest()[:16]}")
    os.environ["NUMBA_CACHE_DIR"] = folder  # read by numba on import, and by worker processes
    if "numba" in sys.modules:
        sys.modules["numba"].config.CACHE_DIR = folder


# The parameter record (params.py) is one flat tuple that every parallel kernel receives. Numba passes
# a tuple into a parallel region only up to NUMBA_PARFOR_MAX_TUPLE_SIZE fields (100 by default), and
# its compiler re-reads the setting before each compile, so raising it here holds in every process.
PARAMETER_RECORD_LIMIT = 200


def _allow_the_parameter_record_in_parallel_regions() -> None:
    if int(os.environ.get("NUMBA_PARFOR_MAX_TUPLE_SIZE", "0")) < PARAMETER_RECORD_LIMIT:
        os.environ["NUMBA_PARFOR_MAX_TUPLE_SIZE"] = str(PARAMETER_RECORD_LIMIT)


_cache_compiled_kernels_per_core_version()
_allow_the_parameter_record_in_parallel_regions()
