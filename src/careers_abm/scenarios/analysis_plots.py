"""Figures of a sweep's analysis: uncertainty bands, policy contrasts, sensitivity indices, pig cycles.

Each function draws one PNG with matplotlib's non-interactive backend and returns its path.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from .experiment import Experiment  # noqa: E402
from .oscillation import detrend  # noqa: E402

MAX_BAND_GROUPS = 12


def short_name(key: str) -> str:
    """`labour_market.premium.lag` -> `premium.lag`: enough to tell parameters apart in a legend."""
    return ".".join(key.split(".")[-2:])


def policy_labels(plan: pd.DataFrame, experiment: Experiment) -> dict[int, str]:
    levers = [lever.key for lever in experiment.levers]
    first = plan.drop_duplicates("policy").set_index("policy")
    return {
        int(policy): ", ".join(f"{short_name(key)}={row[key]:g}" for key in levers) for policy, row in first.iterrows()
    }


def _save(figure, path: Path) -> Path:
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path


def plot_bands(runs: pd.DataFrame, plan: pd.DataFrame, experiment: Experiment, columns: list[str], path: Path) -> Path:
    """Mean and 5-95% band over every run of a scenario and policy (replications and samples together)."""
    labels = policy_labels(plan, experiment)
    groups = list(runs.groupby(["scenario", "policy"]))[:MAX_BAND_GROUPS]
    figure, axes = plt.subplots(len(columns), 1, figsize=(9, 2.8 * len(columns)), squeeze=False)
    colours = plt.get_cmap("tab20")(np.linspace(0, 1, max(len(groups), 2)))
    for axis, column in zip(axes[:, 0], columns):
        for colour, ((scenario, policy), group) in zip(colours, groups):
            by_year = group.groupby("year")[column]
            mean, low, high = by_year.mean(), by_year.quantile(0.05), by_year.quantile(0.95)
            label = scenario + (f" ({labels[int(policy)]})" if labels[int(policy)] else "")
            axis.plot(mean.index, mean.to_numpy(), color=colour, label=label, linewidth=1.4)
            axis.fill_between(mean.index, low.to_numpy(), high.to_numpy(), color=colour, alpha=0.18, linewidth=0)
        axis.set_title(f"{column}: mean and 5-95% over runs", fontsize=10)
        axis.grid(alpha=0.3)
    axes[0, 0].legend(fontsize=7, ncol=2)
    return _save(figure, path)


def plot_contrasts(contrast: pd.DataFrame, path: Path) -> Path:
    """Each scenario's paired difference from the baseline, with its 95% interval, per outcome."""
    outcomes = list(dict.fromkeys(contrast["outcome"]))
    panel_height = max(3.0, 0.3 * contrast["scenario"].nunique() + 1.2)
    figure, axes = plt.subplots(len(outcomes), 1, figsize=(8, panel_height * len(outcomes)), squeeze=False)
    for axis, outcome in zip(axes[:, 0], outcomes):
        rows = contrast[contrast["outcome"] == outcome].sort_values("difference_mean")
        error = [
            rows["difference_mean"] - rows["difference_low95"],
            rows["difference_high95"] - rows["difference_mean"],
        ]
        axis.barh(rows["scenario"], rows["difference_mean"], xerr=np.nan_to_num(error), color="tab:blue", alpha=0.7)
        axis.axvline(0, color="black", linewidth=0.8)
        axis.set_title(f"{outcome}: difference from baseline (95% interval, paired)", fontsize=10)
    return _save(figure, path)


def plot_sensitivity(indices: pd.DataFrame, kind: str, path: Path) -> Path:
    """Sobol: S1 and ST bars with intervals; Morris: mu* against sigma. First scenario and policy only."""
    scenario, policy = indices.iloc[0][["scenario", "policy"]]
    first = indices[(indices["scenario"] == scenario) & (indices["policy"] == policy)]
    outcomes = list(dict.fromkeys(first["outcome"]))
    figure, axes = plt.subplots(1, len(outcomes), figsize=(4.6 * len(outcomes), 4.2), squeeze=False)
    for axis, outcome in zip(axes[0], outcomes):
        rows = first[first["outcome"] == outcome]
        rows = rows.sort_values("ST" if kind == "sobol" else "mu_star")  # the strongest at the top
        names = [short_name(key) for key in rows["parameter"]]
        if kind == "sobol":
            positions = np.arange(len(rows))
            axis.barh(positions - 0.2, rows["S1"], 0.4, xerr=rows["S1_conf"], label="S1 (first order)")
            axis.barh(positions + 0.2, rows["ST"], 0.4, xerr=rows["ST_conf"], label="ST (total)")
            axis.set_yticks(positions, names, fontsize=8)
            axis.axvline(0, color="black", linewidth=0.6)
        else:
            axis.errorbar(rows["mu_star"], rows["sigma"], xerr=rows["mu_star_conf"], fmt="o")
            for name, x, y in zip(names, rows["mu_star"], rows["sigma"]):
                axis.annotate(name, (x, y), fontsize=7)
            axis.set_xlabel("mu*")
            axis.set_ylabel("sigma")
        axis.set_title(outcome, fontsize=9)
    if kind == "sobol":
        axes[0, 0].legend(fontsize=8)
    return _save(figure, path)


def plot_oscillation(runs: pd.DataFrame, plan: pd.DataFrame, experiment: Experiment, path: Path) -> Path:
    """A grid of panels (rows x columns parameters): the detrended series per run, mean in bold. Each
    panel has its own vertical scale, since an explosive cycle would flatten every other panel."""
    spec = experiment.analysis.oscillation
    merged = runs[["run_key", "year", spec.column]].merge(plan, on="run_key")
    row_values = sorted(merged[spec.rows].unique())
    column_values = sorted(merged[spec.columns].unique())
    others = [p.key for p in experiment.parameters if p.key not in (spec.rows, spec.columns)]
    figure, axes = plt.subplots(
        len(row_values), len(column_values), figsize=(3.3 * len(column_values), 2.4 * len(row_values)),
        sharex=True, squeeze=False,
    )  # fmt: skip
    colours = plt.get_cmap("viridis")
    for i, row_value in enumerate(row_values):
        for j, column_value in enumerate(column_values):
            axis = axes[i, j]
            panel = merged[(merged[spec.rows] == row_value) & (merged[spec.columns] == column_value)]
            combos = list(panel.groupby(others)) if others else [((), panel)]
            for k, (combo, group) in enumerate(combos):
                colour = colours(k / max(len(combos) - 1, 1))
                curves = []
                for _, run in group.groupby("run_key"):
                    run = run.sort_values("year")
                    curve = detrend(run[spec.column].to_numpy(dtype=float))
                    curves.append(curve)
                    axis.plot(run["year"], curve, color=colour, alpha=0.25, linewidth=0.6)
                combo_values = combo if isinstance(combo, tuple) else (combo,)
                label = ", ".join(f"{short_name(key)}={value:g}" for key, value in zip(others, combo_values))
                axis.plot(run["year"], np.mean(curves, axis=0), color=colour, linewidth=1.6, label=label or None)
            axis.axhline(0, color="black", linewidth=0.5)
            axis.set_title(f"{short_name(spec.rows)}={row_value:g}, {short_name(spec.columns)}={column_value:g}",
                           fontsize=8)  # fmt: skip
    if others:
        axes[0, 0].legend(fontsize=6)
    figure.suptitle(f"{spec.column}, detrended (linear), per run and mean", fontsize=10)
    return _save(figure, path)
