"""Checkpoints: a simulation's whole state at the start of a year, on disk, resumed bit for bit.

A checkpoint folder holds one `.npy` file per person column (the rows in use) and `state.pkl` (the
config, the year reached, the school groups, the labour market, the results so far and the measures
with their records: `Sim.CARRIED`). It is written as one unit (folders.py), and loading copies the
memory-mapped columns into a store with room for the rows the rest of the run adds.
"""

from __future__ import annotations

from pathlib import Path

from .config import Config
from .folders import read_folder, write_folder
from .groups import SchoolGroups
from .sim import Sim


def save(sim: Sim, folder: Path) -> None:
    """Save `sim` at the start of the year it has reached (between two steps)."""
    carried = {name: getattr(sim, name) for name in Sim.CARRIED}
    state = {"config": sim.config, "groups": sim.groups, "interventions": sim.interventions, **carried}
    write_folder(folder, sim.people, state, replace=True)


def load(folder: Path, config: Config | None = None) -> Sim:
    """The simulation saved in `folder`, ready to step on; under `config` it continues as `Sim.fork`
    allows (a config that differs only in measures that have not acted yet)."""
    people, state = read_folder(folder)
    groups: SchoolGroups = state["groups"]
    sim = Sim(state["config"], population=(people, groups))
    sim.interventions = state["interventions"]
    for name in Sim.CARRIED:
        setattr(sim, name, state[name])
    return sim if config is None else sim.fork(config)
