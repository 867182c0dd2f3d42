"""Strict configuration: TOML files that may extend one another, validated against typed models.

The meaning and source of every parameter is written beside its default in the packaged
`defaults/baseline.toml`; this module holds only types and allowed ranges. A bad value stops the
program with one line naming the file, the key, the value and what is allowed.
"""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .interventions import InterventionError, build_interventions

PACKAGED_BASELINE = Path(__file__).parents[1] / "defaults" / "baseline.toml"

Probability = Field(ge=0.0, le=1.0)
LogOdds = Field(ge=-10.0, le=10.0)


class ConfigError(ValueError):
    """A configuration problem, phrased for the user in one line."""


class StrictModel(BaseModel):
    """The base of every file-backed model (configs, experiments, calibration specs): unknown keys and
    loose types are errors, and a loaded value never changes."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class PerLevel(StrictModel):
    """A section with one value per education level (fields named after codes.LEVEL_NAMES, any subset).

    The parameter record turns it into an array indexed by codes.Level (params.py)."""


class PerProgramme(StrictModel):
    """A section with one value per programme (fields named after codes.PROGRAMME_NAMES, any subset).

    The parameter record turns it into an array indexed by programme, stage - Stage.VMBO (params.py)."""


class PerLevelLogOdds(PerLevel):
    vmbo: float = LogOdds
    mbo: float = LogOdds
    hbo: float = LogOdds
    wo: float = LogOdds


class PerProgrammeLogOdds(PerProgramme):
    vmbo: float = LogOdds
    havo: float = LogOdds
    vwo: float = LogOdds
    mbo: float = LogOdds
    hbo: float = LogOdds
    wo: float = LogOdds


class Run(StrictModel):
    start_year: int = Field(ge=2011, le=2100)
    end_year: int = Field(ge=2011, le=2100)
    scale: float = Field(gt=0.0, le=1.0)
    seed: int = Field(ge=0, lt=2**63)


class Demography(StrictModel):
    sex_ratio_at_birth: float = Probability
    fertility_multiplier: float = Field(ge=0.0, le=3.0)
    mortality_improvement: float = Field(ge=-0.05, le=0.05)
    immigrants_per_year: float = Field(ge=0.0, le=1_000_000.0)
    emigration_multiplier: float = Field(ge=0.0, le=5.0)
    migrant_emigration_multiplier: float = Field(ge=0.0, le=20.0)
    affinity_inheritance: float = Field(ge=0.0, le=0.95)


class TechSlopes(StrictModel):
    affinity: float = LogOdds
    ability: float = LogOdds
    female: float = LogOdds
    tech_parent: float = LogOdds
    peer_share: float = LogOdds
    prior_field: float = LogOdds
    signal: float = LogOdds


class Transitions(StrictModel):
    vmbo_to_mbo: float = Probability
    havo_to_hbo: float = Probability
    havo_to_mbo: float = Probability
    vwo_to_wo: float = Probability
    vwo_to_hbo: float = Probability
    mbo_to_hbo: float = Probability
    hbo_to_wo: float = Probability


class Schooling(StrictModel):
    group_size: int = Field(ge=2, le=100)
    vwo_constant: float = LogOdds
    havo_constant: float = LogOdds
    ability_track_slope: float = Field(ge=0.0, le=10.0)
    tech_constant: PerProgrammeLogOdds
    tech_slopes: TechSlopes
    transitions: Transitions


class Duration(PerProgramme):
    vmbo: int = Field(ge=1, le=8)
    havo: int = Field(ge=1, le=8)
    vwo: int = Field(ge=1, le=8)
    mbo: int = Field(ge=1, le=8)
    hbo: int = Field(ge=1, le=8)
    wo: int = Field(ge=1, le=8)


class Dropout(PerLevel):
    mbo: float = Probability
    hbo: float = Probability
    wo: float = Probability


class Progress(StrictModel):
    tech_dropout_multiplier: float = Field(ge=0.0, le=5.0)
    switch_out_of_tech: float = Probability
    switch_into_tech: float = Probability
    graduate_on_time: float = Field(gt=0.0, le=1.0)


class Study(StrictModel):
    duration: Duration
    dropout: Dropout
    progress: Progress


class TechJobSlopes(StrictModel):
    tech_field: float = LogOdds
    female: float = LogOdds
    affinity: float = LogOdds
    signal: float = LogOdds


class LabourEntry(StrictModel):
    active_male: float = Probability
    active_female: float = Probability
    employed_at_entry: float = Probability
    tech_job_constant: PerLevelLogOdds
    tech_job_slopes: TechJobSlopes


class WorkingLife(StrictModel):
    leave_tech_constant: float = LogOdds
    leave_tech_untrained: float = LogOdds
    leave_tech_young: float = LogOdds
    leave_tech_signal: float = LogOdds
    side_entry_constant: float = LogOdds
    side_entry_tech_educated: float = LogOdds
    side_entry_female: float = LogOdds
    side_entry_signal: float = LogOdds
    side_entry_tension: float = LogOdds
    job_loss: float = Probability
    reemployment_constant: float = LogOdds
    reemployment_age_slope: float = Field(ge=-1.0, le=1.0)
    withdraw: float = Probability
    reactivate: float = Probability
    leave_tech_level: PerLevelLogOdds


class AdultLearning(StrictModel):
    min_age: int = Field(ge=16, le=65)
    max_age: int = Field(ge=16, le=65)
    entry_constant: float = LogOdds
    entry_age_slope: float = Field(ge=-1.0, le=1.0)
    tech_job: float = LogOdds


class Retirement(StrictModel):
    early: float = Probability
    at_pension_age: float = Probability
    after_pension_age: float = Probability
    max_working_age: int = Field(ge=60, le=90)


class HigherEducation(PerLevel):
    hbo: float = Field(ge=0.0)
    wo: float = Field(ge=0.0)


class HigherEducationShare(PerLevel):
    hbo: float = Probability
    wo: float = Probability


class KnowledgeMigrantFlow(StrictModel):
    per_year: float = Field(ge=0.0, le=200_000.0)
    tech_share: float = Probability
    wo_share: float = Probability


class International(StrictModel):
    students_per_year: HigherEducation
    tech_share: HigherEducationShare
    stay: HigherEducationShare
    stay_tech_shift: float = LogOdds
    knowledge_migrants: KnowledgeMigrantFlow


class ExpansionRate(PerLevel):
    vmbo: float = Field(ge=-0.2, le=0.2)
    mbo: float = Field(ge=-0.2, le=0.2)
    hbo: float = Field(ge=-0.2, le=0.2)
    wo: float = Field(ge=-0.2, le=0.2)


class Cyclicality(PerLevel):
    vmbo: float = Field(ge=0.0, le=5.0)
    mbo: float = Field(ge=0.0, le=5.0)
    hbo: float = Field(ge=0.0, le=5.0)
    wo: float = Field(ge=0.0, le=5.0)


class Matching(StrictModel):
    efficiency: float = Field(gt=0.0, le=5.0)
    seeker_elasticity: float = Field(ge=0.0, le=1.0)
    withdrawal: float = Probability


class BusinessCycle(StrictModel):
    reference_rate: float = Field(gt=0.0, le=30.0)
    offset: float = Field(ge=-10.0, le=10.0)
    offset_from_year: int = Field(ge=2011, le=2100)
    separation_elasticity: float = Field(ge=0.0, le=3.0)
    finding_elasticity: float = Field(ge=0.0, le=5.0)
    tech_cyclicality: Cyclicality


class Premium(StrictModel):
    adjustment: float = Field(ge=0.0, le=10.0)
    decay: float = Probability
    bound: float = Field(ge=0.0, le=1.0)
    reference_tension: float = Field(gt=0.0, le=10.0)
    lag: int = Field(ge=0, le=20)
    initial: float = Field(ge=-1.0, le=1.0)


class LabourMarketSettings(StrictModel):
    expansion_rate: ExpansionRate
    productivity_growth: float = Field(ge=-0.05, le=0.05)
    matching: Matching
    cycle: BusinessCycle
    premium: Premium


class Config(StrictModel):
    run: Run
    demography: Demography
    schooling: Schooling
    study: Study
    labour_entry: LabourEntry
    working_life: WorkingLife
    adult_learning: AdultLearning
    retirement: Retirement
    international: International
    labour_market: LabourMarketSettings
    # [[interventions]] tables, each with a `type`; validated by careers_abm.interventions.
    interventions: list[dict[str, Any]] = Field(default_factory=list)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such config file") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None


def _resolve_parent(child: Path, name: str) -> Path:
    candidate = (child.parent / name).resolve()
    if candidate.exists():
        return candidate
    if Path(name).name == PACKAGED_BASELINE.name:
        return PACKAGED_BASELINE
    raise ConfigError(f"{child}: key 'extends' = {name!r}: no such file next to it")


def _merge(base: dict, top: Mapping, origin: dict, label: str, prefix: str = "") -> None:
    """Deep-merge `top` into `base`, recording in `origin` which file set each dotted key."""
    for key, value in top.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, Mapping) and isinstance(base.get(key), dict):
            _merge(base[key], value, origin, label, dotted + ".")
        else:
            base[key] = copy.deepcopy(dict(value)) if isinstance(value, Mapping) else value
            origin[dotted] = label


def _load_chain(path: Path, seen: tuple[Path, ...] = ()) -> tuple[dict, dict]:
    path = path.resolve()
    if path in seen:
        raise ConfigError(f"{path}: key 'extends' makes a cycle")
    raw = _read_toml(path)
    parent_name = raw.pop("extends", None)
    data: dict = {}
    origin: dict = {}
    if parent_name is not None:
        if not isinstance(parent_name, str):
            raise ConfigError(f"{path}: key 'extends' = {parent_name!r}: must be a file name")
        data, origin = _load_chain(_resolve_parent(path, parent_name), (*seen, path))
    _merge(data, raw, origin, str(path))
    return data, origin


def flatten(nested: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """{'run': {'scale': 0.1}} -> {'run.scale': 0.1}: the dotted form that overrides use."""
    flat: dict[str, Any] = {}
    for key, value in nested.items():
        if isinstance(value, Mapping):
            flat.update(flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _dotted(overrides: Mapping[str, Any]) -> dict[str, Any]:
    """Turn {'run.scale': 0.1} and nested dicts alike into a nested dict."""
    nested: dict[str, Any] = {}
    for key, value in overrides.items():
        node = nested
        *parents, last = key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    return nested


def _describe(error: dict, origin: dict, data: dict, fallback: str) -> str:
    location = [str(part) for part in error["loc"]]
    key = ".".join(location)
    source = next(
        (origin[p] for p in (".".join(location[:i]) for i in range(len(location), 0, -1)) if p in origin),
        fallback,
    )
    kind = error["type"]
    if kind == "extra_forbidden":
        section: Any = data
        for part in location[:-1]:
            section = section.get(part, {}) if isinstance(section, dict) else {}
        model = Config
        for part in location[:-1]:
            field = model.model_fields.get(part)
            model = field.annotation if field is not None else None
            if not (isinstance(model, type) and issubclass(model, BaseModel)):
                break
        allowed = ", ".join(model.model_fields) if isinstance(model, type) else "?"
        where = f"[{'.'.join(location[:-1])}]" if len(location) > 1 else "the top level"
        return f"{source}: unknown key '{key}'; allowed in {where}: {allowed}"
    if kind == "missing":
        return f"{source}: missing key '{key}' (extend baseline.toml to inherit defaults)"
    value = error.get("input")
    return f"{source}: key '{key}' = {value!r}: {error['msg'].lower()}"


def load_config(
    path: str | Path | None = None, overrides: Mapping[str, Any] | None = None
) -> tuple[Config, dict[str, Any]]:
    """Load and validate a config file (default: the packaged baseline) with optional overrides.

    Returns the validated config and the resolved plain dict (for the run manifest).
    """
    source = Path(path) if path is not None else PACKAGED_BASELINE
    data, origin = _load_chain(source)
    if overrides:
        _merge(data, _dotted(overrides), origin, "overrides")
    try:
        config = Config.model_validate(data)
    except ValidationError as error:
        raise ConfigError(_describe(error.errors()[0], origin, data, str(source))) from None
    adult = config.adult_learning
    if adult.max_age < adult.min_age:
        raise ConfigError(
            f"{origin.get('adult_learning.max_age', source)}: key 'adult_learning.max_age' = {adult.max_age}: "
            f"must not be below adult_learning.min_age = {adult.min_age}"
        )
    if config.run.end_year < config.run.start_year:
        raise ConfigError(
            f"{origin.get('run.end_year', source)}: key 'run.end_year' = {config.run.end_year}: "
            f"must not be before run.start_year = {config.run.start_year}"
        )
    try:
        build_interventions(config.interventions)
    except InterventionError as error:
        raise ConfigError(f"{origin.get('interventions', source)}: {error}") from None
    return config, config.model_dump()
