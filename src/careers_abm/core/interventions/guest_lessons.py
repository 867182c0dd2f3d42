"""Guest lessons and workshops by technical professionals in primary-school groups (Masterplan letter §1).

"In 2012 start ... een driejarig programma waarin circa 3 500 groepen in het primair onderwijs een gastles
of workshop krijgen van professionals uit de technieksector ... nadrukkelijk ook gegeven door vrouwen."
Reach: school groups of pupils aged 8-11 (groepen 5-8), about 3,500 groups over three school years.
Channel: persistent. A lesson is a one-off experience that shapes interest, not a subsidy present at the
moment of choice, so it raises the pupils' technical affinity once (`raise_affinity`), which acts at the
choice at 12 and every later choice. Girls gain more when the guest is a woman.
"""

from __future__ import annotations

from typing import ClassVar, Literal

import numpy as np
from pydantic import Field

from ..codes import Sex, Stage
from ..rng import uniform_array
from .base import Effect, Payers, ReachIntervention, YearContext, log_odds_shift

# Breda, Grenet, Monnet & Van Effenterre (2023), Economic Journal: a one-hour class visit by a female
# role model raised grade-12 girls' enrolment in selective STEM programmes from 11% to 14.5%.
BREDA_GIRLS = log_odds_shift(0.11, 0.145)  # = 0.316
BREDA_POPULATION = "~20,000 grade-10/12 students, academic-track high schools, Paris region, 2015/16 (Breda et al.)"


class GuestLessons(ReachIntervention):
    NAME: ClassVar[str] = "guest_lessons"
    SLOT: ClassVar[int] = 0
    TITLE: ClassVar[str] = "Guest lessons and workshops by technical professionals in primary schools"
    CHANNELS: ClassVar[tuple[str, ...]] = ("affinity",)
    UNIT: ClassVar[str] = "school group"
    REACH_BY_GROUP: ClassVar[bool] = True
    REACH_ONCE: ClassVar[bool] = True
    ENACTMENT: ClassVar[str] = (
        "not verified: no implementation report, reach count or budget found (docs/sources/measures_enacted.md §1);"
        " the letter's years and reach are kept"
    )

    type: Literal["guest_lessons"] = "guest_lessons"
    # The three-year programme from 2012: school years 2012/13-2014/15 (calendar 2012-2015).
    start_year: int = Field(2012, ge=2011, le=2100, description="first school year (letter §1: 2012)")
    end_year: int = Field(2014, ge=2011, le=2100, description="last school year: a three-year programme")
    # About 3,500 groups over three years (letter §1).
    units_per_year: float | None = Field(3500 / 3, ge=0.0, le=1e8, description="groups a year (3,500 / 3)")
    # No budget in the letter (organised with industry). Assumption: half a day of a professional plus
    # materials and coordination, about EUR 600 per group [300, 1500].
    cost_per_unit_eur: float = Field(600.0, ge=0.0, le=1e7, description="euros per group (assumption)")
    payer_shares: dict[str, float] = Payers({"firms": 1.0}, "letter §1: organised with industry, in-kind time of firms")
    min_age: int = Field(8, ge=4, le=11, description="youngest pupils visited: groep 5 (assumption) [6, 10]")
    max_age: int = Field(11, ge=4, le=11, description="oldest pupils visited: groep 8")
    # Breda et al. found 0.316 for grade-12 girls and nothing in grade 10, the closest tested age: giving
    # it to pupils aged 8-11 is a transfer, so the prior runs from 0 to the grade-12 value, mode at half.
    girls_female_guest_log_odds: float = Effect(
        0.5 * BREDA_GIRLS,
        0.0,
        BREDA_GIRLS,
        "Breda et al. 2023: 11% -> 14.5% for grade-12 girls; halved",
        key=0,
        grade="trial_elsewhere",
        population=BREDA_POPULATION,
        transfer="grade-12 French girls -> Dutch pupils aged 8-11 (grade 10 showed no effect)",
    )
    girls_male_guest_log_odds: float = Effect(
        0.0,
        0.0,
        0.15,
        "assumption: role models work through the same sex",
        key=1,
        grade="assumption",
        population="no study of male guests located",
    )
    boys_log_odds: float = Effect(
        0.0,
        0.0,
        0.1,
        "Breda et al. 2023: no effect on boys",
        key=2,
        grade="trial_elsewhere",
        population=BREDA_POPULATION,
        transfer="French high-school boys -> Dutch pupils aged 8-11",
    )
    female_guest_share: float = Effect(
        0.5,
        0.3,
        0.7,
        "letter: 'nadrukkelijk ook door vrouwen' (assumption)",
        (0, 1),
        null=None,
        key=3,
        grade="assumption",
        population="not a study: the letter gives no share",
    )
    persistence: float = Effect(
        0.5,
        0.0,
        1.0,
        "share of an effect left years after a primary-school visit (assumption)",
        (0, 1),
        key=4,
        grade="assumption",
        population="Breda et al. measured the choice in the year of the visit",
        transfer="an in-year effect -> the choice at 12 and later",
    )

    def eligible(self, context: YearContext) -> np.ndarray:
        age = context.ages()
        in_group = context.in_stages(Stage.PRIMARY) & (context.people.group >= 0)
        return in_group & (age >= self.min_age) & (age <= self.max_age)

    def act(self, context: YearContext, reached: np.ndarray) -> None:
        # Whether a group's guest is a woman is a property of the group, drawn on this measure's stream
        # with year 0 (never a simulated year): a pupil gets the same guest whichever year her group is
        # reached, so more coverage never lowers anyone's gain.
        people = context.people
        group_keys = people.group[reached].astype(np.uint64)
        female_guest = uniform_array(context.params.run__seed, self.decision, group_keys, 0) < self.female_guest_share
        girl = people.sex[reached] == Sex.FEMALE
        girls_effect = np.where(female_guest, self.girls_female_guest_log_odds, self.girls_male_guest_log_odds)
        self.raise_affinity(context, reached, self.persistence * np.where(girl, girls_effect, self.boys_log_odds))
