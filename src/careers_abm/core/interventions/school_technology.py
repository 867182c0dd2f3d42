"""School technology budget and teacher internships / masterclasses (Masterplan letter §1).

"Een jaarlijks bedrag voor scholen in het primair en voortgezet onderwijs ... De minister van OCW stelt in
totaal EUR 18,7 miljoen beschikbaar voor techniek in het primair en voortgezet onderwijs" (2012-2015, with
the Platform Bèta Techniek programme); industry offers teacher internships and masterclasses.
Reach: school groups in primary and secondary school, as many as the budget buys each year.
Channel: persistent. Better technical teaching builds interest over the school years rather than at one
moment of choice, so each year in a reached group raises the pupils' technical affinity a little.
"""

from __future__ import annotations

from typing import ClassVar, Literal

import numpy as np
from pydantic import Field

from ..codes import Stage
from .base import Effect, ReachIntervention, YearContext


class SchoolTechnology(ReachIntervention):
    NAME: ClassVar[str] = "school_technology"
    SLOT: ClassVar[int] = 1
    TITLE: ClassVar[str] = "School technology budget and teacher internships / masterclasses"
    CHANNELS: ClassVar[tuple[str, ...]] = ("affinity",)
    UNIT: ClassVar[str] = "school group"
    REACH_BY_GROUP: ClassVar[bool] = True
    ENACTMENT: ClassVar[str] = (
        "prestatiebox: EUR 11.7M a year 2012-2015 for beta/techniek in every po and vo school (annex to the"
        " letter of 26 Feb 2013, Kamerstuk 32637 nr. 50)"
    )
    AS_PROPOSED: ClassVar[dict] = {"budget_eur_per_year": 18.7e6 / 4, "cost_per_unit_eur": 47.0}

    type: Literal["school_technology"] = "school_technology"
    start_year: int = Field(2012, ge=2011, le=2100, description="letter §1: programme 2012-2015")
    end_year: int = Field(2015, ge=2011, le=2100, description="letter §1: programme 2012-2015")
    # Enacted: EUR 11.7M a year through the prestatiebox (Kamerstuk 32637 nr. 50); the letter's "EUR 18.7M
    # in total" is the proposal variant. The PBT programme's share (an estimate of EUR 7M a year) is not
    # counted: no source gives it.
    budget_eur_per_year: float | None = Field(
        11.7e6, ge=0.0, le=1e11, description="prestatiebox EUR 11.7M a year (Kamerstuk 32637 nr. 50)"
    )
    # The budget over all ~100,000 school groups (1.55M primary + 0.95M secondary pupils / 25; OCW 2011):
    # about EUR 117 per group and year, i.e. every school gets its yearly amount (the letter: EUR 47).
    cost_per_unit_eur: float = Field(117.0, ge=0.0, le=1e7, description="euros per school group a year")
    # About EUR 5 per pupil a year buys little: a small yearly step (assumption, no causal estimate).
    yearly_log_odds: float = Effect(
        0.01,
        0.0,
        0.05,
        "assumption: a year of better technical teaching, choice log-odds",
        key=0,
        grade="assumption",
        population="none causal; VTB evaluations not accessed",
    )

    def eligible(self, context: YearContext) -> np.ndarray:
        return context.in_stages(Stage.PRIMARY, Stage.VMBO, Stage.HAVO, Stage.VWO) & (context.people.group >= 0)

    def act(self, context: YearContext, reached: np.ndarray) -> None:
        self.raise_affinity(context, reached, self.yearly_log_odds)
