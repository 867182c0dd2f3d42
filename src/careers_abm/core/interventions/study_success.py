"""Vakmanschapsroute / technologieroute (vmbo -> mbo) and the sector plans for study success (letter §2).

"Het kabinet trekt in het hoger onderwijs in de jaren 2011-2013 EUR 11 miljoen per jaar uit voor het
sectorplan van de 3TU.Federatie ... studie-uitval beperken"; EUR 6 million once in 2012 for (v)mbo
technical education. Reach: technical students in mbo and wo, as many as the budget buys.
Channel: this year's dropout hazard ("dropout"): better teaching and intake interviews act while the
student is enrolled and supported; a student who leaves the programme leaves the measure behind.
The plans also aim at shorter study durations; the model has no duration channel, so that part is not
represented (a conservative omission: faster graduates would reach the labour market earlier).
"""

from __future__ import annotations

from typing import ClassVar, Literal

import numpy as np
from pydantic import Field

from ..codes import Stage
from ..rules import base_dropout_rate
from .base import Effect, ReachIntervention, YearContext, relative_change_shift


class StudySuccess(ReachIntervention):
    NAME: ClassVar[str] = "study_success"
    SLOT: ClassVar[int] = 3
    TITLE: ClassVar[str] = "Vakmanschapsroute / technologieroute and sector plans for study success (3TU)"
    CHANNELS: ClassVar[tuple[str, ...]] = ("dropout",)
    ENACTMENT: ClassVar[str] = (
        "3TU Sectorplan Technologie EUR 11M a year 2011-2013; EUR 6M once in 2012 for (v)mbo (letter §2)"
    )

    type: Literal["study_success"] = "study_success"
    start_year: int = Field(2011, ge=2011, le=2100, description="letter §2: 3TU sector plan 2011-2013")
    end_year: int = Field(2013, ge=2011, le=2100, description="letter §2: 3TU sector plan 2011-2013")
    # EUR 11M a year for 3TU plus the one-off EUR 6M of 2012 for (v)mbo spread over the three years.
    budget_eur_per_year: float | None = Field(13e6, ge=0.0, le=1e11, description="EUR 11M + 6M / 3 a year")
    cost_per_unit_eur: float = Field(
        300.0, ge=0.0, le=1e7, description="euros per student a year: extra teaching and intake (assumption) [150, 600]"
    )
    mbo_dropout_reduction: float = Effect(
        0.10,
        0.0,
        0.3,
        "relative cut in technical mbo dropout (assumption; the route's evaluations are dated after 2013)",
        (0, 1),
        key=0,
        grade="assumption",
        population="none (SEO's route monitor 2016-2018 is validation only under the rule of the record)",
        transfer="route pupils -> every technical mbo student the budget buys",
    )
    wo_dropout_reduction: float = Effect(
        0.10,
        0.0,
        0.25,
        "relative cut in technical wo dropout (assumption; the 3TU's evaluation is dated after 2013)",
        (0, 1),
        key=1,
        grade="assumption",
        population="none (the 4TU final report of 2016 is validation only under the rule of the record)",
    )

    def eligible(self, context: YearContext) -> np.ndarray:
        return context.in_stages(Stage.MBO, Stage.WO) & (context.people.study_tech == 1)

    def act(self, context: YearContext, reached: np.ndarray) -> None:
        shift = {}
        for stage, cut in ((Stage.MBO, self.mbo_dropout_reduction), (Stage.WO, self.wo_dropout_reduction)):
            # the same log-odds shift in every year of study, set from the rate of the later years
            base = base_dropout_rate(context.params, programme=int(stage), tech=True, years_done=1)
            shift[stage] = relative_change_shift(base, 1.0 - cut) if cut < 1.0 else -10.0
        in_mbo = context.people.stage[reached] == Stage.MBO
        shifts = np.where(in_mbo, shift[Stage.MBO], shift[Stage.WO]).astype(np.float32)
        self.shifts(context, "dropout")[reached] += shifts
