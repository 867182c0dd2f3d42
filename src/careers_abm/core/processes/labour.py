"""Labour-market entry and working life: the first job, then yearly moves between technical work,
other work, unemployment, inactivity and retirement, with part-time study alongside (adult_learning).

Reads: entrant, attainment and its field, sex, affinity, age, occupation, the pension age and the
perceived signal. Writes: occupation, occ_years, stage RETIRED, ev_tech_in, ev_tech_out, ev_retired.
Invariant: everyone in stage LABOUR ends the year with an occupation; persons only write their own row.
"""

from numba import njit, prange

from ..chunks import CHUNKS, chunk_rows, row_loop
from ..codes import (
    LEVEL_OF_ATTAINMENT,
    Decision,
    DemogEvent,
    EntrantKind,
    Occupation,
    Sex,
    Stage,
    TechIn,
    TechOut,
)
from ..effects import shift_of
from ..rng import uniform
from ..rules import (
    chooses,
    leave_tech_probability,
    participation_probability,
    pension_age,
    reemployment_probability,
    retirement_probability,
    side_entry_probability,
    tech_job_utility,
)
from .adult_learning import adult_learning_year

LABOUR, RETIRED = int(Stage.LABOUR), int(Stage.RETIRED)
NONE, TECH, NONTECH = int(Occupation.NONE), int(Occupation.TECH), int(Occupation.NONTECH)
UNEMPLOYED, INACTIVE = int(Occupation.UNEMPLOYED), int(Occupation.INACTIVE)


@njit(cache=True, inline="always")
def _takes_tech_job(i, year, c, p, signal, job_shift, decision):
    utility = tech_job_utility(
        p,
        level=LEVEL_OF_ATTAINMENT[c.attainment[i]],
        tech_field=c.attain_tech[i],
        female=c.sex[i] == Sex.FEMALE,
        affinity=c.affinity[i],
        signal=signal,
        shift=shift_of(job_shift, i),
    )
    return chooses(utility, uniform(p.run__seed, decision, c.key[i], year))


@njit(cache=True, inline="always")
def _set_occupation(i, c, occupation):
    c.occupation[i] = occupation
    c.occ_years[i] = 0


@njit(cache=True, inline="always")
def enter_labour_market(i, year, c, p, e, signal):
    """First labour-market state of a school leaver, graduate or immigrant."""
    kind = c.entrant[i]
    if kind == EntrantKind.NONE or c.stage[i] != LABOUR or c.occupation[i] != NONE:
        return
    key = c.key[i]
    if not c.intl[i]:  # a foreign graduate stays only with a job
        if uniform(p.run__seed, Decision.LABOUR_ACTIVE, key, year) >= participation_probability(
            p, female=c.sex[i] == Sex.FEMALE
        ):
            _set_occupation(i, c, INACTIVE)
            return
        if uniform(p.run__seed, Decision.LABOUR_EMPLOYED, key, year) >= p.labour_entry__employed_at_entry:
            _set_occupation(i, c, UNEMPLOYED)
            return
    if _takes_tech_job(i, year, c, p, signal, e.job, Decision.TECH_JOB):
        _set_occupation(i, c, TECH)
        if kind == EntrantKind.IMMIGRANT:
            c.ev_tech_in[i] = TechIn.MIGRANT
        elif c.intl[i]:
            c.ev_tech_in[i] = TechIn.INTL_GRADUATE
        else:
            c.ev_tech_in[i] = TechIn.GRADUATE
    else:
        _set_occupation(i, c, NONTECH)


@row_loop
def _labour_entry_rows(first, last, year, c, p, e, signal):
    for i in range(first, last):
        enter_labour_market(i, year, c, p, e, signal)


@njit(cache=True, parallel=True)
def labour_entry_kernel(year, c, p, e, signal):
    n = len(c.stage)
    for chunk in prange(CHUNKS):
        first, last = chunk_rows(chunk, n)
        _labour_entry_rows(first, last, year, c, p, e, signal)


@njit(cache=True, inline="always")
def _leave_tech(i, c, occupation, reason):
    c.ev_tech_out[i] = reason
    _set_occupation(i, c, occupation)


@njit(cache=True, inline="always")
def work_year(i, year, c, p, e, signal):
    """One year of working life for someone already in the labour market at the year's start."""
    if c.stage[i] != LABOUR or c.entrant[i] != EntrantKind.NONE or c.ev_demog[i] == DemogEvent.IMMIGRATED:
        return
    age = year - c.birth_year[i]  # the age reached this year, as the pension age is defined
    adult_learning_year(i, year, age, c, p, e, signal)
    key = c.key[i]
    occupation = c.occupation[i]
    if occupation == INACTIVE:
        if age >= pension_age(p, year):
            c.stage[i] = RETIRED
            c.occupation[i] = Occupation.RETIRED
        elif age < 60 and uniform(p.run__seed, Decision.REACTIVATE, key, year) < p.working_life__reactivate:
            _find_job(i, year, c, p, e, signal)
        else:
            c.occ_years[i] += 1
        return
    retire = retirement_probability(p, age=age, year=year, shift=shift_of(e.retire, i))
    # most workers are years below the pension age: skip the draw (u < 0 never holds; same outcome)
    if retire > 0.0 and uniform(p.run__seed, Decision.RETIRE, key, year) < retire:
        if occupation == TECH:
            c.ev_tech_out[i] = TechOut.RETIRED
        c.stage[i] = RETIRED
        c.occupation[i] = Occupation.RETIRED
        c.ev_retired[i] = 1
        return
    if occupation == UNEMPLOYED:
        if uniform(p.run__seed, Decision.REEMPLOYMENT, key, year) < reemployment_probability(
            p, age=age, shift=shift_of(e.reemployment, i)
        ):
            _find_job(i, year, c, p, e, signal)
        else:
            c.occ_years[i] += 1
        return
    if uniform(p.run__seed, Decision.JOB_LOSS, key, year) < p.working_life__job_loss:
        if occupation == TECH:
            _leave_tech(i, c, UNEMPLOYED, TechOut.JOB_LOSS)
        else:
            _set_occupation(i, c, UNEMPLOYED)
        return
    if uniform(p.run__seed, Decision.WITHDRAW, key, year) < p.working_life__withdraw:
        if occupation == TECH:
            _leave_tech(i, c, INACTIVE, TechOut.INACTIVE)
        else:
            _set_occupation(i, c, INACTIVE)
        return
    tech_educated = c.attain_tech[i] == 1
    if occupation == TECH:
        level = LEVEL_OF_ATTAINMENT[c.attainment[i]]
        leave = leave_tech_probability(
            p, age=age, level=level, tech_educated=tech_educated, signal=signal, shift=shift_of(e.leave, i)
        )
        if uniform(p.run__seed, Decision.LEAVE_TECH, key, year) < leave:
            _leave_tech(i, c, NONTECH, TechOut.TO_OTHER_JOB)
            return
    else:
        enter = side_entry_probability(
            p,
            tech_educated=tech_educated,
            female=c.sex[i] == Sex.FEMALE,
            signal=signal,
            shift=shift_of(e.side_entry, i),
        )
        if uniform(p.run__seed, Decision.SIDE_ENTRY, key, year) < enter:
            _set_occupation(i, c, TECH)
            c.ev_tech_in[i] = TechIn.SIDE_ENTRY
            return
    c.occ_years[i] += 1


@njit(cache=True, inline="always")
def _find_job(i, year, c, p, e, signal):
    if _takes_tech_job(i, year, c, p, signal, e.job, Decision.REENTRY_TECH):
        _set_occupation(i, c, TECH)
        c.ev_tech_in[i] = TechIn.REEMPLOYED
    else:
        _set_occupation(i, c, NONTECH)


@row_loop
def _work_year_rows(first, last, year, c, p, e, signal):
    for i in range(first, last):
        work_year(i, year, c, p, e, signal)


@njit(cache=True, parallel=True)
def working_life_kernel(year, c, p, e, signal):
    n = len(c.stage)
    for chunk in prange(CHUNKS):
        first, last = chunk_rows(chunk, n)
        _work_year_rows(first, last, year, c, p, e, signal)
