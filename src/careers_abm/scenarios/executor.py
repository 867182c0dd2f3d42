"""The one executor of many runs, for compare and sweeps: in this process, on a local process pool or
on a Dask cluster, resumable.

A study hands it tasks with stable keys and a run function that returns one DataFrame per task. In the
output folder OUT a run is done exactly when OUT/runs/KEY.parquet exists: only this process writes,
each file by an atomic rename, so an interruption (Ctrl-C, a crash, `kill -9`) loses at most the runs in
flight, and rerunning skips the finished runs and retries the rest. A failed run is recorded in
OUT/errors/KEY.json while the others go on. An exclusive lock keeps a second writer out of OUT
(files.folder_lock: `.OUT.lock` beside it, shared with `run`).
"""

from __future__ import annotations

import contextlib
import functools
import json
import multiprocessing
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numba
import pandas as pd
from tqdm import tqdm

from .files import folder_lock, write_atomically
from .forks import Batch, ConfigOf, batches, trunk_forks


class Task(Protocol):
    """One run: `key` names its file; `labels` say what it is, in its error record."""

    key: str
    labels: dict


RunFunction = Callable[..., pd.DataFrame]  # (task) -> frame; with forks also (task, start=sim)
Outcome = tuple[pd.DataFrame | None, str | None]
Work = Callable[..., list]  # one unit (a task, or a batch of forks) -> [(task, outcome)]


@dataclass
class Summary:
    planned: int
    already_done: int
    finished: int = 0
    failed: int = 0
    failed_keys: list[str] = field(default_factory=list)


class RunsFailed(RuntimeError):
    """Some runs of a study that needs all of them failed; their errors are in OUT/errors/."""


def run_file(out: Path, key: str) -> Path:
    return Path(out) / "runs" / f"{key}.parquet"


def done_keys(out: Path) -> set[str]:
    return {path.stem for path in (Path(out) / "runs").glob("*.parquet")}


@contextlib.contextmanager
def claimed(out: Path) -> Iterator[Path]:
    """Hold the exclusive lock of OUT (files.folder_lock; the system releases it if the process dies) and
    remove the half-written files a killed writer left; yields OUT as a Path."""
    out = Path(out)
    with folder_lock(out):
        (out / "runs").mkdir(parents=True, exist_ok=True)
        for folder in (out, out / "runs", out / "errors"):
            for stale in folder.glob(".*.tmp"):
                stale.unlink()
        yield out


def _guarded(execute: RunFunction, task: Task, **kwargs) -> Outcome:
    """Run one task: a raised exception comes back as its traceback instead of ending the study."""
    try:
        return execute(task, **kwargs), None
    except Exception:
        return None, traceback.format_exc()


def _single(execute: RunFunction, task: Task) -> list[tuple[Task, Outcome]]:
    return [(task, _guarded(execute, task))]


def _batch(execute: RunFunction, batch: Batch) -> list[tuple[Task, Outcome]]:
    """The tasks of a batch, each run from the trunk at its fork year (`execute(task, start=sim)`);
    when the trunk itself fails, the tasks not yet run get its error. A batch of one is just its run."""
    if len(batch.tasks) == 1:
        return _single(execute, batch.tasks[0])
    outcomes: list[tuple[Task, Outcome]] = []
    try:
        for sim, tasks in trunk_forks(batch):
            outcomes += [(task, _guarded(execute, task, start=sim)) for task in tasks]
    except Exception:
        error = traceback.format_exc()
        ran = {task.key for task, _ in outcomes}
        outcomes += [(task, (None, error)) for task in batch.tasks if task.key not in ran]
    return outcomes


def _exit_with_parent(parent: int) -> None:
    """A pool worker ends itself once the study that started it is gone (killed, crashed)."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _start_worker(threads: int, parent: int) -> None:
    numba.set_num_threads(max(1, min(threads, numba.config.NUMBA_NUM_THREADS)))
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()


def _in_process(units: Sequence, work: Work) -> Iterator[tuple[Task, Outcome]]:
    """One worker: run here, with no start-up cost, and a debugger sees the run."""
    for unit in units:
        yield from work(unit)


def _pool(units: Sequence, workers: int, work: Work) -> Iterator[tuple[Task, Outcome]]:
    # spawn, not fork: forking a process that has started Numba's threads can deadlock.
    threads = max(1, (os.cpu_count() or 1) // workers)
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(threads, os.getpid()),
    )
    try:
        futures = [pool.submit(work, unit) for unit in units]
        for future in as_completed(futures):
            yield from future.result()
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _dask(units: Sequence, scheduler: str, work: Work) -> Iterator[tuple[Task, Outcome]]:
    from distributed import Client
    from distributed import as_completed as dask_completed

    client = Client(scheduler)
    futures: list = []
    try:
        for unit in units:
            futures.append(client.submit(work, unit, key=f"careers-abm-run-{unit.key}"))
        for future in dask_completed(futures):
            yield from future.result()
    finally:
        client.cancel(futures)
        client.close()


def _write_error(out: Path, task: Task, message: str) -> None:
    record = {
        "run_key": task.key,
        "labels": task.labels,
        "error": message.strip().splitlines()[-1],
        "traceback": message,
    }
    text = json.dumps(record, indent=2, default=str)
    write_atomically(out / "errors" / f"{task.key}.json", lambda tmp: tmp.write_text(text))


def run_pending(
    out: Path,
    tasks: Sequence[Task],
    execute: RunFunction,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: bool = True,
    desc: str = "runs",
    forks: ConfigOf | None = None,
) -> Summary:
    """Run every task that has no file in OUT/runs yet, with a progress bar on stderr; call it inside
    `claimed(out)`. `execute` must be importable by name in the workers (a module-level function).

    scheduler: a Dask scheduler address; else `workers` local processes (default one per core), and
    one worker runs in this process. Ctrl-C stops the study after keeping every finished run.
    forks: a task's resolved Config; given, the tasks that agree outside their measures run in batches
    that simulate their shared years once (forks.py), and `execute(task, start=sim)` runs a task from
    the trunk `sim` (through run_scenario's `template`).
    """
    out = Path(out)
    done = done_keys(out)
    pending = [task for task in tasks if task.key not in done]
    summary = Summary(planned=len(tasks), already_done=len(tasks) - len(pending))
    if not pending:
        return summary
    workers = max(1, min(workers or os.cpu_count() or 1, len(pending)))
    if forks is None:
        units, work = pending, functools.partial(_single, execute)
    else:
        units, work = batches(pending, forks, parts=workers), functools.partial(_batch, execute)
    if scheduler:
        results = _dask(units, scheduler, work)
    elif workers == 1:
        results = _in_process(units, work)
    else:
        results = _pool(units, min(workers, len(units)), work)
    bar = tqdm(
        total=len(tasks), initial=summary.already_done, desc=desc, unit="run",
        file=sys.stderr, disable=not progress, smoothing=0.1,
    )  # fmt: skip
    with bar, contextlib.closing(results):  # closing stops the workers on Ctrl-C
        for task, (frame, error) in results:
            if error is None:
                write_atomically(run_file(out, task.key), lambda tmp, frame=frame: frame.to_parquet(tmp, index=False))
                (out / "errors" / f"{task.key}.json").unlink(missing_ok=True)
                summary.finished += 1
            else:
                _write_error(out, task, error)
                summary.failed += 1
                summary.failed_keys.append(task.key)
                bar.set_postfix_str(f"{summary.failed} failed")
            bar.update(1)
    return summary
