"""Shared fixtures: small runs are built once per session; scale and horizon are kept small for speed."""

import atexit
import os
import shutil
import tempfile

import pytest

from careers_abm.core.loader import load_config
from careers_abm.core.model import CareersModel
from careers_abm.core.params import params_from_config
from careers_abm.scenarios.run import run_scenario

SMALL = {"run.scale": 0.002, "run.end_year": 2020}

# The session's 2011 builds are cached in a folder of its own (also for the command lines it starts), so
# that the tests run through the cache and leave the user's cache alone.
_BUILDS = tempfile.mkdtemp(prefix="careers_abm_builds_")
os.environ["CAREERS_ABM_BUILD_CACHE"] = _BUILDS
atexit.register(shutil.rmtree, _BUILDS, True)


@pytest.fixture(scope="session")
def baseline_config():
    config, _ = load_config()
    return config


@pytest.fixture(scope="session")
def params(baseline_config):
    return params_from_config(baseline_config)


# Parameter values the rule tests compute by hand: pinned, so recalibrating the baseline leaves them valid.
HAND_VALUES = {
    "schooling.vwo_constant": -2.1,
    "schooling.havo_constant": -0.2,
    "schooling.ability_track_slope": 1.8,
    "schooling.tech_constant.hbo": -2.65,
    "schooling.tech_slopes": {"affinity": 1.2, "ability": 0.3, "female": -1.7, "tech_parent": 0.5,
                              "peer_share": 0.8, "prior_field": 2.2, "signal": 1.0},
    "schooling.transitions.havo_to_hbo": 0.76,
    "schooling.transitions.havo_to_mbo": 0.12,
    "study.duration.mbo": 3,
    "study.dropout.hbo": 0.07,
    "study.first_year_dropout.hbo": 0.16,
    "schooling.transitions.vmbo_to_mbo": 0.87,
    "schooling.transitions.vmbo_to_havo": 0.065,
    "schooling.secondary": {"min_leaving_age": 16, "early_leaving": 0.02, "resit": 0.7,
                            "repeat": {"vmbo": 0.05, "havo": 0.08, "vwo": 0.05},
                            "step_down": {"havo": 0.08, "vwo": 0.06},
                            "exam_pass": {"vmbo": 0.95, "havo": 0.85, "vwo": 0.9}},
    "schooling.re_entry": {"hbo_constant": -2.5, "wo_constant": -4.0, "age_slope": -0.1, "min_age": 18, "max_age": 35},
    "study.progress.tech_dropout_multiplier": 1.1,
    "study.progress.graduate_on_time": 0.65,
    "labour_entry.tech_job_constant.hbo": -2.4,
    "labour_entry.tech_job_slopes": {"tech_field": 2.55, "female": -1.2, "affinity": 0.3, "signal": 1.0},
    "working_life.leave_tech_constant": -3.05,
    "working_life.leave_tech_untrained": 0.6,
    "working_life.leave_tech_young": 0.5,
    "working_life.leave_tech_level": {"vmbo": 0.7, "mbo": 0.4, "hbo": 0.1, "wo": 0.0},
    "working_life.side_entry_constant": -5.4,
    "working_life.side_entry_tech_educated": 2.0,
    "working_life.side_entry_female": -1.0,
    "working_life.side_entry_signal": 1.0,
    "working_life.reemployment_constant": 0.0,
    "working_life.reemployment_age_slope": -0.09,
    "adult_learning": {"min_age": 18, "max_age": 44, "entry_constant": -3.0, "entry_age_slope": -0.08, "tech_job": 1.5},
    "retirement": {"early": 0.07, "at_pension_age": 0.85, "after_pension_age": 0.4, "max_working_age": 75},
    "international.stay.wo": 0.35,
    "international.stay_tech_shift": 0.45,
}  # fmt: skip


@pytest.fixture(scope="session")
def rule_params():
    """Params with the hand-computed values of tests/unit/test_rules.py."""
    config, _ = load_config(None, HAND_VALUES)
    return params_from_config(config)


@pytest.fixture(scope="session")
def small_settings():
    """The run settings of the small runs: scale 0.002 (about 33,000 persons), 2011-2020."""
    return dict(SMALL)


@pytest.fixture(scope="session")
def make_sim():
    """A factory of small, not-yet-stepped simulations (built by CareersModel), for tests that step year
    by year and look inside; overrides are dotted config keys."""
    return lambda **overrides: CareersModel(overrides={**SMALL, **overrides}).sim


@pytest.fixture(scope="session")
def run_small():
    """A factory of small finished runs (RunOutput) through the one run path."""
    return lambda **overrides: run_scenario(overrides={**SMALL, **overrides})


@pytest.fixture(scope="session")
def small_run(run_small):
    """The small baseline run's finished Sim."""
    return run_small().sim
