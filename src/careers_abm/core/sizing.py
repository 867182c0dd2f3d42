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

BUILD_YEAR = 2011
# Fewer persons than this leave most cells of the output contract (a level's technical inflow of a
# year, the school groups) empty, so the series are zeros and noise rather than estimates.
MIN_PERSONS = 1_000
BIRTHS_MARGIN = 200_000  # births a year, above the 2011 level of 180,060 (CBS): a margin, not a forecast
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


def rows_to_reserve(initial: int, end_year: int, arrivals_per_year: float, scale: float) -> int:
    """The initial persons plus births and arrivals (immigrants, students, knowledge migrants, national
    counts a year) over the horizon, with a 10% margin."""
    years = end_year - BUILD_YEAR + 1
    return int(initial + 1.1 * years * (BIRTHS_MARGIN + arrivals_per_year) * scale) + 1000


def memory_bytes(rows: int) -> int:
    return int(rows * ROW_BYTES * MEMORY_PER_ROW_FACTOR)


def machine_memory_bytes() -> int:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def arrivals_per_year(config: Any) -> float:
    """National arrivals a year that the population must hold rows for (a Config): immigrants, foreign
    students and knowledge migrants (births are the margin above)."""
    intl = config.international
    return (
        config.demography.immigrants_per_year
        + intl.students_per_year.hbo
        + intl.students_per_year.wo
        + intl.knowledge_migrants.per_year
    )


def size_problem(config: Any) -> str | None:
    """Why a run (a Config) is too small to estimate anything or too large for this machine, with the
    scale that would work; None when it is fine."""
    scale = config.run.scale
    persons = initial_persons(scale)
    if persons < MIN_PERSONS:
        smallest = MIN_PERSONS / initial_persons(1.0)
        return (
            f"simulates {persons:,} persons, fewer than the {MIN_PERSONS:,} a run needs: "
            f"use a scale of at least {smallest:.1e}"
        )
    rows = rows_to_reserve(persons, config.run.end_year, arrivals_per_year(config), scale)
    needed, available = memory_bytes(rows), machine_memory_bytes()
    if needed > available:
        return (
            f"needs about {needed / 2**30:.1f} GiB for {rows:,} persons, more than this machine's "
            f"{available / 2**30:.1f} GiB: use a scale of at most {scale * available / needed:.2g} "
            "(or fewer arrivals a year, or an earlier run.end_year)"
        )
    return None
