"""The labour market's rules against hand-computed values: matching, the cycle, the bounded premium."""

import numpy as np
import pytest

from careers_abm.core.processes.labour_market import prospects
from careers_abm.core.rules import (
    cycle_position,
    job_finding_shift,
    job_loss_probability,
    matches,
    next_premium,
    side_entry_probability,
    unemployment_rate,
)


def test_matching_is_cobb_douglas_and_never_exceeds_vacancies_or_applicants(params):
    e = params.labour_market__matching__seeker_elasticity
    a = params.labour_market__matching__efficiency
    assert matches(params, 1000, 4000) == min(int(np.floor(a * 1000 ** (1 - e) * 4000**e)), 1000)
    for vacancies, applicants in [(0, 50), (50, 0), (10, 10**6), (10**6, 10), (1, 1), (3000, 2900)]:
        hires = matches(params, vacancies, applicants)
        assert 0 <= hires <= min(vacancies, applicants)
    # below the caps: more applicants, or more vacancies, give more hires
    assert matches(params, 1000, 1100) > matches(params, 1000, 1000)
    assert matches(params, 1100, 1000) > matches(params, 1000, 1000)


def test_the_cycle_reads_the_observed_path_and_moves_both_hazards(params):
    assert unemployment_rate(params, 2013) == pytest.approx(7.3)  # CBS
    assert unemployment_rate(params, 2019) == pytest.approx(3.4)
    slack, tight = cycle_position(params, 2014), cycle_position(params, 2019)
    assert slack > 0 > tight
    assert job_loss_probability(params, False, 1, slack) > params.working_life__job_loss
    assert job_loss_probability(params, False, 1, tight) < params.working_life__job_loss
    # technical jobs at mbo level swing more than others, and job finding falls in a slack year
    assert job_loss_probability(params, True, 1, slack) > job_loss_probability(params, False, 1, slack)
    assert job_finding_shift(params, slack) < 0 < job_finding_shift(params, tight)


def test_premium_moves_towards_a_bounded_target_with_friction(params):
    bound, reference = params.labour_market__premium__bound, params.labour_market__premium__reference_tension
    assert next_premium(params, 0.0, reference) == 0.0
    premium = 0.0
    for _ in range(200):  # an extreme, lasting tension: the premium approaches the bound, never passes it
        premium = next_premium(params, premium, 1e6)
        assert premium <= bound
    assert premium == pytest.approx(bound, rel=1e-3)
    one_year = next_premium(params, 0.0, 4 * reference)
    assert 0.0 < one_year < next_premium(params, 0.0, 8 * reference)


def test_side_entry_rises_with_tension_and_prospects_follow_seekers_per_opening(params):
    low = side_entry_probability(params, True, False, 0.0, 0.01, 0.0)
    high = side_entry_probability(params, True, False, 0.0, 5.0, 0.0)
    assert high > low
    assert [prospects(r) for r in (0.5, 0.9, 1.1, 2.0)] == [4, 3, 2, 1]
