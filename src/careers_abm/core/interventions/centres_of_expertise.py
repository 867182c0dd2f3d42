"""Centres for Innovative Craftsmanship (mbo), Centres of Expertise (hbo), internships, company
scholarships and traineeships with a bonus (letter §4-5; annex, Speerpunt 1-2).

"Voor het stimuleren van Centres of Expertise is jaarlijks een bedrag van EUR 20 miljoen beschikbaar";
EUR 16.4 million for a new Centrum voor Innovatief Vakmanschap in each top sector. Firms add scholarships,
internships and traineeships with a bonus for graduates who choose the sector.
Reach: technical students in mbo and hbo, once, as many as the budget buys.
Channel: the technical job choice at labour-market entry ("job"), written every year for reached persons
who are still students, also after the programme ends: the tie with a firm (an internship, a promised
traineeship bonus) is made during the study and counts at the moment of entry, which may come years later.
"""

from __future__ import annotations

from typing import ClassVar, Literal

import numpy as np
from pydantic import Field

from ..codes import Stage
from .base import Effect, ReachIntervention, YearContext


class CentresOfExpertise(ReachIntervention):
    NAME: ClassVar[str] = "centres_of_expertise"
    SLOT: ClassVar[int] = 5
    TITLE: ClassVar[str] = "Centres of Expertise / Innovative Craftsmanship, internships, scholarships, traineeships"
    CHANNELS: ClassVar[tuple[str, ...]] = ("job",)
    REACH_ONCE: ClassVar[bool] = True

    type: Literal["centres_of_expertise"] = "centres_of_expertise"
    start_year: int = Field(2012, ge=2011, le=2100, description="letter §4: from 2012")
    end_year: int = Field(2015, ge=2011, le=2100, description="assumption: the 2012-2015 cabinet period")
    # EUR 20M a year for Centres of Expertise plus EUR 16.4M for the Centres for Innovative Craftsmanship
    # spread over 2012-2015 (EUR 4.1M a year).
    budget_eur_per_year: float | None = Field(24.1e6, ge=0.0, le=1e11, description="EUR 20M + 16.4M / 4 a year")
    cost_per_unit_eur: float = Field(
        500.0, ge=0.0, le=1e7, description="euros per student: a place in a centre's programme (assumption) [250, 1500]"
    )
    # Only slightly more than half of beta graduates choose a beta occupation (Bètaloopbaanmonitor 2010);
    # no causal estimate for these programmes: assumption, +0.25 is about +6 points at a 55% base.
    job_choice_log_odds: float = Effect(0.25, 0.0, 0.5, "assumption: internship / traineeship tie at entry")

    def eligible(self, context: YearContext) -> np.ndarray:
        return context.in_stages(Stage.MBO, Stage.HBO) & (context.people.study_tech == 1)

    def while_exposed(self, context: YearContext) -> np.ndarray:
        """Still a student (also after moving on to hbo or wo): the tie counts at labour-market entry."""
        return context.in_stages(Stage.MBO, Stage.HBO, Stage.WO)

    def act_while_exposed(self, context: YearContext, rows: np.ndarray) -> None:
        self.shifts(context, "job")[rows] += np.float32(self.job_choice_log_odds)
