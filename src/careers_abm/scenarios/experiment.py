"""Experiment files (`experiments/*.toml`): which scenarios to run, which parameters to vary and how,
how many replications, over which years and at what scale, and which outputs to keep.

Uncertainties are sampled by the design (grid, Latin hypercube, Sobol/Saltelli, Morris); levers are
policy options crossed in full with every sample, so sensitivity can be read per policy. Loading is
strict like config.py: a bad file stops with one line naming the file, the key and the problem.
"""

from __future__ import annotations

import glob
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..core.config import Config, ConfigError, StrictModel, read_toml
from ..core.loader import load_config
from ..core.results import CONTRACT_COLUMNS
from .outcomes import DEFAULT_OUTCOMES, Outcome, columns_used


class Parameter(StrictModel):
    """A dotted config key with a range (sampled designs) or explicit values (grids and levers)."""

    key: str
    range: list[float] | None = Field(default=None, min_length=2, max_length=2)
    values: list[float] | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _range_or_values(self) -> Parameter:
        if self.range is None and self.values is None:
            raise ValueError(f"parameter '{self.key}' needs a range = [low, high] or values = [...]")
        if self.range is not None and not self.range[0] < self.range[1]:
            raise ValueError(f"parameter '{self.key}': range {self.range} must have low < high")
        return self

    @property
    def identifier(self) -> str:
        """The key as a Python identifier (`schooling__tech_slopes__female`), for SALib and EMA."""
        return self.key.replace(".", "__")


class Design(StrictModel):
    """How uncertainties are sampled.

    grid: every combination of each parameter's `values`, or `levels` evenly spaced points of its range;
    latin_hypercube: `samples` points; sobol: Saltelli's scheme with `samples` base points (a power of 2),
    giving samples * (D + 2) points, or samples * (2D + 2) with `second_order`; morris: `samples`
    trajectories on a `levels`-level grid, samples * (D + 1) points. `seed` fixes the sampler.
    """

    kind: Literal["grid", "latin_hypercube", "sobol", "morris"] = "grid"
    samples: int = Field(default=16, ge=1, le=1_000_000)
    levels: int = Field(default=4, ge=2, le=100)
    second_order: bool = False
    seed: int = Field(default=0, ge=0, lt=2**32)


class RunSettings(StrictModel):
    """The horizon and scale of every run; None keeps the scenario's own value."""

    scale: float | None = Field(default=None, gt=0.0, le=1.0)
    start_year: int | None = Field(default=None, ge=2011, le=2100)
    end_year: int | None = Field(default=None, ge=2011, le=2100)


class Oscillation(StrictModel):
    """The pig-cycle view: `column` detrended over time in a grid of panels by two varied parameters."""

    column: str
    rows: str
    columns: str


class Analysis(StrictModel):
    bands: list[str] = Field(default_factory=list)
    baseline: str | None = None
    oscillation: Oscillation | None = None


class Experiment(StrictModel):
    name: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    description: str = ""
    scenarios: list[str] = Field(min_length=1)
    replications: int = Field(default=1, ge=1, le=100_000)
    seed: int = Field(default=2012, ge=0, lt=2**62)
    run: RunSettings = RunSettings()
    outputs: list[str] = Field(min_length=1)
    uncertainties: list[Parameter] = Field(default_factory=list)
    levers: list[Parameter] = Field(default_factory=list)
    design: Design = Design()
    outcomes: list[Outcome] = Field(default_factory=lambda: list(DEFAULT_OUTCOMES))
    analysis: Analysis = Analysis()
    # "priors": each replication draws the scenarios' effect sizes from their priors, as compare does; "posterior":
    # the behavioural parameters from the posterior sample (posterior_draws.py); "all": both
    # (uncertainty.py; shared by every scenario and point within a replication); "none": the defaults.
    uncertainty: Literal["none", "priors", "posterior", "all"] = "none"

    @model_validator(mode="after")
    def _consistent(self) -> Experiment:
        for column in self.outputs:
            if column not in CONTRACT_COLUMNS:
                raise ValueError(f"outputs: unknown series column {column!r}")
        keys = [parameter.key for parameter in (*self.uncertainties, *self.levers)]
        repeated = {key for key in keys if keys.count(key) > 1}
        if repeated:
            raise ValueError(f"parameter {sorted(repeated)[0]!r} appears more than once")
        for lever in self.levers:
            if lever.values is None:
                raise ValueError(f"lever '{lever.key}' needs values = [...] (levers are policy options)")
        if self.design.kind != "grid":
            for uncertainty in self.uncertainties:
                if uncertainty.range is None:
                    raise ValueError(f"uncertainty '{uncertainty.key}' needs a range for a {self.design.kind} design")
            if not self.uncertainties:
                raise ValueError(f"a {self.design.kind} design needs at least one uncertainty")
        for column in self.analysis.bands:
            if column not in self.kept_columns:
                raise ValueError(f"analysis.bands: column {column!r} is neither an output nor used by an outcome")
        oscillation = self.analysis.oscillation
        if oscillation is not None:
            if oscillation.column not in CONTRACT_COLUMNS:
                raise ValueError(f"analysis.oscillation: unknown series column {oscillation.column!r}")
            for key in (oscillation.rows, oscillation.columns):
                if key not in keys:
                    raise ValueError(f"analysis.oscillation: {key!r} is not a varied parameter")
        return self

    @property
    def parameters(self) -> list[Parameter]:
        return [*self.uncertainties, *self.levers]

    @property
    def kept_columns(self) -> list[str]:
        """The series columns every run keeps: the outputs, then what outcomes and the analysis read."""
        extra = [self.analysis.oscillation.column] if self.analysis.oscillation else []
        return [c for c in dict.fromkeys([*self.outputs, *columns_used(self.outcomes), *extra]) if c != "year"]


class LoadedExperiment(BaseModel):
    """An experiment with its scenario names resolved to files that exist."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    experiment: Experiment
    source: Path
    scenario_paths: dict[str, Path]
    integer_keys: frozenset[str]


def config_value_type(key: str) -> type:
    """The Python type of a dotted config key, or a ConfigError naming the key."""
    model: type = Config
    parts = key.split(".")
    for depth, part in enumerate(parts):
        field = model.model_fields.get(part) if isinstance(model, type) and issubclass(model, BaseModel) else None
        if field is None:
            raise ConfigError(f"parameter {key!r}: no such config key ('{'.'.join(parts[: depth + 1])}' unknown)")
        model = field.annotation
    if isinstance(model, type) and issubclass(model, BaseModel):
        raise ConfigError(f"parameter {key!r} is a section, not a value")
    if model not in (int, float):
        raise ConfigError(f"parameter {key!r} is not numeric and cannot be varied")
    return model


def _resolve_scenarios(patterns: list[str], base: Path, source: Path) -> dict[str, Path]:
    """Scenario names (file stems) to paths; a pattern may be a glob like `../configs/interventions/*.toml`."""
    resolved: dict[str, Path] = {}
    for pattern in patterns:
        full = base / pattern
        matches = sorted(Path(p) for p in glob.glob(str(full))) if glob.has_magic(pattern) else [full]
        if not matches:
            raise ConfigError(f"{source}: scenario {pattern!r} matches no file ({full})")
        if not matches[0].is_file():
            raise ConfigError(f"{source}: scenario {pattern!r}: no such file ({full})")
        for path in matches:
            if path.stem in resolved:
                raise ConfigError(f"{source}: scenario name {path.stem!r} appears twice ({pattern!r})")
            resolved[path.stem] = path.resolve()
    return resolved


def _check_values_against_config(loaded: LoadedExperiment) -> None:
    """Every bound and value must be a valid config value, so a sweep never fails on a typo midway."""
    experiment = loaded.experiment
    first_scenario = next(iter(loaded.scenario_paths.values()))
    run = {f"run.{k}": v for k, v in experiment.run.model_dump().items() if v is not None}
    load_config(first_scenario, run)
    for parameter in experiment.parameters:
        for value in [*(parameter.range or []), *(parameter.values or [])]:
            if parameter.key in loaded.integer_keys and value != int(value):
                raise ConfigError(f"{loaded.source}: parameter '{parameter.key}' = {value!r}: must be a whole number")
            cast = int(value) if parameter.key in loaded.integer_keys else float(value)
            try:
                load_config(first_scenario, {parameter.key: cast})
            except ConfigError as error:
                raise ConfigError(f"{loaded.source}: parameter '{parameter.key}': {error}") from None


def parse_experiment(data: dict, source: Path) -> LoadedExperiment:
    """Validate a parsed experiment (a dict as read from TOML) whose relative paths start at `source`."""
    try:
        experiment = Experiment.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        location = ".".join(str(part) for part in first["loc"])
        message = first["msg"].removeprefix("Value error, ")
        if first["type"] == "extra_forbidden":
            message = "unknown key"
        where = f" key '{location}'" if location else ""
        raise ConfigError(f"{source}:{where}: {message}") from None
    integer_keys = frozenset(p.key for p in experiment.parameters if config_value_type(p.key) is int)
    loaded = LoadedExperiment(
        experiment=experiment,
        source=source,
        scenario_paths=_resolve_scenarios(experiment.scenarios, source.parent, source),
        integer_keys=integer_keys,
    )
    _check_values_against_config(loaded)
    return loaded


def load_experiment(path: str | Path, changes: Mapping[str, Any] | None = None) -> LoadedExperiment:
    """Read and validate an experiment file; `changes` override dotted keys (from the command line), such
    as `{"run.scale": 0.001, "design.samples": 8, "replications": 2}`; None values are ignored."""
    source = Path(path)
    data = read_toml(source, "experiment")
    for dotted, value in (changes or {}).items():
        if value is None:
            continue
        node = data
        *parents, last = dotted.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    return parse_experiment(data, source)
