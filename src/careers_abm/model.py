"""CareersModel: a thin Mesa model over the array-based Sim, driveable by SolaraViz and batch_run.

Everything a user runs (the command line, sweeps, the app, tests) builds a model through this one
keyword factory; `step()` advances one calendar year and collects every column of the output contract.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import mesa

from .config import Config, load_config
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
        merged.update(_flatten(config.model_dump()))
    elif isinstance(config, Mapping):
        merged.update(_flatten(config))
    else:
        path = config
    merged.update(overrides or {})
    merged.update({f"run.{key}": value for key, value in run.items() if value is not None})
    resolved, _ = load_config(path, merged)
    return resolved


def _flatten(nested: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in nested.items():
        if isinstance(value, Mapping):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _reporter(column: str):
    return lambda model: model.current_row[column]


class CareersModel(mesa.Model):
    """The Dutch technical talent pipeline, one agent per person, one step per year.

    config: a TOML path, a dict of (dotted) parameters or a Config; default the packaged baseline.
    overrides: dotted keys such as {"schooling.tech_slopes.female": -1.0}.
    scale, seed, start_year, end_year: shortcuts for the [run] section.
    rng: an integer seed for the counter-based random numbers (same as `seed`); Mesa's own
    generator is seeded with it too.
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
    ):
        super().__init__(rng=rng)
        if rng is not None and seed is None:
            seed = int(rng)
        self.config = resolve_config(
            config, overrides, scale=scale, seed=seed, start_year=start_year, end_year=end_year
        )
        self.sim = Sim(self.config)
        self.current_row = self.sim.initial_row
        self.datacollector = mesa.DataCollector(
            model_reporters={column: _reporter(column) for column in CONTRACT_COLUMNS}
        )
        self.datacollector.collect(self)

    @property
    def year(self) -> int:
        """The calendar year the next step will simulate."""
        return self.sim.year

    def step(self) -> None:
        if self.sim.done:
            self.running = False
            return
        self.current_row = self.sim.step()
        self.datacollector.collect(self)
        self.running = not self.sim.done

    def series(self):
        """The reported years (start_year..end_year so far) with the output contract's columns."""
        return self.sim.series()
