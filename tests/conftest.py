"""Shared fixtures: small runs are built once per session; scale and horizon are kept small for speed."""

import pytest

from careers_abm.config import load_config
from careers_abm.params import params_from_config
from careers_abm.sim import Sim

SMALL = {"run.scale": 0.002, "run.end_year": 2020}


@pytest.fixture(scope="session")
def baseline_config():
    config, _ = load_config()
    return config


@pytest.fixture(scope="session")
def params(baseline_config):
    return params_from_config(baseline_config)


def _small_sim(**overrides):
    config, _ = load_config(None, {**SMALL, **overrides})
    return Sim(config)


@pytest.fixture(scope="session")
def make_sim():
    """A factory of small simulations: scale 0.002 (about 33,000 persons), 2011-2020 unless overridden."""
    return _small_sim


@pytest.fixture(scope="session")
def small_run():
    sim = _small_sim()
    sim.run()
    return sim
