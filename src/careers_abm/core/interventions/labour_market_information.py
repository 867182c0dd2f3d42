"""Labour-market information for study choice (letter §3).

"Het kabinet verbetert in het mbo én het hoger onderwijs de arbeidsmarktinformatie voor aankomende
studenten ... de latere kans op een baan, ... het gemiddelde startsalaris."
Reach: choosers for mbo and higher education this year (final-year pupils in secondary school, mbo and
hbo students from their last nominal year on) who look at the information.
Channel: this year's technical choice ("school"). A reached chooser sees the technical wage premium with
`lag_years` of delay instead of the usual lag and puts weight `signal_weight` on it:
shift = slope_signal * signal_weight * (premium seen with the shorter lag - premium seen as usual).
Randomised trials found that such information moved expectations but not choices, so the prior weight is
0 and the measure changes nothing unless a user sets a weight.
"""

from __future__ import annotations

from typing import ClassVar, Literal

import numpy as np
from pydantic import Field

from ..codes import Stage
from .base import Effect, ReachIntervention, YearContext


class LabourMarketInformation(ReachIntervention):
    NAME: ClassVar[str] = "labour_market_information"
    SLOT: ClassVar[int] = 4
    TITLE: ClassVar[str] = "Labour-market information for study choice"
    CHANNELS: ClassVar[tuple[str, ...]] = ("school",)
    ENACTMENT: ClassVar[str] = (
        "Studiekeuze123 labour-market data for ho; KiesMBO only from end 2018 (ROA 2016; mbo-today)"
    )

    type: Literal["labour_market_information"] = "labour_market_information"
    start_year: int = Field(2012, ge=2011, le=2100, description="letter §3: from 2012")
    end_year: int = Field(2020, ge=2011, le=2100, description="assumption: kept up through 2020")
    coverage: float | None = Field(
        0.5, ge=0.0, le=1.0, description="share of choosers who consult it (assumption) [0.2, 1.0]"
    )
    cost_per_unit_eur: float = Field(
        2.0, ge=0.0, le=1e7, description="euros per chooser: national study-choice information (assumption) [0.5, 5]"
    )
    # Baker, Bettinger, Jacob & Marinescu (2018, Economics of Education Review) and the trials cited in
    # issue 4: information on earnings moved students' expectations but not their choice of field.
    signal_weight: float = Effect(
        0.0,
        0.0,
        1.0,
        "RCTs: expectations move, choices do not (prior 0)",
        (0, 1),
        key=0,
        grade="trial_elsewhere",
        population="community-college students at two Californian colleges",
        transfer="US community-college students -> Dutch choosers aged 15-18",
    )
    lag_years: int = Field(0, ge=0, le=20, description="delay with which reached choosers see the premium [0, 2]")

    def eligible(self, context: YearContext) -> np.ndarray:
        studying = context.in_stages(Stage.VMBO, Stage.HAVO, Stage.VWO, Stage.MBO, Stage.HBO)
        return studying & context.in_final_year()

    def act(self, context: YearContext, reached: np.ndarray) -> None:
        fresh = context.perceived_signal(self.lag_years)
        slope = context.params.schooling__tech_slopes__signal
        shift = slope * self.signal_weight * (fresh - context.perceived_signal(None))
        self.shifts(context, "school")[reached] += np.float32(shift)
