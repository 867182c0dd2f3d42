"""The technical labour market as a market: demand per level opens vacancies, applicants are matched to
them, unfilled vacancies carry over or are withdrawn, and tension moves a bounded wage premium that
choosers see with a lag (the source of a pig cycle).

The market acts between the per-person phases, on counts only, so that no person's draw depends on
update order:
  after working life  `open_vacancies`: vacancies = carried over + opened (replacement + trend
                      turnover + expansion), the matches per level, and a hiring threshold per level;
  matching phase      each applicant is hired when their TECH_HIRE draw is below their level's
                      threshold (labour.match_applicant): exactly the `matches` lowest draws;
  after matching      `reemployment_shift`: the common shift of re-employment that brings the national
                      unemployment rate to the path (labour.find_work);
                      `close_year`: filled, withdrawn and carried over; tension; the premium.
Knowledge migrants arrive with a technical job: they fill a vacancy before matching starts.

Reads: the year's counters (exits, applicants, hires, the unemployed) and the stock at the year's start.
Writes: nothing in the person arrays. Invariant, per level and year, exactly:
  carried in + opened = filled + withdrawn + carried over, and filled <= vacancies, filled <= applicants
  + knowledge migrants.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ..codes import LEVEL_NAMES, LEVEL_OF_ATTAINMENT, Decision, Level
from ..results import (
    DIRECT_HIRES,
    EDUCATED_EMPLOYED,
    EDUCATED_ENTRANTS,
    EDUCATED_REPLACEMENT,
    EMPLOYED,
    TECH_APPLICANTS,
    TECH_HIRES,
    TECH_REPLACEMENT,
    TECH_WORKERS,
    UNEMPLOYED,
    UNEMPLOYED_TECH_EDUCATED,
)
from ..rng import uniform_array
from ..rules import cycle_position, matches, next_premium, reemployment_probability, unemployment_rate
from .labour import CYCLE, TENSION

N_LEVELS = len(Level)
# ROA-style typology of prospects from technically educated job seekers per vacancy opened (ROA's
# indicator of future prospects is supply over demand). Cut points: assumption in ROA's spirit.
PROSPECTS = ((0.85, 4), (1.0, 3), (1.15, 2))  # below the ratio: 4 good, 3 fair, 2 moderate; else 1 poor
LEVEL_OF_ATTAINMENT_ARRAY = np.asarray(LEVEL_OF_ATTAINMENT, dtype=np.int64)


@njit(cache=True)
def expected_finders(p, searchers_by_age, shift):
    """How many of those searching find work in expectation, at a common log-odds `shift`."""
    total = 0.0
    for age in range(len(searchers_by_age)):
        if searchers_by_age[age] > 0:
            total += searchers_by_age[age] * reemployment_probability(p, age=age, shift=shift)
    return total


def common_shift(p, searchers_by_age: np.ndarray, needed: float) -> float:
    """The log-odds shift at which `needed` of the searchers find work in expectation (bisection:
    expected finders rise with the shift); -inf when none need to, +inf when all do."""
    if needed <= 0.0:
        return -np.inf
    if needed >= searchers_by_age.sum():
        return np.inf
    low, high = -30.0, 30.0
    for _ in range(60):
        middle = 0.5 * (low + high)
        if expected_finders(p, searchers_by_age, middle) < needed:
            low = middle
        else:
            high = middle
    return 0.5 * (low + high)


def prospects(seekers_per_opening: float) -> int:
    for ratio, code in PROSPECTS:
        if seekers_per_opening < ratio:
            return code
    return 1


class LabourMarket:
    def __init__(self, p):
        """`p`: the parameter record (params.py)."""
        self.p = p
        self.expansion_rate = p.labour_market__expansion_rate
        self.lag = p.labour_market__premium__lag
        self.initial = p.labour_market__premium__initial
        self.premium = p.labour_market__premium__initial
        self.history: dict[int, float] = {}
        self.carried = np.zeros(N_LEVELS, dtype=np.int64)
        self.tension = np.full(N_LEVELS, p.labour_market__premium__reference_tension)
        self._year: dict = {}

    def perceived_signal(self, year: int, lag: int | None = None) -> float:
        """The premium as choosers in `year` know it: the value at the end of year - 1 - lag, where the
        lag is the usual information lag of the config unless a measure gives choosers another one."""
        return self.history.get(year - 1 - (self.lag if lag is None else lag), self.initial)

    def conditions(self, year: int) -> np.ndarray:
        """What every person sees this year: the cycle position and last year's tension per level."""
        market = np.empty(TENSION + N_LEVELS)
        market[CYCLE] = cycle_position(self.p, year)
        market[TENSION:] = self.tension
        return market

    def reemployment_shift(self, year: int, counts: np.ndarray, searcher_ages: np.ndarray) -> float:
        """The common shift of this year's re-employment (labour.find_work), set after matching: the
        expected number of the searchers who find work brings the national unemployment rate at the
        year's end to the path (rules.unemployment_rate: CBS to 2023, projected after). The path is an
        observed input, as the demographic totals are: the model decides who is unemployed (job loss by
        level and cyclicality, age, the measures), the path how many. A measure's own re-employment
        shift comes on top, so its effect on the total is what it adds within the year."""
        unemployed, labour_force = counts[UNEMPLOYED], counts[UNEMPLOYED] + counts[EMPLOYED]
        needed = unemployed - unemployment_rate(self.p, year) / 100.0 * labour_force
        return common_shift(self.p, np.bincount(searcher_ages).astype(np.float64), needed)

    def open_vacancies(
        self, year: int, counts: np.ndarray, counts_at_start: np.ndarray, people, applicant_rows: np.ndarray
    ) -> np.ndarray:
        """Vacancies per level after this year's exits, and the hiring threshold of each level
        (`applicant_rows`: the rows of this year's applicants for technical jobs, ascending).

        Opened = replacement (exits other than lay-offs) + (trend lay-off rate + expansion - productivity
        growth) x the stock at the year's start: lay-offs above the trend rate are posts destroyed by the
        cycle. Knowledge migrants fill vacancies first (one is opened for any that none covers).
        """
        p = self.p
        stock = _levels(counts_at_start, TECH_WORKERS)
        rate = p.working_life__job_loss + self.expansion_rate - p.labour_market__productivity_growth
        opened = np.maximum(_levels(counts, TECH_REPLACEMENT) + np.floor(rate * stock + 0.5).astype(np.int64), 0)
        direct = _levels(counts, DIRECT_HIRES)
        opened += np.maximum(direct - self.carried - opened, 0)
        vacancies = self.carried + opened
        applicants = _levels(counts, TECH_APPLICANTS)
        matched = np.array([matches(p, int(v), int(a)) for v, a in zip(vacancies - direct, applicants)])
        c = people.columns()
        levels = LEVEL_OF_ATTAINMENT_ARRAY[c.attainment[applicant_rows]]
        draws = uniform_array(p.run__seed, int(Decision.TECH_HIRE), c.key[applicant_rows], year)
        thresholds = np.zeros(N_LEVELS)
        for level in range(N_LEVELS):
            mine = draws[levels == level]
            if matched[level] >= len(mine):
                thresholds[level] = 2.0  # everyone (draws are below 1)
            elif matched[level] > 0:
                thresholds[level] = np.partition(mine, matched[level])[matched[level]]
        self._year = {"carried_in": self.carried.copy(), "opened": opened, "vacancies": vacancies}
        return thresholds

    def close_year(self, year: int, counts: np.ndarray, counts_at_start: np.ndarray) -> dict:
        """Filled, withdrawn and carried-over vacancies, tension per level and the premium after the year.

        The ROA comparators count by education: openings for the technically educated are their exits
        from the labour force and from technical occupations, plus expansion of their employed stock.
        """
        p = self.p
        vacancies = self._year["vacancies"]
        filled = _levels(counts, TECH_HIRES)
        unfilled = vacancies - filled
        if np.any(unfilled < 0):
            raise AssertionError(f"{year}: more technical hires than vacancies: {filled} > {vacancies}")
        withdrawn = np.floor(p.labour_market__matching__withdrawal * unfilled + 0.5).astype(np.int64)
        carried = unfilled - withdrawn
        unemployed = _levels(counts, UNEMPLOYED_TECH_EDUCATED)
        tension = carried / np.maximum(unemployed, 1)
        national = carried.sum() / max(unemployed.sum(), 1)
        self.premium = float(next_premium(p, self.premium, national))
        self.history[year] = self.premium
        self.carried, self.tension = carried, tension
        opened = self._year["opened"]
        seekers = _levels(counts, EDUCATED_ENTRANTS) + unemployed
        outlook = [prospects(s / max(o, 1)) for s, o in zip(seekers.tolist(), opened.tolist())]
        educated_openings = _levels(counts, EDUCATED_REPLACEMENT).astype(np.float64)
        educated_openings += self.expansion_rate * _levels(counts_at_start, EDUCATED_EMPLOYED)
        return {
            "openings": _by_level(opened),
            "carried_in": _by_level(self._year["carried_in"]),
            "filled": _by_level(filled),
            "withdrawn": _by_level(withdrawn),
            "vacancies": _by_level(carried),
            "unfilled": _by_level(unfilled),
            "tension": _by_level(tension),
            "prospects": _by_level(np.array(outlook)),
            "educated_openings": _by_level(educated_openings),
            "premium": self.premium,
            "tension_national": national,
        }


def _levels(counts: np.ndarray, first: int) -> np.ndarray:
    return counts[first : first + N_LEVELS].astype(np.int64)


def _by_level(values: np.ndarray) -> dict:
    return dict(zip(LEVEL_NAMES, np.asarray(values).tolist()))
