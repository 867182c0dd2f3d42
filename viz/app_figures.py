"""The app's views as matplotlib figures, one function per view, each drawn from a PairedCareersModel.

Figures are built with `matplotlib.figure.Figure` (not pyplot), so nothing is kept between renders and
browser sessions never share a figure. Time axes span the whole run, so they stay put while it steps.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter
from paired_model import PairedCareersModel
from person_counts import AGE_BAND_YEARS, AGE_BANDS, pipeline_flows, technical_workforce_by_age
from tracked_persons import LIFE_STATES

from careers_abm.core import tables
from careers_abm.core.codes import LEVEL_NAMES, Sex, Stage
from careers_abm.report.run_figure import COLOURS, FOUR_IN_TEN

FIGURE_SIZE_INCHES = (6.4, 4.2)
DOTS_PER_INCH = 80
MASTERPLAN_EXTRA_PER_YEAR = 40_000  # "40,000 extra beta-technicians a year", from education and side-entry
TECHNICAL, NON_TECHNICAL, OTHER_ROUTE = "#08519c", "#d9d9d9", "#fd8d3c"


def _figure(title: str, columns: int = 1, left: float = 0.08, bottom: float = 0.1) -> tuple[Figure, np.ndarray]:
    """A figure with fixed margins: a layout engine would double the time to draw it."""
    figure = Figure(figsize=FIGURE_SIZE_INCHES, dpi=DOTS_PER_INCH)
    figure.subplots_adjust(left=left, right=0.98, bottom=bottom, top=0.87, wspace=0.25)
    axes = np.atleast_1d(figure.subplots(1, columns))
    figure.suptitle(title, fontsize=11)
    for ax in axes:
        ax.grid(alpha=0.3)
        ax.tick_params(labelsize=8)
    return figure, axes


def _over_the_run(ax, model: PairedCareersModel) -> None:
    run = model.config.run
    ax.set_xlim(run.start_year - 0.5, run.end_year + 0.5)


def _waiting_for_a_step(ax, series: pd.DataFrame) -> bool:
    """Say so on the axes when no reported year has been simulated yet."""
    if len(series):
        return False
    ax.text(0.5, 0.5, "press Step", transform=ax.transAxes, ha="center", va="center", color="grey")
    return True


def inflow_share_figure(model: PairedCareersModel) -> Figure:
    """Technical share of the inflow into each level, and of hbo+wo against the 4-in-10 target."""
    figure, (ax,) = _figure("Technical share of the inflow (%)")
    series = model.series()
    _over_the_run(ax, model)
    ax.set_ylim(0, 70)
    ax.axhline(100 * FOUR_IN_TEN, color="grey", ls="--", label="target: 4 op de 10")
    if not _waiting_for_a_step(ax, series):
        years = series["year"]
        for level in LEVEL_NAMES:
            ax.plot(years, 100 * series[f"tech_inflow_share_{level}"], color=COLOURS[level], label=level)
        ax.plot(years, 100 * series["tech_inflow_share_he"], "k-", lw=2, label="hbo+wo")
        ax.plot(years, 100 * series["tech_inflow_share_he_female"], "k:", lw=2, label="hbo+wo, women")
    ax.legend(fontsize=7, ncol=3, loc="upper left")
    return figure


def shortage_figure(model: PairedCareersModel) -> Figure:
    """The shortage per level as the market leaves it: vacancies not filled in the year (dotted: still
    open at its end, beside UWV's open technical vacancies), and tension (open vacancies per technically
    educated unemployed person, as UWV's spanningsindicator)."""
    figure, axes = _figure("Technical shortage: unfilled vacancies (thousand) and tension", columns=2)
    series = model.series()
    uwv = tables.read("labour_market_series").dropna(subset=["uwv_tech_vacancies"])
    for ax in axes:
        _over_the_run(ax, model)
    axes[0].plot(uwv["year"], uwv["uwv_tech_vacancies"] / 1e3, "ks", ms=4, label="UWV, open (all)")
    axes[0].set_title("unfilled; dotted: open at year end", fontsize=8)
    axes[1].set_title("open vacancies per tech-educated unemployed", fontsize=8)
    if not _waiting_for_a_step(axes[0], series):
        years = series["year"]
        for level in LEVEL_NAMES:
            colour = COLOURS[level]
            axes[0].plot(years, series[f"tech_shortage_{level}"] / 1e3, color=colour, label=level)
            axes[0].plot(years, series[f"tech_vacancies_{level}"] / 1e3, color=colour, ls=":")
            axes[1].plot(years, series[f"tech_tension_{level}"], color=colour, label=level)
    axes[0].legend(fontsize=7, ncol=2, loc="upper left")
    return figure


def workforce_pyramid_figure(model: PairedCareersModel) -> Figure:
    """Persons in technical jobs by five-year age band: men to the left, women to the right."""
    year = model.sim.year - 1
    counts = technical_workforce_by_age(model.sim.people, year, model.sim.scale)
    total = counts[Sex.MALE].sum() + counts[Sex.FEMALE].sum()
    women_share = counts[Sex.FEMALE].sum() / total if total else 0.0
    figure, (ax,) = _figure(
        f"Technical workforce by age and sex, end of {year} ({women_share:.0%} women)", left=0.11, bottom=0.14
    )
    middle = AGE_BANDS + AGE_BAND_YEARS / 2
    height = 0.85 * AGE_BAND_YEARS
    ax.barh(middle, -counts[Sex.MALE] / 1e3, height, color="#1f77b4", label="men")
    ax.barh(middle, counts[Sex.FEMALE] / 1e3, height, color="#d62728", label="women")
    if model.baseline is not model:
        baseline = technical_workforce_by_age(model.baseline.sim.people, year, model.sim.scale)
        for sign, sex, name in ((-1, Sex.MALE, "men"), (1, Sex.FEMALE, "women")):
            ax.barh(middle, sign * baseline[sex] / 1e3, height, fill=False, edgecolor="black", lw=0.8,
                    label=f"baseline, {name}")  # fmt: skip
    ax.axvline(0, color="black", lw=0.8)
    ax.set_yticks(middle, [f"{low}-{low + AGE_BAND_YEARS - 1}" for low in AGE_BANDS])
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _=None: f"{abs(value):,.4g}"))  # men drawn leftwards
    ax.set_xlabel("thousand persons", fontsize=8)
    ax.legend(fontsize=7, loc="upper right")
    return figure


def extra_technicians_figure(model: PairedCareersModel) -> Figure:
    """The scenario minus its baseline run with the same seed: technicians in work, and the yearly inflow
    into technical jobs against the Masterplan's 40,000 extra a year."""
    figure, (stock_ax, inflow_ax) = _figure("Extra technicians against the baseline (same seed)", columns=2, bottom=0.2)
    description = _describe_scenario(model.scenario_file, model.scenario)
    # wrapped to the figure's width: a package's long list of measures would otherwise widen the SVG
    figure.text(0.5, 0.01, description, ha="center", va="bottom", fontsize=7, color="grey", wrap=True)
    series = model.series()
    for ax in (stock_ax, inflow_ax):
        _over_the_run(ax, model)
        ax.axhline(0, color="grey", lw=0.8)
    stock_ax.set_title("in technical jobs (thousand)", fontsize=9)
    inflow_ax.set_title("into technical jobs (thousand a year)", fontsize=9)
    inflow_ax.axhline(MASTERPLAN_EXTRA_PER_YEAR / 1e3, color="grey", ls="--", label="Masterplan: 40,000/yr")
    if not _waiting_for_a_step(stock_ax, series):
        difference = series.set_index("year") - model.baseline.series().set_index("year")
        years = difference.index
        for level in LEVEL_NAMES:
            stock_ax.plot(years, difference[f"tech_workers_{level}"] / 1e3, color=COLOURS[level], label=level)
        stock_ax.plot(years, difference["tech_workers"] / 1e3, "k-", lw=2, label="all")
        inflow = sum(difference[f"tech_labour_inflow_{level}"] for level in LEVEL_NAMES)
        inflow_ax.bar(years, inflow / 1e3, color="black", label="scenario − baseline")
        stock_ax.legend(fontsize=7, ncol=2, loc="upper left")
        if model.baseline is model:
            stock_ax.text(0.5, 0.2, "scenario = baseline:\nchange a control, press Reset", transform=stock_ax.transAxes,
                          ha="center", fontsize=8, color="grey")  # fmt: skip
    inflow_ax.legend(fontsize=7, loc="upper left")
    return figure


def _describe_scenario(scenario_file: str, scenario: dict) -> str:
    """The scenario file and the controls' changes in one line, keys shortened to their last two parts."""
    parameters = {key: value for key, value in scenario.items() if key != "interventions"}
    changes = [f"{'.'.join(key.split('.')[-2:])} = {value}" for key, value in parameters.items()]
    changes += [f"{entry['type']} on" for entry in scenario.get("interventions", [])]
    return f"scenario: {scenario_file}" + ("; " + "; ".join(changes) if changes else "")


def pipeline_figure(model: PairedCareersModel) -> Figure:
    """This year's flows from primary school to a technical job: each bar is one step of the pipeline,
    its dark part technical; bands join the technical parts, so the leaks show as narrowing."""
    year = model.sim.year - 1
    figure, (ax,) = _figure(f"The pipeline in {year} (thousand persons a year)", bottom=0.16)
    series = model.series()
    ax.grid(False)
    ax.set_xlim(-0.5, 3.5)
    if _waiting_for_a_step(ax, series):
        return figure
    stages = pipeline_flows(model.sim.people, model.sim.scale)
    width = 0.3
    for x, stage in enumerate(stages):
        technical, other = stage.technical / 1e3, stage.other / 1e3
        colour = OTHER_ROUTE if x == len(stages) - 1 else NON_TECHNICAL
        ax.bar(x, technical, width, color=TECHNICAL, label="technical")
        ax.bar(x, other, width, bottom=technical, color=colour, label=stage.other_label)
        ax.text(x, technical / 2, f"{technical:.0f}", ha="center", va="center", color="white", fontsize=8)
        ax.text(x, technical + other / 2, f"{other:.0f}\n{stage.other_label}", ha="center", va="center", fontsize=6)
    share = np.linspace(0.0, 1.0, 40)
    smooth = (1 - np.cos(np.pi * share)) / 2
    for x, (left, right) in enumerate(zip(stages[:-1], stages[1:])):
        xs = x + width / 2 + share * (1 - width)
        top = (left.technical + (right.technical - left.technical) * smooth) / 1e3
        label = f"technical: {left.technical / 1e3:.0f} to {right.technical / 1e3:.0f} ({left.name} to {right.name})"
        ax.fill_between(xs, 0, top, color=TECHNICAL, alpha=0.25, lw=0, label=label)
    ax.set_xticks(range(len(stages)), [stage.name for stage in stages], fontsize=8)
    return figure


_STAGE_LABELS = {Stage.VMBO: "vmbo", Stage.HAVO: "havo", Stage.VWO: "vwo", Stage.MBO: "mbo", Stage.HBO: "hbo",
                 Stage.WO: "wo", Stage.LABOUR: "work", Stage.RETIRED: "retired", Stage.DEAD: "died",
                 Stage.EMIGRATED: "emigrated"}  # fmt: skip


def life_courses_figure(model: PairedCareersModel) -> Figure:
    """The tracked persons' states year by year, with the stage they enter written where it changes."""
    figure, (ax,) = _figure("Life courses of a few persons", left=0.2, bottom=0.3)
    tracked = model.tracked
    ax.grid(False)
    run = model.config.run
    ax.set_xlim(run.start_year - 1.5, run.end_year + 0.5)
    years = sorted(tracked.states)
    shown = set()
    for person in range(len(tracked.rows)):
        states = [tracked.states[year][person] for year in years]
        stages = [tracked.stages[year][person] for year in years]
        for first, last in _runs(states):
            state = states[first]
            label = f"{tracked.descriptions[person]}, {years[first]}-{years[last]}: {LIFE_STATES[state][0]}"
            ax.broken_barh([(years[first] - 0.5, last - first + 1)], (person - 0.4, 0.8), color=LIFE_STATES[state][1],
                           label=label)  # fmt: skip
            shown.add(state)
        for k in range(1, len(years)):
            if stages[k] != stages[k - 1] and stages[k] in _STAGE_LABELS:
                ax.text(years[k] - 0.4, person, _STAGE_LABELS[stages[k]], va="center", fontsize=6)
    ax.set_yticks(range(len(tracked.rows)), tracked.descriptions, fontsize=8)
    ax.invert_yaxis()
    legend = [Patch(facecolor=colour, edgecolor="grey", lw=0.3, label=label) for label, colour in
              (LIFE_STATES[state] for state in sorted(shown))]  # fmt: skip
    ax.legend(handles=legend, fontsize=6, ncol=3, loc="upper center", bbox_to_anchor=(0.5, -0.08), frameon=False)
    return figure


def _runs(values: list[int]) -> list[tuple[int, int]]:
    """(first, last) index of each stretch of equal consecutive values."""
    runs, first = [], 0
    for k in range(1, len(values) + 1):
        if k == len(values) or values[k] != values[first]:
            runs.append((first, k - 1))
            first = k
    return runs
