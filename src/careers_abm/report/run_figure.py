"""The one-page picture of a run: the key indicators against the Masterplan's targets, ROA 2011-2016 and
the observed business cycle (CBS unemployment; UWV technical vacancies, validation only)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from ..core import tables  # noqa: E402
from ..core.codes import LEVEL_NAMES  # noqa: E402
from ..scenarios.files import write_atomically  # noqa: E402

FOUR_IN_TEN = 0.40  # "Naar 4 op de 10": 40% of hbo/wo inflow in beta-technical programmes
COLOURS = dict(zip(LEVEL_NAMES, ("#8c564b", "#1f77b4", "#2ca02c", "#d62728")))


def plot_report(series: pd.DataFrame, path: Path, title: str = "careers_abm run") -> None:
    """The key-indicator figure of `series` as a PNG at `path` (written atomically)."""
    fig = report_figure(series, title)
    write_atomically(path, lambda tmp: fig.savefig(tmp, dpi=90, format="png"))
    plt.close(fig)


def report_figure(series: pd.DataFrame, title: str = "careers_abm run") -> plt.Figure:
    """Six panels of a run's series against the targets: the PNG beside a run and a figure of report.html."""
    years = series["year"]
    roa = tables.read("roa_2011_2016").set_index("level")
    fig, axes = plt.subplots(2, 3, figsize=(16, 9), constrained_layout=True)
    fig.suptitle(title)

    ax = axes[0, 0]
    for level in LEVEL_NAMES:
        ax.plot(years, 100 * series[f"tech_inflow_share_{level}"], color=COLOURS[level], label=level)
    ax.plot(years, 100 * series["tech_inflow_share_he"], "k-", lw=2, label="hbo+wo")
    ax.plot(years, 100 * series["tech_inflow_share_he_female"], "k:", lw=2, label="hbo+wo, women")
    ax.axhline(100 * FOUR_IN_TEN, color="grey", ls="--", label="target 4 op de 10")
    ax.set(title="Technical share of inflow (%)", ylim=(0, 60))
    ax.legend(fontsize=8, ncol=2)

    ax = axes[0, 1]
    for level in LEVEL_NAMES:
        ax.plot(years, series[f"tech_job_openings_{level}"] / 1e3, color=COLOURS[level], label=f"{level} openings")
        ax.plot(
            years, series[f"tech_labour_inflow_{level}"] / 1e3, color=COLOURS[level], ls=":", label=f"{level} inflow"
        )
        ax.hlines(roa.loc[level, "job_openings"] / 6e3, 2011, 2016, color=COLOURS[level], lw=4, alpha=0.35)
    ax.set(title="Technical job openings vs labour inflow (thousand/yr)\nthick: ROA 2011-2016 openings, yearly mean")
    ax.legend(fontsize=7, ncol=2)

    ax = axes[0, 2]
    for level in LEVEL_NAMES:
        ax.plot(years, series[f"tech_shortage_{level}"] / 1e3, color=COLOURS[level], label=f"{level} unfilled")
        ax.plot(years, series[f"tech_vacancies_{level}"] / 1e3, color=COLOURS[level], ls=":", label=f"{level} open")
    uwv = tables.read("labour_market_series").dropna(subset=["uwv_tech_vacancies"])
    ax.plot(uwv["year"], uwv["uwv_tech_vacancies"] / 1e3, "ks", label="UWV: open technical vacancies")
    ax.set(title="Technical vacancies (thousand): unfilled in the year, open at its end")
    ax.legend(fontsize=7, ncol=2)

    ax = axes[1, 0]
    bottom = 0
    for level in LEVEL_NAMES:
        top = bottom + series[f"tech_workers_{level}"] / 1e6
        ax.fill_between(years, bottom, top, color=COLOURS[level], alpha=0.7, label=level)
        bottom = top
    ax2 = ax.twinx()
    ax2.plot(years, 100 * series["tech_workers_female_share"], "k--", label="women (%)")
    ax2.set_ylabel("women (%)")
    ax.set(title="Technical workers by level (million)")
    ax.legend(fontsize=8, loc="lower left")

    ax = axes[1, 1]
    ax.plot(years, 100 * series["tech_grads_to_tech_job_share"], label="technical graduates into a technical job")
    ax.plot(years, 100 * series["share_age_20_64"], label="population aged 20-64")
    ax.plot(years, 100 * series["share_age_65_plus"], label="population aged 65+")
    ax.plot([2040], [52.6], "o", color="C1", label="CBS 2040: 52.6%")
    ax.plot([2040], [25.7], "o", color="C2", label="CBS 2040: 25.7%")
    ax.set(title="Shares (%)", ylim=(0, 100))
    ax.legend(fontsize=8)

    ax = axes[1, 2]
    ax.plot(years, 100 * series["unemployment_rate"], "k-", label="unemployment rate (%)")
    cbs = tables.read("unemployment_series")
    cbs = cbs[(cbs["year"] >= years.min()) & (cbs["year"] <= min(years.max(), 2023))]
    ax.plot(cbs["year"], cbs["unemployment_rate"], "ko", ms=4, label="CBS (%)")
    ax.plot(years, 10 * series["tech_tension"], label="tension x 10 (open vacancies per unemployed tech-educated)")
    ax.plot(years, 100 * series["tech_wage_premium"], label="technical wage premium (%)")
    ax.axhline(0, color="grey", lw=0.8)
    ax.set(title="Business cycle, tension and the wage premium")
    ax.legend(fontsize=7)

    for ax in axes.flat:
        ax.grid(alpha=0.3)
    return fig
