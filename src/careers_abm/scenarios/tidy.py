"""The series in long, tidy form (year, indicator, level, sex, value): one row per year and column of the
wide table, with the level and sex that the column name carries split out, so that a plotting or
statistics tool can filter and facet without parsing column names.

`tech_inflow_share_he_female` becomes (tech_inflow_share, he, female); a column without a level or sex
gets "all" there (`tech_workers` -> (tech_workers, all, all)).
"""

from __future__ import annotations

import pandas as pd

from ..core.codes import LEVEL_NAMES

LEVELS = (*LEVEL_NAMES, "he", "havo", "vwo")  # he: hbo and wo together; havo, vwo: the secondary tracks
SEXES = ("female", "male")
ALL = "all"


def split_column(name: str) -> tuple[str, str, str]:
    """A wide column name as (indicator, level, sex): the last level token and any sex token are split out."""
    tokens = name.split("_")
    sex = next((token for token in tokens if token in SEXES), ALL)
    tokens = [token for token in tokens if token != sex]
    level = next((token for token in reversed(tokens) if token in LEVELS), ALL)
    if level != ALL:
        del tokens[len(tokens) - 1 - tokens[::-1].index(level)]
    return "_".join(tokens), level, sex


def long_series(series: pd.DataFrame) -> pd.DataFrame:
    """Every non-year column of the wide series as rows of (year, indicator, level, sex, value)."""
    columns = [name for name in series.columns if name != "year"]
    long = series.melt(id_vars="year", value_vars=columns, var_name="column", value_name="value")
    parts = pd.DataFrame([split_column(name) for name in columns], columns=["indicator", "level", "sex"])
    parts["column"] = columns
    long = long.merge(parts, on="column", how="left")
    return long[["year", "indicator", "level", "sex", "value"]].astype({"value": "float64"})
