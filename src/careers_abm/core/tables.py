"""The data files shipped in the package, read and expanded to arrays indexed by single year of age.

Every CSV in `data/` carries a `source` column; loading refuses a file whose source is missing.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

DATA_DIR = Path(__file__).parents[1] / "data"
MAX_AGE = 120
SEXES = ("male", "female")
ATTAINMENT_NAMES = ("none", "vmbo", "havo_vwo", "mbo", "hbo", "wo")


@cache
def read(name: str) -> pd.DataFrame:
    frame = pd.read_csv(DATA_DIR / f"{name}.csv")
    if "source" not in frame.columns or frame["source"].isna().any():
        raise ValueError(f"data/{name}.csv: every row needs a source")
    return frame


def by_age(frame: pd.DataFrame, value: str, sex: str | None = None) -> np.ndarray:
    """Expand rows with age_min..age_max bands into one value per single age 0..MAX_AGE."""
    out = np.zeros(MAX_AGE + 1)
    rows = frame if sex is None else frame[frame["sex"] == sex]
    for row in rows.itertuples():
        out[row.age_min : min(row.age_max, MAX_AGE) + 1] = getattr(row, value)
    return out


def by_age_and_sex(name: str, value: str) -> np.ndarray:
    frame = read(name)
    return np.stack([by_age(frame, value, sex) for sex in SEXES])


def population_by_age_and_sex() -> np.ndarray:
    """Persons on 1 January 2011, [sex, age], spreading each band's count evenly over its ages."""
    frame = read("population_2011")
    out = np.zeros((2, MAX_AGE + 1))
    for row in frame.itertuples():
        width = row.age_max - row.age_min + 1
        out[SEXES.index(row.sex), row.age_min : row.age_max + 1] = row.persons / width
    return out


def pension_age_by_year() -> tuple[int, np.ndarray]:
    frame = read("pension_age").sort_values("year")
    years = frame["year"].to_numpy()
    if not np.array_equal(years, np.arange(years[0], years[-1] + 1)):
        raise ValueError("data/pension_age.csv: years must be consecutive")
    return int(years[0]), frame["pension_age_years"].to_numpy(dtype=np.float64)


def unemployment_rate_by_year() -> tuple[int, np.ndarray]:
    """The national unemployment rate (%) per year from the first year on: CBS observed to 2023 on the
    pre-2022 survey basis, CPB projections after (data/unemployment_series.csv, docs/sources/series.md)."""
    frame = read("unemployment_series").sort_values("year")
    years = frame["year"].to_numpy()
    if not np.array_equal(years, np.arange(years[0], years[-1] + 1)):
        raise ValueError("data/unemployment_series.csv: years must be consecutive")
    return int(years[0]), frame["unemployment_rate"].to_numpy(dtype=np.float64)


def immigrant_age_distribution() -> np.ndarray:
    """Probability of each single age for an immigrant (band shares spread evenly)."""
    frame = read("immigration_age_2011")
    out = np.zeros(MAX_AGE + 1)
    for row in frame.itertuples():
        width = row.age_max - row.age_min + 1
        out[row.age_min : row.age_max + 1] = row.share / width
    return out / out.sum()
