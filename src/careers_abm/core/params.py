"""Params: the validated config as one flat record for the compiled rules, derived from the config
models (never retyped), plus the data tables the rules read.

One declared rule maps the config to the record: the TOML key `schooling.tech_slopes.female` is the
field `p.schooling__tech_slopes__female` (the same spelling as the run() API's keyword arguments); a
section of per-level values (config.PerLevel) becomes one float array indexed by codes.Level, with NaN
for a level it does not give, and a section of per-programme values (config.PerProgramme) one array
indexed by programme (stage - Stage.VMBO). The record is flat because Numba's parallel loops accept a
tuple of scalars and arrays, not nested tuples. Kernels and the per-agent path receive the same record,
so a rule sees identical inputs in both. A new parameter is its TOML line, its config-model field and
the rule that reads it: nothing here changes.
"""

from __future__ import annotations

from collections import namedtuple
from typing import NamedTuple

import numpy as np
from pydantic import BaseModel

from . import tables
from .codes import LEVEL_NAMES, PROGRAMME_NAMES
from .config import Config, PerLevel, PerProgramme

NOT_PARAMETERS = ("interventions", "series")  # Config fields that the rules do not read (Sim does)


class Tables(NamedTuple):
    """The data tables the rules read (data/*.csv, each row with its source)."""

    death_weight: np.ndarray  # [sex, age]: the 2011 death probability, calibrated to 2011 deaths
    fertility: np.ndarray  # births per woman in 2011, [age on 1 January]
    emigration: np.ndarray  # the 2011 emigration rate, [age]
    pension_age_first_year: int
    pension_age: np.ndarray  # [year - pension_age_first_year]
    unemployment_first_year: int
    unemployment_rate: np.ndarray  # national rate in %, [year - unemployment_first_year]


def _is_section(annotation) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _leaves(model: type[BaseModel], prefix: str = "") -> list[tuple[str, tuple[str, ...]]]:
    """(record field, path in the config) of every value the rules may read, in config order."""
    leaves = []
    for name, field in model.model_fields.items():
        if name in NOT_PARAMETERS:
            continue
        section = field.annotation
        if _is_section(section) and not issubclass(section, PerLevel | PerProgramme):
            leaves += [(f"{name}__{leaf}", (name, *path)) for leaf, path in _leaves(section)]
        else:
            leaves.append((name, (name,)))
    return leaves


def _array(section: BaseModel, names: tuple[str, ...]) -> np.ndarray:
    """A per-level or per-programme section as an array in the order of `names`."""
    fields = type(section).model_fields
    if {field.annotation for field in fields.values()} == {int}:
        if set(fields) != set(names):
            raise TypeError(f"{type(section).__name__}: an integer section must give every one of {names}")
        return np.array([getattr(section, name) for name in names], dtype=np.int64)
    return np.array([float(getattr(section, name, np.nan)) for name in names], dtype=np.float64)


def _value(config: Config, path: tuple[str, ...]):
    """A config value as the rules read it. Numbers get a fixed Python type per field, so the compiled
    kernels' signature (and their cache) stays the same from run to run."""
    owner, value = config, config
    for part in path:
        owner, value = value, getattr(value, part)
    if isinstance(value, PerLevel):
        return _array(value, LEVEL_NAMES)
    if isinstance(value, PerProgramme):
        return _array(value, PROGRAMME_NAMES)
    return type(owner).model_fields[path[-1]].annotation(value)


LEAVES = _leaves(Config)
Params = namedtuple("Params", [*(name for name, _ in LEAVES), *Tables._fields])


def load_tables(end_year: int) -> Tables:
    pension_first, pension = tables.pension_age_by_year()
    if end_year >= pension_first + len(pension):
        raise ValueError(f"data/pension_age.csv ends before run.end_year = {end_year}")
    unemployment_first, unemployment = tables.unemployment_rate_by_year()
    if end_year >= unemployment_first + len(unemployment):
        raise ValueError(f"data/unemployment_series.csv ends before run.end_year = {end_year}")
    return Tables(
        death_weight=tables.mortality_by_age_and_sex(),
        fertility=tables.births_per_woman_by_age(),
        emigration=tables.by_age(tables.read("emigration_2011"), "emigration_probability"),
        pension_age_first_year=pension_first,
        pension_age=pension,
        unemployment_first_year=unemployment_first,
        unemployment_rate=unemployment,
    )


def params_from_config(config: Config) -> Params:
    values = {name: _value(config, path) for name, path in LEAVES}
    return Params(**values, **load_tables(config.run.end_year)._asdict())
