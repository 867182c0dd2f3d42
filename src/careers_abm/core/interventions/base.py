"""The intervention framework: who a measure reaches, what it changes, and what it costs.

*Who is reached* is kept apart from *what it does* (as in Starsim's interventions). Each year an active
intervention selects the eligible persons, draws `u = uniform(seed, INTERVENTION_REACH + slot, key, year)`
per person (or per school group) and reaches those with `u < coverage`: more coverage reaches a superset
of the same people, and the draws of every other decision are untouched, so persons not reached keep all
their random numbers. A reached person gets the intervention's bit in `exposure`; the measure then acts
either through this year's effects (log-odds shifts on a rule's term, `effects.py`) or through persistent
state (a raised technical affinity), as each module explains.

Units: effects are log-odds shifts; costs are nominal euros, undiscounted, for the whole country (the
simulated count divided by the scale).
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from ..codes import Decision, Stage
from ..rng import uniform_array

SCHOOL_CLASS_SIZE = 25  # pupils in a Dutch school group (OCW, Onderwijs in cijfers: 23-27); a reach unit


def logit(p: float) -> float:
    return float(np.log(p / (1.0 - p)))


def log_odds_shift(base: float, new: float) -> float:
    """The log-odds shift that moves a probability `base` to `new`.

    Literature effects in percentage points are converted at the study's base rate, e.g. Breda et al.
    (2023): 11% -> 14.5% is logit(0.145) - logit(0.11) = 0.316. In the model the shift then applies at
    each person's own base rate, so the same shift gives fewer points where a choice is rare.
    """
    return logit(new) - logit(base)


def relative_change_shift(base: float, factor: float) -> float:
    """The log-odds shift that multiplies a probability `base` by `factor` (e.g. 0.9: a 10% cut)."""
    return log_odds_shift(base, base * factor)


def Effect(default: float, low: float, high: float, source: str, bounds: tuple[float, float] = (-5.0, 5.0)) -> Any:
    """A parameter with its source (or 'assumption') and its plausible range for sensitivity analysis."""
    return Field(default, ge=bounds[0], le=bounds[1], description=source, json_schema_extra={"range": [low, high]})


def ages(sim, year: int) -> np.ndarray:
    """Age reached this year, as the processes use it."""
    return year - sim.people.birth_year.astype(np.int64)


def alive_in(sim, *stages: Stage) -> np.ndarray:
    return np.isin(sim.people.stage, np.array([int(s) for s in stages], dtype=np.int8))


class Intervention(BaseModel):
    """A measure with its active years and its cost; subclasses say whom it reaches and what it does."""

    model_config = ConfigDict(extra="forbid", strict=True)

    NAME: ClassVar[str]
    SLOT: ClassVar[int]  # fixed per type, never renumbered: it names the reach stream and the exposure bit
    TITLE: ClassVar[str]
    CHANNELS: ClassVar[tuple[str, ...]]  # effects channels written, or "affinity" for the persistent state
    UNIT: ClassVar[str] = "person"

    type: str
    start_year: int = Field(ge=2011, le=2100, description="first year (school year) in which it acts")
    end_year: int = Field(ge=2011, le=2100, description="last year in which it acts")
    cost_per_unit_eur: float = Field(ge=0.0, le=1e7, description="euros per unit reached")

    _cost_eur: dict[int, float] = PrivateAttr(default_factory=dict)
    _reached: dict[int, float] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _years_in_order(self):
        if self.end_year < self.start_year:
            raise ValueError(f"end_year {self.end_year} is before start_year {self.start_year}")
        return self

    @property
    def bit(self) -> np.uint32:
        return np.uint32(1 << self.SLOT)

    @property
    def decision(self) -> int:
        return int(Decision.INTERVENTION_REACH) + self.SLOT

    def apply(self, sim, year: int) -> None:
        """Called by Sim.step after demography and effects.reset: reach people and write effects."""
        if self.start_year <= year <= self.end_year:
            self._act_this_year(sim, year)

    def _act_this_year(self, sim, year: int) -> None:
        raise NotImplementedError

    def record(self, year: int, units_national: float, cost_eur: float) -> None:
        self._reached[year] = self._reached.get(year, 0.0) + units_national
        self._cost_eur[year] = self._cost_eur.get(year, 0.0) + cost_eur

    def cost_by_year(self) -> dict[int, float]:
        """Euros spent in each year (national), as recorded while the run went on."""
        return dict(self._cost_eur)

    def reached_by_year(self) -> dict[int, float]:
        """Units reached in each year (national: persons, or school groups for group measures)."""
        return dict(self._reached)


class ReachIntervention(Intervention):
    """An intervention that reaches part of an eligible population, by coverage, budget or a number of units.

    Exactly one reach mode is in force: the one set in the scenario file, else the module's default.
    """

    REACH_BY_GROUP: ClassVar[bool] = False

    coverage: float | None = Field(None, ge=0.0, le=1.0, description="share of eligible units reached a year")
    budget_eur_per_year: float | None = Field(
        None, ge=0.0, le=1e11, description="yearly budget; coverage = budget / cost per unit / eligible units"
    )
    units_per_year: float | None = Field(
        None, ge=0.0, le=1e8, description="units (persons or school groups) reached a year, nationally"
    )

    @model_validator(mode="after")
    def _one_reach_mode(self):
        modes = ("coverage", "budget_eur_per_year", "units_per_year")
        chosen = [mode for mode in modes if mode in self.model_fields_set]
        if len(chosen) > 1:
            raise ValueError(f"set only one of {', '.join(modes)} (got {', '.join(chosen)})")
        if chosen:
            for mode in modes:
                if mode != chosen[0]:
                    object.__setattr__(self, mode, None)
        if all(getattr(self, mode) is None for mode in modes):
            raise ValueError(f"set one of {', '.join(modes)}")
        return self

    @property
    def persons_per_unit(self) -> float:
        return float(SCHOOL_CLASS_SIZE) if self.REACH_BY_GROUP else 1.0

    def eligible(self, sim, year: int) -> np.ndarray:
        """Rows of the persons this measure may reach this year."""
        raise NotImplementedError

    def act(self, sim, year: int, reached: np.ndarray) -> None:
        """Change this year's effects, or persistent state, for the reached rows."""
        raise NotImplementedError

    def coverage_in(self, eligible_units: float) -> float:
        """This year's coverage, from the reach mode and the national number of eligible units."""
        if self.coverage is not None:
            return self.coverage
        if eligible_units <= 0.0:
            return 0.0
        if self.budget_eur_per_year is not None:
            affordable = self.budget_eur_per_year / self.cost_per_unit_eur if self.cost_per_unit_eur > 0 else np.inf
        else:
            affordable = self.units_per_year
        return float(min(1.0, affordable / eligible_units))

    def draws(self, sim, rows: np.ndarray, year: int) -> np.ndarray:
        """The reach draw of each row: keyed by the person, or by the school group for group measures."""
        keys = sim.people.group[rows].astype(np.uint64) if self.REACH_BY_GROUP else sim.people.key[rows]
        return uniform_array(sim.params.seed, self.decision, keys, year)

    def cost_eur(self, sim, year: int, reached: np.ndarray) -> float:
        return len(reached) / sim.scale / self.persons_per_unit * self.cost_per_unit_eur

    def _act_this_year(self, sim, year: int) -> None:
        rows = self.eligible(sim, year)
        coverage = self.coverage_in(len(rows) / sim.scale / self.persons_per_unit)
        u = self.draws(sim, rows, year)
        hit = u < coverage
        reached = rows[hit]
        sim.people.exposure[reached] |= self.bit
        self.record(year, len(reached) / sim.scale / self.persons_per_unit, self.cost_eur(sim, year, reached))
        if len(reached):
            self.act(sim, year, reached)


def raise_affinity(sim, rows: np.ndarray, choice_log_odds: np.ndarray | float) -> None:
    """Persistently raise the technical affinity of `rows` by the equivalent of a choice shift.

    A shift of d log-odds on the technical choice equals an affinity raise of d / slope_affinity (the
    choice rule's affinity slope), so the literature's effect on a choice is reproduced at the next
    choice and then carries on into later choices, the job choice and the peers' shares.
    """
    sim.people.affinity[rows] += (np.asarray(choice_log_odds) / sim.params.slope_affinity).astype(np.float32)
