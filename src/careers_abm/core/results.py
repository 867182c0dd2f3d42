"""Yearly indicators: integer counts from one pass over the people, turned into the output contract.

Counting is exact integer arithmetic over fixed chunks, so the totals are identical for any number
of threads. Every count in the series is a national estimate: the simulated count divided by scale.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numba import njit, prange

from .chunks import CHUNKS, chunk_rows, row_loop
from .codes import (
    LEVEL_NAMES,
    LEVEL_OF_ATTAINMENT,
    LEVEL_OF_DIPLOMA,
    LEVEL_OF_STAGE,
    Attainment,
    DemogEvent,
    EntrantKind,
    Level,
    Occupation,
    Sex,
    Stage,
    TechIn,
    TechOut,
    Upgrade,
)

_PER_LEVEL = (
    "inflow",
    "inflow_tech",
    "graduates",
    "graduates_tech",
    "tech_workers",
    "tech_outflow",
    "tech_labour_inflow",
    "tech_educated_entrants",
    "tech_educated_employed",
    "tech_educated_replacement",
)
# The labour market's counts per level (processes/labour_market.py): hires into technical jobs (all
# routes), applicants, exits that open a replacement vacancy (all but lay-offs), hires of knowledge
# migrants who arrive with a job, and the unemployed with a technical diploma.
_MARKET_PER_LEVEL = (
    "tech_hires",
    "tech_applicants",
    "tech_replacement",
    "tech_direct_hires",
    "unemployed_tech_educated",
)
COUNTERS = (
    "population", "births", "deaths", "immigrants", "emigrants",
    *(f"{name}_{level}" for name in _PER_LEVEL for level in LEVEL_NAMES),
    *(f"{name}_{level}" for name in _MARKET_PER_LEVEL for level in LEVEL_NAMES),
    "entrants_active", "entrants_employed",
    "inflow_he_female", "inflow_tech_he_female",
    "tech_grad_entrants", "tech_grad_entrants_to_tech",
    "tech_workers_female", "tech_leavers", "side_entrants_tech",
    "retirements", "retirement_age_sum", "intl_graduates", "intl_stayers", "adult_learners",
    "intl_entrants_hbo", "intl_entrants_wo",
    "age_0_19", "age_20_64", "age_65_plus", "employed", "unemployed",
    "tech_educated_workers", "tech_educated_in_tech_job",
    "inflow_havo", "inflow_tech_havo", "inflow_vwo", "inflow_tech_vwo",
    "graduates_havo", "graduates_tech_havo", "graduates_vwo", "graduates_tech_vwo",
    "tech_educated_workers_female", "tech_educated_in_tech_job_female", "untrained_in_tech_jobs",
    *(f"tech_workers_female_{level}" for level in LEVEL_NAMES),  # raw counts only (results.counts)
)  # fmt: skip
_AT = {name: k for k, name in enumerate(COUNTERS)}
POPULATION, BIRTHS, DEATHS, IMMIGRANTS, EMIGRANTS = (_AT[n] for n in COUNTERS[:5])
INFLOW, INFLOW_TECH, GRADUATES, GRADUATES_TECH = (_AT[f"{n}_vmbo"] for n in _PER_LEVEL[:4])
TECH_WORKERS, TECH_OUTFLOW, TECH_LABOUR_INFLOW = (_AT[f"{n}_vmbo"] for n in _PER_LEVEL[4:7])
EDUCATED_ENTRANTS, EDUCATED_EMPLOYED, EDUCATED_REPLACEMENT = (_AT[f"{n}_vmbo"] for n in _PER_LEVEL[7:])
TECH_HIRES, TECH_APPLICANTS, TECH_REPLACEMENT, DIRECT_HIRES, UNEMPLOYED_TECH_EDUCATED = (
    _AT[f"{n}_vmbo"] for n in _MARKET_PER_LEVEL
)
ENTRANTS_ACTIVE, ENTRANTS_EMPLOYED = _AT["entrants_active"], _AT["entrants_employed"]
INFLOW_HAVO, INFLOW_TECH_HAVO, INFLOW_VWO, INFLOW_TECH_VWO = (
    _AT[n] for n in ("inflow_havo", "inflow_tech_havo", "inflow_vwo", "inflow_tech_vwo")
)
GRADUATES_HAVO = _AT["graduates_havo"]  # graduates_tech_havo, graduates_vwo, graduates_tech_vwo follow it
EDUCATED_WORKERS_FEMALE, EDUCATED_IN_TECH_FEMALE = (
    _AT["tech_educated_workers_female"],
    _AT["tech_educated_in_tech_job_female"],
)
UNTRAINED_IN_TECH = _AT["untrained_in_tech_jobs"]
INFLOW_HE_FEMALE, INFLOW_TECH_HE_FEMALE = _AT["inflow_he_female"], _AT["inflow_tech_he_female"]
TECH_GRAD_ENTRANTS, TECH_GRAD_TO_TECH = _AT["tech_grad_entrants"], _AT["tech_grad_entrants_to_tech"]
TECH_WORKERS_FEMALE, TECH_LEAVERS, SIDE_ENTRANTS = (
    _AT["tech_workers_female"],
    _AT["tech_leavers"],
    _AT["side_entrants_tech"],
)
RETIREMENTS, RETIREMENT_AGE_SUM = _AT["retirements"], _AT["retirement_age_sum"]
INTL_GRADUATES, INTL_STAYERS = _AT["intl_graduates"], _AT["intl_stayers"]
ADULT_LEARNERS = _AT["adult_learners"]
INTL_ENTRANTS_HBO = _AT["intl_entrants_hbo"]  # intl_entrants_wo follows it
AGE_0_19, AGE_20_64, AGE_65_PLUS, EMPLOYED, UNEMPLOYED = (
    _AT[n] for n in ("age_0_19", "age_20_64", "age_65_plus", "employed", "unemployed")
)
TECH_EDUCATED_WORKERS, TECH_EDUCATED_IN_TECH = _AT["tech_educated_workers"], _AT["tech_educated_in_tech_job"]
TECH_WORKERS_FEMALE_BY_LEVEL = _AT["tech_workers_female_vmbo"]
N_COUNTERS = len(COUNTERS)

DEAD = int(Stage.DEAD)
VMBO_LEVEL, MBO_LEVEL = int(Level.VMBO), int(Level.MBO)


@njit(cache=True, inline="always")
def count_person(i, year, c, out):
    stage = c.stage[i]
    demog = c.ev_demog[i]
    if demog == DemogEvent.BORN:
        out[BIRTHS] += 1
    elif demog == DemogEvent.IMMIGRATED:
        out[IMMIGRANTS] += 1
    elif demog == DemogEvent.DIED:
        out[DEATHS] += 1
    elif demog == DemogEvent.EMIGRATED:
        out[EMIGRANTS] += 1
    out_reason = c.ev_tech_out[i]
    level = LEVEL_OF_ATTAINMENT[c.attainment[i]]
    if out_reason != TechOut.NONE:
        out[TECH_OUTFLOW + level] += 1
        if out_reason != TechOut.JOB_LOSS:
            out[TECH_REPLACEMENT + level] += 1
        if out_reason == TechOut.TO_OTHER_JOB:
            out[TECH_LEAVERS] += 1
    upgraded = c.ev_upgraded[i]
    if upgraded:  # an adult learner's mbo diploma: from the vmbo level (attainment below mbo) to mbo
        if upgraded & Upgrade.FROM_TECH_JOB:
            out[TECH_OUTFLOW + VMBO_LEVEL] += 1
            out[TECH_LABOUR_INFLOW + MBO_LEVEL] += 1
        if upgraded & Upgrade.FROM_TECH_DIPLOMA:  # ROA: moving on to further education is replacement
            out[EDUCATED_REPLACEMENT + VMBO_LEVEL] += 1
    if c.ev_intl[i] > 0:
        out[INTL_GRADUATES] += 1
        if c.ev_intl[i] == 2:
            out[INTL_STAYERS] += 1
    occupation = c.occupation[i]
    tech_educated = c.attain_tech[i] == 1 and c.attainment[i] >= 1
    if tech_educated:
        # replacement demand for the technically educated, as ROA counts it: retirement, withdrawal
        # (care, disability), death, and leaving a technical occupation for another one. Migration is
        # not part of it (ROA projects the resident labour force; immigrants are not in its inflow).
        working = occupation == Occupation.TECH or occupation == Occupation.NONTECH
        moved_on = out_reason == TechOut.TO_OTHER_JOB or out_reason == TechOut.INACTIVE
        if c.ev_retired[i] or (demog == DemogEvent.DIED and working) or moved_on:
            out[EDUCATED_REPLACEMENT + level] += 1
    if stage >= DEAD:
        return
    female = c.sex[i] == Sex.FEMALE
    out[POPULATION] += 1
    age = year - c.birth_year[i]  # completed age at the year's end
    if age < 20:
        out[AGE_0_19] += 1
    elif age < 65:
        out[AGE_20_64] += 1
    else:
        out[AGE_65_PLUS] += 1
    entered = c.ev_entered[i]
    if entered == Stage.HAVO:
        out[INFLOW_HAVO] += 1
        out[INFLOW_TECH_HAVO] += c.study_tech[i]
    elif entered == Stage.VWO:
        out[INFLOW_VWO] += 1
        out[INFLOW_TECH_VWO] += c.study_tech[i]
    if entered >= 0 and LEVEL_OF_STAGE[entered] >= 0:
        inflow_level = LEVEL_OF_STAGE[entered]
        out[INFLOW + inflow_level] += 1
        out[INFLOW_TECH + inflow_level] += c.study_tech[i]
        if inflow_level >= 2 and female:
            out[INFLOW_HE_FEMALE] += 1
            out[INFLOW_TECH_HE_FEMALE] += c.study_tech[i]
        if inflow_level >= 2 and c.intl[i] == 1 and c.ev_demog[i] == DemogEvent.IMMIGRATED:
            out[INTL_ENTRANTS_HBO + inflow_level - 2] += 1  # foreign first-years, arrived this year
    graduated = c.ev_graduated[i]
    if graduated == Attainment.HAVO or graduated == Attainment.VWO:
        track = 2 * (graduated == Attainment.VWO)
        out[GRADUATES_HAVO + track] += 1
        out[GRADUATES_HAVO + track + 1] += c.prior_tech[i]  # the profile the pupil graduated with
    if graduated >= 0 and LEVEL_OF_DIPLOMA[graduated] >= 0:
        out[GRADUATES + LEVEL_OF_DIPLOMA[graduated]] += 1
        out[GRADUATES_TECH + LEVEL_OF_DIPLOMA[graduated]] += c.attain_tech[i]
    if tech_educated and c.entrant[i] != EntrantKind.NONE and c.entrant[i] != EntrantKind.IMMIGRANT:
        out[EDUCATED_ENTRANTS + level] += 1
    if c.entrant[i] == EntrantKind.GRADUATE and c.attain_tech[i] == 1:
        out[TECH_GRAD_ENTRANTS] += 1
        out[TECH_GRAD_TO_TECH] += occupation == Occupation.TECH
    tech_in = c.ev_tech_in[i]
    if c.ev_applied[i] != TechIn.NONE:
        out[TECH_APPLICANTS + level] += 1
    if tech_in != TechIn.NONE:
        out[TECH_LABOUR_INFLOW + level] += 1
        out[TECH_HIRES + level] += 1
        out[DIRECT_HIRES + level] += c.ev_applied[i] == TechIn.NONE
        if tech_in == TechIn.SIDE_ENTRY:
            out[SIDE_ENTRANTS] += 1
    out[ADULT_LEARNERS] += c.adult_learner[i]
    if c.ev_retired[i]:
        out[RETIREMENTS] += 1
        out[RETIREMENT_AGE_SUM] += year - c.birth_year[i]
    if stage == Stage.LABOUR:
        if occupation == Occupation.TECH or occupation == Occupation.NONTECH:
            out[EMPLOYED] += 1
            if tech_educated:
                out[TECH_EDUCATED_WORKERS] += 1
                out[TECH_EDUCATED_IN_TECH] += occupation == Occupation.TECH
                out[EDUCATED_EMPLOYED + level] += 1
                if female:
                    out[EDUCATED_WORKERS_FEMALE] += 1
                    out[EDUCATED_IN_TECH_FEMALE] += occupation == Occupation.TECH
            elif occupation == Occupation.TECH:
                out[UNTRAINED_IN_TECH] += 1
        elif occupation == Occupation.UNEMPLOYED:
            out[UNEMPLOYED] += 1
            out[UNEMPLOYED_TECH_EDUCATED + level] += tech_educated
        if c.entrant[i] != EntrantKind.NONE and occupation != Occupation.INACTIVE:
            out[ENTRANTS_ACTIVE] += 1
            out[ENTRANTS_EMPLOYED] += occupation != Occupation.UNEMPLOYED
        if occupation == Occupation.TECH:
            out[TECH_WORKERS + level] += 1
            out[TECH_WORKERS_FEMALE] += female
            out[TECH_WORKERS_FEMALE_BY_LEVEL + level] += female


@row_loop
def _count_rows(first, last, year, c, out):
    for i in range(first, last):
        count_person(i, year, c, out)


@njit(cache=True, parallel=True)
def count_year(year, c):
    """All yearly counters in one pass; per-chunk integer partial sums keep it thread-count independent."""
    n = len(c.stage)
    partial = np.zeros((CHUNKS, N_COUNTERS), dtype=np.int64)
    for chunk in prange(CHUNKS):
        first, last = chunk_rows(chunk, n)
        _count_rows(first, last, year, c, partial[chunk])
    return partial.sum(axis=0)


@row_loop
def _count_listed(rows, year, c, out):
    for i in rows:
        count_person(i, year, c, out)


def count_rows(year, c, rows):
    """The counters of `rows` alone (a few of them): with `count_year`, the counts after a phase that
    changes only these rows follow from the counts before it, without another pass over everyone.
    The pass is a row loop (chunks.py): without reference counting of the columns it reads."""
    out = np.zeros(N_COUNTERS, dtype=np.int64)
    _count_listed(rows, year, c, out)
    return out


def _share(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator > 0 else 0.0


MARKET_BY_LEVEL = (
    "openings", "carried_in", "filled", "withdrawn", "vacancies", "unfilled", "tension", "prospects",
    "educated_openings",
)  # fmt: skip


def idle_market(premium: float) -> dict:
    """The market summary of a year without flows (before the first simulated year)."""
    market: dict = {name: dict.fromkeys(LEVEL_NAMES, 0.0) for name in MARKET_BY_LEVEL}
    return market | {"premium": premium, "tension_national": 0.0}


def contract_row(year: int, counts: np.ndarray, market: dict, scale: float) -> dict:
    """One row of the output contract (and a few extra columns) from the year's counters."""
    k = dict(zip(COUNTERS, counts.tolist()))
    row: dict = {"year": year}
    for name in ("population", "births", "deaths", "immigrants", "emigrants"):
        row[name] = k[name] / scale
    for level in LEVEL_NAMES:
        row[f"inflow_{level}"] = k[f"inflow_{level}"] / scale
        row[f"inflow_tech_{level}"] = k[f"inflow_tech_{level}"] / scale
        row[f"tech_inflow_share_{level}"] = _share(k[f"inflow_tech_{level}"], k[f"inflow_{level}"])
    he_tech = k["inflow_tech_hbo"] + k["inflow_tech_wo"]
    row["tech_inflow_share_he"] = _share(he_tech, k["inflow_hbo"] + k["inflow_wo"])
    row["tech_inflow_share_he_female"] = _share(k["inflow_tech_he_female"], k["inflow_he_female"])
    for level in LEVEL_NAMES:
        row[f"graduates_{level}"] = k[f"graduates_{level}"] / scale
        row[f"graduates_tech_{level}"] = k[f"graduates_tech_{level}"] / scale
    row["tech_grads_to_tech_job_share"] = _share(k["tech_grad_entrants_to_tech"], k["tech_grad_entrants"])
    tech_workers = sum(k[f"tech_workers_{level}"] for level in LEVEL_NAMES)
    row["tech_workers"] = tech_workers / scale
    for level in LEVEL_NAMES:
        row[f"tech_workers_{level}"] = k[f"tech_workers_{level}"] / scale
    row["tech_workers_female_share"] = _share(k["tech_workers_female"], tech_workers)
    for level in LEVEL_NAMES:
        row[f"tech_job_openings_{level}"] = market["openings"][level] / scale
        row[f"tech_labour_inflow_{level}"] = k[f"tech_labour_inflow_{level}"] / scale
        row[f"tech_shortage_{level}"] = market["unfilled"][level] / scale  # vacancies not filled this year
        row[f"tech_vacancies_{level}"] = market["vacancies"][level] / scale  # open at the year's end
        row[f"tech_hires_{level}"] = k[f"tech_hires_{level}"] / scale
        row[f"tech_tension_{level}"] = market["tension"][level]
        row[f"tech_prospects_{level}"] = market["prospects"][level]
    row["tech_leavers"] = k["tech_leavers"] / scale
    row["side_entrants_tech"] = k["side_entrants_tech"] / scale
    row["mean_retirement_age"] = _share(k["retirement_age_sum"], k["retirements"])
    row["intl_graduates"] = k["intl_graduates"] / scale
    row["intl_stayers"] = k["intl_stayers"] / scale
    row["intl_entrants_hbo"] = k["intl_entrants_hbo"] / scale
    row["intl_entrants_wo"] = k["intl_entrants_wo"] / scale
    row["tech_wage_premium"] = market["premium"]
    row["unemployment_rate"] = _share(k["unemployed"], k["employed"] + k["unemployed"])
    row["unemployed_tech_educated"] = sum(k[f"unemployed_tech_educated_{level}"] for level in LEVEL_NAMES) / scale
    # beyond the contract
    row["tech_tension"] = market["tension_national"]
    row["entrant_employment_share"] = _share(k["entrants_employed"], k["entrants_active"])
    for level in LEVEL_NAMES:
        row[f"tech_applicants_{level}"] = k[f"tech_applicants_{level}"] / scale
        row[f"unemployed_tech_educated_{level}"] = k[f"unemployed_tech_educated_{level}"] / scale
        for name in ("carried_in", "withdrawn"):
            row[f"tech_vacancies_{name}_{level}"] = market[name][level] / scale
    row["share_age_20_64"] = _share(k["age_20_64"], k["population"])
    row["share_age_65_plus"] = _share(k["age_65_plus"], k["population"])
    row["employed"] = k["employed"] / scale
    row["unemployed"] = k["unemployed"] / scale
    row["tech_educated_in_tech_job_share"] = _share(k["tech_educated_in_tech_job"], k["tech_educated_workers"])
    educated_male = k["tech_educated_workers"] - k["tech_educated_workers_female"]
    in_tech_male = k["tech_educated_in_tech_job"] - k["tech_educated_in_tech_job_female"]
    row["tech_educated_in_tech_job_share_male"] = _share(in_tech_male, educated_male)
    row["tech_educated_in_tech_job_share_female"] = _share(
        k["tech_educated_in_tech_job_female"], k["tech_educated_workers_female"]
    )
    row["untrained_in_tech_jobs"] = k["untrained_in_tech_jobs"] / scale
    row["adult_learners"] = k["adult_learners"] / scale
    for track in ("havo", "vwo"):
        row[f"tech_inflow_share_{track}"] = _share(k[f"inflow_tech_{track}"], k[f"inflow_{track}"])
        row[f"graduates_{track}"] = k[f"graduates_{track}"] / scale
        row[f"graduates_tech_{track}"] = k[f"graduates_tech_{track}"] / scale
    for level in LEVEL_NAMES:
        # education-based, as in the ROA projections: openings for and inflow of the technically educated
        row[f"roa_openings_{level}"] = market["educated_openings"][level] / scale
        row[f"roa_inflow_{level}"] = k[f"tech_educated_entrants_{level}"] / scale
    return row


CONTRACT_COLUMNS = tuple(contract_row(0, np.zeros(N_COUNTERS, dtype=np.int64), idle_market(0.0), 1.0))


class Results:
    """The yearly rows of a run, in order, and the raw simulated counts behind each."""

    def __init__(self) -> None:
        self.rows: list[dict] = []
        self.counts: dict[int, dict[str, int]] = {}

    def append(self, row: dict, counts: np.ndarray) -> None:
        self.rows.append(row)
        self.counts[row["year"]] = dict(zip(COUNTERS, counts.tolist()))

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=list(CONTRACT_COLUMNS))
