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
from .base import Effect, Payers, ReachIntervention, YearContext


class CentresOfExpertise(ReachIntervention):
    NAME: ClassVar[str] = "centres_of_expertise"
    SLOT: ClassVar[int] = 5
    TITLE: ClassVar[str] = "Centres of Expertise / Innovative Craftsmanship, internships, scholarships, traineeships"
    CHANNELS: ClassVar[tuple[str, ...]] = ("job",)
    REACH_ONCE: ClassVar[bool] = True
    ENACTMENT: ClassVar[str] = (
        "CoE EUR 21M a year 2013-2017 (OCW and EL&I; RegioinBedrijf 2012), RIF mbo EUR 25M a year 2014-2017 with"
        " two thirds from firms and regions (Stcrt. 2014, 11234); ~50,000 students in centres (PBT eindevaluatie 2017)"
    )
    AS_PROPOSED: ClassVar[dict] = {
        "start_year": 2012,
        "end_year": 2015,
        "budget_eur_per_year": 24.1e6,
        "cost_per_unit_eur": 500.0,
        "payer_shares": {"state": 1.0},
    }

    type: Literal["centres_of_expertise"] = "centres_of_expertise"
    start_year: int = Field(2013, ge=2011, le=2100, description="CoE funding from 2013 (RegioinBedrijf 2012)")
    end_year: int = Field(2017, ge=2011, le=2100, description="CoE EUR 21M a year to 2017; RIF mbo 2014-2017")
    # Enacted: the ~50,000 students in the centres' programmes (PBT eindevaluatie 2017, 134 centres), not
    # every technical student a budget buys; the letter's EUR 20M + 16.4M / 4 a year is the proposal.
    units_per_year: float | None = Field(
        50_000.0, ge=0.0, le=1e8, description="students in centres' programmes a year (PBT eindevaluatie 2017)"
    )
    # Outlays 2013-2017 on average a year: state EUR 41M (CoE 21M; RIF 25M in 2014-2017), firms and regions
    # EUR 40M (two thirds of the RIF budgets, 50M in 2014-2017): EUR 81M / 50,000 students.
    cost_per_unit_eur: float = Field(
        1620.0, ge=0.0, le=1e7, description="euros per student: EUR 81M a year / 50,000 students (all payers)"
    )
    payer_shares: dict[str, float] = Payers(
        {"state": 0.506, "firms": 0.494},
        "state 41/81 (CoE, RIF), firms and regions 40/81 (RIF rule: two thirds co-financed; the regions' public"
        " part is not separated and is counted with the firms)",
    )
    # Only slightly more than half of beta graduates choose a beta occupation (Bètaloopbaanmonitor 2010);
    # no causal estimate for these programmes: assumption, +0.25 is about +6 points at a 55% base.
    job_choice_log_odds: float = Effect(
        0.25,
        0.0,
        0.5,
        "assumption: internship / traineeship tie at entry",
        key=0,
        grade="assumption",
        population="none: an assumption (the 2017 audit of 134 centres gives no effect size)",
    )

    def eligible(self, context: YearContext) -> np.ndarray:
        return context.in_stages(Stage.MBO, Stage.HBO) & (context.people.study_tech == 1)

    def while_exposed(self, context: YearContext) -> np.ndarray:
        """Still a student (also after moving on to hbo or wo): the tie counts at labour-market entry."""
        return context.in_stages(Stage.MBO, Stage.HBO, Stage.WO)

    def act_while_exposed(self, context: YearContext, rows: np.ndarray) -> None:
        self.shifts(context, "job")[rows] += np.float32(self.job_choice_log_odds)
