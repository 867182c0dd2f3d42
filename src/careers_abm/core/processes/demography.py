"""Demography: deaths, emigration, births linked to mothers, and the three streams of immigrants.

The yearly totals are observed inputs (core/series.py). Each person gets a key in a weighted draw of
that exact count (rules.race_key): the per-person functions here compute the keys, the schedule picks
the smallest, and `departures_kernel` applies the deaths or emigrations picked.
Reads: stage, birth year, sex, migrant, key, occupation, affinity, ev_demog. Writes: stage
DEAD/EMIGRATED, ev_demog, ev_tech_out for technical workers who leave, and new rows for newborns and
immigrants. Invariant: a row is never removed; everyone alive at the start is alive, dead or
emigrated at the end.
"""

import numpy as np
from numba import njit, prange

from ..chunks import CHUNKS, chunk_rows, row_loop
from ..codes import (
    Attainment,
    Decision,
    DemogEvent,
    EntrantKind,
    Occupation,
    Sex,
    Stage,
    TechIn,
    TechOut,
)
from ..rng import derived_key, normal, uniform
from ..rules import (
    birth_weight,
    chooses,
    death_weight,
    emigration_weight,
    inherited_affinity,
    race_key,
    secondary_track,
    tech_choice_utility,
)

DEAD, EMIGRATED, CHILD, PRIMARY = int(Stage.DEAD), int(Stage.EMIGRATED), int(Stage.CHILD), int(Stage.PRIMARY)
VMBO, LABOUR, RETIRED, HBO = int(Stage.VMBO), int(Stage.LABOUR), int(Stage.RETIRED), int(Stage.HBO)
TECH, NONTECH = int(Occupation.TECH), int(Occupation.NONTECH)
# Streams of immigrant keys: derived_key(index, year, stream).
GENERAL_STREAM, HBO_STUDENT_STREAM, WO_STUDENT_STREAM, KNOWLEDGE_STREAM = 1, 2, 3, 4


@njit(cache=True, inline="always")
def _leave_population(i, c, stage, event, tech_out):
    if c.occupation[i] == TECH and c.stage[i] == LABOUR:
        c.ev_tech_out[i] = tech_out
    c.stage[i] = stage
    c.ev_demog[i] = event
    c.ev_applied[i] = 0  # an applicant who leaves withdraws
    c.group[i] = -1


@njit(cache=True, inline="always")
def death_key(i, year, c, p):
    """Key of person i in the draw of this year's deaths (everyone alive at the year's start)."""
    if c.stage[i] >= DEAD:
        return np.inf
    age = year - 1 - c.birth_year[i]
    u = uniform(p.run__seed, Decision.DEATH, c.key[i], year)
    return race_key(death_weight(p, sex=c.sex[i], age=age), u)


@njit(cache=True, inline="always")
def _quiet_year(i, c):
    """No event this year (arrival, entry, diploma, labour-market entry, technical move, retirement)."""
    return (
        c.ev_demog[i] == DemogEvent.NONE
        and c.ev_entered[i] < 0
        and c.ev_graduated[i] < 0
        and c.entrant[i] == 0
        and c.ev_tech_in[i] == TechIn.NONE
        and c.ev_tech_out[i] == TechOut.NONE
        and c.ev_retired[i] == 0
        and c.ev_upgraded[i] == 0
        and c.ev_intl[i] == 0
    )


@njit(cache=True, inline="always")
def emigration_key(i, year, c, p):
    """Key of person i in the draw of this year's emigrants. Emigration closes the year, so only the
    living whose year had no event are drawn: this year's flows (inflow, diplomas, technical moves)
    count the living, and an event followed by departure would go uncounted or unbalanced."""
    if c.stage[i] >= DEAD or not _quiet_year(i, c):
        return np.inf
    age = year - 1 - c.birth_year[i]
    u = uniform(p.run__seed, Decision.EMIGRATION, c.key[i], year)
    return race_key(emigration_weight(p, age=age, first_generation=c.migrant[i] == 1), u)


@njit(cache=True, inline="always")
def birth_key(i, year, c, p):
    """Key of woman i in the draw of this year's mothers (one birth each)."""
    if c.stage[i] >= DEAD or c.sex[i] != Sex.FEMALE:
        return np.inf
    age = year - 1 - c.birth_year[i]
    u = uniform(p.run__seed, Decision.BIRTH, c.key[i], year)
    return race_key(birth_weight(p, age=age), u)


@row_loop
def _demography_key_rows(first, last, rows, year, c, p, death_out, birth_out):
    for j in range(first, last):
        i = rows[j]
        death_out[j] = death_key(i, year, c, p)
        birth_out[j] = birth_key(i, year, c, p)


@njit(cache=True, parallel=True)
def demography_keys_kernel(year, c, p, rows, death_out, birth_out):
    """Each of `rows`' keys in the year's draws of deaths and of mothers, in one pass (by position in
    `rows`). A birth key is drawn before the deaths: the schedule sets it to inf for women who die."""
    for chunk in prange(CHUNKS):
        first, last = chunk_rows(chunk, len(rows))
        _demography_key_rows(first, last, rows, year, c, p, death_out, birth_out)


@njit(cache=True)
def departures_kernel(rows, emigrate, c):
    """The persons `rows` die (or, with `emigrate`, emigrate): a bookkeeping step, no decision."""
    for i in rows:
        if emigrate:
            _leave_population(i, c, EMIGRATED, DemogEvent.EMIGRATED, TechOut.EMIGRATED)
        else:
            _leave_population(i, c, DEAD, DemogEvent.DIED, TechOut.DIED)


@njit(cache=True, inline="always")
def fill_newborn(r, mother, year, c, p):
    key = derived_key(c.key[mother], year, 0)
    c.key[r] = key
    c.birth_year[r] = year
    c.sex[r] = (
        Sex.MALE
        if uniform(p.run__seed, Decision.NEWBORN_SEX, key, year) < p.demography__sex_ratio_at_birth
        else Sex.FEMALE
    )
    c.ability[r] = normal(p.run__seed, Decision.NEWBORN_ABILITY, key, year)
    z = normal(p.run__seed, Decision.NEWBORN_AFFINITY, key, year)
    c.affinity[r] = inherited_affinity(rho=p.demography__affinity_inheritance, mother_affinity=c.affinity[mother], z=z)
    c.migrant[r] = 2 if c.migrant[mother] > 0 else 0
    c.mother[r] = mother
    c.stage[r] = CHILD
    c.ev_demog[r] = DemogEvent.BORN


@row_loop
def _newborn_rows(first, last, first_row, mothers, year, c, p):
    for j in range(first, last):
        fill_newborn(first_row + j, mothers[j], year, c, p)


@njit(cache=True, parallel=True)
def newborns_kernel(first_row, mothers, year, c, p):
    for chunk in prange(CHUNKS):
        first, last = chunk_rows(chunk, len(mothers))
        _newborn_rows(first, last, first_row, mothers, year, c, p)


@njit(cache=True, inline="always")
def _start_immigrant(r, key, age, year, c, p):
    c.key[r] = key
    c.birth_year[r] = year - 1 - age
    c.sex[r] = Sex.FEMALE if uniform(p.run__seed, Decision.IMMIGRANT_SEX, key, year) < 0.5 else Sex.MALE
    c.ability[r] = normal(p.run__seed, Decision.IMMIGRANT_ABILITY, key, year)
    c.affinity[r] = normal(p.run__seed, Decision.IMMIGRANT_AFFINITY, key, year)
    c.migrant[r] = 1
    c.ev_demog[r] = DemogEvent.IMMIGRATED


@njit(cache=True, inline="always")
def fill_general_immigrant(r, index, year, c, p, age_cdf, attainment_cdf, attainment_tech):
    """An immigrant of any age: a child, a pupil placed by the track rule, a labour-market entrant or retired."""
    key = derived_key(index, year, GENERAL_STREAM)
    age = np.searchsorted(age_cdf, uniform(p.run__seed, Decision.IMMIGRANT_AGE, key, year), side="right")
    _start_immigrant(r, key, age, year, c, p)
    if age < 4:
        c.stage[r] = CHILD
    elif age < 12:
        c.stage[r] = PRIMARY
    elif age < 18:
        track = secondary_track(p, ability=c.ability[r], u=uniform(p.run__seed, Decision.SECONDARY_TRACK, key, year))
        # no household, peers, earlier field or market information in the model for a newcomer
        utility = tech_choice_utility(
            p,
            track,
            affinity=c.affinity[r],
            ability=c.ability[r],
            female=c.sex[r] == Sex.FEMALE,
            tech_parent=0.0,
            peer_share=0.0,
            prior_tech=0.0,
            signal=0.0,
            shift=0.0,
        )
        c.stage[r] = track
        c.study_tech[r] = chooses(utility, uniform(p.run__seed, Decision.SECONDARY_PROFILE, key, year))
        c.study_years[r] = min(age - 12, p.study__duration[track - VMBO] - 1)
    elif age < 65:
        level = np.searchsorted(
            attainment_cdf, uniform(p.run__seed, Decision.IMMIGRANT_ATTAINMENT, key, year), side="right"
        )
        c.attainment[r] = level
        c.attain_tech[r] = uniform(p.run__seed, Decision.IMMIGRANT_FIELD, key, year) < attainment_tech[level]
        c.stage[r] = LABOUR
        c.entrant[r] = EntrantKind.IMMIGRANT
    else:
        c.stage[r] = RETIRED
        c.occupation[r] = Occupation.RETIRED


@njit(cache=True, inline="always")
def fill_student(r, index, year, c, p, programme, tech_share):
    """A foreign degree student entering hbo or wo (counted in the programme's inflow)."""
    key = derived_key(index, year, HBO_STUDENT_STREAM if programme == HBO else WO_STUDENT_STREAM)
    age = 18 + int(4.0 * uniform(p.run__seed, Decision.IMMIGRANT_AGE, key, year))
    _start_immigrant(r, key, age, year, c, p)
    tech = uniform(p.run__seed, Decision.IMMIGRANT_FIELD, key, year) < tech_share
    c.stage[r] = programme
    c.study_tech[r] = tech
    c.prior_tech[r] = tech
    c.attainment[r] = Attainment.VWO
    c.intl[r] = 1
    c.ev_entered[r] = programme


@njit(cache=True, inline="always")
def fill_knowledge_migrant(r, index, year, c, p, tech_share, wo_share):
    """A knowledge migrant arrives with a job, technical or not."""
    key = derived_key(index, year, KNOWLEDGE_STREAM)
    age = 25 + int(15.0 * uniform(p.run__seed, Decision.IMMIGRANT_AGE, key, year))
    _start_immigrant(r, key, age, year, c, p)
    wo = uniform(p.run__seed, Decision.IMMIGRANT_ATTAINMENT, key, year) < wo_share
    tech = uniform(p.run__seed, Decision.IMMIGRANT_FIELD, key, year) < tech_share
    c.attainment[r] = Attainment.WO if wo else Attainment.HBO
    c.attain_tech[r] = tech
    c.stage[r] = LABOUR
    c.occupation[r] = TECH if tech else NONTECH
    if tech:
        c.ev_tech_in[r] = TechIn.MIGRANT


@row_loop
def _general_immigrant_rows(first, last, first_row, year, c, p, age_cdf, attainment_cdf, attainment_tech):
    for j in range(first, last):
        fill_general_immigrant(first_row + j, j, year, c, p, age_cdf, attainment_cdf, attainment_tech)


@njit(cache=True, parallel=True)
def general_immigrants_kernel(first_row, count, year, c, p, age_cdf, attainment_cdf, attainment_tech):
    for chunk in prange(CHUNKS):
        first, last = chunk_rows(chunk, count)
        _general_immigrant_rows(first, last, first_row, year, c, p, age_cdf, attainment_cdf, attainment_tech)


@row_loop
def _student_rows(first, last, first_row, year, c, p, programme, tech_share):
    for j in range(first, last):
        fill_student(first_row + j, j, year, c, p, programme, tech_share)


@njit(cache=True, parallel=True)
def students_kernel(first_row, count, year, c, p, programme, tech_share):
    for chunk in prange(CHUNKS):
        first, last = chunk_rows(chunk, count)
        _student_rows(first, last, first_row, year, c, p, programme, tech_share)


@row_loop
def _knowledge_migrant_rows(first, last, first_row, first_index, year, c, p, tech_share, wo_share):
    for j in range(first, last):
        fill_knowledge_migrant(first_row + j, first_index + j, year, c, p, tech_share, wo_share)


@njit(cache=True, parallel=True)
def knowledge_migrants_kernel(first_row, first_index, count, year, c, p, tech_share, wo_share):
    """Knowledge migrants `first_index`.. of the year (their keys follow the index) into rows first_row.."""
    for chunk in prange(CHUNKS):
        first, last = chunk_rows(chunk, count)
        _knowledge_migrant_rows(first, last, first_row, first_index, year, c, p, tech_share, wo_share)
