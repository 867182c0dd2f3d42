"""Policy contrasts with common random numbers, and the cost per extra technician.

Every scenario runs with the same seeds: replication r uses seed N + r for the baseline and for every
policy, so that a policy run minus its baseline run shows the policy's effect, not noise (an intervention
with zero effect gives exactly zero). Each paired difference is averaged over the replications, with a
95% t-interval (statistics.py). Runs are kept one file each in OUT/runs/, so compare resumes.

Extra technicians over 2011-T: the paired difference in the stock of workers in technical jobs at the end
of year T (policy minus baseline). The stock is what fills the jobs; it counts measures that add inflow
(choices, side-entry, migrants) and measures that keep people in (later retirement) on the same footing,
and it does not count a person twice who leaves and re-enters. "Per year" divides it by the years of the
horizon, so it reads as net technicians added a year, against the Masterplan's 40,000 extra a year. The
cumulative paired difference in the technical labour inflow (gross, the Masterplan's framing) is
reported beside it. Cost: the euros the scenario's interventions spent in 2011-T, nominal, undiscounted,
by payer (state, social partners, firms, EU); the headline euros per extra technician count the public
outlays (state and EU), and bonuses paid for what people would have done anyway are the deadweight.

With uncertainty="priors" each replication also draws the effect sizes from their priors
(uncertainty.py), with "posterior" the behavioural parameters from the posterior sample, with "all" both
(posterior_draws.py; one row per replication, shared by every scenario); the Monte Carlo-only runs at
the same seeds are run too, so that the spread over replications splits into its Monte Carlo and its
drawn part; and with the priors drawn, per policy and replication the reference run (every effect at
its prior median) and one run per drawn effect (that effect at the replication's draw, the others at
their medians) rank the effects by their first-order share of the variance
(uncertainty.first_order_shares). All of these are keyed runs of the same executor.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..core import model_digest
from ..core.codes import LEVEL_NAMES
from ..core.config import Config
from ..core.interventions.base import PAYERS, PUBLIC_PAYERS
from ..core.loader import load_config
from ..core.model import resolve_config
from ..core.sim import Sim
from .executor import RunsFailed, claimed, run_file, run_pending
from .files import git_commit, package_version, seal, unseal, write_atomically
from .posterior_draws import POSTERIOR_MODES, PRIOR_MODES, SPREAD_LABELS, with_draws, with_posterior_draw
from .run import contrast_frame, run_scenario
from .statistics import paired_interval
from .uncertainty import (
    REFERENCE,
    effect_grade,
    first_order_shares,
    inverse_quantiles,
    one_at_a_time,
    quantiles,
    spread_shares,
)

TARGET_PER_YEAR = 40_000  # Masterplan: 40,000 extra beta-technicians a year (letter, Inleiding)
HORIZONS = (2020, 2030)  # reported periods 2011-2020 and 2011-2030 (or 2011-end for a shorter run)
FIRST_YEAR = 2011
SEXES = ("male", "female")
LABELS = ("scenario", "replication", "seed")  # columns of a run file beside the year and the indicators
# The study's own files, sealed by manifest.json (written last, with each file's SHA-256).
OUTPUTS = ("contrast.csv", "cost_effectiveness.csv", "effect_ranking.csv", "contrast.png")


@dataclass(frozen=True)
class ContrastTask:
    """One scenario at one replication: its resolved config (a worker needs no scenario files)."""

    key: str
    config: dict
    labels: dict


def _resolved(path: Path, seed: int, scale: float | None, end_year: int | None) -> dict:
    overrides = {"run.seed": seed, "run.start_year": FIRST_YEAR}
    if scale is not None:
        overrides["run.scale"] = scale
    if end_year is not None:
        overrides["run.end_year"] = end_year
    return load_config(path, overrides)[1]


def _task(name: str, config: dict, labels: dict) -> ContrastTask:
    """A run keyed by a hash of the scenario's name, its resolved config and the model."""
    text = json.dumps({"scenario": name, "config": config, "model": model_digest()}, sort_keys=True)
    return ContrastTask(hashlib.sha256(text.encode()).hexdigest()[:16], config, {"scenario": name, **labels})


def plan_runs(
    scenarios: dict[str, Path],
    seeds: Sequence[int],
    scale: float | None,
    end_year: int | None,
    uncertainty: str = "none",
) -> list[ContrastTask]:
    """Every scenario at every seed, reported from 2011; a key is a hash of the scenario's name and its
    resolved config (seed, scale, horizon and any prior draws included), so the same command finds the
    same runs. With uncertainty="priors" replication r's effects are drawn at (first seed, r)."""
    tasks = []
    for name, path in scenarios.items():
        for replication, seed in enumerate(seeds):
            resolved = with_draws(_resolved(path, seed, scale, end_year), uncertainty, seeds[0], replication)
            tasks.append(_task(name, resolved, {"replication": replication, "seed": seed}))
    return tasks


def plan_ranking_runs(
    policies: dict[str, Path],
    seeds: Sequence[int],
    scale: float | None,
    end_year: int | None,
    uncertainty: str = "priors",
) -> list[ContrastTask]:
    """The effect ranking's runs (uncertainty.one_at_a_time): per policy and replication, the reference
    at the prior medians and one run per drawn effect, at the replication's seed; labelled by `effect`.
    With uncertainty="all" every one of them holds the replication's posterior row, so the ranking
    splits the effects' share with the behavioural parameters fixed within a replication."""
    tasks = []
    for name, path in policies.items():
        for replication, seed in enumerate(seeds):
            resolved = _resolved(path, seed, scale, end_year)
            if uncertainty in POSTERIOR_MODES:
                resolved = with_posterior_draw(resolved, seeds[0], replication)
            configs = one_at_a_time(resolved, seeds[0], replication)
            for effect, config in configs.items():
                tasks.append(_task(name, config, {"replication": replication, "seed": seed, "effect": effect}))
    return tasks


def simulate(task: ContrastTask, start: Sim | None = None) -> pd.DataFrame:
    """One run's contrast frame with the task's labels, the run function of compare's executor
    (`start`: the shared years' simulation to fork from, forks.py)."""
    frame = contrast_frame(run_scenario(task.config, template=start)).reset_index()
    labels = pd.DataFrame({name: [task.labels[name]] * len(frame) for name in LABELS})
    return pd.concat([labels, frame], axis=1)


def task_config(task: ContrastTask) -> Config:
    """The task's resolved Config, by which the executor finds the runs that share years."""
    return resolve_config(task.config)


def read_runs(out: Path, tasks: Sequence[ContrastTask], by: str = "scenario") -> dict:
    """The finished runs' contrast frames (indexed by year) per value of the label `by` (a tuple of
    labels groups by their values), in replication order."""
    frames: dict = {}
    for task in tasks:
        group = tuple(task.labels[label] for label in by) if isinstance(by, tuple) else task.labels[by]
        frame = pd.read_parquet(run_file(out, task.key)).drop(columns=list(LABELS))
        frames.setdefault(group, []).append(frame.set_index("year"))
    return frames


def _stack(frames: list[pd.DataFrame]) -> np.ndarray:
    return np.stack([frame.to_numpy(dtype=np.float64) for frame in frames])


def contrast_table(baseline: list[pd.DataFrame], policies: dict[str, list[pd.DataFrame]]) -> pd.DataFrame:
    """scenario, year, indicator, baseline and policy means, mean paired difference and its 95% interval."""
    columns = list(baseline[0].columns)
    years = baseline[0].index.to_numpy()
    base = _stack(baseline)
    parts = []
    for name, frames in policies.items():
        policy = _stack([frame[columns] for frame in frames])
        mean, low, high = paired_interval(policy - base)
        grid_year, grid_indicator = np.meshgrid(years, columns, indexing="ij")
        parts.append(
            pd.DataFrame(
                {
                    "scenario": name,
                    "year": grid_year.ravel(),
                    "indicator": grid_indicator.ravel(),
                    "baseline_mean": base.mean(axis=0).ravel(),
                    "policy_mean": policy.mean(axis=0).ravel(),
                    "difference_mean": mean.ravel(),
                    "difference_low": low.ravel(),
                    "difference_high": high.ravel(),
                    "replications": len(frames),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def _euros_per(cost: float, mean: float, low: float, high: float) -> tuple[float, float, float]:
    """Euros per extra technician with the interval implied by the interval of the extra technicians."""
    point = cost / mean if mean > 0 else math.nan
    if not (high > 0) or math.isnan(high):
        return point, math.nan, math.nan
    return point, cost / high, cost / low if low > 0 else math.inf


def _extra(baseline: list[pd.DataFrame], frames: list[pd.DataFrame], horizon: int) -> np.ndarray:
    return np.array([p.loc[horizon, "tech_workers"] - b.loc[horizon, "tech_workers"] for p, b in zip(frames, baseline)])


def _spent(frames: list[pd.DataFrame], horizon: int, column: str) -> np.ndarray:
    return np.array([frame.loc[:horizon, column].sum() for frame in frames])


def cost_effectiveness(
    baseline: list[pd.DataFrame],
    policies: dict[str, list[pd.DataFrame]],
    uncertainty: str = "none",
    monte_carlo: dict[str, list[pd.DataFrame]] | None = None,
) -> pd.DataFrame:
    """One row per scenario and horizon: cost by payer, public cost and deadweight, extra technicians by
    level and sex, public euros per technician; the median and 90% interval over the replications and,
    with priors, the Monte Carlo and prior shares of the spread (`monte_carlo`: the runs without draws)."""
    last_year = int(baseline[0].index.max())
    rows = []
    for name, frames in policies.items():
        for horizon in [h for h in HORIZONS if h <= last_year] or [last_year]:
            years = horizon - FIRST_YEAR + 1
            diffs = [policy.loc[:horizon] - base.loc[:horizon] for policy, base in zip(frames, baseline)]
            extra = _extra(baseline, frames, horizon)
            inflow = np.array([diff["tech_labour_inflow"].sum() for diff in diffs])
            cost = float(_spent(frames, horizon, "intervention_cost_eur").mean())
            public = sum(_spent(frames, horizon, f"cost_{payer}_eur") for payer in PUBLIC_PAYERS)
            public_cost = float(public.mean())
            mean, low, high = (float(v) for v in paired_interval(extra))
            per_euro = _euros_per(public_cost, mean, low, high)
            inflow_mean, inflow_low, inflow_high = (float(v) for v in paired_interval(inflow))
            extra_median = quantiles(extra / years)
            euros_median = inverse_quantiles(public, extra)
            if uncertainty != "none" and monte_carlo is not None:
                mc_share, prior_share = spread_shares(extra, _extra(baseline, monte_carlo[name], horizon))
            else:
                mc_share, prior_share = 1.0, 0.0
            row = {
                "scenario": name,
                "period": f"{FIRST_YEAR}-{horizon}",
                "replications": len(frames),
                "uncertainty": SPREAD_LABELS[uncertainty],
                "total_cost_eur": cost,
                "public_cost_eur": public_cost,
                **{f"cost_{payer}_eur": float(_spent(frames, horizon, f"cost_{payer}_eur").mean()) for payer in PAYERS},
                "deadweight_cost_eur": float(_spent(frames, horizon, "deadweight_cost_eur").mean()),
                "extra_technicians": mean,
                "extra_technicians_low": low,
                "extra_technicians_high": high,
                "extra_per_year": mean / years,
                "extra_per_year_low": low / years,
                "extra_per_year_high": high / years,
                "euros_per_extra_technician": per_euro[0],
                "euros_per_extra_technician_low": per_euro[1],
                "euros_per_extra_technician_high": per_euro[2],
                "share_of_target": mean / years / TARGET_PER_YEAR,
                "share_of_target_low": low / years / TARGET_PER_YEAR,
                "share_of_target_high": high / years / TARGET_PER_YEAR,
                "extra_per_year_median": extra_median[0],
                "extra_per_year_p05": extra_median[1],
                "extra_per_year_p95": extra_median[2],
                "public_euros_per_extra_technician_median": euros_median[0],
                "public_euros_per_extra_technician_p05": euros_median[1],
                "public_euros_per_extra_technician_p95": euros_median[2],
                "spread_monte_carlo_share": mc_share,
                "spread_priors_share": prior_share,
                "extra_tech_labour_inflow": inflow_mean,
                "extra_tech_labour_inflow_low": inflow_low,
                "extra_tech_labour_inflow_high": inflow_high,
            }
            for sex in SEXES:
                for level in LEVEL_NAMES:
                    by = np.array([diff.loc[horizon, f"tech_workers_{sex}_{level}"] for diff in diffs])
                    row[f"extra_{sex}_{level}"] = float(by.mean())
            rows.append(row)
    return pd.DataFrame(rows)


SUM = "(sum of first-order shares)"
RANKING_COLUMNS = [
    "scenario", "period", "rank", "effect", "measure", "grade",
    "first_order_share", "share_low", "share_high", "replications",
]  # fmt: skip


def effect_ranking(
    baseline: list[pd.DataFrame],
    policies: dict[str, list[pd.DataFrame]],
    one_drawn: dict[tuple[str, str], list[pd.DataFrame]],
    seed: int,
) -> pd.DataFrame:
    """Per scenario and period, every drawn effect with its first-order share of the variance of the
    extra technicians over the replications and its bootstrap 90% interval (uncertainty.first_order_shares),
    largest first, then their sum without a rank. `one_drawn`: the ranking runs by (scenario, effect)."""
    last_year = int(baseline[0].index.max())
    rows = []
    for name, frames in policies.items():
        effects = [effect for scenario, effect in one_drawn if scenario == name and effect != REFERENCE]
        if not effects:
            continue
        for horizon in [h for h in HORIZONS if h <= last_year] or [last_year]:
            shares, total = first_order_shares(
                _extra(baseline, frames, horizon),
                _extra(baseline, one_drawn[name, REFERENCE], horizon),
                {effect: _extra(baseline, one_drawn[name, effect], horizon) for effect in effects},
                seed,
            )
            where = {"scenario": name, "period": f"{FIRST_YEAR}-{horizon}", "replications": len(frames)}
            ranked = sorted(shares.items(), key=lambda item: -np.nan_to_num(item[1][0], nan=-1.0))
            for rank, (effect, (share, low, high)) in enumerate(ranked, start=1):
                measure = effect.split(".", 1)[0]
                rows.append({
                    **where, "rank": rank, "effect": effect, "measure": measure, "grade": effect_grade(effect),
                    "first_order_share": share, "share_low": low, "share_high": high,
                })  # fmt: skip
            rows.append({**where, "effect": SUM, "first_order_share": total[0], "share_low": total[1],
                         "share_high": total[2]})  # fmt: skip
    return pd.DataFrame(rows, columns=RANKING_COLUMNS).astype({"rank": "Int64"})


def plot_contrast(contrast: pd.DataFrame, table: pd.DataFrame, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    panels = (
        ("tech_workers", "Technical workers (thousands)", 1e-3),
        ("tech_labour_inflow", "Technical labour inflow a year (thousands)", 1e-3),
        ("tech_inflow_share_he", "Technical share of hbo+wo inflow (points)", 100),
    )
    fig, axes = plt.subplots(2, 2, figsize=(14, 9), constrained_layout=True)
    fig.suptitle("Policy minus baseline: mean paired difference and 95% interval (common random numbers)")
    names = list(dict.fromkeys(contrast["scenario"]))
    palette = plt.get_cmap("tab20").colors
    colours = dict(zip(names, palette[::2] + palette[1::2]))  # ten distinct hues first, then their light twins
    for ax, (indicator, title, factor) in zip(axes.ravel(), panels):
        for name, part in contrast[contrast["indicator"] == indicator].groupby("scenario", sort=False):
            line = ax.plot(part["year"], part["difference_mean"] * factor, color=colours[name], label=name)[0]
            ax.fill_between(
                part["year"], part["difference_low"] * factor, part["difference_high"] * factor,
                color=line.get_color(), alpha=0.15,
            )  # fmt: skip
        ax.axhline(0, color="grey", lw=0.8)
        ax.set(title=title, xlabel="year")
    axes[0, 0].legend(fontsize=7)
    ax = axes[1, 1]
    if not table.empty:
        period = table["period"].max()
        ranked = table[table["period"] == period].sort_values("extra_per_year")
        mean = ranked["extra_per_year"].to_numpy()
        error = np.vstack([mean - ranked["extra_per_year_low"], ranked["extra_per_year_high"] - mean])
        ax.barh(ranked["scenario"], mean, xerr=np.nan_to_num(error), color="#1f77b4")
        ax.axvline(0, color="grey", lw=0.8)
        ax.set(title=f"Extra technicians a year, {period} (target 40,000)", xlabel="technicians a year")
    write_atomically(path, lambda tmp: fig.savefig(tmp, format="png", dpi=110))
    plt.close(fig)


def compare(
    baseline: Path,
    policies: Sequence[Path],
    out: Path,
    replications: int = 5,
    seed: int | None = None,
    scale: float | None = None,
    end_year: int | None = None,
    workers: int = 2,
    scheduler: str | None = None,
    progress: bool = True,
    uncertainty: str = "none",
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Run the baseline and each policy at seeds N..N+R-1 and write contrast.csv, cost_effectiveness.csv,
    effect_ranking.csv and contrast.png to `out`, then manifest.json with their SHA-256 (files.complete
    tells a finished folder). Every config is validated before anything runs.
    uncertainty="priors" draws each replication's effect sizes from their priors (and runs the Monte
    Carlo-only replications as well, to split the spread, and the effect ranking's runs,
    plan_ranking_runs); "none" holds them at their defaults.

        The runs go through the executor into `out`/runs/ (on `workers` local processes, or the Dask
        `scheduler`), so an interrupted compare resumes: rerunning it recomputes only the missing runs.
    """
    for path in (baseline, *policies):
        load_config(path)  # raises ConfigError on a bad file, before any run starts
    if seed is None:
        seed = load_config(baseline)[0].run.seed
    names = [Path(path).stem for path in policies]
    if len(set(names)) < len(names) or Path(baseline).stem in names:
        names = [str(path) for path in policies]
    scenarios = {"baseline": Path(baseline), **dict(zip(names, map(Path, policies)))}
    seeds = [seed + r for r in range(replications)]
    monte_carlo_tasks = plan_runs(scenarios, seeds, scale, end_year)
    tasks = plan_runs(scenarios, seeds, scale, end_year, uncertainty) if uncertainty != "none" else monte_carlo_tasks
    policies_only = {name: path for name, path in scenarios.items() if name != "baseline"}
    ranked = uncertainty in PRIOR_MODES
    ranking_tasks = plan_ranking_runs(policies_only, seeds, scale, end_year, uncertainty) if ranked else []
    every = sorted((*monte_carlo_tasks, *tasks, *ranking_tasks), key=lambda task: task.labels["seed"])
    unique = list({task.key: task for task in every}.values())  # by seed: a worker's runs share a build
    with claimed(out) as out:
        summary = run_pending(
            out, unique, simulate, workers=workers, scheduler=scheduler, progress=progress, forks=task_config
        )
        if summary.failed:
            raise RunsFailed(f"{summary.failed} of {summary.planned} runs failed; errors in {out}/errors/")
        frames = read_runs(out, tasks)
        monte_carlo = read_runs(out, monte_carlo_tasks)
        base = frames.pop("baseline")
        contrast = contrast_table(base, frames)
        table = cost_effectiveness(base, frames, uncertainty, monte_carlo)
        ranking = effect_ranking(base, frames, read_runs(out, ranking_tasks, by=("scenario", "effect")), seed)
        unseal(out)  # until the new manifest is written, the folder reads as incomplete
        for name, frame in (("contrast", contrast), ("cost_effectiveness", table), ("effect_ranking", ranking)):
            write_atomically(out / f"{name}.csv", lambda tmp, f=frame: f.to_csv(tmp, index=False, float_format="%.10g"))
        plot_contrast(contrast, table, out / "contrast.png")
        seal(out, OUTPUTS, study_record(scenarios, seeds, scale, end_year, uncertainty))
    return contrast, table, ranking


def planned_runs(policies: Sequence[Path], replications: int, uncertainty: str) -> int:
    """How many run files a compare keeps at most in DIR/runs, for the disk check before it starts."""
    if uncertainty not in PRIOR_MODES:
        return replications * (len(policies) + 1) * (1 if uncertainty == "none" else 2)
    ranked = sum(len(one_at_a_time(load_config(path)[1], 0, 0)) for path in policies)
    baselines = 1 if uncertainty == "priors" else 2  # a posterior row changes the baseline's runs as well
    return replications * (baselines + 2 * len(policies) + ranked)


def study_record(
    scenarios: dict[str, Path], seeds: list[int], scale: float | None, end_year: int | None, uncertainty: str
) -> dict:
    """What a compare ran, for its manifest and report: each scenario's file and resolved config, the
    seeds, the uncertainty mode and the version."""
    settings = {"run.start_year": FIRST_YEAR, "run.scale": scale, "run.end_year": end_year}
    overrides = {key: value for key, value in settings.items() if value is not None}
    return {
        "kind": "compare",
        "package_version": package_version(),
        "git_commit": git_commit(),
        "seeds": seeds,
        "uncertainty": uncertainty,
        "overrides": overrides,
        "scenarios": {
            name: {"file": str(path), "config": load_config(path, overrides)[1]} for name, path in scenarios.items()
        },
    }
