"""Van-werk-naar-werk budget, intersectoral training through the O&O funds and a lower threshold for
deducting training costs (letter §5; annex, Speerpunt 3, part of the Vitaliteitspakket from 2013).

Reach: workers in non-technical jobs under 60 who use a transition budget or intersectoral training.
Channel: this year's side-entry hazard ("side_entry"): a budget or course helps the move in the year it is
used; workers not moving keep no lasting advantage in the model.
"""

from __future__ import annotations

from typing import ClassVar, Literal

import numpy as np
from pydantic import Field

from ..codes import Occupation, Stage
from .base import Effect, ReachIntervention, YearContext


class WerkNaarWerk(ReachIntervention):
    NAME: ClassVar[str] = "werk_naar_werk"
    SLOT: ClassVar[int] = 7
    TITLE: ClassVar[str] = "Van-werk-naar-werk budget and intersectoral training (side-entry)"
    CHANNELS: ClassVar[tuple[str, ...]] = ("side_entry",)

    type: Literal["werk_naar_werk"] = "werk_naar_werk"
    start_year: int = Field(2013, ge=2011, le=2100, description="Vitaliteitspakket: from 1 January 2013")
    end_year: int = Field(2020, ge=2011, le=2100, description="assumption: through 2020")
    coverage: float | None = Field(
        0.02, ge=0.0, le=1.0, description="share of non-technical workers using it a year (assumption) [0.005, 0.05]"
    )
    cost_per_unit_eur: float = Field(
        2500.0, ge=0.0, le=1e7, description="euros per worker: a transition budget or course (assumption) [1000, 5000]"
    )
    # Training programmes raise employment modestly, more in the medium run (Card, Kluve & Weber 2018,
    # JEEA meta-analysis); the size for moving into technical work is an assumption.
    side_entry_log_odds: float = Effect(0.5, 0.0, 1.0, "assumption: retraining lowers the barrier to technical work")
    max_age: int = Field(59, ge=18, le=75, description="oldest worker reached (assumption) [55, 64]")

    def eligible(self, context: YearContext) -> np.ndarray:
        non_tech = context.in_stages(Stage.LABOUR) & (context.people.occupation == Occupation.NONTECH)
        return non_tech & (context.ages() <= self.max_age)

    def act(self, context: YearContext, reached: np.ndarray) -> None:
        self.shifts(context, "side_entry")[reached] += np.float32(self.side_entry_log_odds)
