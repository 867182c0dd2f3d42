"""The synthetic population of the Netherlands on 1 January 2011, built from the package's data tables.

Persons are laid out oldest first (age order speeds the kernels up). Every attribute comes from a
counter-based draw keyed by the person, so the build is reproducible and independent of threads.
Technical choices already made (profiles, fields, technical jobs) are assigned so that they match the
2011 shares in each cell *and* follow the person's technical affinity, as the behavioural rules do.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from . import sizing, tables
from .codes import LEVEL_NAMES, LEVEL_OF_ATTAINMENT, PROGRAMME_NAMES, Attainment, Decision, Occupation, Sex, Stage
from .config import Config
from .groups import SchoolGroups
from .people import People
from .rng import normal_array, uniform_array
from .rules import inherited_affinity, logistic
from .series import YearlyInputs, yearly_inputs

BUILD_YEAR = sizing.BUILD_YEAR
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


@njit(cache=True)
def _logistic_of_shifted(constant, terms, out):
    """out = logistic(constant + terms), element by element (the same operations as numpy's), with no
    temporaries; serial, as a parallel launch per bisection step costs more than it saves."""
    for i in range(len(out)):
        out[i] = logistic(constant + terms[i])
    return out


def share_following_affinity(affinity: np.ndarray, share: float, slope: float, u: np.ndarray) -> np.ndarray:
    """Yes/no with P = logistic(c + slope * affinity), c chosen so the expected share is `share`."""
    if len(affinity) == 0 or share <= 0.0:
        return np.zeros(len(affinity), dtype=bool)
    terms = slope * affinity
    probabilities = np.empty(len(affinity))
    low, high = -30.0, 30.0
    for _ in range(60):
        mid = 0.5 * (low + high)
        if _logistic_of_shifted(mid, terms, probabilities).mean() < share:
            low = mid
        else:
            high = mid
    return u < _logistic_of_shifted(0.5 * (low + high), terms, probabilities)


def capacity_for(initial: int, config: Config, inputs: YearlyInputs) -> int:
    """Rows to reserve: the initial persons plus births and immigrants over the horizon, with a margin
    (immigration includes the foreign students; knowledge migrants come on top)."""
    return sizing.rows_to_reserve(initial, sizing.arrivals_over_horizon(config, inputs), config.run.scale)


class AgeBlocks:
    """Rows by age: persons are laid out oldest first, so everyone of an age range is one contiguous
    block and a cell of a table is found within its block instead of by a mask over the whole country."""

    def __init__(self, age: np.ndarray):
        self._n = len(age)
        self._top = int(age.max()) + 1 if len(age) else 0
        # _younger[a]: how many persons are younger than a (ages ascend from the last row backwards)
        self._younger = np.searchsorted(age[::-1], np.arange(self._top + 1), side="left")

    def rows(self, low: int, high: int) -> slice:
        """The rows aged low..high (inclusive)."""
        younger_than_low = self._younger[min(max(int(low), 0), self._top)]
        up_to_high = self._younger[min(max(int(high) + 1, 0), self._top)]
        return slice(self._n - up_to_high, self._n - younger_than_low)


def build_population(config: Config, groups: SchoolGroups) -> People:
    seed = config.run.seed
    counts = scaled_counts(tables.population_by_age_and_sex() * config.run.scale)  # [sex, age]
    ages_desc = np.arange(tables.MAX_AGE, -1, -1)
    age = np.concatenate([np.full(counts[sex, a], a) for a in ages_desc for sex in (0, 1)]).astype(np.int16)
    inputs = yearly_inputs(config, BUILD_YEAR)
    people = People(capacity_for(len(age), config, inputs))
    rows = people.append(len(age))
    people.key[rows] = np.arange(len(age), dtype=np.uint64)
    keys = people.key
    people.birth_year[:] = BUILD_YEAR - 1 - age
    people.sex[:] = np.concatenate([np.full(counts[s, a], s) for a in ages_desc for s in (0, 1)]).astype(np.int8)
    people.ability[:] = normal_array(seed, int(Decision.BUILD_ABILITY), keys, BUILD_YEAR)
    blocks = AgeBlocks(age)
    _link_mothers_and_affinity(people, blocks, config)
    in_education = _assign_education(people, blocks, config, inputs)
    _assign_attainment_and_work(people, blocks, ~in_education, config)
    people.stage[blocks.rows(0, 3)] = Stage.CHILD
    people.stage[blocks.rows(4, 11)] = Stage.PRIMARY
    groups.assign(people, seed, BUILD_YEAR)
    return people


def _link_mothers_and_affinity(people: People, blocks: AgeBlocks, config: Config) -> None:
    """Children under 18 get a mother of a plausible age; their affinity partly follows hers."""
    seed = config.run.seed
    keys = people.key
    people.affinity[:] = normal_array(seed, int(Decision.BUILD_AFFINITY), keys, BUILD_YEAR)
    female = people.sex == Sex.FEMALE
    rho = config.demography.affinity_inheritance
    for child_age in range(17, -1, -1):  # older children first, so a young mother's own value is final
        block = blocks.rows(child_age, child_age)
        children = np.arange(block.start, block.stop)
        if len(children) == 0:
            continue
        # mother's age at birth about 31 +- 5 years (CBS 2011: mean age at childbirth 31.0)
        at_birth = np.clip(
            np.rint(31 + 5 * normal_array(seed, int(Decision.BUILD_MOTHER_AGE), keys[children], BUILD_YEAR)), 16, 45
        )
        mother_age = child_age + at_birth.astype(np.int64) + 1
        pick = uniform_array(seed, int(Decision.BUILD_MOTHER), keys[children], BUILD_YEAR)
        for m_age in np.unique(mother_age):
            of_age = blocks.rows(m_age, m_age)
            candidates = of_age.start + np.flatnonzero(female[of_age])
            mine = mother_age == m_age
            if len(candidates) == 0:
                continue
            chosen = candidates[np.minimum((pick[mine] * len(candidates)).astype(np.int64), len(candidates) - 1)]
            people.mother[children[mine]] = chosen
        linked = children[people.mother[children] >= 0]
        z = people.affinity[linked].astype(np.float64)
        mothers = people.affinity[people.mother[linked]].astype(np.float64)
        people.affinity[linked] = inherited_affinity(rho, mothers, z)


def _assign_education(people: People, blocks: AgeBlocks, config: Config, inputs: YearlyInputs) -> np.ndarray:
    """Pupils and students aged 12-29 from the enrolment table; returns who is in education."""
    seed, keys = config.run.seed, people.key
    enrolment = _enrolment_to_published_totals(tables.read("enrolment_2011"))
    tech_share = tables.read("tech_share_2011").set_index(["stage", "sex"])["tech_share"]
    school_ages = blocks.rows(int(enrolment["age"].min()), int(enrolment["age"].max()))
    in_education = np.zeros(people.n, dtype=bool)
    durations = config.study.duration
    slope = config.schooling.tech_slopes.affinity
    for a, rows_of_age in enrolment.groupby("age"):
        block = blocks.rows(a, a)
        u_stage = uniform_array(seed, int(Decision.BUILD_STAGE), keys[block], BUILD_YEAR)
        cumulative = 0.0
        for row in rows_of_age.itertuples():
            chosen = block.start + np.flatnonzero((u_stage >= cumulative) & (u_stage < cumulative + row.share))
            cumulative += row.share
            stage = Stage[row.stage.upper()]
            people.stage[chosen] = stage
            people.attainment[chosen] = ENTRY_ATTAINMENT[row.stage]
            in_education[chosen] = True
            if row.stage in STEADY_STATE_YEARS:
                continue
            duration = getattr(durations, row.stage)
            years_since_entry = a - ENTRY_AGE[row.stage]
            if years_since_entry < duration:
                people.study_years[chosen] = max(years_since_entry, 0)
            else:  # late entrants and repeaters: spread over the programme, not all in their final year
                u_years = uniform_array(seed, int(Decision.BUILD_STUDY_YEAR), keys[chosen], BUILD_YEAR)
                people.study_years[chosen] = (u_years * duration).astype(np.int8)
    for name in STEADY_STATE_YEARS:
        rows = school_ages.start + np.flatnonzero(
            in_education[school_ages] & (people.stage[school_ages] == Stage[name.upper()])
        )
        _spread_over_years_of_study(people, rows, years_of_study_shares(config, name), seed)
    for name in COUNTED_UPPER_YEARS:
        rows = school_ages.start + np.flatnonzero(
            in_education[school_ages] & (people.stage[school_ages] == Stage[name.upper()])
        )
        shares = upper_year_shares(name, getattr(durations, name), len(rows) / config.run.scale)
        _spread_over_years_of_study(people, rows, shares, seed)
    stages, sexes = people.stage[school_ages], people.sex[school_ages]
    for stage_name in PROGRAMME_NAMES:
        stage = Stage[stage_name.upper()]
        for s, sex_name in enumerate(tables.SEXES):
            cell = school_ages.start + np.flatnonzero((stages == stage) & (sexes == s) & in_education[school_ages])
            share = float(tech_share[(stage_name, sex_name)])
            u_field = uniform_array(seed, int(Decision.BUILD_FIELD), keys[cell], BUILD_YEAR)
            tech = share_following_affinity(people.affinity[cell].astype(np.float64), share, slope, u_field)
            people.study_tech[cell] = tech
            people.prior_tech[cell] = tech
    _mark_international_students(people, school_ages, in_education, config, inputs)
    return in_education


STEADY_STATE_YEARS = ("mbo", "hbo", "wo")  # the enrolment table gives them by age, not by year of study
COUNTED_UPPER_YEARS = ("havo", "vwo")  # published pupils in the years from 4 on (data/enrolment_2011_12.csv)


def years_of_study_shares(config: Config, level: str) -> np.ndarray:
    """Shares of a level's students by years done (0 .. duration + 1): an estimate, the steady state of
    a constant intake under the model's own progress rules: dropout (front-loaded where the level
    gives a first-year rate), graduation on time, at the latest two years late. mbo's dropout is
    fitted while a fit reuses one build, so its shares take the observed early-leaving rate instead."""
    duration = getattr(config.study.duration, level)
    later = getattr(config.study.dropout, level) if level != "mbo" else tables.mbo_early_leaving()
    first = getattr(config.study.first_year_dropout, level, None)
    on_time = config.study.progress.graduate_on_time
    stock = [1.0]
    for done in range(duration + 1):
        dropout = first if done == 0 and first is not None else later
        stays = (1.0 - dropout) * ((1.0 - on_time) if done + 1 >= duration else 1.0)
        stock.append(stock[-1] * stays)
    shares = np.array(stock)
    return shares / shares.sum()


def upper_year_shares(track: str, duration: int, pupils: float) -> np.ndarray:
    """Shares of a havo or vwo track's pupils by years done: the published pupils of year 4 on (1 Oct
    2011, applied to the school year 2010/11 of the build: an estimate), the rest evenly over years 1-3."""
    upper = tables.pupils_2011_by_year(track)  # {year of study: pupils}
    counted = np.array([upper[year] for year in range(4, duration + 1)])
    lower = (pupils - counted.sum()) / 3
    if lower <= 0:
        raise ValueError(f"data/enrolment_2011_12.csv: {track}'s upper years exceed the build's {pupils:.0f} pupils")
    return np.concatenate([np.full(3, lower), counted]) / pupils


def _spread_over_years_of_study(people: People, rows: np.ndarray, shares: np.ndarray, seed: int) -> None:
    """Years done by the students `rows` in the proportions `shares`, the youngest in the earliest years
    (ties by a draw), so that age and year of study agree as far as the shares allow."""
    age = BUILD_YEAR - 1 - people.birth_year[rows].astype(np.int64)
    u = uniform_array(seed, int(Decision.BUILD_STUDY_YEAR), people.key[rows], BUILD_YEAR)
    youngest_first = rows[np.lexsort((u, age))]
    counts = scaled_counts(shares * len(rows))
    people.study_years[youngest_first] = np.repeat(np.arange(len(shares)), counts).astype(np.int8)


SCALED_TO_TOTALS = ("hbo", "wo")  # mbo's published total counts BBL adults, whom adult learning draws


def _enrolment_to_published_totals(enrolment):
    """The enrolment shares by age, those of hbo and wo scaled so that the 2011 population gives the
    published students of 1 October 2011 (data/enrolment_2011_12.csv); the age profile stays the table's."""
    persons = tables.population_by_age_and_sex().sum(axis=0)
    enrolment = enrolment.copy()
    for level in SCALED_TO_TOTALS:
        rows = enrolment["stage"] == level
        implied = float((enrolment.loc[rows, "share"] * persons[enrolment.loc[rows, "age"]]).sum())
        enrolment.loc[rows, "share"] *= tables.enrolled_2011(level) / implied
    if (enrolment.groupby("age")["share"].sum() > 1.0).any():
        raise ValueError("data/enrolment_2011.csv: scaled to the 2011/12 totals, an age's shares exceed 1")
    return enrolment


def _mark_international_students(
    people: People, school_ages: slice, in_education: np.ndarray, config: Config, inputs: YearlyInputs
) -> None:
    """Foreign degree students among hbo/wo students: the 2011 intake times the duration."""
    for name in ("hbo", "wo"):
        students = school_ages.start + np.flatnonzero(
            in_education[school_ages] & (people.stage[school_ages] == Stage[name.upper()])
        )
        draws = uniform_array(config.run.seed, int(Decision.BUILD_MIGRANT), people.key[students], BUILD_YEAR)
        enrolled = len(students) / config.run.scale
        foreign = inputs.value(f"intl_entrants_{name}", BUILD_YEAR) * getattr(config.study.duration, name)
        share = min(foreign / max(enrolled, 1.0), 0.5)
        chosen = students[draws < share]
        people.intl[chosen] = 1
        people.migrant[chosen] = 1


def _assign_attainment_and_work(people: People, blocks: AgeBlocks, out_of_school: np.ndarray, config: Config) -> None:
    """Diploma, technical field and occupation of everyone aged 16+ who is not in education."""
    seed, keys = config.run.seed, people.key
    slope = config.schooling.tech_slopes.affinity
    sex = people.sex
    attainment = tables.read("attainment_2011")
    for (lo, hi, sex_name), cell in attainment.groupby(["age_min", "age_max", "sex"]):
        s = tables.SEXES.index(sex_name)
        b = blocks.rows(max(lo, 16), hi)
        rows = b.start + np.flatnonzero(out_of_school[b] & (sex[b] == s))
        u_level = uniform_array(seed, int(Decision.BUILD_ATTAINMENT), keys[rows], BUILD_YEAR)
        cumulative = 0.0
        for row in cell.itertuples():
            chosen = rows[(u_level >= cumulative) & (u_level < cumulative + row.share)]
            cumulative += row.share
            if row.attainment == "havo_vwo":
                people.attainment[chosen] = np.where(people.ability[chosen] > 0.5, Attainment.VWO, Attainment.HAVO)
            else:
                people.attainment[chosen] = ATTAINMENT_CODES[row.attainment]
    fields = tables.read("tech_field_2011")
    level = people.attainment
    for row in fields.itertuples():
        s, code = tables.SEXES.index(row.sex), ATTAINMENT_CODES[row.attainment]
        b = blocks.rows(max(row.age_min, 16), row.age_max)
        rows = b.start + np.flatnonzero(out_of_school[b] & (sex[b] == s) & (level[b] == code))
        u_field = uniform_array(seed, int(Decision.BUILD_FIELD), keys[rows], BUILD_YEAR)
        people.attain_tech[rows] = share_following_affinity(
            people.affinity[rows].astype(np.float64), row.tech_share, slope, u_field
        )
    retired_ages = blocks.rows(65, tables.MAX_AGE)
    working_ages = blocks.rows(16, 64)
    for ages, stage, occupation in (
        (retired_ages, Stage.RETIRED, Occupation.RETIRED),
        (working_ages, Stage.LABOUR, Occupation.INACTIVE),
    ):
        rows = ages.start + np.flatnonzero(out_of_school[ages])
        people.stage[rows] = stage
        people.occupation[rows] = occupation
    employment = tables.read("employment_2011")
    for row in employment.itertuples():
        s = tables.SEXES.index(row.sex)
        b = blocks.rows(max(row.age_min, 16), min(row.age_max, 64))
        rows = b.start + np.flatnonzero(out_of_school[b] & (sex[b] == s))
        u_work = uniform_array(seed, int(Decision.BUILD_OCCUPATION), keys[rows], BUILD_YEAR)
        people.occupation[rows[u_work < row.employed_share]] = Occupation.NONTECH
        unemployed = (u_work >= row.employed_share) & (u_work < row.employed_share + row.unemployed_share)
        people.occupation[rows[unemployed]] = Occupation.UNEMPLOYED
    _assign_tech_jobs(people, blocks, config)


def _assign_tech_jobs(people: People, blocks: AgeBlocks, config: Config) -> None:
    """Technical jobs among the employed by level, sex, age and technical training (data/tech_jobs_2011.csv).

    The untrained's shares keep the table's profile but are scaled to the published count of workers
    without a technical education in technical jobs (tables.untrained_in_tech_jobs)."""
    seed, keys, sex = config.run.seed, people.key, people.sex
    slope = config.schooling.tech_slopes.affinity
    level_of = np.array(LEVEL_OF_ATTAINMENT)
    jobs = tables.read("tech_jobs_2011")
    occupation, attain_tech, level = people.occupation, people.attain_tech, people.attainment
    cells = []
    for row in jobs.itertuples():
        s, wanted = tables.SEXES.index(row.sex), LEVEL_NAMES.index(row.level)
        b = blocks.rows(max(row.age_min, 16), row.age_max)
        in_cell = (occupation[b] == Occupation.NONTECH) & (sex[b] == s) & (level_of[level[b]] == wanted)
        cells.append((row, b.start + np.flatnonzero(in_cell & (attain_tech[b] == row.tech_educated))))
    untrained = [(row.tech_job_share, len(rows)) for row, rows in cells if row.tech_educated == 0]
    expected = sum(share * n for share, n in untrained)
    untrained_factor = tables.untrained_in_tech_jobs() * config.run.scale / expected if expected > 0 else 1.0
    for row, rows in cells:
        share = row.tech_job_share * (untrained_factor if row.tech_educated == 0 else 1.0)
        u_tech = uniform_array(seed, int(Decision.BUILD_TECH_JOB), keys[rows], BUILD_YEAR)
        tech = share_following_affinity(people.affinity[rows].astype(np.float64), min(share, 1.0), slope, u_tech)
        people.occupation[rows[tech]] = Occupation.TECH
