"""The index of the rows a year visits: the living and last year's leavers, and nobody else with events."""

import numpy as np
import pytest

from careers_abm.core.codes import DemogEvent, Stage
from careers_abm.core.living import start_year
from careers_abm.core.people import EVENT_COLUMNS, SCHEMA, People

DEFAULTS = {name: default for name, _, default, _ in SCHEMA}


def _population(n, seed):
    """Random stages and events; rows that left before last year carry no events (as the yearly
    reset leaves them), last year's leavers still carry theirs."""
    rng = np.random.default_rng(seed)
    people = People(n + 10)
    people.append(n)
    for name, dtype, _, _ in SCHEMA:
        column = getattr(people, name)
        column[:] = rng.integers(-1, 5, n).astype(dtype)
    people.stage[:] = rng.integers(0, int(Stage.EMIGRATED) + 1, n)
    left = people.stage >= Stage.DEAD
    people.ev_demog[:] = rng.integers(0, int(DemogEvent.EMIGRATED) + 1, n)
    long_gone = left & ((people.ev_demog == DemogEvent.NONE) | (rng.random(n) < 0.5))
    for name in EVENT_COLUMNS:
        getattr(people, name)[long_gone] = DEFAULTS[name]
    return people


@pytest.mark.parametrize("n", [0, 1, 257, 50_000])
def test_visits_the_living_and_last_years_leavers_and_clears_every_event(n):
    people = _population(n, n)
    before = {name: getattr(people, name).copy() for name, *_ in SCHEMA}
    visited = (before["stage"] < Stage.DEAD) | (before["ev_demog"] != DemogEvent.NONE)

    rows, school = start_year(people)

    assert np.array_equal(rows, np.flatnonzero(visited))
    assert np.array_equal(school, np.flatnonzero(before["stage"] <= Stage.LABOUR))
    for name in EVENT_COLUMNS:
        assert (getattr(people, name) == DEFAULTS[name]).all(), name
    for name, *_ in SCHEMA:
        if name not in EVENT_COLUMNS:
            assert np.array_equal(getattr(people, name), before[name]), name
