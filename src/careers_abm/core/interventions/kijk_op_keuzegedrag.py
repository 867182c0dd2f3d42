"""Kijk op Keuzegedrag, 2012-2014: female role models for girls in primary school and (v)mbo (annex, Speerpunt 1).

"In het po door speciale lessen te laten geven door een vrouwelijke beroepsbeoefenaar uit de techniek, en
door docententraining. In het (v)mbo lopen meisjes mee in technische bedrijven en vinden «speeddates»
plaats met vrouwelijke rolmodellen."
Reach: girls aged 10-11 in primary school (once), and girls in their final year of vmbo or mbo, who
choose a field for their next programme this year.
Channels: primary girls, persistent (a lesson years before the choice shapes interest: affinity); girls
in (v)mbo, this year's technical choice ("school"), because job shadowing and speed-dates are timed at
the choice and the evidence (Porter & Serra 2020) measures the choice right after the visit.
"""

from __future__ import annotations

from typing import ClassVar, Literal

import numpy as np
from pydantic import Field

from ..codes import Sex, Stage
from .base import Effect, ReachIntervention, YearContext, log_odds_shift
from .guest_lessons import BREDA_GIRLS, BREDA_POPULATION

# Porter & Serra (2020), AEJ: Applied: female role models raised women's choice of an economics major
# by about 8 points from a 9% base.
PORTER_SERRA = log_odds_shift(0.09, 0.17)  # = 0.728
PORTER_SERRA_POPULATION = "women in Principles of Economics, Southern Methodist University (Dallas, US), 2016"


class KijkOpKeuzegedrag(ReachIntervention):
    NAME: ClassVar[str] = "kijk_op_keuzegedrag"
    SLOT: ClassVar[int] = 2
    TITLE: ClassVar[str] = "Kijk op Keuzegedrag: female role models for girls in po and (v)mbo"
    CHANNELS: ClassVar[tuple[str, ...]] = ("affinity", "school")
    ENACTMENT: ClassVar[str] = "annex, Speerpunt 1: 2012-2014 as the letter; budget and reach not found"

    type: Literal["kijk_op_keuzegedrag"] = "kijk_op_keuzegedrag"
    start_year: int = Field(2012, ge=2011, le=2100, description="annex: 2012-2014")
    end_year: int = Field(2014, ge=2011, le=2100, description="annex: 2012-2014")
    coverage: float | None = Field(
        0.15, ge=0.0, le=1.0, description="share of target girls reached a year (assumption) [0.05, 0.3]"
    )
    cost_per_unit_eur: float = Field(
        100.0, ge=0.0, le=1e7, description="euros per girl: a lesson, visit or speed-date (assumption) [50, 300]"
    )
    # No trial covers girls aged 10-11 (and Breda et al. found nothing in grade 10): the guest-lesson
    # effect at its persistence, a prior from 0 to half of Breda's grade-12 value.
    primary_log_odds: float = Effect(
        0.25 * BREDA_GIRLS,
        0.0,
        0.5 * BREDA_GIRLS,
        "Breda et al. 2023 (0.316), halved twice until the choice",
        key=0,
        grade="assumption",
        population=BREDA_POPULATION,
        transfer="grade-12 French girls -> Dutch girls aged 10-11, years before the choice",
    )
    # Porter & Serra's +8 points (0.728) is for US university women, concentrated among high achievers:
    # the opposite of the (v)mbo population. Breda's grade-12 value (0.316), closer in age, is the top.
    vmbo_mbo_log_odds: float = Effect(
        0.5 * BREDA_GIRLS,
        0.0,
        BREDA_GIRLS,
        "Porter & Serra 2020 (0.728) and Breda et al. 2023 (0.316) as the top",
        key=1,
        grade="trial_elsewhere",
        population=f"{PORTER_SERRA_POPULATION}; {BREDA_POPULATION}",
        transfer="university and academic-track students -> girls in the final year of vmbo and mbo",
    )

    def eligible(self, context: YearContext) -> np.ndarray:
        """Girls: in primary school once (aged 10-11), in (v)mbo every year in which they choose."""
        age = context.ages()
        primary = context.in_stages(Stage.PRIMARY) & (age >= 10) & (age <= 11) & ~self.exposed(context)
        choosing = context.in_stages(Stage.VMBO, Stage.MBO) & context.in_final_year()
        return (context.people.sex == Sex.FEMALE) & (primary | choosing)

    def act(self, context: YearContext, reached: np.ndarray) -> None:
        primary = context.people.stage[reached] == Stage.PRIMARY
        self.raise_affinity(context, reached[primary], self.primary_log_odds)
        self.shifts(context, "school")[reached[~primary]] += np.float32(self.vmbo_mbo_log_odds)
