"""The Labour market and Policy tabs' own views. Labour market: the signal the next cohorts see (the
technical wage premium and the tension), and the market's own series where the model has them
(vacancies, tension per level, unemployment), read defensively so that new columns appear as the model
gains them. Policy: the paired contrast with a band over several seeds."""

from __future__ import annotations

from app_figures import _figure, _over_the_run, _waiting_for_a_step
from matplotlib.figure import Figure
from paired_model import PairedCareersModel

from careers_abm.core.codes import LEVEL_NAMES
from careers_abm.report.run_figure import COLOURS
from careers_abm.scenarios.statistics import paired_interval


def labour_market_figure(model: PairedCareersModel) -> Figure:
    """Left: the premium and the tension, scenario (solid) and baseline (dashed). Right: vacancies per
    level if the series has them, else the shortage per level; with the unemployment rate if present."""
    figure, (signal_ax, market_ax) = _figure("The technical labour market", columns=2, bottom=0.12)
    series, baseline = model.series(), model.baseline.series()
    for ax in (signal_ax, market_ax):
        _over_the_run(ax, model)
    signal_ax.set_title("premium (log points) and tension", fontsize=9)
    stem = "tech_vacancies" if f"tech_vacancies_{LEVEL_NAMES[0]}" in series.columns else "tech_shortage"
    market_ax.set_title(f"{stem.replace('_', ' ')} per level (thousand)", fontsize=9)
    if _waiting_for_a_step(signal_ax, series):
        return figure
    for column, colour in (("tech_wage_premium", "C0"), ("tech_tension", "C3")):
        if column in series.columns:
            signal_ax.plot(series["year"], series[column], color=colour, label=column.replace("_", " "))
            signal_ax.plot(baseline["year"], baseline[column], color=colour, ls="--", lw=0.9)
    signal_ax.axhline(0, color="grey", lw=0.8)
    signal_ax.legend(fontsize=7, loc="upper left")
    for level in LEVEL_NAMES:
        if f"{stem}_{level}" in series.columns:
            market_ax.plot(series["year"], series[f"{stem}_{level}"] / 1e3, color=COLOURS[level], label=level)
    if "unemployment_rate" in series.columns:
        rate_ax = market_ax.twinx()
        rate_ax.plot(series["year"], 100 * series["unemployment_rate"], "k:", label="unemployment (%)")
        rate_ax.tick_params(labelsize=8)
        rate_ax.legend(fontsize=7, loc="upper right")
    market_ax.legend(fontsize=7, loc="upper left", ncol=2)
    return figure


def contrast_band_figure(model: PairedCareersModel) -> Figure:
    """The Policy tab's paired contrast: extra technicians in work, the mean over the seed pairs with its
    95% t-interval (the same statistic as `careers-abm compare`), and each seed's own difference."""
    figure, (ax,) = _figure("Extra technicians in work: scenario − baseline, over seeds", bottom=0.12)
    _over_the_run(ax, model)
    ax.axhline(0, color="grey", lw=0.8)
    ax.set_ylabel("thousand", fontsize=8)
    if _waiting_for_a_step(ax, model.series()):
        return figure
    differences = model.paired_differences("tech_workers") / 1e3
    years = differences.index.to_numpy()
    for seed in differences.columns:
        ax.plot(years, differences[seed], color="grey", lw=0.7, alpha=0.6)
    seeds = differences.shape[1]
    if seeds > 1:
        mean, low, high = paired_interval(differences.to_numpy().T)
        ax.fill_between(years, low, high, color="C0", alpha=0.25, label="95% interval over seeds")
        ax.plot(years, mean, color="C0", lw=2, label=f"mean of {seeds} seeds")
    else:
        ax.plot(years, differences.iloc[:, 0], color="C0", lw=2, label="one seed")
        ax.text(0.5, 0.9, "for a band: more seeds for the contrast, then Reset", transform=ax.transAxes,
                ha="center", fontsize=8, color="grey")  # fmt: skip
    ax.legend(fontsize=7, loc="upper left")
    return figure
