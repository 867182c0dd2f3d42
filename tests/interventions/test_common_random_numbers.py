"""Common random numbers: a zero effect changes no bit, reach never moves anyone else's draws (nor their
states, except through the market for those competing for a vacancy), and more coverage reaches a superset
and never lowers a technical choice."""

import numpy as np
import pandas as pd
import pytest

from careers_abm.core.codes import LEVEL_OF_ATTAINMENT, Decision, Occupation, Stage, TechIn
from careers_abm.core.interventions import REGISTRY, no_effect_settings
from careers_abm.core.people import COLUMN_NAMES
from careers_abm.core.rng import uniform_array

# Every measure reaching people with its defaults (or, second, as the letter proposed it) but with each
# effect at its declared null value.
ZERO_EFFECT = [{"type": name, **no_effect_settings(name)} for name in REGISTRY]
ZERO_EFFECT_AS_PROPOSED = [
    {"type": name, **cls.AS_PROPOSED, **no_effect_settings(name)} for name, cls in REGISTRY.items()
]

# What the matching phase writes for an applicant (processes/labour.py, match_applicant).
MATCHING_OUTCOME = ("occupation", "occ_years", "ev_tech_in")
# What re-employment writes for a searcher (labour.find_work).
REEMPLOYMENT_OUTCOME = ("occupation", "occ_years")

# Every person-reaching measure at once, from 2012, with effects large enough to change many states.
STRONG_FROM_2012 = [
    {"type": "guest_lessons", "start_year": 2012, "units_per_year": 20000.0, "girls_female_guest_log_odds": 2.0,
     "boys_log_odds": 1.0},
    {"type": "kijk_op_keuzegedrag", "start_year": 2012, "coverage": 0.5, "vmbo_mbo_log_odds": 3.0},
    {"type": "study_success", "start_year": 2012, "coverage": 0.5, "mbo_dropout_reduction": 0.9},
    {"type": "centres_of_expertise", "start_year": 2012, "coverage": 0.5, "job_choice_log_odds": 3.0},
    {"type": "vitaliteitspakket", "start_year": 2012, "coverage": 0.5, "retire_log_odds": -3.0,
     "reemployment_log_odds": 3.0},
    {"type": "werk_naar_werk", "start_year": 2012, "coverage": 0.5, "side_entry_log_odds": 3.0},
    {"type": "international_talent", "start_year": 2012, "coverage": 0.5, "stay_log_odds": 3.0},
    {"type": "sectorplan_natuur_scheikunde", "coverage": 0.5, "extra_entrants_per_year": 5000.0},
    {"type": "hbo_masters", "start_year": 2012, "coverage": 0.5, "side_entry_log_odds": 3.0},
    {"type": "digital_skills", "start_year": 2012, "coverage": 0.5, "job_choice_log_odds": 3.0},
    {"type": "training_deduction", "start_year": 2012, "coverage": 0.5, "side_entry_log_odds": 3.0},
    {"type": "productivity", "start_year": 2012, "coverage": 0.5, "leave_log_odds": -3.0},
]  # fmt: skip
# The same with every measure that has a proposal variant as the letter proposed it (the entry's reach kept).
STRONG_AS_PROPOSED = [
    {**{k: v for k, v in REGISTRY[entry["type"]].AS_PROPOSED.items() if k not in ("budget_eur_per_year", "coverage")},
     **entry} for entry in STRONG_FROM_2012
] + [{"type": "school_technology", **REGISTRY["school_technology"].AS_PROPOSED, "start_year": 2012,
      "yearly_log_odds": 2.0}]  # fmt: skip


@pytest.mark.parametrize("entries", [ZERO_EFFECT, ZERO_EFFECT_AS_PROPOSED], ids=["enacted", "as_proposed"])
def test_every_measure_with_zero_effect_gives_the_baseline_bit_for_bit(small_run, run_small, entries):
    assert {entry["type"] for entry in entries} == set(REGISTRY)
    policy = run_small(interventions=entries)
    pd.testing.assert_frame_equal(policy.series, small_run.series(), check_exact=True)
    assert sum(sum(by_year.values()) for by_year in policy.cost_by_year.values()) > 0  # it did reach people
    assert np.count_nonzero(policy.sim.people.exposure) > 1000
    reached = {
        intervention.NAME for intervention in policy.sim.interventions if sum(intervention.cost_by_year().values())
    }
    assert reached >= set(REGISTRY) - {"knowledge_migrants"}  # every measure spent (knowledge migrants cost 0)


def test_people_not_reached_keep_their_draws_and_states(paired):
    """The year's emigrants are an observed total (core/series.py), drawn as the smallest keys among
    those eligible. A measure that keeps a reached person here, or gives one an event that year, frees
    a place in that count, which the next key takes: a swap of emigrants (an applicant who leaves
    withdraws). Otherwise, in the policy's first year the links between persons are that year's matching
    and its re-employment (tension and the premium are seen from the next year on): a person not reached
    keeps every draw, and keeps every state unless they competed for a technical vacancy, where only the
    outcome of their own draw's rank moves, or searched for other work, where the year's common shift
    toward the national unemployment path can move whether their own draw finds it."""
    baseline, policy = paired(STRONG_FROM_2012, 2012)
    assert policy.people.n == baseline.people.n
    reached = policy.people.exposure != 0
    assert reached.sum() > 1000
    emigrated = {run: run.people.stage == Stage.EMIGRATED for run in (baseline, policy)}
    swapped = (emigrated[baseline] != emigrated[policy]) & ~reached
    assert emigrated[baseline].sum() == emigrated[policy].sum()
    seed = policy.params.run__seed
    assert seed == baseline.params.run__seed
    keys = policy.people.key
    np.testing.assert_array_equal(keys, baseline.people.key)
    for decision in Decision:
        for year in (2011, 2012):
            mine = uniform_array(seed, int(decision), keys[~reached], year)
            np.testing.assert_array_equal(mine, uniform_array(seed, int(decision), baseline.people.key[~reached], year))
    stayed = ~reached & ~swapped
    np.testing.assert_array_equal(policy.people.ev_applied[stayed], baseline.people.ev_applied[stayed])
    competed = (policy.people.ev_applied != TechIn.NONE) | (baseline.people.ev_applied != TechIn.NONE)
    unemployed = Occupation.UNEMPLOYED
    searched = (policy.people.occupation == unemployed) | (baseline.people.occupation == unemployed)
    changed = np.zeros(policy.people.n, dtype=bool)
    for name in COLUMN_NAMES:
        if name == "exposure":
            continue
        differs = getattr(policy.people, name) != getattr(baseline.people, name)
        if name not in ("stage", "ev_demog", "ev_tech_out", "ev_applied"):  # what departures_kernel writes
            linked = competed | (searched if name in REEMPLOYMENT_OUTCOME else False)
            assert not (differs & ~reached & ~linked).any(), f"column {name} changed for persons not reached nor linked"
        if name not in MATCHING_OUTCOME:
            assert not (differs & stayed).any(), f"column {name} changed for persons not reached"
        changed |= differs
    assert swapped.sum() <= changed[reached].sum()
    assert changed[reached].sum() > 100  # the strong effects did change reached persons
    assert (changed & ~reached & competed).any()  # and the market passed them on to other applicants
    for sim in (baseline, policy):
        assert_hired_are_the_lowest_draws(sim, 2012)


def assert_hired_are_the_lowest_draws(sim, year):
    """At each level the applicants hired are exactly those with the lowest TECH_HIRE draws."""
    people = sim.people
    rows = np.flatnonzero(people.ev_applied != TechIn.NONE)
    draws = uniform_array(sim.params.run__seed, int(Decision.TECH_HIRE), people.key[rows], year)
    hired = people.ev_tech_in[rows] != TechIn.NONE
    levels = np.asarray(LEVEL_OF_ATTAINMENT)[people.attainment[rows]]
    for level in np.unique(levels):
        mine = levels == level
        if hired[mine].any() and (~hired[mine]).any():
            assert draws[mine & hired].max() < draws[mine & ~hired].min()


def test_more_coverage_reaches_a_superset_and_never_lowers_a_technical_choice(paired):
    def kijk(coverage):
        return [{"type": "kijk_op_keuzegedrag", "start_year": 2012, "coverage": coverage, "vmbo_mbo_log_odds": 1.0}]

    baseline, low = paired(kijk(0.2), 2012)
    _, high = paired(kijk(0.6), 2012)
    low_reached, high_reached = low.people.exposure != 0, high.people.exposure != 0
    assert (low_reached & ~high_reached).sum() == 0
    assert high_reached.sum() > 2 * low_reached.sum()
    entered = baseline.people.ev_entered == Stage.MBO
    for lower, higher in ((baseline, low), (low, high)):
        assert (higher.people.study_tech[entered] >= lower.people.study_tech[entered]).all()
    inflow = [sim.series().set_index("year").loc[2012, "inflow_tech_mbo"] for sim in (baseline, low, high)]
    assert inflow[0] < inflow[1] < inflow[2]


def test_more_groups_reach_a_superset_of_the_same_pupils(paired):
    def lessons(groups):
        return [{"type": "guest_lessons", "start_year": 2011, "end_year": 2012, "units_per_year": groups}]

    _, few = paired(lessons(3000.0), 2012)
    _, many = paired(lessons(12000.0), 2012)
    few_reached, many_reached = few.people.exposure != 0, many.people.exposure != 0
    assert few_reached.any()
    assert (few_reached & ~many_reached).sum() == 0
    assert (many.people.affinity >= few.people.affinity).all()
