"""Small paired runs for the intervention tests: scale 0.002, a few years, the same seed as the baseline."""

import pytest

from careers_abm.scenarios.run import run_scenario

SCALE = 0.002


def run_sim(interventions, end_year, **overrides):
    """A finished Sim of 2011..end_year with the given [[interventions]] entries."""
    settings = {"run.scale": SCALE, "run.end_year": end_year, "interventions": interventions, **overrides}
    return run_scenario(overrides=settings).sim


@pytest.fixture(scope="session")
def paired():
    """run(interventions, end_year) -> (baseline Sim, policy Sim); baselines are cached per end year."""
    baselines = {}

    def run(interventions, end_year):
        if end_year not in baselines:
            baselines[end_year] = run_sim([], end_year)
        return baselines[end_year], run_sim(interventions, end_year)

    return run
