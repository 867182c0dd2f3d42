"""Adult learning in the working-life kernel against its analytic rates (fixed seed, stated tolerance)."""

import numpy as np
import pytest

from careers_abm.core.codes import Attainment, EntrantKind, Occupation, Stage
from careers_abm.core.effects import Effects
from careers_abm.core.people import People
from careers_abm.core.population import BUILD_YEAR
from careers_abm.core.processes.working_year import working_year_kernel
from careers_abm.core.rules import adult_enrolment_probability, adult_field_utility, logistic

N = 200_000
AGE = 25


def _workers(occupation):
    people = People(N)
    people.append(N)
    people.key[:] = np.arange(N, dtype=np.uint64) + 7 * 10**9
    people.stage[:] = Stage.LABOUR
    people.occupation[:] = occupation
    people.attainment[:] = Attainment.VMBO
    return people


def _run(people, params, year):
    people.birth_year[:] = year - AGE
    effects = Effects()
    effects.reset(N)
    market = np.zeros(5)  # the reference business cycle; tension does not enter adult learning
    working_year_kernel(year, people.columns(), params, effects.arrays(), 0.0, market, np.arange(N), np.empty(N))


def _within(observed_count, n, p):
    """Binomial check at 4 standard errors: a false alarm below 1 in 10,000."""
    assert abs(observed_count / n - p) < 4 * np.sqrt(p * (1 - p) / n)


@pytest.mark.parametrize("occupation", [Occupation.TECH, Occupation.NONTECH])
def test_enrolment_and_field_match_the_rule(params, occupation):
    people = _workers(occupation)
    _run(people, params, 2013)
    entered = people.ev_entered == Stage.MBO
    _within(entered.sum(), N, adult_enrolment_probability(params, AGE, int(Attainment.VMBO), True))
    assert (people.adult_learner[entered] == 1).all() and (people.stage == Stage.LABOUR).all()
    p_tech = logistic(adult_field_utility(params, 0.0, 0.0, False, 0, occupation == Occupation.TECH, 0.0, 0.0))
    _within(people.study_tech[entered].sum(), entered.sum(), p_tech)


def test_nobody_without_a_job_or_with_a_vocational_diploma_enrols(params):
    people = _workers(Occupation.UNEMPLOYED)
    people.attainment[: N // 2] = Attainment.MBO
    people.occupation[: N // 2] = Occupation.NONTECH
    _run(people, params, 2013)
    assert people.adult_learner.sum() == 0 and (people.ev_entered == -1).all()


def test_the_2011_stock_and_its_graduates(params):
    """The first year draws `duration` cohorts of learners; the oldest can graduate that very year."""
    people = _workers(Occupation.NONTECH)
    _run(people, params, BUILD_YEAR)
    p = adult_enrolment_probability(params, AGE, int(Attainment.VMBO), True)
    duration = int(params.study__duration[Stage.MBO - Stage.VMBO])
    left = people.entrant == EntrantKind.ADULT_LEARNER
    _within(int(people.adult_learner.sum() + left.sum()), N, duration * p)
    graduated = people.ev_graduated == Attainment.MBO
    assert graduated.sum() > 0 and (people.attainment[graduated] == Attainment.MBO).all()
    assert (people.attain_tech[graduated] == people.study_tech[graduated]).all()
    assert (people.adult_learner[left] == 0).all()
