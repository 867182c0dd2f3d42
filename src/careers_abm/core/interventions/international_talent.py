"""Keeping foreign graduates: the search year, Huygens scholars and language courses (annex, Speerpunt 4).

The search year (income threshold EUR 26,931 instead of EUR 37,575) exists since 2008 and is part of the
baseline's stay probabilities; of Huygens scholars only 15% stay. The annex names what is missing: knowing
the search year, closeness to the labour market, and the Dutch language ("een talencursus als onderdeel
van een beurzenstelsel").
Reach: foreign students in hbo and wo, once during the study (a language course and search-year guidance).
Channel: the probability of staying to work after graduation ("stay"), written every year for reached
persons still studying, also after the programme ends: the course is taken during the study and counts
at graduation.
"""

from __future__ import annotations

from typing import ClassVar, Literal

import numpy as np
from pydantic import Field

from ..codes import Stage
from .base import Effect, ReachIntervention, YearContext


class InternationalTalent(ReachIntervention):
    NAME: ClassVar[str] = "international_talent"
    SLOT: ClassVar[int] = 8
    TITLE: ClassVar[str] = "Search year, Huygens scholars and language courses for foreign graduates"
    CHANNELS: ClassVar[tuple[str, ...]] = ("stay",)
    REACH_ONCE: ClassVar[bool] = True
    ENACTMENT: ClassVar[str] = (
        "not enacted: no national language-course programme found; the zoekjaar was reformed only on 1 Mar 2016"
        " (docs/sources/measures_enacted.md §10)"
    )

    type: Literal["international_talent"] = "international_talent"
    start_year: int = Field(2012, ge=2011, le=2100, description="annex, Speerpunt 4: from 2012")
    end_year: int = Field(2020, ge=2011, le=2100, description="assumption: through 2020")
    coverage: float | None = Field(
        0.3, ge=0.0, le=1.0, description="share of foreign students taking the course (assumption) [0.1, 0.6]"
    )
    cost_per_unit_eur: float = Field(
        1200.0, ge=0.0, le=1e7, description="euros per student: a Dutch language course (assumption) [600, 2500]"
    )
    # +0.3 log-odds is about +6 points at the baseline's 28-35% stay rates (assumption).
    stay_log_odds: float = Effect(
        0.3,
        0.0,
        0.6,
        "assumption: language and labour-market knowledge keep graduates",
        key=0,
        grade="assumption",
        population="none causal; Nuffic stay rates are descriptive",
    )

    def eligible(self, context: YearContext) -> np.ndarray:
        return self.while_exposed(context)

    def while_exposed(self, context: YearContext) -> np.ndarray:
        """A foreign student in hbo or wo: the course counts at graduation."""
        return context.in_stages(Stage.HBO, Stage.WO) & (context.people.intl == 1)

    def act_while_exposed(self, context: YearContext, rows: np.ndarray) -> None:
        self.shifts(context, "stay")[rows] += np.float32(self.stay_log_odds)
