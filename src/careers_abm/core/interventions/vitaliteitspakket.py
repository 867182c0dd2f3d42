"""The Vitaliteitspakket from 1 January 2013 (letter §5; annex, Speerpunt 3): bonuses for older workers.

"Een werkbonus tussen EUR 2 100 en EUR 2 350 voor werknemers van 61 jaar en ouder; ... de werkbonus van
EUR 1 750 voor het in dienst houden van werknemers van 62 jaar en ouder ...; een enkele mobiliteitsbonus van
EUR 3 500 voor het aannemen van een werknemer boven 55 jaar en een dubbele mobiliteitsbonus voor het
aannemen van een werkzoekende boven 50 jaar."
Reach: every employed person from 61 to the pension age (AOW) and every unemployed person aged 50+
(statutory schemes), not only technicians: the cost falls on all, the gain only on the technical part.
Channels: this year's retirement hazard ("retire", negative: later) for workers and the re-employment
hazard ("reemployment") for the unemployed; both are paid year by year and stop when the payment stops.
The planning bureau (CPB) judged the bonuses to add little to older workers' employment: small priors.
The single mobility bonus for hiring an employed person aged 55+ (job to job) is not represented: the
model has no job-to-job channel within a sector.
"""

from __future__ import annotations

from typing import ClassVar, Literal

import numpy as np
from numba import njit
from pydantic import Field

from ..codes import Occupation, Stage
from ..rules import pension_age, reemployment_probability
from .base import Effect, ReachIntervention, YearContext


@njit(cache=True)
def expected_hires(p, age, shift):
    """Expected re-employments among the reached unemployed, from the re-employment rule itself."""
    total = 0.0
    for k in range(len(age)):
        total += reemployment_probability(p, age=age[k], shift=shift)
    return total


class Vitaliteitspakket(ReachIntervention):
    NAME: ClassVar[str] = "vitaliteitspakket"
    SLOT: ClassVar[int] = 6
    TITLE: ClassVar[str] = "Vitaliteitspakket: work bonuses 61+/62+ and mobility bonus for older unemployed"
    CHANNELS: ClassVar[tuple[str, ...]] = ("retire", "reemployment")

    type: Literal["vitaliteitspakket"] = "vitaliteitspakket"
    start_year: int = Field(2013, ge=2011, le=2100, description="letter §5: in force on 1 January 2013")
    end_year: int = Field(2020, ge=2011, le=2100, description="assumption: through 2020")
    coverage: float | None = Field(
        1.0, ge=0.0, le=1.0, description="take-up of the statutory bonuses (assumption) [0.7, 1.0]"
    )
    cost_per_unit_eur: float = Field(
        2225.0, ge=0.0, le=1e7, description="werkbonus per worker 61+ a year: midpoint of EUR 2,100-2,350"
    )
    employer_bonus_eur: float = Field(1750.0, ge=0.0, le=1e6, description="per worker 62+ kept a year")
    mobility_bonus_eur: float = Field(3500.0, ge=0.0, le=1e6, description="single bonus; doubled for unemployed 50+")
    retire_log_odds: float = Effect(-0.05, -0.15, 0.0, "CPB: little effect (assumption for the size)")
    reemployment_log_odds: float = Effect(0.10, 0.0, 0.25, "CPB: little effect; wage subsidy for 50+ (assumption)")

    def eligible(self, context: YearContext) -> np.ndarray:
        occupation = context.people.occupation
        age = context.ages()
        in_labour = context.in_stages(Stage.LABOUR)
        employed = (occupation == Occupation.TECH) | (occupation == Occupation.NONTECH)
        aow = pension_age(context.params, context.year)  # the bonuses stop at the statutory pension age
        workers = in_labour & employed & (age >= 61) & (age < aow)
        unemployed = in_labour & (occupation == Occupation.UNEMPLOYED) & (age >= 50)
        return workers | unemployed

    @staticmethod
    def _split(context: YearContext, reached: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        unemployed = context.people.occupation[reached] == Occupation.UNEMPLOYED
        return reached[~unemployed], reached[unemployed]

    def act(self, context: YearContext, reached: np.ndarray) -> None:
        workers, unemployed = self._split(context, reached)
        self.shifts(context, "retire")[workers] += np.float32(self.retire_log_odds)
        self.shifts(context, "reemployment")[unemployed] += np.float32(self.reemployment_log_odds)

    def cost_eur(self, context: YearContext, reached: np.ndarray) -> float:
        """Bonuses paid: every reached worker's werkbonus, the employer bonus from 62, and the double
        mobility bonus for each expected hire of a reached unemployed person (deadweight included)."""
        workers, unemployed = self._split(context, reached)
        age = context.ages()
        paid = len(workers) * self.cost_per_unit_eur + np.count_nonzero(age[workers] >= 62) * self.employer_bonus_eur
        hires = expected_hires(context.params, age[unemployed], float(self.reemployment_log_odds))
        return (paid + hires * 2.0 * self.mobility_bonus_eur) / context.scale
