"""Writing outputs as one unit: a file appears complete or not at all, and so does a folder.

A run's (or an analysis's) folder OUT is written into a staging folder beside it, `.OUT.tmp-*`, which
then takes OUT's place in one rename (Linux: renameat2's exchange; elsewhere two renames, undone at the
next start if a kill falls between them); a folder that must stay in place because it holds resumable
runs (compare) gets its final files first and its manifest last, with each file's SHA-256, so that
`complete(folder)` tells a finished folder from an interrupted one. A lock file `.OUT.lock` beside OUT
keeps a second writer out; leftovers of a killed writer are removed by the next one.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import hashlib
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numba
import pandas as pd

_UMASK = os.umask(0)
os.umask(_UMASK)
MANIFEST = "manifest.json"
_LIBC = ctypes.CDLL(None, use_errno=True)
_RENAMEAT2 = getattr(_LIBC, "renameat2", None)  # Linux (glibc 2.28+); absent on macOS
_AT_FDCWD, _RENAME_EXCHANGE = -100, 2


class OutputError(ValueError):
    """An output folder that cannot be written, phrased for the user in one line (exit code 2)."""


def check_output(out: Path, expected_bytes: int) -> None:
    """Before any computation: OUT is a folder or absent, the folders it is written in accept files, and
    their file system has room for `expected_bytes`."""
    out = Path(out).absolute()
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: exists and is not a folder; choose another output folder")
    existing = out.parent
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        raise OutputError(f"{out}: {existing} is a file, so no folder can be made under it")
    for folder in dict.fromkeys([existing, out] if out.is_dir() else [existing]):
        try:
            os.rmdir(tempfile.mkdtemp(dir=folder, prefix=".careers-abm-probe-"))
        except OSError as error:
            raise OutputError(f"{out}: cannot write in {folder}: {error.strerror or error}") from None
    free = shutil.disk_usage(existing).free
    if free < expected_bytes:
        need = expected_bytes / 2**20
        raise OutputError(f"{out}: {free / 2**20:,.0f} MiB free in {existing}, the outputs need about {need:,.0f} MiB")


@contextlib.contextmanager
def folder_lock(out: Path) -> Iterator[None]:
    """Hold `.OUT.lock` beside OUT exclusively (the system releases it when the process dies)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    handle = open(out.parent / f".{out.name}.lock", "w")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise OutputError(f"{out}: another careers-abm process is writing to this folder") from None
    try:
        yield
    finally:
        handle.close()


def _recover(out: Path) -> None:
    """Under the lock: put back a folder moved aside by a writer killed between its two renames, and
    remove every staging folder a killed writer left."""
    for aside in out.parent.glob(f".{out.name}.old-*"):
        if out.exists():
            shutil.rmtree(aside, ignore_errors=True)
        else:
            os.rename(aside, out)
    for staging in out.parent.glob(f".{out.name}.tmp-*"):
        shutil.rmtree(staging, ignore_errors=True)


def _exchange(staging: Path, out: Path) -> bool:
    """Swap two folders in one rename; False where the system cannot."""
    if _RENAMEAT2 is None:
        return False
    if _RENAMEAT2(_AT_FDCWD, os.fsencode(staging), _AT_FDCWD, os.fsencode(out), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(out))


@contextlib.contextmanager
def atomic_folder(out: Path, replaces: Callable[[Path], bool] = lambda folder: True) -> Iterator[Path]:
    """Yield an empty staging folder beside OUT; when the block ends without an error it becomes OUT in
    one rename, and the folder it replaces (and every file in it) is gone. `replaces(OUT)` says whether
    an existing OUT may be replaced; else OutputError, before anything is written."""
    out = Path(out)
    with folder_lock(out):
        _recover(out)
        if out.exists() and any(out.iterdir()) and not replaces(out):
            raise OutputError(f"{out}: exists and is not an output folder of this command; choose another or empty it")
        staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.tmp-"))
        try:
            yield staging
            os.chmod(staging, 0o777 & ~_UMASK)  # mkdtemp's 0700 would make the outputs private
            if not out.exists():
                os.rename(staging, out)
            elif not _exchange(staging, out):
                aside = out.parent / f".{out.name}.old-{os.getpid()}"
                os.rename(out, aside)
                os.rename(staging, out)
                shutil.rmtree(aside)
        finally:
            shutil.rmtree(staging, ignore_errors=True)  # after an exchange it holds the replaced folder


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def unseal(folder: Path) -> None:
    """Mark a folder incomplete before its files are rewritten (its manifest goes first)."""
    (Path(folder) / MANIFEST).unlink(missing_ok=True)


def seal(folder: Path, names: Sequence[str], record: dict) -> dict:
    """Write the manifest last: `record` plus each named file's SHA-256, so a reader can check them."""
    folder = Path(folder)
    manifest = {**record, "files": {name: sha256(folder / name) for name in names}}
    text = json.dumps(manifest, indent=2)
    write_atomically(folder / MANIFEST, lambda tmp: tmp.write_text(text))
    return manifest


def complete(folder: Path) -> bool:
    """Whether `folder` holds a finished output: its manifest, and every file it lists with that content."""
    try:
        files = json.loads((Path(folder) / MANIFEST).read_text())["files"]
        return all(sha256(Path(folder) / name) == digest for name, digest in files.items())
    except (OSError, ValueError, KeyError, TypeError):
        return False


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


def run_output_bytes(years: int, panel_size: int) -> int:
    """Room a run's outputs take at most: series and report (a few MiB), and the panel's rows."""
    return 8 * 2**20 + years * panel_size * 256


def is_run_folder(folder: Path) -> bool:
    """Whether `folder` holds an earlier run's outputs (which a new run may replace)."""
    return (Path(folder) / MANIFEST).is_file() and (Path(folder) / "series.csv").is_file()


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
    """The run's manifest, written last: what ran, how long it took, and every output file's SHA-256."""
    record = {
        "kind": "run",
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
    names = sorted(path.name for path in Path(out).iterdir() if path.is_file() and path.name != MANIFEST)
    return seal(out, names, record)
