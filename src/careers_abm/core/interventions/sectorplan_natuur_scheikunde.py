"""The sector plan for physics and chemistry in wo, EUR 20M a year from 2011 (sources/measures_enacted.md §12).

Commissie Breimer's plan funds university physics and chemistry, made structural from 2017.

Target: 500 extra bachelor and master entrants in seven years (the letter). The prior runs from 0 to
twice that target (an assumption). The entrants' later rise, 1,514 (2008) to 2,448 (2015) by NWO (2016),
is dated after 2013: under the rule of the record it is validation only and sets nothing here.
Reach: vwo pupils in their final year, who choose their wo field this year (coverage 1: a supply-side
programme every chooser meets). Channel: this year's technical choice ("school"), a shift that adds the
effect's entrants a year at the wo technical share of the record.
Cost: the programme budget, whoever it reaches.
"""

from __future__ import annotations

from typing import ClassVar, Literal

import numpy as np
from pydantic import Field

from ..codes import Stage
from .base import Effect, ReachIntervention, YearContext, log_odds_shift

WO_TECH_SHARE = 0.28  # technical share of wo entrants (Platform Beta Techniek 2007/08; data/targets.csv)


class SectorplanNatuurScheikunde(ReachIntervention):
    NAME: ClassVar[str] = "sectorplan_natuur_scheikunde"
    SLOT: ClassVar[int] = 10
    TITLE: ClassVar[str] = "Sector plan for physics and chemistry in wo (Commissie Breimer)"
    CHANNELS: ClassVar[tuple[str, ...]] = ("school",)
    ENACTMENT: ClassVar[str] = "EUR 20M a year 2011-2016, structural from 2017 (Stcrt. 2009, 15614; NWO 19 May 2016)"

    type: Literal["sectorplan_natuur_scheikunde"] = "sectorplan_natuur_scheikunde"
    start_year: int = Field(2011, ge=2011, le=2100, description="the plan's first year (Engineersonline 2009)")
    end_year: int = Field(2020, ge=2011, le=2100, description="structural from 2017 (NWO 2016); reported to 2020")
    coverage: float | None = Field(1.0, ge=0.0, le=1.0, description="every vwo chooser meets the programme")
    cost_per_unit_eur: float = Field(0.0, ge=0.0, le=1e7, description="none per chooser: a programme budget")
    programme_eur_per_year: float = Field(
        20e6, ge=0.0, le=1e10, description="EUR 10M physics + 10M chemistry a year (Engineersonline 2009)"
    )
    extra_entrants_per_year: float = Effect(
        500 / 7,
        0.0,
        2 * 500 / 7,
        "letter: 500 extra entrants in 7 years; assumption: at most twice that",
        (0.0, 10_000.0),
        key=0,
        grade="assumption",
        population="none: the letter's target (evaluations are dated after 2013, validation only)",
    )

    def eligible(self, context: YearContext) -> np.ndarray:
        return context.in_stages(Stage.VWO) & context.in_final_year()

    def act(self, context: YearContext, reached: np.ndarray) -> None:
        choosers = len(reached) / context.scale
        extra_share = min(self.extra_entrants_per_year / choosers, 0.5) if choosers > 0 else 0.0
        shift = log_odds_shift(WO_TECH_SHARE, WO_TECH_SHARE + extra_share)
        self.shifts(context, "school")[reached] += np.float32(shift)

    def cost_eur(self, context: YearContext, reached: np.ndarray) -> float:
        return self.programme_eur_per_year
