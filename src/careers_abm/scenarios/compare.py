"""Policy contrasts with common random numbers, and the cost per extra technician.

Every scenario runs with the same seeds: replication r uses seed N + r for the baseline and for every
policy, so that a policy run minus its baseline run shows the policy's effect, not noise (an intervention
with zero effect gives exactly zero). Each paired difference is averaged over the replications, with a
95% t-interval.

Extra technicians over 2011-T: the paired difference in the stock of workers in technical jobs at the end
of year T (policy minus baseline). The stock is what fills the jobs; it counts measures that add inflow
(choices, side-entry, migrants) and measures that keep people in (later retirement) on the same footing,
and it does not count a person twice who leaves and re-enters. "Per year" divides it by the years of the
horizon, so it reads as net technicians added a year, against the Masterplan's 40,000 extra a year. The
cumulative paired difference in the technical labour inflow (gross, the Masterplan's framing) is
reported beside it. Cost: the euros the scenario's interventions spent in 2011-T, nominal, undiscounted.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing import get_context
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm import tqdm

from ..core.codes import LEVEL_NAMES
from ..core.config import load_config
from .files import write_atomically

TARGET_PER_YEAR = 40_000  # Masterplan: 40,000 extra beta-technicians a year (letter, Inleiding)
HORIZONS = (2020, 2030)  # reported periods 2011-2020 and 2011-2030 (or 2011-end for a shorter run)
FIRST_YEAR = 2011
SEXES = ("male", "female")
# Two-sided 95% quantiles of Student's t for 1..30 degrees of freedom (standard tables).
_T975 = (
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
)  # fmt: skip


def t975(df: int) -> float:
    """The 97.5% quantile of Student's t; beyond the table, the Cornish-Fisher expansion around 1.96."""
    if df < 1:
        return math.nan
    if df <= len(_T975):
        return _T975[df - 1]
    z = 1.959964
    return z + (z**3 + z) / (4 * df)


def run_one(config_path: str, seed: int, scale: float | None, end_year: int | None) -> pd.DataFrame:
    """One run's yearly series plus the indicators a contrast needs beyond the output contract."""
    from ..core.sim import Sim

    overrides = {"run.seed": seed, "run.start_year": FIRST_YEAR}
    if scale is not None:
        overrides["run.scale"] = scale
    if end_year is not None:
        overrides["run.end_year"] = end_year
    config, _ = load_config(config_path, overrides)
    sim = Sim(config)
    sim.run()
    frame = sim.series()
    frame["tech_labour_inflow"] = sum(frame[f"tech_labour_inflow_{level}"] for level in LEVEL_NAMES)
    frame["tech_shortage"] = sum(frame[f"tech_shortage_{level}"] for level in LEVEL_NAMES)
    for level in LEVEL_NAMES:
        female = np.array([sim.results.counts[y][f"tech_workers_female_{level}"] for y in frame["year"]]) / sim.scale
        frame[f"tech_workers_female_{level}"] = female
        frame[f"tech_workers_male_{level}"] = frame[f"tech_workers_{level}"] - female
    cost = dict.fromkeys(frame["year"], 0.0)
    for intervention in sim.interventions:
        for year, euros in intervention.cost_by_year().items():
            cost[year] = cost.get(year, 0.0) + euros
    frame["intervention_cost_eur"] = [cost[y] for y in frame["year"]]
    return frame.set_index("year")


def _init_worker() -> None:
    import numba

    numba.set_num_threads(1)  # the pool already uses the cores; results do not depend on threads


def run_all(
    scenarios: dict[str, Path], seeds: Sequence[int], scale: float | None, end_year: int | None, workers: int
) -> dict[str, list[pd.DataFrame]]:
    """Every scenario at every seed; a progress bar on stderr. Returns frames in seed order."""
    tasks = [(name, r, str(path), seed) for name, path in scenarios.items() for r, seed in enumerate(seeds)]
    results: dict[str, list] = {name: [None] * len(seeds) for name in scenarios}
    bar = tqdm(total=len(tasks), desc="runs", unit="run", file=sys.stderr)
    if workers <= 1:
        for name, r, path, seed in tasks:
            results[name][r] = run_one(path, seed, scale, end_year)
            bar.update(1)
    else:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"), initializer=_init_worker)
        with pool:
            futures = {pool.submit(run_one, path, seed, scale, end_year): (name, r) for name, r, path, seed in tasks}
            for future in as_completed(futures):
                name, r = futures[future]
                results[name][r] = future.result()
                bar.update(1)
    bar.close()
    return results


def _stack(frames: list[pd.DataFrame]) -> np.ndarray:
    return np.stack([frame.to_numpy(dtype=np.float64) for frame in frames])


def _interval(values: np.ndarray, axis: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean and 95% t-interval of paired differences over replications (NaN with one replication)."""
    n = values.shape[axis]
    mean = values.mean(axis=axis)
    if n < 2:
        return mean, np.full_like(mean, np.nan), np.full_like(mean, np.nan)
    half = t975(n - 1) * values.std(axis=axis, ddof=1) / math.sqrt(n)
    return mean, mean - half, mean + half


def contrast_table(baseline: list[pd.DataFrame], policies: dict[str, list[pd.DataFrame]]) -> pd.DataFrame:
    """scenario, year, indicator, baseline and policy means, mean paired difference and its 95% interval."""
    columns = list(baseline[0].columns)
    years = baseline[0].index.to_numpy()
    base = _stack(baseline)
    parts = []
    for name, frames in policies.items():
        policy = _stack([frame[columns] for frame in frames])
        mean, low, high = _interval(policy - base)
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


def cost_effectiveness(baseline: list[pd.DataFrame], policies: dict[str, list[pd.DataFrame]]) -> pd.DataFrame:
    """One row per scenario and horizon: cost, extra technicians by level and sex, euros per technician."""
    last_year = int(baseline[0].index.max())
    rows = []
    for name, frames in policies.items():
        for horizon in [h for h in HORIZONS if h <= last_year] or [last_year]:
            years = horizon - FIRST_YEAR + 1
            diffs = [policy.loc[:horizon] - base.loc[:horizon] for policy, base in zip(frames, baseline)]
            extra = np.array([diff.loc[horizon, "tech_workers"] for diff in diffs])
            inflow = np.array([diff["tech_labour_inflow"].sum() for diff in diffs])
            cost = float(np.mean([frame.loc[:horizon, "intervention_cost_eur"].sum() for frame in frames]))
            mean, low, high = (float(v) for v in _interval(extra))
            per_euro = _euros_per(cost, mean, low, high)
            inflow_mean, inflow_low, inflow_high = (float(v) for v in _interval(inflow))
            row = {
                "scenario": name,
                "period": f"{FIRST_YEAR}-{horizon}",
                "replications": len(frames),
                "total_cost_eur": cost,
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


def ranking_text(table: pd.DataFrame) -> str:
    """The scenarios ranked by extra technicians a year over the longest period, one block per period."""
    longest = table["period"].max()
    order = table[table["period"] == longest].sort_values("extra_per_year", ascending=False)["scenario"].tolist()

    def interval(row, name, scale=1.0, fmt="{:,.0f}"):
        mean, low, high = (row[f"{name}{suffix}"] * scale for suffix in ("", "_low", "_high"))
        if math.isnan(mean):
            return "n/a"
        return f"{fmt.format(mean)} [{fmt.format(low)}, {fmt.format(high)}]"

    blocks = []
    for period, part in table.groupby("period"):
        part = part.set_index("scenario").loc[order].reset_index()
        replications = int(part["replications"].iloc[0])
        lines = [f"{period}: mean [95% interval] over {replications} paired replications, ranked by {longest}"]
        header = ("scenario", "extra technicians/yr", "share of 40,000/yr", "cost (M EUR)", "EUR per extra technician")
        body = [
            (
                row["scenario"],
                interval(row, "extra_per_year"),
                interval(row, "share_of_target", 100, "{:.2f}%"),
                f"{row['total_cost_eur'] / 1e6:,.1f}",
                interval(row, "euros_per_extra_technician"),
            )
            for _, row in part.iterrows()
        ]
        widths = [max(len(str(line[k])) for line in (header, *body)) for k in range(len(header))]
        for line in (header, *body):
            lines.append("  ".join(str(cell).ljust(width) for cell, width in zip(line, widths)).rstrip())
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


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
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run the baseline and each policy at seeds N..N+R-1 and write contrast.csv, cost_effectiveness.csv and
    contrast.png to `out`. Every config is validated before anything runs."""
    for path in (baseline, *policies):
        load_config(path)  # raises ConfigError on a bad file, before any run starts
    if seed is None:
        seed = load_config(baseline)[0].run.seed
    names = [Path(path).stem for path in policies]
    if len(set(names)) < len(names) or Path(baseline).stem in names:
        names = [str(path) for path in policies]
    scenarios = {"baseline": Path(baseline), **dict(zip(names, map(Path, policies)))}
    seeds = [seed + r for r in range(replications)]
    frames = run_all(scenarios, seeds, scale, end_year, workers)
    base = frames.pop("baseline")
    contrast = contrast_table(base, frames)
    table = cost_effectiveness(base, frames)
    write_atomically(out / "contrast.csv", lambda tmp: contrast.to_csv(tmp, index=False, float_format="%.10g"))
    write_atomically(out / "cost_effectiveness.csv", lambda tmp: table.to_csv(tmp, index=False, float_format="%.10g"))
    plot_contrast(contrast, table, out / "contrast.png")
    return contrast, table
