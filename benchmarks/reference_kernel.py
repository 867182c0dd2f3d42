"""A reference yearly step: the smallest loop of the model's shape, timed beside the model.

Its rate (person-years a second) measured in the same run as the model's gives a yardstick that moves
with the machine and its load, so the model's loop is reported as a ratio to it (issue 16). One year
visits every person's row in fixed chunks (as `core/chunks.py`) and makes a few decisions with the
model's counter-based draws (`core/rng.py`): a death draw for everyone (the dead are reborn in their
row, so the population keeps its size), a logit choice for the 15-year-olds, a job move for workers,
and per-chunk integer counts, as `count_year` keeps them.
"""

from __future__ import annotations

import time

import numpy as np
from numba import njit, prange

from careers_abm.core.chunks import CHUNKS, chunk_rows, row_loop
from careers_abm.core.rng import uniform

ALIVE, TECH = 0, 1
COUNTS = 4  # persons, technical, deaths (each followed by a birth in the same row), moves


@njit(cache=True, inline="always")
def _person_year(i, year, seed, key, birth_year, state, tally):
    age = year - birth_year[i]
    if uniform(seed, 1, key[i], year) < 1e-4 * np.exp(0.09 * age):
        birth_year[i] = year  # the row is reborn, so the population keeps its size
        state[i] = ALIVE
        tally[2] += 1
        age = 0
    if age == 15:
        utility = -0.5 + 0.3 * (uniform(seed, 2, key[i], year) - 0.5)
        if uniform(seed, 3, key[i], year) < 1.0 / (1.0 + np.exp(-utility)):
            state[i] = TECH
    elif 18 <= age < 67 and uniform(seed, 4, key[i], year) < 0.05:
        state[i] = ALIVE if state[i] == TECH else TECH
        tally[3] += 1
    tally[0] += 1
    tally[1] += state[i] == TECH


@row_loop
def _rows(first, last, year, seed, key, birth_year, state, tally):
    for i in range(first, last):
        _person_year(i, year, seed, key, birth_year, state, tally)


@njit(cache=True, parallel=True)
def reference_year(year, seed, key, birth_year, state, counts):
    """One year over every row; `counts[chunk]` gets that chunk's integer counts (thread-independent)."""
    n = len(key)
    for chunk in prange(CHUNKS):
        first, last = chunk_rows(chunk, n)
        _rows(first, last, year, seed, key, birth_year, state, counts[chunk])


def population(persons: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Keys, birth years (ages 0-99 in 2011) and states of `persons` persons, all alive."""
    rows = np.arange(persons, dtype=np.uint64)
    birth_year = (2011 - (np.arange(persons) % 100)).astype(np.int16)
    return rows * np.uint64(0x9E3779B97F4A7C15), birth_year, np.zeros(persons, dtype=np.int8)


def person_years_per_s(persons: int, years: int = 30, seed: int = 1) -> dict:
    """Time `years` reference years over `persons` persons (compiled first, on a small population)."""
    reference_year(2011, seed, *population(CHUNKS), np.zeros((CHUNKS, COUNTS), dtype=np.int64))
    key, birth_year, state = population(persons)
    counts = np.zeros((CHUNKS, COUNTS), dtype=np.int64)
    lived = 0
    started = time.perf_counter()
    cpu_started = time.process_time()
    for year in range(2011, 2011 + years):
        counts[:] = 0
        reference_year(year, seed, key, birth_year, state, counts)
        lived += int(counts[:, 0].sum())
    seconds = time.perf_counter() - started
    return {
        "persons": persons,
        "years": years,
        "person_years": lived,
        "loop_s": seconds,
        "loop_cpu_s": time.process_time() - cpu_started,
        "person_years_per_s": lived / seconds,
    }
