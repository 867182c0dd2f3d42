"""Strict configuration: the typed models a TOML config is validated against, and the reader of the
project's TOML files.

The meaning and source of every parameter is written beside its default in the packaged
`defaults/baseline.toml`; this module holds only types and allowed ranges (every numeric key bounded,
with the reason for its bounds beside them). Loading a config, with its `extends` chain, overrides and
the checks across sections, is loader.py: it needs the measures and the run-size estimate, which in turn
read these models, so the two are kept apart and neither imports the other back.
"""

from __future__ import annotations

import copy
import functools
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

Probability = Field(ge=0.0, le=1.0)
# A log-odds term beyond +-10 moves a probability to within 5e-5 of 0 or 1: no effect is that certain.
LogOdds = Field(ge=-10.0, le=10.0)
# Tables and arrays nest at most three deep in a config (schooling.tech_slopes, an intervention's list
# in its table in [[interventions]]); one level of slack, and anything deeper is not a config.
MAX_NESTING = 4


class ConfigError(ValueError):
    """A configuration problem, phrased for the user in one line (line breaks in it are escaped)."""

    def __init__(self, message: str):
        super().__init__("\\n".join(str(message).splitlines()))


class StrictModel(BaseModel):
    """The base of every file-backed model (configs, experiments, calibration specs): unknown keys and
    loose types are errors, and a loaded value never changes."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, allow_inf_nan=False)


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
    # The model starts from the 2011 population; its input series and projections end by 2100.
    start_year: int = Field(ge=2011, le=2100)
    end_year: int = Field(ge=2011, le=2100)
    # A fraction of the population; at least sizing.MIN_PERSONS persons (checked by loader.load_config).
    scale: float = Field(gt=0.0, le=1.0)
    # The counter-based random numbers hash a signed 64-bit seed.
    seed: int = Field(ge=0, lt=2**63)


class Demography(StrictModel):
    """Multipliers of the observed rates: beyond the bounds a rate leaves anything seen in Europe since 1950;
    immigrants: a million a year is six times the Dutch record (2022)."""

    sex_ratio_at_birth: float = Probability
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
    vmbo_to_havo: float = Probability
    havo_to_hbo: float = Probability
    havo_to_mbo: float = Probability
    vwo_to_wo: float = Probability
    vwo_to_hbo: float = Probability
    mbo_to_hbo: float = Probability
    hbo_to_wo: float = Probability


class ReEntry(StrictModel):
    """Entry into higher education from the labour market (a gap year, a second start after dropping out,
    part-time study); log-odds, and the ages between which it happens."""

    hbo_constant: float = LogOdds
    wo_constant: float = LogOdds
    age_slope: float = Field(ge=-1.0, le=1.0)
    min_age: int = Field(ge=16, le=65)
    max_age: int = Field(ge=16, le=65)


class PerTrack(PerProgramme):
    """One probability per secondary track."""

    vmbo: float = Probability
    havo: float = Probability
    vwo: float = Probability


class StepDown(PerProgramme):
    """vmbo is one track in the model: there is nothing below it to step down to."""

    havo: float = Probability
    vwo: float = Probability


class Secondary(StrictModel):
    """The years of secondary school after the first: repeating a year, stepping down a track, early
    leaving from min_leaving_age, and the final exam (pass, or re-sit, or step down)."""

    repeat: PerTrack
    step_down: StepDown
    exam_pass: PerTrack
    resit: float = Probability
    early_leaving: float = Probability
    # compulsory education (leerplicht) runs to the school year in which a pupil turns 16
    min_leaving_age: int = Field(ge=12, le=18)


class Schooling(StrictModel):
    """group_size: pupils per school group (class), 2 to 100 covers every Dutch school; slopes: log-odds."""

    group_size: int = Field(ge=2, le=100)
    vwo_constant: float = LogOdds
    havo_constant: float = LogOdds
    ability_track_slope: float = Field(ge=0.0, le=10.0)
    tech_constant: PerProgrammeLogOdds
    tech_slopes: TechSlopes
    transitions: Transitions
    secondary: Secondary
    re_entry: ReEntry


class Duration(PerProgramme):
    """Nominal years of each programme: no Dutch programme is shorter than 1 or longer than 8."""

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


class FirstYearDropout(PerLevel):
    """Where a level gives no first-year rate, its first year has the yearly rate (rules.base_dropout_rate)."""

    hbo: float = Probability
    wo: float = Probability


class Progress(StrictModel):
    """Probabilities, and a multiplier of the dropout rate within a factor 5 of the observed one."""

    tech_dropout_multiplier: float = Field(ge=0.0, le=5.0)
    switch_out_of_tech: float = Probability
    switch_into_tech: float = Probability
    graduate_on_time: float = Field(gt=0.0, le=1.0)


class Study(StrictModel):
    duration: Duration
    first_year_dropout: FirstYearDropout
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
    """Ages of working life (16 to the pension age); slopes per year of age are log-odds within +-1."""

    min_age: int = Field(ge=16, le=65)
    max_age: int = Field(ge=16, le=65)
    entry_constant: float = LogOdds
    entry_age_slope: float = Field(ge=-1.0, le=1.0)
    tech_job: float = LogOdds


class Retirement(StrictModel):
    """Yearly probabilities; nobody is kept working after 90."""

    early: float = Probability
    at_pension_age: float = Probability
    after_pension_age: float = Probability
    max_working_age: int = Field(ge=60, le=90)


class HigherEducationShare(PerLevel):
    hbo: float = Probability
    wo: float = Probability


class KnowledgeMigrantFlow(StrictModel):
    """per_year: national arrivals; 200,000 is twenty times the 2011 flow."""

    per_year: float = Field(ge=0.0, le=200_000.0)
    tech_share: float = Probability
    wo_share: float = Probability


class International(StrictModel):
    tech_share: HigherEducationShare
    stay: HigherEducationShare
    stay_tech_shift: float = LogOdds
    knowledge_migrants: KnowledgeMigrantFlow


class ExpansionRate(PerLevel):
    """Yearly growth of technical jobs: +-20% a year is beyond any sector's record."""

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
    """The wage premium is a relative wage within +-100%; its lag is in years, at most a working life's half."""

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


YearValues = dict[str, float]
SERIES_YEARS = (2011, 2100)
SERIES_MAX_PERSONS = 5_000_000.0


class Series(StrictModel):
    """Years a scenario replaces in the yearly inputs (core/series.py): {"2015": persons}."""

    births: YearValues = Field(default_factory=dict)
    deaths: YearValues = Field(default_factory=dict)
    immigration: YearValues = Field(default_factory=dict)
    emigration: YearValues = Field(default_factory=dict)
    intl_entrants_hbo: YearValues = Field(default_factory=dict)
    intl_entrants_wo: YearValues = Field(default_factory=dict)

    @field_validator("*")
    @classmethod
    def _years_and_persons(cls, values: YearValues) -> YearValues:
        first, last = SERIES_YEARS
        for year, persons in values.items():
            if not (year.isdigit() and first <= int(year) <= last):
                raise ValueError(f"year {year!r} must be a calendar year from {first} to {last}")
            if not 0.0 <= persons <= SERIES_MAX_PERSONS:
                raise ValueError(f"{year} = {persons}: persons must be from 0 to {SERIES_MAX_PERSONS:,.0f}")
        return values


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
    series: Series = Field(default_factory=Series)
    # [[interventions]] tables, each with a `type`; validated by careers_abm.interventions.
    interventions: list[dict[str, Any]] = Field(default_factory=list)


@functools.lru_cache(maxsize=32)
def _parse(content: bytes) -> dict[str, Any]:
    """The TOML of a file's bytes, kept for the next load of the same bytes (compare and sweeps load
    every scenario many times); callers get a deep copy."""
    return tomllib.loads(content.decode("utf-8"))


def read_toml(path: Path, kind: str = "config") -> dict[str, Any]:
    """A TOML file of the project (a config, an experiment, a calibration spec) as a dict, or one line
    saying what is wrong with it."""
    path = Path(path)
    try:
        data = copy.deepcopy(_parse(path.read_bytes()))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such {kind} file") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a folder, not a {kind} file") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot be read: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path}: not UTF-8 text (byte {error.start}); save the file as UTF-8") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    except RecursionError:
        raise ConfigError(f"{path}: not a config: its arrays or tables nest too deeply") from None
    _check_nesting(data, path)
    return data


def _check_nesting(data: dict, path: Path) -> None:
    """Refuse tables or arrays nested deeper than any config goes, before anything walks them recursively."""
    pending: list[tuple[Any, str, int]] = [(data, "", 0)]
    while pending:
        node, prefix, depth = pending.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in items:
            dotted = f"{prefix}.{key}".lstrip(".") if isinstance(node, dict) else f"{prefix}[{key}]"
            if isinstance(value, dict | list):
                if depth + 1 > MAX_NESTING:
                    raise ConfigError(f"{path}: key {shorten(dotted)} nests deeper than any config key")
                pending.append((value, dotted, depth + 1))


def flatten(nested: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """{'run': {'scale': 0.1}} -> {'run.scale': 0.1}: the dotted form that overrides use."""
    flat: dict[str, Any] = {}
    for key, value in nested.items():
        if isinstance(value, Mapping):
            flat.update(flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def shorten(value: Any, limit: int = 80) -> str:
    """A value as Python writes it (quoted, escaped), cut to one readable length."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
