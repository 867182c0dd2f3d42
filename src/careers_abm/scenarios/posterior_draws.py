"""Posterior uncertainty: each replication takes the behavioural parameters from one row of the shipped
posterior sample (data/posterior.parquet: `careers-abm posterior`, shipped by scripts/adopt_posterior.py).

Replication r takes row floor(u x n) with u = uniform(seed, Decision.POSTERIOR_DRAW, 0, r): reproducible
by seed and independent of the scenario, so every scenario of a replication runs with the same
parameters and common random numbers hold within it. A parameter the scenario sets to a value other
than the packaged baseline's is held (as the measures' priors hold a value the file sets). Mode "all"
draws the measures' effect sizes from their priors as well (uncertainty.py).
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..core.codes import Decision
from ..core.config import ConfigError, flatten
from ..core.loader import load_config
from ..core.rng import uniform_array
from ..core.tables import DATA_DIR
from .uncertainty import with_prior_draws

POSTERIOR_SAMPLE = DATA_DIR / "posterior.parquet"
PRIOR_MODES = ("priors", "all")  # the modes that draw the measures' effect sizes
POSTERIOR_MODES = ("posterior", "all")  # the modes that draw the behavioural parameters
SPREAD_LABELS = {
    "none": "monte_carlo",
    "priors": "monte_carlo_and_priors",
    "posterior": "monte_carlo_and_posterior",
    "all": "monte_carlo_posterior_and_priors",
}


@cache
def load_posterior(path: Path) -> pd.DataFrame:
    """The equally weighted posterior rows, one column per dotted config key."""
    if not Path(path).exists():
        raise ConfigError(f"no posterior sample at {path}: run careers-abm posterior, then scripts/adopt_posterior.py")
    return pd.read_parquet(path).drop(columns=["draw"], errors="ignore")


def posterior_row(seed: int, replication: int, rows: int) -> int:
    """floor(u x rows) with u = uniform(seed, POSTERIOR_DRAW, 0, replication)."""
    u = uniform_array(seed, int(Decision.POSTERIOR_DRAW), np.zeros(1, dtype=np.uint64), replication)[0]
    return min(int(math.floor(u * rows)), rows - 1)


def posterior_draw(seed: int, replication: int) -> dict[str, float]:
    """{"dotted.key": value}: replication r's row of the shipped posterior sample."""
    sample = load_posterior(POSTERIOR_SAMPLE)
    row = sample.iloc[posterior_row(seed, replication, len(sample))]
    return {key: float(value) for key, value in row.items()}


@cache
def _baseline_values() -> dict[str, Any]:
    return flatten(load_config()[1])


def posterior_overrides(config: Mapping[str, Any], seed: int, replication: int) -> dict[str, float]:
    """The row's values for every parameter the resolved `config` leaves at the packaged baseline's value."""
    current, baseline = flatten(dict(config)), _baseline_values()
    return {
        key: value
        for key, value in posterior_draw(seed, replication).items()
        if key not in current or current[key] == baseline.get(key)
    }


def with_posterior_draw(config: Mapping[str, Any], seed: int, replication: int) -> dict[str, Any]:
    """A resolved config with replication r's posterior row set in its sections."""
    drawn = copy.deepcopy(dict(config))
    for key, value in posterior_overrides(config, seed, replication).items():
        *sections, name = key.split(".")
        node = drawn
        for section in sections:
            node = node.setdefault(section, {})
        node[name] = value
    return drawn


def with_draws(config: Mapping[str, Any], mode: str, seed: int, replication: int) -> dict[str, Any]:
    """The resolved config of replication r under an uncertainty mode (uncertainty.MODES)."""
    drawn = dict(config)
    if mode in PRIOR_MODES:
        drawn = with_prior_draws(drawn, seed, replication)
    if mode in POSTERIOR_MODES:
        drawn = with_posterior_draw(drawn, seed, replication)
    return drawn
