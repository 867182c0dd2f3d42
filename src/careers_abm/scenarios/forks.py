"""Forks: the years scenarios share are simulated once, and each scenario continues from there.

Runs whose configs agree outside their [[interventions]] (compare's scenarios at one seed, a sweep's
scenarios at one point and seed) are the same simulation until the first year one of their differing
measures acts. A batch of such runs simulates a trunk (their shared config with only the measures all
of them hold) once, keeps a copy of it at the start of each year a run forks (`Sim.fork`), and runs
each scenario from its copy: the result is bit for bit the run from 2011 (tested), because a measure
does nothing before its start year and every random number is keyed by person and year.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from ..core.config import Config
from ..core.interventions import build_interventions
from ..core.sim import Sim

ConfigOf = Callable[[object], Config]


@dataclass(frozen=True)
class Batch:
    """Runs that share a trunk: the trunk's config and, per task, the year it forks from it."""

    key: str
    tasks: tuple
    trunk: Config
    fork_years: tuple[int, ...]


def _outside_measures(config: Config) -> str:
    dumped = config.model_dump()
    dumped.pop("interventions")
    return repr(dumped)


def _shared_measures(configs: Sequence[Config]) -> list[dict]:
    """The [[interventions]] entries every config holds with the same settings (as the first has them)."""
    built = [{m.NAME: m.model_dump() for m in build_interventions(c.interventions)} for c in configs]
    shared = []
    for entry in configs[0].interventions:
        (measure,) = build_interventions([entry])
        if all(settings.get(measure.NAME) == measure.model_dump() for settings in built):
            shared.append(entry)
    return shared


def fork_year(trunk: Config, config: Config) -> int:
    """The year `config` leaves `trunk` (a config with a subset of its measures): the first start year of
    a measure it holds beyond the trunk's, at most the year after the horizon."""
    shared = {m.NAME for m in build_interventions(trunk.interventions)}
    starts = [m.start_year for m in build_interventions(config.interventions) if m.NAME not in shared]
    return min([*starts, config.run.end_year + 1])


def batches(tasks: Sequence, config_of: ConfigOf, parts: int = 1) -> list[Batch]:
    """The tasks grouped by their config outside measures, each group cut into at least `parts` batches
    in all (so that every worker gets one) when there are fewer groups than that."""
    groups: dict[str, list] = {}
    configs = {}
    for task in tasks:
        configs[task.key] = config_of(task)
        groups.setdefault(_outside_measures(configs[task.key]), []).append(task)
    cuts = max(1, math.ceil(parts / max(len(groups), 1)))
    out = []
    for members in groups.values():
        size = math.ceil(len(members) / cuts)
        for start in range(0, len(members), size):
            part = members[start : start + size]
            own = [configs[task.key] for task in part]
            trunk = own[0].model_copy(update={"interventions": _shared_measures(own)})
            years = tuple(fork_year(trunk, config) for config in own)
            out.append(Batch(f"{part[0].key}-{len(part)}", tuple(part), trunk, years))
    return out


def trunk_forks(batch: Batch) -> Iterator[tuple[Sim, list]]:
    """The trunk stepped to each year a task of the batch forks, in turn, with those tasks: a task
    runs from the trunk as `run_scenario(..., template=sim)`, which forks its own copy, so at most
    the trunk and one run are in memory."""
    sim = Sim(batch.trunk)
    for year in sorted(set(batch.fork_years)):
        while sim.year < year:
            sim.step()
        yield sim, [task for task, fork in zip(batch.tasks, batch.fork_years) if fork == year]
