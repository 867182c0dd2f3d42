"""The sweep: every run of an experiment, planned here and run by the executor (local pool or Dask), resumable.

Layout of the output folder DIR:
  experiment.json   the validated experiment (after command-line changes), its SALib problem
  plan.parquet      every planned run: run key, scenario, policy, sample, replication, seed, parameters
  runs/KEY.parquet  one file per finished run, one row per year: the plan's columns plus the outputs
  errors/KEY.json   one file per failed run: its parameters, the error and the traceback

With `uncertainty = "priors"` replication r's scenario config carries the effect sizes drawn at
(experiment seed, r) with compare's keys (uncertainty.py), so every scenario and every point of a
replication shares its draws (common random numbers) and a compare at the same seed draws the same.

A run key is a hash of everything that determines the run (the scenario's resolved config with any
prior draws, the varied values, the seed, the replication and a non-default uncertainty mode), so the
same command finds the same keys; executor.py says how a run is done exactly when its file exists, and
how rerunning resumes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..core import model_digest
from ..core.config import Config
from ..core.loader import load_config
from ..core.model import resolve_config
from ..core.sim import Sim
from .designs import lever_combinations, salib_problem, sample_uncertainties, typed
from .executor import Summary, claimed, run_pending
from .experiment import LoadedExperiment
from .files import write_atomically
from .posterior_draws import with_draws
from .run import run_scenario


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


def run_key(
    scenario: str, resolved_scenario: dict, values: dict, seed: int, replication: int, uncertainty: str = "none"
) -> str:
    """A stable 16-hex-digit key of what determines a run's results (the model's source and data too).
    The mode enters only when it is not the default, so the keys of Monte Carlo-only sweeps that already
    ran stay as they were."""
    mode = {} if uncertainty == "none" else {"uncertainty": uncertainty}
    text = json.dumps(
        {
            "scenario": scenario,
            "config": resolved_scenario,
            "values": values,
            "seed": seed,
            "replication": replication,
            "model": model_digest(),
            **mode,
        },
        sort_keys=True,
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def plan_runs(loaded: LoadedExperiment) -> list[RunTask]:
    """Scenarios x lever combinations x uncertainty samples x replications, in that nesting order.

    Replication r runs with seed base + r at every point, so points share their random numbers; with
    priors it also runs with the effect sizes drawn at (base, r), shared by every scenario and point.
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
        drawn = [
            with_draws(resolved, experiment.uncertainty, experiment.seed, replication)
            for replication in range(experiment.replications)
        ]
        for policy_index, policy in enumerate(policies):
            for sample_index, row in enumerate(samples):
                values = {p.key: typed(p.key, v, loaded.integer_keys) for p, v in zip(experiment.uncertainties, row)}
                values.update({k: typed(k, v, loaded.integer_keys) for k, v in policy.items()})
                for replication, scenario_config in enumerate(drawn):
                    seed = experiment.seed + replication
                    key = run_key(scenario, scenario_config, values, seed, replication, experiment.uncertainty)
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
                    tasks.append(RunTask(key, scenario_config, overrides, columns, labels))
    return tasks


def simulate(task: RunTask, start: Sim | None = None) -> pd.DataFrame:
    """Run one simulation and return its kept series columns, labelled; the default run function
    (`start`: the shared years' simulation to fork from, forks.py)."""
    return labelled_frame(task, run_scenario(task.scenario_config, overrides=task.overrides, template=start).series)


def task_config(task: RunTask) -> Config:
    """The task's resolved Config, by which the executor finds the runs that share years."""
    return resolve_config(task.scenario_config, task.overrides)


def labelled_frame(task: RunTask, series: pd.DataFrame) -> pd.DataFrame:
    """The run's rows with fixed dtypes, so that every file of the dataset has the same schema."""
    frame = pd.DataFrame({"year": series["year"].to_numpy(dtype="int64")})
    for name in task.columns:
        frame[name] = series[name].to_numpy(dtype="float64")
    labels = pd.DataFrame({name: [value] * len(frame) for name, value in task.labels.items()})
    return pd.concat([labels, frame], axis=1)


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


def run_sweep(
    loaded: LoadedExperiment,
    out: Path,
    workers: int | None = None,
    scheduler: str | None = None,
    execute: Callable[[RunTask], pd.DataFrame] = simulate,
    progress: bool = True,
) -> Summary:
    """Run every planned run that has no file in `out`/runs yet; return what was done.

    `execute` must be importable by name in the workers (a module-level function); the default runs the
    simulator, forking the runs that share years (forks.py). Ctrl-C stops the sweep after keeping every
    finished run.
    """
    with claimed(out) as out:
        tasks = plan_runs(loaded)
        _write_plan(out, loaded, tasks)
        return run_pending(
            out, tasks, execute, workers=workers, scheduler=scheduler, progress=progress, desc=loaded.experiment.name,
            forks=task_config if execute is simulate else None,
        )  # fmt: skip
