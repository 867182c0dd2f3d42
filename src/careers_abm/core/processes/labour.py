"""Labour-market entry and working life: the first job, then yearly moves between technical work,
other work, unemployment, inactivity and retirement, with part-time study alongside (adult_learning);
the matching phase, in which applicants for technical jobs are hired or keep their fallback; then
re-employment of those searching since before the year, at the rate the national path requires.

A person who wants a technical job does not take one directly: they apply (ev_applied = how they would
enter) and take their fallback for now (another job, or unemployment). Once every person has applied or
not, the labour market (labour_market.py) counts applicants and vacancies per level and sets a
threshold per level; `match_applicant` then hires those whose draw is below it.

Reads: entrant, attainment and its field, sex, affinity, age, occupation, the pension age, the
perceived signal and `market` (this year's cycle position, last year's tension per level).
Writes: occupation, occ_years, stage RETIRED, ev_applied, ev_tech_in, ev_tech_out, ev_retired.
Invariant: everyone in stage LABOUR ends the year with an occupation; persons only write their own row.
"""

import numpy as np
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
    hired,
    job_finding_shift,
    job_loss_probability,
    leave_tech_probability,
    participation_probability,
    pension_age,
    reemployment_probability,
    retirement_probability,
    shifted_probability,
    side_entry_probability,
    tech_job_utility,
)
from .adult_learning import adult_learning_year

LABOUR, RETIRED = int(Stage.LABOUR), int(Stage.RETIRED)
NONE, TECH, NONTECH = int(Occupation.NONE), int(Occupation.TECH), int(Occupation.NONTECH)
UNEMPLOYED, INACTIVE = int(Occupation.UNEMPLOYED), int(Occupation.INACTIVE)
# The market conditions every person sees this year (a float array): the cycle position, log of the
# unemployment rate over its reference, then last year's tension per level (codes.Level).
CYCLE, TENSION = 0, 1


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
def _apply(i, c, fallback, route):
    """Apply for a technical job and hold `fallback` (another job or unemployment) unless hired."""
    _set_occupation(i, c, fallback)
    c.ev_applied[i] = route


@njit(cache=True, inline="always")
def enter_labour_market(i, year, c, p, e, signal, market):
    """First labour-market state of a school leaver, graduate or immigrant.

    One who wants a technical job applies for one; not hired, they take another job or stay unemployed.
    """
    kind = c.entrant[i]
    if kind == EntrantKind.NONE or c.stage[i] != LABOUR or c.occupation[i] != NONE:
        return
    key = c.key[i]
    fallback = NONTECH
    if not c.intl[i]:  # a foreign graduate stays only with a job
        if uniform(p.run__seed, Decision.LABOUR_ACTIVE, key, year) >= participation_probability(
            p, female=c.sex[i] == Sex.FEMALE
        ):
            _set_occupation(i, c, INACTIVE)
            return
        employed = shifted_probability(p.labour_entry__employed_at_entry, job_finding_shift(p, market[CYCLE]))
        if uniform(p.run__seed, Decision.LABOUR_EMPLOYED, key, year) >= employed:
            fallback = UNEMPLOYED
    if _takes_tech_job(i, year, c, p, signal, e.job, Decision.TECH_JOB):
        if kind == EntrantKind.IMMIGRANT:
            _apply(i, c, fallback, TechIn.MIGRANT)
        elif c.intl[i]:
            _apply(i, c, fallback, TechIn.INTL_GRADUATE)
        else:
            _apply(i, c, fallback, TechIn.GRADUATE)
    else:
        _set_occupation(i, c, fallback)


@njit(cache=True, inline="always")
def _leave_tech(i, c, occupation, reason):
    c.ev_tech_out[i] = reason
    _set_occupation(i, c, occupation)


@njit(cache=True, inline="always")
def work_year(i, year, c, p, e, signal, market):
    """One year of working life for someone already in the labour market at the year's start."""
    if c.stage[i] != LABOUR or c.entrant[i] != EntrantKind.NONE or c.ev_demog[i] == DemogEvent.IMMIGRATED:
        return
    age = year - c.birth_year[i]  # the age reached this year, as the pension age is defined
    adult_learning_year(i, year, age, c, p, e, signal)
    key = c.key[i]
    occupation = c.occupation[i]
    cycle = market[CYCLE]
    if occupation == INACTIVE:
        if age >= pension_age(p, year):
            c.stage[i] = RETIRED
            c.occupation[i] = Occupation.RETIRED
        elif age < 60 and uniform(p.run__seed, Decision.REACTIVATE, key, year) < p.working_life__reactivate:
            _find_job(i, year, c, p, e, signal, NONTECH)
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
        # Whether they find other work is settled after matching (`find_work`), once the year's
        # national count is known; a technical job they apply for now, while searching.
        c.occ_years[i] += 1
        _find_job(i, year, c, p, e, signal, UNEMPLOYED)
        return
    level = LEVEL_OF_ATTAINMENT[c.attainment[i]]
    lose = job_loss_probability(p, tech=occupation == TECH, level=level, cycle=cycle)
    if uniform(p.run__seed, Decision.JOB_LOSS, key, year) < lose:
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
    c.occ_years[i] += 1
    if occupation == TECH:
        leave = leave_tech_probability(
            p, age=age, level=level, tech_educated=tech_educated, signal=signal, shift=shift_of(e.leave, i)
        )
        if uniform(p.run__seed, Decision.LEAVE_TECH, key, year) < leave:
            _leave_tech(i, c, NONTECH, TechOut.TO_OTHER_JOB)
    else:
        enter = side_entry_probability(
            p,
            tech_educated=tech_educated,
            female=c.sex[i] == Sex.FEMALE,
            signal=signal,
            tension=market[TENSION + level],
            shift=shift_of(e.side_entry, i),
        )
        if uniform(p.run__seed, Decision.SIDE_ENTRY, key, year) < enter:
            c.ev_applied[i] = TechIn.SIDE_ENTRY


@njit(cache=True, inline="always")
def _find_job(i, year, c, p, e, signal, fallback):
    """Someone out of work who finds a job (fallback NONTECH), or who applies for a technical one while
    searching (fallback UNEMPLOYED): either way the one who wants technical work applies for it."""
    if _takes_tech_job(i, year, c, p, signal, e.job, Decision.REENTRY_TECH):
        c.ev_applied[i] = TechIn.REEMPLOYED
        if fallback == NONTECH:
            _set_occupation(i, c, NONTECH)
    elif fallback == NONTECH:
        _set_occupation(i, c, NONTECH)


@njit(cache=True, inline="always")
def match_applicant(i, year, c, p, thresholds):
    """Hire an applicant for a technical job when their draw is below the threshold of their level."""
    route = c.ev_applied[i]
    if route == TechIn.NONE:
        return
    level = LEVEL_OF_ATTAINMENT[c.attainment[i]]
    if hired(uniform(p.run__seed, Decision.TECH_HIRE, c.key[i], year), thresholds[level]):
        _set_occupation(i, c, TECH)
        c.ev_tech_in[i] = route


@njit(cache=True, inline="always")
def searching(i, c):
    """Unemployed since before this year and not hired in matching: the year's re-employment draws
    are theirs (new job losers and this year's entrants search from next year)."""
    return (
        c.stage[i] == LABOUR
        and c.occupation[i] == UNEMPLOYED
        and c.occ_years[i] >= 1
        and c.entrant[i] == EntrantKind.NONE
    )


@njit(cache=True, inline="always")
def find_work(i, year, c, p, e, shift):
    """Re-employment in another job after matching. `shift` is the year's common log-odds shift
    (labour_market.reemployment_shift) that makes the expected number who find work bring the
    national rate to the observed path; the age profile and the measures' shifts decide who."""
    if not searching(i, c):
        return
    age = year - c.birth_year[i]
    finds = reemployment_probability(p, age=age, shift=shift_of(e.reemployment, i) + shift)
    if uniform(p.run__seed, Decision.REEMPLOYMENT, c.key[i], year) < finds:
        _set_occupation(i, c, NONTECH)


@row_loop
def _searching_flags(first, last, visited, c, flags):
    for j in range(first, last):
        flags[j] = searching(visited[j], c)


@njit(cache=True, parallel=True)
def searching_flags_kernel(visited, c, flags):
    for chunk in prange(CHUNKS):
        first, last = chunk_rows(chunk, len(visited))
        _searching_flags(first, last, visited, c, flags)


def searching_rows(visited: np.ndarray, c) -> np.ndarray:
    """The rows of everyone `searching` among the rows the year visits (living.py), in their order.
    The test runs in a row loop (chunks.py: no reference counting of the columns, about 600 ns a row
    in a plain Numba function that reads them through the namedtuple)."""
    flags = np.zeros(len(visited), dtype=np.bool_)
    searching_flags_kernel(visited, c, flags)
    return visited[flags]


@row_loop
def _find_work_rows(rows, first, last, year, c, p, e, shift):
    for j in range(first, last):
        find_work(rows[j], year, c, p, e, shift)


@njit(cache=True, parallel=True)
def reemployment_kernel(rows, year, c, p, e, shift):
    n = len(rows)
    for chunk in prange(CHUNKS):
        first, last = chunk_rows(chunk, n)
        _find_work_rows(rows, first, last, year, c, p, e, shift)


@njit(cache=True)
def matching_kernel(year, c, p, thresholds, applicants):
    """The matching phase over the applicants' rows (nobody else has anything to match): few, so serial."""
    for i in applicants:
        match_applicant(i, year, c, p, thresholds)
