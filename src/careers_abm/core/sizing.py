"""How many persons a run simulates and how much memory it needs, known before anything is built.

The loader refuses a run too small to mean anything or too large for the machine (config.py), and the
population build reserves its rows from the same estimate (population.py), so the two never disagree.
"""

from __future__ import annotations

import os
from functools import cache
from typing import Any

import numpy as np

from . import tables
from .people import SCHEMA
from .series import YearlyInputs, yearly_inputs

BUILD_YEAR = 2011
# Fewer persons than this leave most cells of the output contract (a level's technical inflow of a
# year, the school groups) empty, so the series are zeros and noise rather than estimates.
MIN_PERSONS = 1_000
ROW_BYTES = sum(np.dtype(dtype).itemsize for _, dtype, _, _ in SCHEMA)
# Peak memory over the reserved columns themselves (the kernels' temporaries, the results, the
# interpreter): the full population to 2040 peaked at 1.75 GB (docs/performance.md) for 1.4 GB of
# reserved columns; 1.5 keeps a margin without refusing runs that fit.
MEMORY_PER_ROW_FACTOR = 1.5


@cache
def _population_2011() -> float:
    return float(tables.population_by_age_and_sex().sum())


def initial_persons(scale: float) -> int:
    """Persons in the 2011 population at `scale` (the build rounds each cell; this is the total)."""
    return int(np.floor(_population_2011() * scale + 0.5))


def rows_to_reserve(initial: int, arrivals: float, scale: float) -> int:
    """The initial persons plus the national arrivals over the horizon at `scale`, with a 10% margin."""
    return int(initial + 1.1 * arrivals * scale) + 1000


def memory_bytes(rows: int) -> int:
    return int(rows * ROW_BYTES * MEMORY_PER_ROW_FACTOR)


def machine_memory_bytes() -> int:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def arrivals_over_horizon(config: Any, inputs: YearlyInputs) -> float:
    """National persons added over the horizon (a Config and its yearly inputs): births and immigrants
    (foreign students included) from the series, and the knowledge migrants on top."""
    years = config.run.end_year - BUILD_YEAR + 1
    return inputs.births.sum() + inputs.immigration.sum() + years * config.international.knowledge_migrants.per_year


def size_problem(config: Any) -> str | None:
    """Why a run (a Config) is too small to estimate anything or too large for this machine, with the
    scale that would work; None when it is fine."""
    scale = config.run.scale
    persons = initial_persons(scale)
    if persons < MIN_PERSONS:
        smallest = MIN_PERSONS / initial_persons(1.0)
        return (
            f"key 'run.scale' = {scale!r} simulates {persons:,} persons, fewer than the {MIN_PERSONS:,} "
            f"a run needs: use a scale of at least {smallest:.1e}"
        )
    try:
        inputs = yearly_inputs(config, BUILD_YEAR)
    except ValueError as error:  # a series that does not reach run.end_year
        return f"key 'run.end_year' = {config.run.end_year}: {error}"
    rows = rows_to_reserve(persons, arrivals_over_horizon(config, inputs), scale)
    needed, available = memory_bytes(rows), machine_memory_bytes()
    if needed > available:
        return (
            f"key 'run.scale' = {scale!r} needs about {needed / 2**30:.1f} GiB for {rows:,} persons, more "
            f"than this machine's {available / 2**30:.1f} GiB: use a scale of at most {scale * available / needed:.2g} "
            "(or fewer arrivals, or an earlier run.end_year)"
        )
    return None
