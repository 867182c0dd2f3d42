"""`careers_abm.run(**params, rng=...)`: one simulation as a pure function returning scalar outcomes,
the shape that EMA Workbench, SALib and hand-written loops expect.

Parameters are config keys written as identifiers: `schooling__tech_slopes__female` for
`schooling.tech_slopes.female`. The same arguments give the same outcomes (the simulator keeps no
global random state); `rng` chooses the seed of the counter-based random numbers. With
`uncertainty="priors"` the scenario's effect sizes are drawn from their priors at (seed, `replication`),
as compare draws them (scenarios/uncertainty.py). See docs/experiments.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..core.config import Config, ConfigError, flatten
from ..core.loader import load_config
from ..core.model import resolve_config, seed_from
from .experiment import config_value_type
from .outcomes import DEFAULT_OUTCOMES, Outcome, covered, evaluate
from .posterior_draws import POSTERIOR_MODES, PRIOR_MODES, posterior_overrides
from .run import run_scenario
from .uncertainty import MODES, with_prior_draws


def identifier(key: str) -> str:
    """`schooling.tech_slopes.female` -> `schooling__tech_slopes__female`."""
    return key.replace(".", "__")


def dotted(name: str) -> str:
    """`schooling__tech_slopes__female` -> `schooling.tech_slopes.female`."""
    return name.replace("__", ".")


def parameter_names(config: Config | None = None) -> list[str]:
    """Every numeric config value as an identifier parameter name, in config order; the [run] section
    (scale, horizon, seed) is set by run()'s own arguments instead."""
    config = config or load_config()[0]
    values = flatten({section: part for section, part in config.model_dump().items() if section != "run"})
    return [
        identifier(key)
        for key, value in values.items()
        if isinstance(value, int | float) and not isinstance(value, bool)
    ]


def _seed(rng: int | np.random.Generator | None, seed: int | None) -> int | None:
    """An integer seed: `rng` or `seed` (equal if both are given), drawn from the caller's own
    generator, or None for the config's seed."""
    if isinstance(rng, np.random.Generator):
        if seed is not None:
            raise ConfigError(f"rng = a Generator and seed = {seed!r}: give the seed once")
        return int(rng.integers(0, 2**62))
    if rng is not None and not isinstance(rng, int | np.integer):
        raise ConfigError(f"rng = {rng!r}: must be an integer seed, a numpy Generator or None")
    return seed_from(rng, seed)


def run(
    *,
    rng: int | np.random.Generator | None = None,
    seed: int | None = None,
    config: str | Path | None = None,
    scale: float | None = None,
    start_year: int | None = None,
    end_year: int | None = None,
    outcomes: Sequence[Outcome] = DEFAULT_OUTCOMES,
    uncertainty: str = "none",
    replication: int = 0,
    **params: Any,
) -> dict[str, float]:
    """Simulate the scenario `config` (default: the packaged baseline) with `params` changed and return
    the scalar outcomes (default: the shortage 2011-2030, the "4 op de 10" share and the technical
    workforce in 2030, and the swing of the wage premium). `seed` is the same as an integer `rng`.
    Only outcomes the run's years answer are returned: one outside them is left out, and one the run
    covers in part is cut to the years covered and named for them (outcomes.covered).

    >>> run(schooling__tech_slopes__female=-1.0, scale=0.001, end_year=2030, rng=1)   # doctest: +SKIP
    {'tech_shortage_total_2011_2030': ..., 'tech_inflow_share_he_2030': ..., ...}
    """
    overrides: dict[str, Any] = {}
    for name, value in params.items():
        if "." in name:
            raise ConfigError(f"parameter {name!r}: write config keys with '__' instead of '.'")
        key = dotted(name)
        value = value.item() if isinstance(value, np.generic) else value
        # Samplers give floats for everything; a whole float for an integer key (a lag in years) is meant.
        if config_value_type(key) is int and isinstance(value, float) and value.is_integer():
            value = int(value)
        overrides[key] = value
    seed = _seed(rng, seed)
    if uncertainty not in MODES:
        raise ConfigError(f"uncertainty {uncertainty!r}: allowed: {', '.join(MODES)}")
    if uncertainty in PRIOR_MODES:
        resolved = resolve_config(config, seed=seed)
        entries = {"interventions": overrides.get("interventions", resolved.interventions)}
        overrides["interventions"] = with_prior_draws(entries, resolved.run.seed, replication)["interventions"]
    if uncertainty in POSTERIOR_MODES:  # a parameter passed here or set by the scenario is held
        resolved = resolve_config(config, seed=seed)
        drawn = posterior_overrides(resolved.model_dump(), resolved.run.seed, replication)
        overrides = {**drawn, **overrides}
    output = run_scenario(config, overrides=overrides, seed=seed, scale=scale, start_year=start_year, end_year=end_year)
    years = output.series["year"]
    return evaluate(output.series, covered(outcomes, int(years.min()), int(years.max())))
