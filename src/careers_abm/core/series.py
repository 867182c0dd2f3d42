"""Yearly inputs that describe the world rather than behaviour: the demographic totals and the
foreign first-year intake, observed to 2023 and projected after (data files with a source per value).

A scenario replaces single years in its `[series.NAME]` tables ("2015" = 400000); everything else
comes from the file. The simulation meets these totals exactly (up to rounding to whole simulated
persons); behaviour only decides who is born, dies, arrives or leaves.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import tables
from .config import Config

# series name -> (data file, column); the names are the [series] tables of the config
SOURCES = {
    "births": ("population_series", "births"),
    "deaths": ("population_series", "deaths"),
    "immigration": ("population_series", "immigration"),
    "emigration": ("population_series", "emigration"),
    "intl_entrants_hbo": ("international_students", "intl_intake_hbo"),
    "intl_entrants_wo": ("international_students", "intl_intake_wo"),
}
# The foreign intake is observed to 2023 and has no published projection: later years keep the last
# observed value (an assumption, stated in baseline.toml).
HELD_AFTER_LAST = ("intl_entrants_hbo", "intl_entrants_wo")


class YearlyInputs(NamedTuple):
    """One value per calendar year from `first_year`, persons per year, national (unscaled)."""

    first_year: int
    births: np.ndarray
    deaths: np.ndarray
    immigration: np.ndarray
    emigration: np.ndarray
    intl_entrants_hbo: np.ndarray
    intl_entrants_wo: np.ndarray

    def value(self, name: str, year: int) -> float:
        return float(getattr(self, name)[year - self.first_year])

    def cumulative_before(self, name: str, year: int) -> float:
        """The total of the years from first_year up to, not including, `year`."""
        return float(getattr(self, name)[: year - self.first_year].sum())


def _from_file(name: str, first_year: int, last_year: int) -> np.ndarray:
    file, column = SOURCES[name]
    frame = tables.read(file)
    frame = frame[frame[column].notna()].set_index("year")[column]
    years = np.arange(first_year, last_year + 1)
    if name in HELD_AFTER_LAST:
        years = np.minimum(years, frame.index.max())
    missing = sorted(set(years) - set(frame.index))
    if missing:
        raise ValueError(f"data/{file}.csv: no {column} for {missing[0]} (needed up to run.end_year = {last_year})")
    return np.array(frame.loc[years], dtype=np.float64)  # a copy: scenarios replace years in it


def yearly_inputs(config: Config, first_year: int) -> YearlyInputs:
    """The series from `first_year` to run.end_year, with the scenario's replaced years applied."""
    last_year = config.run.end_year
    values = {}
    for name in SOURCES:
        series = _from_file(name, first_year, last_year)
        for year, value in getattr(config.series, name).items():
            if first_year <= int(year) <= last_year:
                series[int(year) - first_year] = value
        values[name] = series
    return YearlyInputs(first_year, **values)


def scaled_count(before: float, this_year: float, scale: float) -> int:
    """Simulated persons this year, rounding the running total so no fraction is lost over the years."""
    return int(np.floor((before + this_year) * scale + 0.5) - np.floor(before * scale + 0.5))
