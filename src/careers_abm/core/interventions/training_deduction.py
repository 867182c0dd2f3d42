"""The threshold for deducting training costs halved to EUR 250, 2013-2021 (sources/measures_enacted.md §9).

EUR 250 instead of EUR 500 from 1 January 2013 (Belastingplan 2013) until the deduction ended in 2022.

Users: 2.6% of taxpayers aged 25-60, mostly highly educated (CPB Notitie 6 Jul 2016). CPB found the
deduction raised training only among high-income singles (~10%), with a marginal deadweight of 73-100%;
the cost of the threshold change alone was not found. Reach: workers aged 25-60 who deduct, each with
EUR 250 more to deduct. Channel: this year's side-entry into technical work ("side_entry") for those in
non-technical jobs; a training effect carried into a move is a transfer, with a prior near 0.
"""

from __future__ import annotations

from typing import ClassVar, Literal

import numpy as np
from pydantic import Field

from ..codes import Occupation, Stage
from .base import Effect, ReachIntervention, YearContext


class TrainingDeduction(ReachIntervention):
    NAME: ClassVar[str] = "training_deduction"
    SLOT: ClassVar[int] = 13
    TITLE: ClassVar[str] = "Training-cost deduction threshold lowered to EUR 250"
    CHANNELS: ClassVar[tuple[str, ...]] = ("side_entry",)
    ENACTMENT: ClassVar[str] = "threshold EUR 250 from 2013 (Belastingplan 2013; Rendement 18 Sep 2012); abolished 2022"

    type: Literal["training_deduction"] = "training_deduction"
    start_year: int = Field(2013, ge=2011, le=2100, description="Belastingplan 2013: from 1 January 2013")
    end_year: int = Field(2021, ge=2011, le=2100, description="the deduction ended on 1 January 2022")
    coverage: float | None = Field(
        0.026, ge=0.0, le=1.0, description="users among workers 25-60 (CPB Notitie 2016: 2.6% of taxpayers)"
    )
    # EUR 250 more deductible at the 42% rate of the second and third brackets of 2013 (assumption).
    cost_per_unit_eur: float = Field(
        105.0, ge=0.0, le=1e7, description="tax forgone per user: EUR 250 x 42% (assumption) [50, 130]"
    )
    side_entry_log_odds: float = Effect(
        0.0,
        0.0,
        0.1,
        "assumption: EUR 250 more deductible moves little, prior near 0 (CPB's 2016-2017 studies: validation only)",
        key=0,
        grade="assumption",
        population="none: an assumption",
        transfer="more training -> moving into technical work",
    )

    def eligible(self, context: YearContext) -> np.ndarray:
        occupation = context.people.occupation
        employed = (occupation == Occupation.TECH) | (occupation == Occupation.NONTECH)
        age = context.ages()
        return context.in_stages(Stage.LABOUR) & employed & (age >= 25) & (age <= 60)

    def act(self, context: YearContext, reached: np.ndarray) -> None:
        non_tech = reached[context.people.occupation[reached] == Occupation.NONTECH]
        self.shifts(context, "side_entry")[non_tech] += np.float32(self.side_entry_log_odds)
