"""One scenario at one seed: the single run path under compare, sweeps, calibration, validation, the
API, the command line and the tests, so that a run is built (through the one keyword factory,
`CareersModel`) and stepped the same way everywhere and every caller reads the same outputs.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..core.codes import LEVEL_NAMES
from ..core.config import Config
from ..core.interventions.base import PAYERS
from ..core.model import CareersModel
from ..core.sim import Sim

Observer = Callable[[Sim, int], None]


@dataclass(frozen=True)
class RunOutput:
    """What one finished run gives.

    series: the output contract for the reported years (exactly `Sim.series()`); panel: the tracked
    persons' rows (None without a panel); counts: the raw simulated counters per year; cost_by_year:
    per intervention, euros spent per year (national); sim: the finished simulation, for tests and
    for measures that need the final person arrays; wall_times_s: build and simulate, for manifests.
    """

    series: pd.DataFrame
    panel: pd.DataFrame | None
    counts: dict[int, dict[str, int]]
    cost_by_year: dict[str, dict[int, float]]
    sim: Sim
    wall_times_s: dict[str, float]


def run_scenario(
    config: str | Path | Mapping[str, Any] | Config | None = None,
    *,
    overrides: Mapping[str, Any] | None = None,
    seed: int | None = None,
    scale: float | None = None,
    start_year: int | None = None,
    end_year: int | None = None,
    panel_size: int = 0,
    template: Sim | None = None,
    observers: Sequence[Observer] = (),
    progress: Callable[[int], None] | None = None,
) -> RunOutput:
    """Build the scenario and simulate it to its end year.

    config: a TOML path, a dict of dotted overrides, a Config, or None for the packaged baseline
    (as `core.model.resolve_config` takes them); overrides and the run settings are applied on top.
    template: a Sim to continue from a copy of (`Sim.fork`): not yet stepped, its 2011 population is
    reused by runs that differ only in behavioural parameters (calibration); stepped, it holds the years
    runs share that differ only in measures not yet acting (forks.py). The template is left unchanged.
    observers: `observer(sim, year)` after each simulated year, for what the outputs do not hold
    (calibration follows a cohort of foreign graduates). progress: `progress(year)` after each year.
    """
    started = time.perf_counter()
    model = CareersModel(
        config,
        overrides,
        seed=seed,
        scale=scale,
        start_year=start_year,
        end_year=end_year,
        panel_size=panel_size,
        template=template,
    )
    built = time.perf_counter()
    sim = model.sim
    while not sim.done:
        year = sim.year
        model.step()
        for observer in observers:
            observer(sim, year)
        if progress is not None:
            progress(year)
    return RunOutput(
        series=sim.series(),
        panel=model.panel() if panel_size > 0 else None,
        counts=sim.results.counts,
        cost_by_year={intervention.NAME: intervention.cost_by_year() for intervention in sim.interventions},
        sim=sim,
        wall_times_s={"build": built - started, "simulate": time.perf_counter() - built},
    )


def contrast_frame(output: RunOutput) -> pd.DataFrame:
    """The run's series indexed by year, plus what a policy contrast needs beyond the output contract:
    technical labour inflow and shortage over all levels, technical workers by sex and level, and the
    euros the interventions spent each year, in total, by payer and as deadweight."""
    frame = output.series.copy()
    frame["tech_labour_inflow"] = sum(frame[f"tech_labour_inflow_{level}"] for level in LEVEL_NAMES)
    frame["tech_shortage"] = sum(frame[f"tech_shortage_{level}"] for level in LEVEL_NAMES)
    scale = output.sim.scale
    for level in LEVEL_NAMES:
        female = np.array([output.counts[y][f"tech_workers_female_{level}"] for y in frame["year"]]) / scale
        frame[f"tech_workers_female_{level}"] = female
        frame[f"tech_workers_male_{level}"] = frame[f"tech_workers_{level}"] - female
    cost = dict.fromkeys(frame["year"], 0.0)
    for by_year in output.cost_by_year.values():
        for year, euros in by_year.items():
            cost[year] = cost.get(year, 0.0) + euros
    frame["intervention_cost_eur"] = [cost[y] for y in frame["year"]]
    for payer in PAYERS:
        frame[f"cost_{payer}_eur"] = [
            sum(i.cost_by_payer()[payer].get(y, 0.0) for i in output.sim.interventions) for y in frame["year"]
        ]
    frame["deadweight_cost_eur"] = [
        sum(i.deadweight_by_year().get(y, 0.0) for i in output.sim.interventions) for y in frame["year"]
    ]
    return frame.set_index("year")
