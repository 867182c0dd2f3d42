"""The Vitaliteitspakket as enacted from 2013 (letter §5; annex, Speerpunt 3; sources/measures_enacted.md §7).

Two parts ran: the income-tested werkbonus and the premiekorting for hiring older benefit recipients.

The letter proposed a werkbonus of EUR 2,100-2,350 for every worker 61+, EUR 1,750 a year to employers
keeping workers 62+, EUR 3,500 a year for hiring an employed person 55+ and double for a benefit
recipient 50+; CPB judged the package would not make older people work more or longer. What ran:
- werkbonus (art. 8.12 Wet IB 2001, amendment Harbers/Plasterk, Kamerstuk 33402 nr. 5): a tax credit of
  at most EUR 1,100 (2013; EUR 1,119 2014-2017) for labour income EUR 17,139-33,326, for people turning
  61-64 in the year, born 1949-1953, paid 2013-2017 and closed to new entrants from 2015;
- the employer discount for keeping 62+ was abolished on 1 January 2013; the mobility bonus for hiring
  employed 55+ was never introduced (Kamerstuk 33284);
- the premiekorting for hiring a benefit recipient: EUR 7,000 a year for up to three years, aged 50+
  (56+ for hires from 2015), ended 1 January 2018 (UWV), paid from the social-insurance funds.
The letter's version is configs/interventions/vitaliteitspakket_as_proposed.toml.
Channels: this year's retirement hazard ("retire", negative: later) for werkbonus recipients, and the
re-employment hazard ("reemployment") for the unemployed whose hire an employer would claim it for.
Cost and deadweight: bonuses paid, and the part paid for what the reached would have done anyway, from
the same rules at shift 0 in each person's state (the paired baseline person, in expectation). The
hiring bonus is booked in the year of the hire for all its years (up to three, until the pension age).
"""

from __future__ import annotations

from typing import ClassVar, Literal

import numpy as np
from numba import njit
from pydantic import Field

from ..codes import Occupation, Stage
from ..rng import uniform_array
from ..rules import pension_age, reemployment_probability, retirement_probability
from .base import Effect, Payers, ReachIntervention, YearContext

CPB_POPULATION = "CPB ex-ante doorrekening of the package (no effect); Netspar thesis, LISS panel 2008-2012"
SEO_POPULATION = "Dutch employers rating hypothetical older candidates (SEO 2012, stated preference)"


@njit(cache=True)
def retirement_chances(p, age, year, shift):
    """Each reached worker's probability of retiring this year with the bonus and without it."""
    with_bonus = np.empty(len(age))
    without = np.empty(len(age))
    for k in range(len(age)):
        with_bonus[k] = retirement_probability(p, age=age[k], year=year, shift=shift)
        without[k] = retirement_probability(p, age=age[k], year=year, shift=0.0)
    return with_bonus, without


@njit(cache=True)
def hiring_chances(p, age, shift):
    """Each reached unemployed person's probability of being hired this year with the bonus and without it."""
    with_bonus = np.empty(len(age))
    without = np.empty(len(age))
    for k in range(len(age)):
        with_bonus[k] = reemployment_probability(p, age=age[k], shift=shift)
        without[k] = reemployment_probability(p, age=age[k], shift=0.0)
    return with_bonus, without


class Vitaliteitspakket(ReachIntervention):
    NAME: ClassVar[str] = "vitaliteitspakket"
    SLOT: ClassVar[int] = 6
    TITLE: ClassVar[str] = (
        "Vitaliteitspakket: income-tested werkbonus 61-64 and premiekorting for hiring older unemployed"
    )
    CHANNELS: ClassVar[tuple[str, ...]] = ("retire", "reemployment")
    ENACTMENT: ClassVar[str] = (
        "werkbonus: Kamerstuk 33402 nr. 5 (art. 8.12 Wet IB 2001), 2013-2017, cohorts 1949-1953; premiekorting"
        " 62+ abolished 1 Jan 2013 (SZW-begroting 2013); mobility bonus 55+ never introduced (Kamerstuk 33284);"
        " premiekorting for hiring benefit recipients 50+ (56+ from 2015), EUR 7,000 a year, ended 1 Jan 2018 (UWV)"
    )
    AS_PROPOSED: ClassVar[dict] = {
        "end_year": 2020,
        "cost_per_unit_eur": 2225.0,
        "werkbonus_income_share": 1.0,
        "werkbonus_first_cohort": 1900,
        "werkbonus_last_cohort": 2100,
        "werkbonus_max_age": 70,
        "employer_bonus_eur": 1750.0,
        "hire_min_age_from_2015": 50,
        "hire_take_up": 1.0,
    }

    type: Literal["vitaliteitspakket"] = "vitaliteitspakket"
    start_year: int = Field(2013, ge=2011, le=2100, description="werkbonus and premiekorting from 1 January 2013")
    end_year: int = Field(
        2017, ge=2011, le=2100, description="werkbonus last paid 2017; premiekorting ended 1 Jan 2018 (UWV)"
    )
    payer_shares: dict[str, float] = Payers(
        {"state": 1.0}, "the tax credit (Belastingdienst) and the social-insurance funds' premiums (UWV)"
    )
    coverage: float | None = Field(1.0, ge=0.0, le=1.0, description="statutory: every eligible person is reached")
    # The 2013 formula (57.763% of labour income above EUR 17,139 up to EUR 1,100, less 10.502% above
    # EUR 22,852, zero at EUR 33,326) averaged over incomes spread evenly across the band: EUR 724.
    cost_per_unit_eur: float = Field(
        724.0, ge=0.0, le=1e7, description="werkbonus per recipient a year: the 2013 formula's mean over the band"
    )
    werkbonus_income_share: float = Field(
        0.3,
        ge=0.0,
        le=1.0,
        description="share of workers 61-64 with labour income EUR 17k-33k (assumption) [0.2, 0.45]",
    )
    werkbonus_first_cohort: int = Field(1949, ge=1900, le=2100, description="oldest cohort (Kamerstuk 33402 nr. 5)")
    werkbonus_last_cohort: int = Field(1953, ge=1900, le=2100, description="closed to those turning 61 from 2015")
    werkbonus_max_age: int = Field(64, ge=61, le=70, description="oldest recipient: turning 64 in the year")
    employer_bonus_eur: float = Field(
        0.0, ge=0.0, le=1e6, description="per worker 62+ kept a year: abolished 1 Jan 2013 (letter: EUR 1,750)"
    )
    hire_bonus_eur_per_year: float = Field(
        7000.0, ge=0.0, le=1e6, description="premiekorting per hire a year (Eversheds 2013; UWV)"
    )
    hire_bonus_years: int = Field(3, ge=0, le=10, description="years it is paid for a hire, at most (Wfsv)")
    hire_min_age: int = Field(50, ge=18, le=70, description="youngest hire from a benefit 2013-2014")
    hire_min_age_from_2015: int = Field(56, ge=18, le=70, description="youngest hire from 1 January 2015 (UWV)")
    hire_take_up: float = Field(
        0.6,
        ge=0.0,
        le=1.0,
        description="share of eligible hires claimed (assumption; KWI 2018: take-up incomplete) [0.3, 1.0]",
    )
    retire_log_odds: float = Effect(
        -0.05,
        -0.15,
        0.0,
        "CPB: no extra or longer work; Netspar thesis on the 2009 doorwerkbonus",
        key=0,
        grade="observational",
        population=CPB_POPULATION,
        transfer="the larger 2009 doorwerkbonus and expected retirement -> the 2013 werkbonus and actual retirement",
    )
    reemployment_log_odds: float = Effect(
        0.10,
        0.0,
        0.25,
        "SEO 2012 vignettes (Erken, Klokkenburg & Van der Werff 2014)",
        key=1,
        grade="observational",
        population=SEO_POPULATION,
        transfer="employers' stated hiring of 50+ benefit recipients -> actual hires",
    )

    def _property(self, context: YearContext, which: int) -> np.ndarray:
        """A draw per person that stays the same in every year: whether the income lies in the band (0),
        whether an employer would claim the bonus for the hire (1). Keyed on this measure's stream with a
        year that is never simulated, so it moves no other draw."""
        return uniform_array(context.params.run__seed, self.decision, context.people.key, which)

    def _werkbonus(self, context: YearContext) -> np.ndarray:
        people = context.people
        born = people.birth_year.astype(np.int64)
        age = context.ages()
        employed = (people.occupation == Occupation.TECH) | (people.occupation == Occupation.NONTECH)
        cohort = (born >= self.werkbonus_first_cohort) & (born <= self.werkbonus_last_cohort)
        aow = pension_age(context.params, context.year)  # nothing is paid from the statutory pension age
        ages = (age >= 61) & (age <= self.werkbonus_max_age) & (age < aow)
        in_band = self._property(context, 0) < self.werkbonus_income_share
        return context.in_stages(Stage.LABOUR) & employed & cohort & ages & in_band

    def _hires(self, context: YearContext) -> np.ndarray:
        min_age = self.hire_min_age if context.year < 2015 else self.hire_min_age_from_2015
        unemployed = context.in_stages(Stage.LABOUR) & (context.people.occupation == Occupation.UNEMPLOYED)
        claimed = self._property(context, 1) < self.hire_take_up
        return unemployed & (context.ages() >= min_age) & claimed

    def eligible(self, context: YearContext) -> np.ndarray:
        return self._werkbonus(context) | self._hires(context)

    @staticmethod
    def _split(context: YearContext, reached: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        unemployed = context.people.occupation[reached] == Occupation.UNEMPLOYED
        return reached[~unemployed], reached[unemployed]

    def act(self, context: YearContext, reached: np.ndarray) -> None:
        workers, unemployed = self._split(context, reached)
        self.shifts(context, "retire")[workers] += np.float32(self.retire_log_odds)
        self.shifts(context, "reemployment")[unemployed] += np.float32(self.reemployment_log_odds)

    def cost_eur(self, context: YearContext, reached: np.ndarray) -> tuple[float, float]:
        """Bonuses paid and their deadweight: the werkbonus (and any employer bonus from 62) for every
        reached worker, less what buys retirements avoided; the hiring bonus for each expected hire, of
        which the hires expected without it are deadweight."""
        workers, unemployed = self._split(context, reached)
        age = context.ages()
        bonus = self.cost_per_unit_eur + np.where(age[workers] >= 62, self.employer_bonus_eur, 0.0)
        retire, retire_anyway = retirement_chances(
            context.params, age[workers], context.year, float(self.retire_log_odds)
        )
        kept = retire_anyway - retire  # retirements avoided, in expectation
        aow = pension_age(context.params, context.year)
        years_paid = np.clip(aow - age[unemployed], 0, self.hire_bonus_years)
        hire_bonus = years_paid * self.hire_bonus_eur_per_year
        hired, hired_anyway = hiring_chances(context.params, age[unemployed], float(self.reemployment_log_odds))
        paid = bonus.sum() + (hired * hire_bonus).sum()
        deadweight = (bonus * (1.0 - kept)).sum() + (hired_anyway * hire_bonus).sum()
        return paid / context.scale, deadweight / context.scale
