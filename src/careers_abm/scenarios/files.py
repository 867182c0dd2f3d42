"""Writing a run's outputs atomically: a file appears complete or not at all."""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numba
import pandas as pd

_UMASK = os.umask(0)
os.umask(_UMASK)


def write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Call `write(tmp)` on a temporary file beside `path`, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp's 0600 would make outputs private to their writer
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_series(series: pd.DataFrame, out: Path) -> None:
    write_atomically(out / "series.csv", lambda tmp: series.to_csv(tmp, index=False, float_format="%.10g"))
    write_atomically(out / "series.parquet", lambda tmp: series.to_parquet(tmp, index=False))


def write_panel(panel: pd.DataFrame, out: Path) -> None:
    write_atomically(out / "panel.parquet", lambda tmp: panel.to_parquet(tmp, index=False))


def package_version() -> str:
    try:
        return version("careers_abm")
    except PackageNotFoundError:
        return "unknown"


def git_commit() -> str | None:
    """The commit of the source tree the package runs from, when it is a git checkout."""
    try:
        result = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=Path(__file__).parent, capture_output=True, text=True, timeout=5
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None if result.returncode == 0 else None


def peak_memory_mb() -> float:
    """Peak resident memory of this process (Linux reports kilobytes, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def write_manifest(out: Path, config: dict, wall_times_s: dict) -> dict:
    manifest = {
        "package_version": package_version(),
        "git_commit": git_commit(),
        "seed": config["run"]["seed"],
        "scale": config["run"]["scale"],
        "config": config,
        "wall_times_s": {name: round(seconds, 3) for name, seconds in wall_times_s.items()},
        "peak_memory_mb": round(peak_memory_mb(), 1),
        "numba_threads": numba.get_num_threads(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }
    text = json.dumps(manifest, indent=2)
    write_atomically(out / "manifest.json", lambda tmp: tmp.write_text(text))
    return manifest
