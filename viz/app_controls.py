"""The app's controls, as Mesa `model_params`: run settings, the main behavioural parameters, and one
on/off, coverage and effect control per intervention when the interventions registry exists.

Behavioural controls are keyed by their dotted config key, so a control's value goes straight into
`CareersModel(overrides=...)`; their defaults are read from the packaged baseline, never copied here.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from careers_abm.core.config import Config, ConfigError
from careers_abm.core.interventions import REGISTRY, parameters
from careers_abm.core.loader import load_config

DEFAULT_SCALE = 0.003  # about 50,000 persons: one simulated year of both runs in a fraction of a second
INTERVENTION_PREFIX = "intervention."
SCENARIO_CONTROL = "scenario_file"
BAND_SEEDS_CONTROL = "band_seeds"
EFFECT_SIZES_CONTROL = "effect_sizes"
# What the band draws, in the order of compare's --uncertainty none|priors|posterior|all (uncertainty.MODES)
EFFECT_SIZES = ("defaults", "drawn from priors", "behaviour from the posterior", "posterior and priors")
CONFIGS = Path(__file__).resolve().parents[1] / "configs"
BASELINE_SCENARIO = "baseline"

# dotted config key, label, unit, slider minimum, maximum and step (the plausible range in baseline.toml)
BEHAVIOURAL_PARAMETERS: tuple[tuple[str, str, str, float, float, float], ...] = (
    ("schooling.tech_slopes.female", "Girls: tech choice shift", "log-odds", -2.5, -0.5, 0.1),
    ("schooling.tech_slopes.peer_share", "Peer influence", "log-odds per share", 0.0, 2.0, 0.1),
    ("schooling.tech_slopes.signal", "Study choice: premium weight", "log-odds per log point", 0.0, 3.0, 0.1),
    ("labour_market.premium.lag", "Premium seen after", "years", 0, 6, 1),
    ("labour_entry.tech_job_slopes.female", "Women: tech job shift", "log-odds", -2.0, 0.0, 0.1),
    ("working_life.side_entry_constant", "Side-entry", "log-odds a year", -6.5, -4.0, 0.1),
    ("working_life.leave_tech_constant", "Leaving tech", "log-odds a year", -3.8, -2.4, 0.05),
)


@cache
def shipped_scenarios() -> dict[str, Path]:
    """Every scenario file shipped in configs/ (the baseline first, then the package, then each measure
    alone), by its name; files that are not scenarios (the calibration spec) are left out."""
    files = [CONFIGS / "baseline.toml", *sorted(CONFIGS.glob("*.toml")), *sorted(CONFIGS.glob("interventions/*.toml"))]
    scenarios = {}
    for path in dict.fromkeys(files):
        try:
            load_config(path)
        except ConfigError:
            continue
        scenarios[path.stem] = path
    return scenarios


@cache
def _baseline() -> Config:
    return load_config()[0]


def baseline_value(dotted_key: str) -> Any:
    """The packaged baseline's value of a dotted config key."""
    node: Any = _baseline()
    for part in dotted_key.split("."):
        node = getattr(node, part)
    return node


def intervention_parameters() -> dict[str, list[dict]]:
    """Each registered intervention's parameters (name, default, range, ...), as listed by
    `careers_abm.core.interventions.parameters`."""
    return {name: parameters(name) for name in sorted(REGISTRY)}


def _intervention_controls(name: str, parameters: list[dict]) -> dict[str, dict]:
    """On/off, coverage (if the measure has one) and its main effect: the first parameter with a
    plausible range, a slider over that range. A control left where it starts keeps the module's default
    (for coverage that may mean reach by budget, so an untouched coverage slider starts at 0)."""
    prefix = f"{INTERVENTION_PREFIX}{name}."
    controls = {prefix + "active": {"type": "Checkbox", "label": f"{name}: on", "value": False, "unit": ""}}
    by_name = {parameter["name"]: parameter for parameter in parameters}
    if "coverage" in by_name:
        coverage = by_name["coverage"]["default"]
        label = f"{name}: coverage" if coverage is not None else f"{name}: coverage (0: budget)"
        controls[prefix + "coverage"] = _slider(label, coverage or 0.0, 0.0, 1.0, 0.05, "share reached")
    effect = next((parameter for parameter in parameters if parameter["range"] is not None), None)
    if effect is not None:
        low, high = effect["range"]
        step = float(f"{(high - low) / 20:.1g}")  # about twenty positions, on a round number
        unit = "log-odds" if "log_odds" in effect["name"] else ""
        controls[prefix + effect["name"]] = _slider(
            f"{name}: {effect['name']}", effect["default"], low, high, step, unit
        )
    return controls


def _slider(label: str, value: float, low: float, high: float, step: float, unit: str = "") -> dict:
    kind = "SliderInt" if isinstance(value, int) else "SliderFloat"
    return {"type": kind, "label": label, "value": value, "min": low, "max": high, "step": step, "unit": unit}


def model_params() -> dict[str, dict]:
    """SolaraViz's `model_params`: every control, starting at the baseline's (or the module's) value."""
    names = list(shipped_scenarios())
    params = {
        SCENARIO_CONTROL: {"type": "Select", "label": "Scenario", "value": BASELINE_SCENARIO, "values": names},
        "scale": _slider("Scale", DEFAULT_SCALE, 0.001, 0.02, 0.001, "of the 16.7 million persons"),
        # A slider, not a text box: a typed seed would arrive as a string.
        "seed": _slider("Seed", baseline_value("run.seed"), 1, 9999, 1),
        "start_year": _slider("First year", 2011, 2011, 2030, 1),
        "end_year": _slider("Last year", 2040, 2012, 2060, 1),
        BAND_SEEDS_CONTROL: _slider("Seeds for the contrast's band", 1, 1, 5, 1, "pairs of runs"),
        EFFECT_SIZES_CONTROL: {
            "type": "Select",
            "label": "Parameter draws",
            "value": EFFECT_SIZES[0],
            "values": list(EFFECT_SIZES),
        },
    }
    for key, label, unit, low, high, step in BEHAVIOURAL_PARAMETERS:
        params[key] = _slider(label, baseline_value(key), low, high, step, unit)
    for name, declared in intervention_parameters().items():
        params.update(_intervention_controls(name, declared))
    return params


def default_values(params: dict[str, dict]) -> dict[str, Any]:
    """The value of every control before the user touches it (what SolaraViz starts from)."""
    return {name: options["value"] for name, options in params.items()}


def scenario_from_controls(controls: dict[str, Any], starting: dict[str, Any]) -> tuple[dict[str, Any], list[dict]]:
    """Config overrides and `[[interventions]]` entries from the controls: only what was moved away from
    its starting value goes in, so an untouched control keeps the baseline's (or the module's) default."""
    overrides: dict[str, Any] = {}
    interventions: dict[str, dict] = {}
    for key, value in controls.items():
        if key not in starting:
            raise ValueError(f"unknown control {key!r}; the app's controls are: {', '.join(starting)}")
        if isinstance(value, float):
            value = round(value, 6)  # slider steps leave float noise such as -1.7000000000000002
        moved = value != starting[key]
        if key.startswith(INTERVENTION_PREFIX):
            name, field = key.removeprefix(INTERVENTION_PREFIX).rsplit(".", 1)
            entry = interventions.setdefault(name, {"type": name})
            if field == "active" or moved:
                entry[field] = value
        elif moved:
            overrides[key] = value
    active = [
        {key: value for key, value in entry.items() if key != "active"}
        for entry in interventions.values()
        if entry.get("active")
    ]
    return overrides, active
