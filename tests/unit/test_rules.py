"""Each behavioural rule against values computed by hand from pinned parameters (conftest.HAND_VALUES)."""

import math

import numpy as np
import pytest

from careers_abm.core import tables
from careers_abm.core.codes import Attainment, Level, SchoolYear, Stage
from careers_abm.core.rules import (
    adult_enrolment_probability,
    adult_field_utility,
    birth_weight,
    chooses,
    death_weight,
    dropout_probability,
    emigration_weight,
    exam_outcome,
    graduates,
    intl_stay_probability,
    leave_tech_probability,
    logistic,
    next_programme,
    race_key,
    re_entry_choice,
    reemployment_probability,
    retirement_probability,
    secondary_track,
    secondary_year_outcome,
    side_entry_probability,
    tech_choice_utility,
    tech_job_utility,
)


def sigmoid(x):
    return 1 / (1 + math.exp(-x))


def test_logistic_and_choice():
    assert logistic(0.0) == 0.5
    assert chooses(0.0, 0.49) and not chooses(0.0, 0.51)


def test_tech_choice_utility_adds_every_term(rule_params):
    # hbo constant -2.65; affinity 1.2*0.5; ability 0.3*1; female -1.7; parent 0.5; peer 0.8*0.25;
    # prior 2.2*1; signal 1.0*0.1; shift 0.3
    expected = -2.65 + 0.6 + 0.3 - 1.7 + 0.5 + 0.2 + 2.2 + 0.1 + 0.3
    got = tech_choice_utility(rule_params, int(Stage.HBO), 0.5, 1.0, True, True, 0.25, 1, 0.1, 0.3)
    assert got == pytest.approx(expected, abs=1e-12)


def test_secondary_track_is_an_ordered_logit(rule_params):
    p_vwo = sigmoid(-2.1 + 1.8 * 0.5)
    p_havo_plus = sigmoid(-0.2 + 1.8 * 0.5)
    assert secondary_track(rule_params, 0.5, p_vwo - 1e-9) == Stage.VWO
    assert secondary_track(rule_params, 0.5, p_vwo + 1e-9) == Stage.HAVO
    assert secondary_track(rule_params, 0.5, p_havo_plus + 1e-9) == Stage.VMBO


def test_next_programme_uses_cumulative_shares(rule_params):
    assert next_programme(rule_params, int(Stage.HAVO), 0.75) == Stage.HBO
    assert next_programme(rule_params, int(Stage.HAVO), 0.80) == Stage.MBO  # 0.76 <= u < 0.88
    assert next_programme(rule_params, int(Stage.HAVO), 0.90) == Stage.LABOUR
    assert next_programme(rule_params, int(Stage.WO), 0.0) == Stage.LABOUR


def test_dropout_and_graduation(rule_params):
    assert dropout_probability(rule_params, int(Stage.HBO), 0, 1, 0.0) == pytest.approx(0.07)
    assert dropout_probability(rule_params, int(Stage.HBO), 1, 3, 0.0) == pytest.approx(0.077)
    shifted = sigmoid(math.log(0.07 / 0.93) - 1.0)
    assert dropout_probability(rule_params, int(Stage.HBO), 0, 2, -1.0) == pytest.approx(shifted)
    assert not graduates(rule_params, int(Stage.MBO), 2, 0.0)
    assert graduates(rule_params, int(Stage.MBO), 3, 0.64) and not graduates(rule_params, int(Stage.MBO), 3, 0.66)
    assert graduates(rule_params, int(Stage.MBO), 5, 0.99)


def test_dropout_is_front_loaded_where_a_first_year_rate_is_given(rule_params):
    """hbo: the first-year rate while no year is done; mbo gives none, so its first year has the yearly rate."""
    assert dropout_probability(rule_params, int(Stage.HBO), 0, 0, 0.0) == pytest.approx(0.16)
    assert dropout_probability(rule_params, int(Stage.HBO), 1, 0, 0.0) == pytest.approx(0.16 * 1.1)
    mbo_later = dropout_probability(rule_params, int(Stage.MBO), 0, 1, 0.0)
    assert dropout_probability(rule_params, int(Stage.MBO), 0, 0, 0.0) == mbo_later


def test_next_programme_after_vmbo_stacks_into_havo(rule_params):
    vmbo = int(Stage.VMBO)
    assert next_programme(rule_params, vmbo, 0.87 - 1e-9) == Stage.MBO
    assert next_programme(rule_params, vmbo, 0.87 + 0.065 - 1e-9) == Stage.HAVO
    assert next_programme(rule_params, vmbo, 0.87 + 0.065 + 1e-9) == Stage.LABOUR


def test_secondary_year_outcome_in_cumulative_order(rule_params):
    """Early leaving (from 16), stepping down and repeating (from year 3), moving up; vmbo has no track below."""
    havo, vmbo = int(Stage.HAVO), int(Stage.VMBO)
    assert secondary_year_outcome(rule_params, havo, 3, 16, 0.02 - 1e-9) == SchoolYear.LEAVES
    assert secondary_year_outcome(rule_params, havo, 3, 15, 0.02 - 1e-9) == SchoolYear.STEPS_DOWN
    assert secondary_year_outcome(rule_params, havo, 3, 16, 0.10 - 1e-9) == SchoolYear.STEPS_DOWN
    assert secondary_year_outcome(rule_params, havo, 3, 16, 0.18 - 1e-9) == SchoolYear.REPEATS
    assert secondary_year_outcome(rule_params, havo, 3, 16, 0.18 + 1e-9) == SchoolYear.PROMOTED
    assert secondary_year_outcome(rule_params, havo, 2, 14, 0.0) == SchoolYear.PROMOTED  # the lower years
    assert secondary_year_outcome(rule_params, vmbo, 3, 15, 0.05 - 1e-9) == SchoolYear.REPEATS
    assert secondary_year_outcome(rule_params, vmbo, 3, 15, 0.05 + 1e-9) == SchoolYear.PROMOTED


def test_exam_outcome_passes_resits_or_steps_down(rule_params):
    vwo = int(Stage.VWO)
    assert exam_outcome(rule_params, vwo, 0.9 - 1e-9) == SchoolYear.PROMOTED
    assert exam_outcome(rule_params, vwo, 0.9 + 0.1 * 0.7 - 1e-9) == SchoolYear.REPEATS
    assert exam_outcome(rule_params, vwo, 0.9 + 0.1 * 0.7 + 1e-9) == SchoolYear.STEPS_DOWN


def test_re_entry_choice(rule_params):
    """vwo holders may start wo or hbo, havo and mbo holders hbo; nobody outside the ages or diplomas."""
    at_20 = -0.1 * 2
    to_wo, to_hbo = sigmoid(-4.0 + at_20), sigmoid(-2.5 + at_20)
    vwo = int(Attainment.VWO)
    assert re_entry_choice(rule_params, 20, vwo, to_wo - 1e-9) == Stage.WO
    assert re_entry_choice(rule_params, 20, vwo, to_wo + to_hbo - 1e-9) == Stage.HBO
    assert re_entry_choice(rule_params, 20, vwo, to_wo + to_hbo + 1e-9) == Stage.LABOUR
    assert re_entry_choice(rule_params, 20, int(Attainment.MBO), to_hbo - 1e-9) == Stage.HBO
    assert re_entry_choice(rule_params, 20, int(Attainment.HAVO), to_wo) == Stage.HBO  # no wo for havo
    for attainment in (Attainment.NONE, Attainment.VMBO, Attainment.HBO, Attainment.WO):
        assert re_entry_choice(rule_params, 20, int(attainment), 0.0) == Stage.LABOUR
    assert re_entry_choice(rule_params, 36, vwo, 0.0) == Stage.LABOUR
    assert re_entry_choice(rule_params, 17, vwo, 0.0) == Stage.LABOUR


def test_tech_job_utility(rule_params):
    expected = -2.4 + 2.55 - 1.2 + 0.3 * 1.0 + 1.0 * 0.05
    assert tech_job_utility(rule_params, int(Level.HBO), 1, True, 1.0, 0.05, 0.0) == pytest.approx(expected)


def test_working_life_hazards(rule_params):
    wo, vmbo = int(Level.WO), int(Level.VMBO)
    assert leave_tech_probability(rule_params, 45, wo, True, 0.0, 0.0) == pytest.approx(sigmoid(-3.05))
    assert leave_tech_probability(rule_params, 45, vmbo, True, 0.0, 0.0) == pytest.approx(sigmoid(-3.05 + 0.7))
    assert leave_tech_probability(rule_params, 25, wo, False, 0.0, 0.0) == pytest.approx(sigmoid(-3.05 + 0.6 + 0.5))
    balanced = rule_params.labour_market__premium__reference_tension  # no pull from tension
    assert side_entry_probability(rule_params, True, False, 0.0, balanced, 0.0) == pytest.approx(sigmoid(-5.4 + 2.0))
    assert side_entry_probability(rule_params, False, True, 0.1, balanced, 0.0) == pytest.approx(
        sigmoid(-5.4 - 1.0 + 0.1)
    )
    assert reemployment_probability(rule_params, 40, 0.0) == pytest.approx(0.5)
    assert reemployment_probability(rule_params, 60, 0.0) == pytest.approx(sigmoid(-0.09 * 10))


def test_retirement_follows_the_statutory_age(rule_params):
    # 2012: pension age 65; 2024: 67 (AOW law)
    assert retirement_probability(rule_params, 58, 2012, 0.0) == 0.0
    assert retirement_probability(rule_params, 62, 2012, 0.0) == pytest.approx(0.07)
    assert retirement_probability(rule_params, 65, 2012, 0.0) == pytest.approx(0.85)
    assert retirement_probability(rule_params, 65, 2024, 0.0) == pytest.approx(0.07)
    assert retirement_probability(rule_params, 67, 2024, 0.0) == pytest.approx(0.85)
    assert retirement_probability(rule_params, 70, 2024, 0.0) == pytest.approx(0.4)
    assert retirement_probability(rule_params, 75, 2024, 0.0) == 1.0
    # 2016: 65.5, so at 65 half a year of the at-age probability is pro rata
    assert retirement_probability(rule_params, 65, 2016, 0.0) == pytest.approx(0.07 + 0.5 * (0.85 - 0.07))
    assert retirement_probability(rule_params, 65, 2012, -1.0) < 0.85


def test_demography(rule_params):
    women = tables.population_by_age_and_sex()[1]
    # CBS's mothers aged 30-34 on 31 December are 29-33 on 1 January
    assert birth_weight(rule_params, 31) == pytest.approx(69_174 / women[29:34].sum())
    assert birth_weight(rule_params, 55) == 0.0
    assert emigration_weight(rule_params, 22, True) == pytest.approx(0.013 * 3.0)
    assert race_key(0.0, 0.5) == np.inf
    assert race_key(0.02, 0.5) == pytest.approx(np.log(2.0) / 0.02)


def test_mortality_meets_the_published_2011_deaths(rule_params):
    population = tables.population_by_age_and_sex()
    q = rule_params.death_weight
    assert (q * population).sum() == pytest.approx(135_741, rel=1e-9)
    assert (q[:, 80:] * population[:, 80:]).sum() == pytest.approx(71_999, rel=1e-9)
    assert death_weight(rule_params, 0, 80) == q[0, 80] > death_weight(rule_params, 1, 80)


def test_intl_stay(rule_params):
    assert intl_stay_probability(rule_params, int(Level.WO), 0, 0.0) == pytest.approx(0.35)
    assert intl_stay_probability(rule_params, int(Level.WO), 1, 0.0) == pytest.approx(
        sigmoid(math.log(0.35 / 0.65) + 0.45)
    )


def test_adult_learning(rule_params):
    vmbo, mbo = int(Attainment.VMBO), int(Attainment.MBO)
    assert adult_enrolment_probability(rule_params, 18, vmbo, True) == pytest.approx(sigmoid(-3.0))
    assert adult_enrolment_probability(rule_params, 30, vmbo, True) == pytest.approx(sigmoid(-3.0 - 0.08 * 12))
    assert adult_enrolment_probability(rule_params, 30, vmbo, False) == 0.0  # BBL needs a job
    assert adult_enrolment_probability(rule_params, 30, mbo, True) == 0.0  # already has a vocational diploma
    assert adult_enrolment_probability(rule_params, 17, vmbo, True) == 0.0
    assert adult_enrolment_probability(rule_params, 45, vmbo, True) == 0.0
    mbo_utility = tech_choice_utility(rule_params, int(Stage.MBO), 0.5, 0.0, True, False, 0.0, 1, 0.0, 0.0)
    assert adult_field_utility(rule_params, 0.5, 0.0, True, 1, True, 0.0, 0.0) == pytest.approx(mbo_utility + 1.5)
    assert adult_field_utility(rule_params, 0.5, 0.0, True, 1, False, 0.0, 0.0) == pytest.approx(mbo_utility)
