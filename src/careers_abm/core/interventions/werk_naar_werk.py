"""Van-werk-naar-werk budgets and intersectoral training, as enacted in the 2014-2016 sector plans (letter §5).

Annex, Speerpunt 3; docs/sources/measures_enacted.md §8.

The letter asked the social partners to put van-werk-naar-werk budgets in their collective agreements
(private money; the proposal variant). What ran was the sector plans' co-financing: by 2017 the state had
spent EUR 23M on labour mobility for 25,411 workers and committed EUR 65M to guiding workers to other work
(SZW-begroting 2018, via Becoss), each euro matched by the sectors (Kamerstuk 33566 nr. 71).
Reach: workers in non-technical jobs under 60 who use a transition budget or intersectoral training.
Channel: this year's side-entry hazard ("side_entry"): a budget or course helps the move in the year it is
used; workers not moving keep no lasting advantage in the model.
"""

from __future__ import annotations

from typing import ClassVar, Literal

import numpy as np
from pydantic import Field

from ..codes import Occupation, Stage
from .base import Effect, Payers, ReachIntervention, YearContext


class WerkNaarWerk(ReachIntervention):
    NAME: ClassVar[str] = "werk_naar_werk"
    SLOT: ClassVar[int] = 7
    TITLE: ClassVar[str] = "Van-werk-naar-werk budget and intersectoral training (side-entry)"
    CHANNELS: ClassVar[tuple[str, ...]] = ("side_entry",)
    ENACTMENT: ClassVar[str] = (
        "sector plans 2014-2016: state EUR 23M labour mobility + EUR 65M van-werk-naar-werk, matched by the sectors"
        " (Kamerstuk 33566 nr. 71; SZW-begroting 2018)"
    )
    AS_PROPOSED: ClassVar[dict] = {
        "start_year": 2013,
        "end_year": 2020,
        "coverage": 0.02,
        "cost_per_unit_eur": 2500.0,
        "payer_shares": {"social_partners": 1.0},
    }

    type: Literal["werk_naar_werk"] = "werk_naar_werk"
    start_year: int = Field(2014, ge=2011, le=2100, description="sector plans' co-financing from 2014")
    end_year: int = Field(2016, ge=2011, le=2100, description="the first tranches' plans ran to 2016")
    # State EUR 88M (23M mobility + 65M van-werk-naar-werk) and the sectors' equal share over three years.
    budget_eur_per_year: float | None = Field(
        2 * 88e6 / 3, ge=0.0, le=1e11, description="(EUR 23M + 65M state) x 2 for the sectors' match / 3 years"
    )
    cost_per_unit_eur: float = Field(
        1810.0, ge=0.0, le=1e7, description="euros per worker: 2 x EUR 23M / 25,411 mobility participants"
    )
    payer_shares: dict[str, float] = Payers(
        {"state": 0.5, "social_partners": 0.5}, "sector plans: state co-financing matched one for one (33566 nr. 71)"
    )
    # Training programmes raise employment little in the first year, more after 2-3 years (Card, Kluve &
    # Weber 2018, mostly the unemployed); moving employed workers into technical work is a transfer.
    side_entry_log_odds: float = Effect(
        0.25,
        0.0,
        1.0,
        "assumption: retraining lowers the barrier to technical work (Card, Kluve & Weber 2018)",
        key=0,
        grade="observational",
        population="200+ ALMP evaluations, mostly unemployed participants",
        transfer="programmes for the unemployed -> employed non-technical workers moving into technical work",
    )
    max_age: int = Field(59, ge=18, le=75, description="oldest worker reached (assumption) [55, 64]")

    def eligible(self, context: YearContext) -> np.ndarray:
        non_tech = context.in_stages(Stage.LABOUR) & (context.people.occupation == Occupation.NONTECH)
        return non_tech & (context.ages() <= self.max_age)

    def act(self, context: YearContext, reached: np.ndarray) -> None:
        self.shifts(context, "side_entry")[reached] += np.float32(self.side_entry_log_odds)
