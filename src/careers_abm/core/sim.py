"""Sim: the person arrays, the yearly schedule written out once and in order, and the results.

One simulated year:
  peer shares and the labour-market signal <- the state at the year's start (order never matters)
  1 demography (deaths, births, immigrants) -> 2 interventions -> 3 schooling (incl. foreign
  graduates' search year) -> 4 labour-market entry -> 5 working life (both: applications for technical
  jobs) -> 6 emigration (the year's total less the foreign graduates who left in 3; an applicant who
  leaves withdraws) -> 7 labour market: vacancies and thresholds from the counts, the matching phase,
  then re-employment of the searchers at the national path's rate, tension and the premium -> 8 results

The schedule is written once, here. Each per-person phase goes through an executor: `KernelPhases`
(the fast path: one parallel kernel over the rows the year visits, living.py) or `agents.AgentPhases`
(every PersonAgent applies the same per-person function to its own row). Either way a phase reaches
everyone before the next phase starts, and a person only writes its own row, so both paths give the
same bits. Phases that read only the person's own row share a pass on the fast path: the draws of
deaths and mothers (before the deaths; the dead then give no birth), and labour-market entry, working
life, the emigration draw and the counting (processes/working_year.py; the counts are then corrected
for the rows emigration and matching change).
"""

from __future__ import annotations

import copy

import numpy as np

from . import tables
from .build_cache import cached_population
from .chunks import threads_for
from .codes import Stage
from .config import Config
from .effects import Effects
from .groups import SchoolGroups
from .interventions import YearContext, build_interventions
from .living import start_year
from .params import params_from_config
from .people import People
from .population import BUILD_YEAR
from .processes.demography import (
    demography_keys_kernel,
    departures_kernel,
    general_immigrants_kernel,
    knowledge_migrants_kernel,
    newborns_kernel,
    students_kernel,
)
from .processes.labour import matching_kernel, reemployment_kernel, searching_rows
from .processes.labour_market import LabourMarket
from .processes.schooling import schooling_kernel
from .processes.working_year import working_year_kernel
from .results import EMIGRANTS, Results, contract_row, count_rows, count_year, idle_market
from .selection import smallest_keys
from .series import scaled_count, yearly_inputs


def constant_arrivals(per_year: float, scale: float, year: int) -> int:
    """Simulated arrivals this year of a constant yearly flow (knowledge migrants, a measure's)."""
    return scaled_count(per_year * (year - BUILD_YEAR), per_year, scale)


def _check_same_outside_interventions(config: Config, other: Config) -> None:
    mine, theirs = config.model_dump(), other.model_dump()
    mine.pop("interventions")
    theirs.pop("interventions")
    if mine != theirs:
        keys = sorted(key for key in mine if mine[key] != theirs.get(key))
        raise ValueError(f"a run can only be forked into a config that differs in its measures, not in {keys}")


class KernelPhases:
    """The fast path: each per-person phase of the year as one parallel kernel over the rows it visits."""

    demography_keys = staticmethod(demography_keys_kernel)
    newborns = staticmethod(newborns_kernel)
    general_immigrants = staticmethod(general_immigrants_kernel)
    students = staticmethod(students_kernel)
    knowledge_migrants = staticmethod(knowledge_migrants_kernel)
    schooling = staticmethod(schooling_kernel)
    working_year = staticmethod(working_year_kernel)
    matching = staticmethod(matching_kernel)
    reemployment = staticmethod(reemployment_kernel)


class Sim:
    # What carries from one year into the next besides the persons, their school groups and the
    # measures' records: forks and checkpoints (checkpoint.py) copy exactly these.
    CARRIED = ("year", "market", "results", "_counts_at_start", "initial_row")

    def __init__(self, config: Config, phases=None, population: tuple[People, SchoolGroups] | None = None):
        """`phases`: the executor of the per-person phases, KernelPhases unless given (see agents.py).
        `population`: the 2011 persons and their school groups as `build_population` leaves them; by
        default from the build cache (build_cache.py), which builds them when they are not there yet."""
        self.config = config
        self.phases = phases if phases is not None else KernelPhases()
        self.params = params_from_config(config)
        self.inputs = yearly_inputs(config, BUILD_YEAR)
        self.scale = config.run.scale
        self.people, self.groups = cached_population(config) if population is None else population
        self.effects = Effects()
        self.interventions = build_interventions(self.config.interventions)
        self.market = LabourMarket(self.params)
        self.results = Results()
        self.year = BUILD_YEAR
        self._key_buffers = [np.empty(0), np.empty(0)]
        self._counts_at_start = count_year(BUILD_YEAR - 1, self.people.columns())
        self.initial_row = contract_row(
            BUILD_YEAR - 1, self._counts_at_start, idle_market(self.market.premium), self.scale
        )
        immigrant = tables.read("immigrant_attainment").set_index("attainment")
        shares = immigrant["share"].to_numpy()
        # Attainment codes 0..6 (none, vmbo, havo, vwo, mbo, hbo, wo); havo_vwo is placed at havo.
        by_code = np.array([shares[0], shares[1], shares[2], 0.0, shares[3], shares[4], shares[5]])
        self._immigrant_attainment_cdf = np.cumsum(by_code) / by_code.sum()
        tech = immigrant["tech_share"].to_numpy()
        self._immigrant_attainment_tech = np.array([tech[0], tech[1], tech[2], 0.0, tech[3], tech[4], tech[5]])
        self._immigrant_age_cdf = np.cumsum(tables.immigrant_age_distribution())

    def fork(self, config: Config) -> Sim:
        """A copy of this simulation, from the year it has reached on, under `config`.

        Not yet stepped (calibration): `config` may change behavioural parameters but must agree with
        this one on what the build reads (run settings, group size, affinity slope, durations, student
        numbers). Stepped (the forks of compare and sweeps): `config` must equal this one outside its
        [[interventions]], and a measure that differs (in either) must not have acted yet; measures
        both hold carry their records over. Either way the copy continues bit for bit as a run of
        `config` from 2011 would.
        """
        stepped = bool(self.results.rows)
        if stepped:
            _check_same_outside_interventions(self.config, config)
        twin = copy.copy(self)
        twin.config = config
        twin.params = self.params if stepped else params_from_config(config)
        twin.inputs = self.inputs if stepped else yearly_inputs(config, BUILD_YEAR)
        twin.people = self.people.copy()
        twin.groups = copy.deepcopy(self.groups)
        twin.effects = Effects()
        twin._key_buffers = [np.empty(0), np.empty(0)]
        twin.interventions = self._carried_interventions(config)
        for name in self.CARRIED:
            setattr(twin, name, copy.deepcopy(getattr(self, name)))
        if not stepped:
            twin.market = LabourMarket(twin.params)
        return twin

    def _carried_interventions(self, config: Config) -> list:
        """`config`'s measures for a copy at this year: a measure identical to one here keeps its
        records; any other must not have acted yet, and neither may one here that `config` drops."""
        mine = {intervention.NAME: intervention for intervention in self.interventions}
        carried, differing = [], []
        for intervention in build_interventions(config.interventions):
            same = mine.pop(intervention.NAME, None)
            if same is not None and same.model_dump() == intervention.model_dump():
                carried.append(copy.deepcopy(same))
                continue
            carried.append(intervention)
            differing += [intervention] if same is None else [intervention, same]
        acted = sorted({i.NAME for i in (*differing, *mine.values()) if i.start_year < self.year})
        if acted:
            raise ValueError(f"cannot fork in {self.year}: {', '.join(acted)} differ and acted before")
        return carried

    @property
    def done(self) -> bool:
        return self.year > self.config.run.end_year

    def step(self) -> dict:
        """Simulate one calendar year and return its row of results (a small population on one thread)."""
        with threads_for(self.people.n):
            return self._step()

    def _step(self) -> dict:
        year, p, people = self.year, self.params, self.people
        rows, school_rows = start_year(people)  # and clears the year's events
        group_tech, group_n = self.groups.peer_summary(people, rows)
        signal = self.market.perceived_signal(year)

        first_arrival = people.n
        self._deaths_and_births(year, rows)
        self._immigration(year)
        arrivals = np.arange(first_arrival, people.n)

        self.effects.reset(people.n)
        context = YearContext(
            year, people, p, self.scale, self.effects, lambda lag: self.market.perceived_signal(year, lag)
        )
        for intervention in self.interventions:
            intervention.apply(context)
        effects = self.effects.arrays()

        c = people.columns()
        self.phases.schooling(year, c, p, effects, group_tech, group_n, signal, school_rows)
        self.groups.assign(people, p.run__seed, year, np.concatenate((school_rows, arrivals)))
        conditions = self.market.conditions(year)
        rows = np.concatenate((rows, arrivals))
        emigration_keys = self._keys(0, len(rows))
        counts = self.phases.working_year(year, c, p, effects, signal, conditions, rows, emigration_keys)
        counts = self._emigration(year, rows, emigration_keys, counts)
        applicants = np.flatnonzero(c.ev_applied)
        thresholds = self.market.open_vacancies(year, counts, self._counts_at_start, people, applicants)
        # Matching changes only the applicants' rows: the year's counts follow from theirs.
        counted = count_rows(year, c, applicants)
        self.phases.matching(year, c, p, thresholds, applicants)

        counts = counts - counted + count_rows(year, c, applicants)
        counts = self._reemployment(year, c, effects, counts, rows)
        market = self.market.close_year(year, counts, self._counts_at_start)
        self._counts_at_start = counts
        row = contract_row(year, counts, market, self.scale)
        self.results.append(row, counts)
        self.year += 1
        return row

    def _reemployment(self, year: int, c, effects, counts: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Those searching since before the year (among the year's `rows`) find other work at the
        national path's rate; the counts follow from the searchers' rows, as after matching."""
        searchers = searching_rows(rows, c)
        shift = self.market.reemployment_shift(year, counts, year - c.birth_year[searchers])
        before = count_rows(year, c, searchers)
        self.phases.reemployment(searchers, year, c, self.params, effects, shift)
        return counts - before + count_rows(year, c, searchers)

    def run(self, progress=None) -> None:
        while not self.done:
            self.step()
            if progress is not None:
                progress(self.year - 1)

    def _count(self, name: str, year: int) -> int:
        """This year's simulated count of a yearly input series."""
        inputs = self.inputs
        return scaled_count(inputs.cumulative_before(name, year), inputs.value(name, year), self.scale)

    def _keys(self, which: int, size: int) -> np.ndarray:
        """One of two buffers for the keys of the year's weighted draws, kept between draws and years
        (a new array of every row, three times a year, cost more in page faults than the draws)."""
        if len(self._key_buffers[which]) < size:
            self._key_buffers[which] = np.empty(self.people.capacity)
        return self._key_buffers[which][:size]

    def _deaths_and_births(self, year: int, rows: np.ndarray) -> None:
        """The year's deaths, then its mothers among the living, from keys drawn in one pass over `rows`."""
        deaths, births = self._keys(0, len(rows)), self._keys(1, len(rows))
        self.phases.demography_keys(year, self.people.columns(), self.params, rows, deaths, births)
        died = smallest_keys(deaths, self._count("deaths", year))
        departures_kernel(rows[died], False, self.people.columns())
        births[died] = np.inf  # as a key drawn after the deaths: the dead are not in the draw
        mothers = rows[smallest_keys(births, self._count("births", year))]
        new = self.people.append(len(mothers))
        with threads_for(len(mothers)):  # the arrivals' passes are small
            self.phases.newborns(new.start, mothers, year, self.people.columns(), self.params)

    def _emigration(self, year: int, rows: np.ndarray, keys: np.ndarray, counts: np.ndarray) -> np.ndarray:
        """The year's emigrants (the series' total, less the foreign graduates who already left), drawn
        by `rows`' `keys`; returns `counts` (of the year so far) corrected for the emigrants' rows."""
        count = self._count("emigration", year) - int(counts[EMIGRANTS])
        chosen = rows[smallest_keys(keys, count)]
        c = self.people.columns()
        before = count_rows(year, c, chosen)
        departures_kernel(chosen, True, c)
        return counts - before + count_rows(year, c, chosen)

    def _immigration(self, year: int) -> None:
        """The year's immigrants: the series' total, of whom the foreign first-years and knowledge
        migrants (each their own stream) are counted first and the rest arrive as general immigrants."""
        with threads_for(self._count("immigration", year)):  # the arrivals' passes are small
            self._arrivals(year)

    def _arrivals(self, year: int) -> None:
        config, p, people = self.config, self.params, self.people
        intl = config.international
        migrants = intl.knowledge_migrants
        students = {name: self._count(f"intl_entrants_{name}", year) for name in ("hbo", "wo")}
        knowledge = constant_arrivals(migrants.per_year, self.scale, year)
        count = max(self._count("immigration", year) - sum(students.values()) - knowledge, 0)
        rows = people.append(count)
        self.phases.general_immigrants(
            rows.start, count, year, people.columns(), p,
            self._immigrant_age_cdf, self._immigrant_attainment_cdf, self._immigrant_attainment_tech,
        )  # fmt: skip
        for stage, name in ((Stage.HBO, "hbo"), (Stage.WO, "wo")):
            rows = people.append(students[name])
            self.phases.students(
                rows.start, students[name], year, people.columns(), p, int(stage), getattr(intl.tech_share, name)
            )
        rows = people.append(knowledge)
        self.phases.knowledge_migrants(
            rows.start, 0, knowledge, year, people.columns(), p, migrants.tech_share, migrants.wo_share
        )
        for intervention in self.interventions:  # measures that add knowledge migrants, keyed after these
            extra = intervention.arrivals(year)
            if extra is None:
                continue
            added = constant_arrivals(extra.per_year, self.scale, year)
            rows = people.append(added)
            self.phases.knowledge_migrants(
                rows.start, knowledge, added, year, people.columns(), p, extra.tech_share, migrants.wo_share
            )
            people.exposure[rows] |= intervention.bit
            intervention.record(year, added / self.scale * intervention.cost_per_unit_eur)

    def series(self):
        """The reported years as a DataFrame with the contract's columns."""
        frame = self.results.frame()
        return frame[frame["year"] >= self.config.run.start_year].reset_index(drop=True)
