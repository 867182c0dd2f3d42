"""The rows a year visits: everyone alive at its start, and last year's leavers.

Rows are never removed (people.py), so by 2040 about a third of them are dead or emigrated. A row that
left before last year has no events and is never read or written again: the yearly kernels skip it
by iterating this index instead of every row. Last year's leavers stay in it one more year, so that
the peer counts set their flag to -1 as a pass over every row would (groups.py). The index is derived
from the state alone (stage and ev_demog), so a fork, a checkpoint or the per-agent path needs nothing
more; a person's key is unchanged, and so is every random number.
"""

from __future__ import annotations

import numpy as np

from .codes import DemogEvent, Stage
from .people import People

DEAD, LABOUR = int(Stage.DEAD), int(Stage.LABOUR)


def start_year(people: People) -> tuple[np.ndarray, np.ndarray]:
    """The rows the year visits, ascending, and those of them with a school year: in education, or in
    the labour market (who may start higher education, schooling.school_year); then clears every
    row's events. Vectorised passes over one or two bytes a row: cheaper than a kernel."""
    rows = np.flatnonzero((people.stage < DEAD) | (people.ev_demog != DemogEvent.NONE))
    school = np.flatnonzero(people.stage <= LABOUR)
    people.reset_events()
    return rows, school
