"""The rows a year visits: everyone alive at its start, and last year's leavers.

Rows are never removed (people.py), so by 2040 about a third of them are dead or emigrated. A row that
left before last year has no events and is never read or written again: the yearly passes skip it by
iterating this index instead of every row. Last year's leavers stay in it one more year, so that
their events are cleared. The index is derived from the state alone (stage and ev_demog), so a fork,
a checkpoint or the per-agent path needs nothing more; a person's key is unchanged, and so is every
random number.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from .chunks import CHUNKS, chunk_rows, row_loop
from .codes import DemogEvent, Stage

DEAD, WO = int(Stage.DEAD), int(Stage.WO)
NONE = int(DemogEvent.NONE)


@njit(cache=True, inline="always")
def _visited(stage, ev_demog, i):
    return stage[i] < DEAD or ev_demog[i] != NONE


@njit(cache=True, parallel=True)
def _count(stage, ev_demog, counts, school_counts):
    n = len(stage)
    for chunk in prange(CHUNKS):
        first, last = chunk_rows(chunk, n)
        found = 0
        in_school = 0
        for i in range(first, last):
            found += _visited(stage, ev_demog, i)
            in_school += stage[i] <= WO
        counts[chunk] = found
        school_counts[chunk] = in_school


@row_loop
def _gather_rows(first, last, c, k, s, rows, school):
    for i in range(first, last):
        if not _visited(c.stage, c.ev_demog, i):
            continue
        rows[k] = i
        k += 1
        if c.stage[i] <= WO:
            school[s] = i
            s += 1
        else:
            c.peer_flag[i] = -1  # no school group: what SchoolGroups.peer_summary would set
        # the year's events start empty (the defaults of people.SCHEMA)
        c.ev_demog[i] = NONE
        c.ev_entered[i] = -1
        c.ev_graduated[i] = -1
        c.entrant[i] = 0
        c.ev_applied[i] = 0
        c.ev_tech_in[i] = 0
        c.ev_tech_out[i] = 0
        c.ev_retired[i] = 0
        c.ev_upgraded[i] = 0
        c.ev_intl[i] = 0


@njit(cache=True, parallel=True)
def _gather(c, starts, school_starts, rows, school):
    n = len(c.stage)
    for chunk in prange(CHUNKS):
        first, last = chunk_rows(chunk, n)
        _gather_rows(first, last, c, starts[chunk], school_starts[chunk], rows, school)


def _starts(counts: np.ndarray) -> np.ndarray:
    return np.concatenate((np.zeros(1, dtype=np.int64), np.cumsum(counts)[:-1]))


def start_year(c) -> tuple[np.ndarray, np.ndarray]:
    """Clear the events of the rows the year visits and return them, ascending, with the subset in
    education (stage up to WO); every other row gets a peer flag of -1. Per fixed chunk, so the same
    for any number of threads."""
    counts = np.zeros(CHUNKS, dtype=np.int64)
    school_counts = np.zeros(CHUNKS, dtype=np.int64)
    _count(c.stage, c.ev_demog, counts, school_counts)
    rows = np.empty(int(counts.sum()), dtype=np.int64)
    school = np.empty(int(school_counts.sum()), dtype=np.int64)
    _gather(c, _starts(counts), _starts(school_counts), rows, school)
    return rows, school

