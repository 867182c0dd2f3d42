"""The synthetic population of the Netherlands on 1 January 2011, built from the package's data tables.

Persons are laid out oldest first (age order speeds the kernels up). Every attribute comes from a
counter-based draw keyed by the person, so the build is reproducible and independent of threads.
Technical choices already made (profiles, fields, technical jobs) are assigned so that they match the
2011 shares in each cell *and* follow the person's technical affinity, as the behavioural rules do.
"""

from __future__ import annotations

import numpy as np

from . import tables
from .codes import Attainment, Decision, Occupation, Sex, Stage
from .config import Config
from .groups import SchoolGroups
from .people import People
from .rng import normal_array, uniform_array
from .rules import inherited_affinity, logistic

BUILD_YEAR = 2011
FULL_POPULATION = 16_655_799
STUDY_STAGES = ("vmbo", "havo", "vwo", "mbo", "hbo", "wo")
ENTRY_AGE = {"vmbo": 12, "havo": 12, "vwo": 12, "mbo": 16, "hbo": 18, "wo": 18}
ENTRY_ATTAINMENT = {
    "vmbo": Attainment.NONE,
    "havo": Attainment.NONE,
    "vwo": Attainment.NONE,
    "mbo": Attainment.VMBO,
    "hbo": Attainment.HAVO,
    "wo": Attainment.VWO,
}
ATTAINMENT_CODES = {
    "none": Attainment.NONE,
    "vmbo": Attainment.VMBO,
    "mbo": Attainment.MBO,
    "hbo": Attainment.HBO,
    "wo": Attainment.WO,
}


def scaled_counts(expected: np.ndarray) -> np.ndarray:
    """Integer counts whose running total never drifts more than one from the expected running total."""
    cumulative = np.floor(np.cumsum(expected.ravel()) + 0.5).astype(np.int64)
    return np.diff(cumulative, prepend=0).reshape(expected.shape)


def share_following_affinity(affinity: np.ndarray, share: float, slope: float, u: np.ndarray) -> np.ndarray:
    """Yes/no with P = logistic(c + slope * affinity), c chosen so the expected share is `share`."""
    if len(affinity) == 0 or share <= 0.0:
        return np.zeros(len(affinity), dtype=bool)
    low, high = -30.0, 30.0
    for _ in range(60):
        mid = 0.5 * (low + high)
        if logistic(mid + slope * affinity).mean() < share:
            low = mid
        else:
            high = mid
    return u < logistic(0.5 * (low + high) + slope * affinity)


def capacity_for(initial: int, config: Config) -> int:
    """Rows to reserve: the initial persons plus births and immigrants over the horizon, with a margin."""
    years = config.run.end_year - BUILD_YEAR + 1
    intl = config.international
    arrivals = (
        200_000  # births a year, above the 2011 level of 180,060 (CBS): a margin, not a forecast
        + config.demography.immigrants_per_year
        + intl.students_per_year.hbo
        + intl.students_per_year.wo
        + intl.knowledge_migrants.per_year
    )
    return int(initial + 1.1 * years * arrivals * config.run.scale) + 1000


def build_population(config: Config, groups: SchoolGroups) -> People:
    seed = config.run.seed
    counts = scaled_counts(tables.population_by_age_and_sex() * config.run.scale)  # [sex, age]
    ages_desc = np.arange(tables.MAX_AGE, -1, -1)
    age = np.concatenate([np.full(counts[sex, a], a) for a in ages_desc for sex in (0, 1)]).astype(np.int64)
    sex = np.concatenate([np.full(counts[s, a], s) for a in ages_desc for s in (0, 1)]).astype(np.int8)
    people = People(capacity_for(len(age), config))
    rows = people.append(len(age))
    people.key[rows] = np.arange(len(age), dtype=np.uint64)
    keys = people.key
    people.birth_year[:] = BUILD_YEAR - 1 - age
    people.sex[:] = sex
    people.ability[:] = normal_array(seed, int(Decision.BUILD_ABILITY), keys, BUILD_YEAR)
    _link_mothers_and_affinity(people, age, config)
    in_education = _assign_education(people, age, config)
    _assign_attainment_and_work(people, age, ~in_education, config)
    people.stage[age < 4] = Stage.CHILD
    people.stage[(age >= 4) & (age < 12)] = Stage.PRIMARY
    groups.assign(people, seed, BUILD_YEAR)
    return people


def _link_mothers_and_affinity(people: People, age: np.ndarray, config: Config) -> None:
    """Children under 18 get a mother of a plausible age; their affinity partly follows hers."""
    seed = config.run.seed
    keys = people.key
    people.affinity[:] = normal_array(seed, int(Decision.BUILD_AFFINITY), keys, BUILD_YEAR)
    female = people.sex == Sex.FEMALE
    rho = config.demography.affinity_inheritance
    for child_age in range(17, -1, -1):  # older children first, so a young mother's own value is final
        children = np.flatnonzero(age == child_age)
        if len(children) == 0:
            continue
        # mother's age at birth about 31 +- 5 years (CBS 2011: mean age at childbirth 31.0)
        at_birth = np.clip(
            np.rint(31 + 5 * normal_array(seed, int(Decision.BUILD_MOTHER_AGE), keys[children], BUILD_YEAR)), 16, 45
        )
        mother_age = child_age + at_birth.astype(np.int64) + 1
        pick = uniform_array(seed, int(Decision.BUILD_MOTHER), keys[children], BUILD_YEAR)
        for m_age in np.unique(mother_age):
            candidates = np.flatnonzero(female & (age == m_age))
            mine = mother_age == m_age
            if len(candidates) == 0:
                continue
            chosen = candidates[np.minimum((pick[mine] * len(candidates)).astype(np.int64), len(candidates) - 1)]
            people.mother[children[mine]] = chosen
        linked = children[people.mother[children] >= 0]
        z = people.affinity[linked].astype(np.float64)
        mothers = people.affinity[people.mother[linked]].astype(np.float64)
        people.affinity[linked] = inherited_affinity(rho, mothers, z)


def _assign_education(people: People, age: np.ndarray, config: Config) -> np.ndarray:
    """Pupils and students aged 12-29 from the enrolment table; returns who is in education."""
    seed, keys = config.run.seed, people.key
    enrolment = tables.read("enrolment_2011")
    tech_share = tables.read("tech_share_2011").set_index(["stage", "sex"])["tech_share"]
    u_stage = uniform_array(seed, int(Decision.BUILD_STAGE), keys, BUILD_YEAR)
    u_field = uniform_array(seed, int(Decision.BUILD_FIELD), keys, BUILD_YEAR)
    u_years = uniform_array(seed, int(Decision.BUILD_STUDY_YEAR), keys, BUILD_YEAR)
    in_education = np.zeros(people.n, dtype=bool)
    durations = config.study.duration
    slope = config.schooling.tech_slopes.affinity
    for a, rows_of_age in enrolment.groupby("age"):
        cumulative = 0.0
        at_age = age == a
        for row in rows_of_age.itertuples():
            chosen = at_age & (u_stage >= cumulative) & (u_stage < cumulative + row.share)
            cumulative += row.share
            stage = Stage[row.stage.upper()]
            people.stage[chosen] = stage
            duration = getattr(durations, row.stage)
            years_since_entry = a - ENTRY_AGE[row.stage]
            if years_since_entry < duration:
                people.study_years[chosen] = max(years_since_entry, 0)
            else:  # late entrants and the delayed: spread over the programme, not all in their final year
                people.study_years[chosen] = (u_years[chosen] * duration).astype(np.int8)
            people.attainment[chosen] = ENTRY_ATTAINMENT[row.stage]
            in_education |= chosen
    for stage_name in STUDY_STAGES:
        stage = Stage[stage_name.upper()]
        for s, sex_name in enumerate(tables.SEXES):
            cell = np.flatnonzero((people.stage == stage) & (people.sex == s) & in_education)
            share = float(tech_share[(stage_name, sex_name)])
            tech = share_following_affinity(people.affinity[cell].astype(np.float64), share, slope, u_field[cell])
            people.study_tech[cell] = tech
            people.prior_tech[cell] = tech
    _mark_international_students(people, age, in_education, config)
    return in_education


def _mark_international_students(people: People, age: np.ndarray, in_education: np.ndarray, config: Config) -> None:
    """Foreign degree students among hbo/wo students: this year's intake times the duration."""
    draws = uniform_array(config.run.seed, int(Decision.BUILD_MIGRANT), people.key, BUILD_YEAR)
    for name in ("hbo", "wo"):
        students = in_education & (people.stage == Stage[name.upper()])
        enrolled = students.sum() / config.run.scale
        foreign = getattr(config.international.students_per_year, name) * getattr(config.study.duration, name)
        share = min(foreign / max(enrolled, 1.0), 0.5)
        chosen = students & (draws < share)
        people.intl[chosen] = 1
        people.migrant[chosen] = 1


def _assign_attainment_and_work(people: People, age: np.ndarray, out_of_school: np.ndarray, config: Config) -> None:
    """Diploma, technical field and occupation of everyone aged 16+ who is not in education."""
    seed, keys = config.run.seed, people.key
    slope = config.schooling.tech_slopes.affinity
    adults = out_of_school & (age >= 16)
    u_level = uniform_array(seed, int(Decision.BUILD_ATTAINMENT), keys, BUILD_YEAR)
    u_field = uniform_array(seed, int(Decision.BUILD_FIELD), keys, BUILD_YEAR)
    u_work = uniform_array(seed, int(Decision.BUILD_OCCUPATION), keys, BUILD_YEAR)
    attainment = tables.read("attainment_2011")
    for (lo, hi, sex_name), cell in attainment.groupby(["age_min", "age_max", "sex"]):
        in_cell = adults & (age >= lo) & (age <= hi) & (people.sex == tables.SEXES.index(sex_name))
        cumulative = 0.0
        for row in cell.itertuples():
            chosen = in_cell & (u_level >= cumulative) & (u_level < cumulative + row.share)
            cumulative += row.share
            if row.attainment == "havo_vwo":
                people.attainment[chosen] = np.where(people.ability[chosen] > 0.5, Attainment.VWO, Attainment.HAVO)
            else:
                people.attainment[chosen] = ATTAINMENT_CODES[row.attainment]
    fields = tables.read("tech_field_2011")
    for row in fields.itertuples():
        cell = np.flatnonzero(
            adults
            & (age >= row.age_min)
            & (age <= row.age_max)
            & (people.sex == tables.SEXES.index(row.sex))
            & (people.attainment == ATTAINMENT_CODES[row.attainment])
        )
        people.attain_tech[cell] = share_following_affinity(
            people.affinity[cell].astype(np.float64), row.tech_share, slope, u_field[cell]
        )
    people.stage[adults] = Stage.LABOUR
    retired = adults & (age >= 65)
    people.stage[retired] = Stage.RETIRED
    people.occupation[retired] = Occupation.RETIRED
    people.occupation[adults & ~retired] = Occupation.INACTIVE
    employment = tables.read("employment_2011")
    for row in employment.itertuples():
        cell = (
            adults
            & ~retired
            & (age >= row.age_min)
            & (age <= row.age_max)
            & (people.sex == tables.SEXES.index(row.sex))
        )
        people.occupation[cell & (u_work < row.employed_share)] = Occupation.NONTECH
        unemployed = (u_work >= row.employed_share) & (u_work < row.employed_share + row.unemployed_share)
        people.occupation[cell & unemployed] = Occupation.UNEMPLOYED
    level_of = np.array([0, 0, 0, 0, 1, 2, 3])  # Attainment -> Level
    jobs = tables.read("tech_jobs_2011")
    u_tech = uniform_array(seed, int(Decision.BUILD_OCCUPATION) + 500, keys, BUILD_YEAR)
    for row in jobs.itertuples():
        cell = np.flatnonzero(
            (people.occupation == Occupation.NONTECH)
            & (age >= row.age_min)
            & (age <= row.age_max)
            & (people.sex == tables.SEXES.index(row.sex))
            & (level_of[people.attainment] == ("vmbo", "mbo", "hbo", "wo").index(row.level))
            & (people.attain_tech == row.tech_educated)
        )
        tech = share_following_affinity(
            people.affinity[cell].astype(np.float64), row.tech_job_share, slope, u_tech[cell]
        )
        people.occupation[cell[tech]] = Occupation.TECH
