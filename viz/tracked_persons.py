"""A few persons followed through the years, read from the person arrays after each simulated year.

Kept small and apart so that it can switch to the simulator's tracked panel (PersonAgent views that
read the same arrays) once that exists: the app only needs `choose`, `record` and the recorded states.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from careers_abm.core.codes import Occupation, Sex, Stage
from careers_abm.core.people import People
from careers_abm.core.rng import uniform_array

# Random-stream id of the pick: outside the simulator's decision ids (codes.Decision, and those + 1000
# for normal draws). Draws are stateless hashes, so picking never changes the simulation's numbers.
TRACKED_PERSON_DRAW = 2000

# One person at each turn of the pipeline (age in the first recorded year), alternating the sexes.
PROFILES = (
    (8, Sex.FEMALE),  # primary school, choosing a secondary profile in four years
    (12, Sex.MALE),  # just chose a secondary track and profile
    (16, Sex.FEMALE),  # about to choose a field of study
    (21, Sex.MALE),  # studying, close to a first job
    (35, Sex.FEMALE),  # mid-career: may move into or out of technical work
    (58, Sex.MALE),  # retiring in the coming years
)

# The states a life-course view colours, in the order of the pipeline.
LIFE_STATES = (
    ("child or primary school", "#dddddd"),
    ("secondary, technical profile", "#9ecae1"),
    ("secondary, other profile", "#f2d0a9"),
    ("mbo/hbo/wo, technical", "#3182bd"),
    ("mbo/hbo/wo, other", "#e6a060"),
    ("technical job", "#08519c"),
    ("other job", "#a65628"),
    ("unemployed or inactive", "#999999"),
    ("retired", "#bcbddc"),
    ("died or emigrated", "#ffffff"),
)
_SECONDARY = (Stage.VMBO, Stage.HAVO, Stage.VWO)
_STUDY = (Stage.MBO, Stage.HBO, Stage.WO)


def life_state(stage: int, study_tech: int, occupation: int) -> int:
    """Index into LIFE_STATES of one person's state."""
    if stage in (Stage.CHILD, Stage.PRIMARY):
        return 0
    if stage in _SECONDARY:
        return 1 if study_tech else 2
    if stage in _STUDY:
        return 3 if study_tech else 4
    if stage == Stage.LABOUR:
        return {Occupation.TECH: 5, Occupation.NONTECH: 6}.get(occupation, 7)
    return 8 if stage == Stage.RETIRED else 9


def _describe(age: int, sex: int, year: int) -> str:
    female = sex == Sex.FEMALE
    noun = ("girl" if female else "boy") if age < 18 else ("woman" if female else "man")
    return f"{noun}, {age} in {year}"


@dataclass
class TrackedPersons:
    """Rows of the persons followed, what they looked like when chosen, and their state in each year."""

    rows: list[int]
    descriptions: list[str]
    states: dict[int, list[int]] = field(default_factory=dict)  # year -> LIFE_STATES index per person
    stages: dict[int, list[int]] = field(default_factory=dict)  # year -> codes.Stage per person

    @classmethod
    def choose(cls, people: People, year: int, seed: int) -> TrackedPersons:
        """For each profile, the resident of that age and sex with the smallest draw of a counter-based
        uniform: a random pick that depends on the seed only, so a scenario and its baseline follow the
        same persons."""
        age = year - people.birth_year.astype(np.int64)
        resident = (people.stage < Stage.DEAD) & (people.intl == 0)
        draws = uniform_array(seed, TRACKED_PERSON_DRAW, people.key, year)
        rows, descriptions = [], []
        for target_age, sex in PROFILES:
            candidates = np.flatnonzero(resident & (age == target_age) & (people.sex == sex))
            if len(candidates):
                rows.append(int(candidates[np.argmin(draws[candidates])]))
                descriptions.append(_describe(target_age, sex, year))
        tracked = cls(rows, descriptions)
        tracked.record(people, year)
        return tracked

    def record(self, people: People, year: int) -> None:
        """Store the persons' states at the end of `year` (recording a year again overwrites it)."""
        stage, study_tech, occupation = people.stage, people.study_tech, people.occupation
        self.stages[year] = [int(stage[row]) for row in self.rows]
        self.states[year] = [life_state(stage[row], study_tech[row], occupation[row]) for row in self.rows]
