"""EUR 7M for professional hbo masters in the top sectors (annex, Speerpunt 2; sources/measures_enacted.md §13).

New hbo masters were fundable only in care, education and the top sectors, with proven labour-market
demand (2012-2016; Punt, Avans 2016); the EUR 7M allocation itself was not traced and no evaluation
exists, so the effect's prior is centred on 0. Reach: hbo graduates in non-technical jobs aged 25-45,
the part-time students of a professional master, as many as the budget buys. Channel: this year's
side-entry into technical work ("side_entry"), the move a top-sector master prepares.
"""

from __future__ import annotations

from typing import ClassVar, Literal

import numpy as np
from pydantic import Field

from ..codes import Attainment, Occupation, Stage
from .base import Effect, ReachIntervention, YearContext


class HboMasters(ReachIntervention):
    NAME: ClassVar[str] = "hbo_masters"
    SLOT: ClassVar[int] = 11
    TITLE: ClassVar[str] = "Professional hbo masters in the top sectors"
    CHANNELS: ClassVar[tuple[str, ...]] = ("side_entry",)
    REACH_ONCE: ClassVar[bool] = True
    ENACTMENT: ClassVar[str] = "funding rule for top-sector masters 2012-2016 (Punt 2016); the EUR 7M not traced"

    type: Literal["hbo_masters"] = "hbo_masters"
    start_year: int = Field(2012, ge=2011, le=2100, description="letter: from 2012")
    end_year: int = Field(2015, ge=2011, le=2100, description="assumption: the cabinet period 2012-2015")
    budget_eur_per_year: float | None = Field(7e6 / 4, ge=0.0, le=1e11, description="letter: EUR 7M over 4 years")
    cost_per_unit_eur: float = Field(
        7000.0, ge=0.0, le=1e7, description="euros per student: about a year of hbo funding (assumption) [4000, 12000]"
    )
    side_entry_log_odds: float = Effect(
        0.0,
        0.0,
        0.2,
        "assumption: no evaluation; prior centred on 0",
        key=0,
        grade="assumption",
        population="none: the allocation was not traced",
    )

    def eligible(self, context: YearContext) -> np.ndarray:
        people = context.people
        age = context.ages()
        non_tech = context.in_stages(Stage.LABOUR) & (people.occupation == Occupation.NONTECH)
        return non_tech & (people.attainment == Attainment.HBO) & (age >= 25) & (age <= 45)

    def while_exposed(self, context: YearContext) -> np.ndarray:
        """Still in a non-technical job: the master keeps helping the move."""
        return context.in_stages(Stage.LABOUR) & (context.people.occupation == Occupation.NONTECH)

    def act_while_exposed(self, context: YearContext, rows: np.ndarray) -> None:
        self.shifts(context, "side_entry")[rows] += np.float32(self.side_entry_log_odds)
