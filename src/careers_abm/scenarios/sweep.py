"""The sweep runner: every run of an experiment, on a local process pool or a Dask cluster, resumable.

Layout of the output folder DIR:
  experiment.json   the validated experiment (after command-line changes), its SALib problem
  plan.parquet      every planned run: run key, scenario, policy, sample, replication, seed, parameters
  runs/KEY.parquet  one file per finished run, one row per year: the plan's columns plus the outputs
  errors/KEY.json   one file per failed run: its parameters, the error and the traceback

A run key is a hash of everything that determines the run (the scenario's resolved config, the varied
values, the seed and the replication), so the same command finds the same keys. Only this process
writes, each file by an atomic rename; a run is done exactly when its file exists. Rerunning after an
interruption skips the done runs and retries the rest (failed ones included).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import multiprocessing
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from ..core.config import ConfigError, flatten, load_config
from .designs import lever_combinations, salib_problem, sample_uncertainties, typed
from .experiment import LoadedExperiment
from .files import write_atomically


@dataclass(frozen=True)
class RunTask:
    """One run: its scenario's resolved config, dotted overrides, the columns to keep, the labels of its rows.

    The scenario travels resolved (its `extends` chain already merged), so a worker on another machine
    needs no copy of the scenario files.
    """

    key: str
    scenario_config: dict
    overrides: dict
    columns: tuple[str, ...]
    labels: dict


@dataclass
class SweepSummary:
    planned: int
    already_done: int
    finished: int = 0
    failed: int = 0
    failed_keys: list[str] = field(default_factory=list)


def run_key(scenario: str, resolved_scenario: dict, values: dict, seed: int, replication: int) -> str:
    """A stable 16-hex-digit key of what determines a run's results."""
    text = json.dumps(
        {"scenario": scenario, "config": resolved_scenario, "values": values, "seed": seed, "replication": replication},
        sort_keys=True,
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def plan_runs(loaded: LoadedExperiment) -> list[RunTask]:
    """Scenarios x lever combinations x uncertainty samples x replications, in that nesting order.

    Replication r runs with seed base + r at every point, so points share their random numbers.
    """
    experiment = loaded.experiment
    samples = sample_uncertainties(experiment)
    policies = lever_combinations(experiment.levers)
    run_settings = {f"run.{name}": value for name, value in experiment.run.model_dump().items() if value is not None}
    columns = tuple(experiment.kept_columns)
    tasks = []
    for scenario, path in loaded.scenario_paths.items():
        _, resolved = load_config(path, run_settings)
        resolved["run"].pop("seed")
        for policy_index, policy in enumerate(policies):
            for sample_index, row in enumerate(samples):
                values = {p.key: typed(p.key, v, loaded.integer_keys) for p, v in zip(experiment.uncertainties, row)}
                values.update({k: typed(k, v, loaded.integer_keys) for k, v in policy.items()})
                for replication in range(experiment.replications):
                    seed = experiment.seed + replication
                    key = run_key(scenario, resolved, values, seed, replication)
                    labels = {
                        "run_key": key,
                        "scenario": scenario,
                        "policy": policy_index,
                        "sample": sample_index,
                        "replication": replication,
                        "seed": seed,
                        **values,
                    }
                    overrides = {**run_settings, **values, "run.seed": seed}
                    tasks.append(RunTask(key, resolved, overrides, columns, labels))
    return tasks


def simulate(task: RunTask) -> pd.DataFrame:
    """Run one simulation and return its kept series columns, labelled; the default run function."""
    from ..core.sim import Sim

    config, _ = load_config(None, {**flatten(task.scenario_config), **task.overrides})
    sim = Sim(config)
    sim.run()
    return labelled_frame(task, sim.series())


def labelled_frame(task: RunTask, series: pd.DataFrame) -> pd.DataFrame:
    """The run's rows with fixed dtypes, so that every file of the dataset has the same schema."""
    frame = pd.DataFrame({"year": series["year"].to_numpy(dtype="int64")})
    for name in task.columns:
        frame[name] = series[name].to_numpy(dtype="float64")
    labels = pd.DataFrame({name: [value] * len(frame) for name, value in task.labels.items()})
    return pd.concat([labels, frame], axis=1)


def _guarded(execute: Callable[[RunTask], pd.DataFrame], task: RunTask) -> tuple[pd.DataFrame | None, str | None]:
    """Run in a worker: a raised exception comes back as its traceback instead of ending the sweep."""
    try:
        return execute(task), None
    except Exception:
        return None, traceback.format_exc()


def _exit_with_parent(parent: int) -> None:
    """A pool worker ends itself once the sweep that started it is gone (killed, crashed)."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _start_worker(threads: int, parent: int) -> None:
    import numba

    numba.set_num_threads(max(1, min(threads, numba.config.NUMBA_NUM_THREADS)))
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()


def _local_results(tasks: list[RunTask], workers: int, execute: Callable) -> Iterator[tuple[RunTask, tuple]]:
    # spawn, not fork: forking a process that has started Numba's threads can deadlock.
    threads = max(1, (os.cpu_count() or 1) // workers)
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(threads, os.getpid()),
    )
    try:
        futures = {pool.submit(_guarded, execute, task): task for task in tasks}
        for future in as_completed(futures):
            yield futures[future], future.result()
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _dask_results(tasks: list[RunTask], scheduler: str, execute: Callable) -> Iterator[tuple[RunTask, tuple]]:
    from distributed import Client
    from distributed import as_completed as dask_completed

    client = Client(scheduler)
    futures: dict = {}
    try:
        for task in tasks:
            futures[client.submit(_guarded, execute, task, key=f"careers-abm-run-{task.key}")] = task
        for future in dask_completed(list(futures)):
            yield futures[future], future.result()
    finally:
        client.cancel(list(futures))
        client.close()


def _write_error(out: Path, task: RunTask, message: str) -> None:
    record = {
        "run_key": task.key,
        "labels": task.labels,
        "error": message.strip().splitlines()[-1],
        "traceback": message,
    }
    text = json.dumps(record, indent=2, default=str)
    write_atomically(out / "errors" / f"{task.key}.json", lambda tmp: tmp.write_text(text))


def _write_plan(out: Path, loaded: LoadedExperiment, tasks: list[RunTask]) -> None:
    description = {
        "experiment": loaded.experiment.model_dump(),
        "source": str(loaded.source),
        "scenario_paths": {name: str(path) for name, path in loaded.scenario_paths.items()},
        "integer_keys": sorted(loaded.integer_keys),
        "problem": salib_problem(loaded.experiment.uncertainties),
    }
    text = json.dumps(description, indent=2)
    write_atomically(out / "experiment.json", lambda tmp: tmp.write_text(text))
    plan = pd.DataFrame([task.labels for task in tasks])
    write_atomically(out / "plan.parquet", lambda tmp: plan.to_parquet(tmp, index=False))


def _lock(out: Path):
    """Hold an exclusive lock on DIR for this sweep; the system releases it if the process dies."""
    handle = open(out / ".sweep.lock", "w")  # held open for the sweep's lifetime
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise ConfigError(f"{out}: another sweep is writing to this folder") from None
    return handle


def done_keys(out: Path) -> set[str]:
    return {path.stem for path in (out / "runs").glob("*.parquet")}


def run_sweep(
    loaded: LoadedExperiment,
    out: Path,
    workers: int | None = None,
    scheduler: str | None = None,
    execute: Callable[[RunTask], pd.DataFrame] = simulate,
    progress: bool = True,
) -> SweepSummary:
    """Run every planned run that has no file in `out`/runs yet; return what was done.

    `execute` must be importable by name in the workers (a module-level function); the default runs the
    simulator. Ctrl-C stops the sweep after keeping every finished run.
    """
    out = Path(out)
    (out / "runs").mkdir(parents=True, exist_ok=True)
    lock = _lock(out)
    try:
        for stale in (out / "runs").glob(".*.tmp"):  # left by a sweep killed mid-write
            stale.unlink()
        tasks = plan_runs(loaded)
        _write_plan(out, loaded, tasks)
        done = done_keys(out)
        pending = [task for task in tasks if task.key not in done]
        summary = SweepSummary(planned=len(tasks), already_done=len(tasks) - len(pending))
        if not pending:
            return summary
        if scheduler:
            results = _dask_results(pending, scheduler, execute)
        else:
            results = _local_results(pending, max(1, min(workers or os.cpu_count() or 1, len(pending))), execute)
        bar = tqdm(
            total=len(tasks), initial=summary.already_done, desc=loaded.experiment.name, unit="run",
            file=sys.stderr, disable=not progress, smoothing=0.1,
        )  # fmt: skip
        with bar, contextlib.closing(results):  # closing stops the workers on Ctrl-C
            for task, (frame, error) in results:
                if error is None:
                    path = out / "runs" / f"{task.key}.parquet"
                    write_atomically(path, lambda tmp, frame=frame: frame.to_parquet(tmp, index=False))
                    (out / "errors" / f"{task.key}.json").unlink(missing_ok=True)
                    summary.finished += 1
                else:
                    _write_error(out, task, error)
                    summary.failed += 1
                    summary.failed_keys.append(task.key)
                    bar.set_postfix_str(f"{summary.failed} failed")
                bar.update(1)
        return summary
    finally:
        lock.close()
