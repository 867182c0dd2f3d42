"""Adult learning: workers without a vocational diploma who take a part-time mbo programme (BBL or
deeltijd) alongside their job, and finish it with a diploma or leave it without one.

They stay in the labour market the whole time. ROA counts those who leave this education, with or
without a diploma, among the school-leavers entering the labour market, so they are marked as
entrants of kind ADULT_LEARNER; their job is not chosen again.

Reads: age, attainment and its field, occupation, affinity, ability, sex, the perceived signal.
Writes: adult_learner, study_tech, study_years, attainment, attain_tech, prior_tech, ev_entered,
ev_graduated, ev_upgraded, entrant. A person only writes its own row.
"""

from numba import njit

from ..codes import Attainment, Decision, EntrantKind, Occupation, Sex, Stage, Upgrade
from ..effects import shift_of
from ..population import BUILD_YEAR
from ..rng import uniform
from ..rules import (
    adult_enrolment_probability,
    adult_field_utility,
    chooses,
    dropout_probability,
    graduates,
)

VMBO, MBO = int(Stage.VMBO), int(Stage.MBO)
TECH, NONTECH = int(Occupation.TECH), int(Occupation.NONTECH)


@njit(cache=True, inline="always")
def _leave(i, c):
    c.adult_learner[i] = 0
    c.entrant[i] = EntrantKind.ADULT_LEARNER


@njit(cache=True, inline="always")
def adult_learning_year(i, year, age, c, p, e, signal):
    """One year of person i (in the labour market since before this year) as a possible adult learner.

    In the first simulated year the learners already enrolled in 2011 are drawn by the same rule: the
    entrants of the programme's last `duration` years (the build has no data on them).
    """
    key = c.key[i]
    if not c.adult_learner[i]:
        occupation = c.occupation[i]
        enrol = adult_enrolment_probability(
            p, age=age, attainment=c.attainment[i], employed=occupation == TECH or occupation == NONTECH
        )
        if enrol <= 0.0:
            return
        cohorts = p.study__duration[MBO - VMBO] if year == BUILD_YEAR else 1
        u = uniform(p.run__seed, Decision.ADULT_ENROL, key, year)
        if u >= cohorts * enrol:
            return
        utility = adult_field_utility(
            p,
            affinity=c.affinity[i],
            ability=c.ability[i],
            female=c.sex[i] == Sex.FEMALE,
            prior_tech=c.attain_tech[i],
            in_tech_job=occupation == TECH,
            signal=signal,
            shift=shift_of(e.school, i),
        )
        c.adult_learner[i] = 1
        c.study_tech[i] = chooses(utility, uniform(p.run__seed, Decision.ADULT_FIELD, key, year))
        c.study_years[i] = int(u / enrol)  # years already done: 0 for this year's entrants
        if c.study_years[i] == 0:
            c.ev_entered[i] = MBO
            return
    tech = c.study_tech[i]
    dropout = dropout_probability(
        p, programme=MBO, tech=tech, years_done=c.study_years[i], shift=shift_of(e.dropout, i)
    )
    if uniform(p.run__seed, Decision.DROPOUT, key, year) < dropout:
        _leave(i, c)
        return
    c.study_years[i] += 1
    if graduates(p, programme=MBO, years_done=c.study_years[i], u=uniform(p.run__seed, Decision.GRADUATE, key, year)):
        before = Upgrade.DIPLOMA
        if c.attain_tech[i] and c.attainment[i] >= Attainment.VMBO:
            before |= Upgrade.FROM_TECH_DIPLOMA
        if c.occupation[i] == TECH:
            before |= Upgrade.FROM_TECH_JOB
        c.ev_upgraded[i] = before
        c.attainment[i] = Attainment.MBO
        c.attain_tech[i] = tech
        c.prior_tech[i] = tech
        c.ev_graduated[i] = Attainment.MBO
        _leave(i, c)
