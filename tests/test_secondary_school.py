"""Secondary school moves pupils where its rules say: stepping down keeps the years done, a failed exam
with a re-sit repeats the exam year, and a stacking vmbo graduate enters havo 4."""

import numpy as np

from careers_abm.core.codes import Stage

ONLY_STEPPING_DOWN_FROM_VWO = {
    "schooling.secondary.step_down.vwo": 1.0,
    "schooling.secondary.step_down.havo": 0.0,
    "schooling.secondary.early_leaving": 0.0,
    "schooling.secondary.exam_pass.havo": 0.0,
    "schooling.secondary.resit": 1.0,
    "schooling.transitions.vmbo_to_mbo": 0.0,
    "schooling.transitions.vmbo_to_havo": 1.0,
    "schooling.secondary.exam_pass.vmbo": 1.0,
}


def test_pupils_step_down_resit_and_stack_as_the_rules_say(make_sim):
    sim = make_sim(**ONLY_STEPPING_DOWN_FROM_VWO)
    people = sim.people
    n = people.n
    stage, years = people.stage[:n].copy(), people.study_years[:n].copy()
    sim.step()
    alive = people.stage[:n] < Stage.DEAD
    vwo_before_exam = alive & (stage == Stage.VWO) & (years >= 2) & (years < 5)
    assert vwo_before_exam.sum() > 0
    assert np.all(people.stage[:n][vwo_before_exam] == Stage.HAVO)
    assert np.array_equal(people.study_years[:n][vwo_before_exam], np.minimum(years[vwo_before_exam] + 1, 4))
    havo_exam = alive & (stage == Stage.HAVO) & (years == 4)
    assert havo_exam.sum() > 0
    assert np.all(people.stage[:n][havo_exam] == Stage.HAVO) and np.all(people.study_years[:n][havo_exam] == 4)
    vmbo_exam = alive & (stage == Stage.VMBO) & (years == 3)
    assert vmbo_exam.sum() > 0
    assert np.all(people.stage[:n][vmbo_exam] == Stage.HAVO) and np.all(people.study_years[:n][vmbo_exam] == 3)
