"""PersonAgent: one person as a Mesa agent, a view of its row in the person arrays (never a copy).

Two uses. On the per-agent path (`CareersModel(agents="all")`, small populations only) every person
is an agent and `AgentPhases` runs each phase of the year by asking every agent to apply the very
per-person function the kernels apply, to its own row, with the same counter-based random numbers:
the two paths check each other bit for bit. On the fast path a tracked panel of agents only reads
the arrays, so a DataCollector's agent reporters can follow life courses.
"""

from __future__ import annotations

import mesa
import numpy as np

from .codes import Decision, Stage
from .people import SCHEMA
from .population import BUILD_YEAR
from .processes.demography import (
    birth_key,
    death_key,
    emigration_key,
    fill_general_immigrant,
    fill_knowledge_migrant,
    fill_newborn,
    fill_student,
)
from .processes.labour import enter_labour_market, find_work, match_applicant, work_year
from .processes.schooling import school_year
from .results import count_year
from .rng import uniform_array

DEPARTED = int(Stage.DEAD)  # stages from here on (dead, emigrated) have left the population


_MEANING = {name: meaning for name, _, _, meaning in SCHEMA}


def _column(name: str) -> property:
    """A read-only view of one person column, documented by the schema's own meaning."""
    return property(lambda agent: agent.model.sim.people.value(name, agent.row), doc=_MEANING[name])


class PersonAgent(mesa.Agent):
    """Person `row` (a row index is a person id for the whole run).

    The phase methods take the columns and parameters once per phase from `AgentPhases`, so that a
    call costs one compiled-function dispatch; each writes only this person's row.
    """

    def __init__(self, model: mesa.Model, row: int):
        super().__init__(model)
        self.row = int(row)

    birth_year = _column("birth_year")
    sex = _column("sex")
    migrant = _column("migrant")
    ability = _column("ability")
    affinity = _column("affinity")
    stage = _column("stage")
    study_tech = _column("study_tech")
    study_years = _column("study_years")
    attainment = _column("attainment")
    attain_tech = _column("attain_tech")
    occupation = _column("occupation")
    occ_years = _column("occ_years")
    adult_learner = _column("adult_learner")
    intl = _column("intl")

    @property
    def year(self) -> int:
        """The last simulated year: the agent's state is the one at its end."""
        return self.model.sim.year - 1

    @property
    def age(self) -> int:
        """Age reached in the last simulated year."""
        return self.year - int(self.birth_year)

    @property
    def departed(self) -> bool:
        return self.stage >= DEPARTED

    # The per-person phases, in the order of sim.Sim.step.
    def draw_death_key(self, year, c, p, keys) -> None:
        keys[self.row] = death_key(self.row, year, c, p)

    def draw_birth_key(self, year, c, p, keys) -> None:
        keys[self.row] = birth_key(self.row, year, c, p)

    def draw_emigration_key(self, year, c, p, keys) -> None:
        keys[self.row] = emigration_key(self.row, year, c, p)

    def be_born(self, mother, year, c, p) -> None:
        fill_newborn(self.row, mother, year, c, p)

    def immigrate(self, index, year, c, p, age_cdf, attainment_cdf, attainment_tech) -> None:
        fill_general_immigrant(self.row, index, year, c, p, age_cdf, attainment_cdf, attainment_tech)

    def arrive_as_student(self, index, year, c, p, programme, tech_share) -> None:
        fill_student(self.row, index, year, c, p, programme, tech_share)

    def arrive_as_knowledge_migrant(self, index, year, c, p, tech_share, wo_share) -> None:
        fill_knowledge_migrant(self.row, index, year, c, p, tech_share, wo_share)

    def go_to_school(self, year, c, p, e, group_tech, group_n, signal) -> None:
        school_year(self.row, year, c, p, e, group_tech, group_n, signal)

    def start_work(self, year, c, p, e, signal, market) -> None:
        enter_labour_market(self.row, year, c, p, e, signal, market)

    def work(self, year, c, p, e, signal, market) -> None:
        work_year(self.row, year, c, p, e, signal, market)

    def seek_technical_job(self, year, c, p, thresholds) -> None:
        match_applicant(self.row, year, c, p, thresholds)

    def find_other_work(self, year, c, p, e, shift) -> None:
        find_work(self.row, year, c, p, e, shift)


# What the tracked panel and the agent reporters record, per person and year.
PANEL_COLUMNS = (
    "year", "person", "age", "sex", "migrant", "stage", "study_tech", "study_years",
    "attainment", "attain_tech", "occupation", "occ_years", "adult_learner", "intl", "ability", "affinity",
)  # fmt: skip


def agent_reporters() -> dict:
    """DataCollector agent reporters for PANEL_COLUMNS (`person` is the row, a stable person id)."""
    return {name: ("row" if name == "person" else name) for name in PANEL_COLUMNS}


class AgentPhases:
    """The per-agent executor of the yearly phases, with the signatures of sim.KernelPhases.

    Every phase asks every agent (insertion order; any order gives the same result) to apply its
    per-person function (the agents are the living, so the rows the kernels visit are not needed);
    arrivals become new agents on the rows the schedule reserved for them.
    """

    def __init__(self, model: mesa.Model):
        self.model = model

    def _keys(self, method, year, c, p, rows, out) -> None:
        keys = np.full(len(c.stage), np.inf)  # rows without an agent (last year's leavers) are never picked
        self.model.agents.do(method, year, c, p, keys)
        out[:] = keys[rows]

    def demography_keys(self, year, c, p, rows, death_out, birth_out) -> None:
        self._keys("draw_death_key", year, c, p, rows, death_out)
        self._keys("draw_birth_key", year, c, p, rows, birth_out)

    def newborns(self, first_row, mothers, year, c, p) -> None:
        for j, mother in enumerate(mothers.tolist()):
            PersonAgent(self.model, first_row + j).be_born(mother, year, c, p)

    def general_immigrants(self, first_row, count, year, c, p, age_cdf, attainment_cdf, attainment_tech) -> None:
        for j in range(count):
            PersonAgent(self.model, first_row + j).immigrate(j, year, c, p, age_cdf, attainment_cdf, attainment_tech)

    def students(self, first_row, count, year, c, p, programme, tech_share) -> None:
        for j in range(count):
            PersonAgent(self.model, first_row + j).arrive_as_student(j, year, c, p, programme, tech_share)

    def knowledge_migrants(self, first_row, first_index, count, year, c, p, tech_share, wo_share) -> None:
        for j in range(count):
            agent = PersonAgent(self.model, first_row + j)
            agent.arrive_as_knowledge_migrant(first_index + j, year, c, p, tech_share, wo_share)

    def schooling(self, year, c, p, e, group_tech, group_n, signal, rows) -> None:
        self.model.agents.do("go_to_school", year, c, p, e, group_tech, group_n, signal)

    def working_year(self, year, c, p, e, signal, market, rows, emigration_keys):
        """Labour-market entry, working life and the emigration draw as three phases, then the counts."""
        self.model.agents.do("start_work", year, c, p, e, signal, market)
        self.model.agents.do("work", year, c, p, e, signal, market)
        self._keys("draw_emigration_key", year, c, p, rows, emigration_keys)
        return count_year(year, c)

    def matching(self, year, c, p, thresholds, applicants) -> None:
        self.model.agents.do("seek_technical_job", year, c, p, thresholds)

    def reemployment(self, rows, year, c, p, e, shift) -> None:
        """Every agent checks whether it is searching (`rows`, the kernel's shortcut, is not needed)."""
        self.model.agents.do("find_other_work", year, c, p, e, shift)


def panel_rows(people, seed: int, size: int) -> np.ndarray:
    """The `size` living persons with the lowest panel draw: reproducible, and independent of threads."""
    living = np.flatnonzero(people.stage < DEPARTED)
    draws = uniform_array(seed, int(Decision.TRACKED_PANEL), people.key[living], BUILD_YEAR)
    chosen = living[np.argsort(draws, kind="stable")[:size]]
    return np.sort(chosen)
