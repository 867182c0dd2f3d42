"""Scalar outcomes of a run: one number per run from its yearly series, for sensitivity analysis and
for tools that expect a function returning scalars (EMA Workbench, SALib).

An outcome names the series columns it reads (summed when several), a span of years and a statistic
over that span. The defaults below are the questions of DESIGN §1: the shortage, the "4 op de 10"
share, the technical workforce and how much the wage premium swings.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..core.results import CONTRACT_COLUMNS

LEVELS = ("vmbo", "mbo", "hbo", "wo")


class Outcome(BaseModel):
    """`statistic` over `years` (inclusive) of the sum of `columns`; 'final' takes the last year."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    name: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    columns: list[str] = Field(min_length=1)
    years: list[int] = Field(min_length=2, max_length=2)
    statistic: Literal["sum", "mean", "final", "std"] = "mean"

    @model_validator(mode="after")
    def _known_columns(self) -> Outcome:
        unknown = [column for column in self.columns if column not in CONTRACT_COLUMNS]
        if unknown:
            raise ValueError(f"outcome '{self.name}': unknown series column {unknown[0]!r}")
        if self.years[1] < self.years[0]:
            raise ValueError(f"outcome '{self.name}': years {self.years} run backwards")
        return self


DEFAULT_OUTCOMES = (
    Outcome(
        name="tech_shortage_total_2011_2030",
        columns=[f"tech_shortage_{level}" for level in LEVELS],
        years=[2011, 2030],
        statistic="sum",
    ),
    Outcome(name="tech_inflow_share_he_2030", columns=["tech_inflow_share_he"], years=[2030, 2030], statistic="final"),
    Outcome(name="tech_workers_2030", columns=["tech_workers"], years=[2030, 2030], statistic="final"),
    Outcome(name="tech_wage_premium_std", columns=["tech_wage_premium"], years=[2011, 2040], statistic="std"),
)


def evaluate(series: pd.DataFrame, outcomes: tuple[Outcome, ...] | list[Outcome]) -> dict[str, float]:
    """Each outcome over the years of `series` that fall in its span (NaN when none do)."""
    values: dict[str, float] = {}
    for outcome in outcomes:
        first, last = outcome.years
        rows = series[(series["year"] >= first) & (series["year"] <= last)]
        total = rows[outcome.columns].sum(axis=1).to_numpy(dtype=float)
        if len(total) == 0:
            values[outcome.name] = float("nan")
        elif outcome.statistic == "sum":
            values[outcome.name] = float(total.sum())
        elif outcome.statistic == "mean":
            values[outcome.name] = float(total.mean())
        elif outcome.statistic == "final":
            values[outcome.name] = float(total[-1])
        else:
            values[outcome.name] = float(np.std(total))
    return values


def covered(outcomes: tuple[Outcome, ...] | list[Outcome], first_year: int, last_year: int) -> list[Outcome]:
    """The outcomes a run reporting first_year..last_year can answer. One whose span lies outside the run
    is left out; one whose span the run covers in part is cut to the years covered, and a name that
    states its span (`..._2011_2030`) is renamed to the years covered (`..._2011_2012`)."""
    kept = []
    for outcome in outcomes:
        start, end = outcome.years
        low, high = max(start, first_year), min(end, last_year)
        if low > high:
            continue
        if (low, high) == (start, end):
            kept.append(outcome)
            continue
        name = outcome.name.removesuffix(f"_{start}_{end}")
        name = f"{name}_{low}_{high}" if name != outcome.name else name
        kept.append(outcome.model_copy(update={"name": name, "years": [low, high]}))
    return kept


def columns_used(outcomes: tuple[Outcome, ...] | list[Outcome]) -> list[str]:
    return list(dict.fromkeys(column for outcome in outcomes for column in outcome.columns))
