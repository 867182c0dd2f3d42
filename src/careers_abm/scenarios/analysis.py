"""`careers-abm analyze DIR`: what a finished (or partly finished) sweep says.

Writes DIR/analysis/ as one unit (a staging folder renamed into place): bands.csv (mean and 5-95%
per year over replications, per design point), outcomes.csv (the scalar outcomes of every run),
contrasts.csv (paired differences against a baseline scenario, when the experiment names one),
sobol.csv or morris.csv (SALib indices with confidence intervals, per scenario and policy),
oscillation.csv (pig-cycle measures), and their figures.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.config import ConfigError
from . import analysis_plots
from .experiment import Experiment
from .files import atomic_folder
from .oscillation import measures
from .outcomes import evaluate
from .statistics import paired_interval

POINT = ["scenario", "policy", "sample"]


def load_sweep(out: Path) -> tuple[Experiment, dict, pd.DataFrame, pd.DataFrame]:
    """The experiment, its description, the plan and the finished runs that belong to the plan."""
    out = Path(out)
    try:
        description = json.loads((out / "experiment.json").read_text())
    except FileNotFoundError:
        raise ConfigError(f"{out}: not a sweep folder (no experiment.json)") from None
    experiment = Experiment.model_validate(description["experiment"])
    plan = pd.read_parquet(out / "plan.parquet")
    files = sorted((out / "runs").glob("*.parquet"))
    if not files:
        raise ConfigError(f"{out}: no finished runs yet")
    runs = pd.concat([pd.read_parquet(path) for path in files], ignore_index=True)
    runs = runs[runs["run_key"].isin(plan["run_key"])]
    return experiment, description, plan, runs.sort_values(["run_key", "year"]).reset_index(drop=True)


def bands(runs: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Per design point, column and year: mean, 5% and 95% quantiles over replications."""
    frames = []
    for column in columns:
        values = runs.groupby([*POINT, "year"])[column]
        stats = pd.DataFrame(
            {
                "mean": values.mean(),
                "q05": values.quantile(0.05),
                "q95": values.quantile(0.95),
                "replications": values.size(),
            }
        )
        frames.append(stats.reset_index().assign(column=column))
    return pd.concat(frames, ignore_index=True)[[*POINT, "column", "year", "mean", "q05", "q95", "replications"]]


def run_outcomes(experiment: Experiment, plan: pd.DataFrame, runs: pd.DataFrame) -> pd.DataFrame:
    """One row per finished run: its plan labels and each scalar outcome."""
    rows = [{"run_key": key, **evaluate(series, experiment.outcomes)} for key, series in runs.groupby("run_key")]
    return plan.merge(pd.DataFrame(rows), on="run_key", how="inner")


def contrasts(outcomes: pd.DataFrame, names: list[str], baseline: str) -> pd.DataFrame:
    """Each scenario minus the baseline, paired by policy, sample and replication (common random numbers):
    the mean difference and its 95% t-interval over the pairs, the same statistic as compare's."""
    if baseline not in set(outcomes["scenario"]):
        raise ConfigError(f"analysis.baseline: scenario {baseline!r} has no finished runs")
    pair = ["policy", "sample", "replication"]
    base = outcomes[outcomes["scenario"] == baseline].set_index(pair)[names]
    rows = []
    for scenario, group in outcomes.groupby("scenario", sort=False):
        differences = group.set_index(pair)[names].sub(base).dropna()
        for name in names:
            mean, low, high = paired_interval(differences[name].to_numpy())
            rows.append({
                "scenario": scenario, "outcome": name, "pairs": len(differences),
                "scenario_mean": group[name].mean(), "baseline_mean": base[name].mean(),
                "difference_mean": float(mean), "difference_low95": float(low), "difference_high95": float(high),
            })  # fmt: skip
    return pd.DataFrame(rows)


def _mean_outcome_by_sample(group: pd.DataFrame, name: str, samples: int) -> np.ndarray | None:
    """The outcome averaged over replications, in design order; None while some sample is missing."""
    means = group.groupby("sample")[name].mean().reindex(range(samples))
    return None if means.isna().any() else means.to_numpy()


def sensitivity(experiment: Experiment, problem: dict, plan: pd.DataFrame, outcomes: pd.DataFrame) -> pd.DataFrame:
    """Sobol S1/ST (Saltelli) or Morris mu*/sigma per scenario, policy and outcome, with 95% intervals."""
    from SALib.analyze import morris, sobol

    design = experiment.design
    samples = int(plan["sample"].max()) + 1
    keys = [parameter.key for parameter in experiment.uncertainties]
    inputs = plan.drop_duplicates("sample").sort_values("sample")[keys].to_numpy(dtype=float)
    rows = []
    for (scenario, policy), group in outcomes.groupby(["scenario", "policy"]):
        for outcome in experiment.outcomes:
            values = _mean_outcome_by_sample(group, outcome.name, samples)
            if values is None or not np.all(np.isfinite(values)):
                continue
            if design.kind == "sobol":
                result = sobol.analyze(
                    problem, values, calc_second_order=design.second_order, conf_level=0.95, seed=design.seed
                )
                fields = ("S1", "S1_conf", "ST", "ST_conf")
            else:
                result = morris.analyze(
                    problem, inputs, values, conf_level=0.95, num_levels=design.levels, seed=design.seed
                )
                fields = ("mu", "mu_star", "mu_star_conf", "sigma")
            for index, key in enumerate(keys):
                row = {"scenario": scenario, "policy": policy, "outcome": outcome.name, "parameter": key}
                rows.append(row | {name: float(np.asarray(result[name])[index]) for name in fields})
    return pd.DataFrame(rows)


def oscillation_table(experiment: Experiment, plan: pd.DataFrame, runs: pd.DataFrame) -> pd.DataFrame:
    """Pig-cycle measures per run, averaged per design point (amplitude, period, cycle strength)."""
    column = experiment.analysis.oscillation.column
    per_run = [
        {"run_key": key, **measures(series.sort_values("year")[column].to_numpy())}
        for key, series in runs.groupby("run_key")
    ]
    table = plan.merge(pd.DataFrame(per_run), on="run_key")
    keys = [parameter.key for parameter in experiment.parameters]
    measure_names = list(per_run[0].keys())[1:]
    summary = table.groupby([*POINT, *keys])[measure_names].mean().reset_index()
    summary["replications"] = table.groupby([*POINT, *keys]).size().to_numpy()
    return summary


def analyze(out: Path) -> list[Path]:
    """Compute and write every table and figure the experiment asks for into DIR/analysis, replaced as
    one unit (files.atomic_folder); return the files written."""
    out = Path(out)
    experiment, description, plan, runs = load_sweep(out)
    target = out / "analysis"
    with atomic_folder(target) as staging:
        names = _write_analysis(staging, experiment, description, plan, runs)
    return [target / name for name in names]


def _write_analysis(folder: Path, experiment: Experiment, description: dict, plan: pd.DataFrame, runs) -> list[str]:
    written: list[str] = []

    def save(frame: pd.DataFrame, name: str) -> None:
        frame.to_csv(folder / name, index=False, float_format="%.6g")
        written.append(name)

    def figure(path: Path) -> None:
        written.append(path.name)

    band_columns = experiment.analysis.bands or experiment.outputs[:4]
    band_table = bands(runs, band_columns)
    save(band_table, "bands.csv")
    figure(analysis_plots.plot_bands(runs, plan, experiment, band_columns, folder / "bands.png"))

    outcomes = run_outcomes(experiment, plan, runs)
    names = [outcome.name for outcome in experiment.outcomes]
    save(outcomes, "outcomes.csv")
    if experiment.analysis.baseline is not None:
        contrast = contrasts(outcomes, names, experiment.analysis.baseline)
        save(contrast, "contrasts.csv")
        figure(analysis_plots.plot_contrasts(contrast, folder / "contrasts.png"))
    if experiment.design.kind in ("sobol", "morris"):
        indices = sensitivity(experiment, description["problem"], plan, outcomes)
        if not indices.empty:
            name = experiment.design.kind
            save(indices, f"{name}.csv")
            figure(analysis_plots.plot_sensitivity(indices, name, folder / f"{name}.png"))
    if experiment.analysis.oscillation is not None:
        save(oscillation_table(experiment, plan, runs), "oscillation.csv")
        figure(analysis_plots.plot_oscillation(runs, plan, experiment, folder / "pig_cycle.png"))
    return written
