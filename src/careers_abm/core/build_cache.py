"""The 2011 population cached on disk, keyed by a hash of everything its build reads.

Building the 2011 population takes most of a short run (11-14 s of 34 at full scale), and it depends
only on a few settings, the data tables and the model's code. The key hashes exactly those: the
config values in BUILD_READS (a test holds that the build reads nothing else), the core's source and
the data tables (`model_digest`). A cached build is read back memory-mapped (folders.py) and is the
very population a fresh build gives, bit for bit (tested).

Where: CAREERS_ABM_BUILD_CACHE names the folder ("off" switches the cache off); by default the user
cache folder (platformdirs, else ~/.cache) under careers_abm/builds. The least recently used builds
are removed once the folder holds more than CAREERS_ABM_BUILD_CACHE_GB (default 8) gigabytes.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel

try:
    from platformdirs import user_cache_dir
except ImportError:  # an optional dependency (the [cache] extra)
    user_cache_dir = None

from . import model_digest
from .config import Config
from .folders import read_folder, write_folder
from .groups import SchoolGroups
from .people import People
from .population import build_population

# The config values the build reads (population.py, its yearly inputs and its row reservation) and
# the school groups it forms; dotted paths, a section standing for all of its fields.
BUILD_READS = (
    "run.seed",
    "run.scale",
    "run.end_year",
    "demography.affinity_inheritance",
    "schooling.group_size",
    "schooling.tech_slopes.affinity",
    "study.duration",
    "study.first_year_dropout",
    "study.dropout.hbo",
    "study.dropout.wo",
    "study.progress.graduate_on_time",
    "series",
    "international.knowledge_migrants.per_year",
)


def _value(config: Config, path: str) -> Any:
    value: Any = config
    for part in path.split("."):
        value = getattr(value, part)
    return value.model_dump() if isinstance(value, BaseModel) else value


def build_key(config: Config) -> str:
    """A hash of what the build reads: BUILD_READS of `config`, the core's code and the data tables."""
    reads = {path: _value(config, path) for path in BUILD_READS}
    text = json.dumps({"model": model_digest(), "reads": reads}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def cache_folder() -> Path | None:
    """The folder of cached builds, None when the cache is off."""
    chosen = os.environ.get("CAREERS_ABM_BUILD_CACHE")
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "0", "off", "no", "false") else Path(chosen)
    if user_cache_dir is None:
        return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "careers_abm" / "builds"
    return Path(user_cache_dir("careers_abm")) / "builds"


def cached_population(config: Config) -> tuple[People, SchoolGroups]:
    """The 2011 persons and their school groups: read from the cache when built before, else built
    (and stored, when the cache is on)."""
    root = cache_folder()
    if root is None:
        groups = SchoolGroups(config.schooling.group_size)
        return build_population(config, groups), groups
    folder = root / build_key(config)
    if (folder / "state.pkl").exists():
        people, state = read_folder(folder)
        os.utime(folder)  # most recently used
        return people, state["groups"]
    groups = SchoolGroups(config.schooling.group_size)
    people = build_population(config, groups)
    write_folder(folder, people, {"groups": groups})
    _evict(root, keep=folder)
    return people, groups


def _evict(root: Path, keep: Path) -> None:
    """Remove the least recently used builds beyond the size limit, never `keep`."""
    limit = float(os.environ.get("CAREERS_ABM_BUILD_CACHE_GB", "8")) * 2**30
    folders = [path for path in root.iterdir() if path.is_dir() and not path.name.startswith(".")]
    sizes = {path: sum(file.stat().st_size for file in path.iterdir()) for path in folders}
    total = sum(sizes.values())
    for path in sorted(folders, key=lambda path: path.stat().st_mtime):
        if total <= limit:
            break
        if path != keep:
            for file in path.iterdir():
                file.unlink(missing_ok=True)
            path.rmdir()
            total -= sizes[path]
