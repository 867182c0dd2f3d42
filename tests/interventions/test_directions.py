"""Each measure moves its own outcome in the expected direction: paired runs at a fixed seed (2012),
amplified effects, and a McNemar test on the reached persons' binary outcome.

With common random numbers a person's outcome differs between the runs only through the measure, so the
discordant pairs b (changed the expected way) and c (the other way) give z = (b - c) / sqrt(b + c).
Tolerance: z > 3 (one-sided p < 0.0015), and b > c.
"""

import numpy as np

from careers_abm.core.codes import LEVEL_NAMES, EntrantKind, Occupation, Stage, TechIn
from careers_abm.core.results import COUNTERS
from careers_abm.core.rules import matches

Z_MIN = 3.0


def assert_moves_up(before: np.ndarray, after: np.ndarray) -> None:
    b = int(np.count_nonzero(after & ~before))
    c = int(np.count_nonzero(before & ~after))
    assert b > c and (b - c) / np.sqrt(b + c) > Z_MIN, f"b={b}, c={c}"


def reached(sim, slot):
    return (sim.people.exposure & np.uint32(1 << slot)) != 0


def technical_pupils(sim, rows):
    in_secondary = (sim.people.stage[rows] >= Stage.VMBO) & (sim.people.stage[rows] <= Stage.VWO)
    return in_secondary & (sim.people.study_tech[rows] == 1)


def test_guest_lessons_raise_reached_pupils_technical_choices(paired):
    measure = {"type": "guest_lessons", "start_year": 2011, "units_per_year": 30000.0, "min_age": 10,
               "girls_female_guest_log_odds": 1.5, "girls_male_guest_log_odds": 1.0, "boys_log_odds": 1.0,
               "persistence": 1.0}  # fmt: skip
    baseline, policy = paired([measure], 2013)
    rows = np.flatnonzero(reached(policy, 0))
    assert_moves_up(technical_pupils(baseline, rows), technical_pupils(policy, rows))


def test_school_technology_raises_technical_choices(paired):
    measure = {"type": "school_technology", "start_year": 2011, "coverage": 1.0, "yearly_log_odds": 0.5}
    baseline, policy = paired([measure], 2013)
    rows = np.flatnonzero(reached(policy, 1))
    assert_moves_up(technical_pupils(baseline, rows), technical_pupils(policy, rows))


def test_kijk_op_keuzegedrag_raises_girls_technical_field_choice(paired):
    # a direction test: effects at the top of the literature's range (the enacted prior is centred lower,
    # too small to show at this scale)
    measure = {"type": "kijk_op_keuzegedrag", "start_year": 2011, "coverage": 1.0, "vmbo_mbo_log_odds": 0.728}
    baseline, policy = paired([measure], 2013)
    rows = np.flatnonzero(reached(policy, 2))  # reached girls: technical profiles at 12 and fields after

    def technical(sim):
        return (
            (sim.people.stage[rows] >= Stage.VMBO)
            & (sim.people.stage[rows] <= Stage.WO)
            & (sim.people.study_tech[rows] == 1)
        )

    assert_moves_up(technical(baseline), technical(policy))


def test_study_success_cuts_dropout(paired):
    measure = {"type": "study_success", "coverage": 1.0, "mbo_dropout_reduction": 0.6, "wo_dropout_reduction": 0.6}
    baseline, policy = paired([measure], 2011)
    rows = np.flatnonzero(reached(policy, 3))
    leaver = EntrantKind.SCHOOL_LEAVER
    # fewer dropouts: the baseline's dropouts "move up" relative to the policy's
    assert_moves_up(policy.people.entrant[rows] == leaver, baseline.people.entrant[rows] == leaver)


def test_labour_market_information_shifts_choices_toward_the_fresh_signal(make_sim):
    sim = make_sim(interventions=[{"type": "labour_market_information", "signal_weight": 1.0, "coverage": 1.0}])
    while sim.year <= 2014:
        sim.step()
    market, year = sim.market, 2014
    expected = sim.params.schooling__tech_slopes__signal * (market.history[year - 1] - market.perceived_signal(year))
    school = sim.effects.channel("school")
    rows = np.flatnonzero(reached(sim, 4) & (school != 0))
    assert expected != 0  # the premium moved after 2011, so the fresh signal differs from the lagged one
    assert len(rows) > 100
    np.testing.assert_allclose(school[rows], expected, rtol=1e-6)


def test_centres_of_expertise_raise_technical_jobs_at_entry(paired):
    measure = {"type": "centres_of_expertise", "start_year": 2011, "coverage": 1.0, "job_choice_log_odds": 1.5}
    baseline, policy = paired([measure], 2013)
    rows = np.flatnonzero(reached(policy, 5) & (baseline.people.stage == Stage.LABOUR))
    tech = Occupation.TECH
    assert_moves_up(baseline.people.occupation[rows] == tech, policy.people.occupation[rows] == tech)


def test_vitaliteitspakket_delays_retirement_and_helps_older_unemployed(paired):
    measure = {"type": "vitaliteitspakket", "start_year": 2011, "retire_log_odds": -1.5, "reemployment_log_odds": 1.5}
    baseline, policy = paired([measure], 2012)
    rows = np.flatnonzero(reached(policy, 6))
    working = (Occupation.TECH, Occupation.NONTECH)
    assert_moves_up(
        np.isin(baseline.people.occupation[rows], working), np.isin(policy.people.occupation[rows], working)
    )
    assert policy.series()["mean_retirement_age"].iloc[-1] > baseline.series()["mean_retirement_age"].iloc[-1]


def test_werk_naar_werk_raises_side_entry(paired):
    measure = {"type": "werk_naar_werk", "start_year": 2011, "coverage": 0.2, "side_entry_log_odds": 2.0}
    baseline, policy = paired([measure], 2012)
    rows = np.flatnonzero(reached(policy, 7))
    tech = Occupation.TECH
    assert_moves_up(baseline.people.occupation[rows] == tech, policy.people.occupation[rows] == tech)


def test_international_talent_keeps_more_foreign_graduates(paired):
    measure = {"type": "international_talent", "start_year": 2011, "coverage": 1.0, "stay_log_odds": 2.5}
    baseline, policy = paired([measure], 2014)
    rows = np.flatnonzero(reached(policy, 8))
    assert_moves_up(baseline.people.stage[rows] == Stage.LABOUR, policy.people.stage[rows] == Stage.LABOUR)


def test_knowledge_migrants_arrive_exactly_and_displace_exactly_the_hires_they_take(paired):
    """Extra migrants arrive with a technical job and fill vacancies before matching starts, so per level:
    change in technical workers = extra migrants - hires of others displaced, where the displaced are
    matches(vacancies - direct hires, applicants) in the baseline minus the same with the extra migrants
    (rules.matches); the displaced are the baseline's hired applicants with the highest draws."""
    scale, year = 0.002, 2012
    baseline, policy = paired([{"type": "knowledge_migrants", "extra_per_year": 5000.0}], year)
    added = round(5000 * scale)
    kb, kp = baseline.results.counts[year], policy.results.counts[year]
    assert policy.people.n - baseline.people.n == added
    assert kp["population"] - kb["population"] == kp["immigrants"] - kb["immigrants"] == added
    extra = np.arange(baseline.people.n, policy.people.n)
    assert (reached(policy, 9) == (np.arange(policy.people.n) >= baseline.people.n)).all()
    assert (policy.people.occupation[extra] == Occupation.TECH).all()
    assert (policy.people.ev_tech_in[extra] == TechIn.MIGRANT).all()
    series = baseline.series().set_index("year").loc[year]
    total_displaced = 0
    for level in LEVEL_NAMES:
        migrants = kp[f"tech_direct_hires_{level}"] - kb[f"tech_direct_hires_{level}"]
        before, after = (k[f"tech_hires_{level}"] - k[f"tech_direct_hires_{level}"] for k in (kb, kp))
        displaced = before - after
        assert kp[f"tech_workers_{level}"] - kb[f"tech_workers_{level}"] == migrants - displaced
        vacancies = round((series[f"tech_vacancies_carried_in_{level}"] + series[f"tech_job_openings_{level}"]) * scale)
        applicants = kb[f"tech_applicants_{level}"]
        assert applicants == kp[f"tech_applicants_{level}"]
        direct = kb[f"tech_direct_hires_{level}"]
        assert before == matches(policy.params, vacancies - direct, applicants)
        assert after == matches(policy.params, vacancies - direct - migrants, applicants)
        total_displaced += displaced
    assert sum(kp[f"tech_direct_hires_{level}"] - kb[f"tech_direct_hires_{level}"] for level in LEVEL_NAMES) == added
    n = baseline.people.n
    hired = [
        (sim.people.ev_applied[:n] != TechIn.NONE) & (sim.people.ev_tech_in[:n] != TechIn.NONE)
        for sim in (baseline, policy)
    ]
    assert not (hired[1] & ~hired[0]).any()  # nobody hired who was not hired without the migrants
    assert (hired[0] & ~hired[1]).sum() == total_displaced > 0
    assert "tech_workers_female_wo" in COUNTERS
