"""Simulated moments: each target of data/targets.csv computed from one run, for calibration (which
fits them) and validation (which reports them). Both take the one run path, `run_scenario`.

A target names the row of data/observations.csv it is compared with; the value, definition and source
are taken from there, so the observations file is the one source of what is fitted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..core.codes import Attainment, Stage
from ..core.config import ConfigError
from ..core.sim import Sim
from ..core.tables import DATA_DIR
from ..scenarios.run import RunOutput, run_scenario

TARGET_COLUMNS = {"id", "indicator", "years", "statistic", "value", "tolerance", "fit", "source"}
OBSERVATIONS = DATA_DIR / "observations.csv"
LAST_FITTED_YEAR = 2013  # the rule of the record (DESIGN section 5): fit nothing dated later


def load_observations(path: Path = OBSERVATIONS) -> pd.DataFrame:
    return pd.read_csv(path).set_index("id")


def load_targets(path: Path, observations: Path = OBSERVATIONS) -> pd.DataFrame:
    """The targets of `path`, each row that names an `observation` completed from the observations file
    (value, definition and source where the target leaves them empty)."""
    targets = pd.read_csv(path)
    if "observation" in targets.columns:
        observed = load_observations(observations)
        unknown = set(targets["observation"].dropna()) - set(observed.index)
        if unknown:
            raise ConfigError(f"{path}: unknown observations {', '.join(sorted(unknown))}")
        cited = targets["observation"].notna()
        for column in ("value", "definition", "source"):
            from_file = targets.loc[cited, "observation"].map(observed[column])
            targets[column] = targets[column].astype(object)
            targets.loc[cited, column] = targets.loc[cited, column].where(targets.loc[cited, column].notna(), from_file)
        targets["value"] = targets["value"].astype(float)
    missing = TARGET_COLUMNS - set(targets.columns)
    if missing:
        raise ConfigError(f"{path}: missing columns {', '.join(sorted(missing))}")
    if targets["source"].isna().any():
        raise ConfigError(f"{path}: every target needs a source")
    return targets


def year_range(text: str) -> tuple[int, int]:
    """'2011-2016' -> (2011, 2016); '2016' -> (2016, 2016)."""
    first, _, last = str(text).partition("-")
    return int(first), int(last or first)


class FollowUp:
    """An observer of a run: the foreign graduates of the first follow-up target's year, and the share
    of them still living here (alive, not emigrated) five years later, which the outputs do not hold."""

    def __init__(self, targets: pd.DataFrame):
        years = [year_range(t.years)[0] for t in targets.itertuples() if t.statistic == "followup"]
        self.year = min(years, default=None)
        self.followed: dict[str, np.ndarray] = {}
        self.stay: dict[str, float] = {}

    def __call__(self, sim: Sim, year: int) -> None:
        if self.year is None:
            return
        people = sim.people
        if year == self.year:
            graduates = np.flatnonzero(people.ev_intl > 0)
            level, tech = people.attainment[graduates], people.attain_tech[graduates]
            self.followed = {
                "intl_stay_rate_5y": graduates,
                "intl_stay_rate_5y_hbo": graduates[level == Attainment.HBO],
                "intl_stay_rate_5y_wo_tech": graduates[(level == Attainment.WO) & (tech == 1)],
            }
        if year == self.year + 5:
            present = people.stage < Stage.DEAD
            self.stay = {
                name: float(present[members].mean()) if len(members) else 0.0 for name, members in self.followed.items()
            }


def run_moments(output: RunOutput, targets: pd.DataFrame, follow_up: FollowUp) -> dict[str, float]:
    """Every target's indicator from a finished run (NaN if outside the horizon); `follow_up` must
    have observed the run."""
    moments = series_moments(output.sim.results.frame(), targets)  # every simulated year, reported or not
    stay = follow_up.stay
    return {
        t.id: stay.get(t.indicator, np.nan) if t.statistic == "followup" else moments[t.id]
        for t in targets.itertuples()
    }


def series_moments(series: pd.DataFrame, targets: pd.DataFrame) -> dict[str, float]:
    """The targets a yearly series holds (all but the follow-ups), from a run or from a study's saved
    series (the report's validation headline); NaN for a target outside its years or columns."""
    frame = series.set_index("year")
    if {"inflow_tech_hbo", "inflow_tech_wo"} <= set(frame.columns):
        frame["he_tech_entrants"] = frame["inflow_tech_hbo"] + frame["inflow_tech_wo"]
    moments: dict[str, float] = {}
    for target in targets.itertuples():
        if target.statistic == "followup":
            continue
        first, last = year_range(target.years)
        if last > frame.index.max() or first < frame.index.min() or target.indicator not in frame.columns:
            moments[target.id] = np.nan
            continue
        values = frame.loc[first:last, target.indicator]
        moments[target.id] = float(values.sum() if target.statistic == "sum" else values.mean())
    return moments


def simulate_moments(config: Any, targets: pd.DataFrame, *, template: Sim | None = None) -> dict[str, float]:
    """Run `config` (anything `run_scenario` takes), from `template`'s build if given, and compute
    every target's indicator."""
    follow_up = FollowUp(targets)
    output = run_scenario(config, template=template, observers=(follow_up,))
    return run_moments(output, targets, follow_up)
