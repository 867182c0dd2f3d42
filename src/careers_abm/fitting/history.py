"""The historical run as the model's out-of-sample test: configs/history.toml (the baseline with the
measures as enacted in their years) against every observation in data/observations.csv dated after
2013 that the series has a column for. Nothing here is fitted; a miss is reported, not tuned away.

The band is the 5-95% range over replications: with a shipped posterior sample, replication r runs
with seed s + r and row r of the posterior as `compare --uncertainty posterior` draws it (parameter and
Monte Carlo uncertainty together); without one, Monte Carlo over the validation seeds only. An
observation inside its year's band is a hit.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from ..core.loader import load_config  # noqa: E402
from ..scenarios import posterior_draws  # noqa: E402
from ..scenarios.files import write_atomically  # noqa: E402
from ..scenarios.run import run_scenario  # noqa: E402
from .moments import LAST_FITTED_YEAR, load_observations  # noqa: E402

HISTORY_CONFIG = Path("configs/history.toml")
FIRST_YEAR = 2011
MILESTONES = (2015, 2017, 2019, 2021)  # the years of the per-series table (docs/history.md)
# Columns the record reports that the series holds only in parts (hbo+wo counts, workers by sex).
DERIVED = {
    "inflow_tech_he": lambda frame: frame["inflow_tech_hbo"] + frame["inflow_tech_wo"],
    "tech_workers_female": lambda frame: frame["tech_workers"] * frame["tech_workers_female_share"],
    "tech_workers_male": lambda frame: frame["tech_workers"] * (1.0 - frame["tech_workers_female_share"]),
}


def with_derived(series: pd.DataFrame) -> pd.DataFrame:
    frame = series.set_index("year")
    for name, derive in DERIVED.items():
        frame[name] = derive(frame)
    return frame


def held_out(observations: pd.DataFrame, columns, last_year: int | None = None) -> pd.DataFrame:
    """The observations dated after the fitted years that a column of the series answers."""
    later = observations[(observations["year"] > LAST_FITTED_YEAR) & observations["indicator"].isin(columns)]
    if last_year is not None:
        later = later[later["year"] <= last_year]
    return later.sort_values(["indicator", "year"])


def history_runs(
    config_path: Path, scale: float, seeds: list[int], replications: int
) -> tuple[list[pd.DataFrame], str]:
    """The history's series per replication (indexed by year, derived columns added) and the band's kind."""
    end = int(load_observations()["year"].max())
    run = {"run.scale": scale, "run.start_year": FIRST_YEAR, "run.end_year": end}
    if posterior_draws.POSTERIOR_SAMPLE.exists():
        frames = []
        for replication in range(replications):
            resolved = load_config(config_path, {**run, "run.seed": seeds[0] + replication})[1]
            frames.append(run_scenario(posterior_draws.with_draws(resolved, "posterior", seeds[0], replication)).series)
        kind = (f"posterior band: {replications} replications, replication r at seed {seeds[0]} + r with its row "
                "of the posterior sample (as `compare --uncertainty posterior` draws it)")  # fmt: skip
    else:
        frames = [run_scenario(config_path, overrides={**run, "run.seed": seed}).series for seed in seeds]
        kind = f"Monte Carlo band over seeds {', '.join(map(str, seeds))} only (no posterior sample shipped)"
    return [with_derived(frame) for frame in frames], kind


def history_table(frames: list[pd.DataFrame], observations: pd.DataFrame) -> pd.DataFrame:
    """Each held-out observation with the simulated median and 5-95% band of its year, and hit or miss."""
    rows = []
    held = held_out(observations.reset_index(), frames[0].columns, int(frames[0].index.max()))
    for obs in held.itertuples():
        values = np.array([frame.loc[obs.year, obs.indicator] for frame in frames], dtype=np.float64)
        low, median, high = np.quantile(values, [0.05, 0.5, 0.95])
        rows.append({"id": obs.id, "indicator": obs.indicator, "year": obs.year, "observed": obs.value,
                     "median": median, "p05": low, "p95": high, "hit": bool(low <= obs.value <= high)})  # fmt: skip
    return pd.DataFrame(rows, columns=["id", "indicator", "year", "observed", "median", "p05", "p95", "hit"])


def plot_series(indicator: str, frames: list[pd.DataFrame], observations: pd.DataFrame, path: Path) -> None:
    """The simulated median and band of one series, the observations after 2013 (hit or miss) and
    those dated 2013 or earlier (hollow: the fitted period, whether or not this one was fitted)."""
    values = np.stack([frame[indicator].to_numpy(dtype=np.float64) for frame in frames])
    years = frames[0].index.to_numpy()
    low, median, high = np.quantile(values, [0.05, 0.5, 0.95], axis=0)
    fig, ax = plt.subplots(figsize=(6, 3.4), constrained_layout=True)
    ax.fill_between(years, low, high, color="C0", alpha=0.25, label="simulated 5-95%")
    ax.plot(years, median, color="C0", label="simulated median")
    mine = observations[observations["indicator"] == indicator]
    before = mine[mine["year"] <= LAST_FITTED_YEAR]
    ax.plot(before["year"], before["value"], "o", mfc="none", color="0.3", label="observed, 2013 or earlier")
    after = mine[mine["year"] > LAST_FITTED_YEAR]
    for hit, colour, label in ((True, "C2", "observed: hit"), (False, "C3", "observed: miss")):
        band = np.interp(after["year"], years, low), np.interp(after["year"], years, high)
        inside = (after["value"] >= band[0]) & (after["value"] <= band[1])
        chosen = after[inside == hit]
        ax.plot(chosen["year"], chosen["value"], "o", color=colour, label=label if len(chosen) else None)
    ax.axvline(LAST_FITTED_YEAR + 0.5, color="0.5", lw=0.8, ls="--")
    ax.set(title=indicator, xlabel="year", xlim=(FIRST_YEAR, years.max()))
    ax.legend(fontsize=7)
    ax.grid(alpha=0.3)
    write_atomically(path, lambda tmp: fig.savefig(tmp, dpi=70, format="png"))
    plt.close(fig)


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3f}"


def history_section(table: pd.DataFrame, kind: str, config_path: Path, figures: str) -> str:
    """The markdown section: hits per series, then every observation with its band."""
    hits = int(table["hit"].sum())
    lines = [
        "## History: the out-of-sample test (observations dated after 2013)",
        "",
        f"`{config_path}` (the baseline with the measures as enacted in their years) from 2011, against every "
        f"observation in `data/observations.csv` dated after {LAST_FITTED_YEAR} that the series has a column for. "
        f"Band: {kind}. A hit is an observation inside its year's 5-95% band. Nothing here is fitted; a miss "
        "is reported, not tuned away.",
        "",
        f"Hits: {hits} of {len(table)} observations.",
        "",
        "| series | observations | hits | figure |",
        "|---|---|---|---|",
    ]
    for indicator, part in table.groupby("indicator", sort=True):
        figure = f"[figure]({figures}/{indicator}.png)"
        lines.append(f"| `{indicator}` | {len(part)} | {int(part['hit'].sum())} | {figure} |")
    lines += [
        "",
        "| observation | year | observed | simulated median | 5-95% band | hit |",
        "|---|---|---|---|---|---|",
    ]
    for row in table.itertuples():
        band = f"[{_number(row.p05)}, {_number(row.p95)}]"
        hit = "yes" if row.hit else "**no**"
        lines.append(f"| {row.id} | {row.year} | {_number(row.observed)} | {_number(row.median)} | {band} | {hit} |")
    return "\n".join(lines) + "\n"


def milestone_text(table: pd.DataFrame, kind: str, config_path: Path) -> str:
    """docs/history.md: per held-out series, the simulated median and 5-95% band against the observed
    value in each milestone year where one is published, hit or miss, and the series' hits over all its
    observations after 2013."""
    lines = [
        "# History: the held-out series in 2015, 2017, 2019 and 2021",
        "",
        f"Generated by `careers-abm validate` (the history section of docs/validation.md) from `{config_path}`; "
        "do not edit by hand. Band: " + kind + ". Each cell: observed / simulated median [5-95% band], "
        "**miss** where the observation falls outside the band; a dash where nothing is published for that "
        "year. Nothing here is fitted: every observation is dated after 2013.",
        "",
        "| series | " + " | ".join(map(str, MILESTONES)) + " | hits (all years after 2013) |",
        "|---|" + "---|" * len(MILESTONES) + "---|",
    ]
    for indicator, part in table.groupby("indicator", sort=True):
        by_year = part.drop_duplicates("year").set_index("year")
        if not by_year.index.isin(MILESTONES).any():
            continue
        cells = []
        for year in MILESTONES:
            if year not in by_year.index:
                cells.append("-")
                continue
            row = by_year.loc[year]
            verdict = "" if row["hit"] else " **miss**"
            cells.append(f"{_number(row['observed'])} / {_number(row['median'])} "
                         f"[{_number(row['p05'])}, {_number(row['p95'])}]{verdict}")  # fmt: skip
        lines.append(f"| `{indicator}` | " + " | ".join(cells) + f" | {int(part['hit'].sum())} of {len(part)} |")
    return "\n".join(lines) + "\n"


def history_report(
    config_path: Path, out: Path, scale: float, seeds: list[int], replications: int
) -> tuple[pd.DataFrame, str]:
    """Run the history, write a figure per series into out/figures/history/ and the per-series table
    into out/history.md, return the table and the section."""
    frames, kind = history_runs(config_path, scale, seeds, replications)
    observations = load_observations().reset_index()
    table = history_table(frames, observations)
    for indicator in table["indicator"].unique():
        plot_series(indicator, frames, observations, out / "figures" / "history" / f"{indicator}.png")
    text = milestone_text(table, kind, config_path)
    write_atomically(out / "history.md", lambda tmp: tmp.write_text(text))
    return table, history_section(table, kind, config_path, "figures/history")
