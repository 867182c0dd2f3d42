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


OLDEST_AGES = range(100, 105)  # estimate: the published open band 100+ spread evenly over 100-104


def population_by_age_and_sex() -> np.ndarray:
    """Persons on 1 January 2011, [sex, age], by single year of age (data/population_2011_by_age.csv)."""
    frame = read("population_2011_by_age")
    out = np.zeros((2, MAX_AGE + 1))
    for row in frame.itertuples():
        s = SEXES.index(row.sex)
        if row.age == "100+":
            out[s, OLDEST_AGES.start : OLDEST_AGES.stop] = row.persons / len(OLDEST_AGES)
        else:
            out[s, int(row.age)] = row.persons
    return out


def mortality_by_age_and_sex() -> np.ndarray:
    """Death probability by [sex, age], calibrated to the published 2011 deaths.

    The band probabilities of data/deaths_2011_by_age.csv (estimates from the old table) times the
    2011 population give 124.7k deaths, not 135,741: q at 80+ is too low. Each broad band that CBS
    publishes (0-64, 65-79, 80+) is scaled so the 2011 population's expected deaths equal its count.
    """
    frame = read("deaths_2011_by_age")
    bands = frame[frame["row_type"] == "estimate"]
    q = np.stack([by_age(bands, "death_probability", sex) for sex in SEXES])
    population = population_by_age_and_sex()
    published = frame[(frame["row_type"] == "published") & (frame["sex"] == "total")]
    for row in published.itertuples():
        if row.age_min == row.age_max or (row.age_min, row.age_max) == (0, MAX_AGE):
            continue  # infant deaths and the grand total are inside the broad bands
        ages = slice(row.age_min, min(row.age_max, MAX_AGE) + 1)
        expected = (q[:, ages] * population[:, ages]).sum()
        q[:, ages] *= row.deaths / expected
    return q


def births_per_woman_by_age() -> np.ndarray:
    """Live births per woman by the mother's age on 1 January 2011 (data/births_2011_by_mother_age.csv).

    CBS counts the mother's age on 31 December, about one year more than on 1 January, so a band
    a..b by CBS's age is a-1..b-1 here; the births of a band are divided by its women on 1 January.
    """
    frame = read("births_2011_by_mother_age")
    women = population_by_age_and_sex()[SEXES.index("female")]
    out = np.zeros(MAX_AGE + 1)
    for row in frame.itertuples():
        ages = slice(row.age_min - 1, row.age_max)
        out[ages] = row.births / women[ages].sum()
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


def _enrolled_2011(level: str):
    """The rows of data/enrolment_2011_12.csv counting everyone enrolled at a level on 1 October 2011."""
    frame = read("enrolment_2011_12")
    everyone = (frame["track"] == "all") & (frame["sex"] == "all") & (frame["measure"] == "enrolled")
    return frame[everyone & (frame["level"] == level)]


def enrolled_2011(level: str) -> float:
    """Students of a level on 1 October 2011, all years and tracks (data/enrolment_2011_12.csv)."""
    rows = _enrolled_2011(level)
    return float(rows.loc[rows["year_of_study"] == "all", "value"].iloc[0])


def pupils_2011_by_year(track: str) -> dict[int, float]:
    """Pupils of havo or vwo by year of study from year 4 on, on 1 October 2011 (data/enrolment_2011_12.csv)."""
    rows = _enrolled_2011(track)
    rows = rows[rows["year_of_study"].str.fullmatch(r"\d")]
    return {int(row.year_of_study): float(row.value) for row in rows.itertuples()}


def mbo_early_leaving() -> float:
    """The yearly rate at which mbo students leave without a starting qualification
    (data/study_flows_2011.csv)."""
    frame = read("study_flows_2011")
    return float(frame[(frame["measure"] == "early_leaving") & (frame["level"] == "mbo")]["value"].iloc[0])


def untrained_in_tech_jobs() -> float:
    """The published count of workers without a technical education in technical occupations
    (data/tech_jobs_2011_check.csv: CBS 2016, the nearest year with a count; the estimated rows aside)."""
    frame = read("tech_jobs_2011_check")
    published = ~frame["source"].str.startswith("estimate:")
    rows = frame[(frame["tech_educated"] == 0) & (frame["level"] == "all") & (frame["sex"] == "all") & published]
    return float(rows["employed_in_tech_jobs"].dropna().iloc[0])
