"""The entry points other tools call: `careers_abm.run(**params, rng=...)` and `mesa.batch_run`."""

import mesa
import numpy as np
import pytest

import careers_abm
from careers_abm import CareersModel
from careers_abm.core.config import ConfigError
from careers_abm.scenarios.api import parameter_names

SMALL = {"scale": 0.001, "end_year": 2013}


def test_run_is_a_pure_function_of_its_parameters():
    first = careers_abm.run(schooling__tech_slopes__female=-1.0, labour_market__premium__lag=3.0, rng=4, **SMALL)
    again = careers_abm.run(schooling__tech_slopes__female=-1.0, labour_market__premium__lag=3, rng=4, **SMALL)
    np.testing.assert_equal(first, again)  # a whole float for an integer key (as samplers give) means that integer
    assert set(first) == {"tech_shortage_total_2011_2013", "tech_wage_premium_std"}  # what 2011-2013 answers
    assert all(isinstance(value, float) for value in first.values())
    other_seed = careers_abm.run(
        schooling__tech_slopes__female=-1.0, labour_market__premium__lag=3, rng=np.random.default_rng(9), **SMALL
    )
    assert other_seed["tech_shortage_total_2011_2013"] != first["tech_shortage_total_2011_2013"]


def test_run_names_are_identifiers_and_bad_ones_are_refused():
    names = parameter_names()
    assert "schooling__tech_slopes__female" in names and all(name.isidentifier() for name in names)
    with pytest.raises(ConfigError, match="no such config key"):
        careers_abm.run(schooling__tech_slopes__femail=-1.0, **SMALL)


def test_mesa_batch_run_works_unchanged():
    """Mesa 3.3's batch_run steps max_steps + 1 times and reports collections 0..max_steps; the seed
    must be passed (it injects none), and config keys go in as a list of override dicts."""
    rows = mesa.batch_run(
        CareersModel,
        parameters={
            "scale": 0.001,
            "end_year": 2020,
            "rng": [1, 2],
            "overrides": [{"schooling.tech_slopes.ability": 0.5}],
        },
        iterations=1,
        max_steps=2,
        number_processes=1,
        data_collection_period=1,
        display_progress=False,
    )
    assert sorted((row["rng"], row["Step"]) for row in rows) == [(1, 0), (1, 1), (1, 2), (2, 0), (2, 1), (2, 2)]
    assert all(row["year"] == 2010 + row["Step"] and row["tech_workers"] > 0 for row in rows)
    last = {row["rng"]: row["tech_workers"] for row in rows if row["Step"] == 2}
    assert last[1] != last[2]  # the seed reached the simulation
