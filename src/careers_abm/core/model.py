"""CareersModel: a thin Mesa model over the array-based Sim, driveable by SolaraViz and batch_run.

Everything a user runs (the command line, sweeps, the app, tests) builds a model through this one
keyword factory; `step()` advances one calendar year and collects every column of the output contract.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import mesa
import numpy as np
import pandas as pd

from .agents import PANEL_COLUMNS, AgentPhases, PersonAgent, agent_reporters, panel_rows
from .config import Config, ConfigError, flatten
from .loader import load_config
from .results import CONTRACT_COLUMNS
from .sim import Sim


def resolve_config(
    config: str | Path | Mapping[str, Any] | Config | None = None,
    overrides: Mapping[str, Any] | None = None,
    **run: Any,
) -> Config:
    """A validated config from a file path, a nested dict of overrides or a Config, plus run settings."""
    merged: dict[str, Any] = {}
    path = None
    if isinstance(config, Config):
        merged.update(flatten(config.model_dump()))
    elif isinstance(config, Mapping):
        merged.update(flatten(config))
    else:
        path = config
    merged.update(overrides or {})
    merged.update({f"run.{key}": value for key, value in run.items() if value is not None})
    resolved, _ = load_config(path, merged)
    return resolved


def seed_from(rng: Any, seed: int | None) -> int | None:
    """The run's seed from an integer `rng` and/or `seed`: they must agree, and be a seed the
    counter-based random numbers take (0 to 2**63 - 1)."""
    if rng is None:
        return seed
    if isinstance(rng, bool) or not isinstance(rng, int | np.integer) or not 0 <= int(rng) < 2**63:
        raise ConfigError(f"rng = {rng!r}: must be an integer seed from 0 to 2**63 - 1")
    if seed is not None and seed != int(rng):
        raise ConfigError(f"rng = {int(rng)} and seed = {seed!r} disagree: give the seed once")
    return int(rng)


# Above this many persons the per-agent path would take hours; it exists to check the kernels.
MAX_PER_AGENT_PERSONS = 200_000


def _reporter(column: str):
    return lambda model: model.current_row[column]


class CareersModel(mesa.Model):
    """The Dutch technical talent pipeline, one agent per person, one step per year.

    config: a TOML path, a dict of (dotted) parameters or a Config; default the packaged baseline.
    overrides: dotted keys such as {"schooling.tech_slopes.female": -1.0}.
    scale, seed, start_year, end_year: shortcuts for the [run] section.
    rng: an integer seed for the counter-based random numbers (the same as `seed`: give one, or both
    equal); Mesa's own generator is seeded with it too.
    agents: "none" (the fast path: kernels over arrays) or "all" (every person a PersonAgent that
    applies the same rules itself; for small populations, to check the kernels).
    panel_size: on the fast path, this many persons tracked as PersonAgent views of the arrays, so the
    DataCollector's agent reporters follow their life courses (see `panel()`).
    template: a Sim continued from a copy (`Sim.fork`): not yet stepped, runs that differ only in
    behavioural parameters share its build and their random numbers (calibration); stepped, runs that
    differ only in measures not yet acting share its years (compare and sweeps, scenarios/forks.py).
    """

    def __init__(
        self,
        config: str | Path | Mapping[str, Any] | Config | None = None,
        overrides: Mapping[str, Any] | None = None,
        scale: float | None = None,
        seed: int | None = None,
        start_year: int | None = None,
        end_year: int | None = None,
        rng: int | None = None,
        agents: str = "none",
        panel_size: int = 0,
        template: Sim | None = None,
    ):
        seed = seed_from(rng, seed)
        super().__init__(rng=rng)
        if agents not in ("none", "all"):
            raise ValueError(f"agents must be 'none' or 'all', not {agents!r}")
        self.config = resolve_config(
            config, overrides, scale=scale, seed=seed, start_year=start_year, end_year=end_year
        )
        if template is not None and agents == "all":
            raise ValueError("template= reuses a fast-path Sim's population; it cannot be used with agents='all'")
        if template is not None:
            self.sim = template.fork(self.config)
        else:
            self.sim = Sim(self.config, phases=AgentPhases(self) if agents == "all" else None)
        self._add_person_agents(agents, int(panel_size))
        self.current_row = self.sim.initial_row
        self.datacollector = mesa.DataCollector(
            model_reporters={column: _reporter(column) for column in CONTRACT_COLUMNS},
            agent_reporters=agent_reporters() if len(self.agents) else None,
        )
        self.datacollector.collect(self)

    @property
    def year(self) -> int:
        """The calendar year the next step will simulate."""
        return self.sim.year

    def _add_person_agents(self, agents: str, panel_size: int) -> None:
        people = self.sim.people
        if agents == "all":
            if people.n > MAX_PER_AGENT_PERSONS:
                raise ValueError(
                    f"agents='all' is for small populations (at most {MAX_PER_AGENT_PERSONS:,} persons); "
                    f"scale {self.config.run.scale} gives {people.n:,}: lower the scale"
                )
            rows = range(people.n)
        else:
            rows = panel_rows(people, self.config.run.seed, panel_size).tolist() if panel_size > 0 else ()
        for row in rows:
            PersonAgent(self, row)

    def step(self) -> None:
        if self.sim.done:
            self.running = False
            return
        # Who died or emigrated last year leaves the agents (the year of leaving is still recorded).
        for agent in [agent for agent in self.agents if agent.departed]:
            agent.remove()
        self.current_row = self.sim.step()
        self.datacollector.collect(self)
        self.running = not self.sim.done

    def series(self):
        """The reported years (start_year..end_year so far) with the output contract's columns."""
        return self.sim.series()

    def panel(self) -> pd.DataFrame:
        """One row per person agent per reported year (agents.PANEL_COLUMNS), from the DataCollector."""
        if not self.datacollector.agent_reporters:
            return pd.DataFrame(columns=list(PANEL_COLUMNS))
        frame = self.datacollector.get_agent_vars_dataframe().reset_index(drop=True)
        frame = frame[frame["year"] >= self.config.run.start_year]
        return frame.sort_values(["year", "person"], kind="stable").reset_index(drop=True)
