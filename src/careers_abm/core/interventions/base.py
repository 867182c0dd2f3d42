"""The intervention framework: who a measure reaches, what it changes, and what it costs.

*Who is reached* is kept apart from *what it does* (as in Starsim's interventions). Each year an active
intervention selects the eligible persons, draws `u = uniform(seed, INTERVENTION_REACH + slot, key, year)`
per person (or per school group) and reaches those with `u < coverage`: more coverage reaches a superset
of the same people, and the draws of every other decision are untouched, so persons not reached keep all
their random numbers. A reached person gets the intervention's bit in `exposure`; the measure then acts
through this year's effects (log-odds shifts on a rule's term, `effects.py`), through persistent state
(a raised technical affinity), or, while the person stays exposed, in later years too. A measure sees
one year's `YearContext`, never the simulation, and writes only the channels it declares.

Units: effects are log-odds shifts; costs are nominal euros, undiscounted, for the whole country (the
simulated count divided by the scale), split over the payers by each measure's `payer_shares`. A
measure that pays a bonus for a behaviour the model has also records its deadweight: the part paid for
what the reached persons would have done at the baseline rule (shift 0) in the same state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, NamedTuple

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from ..codes import Decision, Stage
from ..effects import CHANNELS as EFFECT_CHANNELS
from ..effects import Effects
from ..params import Params
from ..people import People
from ..rng import uniform_array
from ..rules import log_odds

SCHOOL_CLASS_SIZE = 25  # pupils in a Dutch school group (OCW, Onderwijs in cijfers: 23-27); a reach unit
PAYERS = ("state", "social_partners", "firms", "eu")  # who pays; "state" includes the social-insurance funds
PUBLIC_PAYERS = ("state", "eu")  # public outlays: the headline euros per extra technician
GRADES = ("trial_same_population", "trial_elsewhere", "observational", "assumption")  # evidence, best first
PRIORS = ("triangular", "uniform")  # triangular(low, default, high) or uniform(low, high)
STATE_CHANNELS = ("affinity", "arrivals")  # persistent technical affinity; persons added to the population
KNOWN_CHANNELS = (*EFFECT_CHANNELS, *STATE_CHANNELS)


@dataclass(frozen=True)
class YearContext:
    """What a measure may read and change in one simulated year, after demography."""

    year: int
    people: People
    params: Params
    scale: float
    effects: Effects
    perceived_signal: Callable[[int | None], float]  # the premium seen this year, at the usual or a given lag

    def ages(self) -> np.ndarray:
        """Age reached this year, as the processes use it."""
        return self.year - self.people.birth_year.astype(np.int64)

    def in_stages(self, *stages: Stage) -> np.ndarray:
        return np.isin(self.people.stage, np.array([int(s) for s in stages], dtype=np.int8))

    def in_final_year(self) -> np.ndarray:
        """Pupils and students from the last nominal year of their programme on: they choose what comes next."""
        duration = self.params.study__duration
        programme = np.clip(self.people.stage.astype(np.int64) - int(Stage.VMBO), 0, len(duration) - 1)
        return self.people.study_years >= duration[programme] - 1


class Arrivals(NamedTuple):
    """Knowledge migrants a measure adds this year; the demography fills them with its own rule."""

    per_year: float
    tech_share: float


def log_odds_shift(base: float, new: float) -> float:
    """The log-odds shift that moves a probability `base` to `new`.

    Literature effects in percentage points are converted at the study's base rate, e.g. Breda et al.
    (2023): 11% -> 14.5% is logit(0.145) - logit(0.11) = 0.316. In the model the shift then applies at
    each person's own base rate, so the same shift gives fewer points where a choice is rare.
    """
    return float(log_odds(new) - log_odds(base))


def relative_change_shift(base: float, factor: float) -> float:
    """The log-odds shift that multiplies a probability `base` by `factor` (e.g. 0.9: a 10% cut)."""
    return log_odds_shift(base, base * factor)


def Effect(
    default: float,
    low: float,
    high: float,
    source: str,
    bounds: tuple[float, float] = (-5.0, 5.0),
    null: float | None = 0.0,
    *,
    key: int,
    grade: str,
    population: str,
    transfer: str = "",
    prior: str = "triangular",
) -> Any:
    """An effect parameter with its source (or 'assumption') and its prior distribution.

    `low`-`high` is the plausible range (sensitivity analysis, the app's sliders) and the prior's support:
    triangular with its mode at `default`, or uniform. `grade` (GRADES) says what evidence stands behind
    it and `population` whom that evidence covered; `transfer` names the assumption by which the model
    applies it to another population (its prior must then include the null value, tested). `null` is the
    value at which the measure changes nothing (None: not an effect size). `key` numbers the effect within
    its measure for the counter-based prior draws: fixed, never renumbered (like codes.Decision).
    """
    if grade not in GRADES or prior not in PRIORS or not low <= default <= high:
        raise TypeError(f"Effect: grade {grade!r}, prior {prior!r}, {low} <= {default} <= {high}")
    extra = {
        "range": [low, high],
        "null": null,
        "key": key,
        "grade": grade,
        "population": population,
        "transfer": transfer,
        "prior": prior,
    }
    return Field(default, ge=bounds[0], le=bounds[1], description=source, json_schema_extra=extra)


def Payers(shares: dict[str, float], source: str) -> Any:
    """Who pays the measure's outlays, as shares of its cost (summing to 1), with the source of the split."""
    return Field(default_factory=lambda: dict(shares), description=source)


class Intervention(BaseModel):
    """A measure with its active years and its cost; subclasses say whom it reaches and what it does."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)

    NAME: ClassVar[str]
    SLOT: ClassVar[int]  # fixed per type, never renumbered: it names the reach stream and the exposure bit
    TITLE: ClassVar[str]
    CHANNELS: ClassVar[tuple[str, ...]]  # what it writes: effect channels, "affinity" or "arrivals"
    UNIT: ClassVar[str] = "person"
    # The letter's proposal where the enactment differs: [[interventions]] values that turn the enacted
    # measure into the proposed one, and the source of the enactment (configs/interventions/<type>_as_proposed.toml).
    AS_PROPOSED: ClassVar[dict[str, Any]] = {}
    ENACTMENT: ClassVar[str] = ""  # what ran, with its source; "not enacted: ..." keeps it out of the package

    type: str
    start_year: int = Field(ge=2011, le=2100, description="first year (school year) in which it acts")
    end_year: int = Field(ge=2011, le=2100, description="last year in which it acts")
    cost_per_unit_eur: float = Field(ge=0.0, le=1e7, description="euros per unit reached")
    payer_shares: dict[str, float] = Payers({"state": 1.0}, "the state: the budget line in the module")

    _cost_eur: dict[int, float] = PrivateAttr(default_factory=dict)
    _deadweight_eur: dict[int, float] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _years_in_order(self):
        if self.end_year < self.start_year:
            raise ValueError(f"end_year {self.end_year} is before start_year {self.start_year}")
        return self

    @model_validator(mode="after")
    def _shares_of_known_payers(self):
        unknown = set(self.payer_shares) - set(PAYERS)
        if unknown:
            raise ValueError(f"payer_shares: unknown payers {sorted(unknown)}; allowed: {', '.join(PAYERS)}")
        if any(share < 0 for share in self.payer_shares.values()) or abs(sum(self.payer_shares.values()) - 1) > 1e-9:
            raise ValueError(f"payer_shares must be non-negative and sum to 1 (got {self.payer_shares})")
        return self

    @classmethod
    def enacted(cls) -> bool:
        return not cls.ENACTMENT.startswith("not enacted")

    @property
    def bit(self) -> np.uint32:
        return np.uint32(1 << self.SLOT)

    @property
    def decision(self) -> int:
        return int(Decision.INTERVENTION_REACH) + self.SLOT

    def active_in(self, year: int) -> bool:
        return self.start_year <= year <= self.end_year

    def apply(self, context: YearContext) -> None:
        """Called by the schedule each year after demography and effects.reset."""

    def arrivals(self, year: int) -> Arrivals | None:
        """Persons this measure adds to the population this year (None: it adds nobody)."""
        return None

    def record(self, year: int, cost_eur: float, deadweight_eur: float = 0.0) -> None:
        """This year's outlays (national euros) and the part of them that is deadweight."""
        self._cost_eur[year] = self._cost_eur.get(year, 0.0) + cost_eur
        self._deadweight_eur[year] = self._deadweight_eur.get(year, 0.0) + deadweight_eur

    def cost_by_year(self) -> dict[int, float]:
        """Euros spent in each year (national), as recorded while the run went on."""
        return dict(self._cost_eur)

    def cost_by_payer(self) -> dict[str, dict[int, float]]:
        """Euros spent in each year by each payer: the year's cost times the payer's share."""
        return {
            payer: {year: eur * self.payer_shares.get(payer, 0.0) for year, eur in self._cost_eur.items()}
            for payer in PAYERS
        }

    def deadweight_by_year(self) -> dict[int, float]:
        """Bonus euros paid each year for what the reached would have done anyway (see cost_eur)."""
        return dict(self._deadweight_eur)

    def shifts(self, context: YearContext, channel: str) -> np.ndarray:
        """This year's writable shifts of one of the measure's declared effect channels."""
        self._check_declared(channel)
        return context.effects.channel(channel)

    def raise_affinity(self, context: YearContext, rows: np.ndarray, choice_log_odds: np.ndarray | float) -> None:
        """Persistently raise the technical affinity of `rows` by the equivalent of a choice shift.

        A shift of d log-odds on the technical choice equals an affinity raise of d / the choice rule's
        affinity slope, so the literature's effect on a choice is reproduced at the next choice and then
        carries on into later choices, the job choice and the peers' shares.
        """
        self._check_declared("affinity")
        slope = context.params.schooling__tech_slopes__affinity
        context.people.affinity[rows] += (np.asarray(choice_log_odds) / slope).astype(np.float32)

    def _check_declared(self, channel: str) -> None:
        if channel not in self.CHANNELS:
            raise RuntimeError(f"{self.NAME} writes {channel!r} but declares only {', '.join(self.CHANNELS)}")


class ReachIntervention(Intervention):
    """An intervention that reaches part of an eligible population, by coverage, budget or a number of units.

    Exactly one reach mode is in force: the one set in the scenario file, else the module's default.
    With REACH_ONCE a person (or group) is reached at most once. A measure whose effect lasts while the
    person stays in some state (enrolled, say) gives that state in `while_exposed` and acts on the
    exposed in `act_while_exposed` every year, also after its last active year.
    """

    REACH_BY_GROUP: ClassVar[bool] = False
    REACH_ONCE: ClassVar[bool] = False

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

    def eligible(self, context: YearContext) -> np.ndarray:
        """Mask of the persons this measure may reach this year (before REACH_ONCE's not-yet-reached)."""
        raise NotImplementedError

    def act(self, context: YearContext, reached: np.ndarray) -> None:
        """Change this year's effects, or persistent state, for the rows reached this year."""

    def while_exposed(self, context: YearContext) -> np.ndarray | None:
        """Mask of persons on whom an earlier reach still acts this year (None: no lasting effect)."""
        return None

    def act_while_exposed(self, context: YearContext, rows: np.ndarray) -> None:
        """Change this year's effects for the exposed rows in the state `while_exposed` names."""
        raise NotImplementedError

    def exposed(self, context: YearContext) -> np.ndarray:
        return (context.people.exposure & self.bit) != 0

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

    def draws(self, context: YearContext, rows: np.ndarray) -> np.ndarray:
        """The reach draw of each row: keyed by the person, or by the school group for group measures."""
        people = context.people
        keys = people.group[rows].astype(np.uint64) if self.REACH_BY_GROUP else people.key[rows]
        return uniform_array(context.params.run__seed, self.decision, keys, context.year)

    def cost_eur(self, context: YearContext, reached: np.ndarray) -> float | tuple[float, float]:
        """This year's outlays for the rows reached; a bonus measure returns (outlays, deadweight)."""
        return len(reached) / context.scale / self.persons_per_unit * self.cost_per_unit_eur

    def apply(self, context: YearContext) -> None:
        if self.active_in(context.year):
            self._reach(context)
        lasting = self.while_exposed(context)
        if lasting is not None:
            rows = np.flatnonzero(lasting & self.exposed(context))
            if len(rows):
                self.act_while_exposed(context, rows)

    def _reach(self, context: YearContext) -> None:
        mask = self.eligible(context)
        if self.REACH_ONCE:
            mask = mask & ~self.exposed(context)
        rows = np.flatnonzero(mask)
        coverage = self.coverage_in(len(rows) / context.scale / self.persons_per_unit)
        reached = rows[self.draws(context, rows) < coverage]
        context.people.exposure[reached] |= self.bit
        cost = self.cost_eur(context, reached)
        self.record(context.year, *(cost if isinstance(cost, tuple) else (cost,)))
        if len(reached):
            self.act(context, reached)
