"""The technical labour market: openings against new supply per level, a shortage index, and a wage
premium that adjusts with frictions and that choosers see with a lag (the source of a pig cycle).

Reads: the year's counters (technical outflow and inflow per level) and the stock at the year's start.
Writes: nothing in the person arrays; keeps the premium history that the signal is read from.
"""

from __future__ import annotations

import numpy as np

from ..codes import LEVEL_NAMES
from ..results import EDUCATED_EMPLOYED, EDUCATED_REPLACEMENT, TECH_LABOUR_INFLOW, TECH_OUTFLOW, TECH_WORKERS


class LabourMarket:
    def __init__(self, p):
        """`p`: the parameter record (params.py)."""
        self.expansion_rate = p.labour_market__expansion_rate
        self.adjustment = p.labour_market__premium__adjustment
        self.decay = p.labour_market__premium__decay
        self.lag = p.labour_market__premium__lag
        self.initial = p.labour_market__premium__initial
        self.premium = p.labour_market__premium__initial
        self.history: dict[int, float] = {}

    def perceived_signal(self, year: int, lag: int | None = None) -> float:
        """The premium as choosers in `year` know it: the value at the end of year - 1 - lag, where the
        lag is the usual information lag of the config unless a measure gives choosers another one."""
        return self.history.get(year - 1 - (self.lag if lag is None else lag), self.initial)

    def close_year(self, year: int, counts: np.ndarray, counts_at_start: np.ndarray) -> dict:
        """Openings = replacement (every exit from technical work) + expansion of the stock.

        The ROA projections count by education instead: openings for the technically educated are
        their exits from the labour force and from technical occupations, plus the same expansion of
        their employed stock.
        """
        stock_at_start = _levels(counts_at_start, TECH_WORKERS)
        outflow = _levels(counts, TECH_OUTFLOW)
        inflow = _levels(counts, TECH_LABOUR_INFLOW)
        openings = outflow + self.expansion_rate * stock_at_start
        educated_openings = _levels(counts, EDUCATED_REPLACEMENT)
        educated_openings += self.expansion_rate * _levels(counts_at_start, EDUCATED_EMPLOYED)
        shortage_index = (openings.sum() - inflow.sum()) / max(stock_at_start.sum(), 1.0)
        self.premium = (1.0 - self.decay) * self.premium + self.adjustment * shortage_index
        self.history[year] = self.premium
        return {
            "openings": dict(zip(LEVEL_NAMES, openings.tolist())),
            "educated_openings": dict(zip(LEVEL_NAMES, educated_openings.tolist())),
            "premium": self.premium,
            "shortage_index": shortage_index,
        }


def _levels(counts: np.ndarray, first: int) -> np.ndarray:
    return counts[first : first + 4].astype(np.float64)
