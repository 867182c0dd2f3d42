"""EUR 2M in 2012 for digital skills in vocational education (annex, Speerpunt 2; sources/measures_enacted.md §13).

The programme "Digitale Vaardigheden voor de Beroepsbevolking".

Not traced: ECP's E-userskills standard and an mbo elective may be its outcome; no evaluation, so the
effect's prior is centred on 0. Reach: technical mbo students, once, as many as the budget buys.
Channel: the technical job choice at labour-market entry ("job"), whenever it comes, while the reached
student is still enrolled (as for the Centres of Expertise).
"""

from __future__ import annotations

from typing import ClassVar, Literal

import numpy as np
from pydantic import Field

from ..codes import Stage
from .base import Effect, ReachIntervention, YearContext


class DigitalSkills(ReachIntervention):
    NAME: ClassVar[str] = "digital_skills"
    SLOT: ClassVar[int] = 12
    TITLE: ClassVar[str] = "Digital skills in vocational education"
    CHANNELS: ClassVar[tuple[str, ...]] = ("job",)
    REACH_ONCE: ClassVar[bool] = True
    ENACTMENT: ClassVar[str] = "EUR 2M announced for 2012 (annex, Speerpunt 2); spending not traced"

    type: Literal["digital_skills"] = "digital_skills"
    start_year: int = Field(2012, ge=2011, le=2100, description="annex: 2012")
    end_year: int = Field(2012, ge=2011, le=2100, description="annex: 2012")
    budget_eur_per_year: float | None = Field(2e6, ge=0.0, le=1e11, description="annex: EUR 2M in 2012")
    cost_per_unit_eur: float = Field(
        50.0, ge=0.0, le=1e7, description="euros per student: a module of lessons (assumption) [20, 200]"
    )
    job_choice_log_odds: float = Effect(
        0.0,
        0.0,
        0.1,
        "assumption: no evaluation; prior centred on 0",
        key=0,
        grade="assumption",
        population="none: the programme was not traced",
    )

    def eligible(self, context: YearContext) -> np.ndarray:
        return context.in_stages(Stage.MBO) & (context.people.study_tech == 1)

    def while_exposed(self, context: YearContext) -> np.ndarray:
        return context.in_stages(Stage.MBO, Stage.HBO)

    def act_while_exposed(self, context: YearContext, rows: np.ndarray) -> None:
        self.shifts(context, "job")[rows] += np.float32(self.job_choice_log_odds)
