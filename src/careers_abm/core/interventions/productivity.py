"""Cluster 6, productivity: ESF Actie E for sectors ("E2") and excelleren.nu (sources/measures_enacted.md §14).

ESF Actie E: recognised O&O funds could apply from 1 May 2012 to 31 December 2013 for projects on
mobility, healthy and vital work and employability, EUR 20M in all, EUR 90,000-160,000 per project
(SZW, 1 Mar 2012). excelleren.nu gave SMEs free HRD advice from October 2010 to the end of 2011 (no
budget found; not represented). No impact evaluation of either: the prior is centred on 0.
The measure acts on labour demand. Until the labour-market model has a demand lever (issue 13), it acts
through the replacement demand: technical workers of the reached firms leave technical work a little
less often ("leave", negative), so fewer of their jobs open for replacement.
Reach: technical workers, as many as the budget buys. Payer: the EU (ESF); the O&O funds' co-financing
was not found and is not counted.
"""

from __future__ import annotations

from typing import ClassVar, Literal

import numpy as np
from pydantic import Field

from ..codes import Occupation, Stage
from .base import Effect, Payers, ReachIntervention, YearContext


class Productivity(ReachIntervention):
    NAME: ClassVar[str] = "productivity"
    SLOT: ClassVar[int] = 14
    TITLE: ClassVar[str] = "Cluster 6 productivity: ESF Actie E for sectors (through replacement demand)"
    CHANNELS: ClassVar[tuple[str, ...]] = ("leave",)
    ENACTMENT: ClassVar[str] = "ESF Actie E sectors: EUR 20M, May 2012 - Dec 2013 (SZW, 1 Mar 2012)"

    type: Literal["productivity"] = "productivity"
    start_year: int = Field(2012, ge=2011, le=2100, description="applications from 1 May 2012")
    end_year: int = Field(2013, ge=2011, le=2100, description="applications until 31 December 2013")
    budget_eur_per_year: float | None = Field(10e6, ge=0.0, le=1e11, description="EUR 20M over 2012-2013")
    cost_per_unit_eur: float = Field(
        200.0, ge=0.0, le=1e7, description="euros per technical worker in a project's firms (assumption) [100, 1000]"
    )
    payer_shares: dict[str, float] = Payers({"eu": 1.0}, "ESF (SZW, 1 Mar 2012); co-financing not found")
    leave_log_odds: float = Effect(
        0.0,
        -0.1,
        0.0,
        "assumption: no evaluation of Actie E; prior centred on 0",
        key=0,
        grade="assumption",
        population="none: no impact evaluation located",
    )

    def eligible(self, context: YearContext) -> np.ndarray:
        return context.in_stages(Stage.LABOUR) & (context.people.occupation == Occupation.TECH)

    def act(self, context: YearContext, reached: np.ndarray) -> None:
        self.shifts(context, "leave")[reached] += np.float32(self.leave_log_odds)
