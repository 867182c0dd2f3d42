"""Parameter uncertainty: each replication draws the measures' effect sizes from their priors.

With `uncertainty="priors"` replication r of a study draws every effect parameter (an `Effect` of its
measure) that the scenario file does not set from the effect's prior, with the counter-based uniform
u = uniform(seed, Decision.EFFECT_PRIOR, slot x 64 + effect key, r): reproducible by seed, independent of
the scenario, and so shared by every scenario within a replication (common random numbers hold for the
effect draws too; a package and a measure alone draw the same size). A value the file sets is held.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..core.codes import Decision
from ..core.interventions import REGISTRY, effects
from ..core.rng import uniform_array

MODES = ("none", "priors")  # none: Monte Carlo only (the effects at their defaults); priors: drawn as well


def prior_quantile(row: Mapping[str, Any], u: float) -> float:
    """The value of an effect's prior at probability `u`: triangular(low, default, high) or uniform."""
    low, high = (float(bound) for bound in row["range"])
    if high <= low:
        return low
    if row["prior"]["prior"] == "uniform":
        return low + u * (high - low)
    mode = float(row["default"])
    if u < (mode - low) / (high - low):
        return low + math.sqrt(u * (high - low) * (mode - low))
    return high - math.sqrt((1.0 - u) * (high - low) * (high - mode))


def effect_key(name: str, row: Mapping[str, Any]) -> int:
    """The effect's fixed key for its prior draw: the measure's slot x 64 + the effect's own key."""
    return REGISTRY[name].SLOT * 64 + int(row["prior"]["key"])


def prior_draws(entries: Sequence[Mapping[str, Any]], seed: int, replication: int) -> dict[str, float]:
    """{"type.parameter": value} for every effect of the entries' measures that the entries do not set."""
    draws = {}
    for entry in entries:
        name = entry["type"]
        rows = [row for row in effects(name) if row["name"] not in entry]
        if not rows:
            continue
        keys = np.array([effect_key(name, row) for row in rows], dtype=np.uint64)
        uniforms = uniform_array(seed, int(Decision.EFFECT_PRIOR), keys, replication)
        for row, u in zip(rows, uniforms):
            draws[f"{name}.{row['name']}"] = prior_quantile(row, float(u))
    return draws


def with_prior_draws(config: Mapping[str, Any], seed: int, replication: int) -> dict[str, Any]:
    """A resolved config whose [[interventions]] carry this replication's prior draws."""
    drawn = copy.deepcopy(dict(config))
    entries = drawn.get("interventions", [])
    draws = prior_draws(entries, seed, replication)
    for entry in entries:
        for key, value in draws.items():
            name, parameter = key.split(".", 1)
            if name == entry["type"]:
                entry[parameter] = value
    return drawn


def quantiles(values: np.ndarray) -> tuple[float, float, float]:
    """Median and 90% interval (5% and 95% quantiles) of a replication-level outcome."""
    values = np.asarray(values, dtype=np.float64)
    if values.size == 0:
        return math.nan, math.nan, math.nan
    low, median, high = np.quantile(values, [0.05, 0.5, 0.95])
    return float(median), float(low), float(high)


def inverse_quantiles(numerator: np.ndarray, denominator: np.ndarray) -> tuple[float, float, float]:
    """Median and 90% interval of numerator / denominator per replication (euros per extra technician),
    taken as the inverse of the quantiles of denominator / numerator so that a replication with no
    extra technicians (an infinite ratio) keeps its place in the order: infinite where it is reached."""
    per_euro = np.asarray(denominator, dtype=np.float64) / np.asarray(numerator, dtype=np.float64)
    median, low, high = quantiles(per_euro)
    invert = [1.0 / value if value > 0 else math.inf for value in (median, high, low)]
    return invert[0], invert[1], invert[2]


def spread_shares(with_priors: np.ndarray, monte_carlo: np.ndarray) -> tuple[float, float]:
    """Which part of the variance over replications is Monte Carlo and which the priors.

    By the law of total variance Var = E[Var | effects] + Var(E | effects); the paired Monte Carlo
    variance at the default effects (the same seeds without prior draws) estimates the first term.
    """
    total = float(np.var(with_priors, ddof=1)) if len(with_priors) > 1 else math.nan
    noise = float(np.var(monte_carlo, ddof=1)) if len(monte_carlo) > 1 else math.nan
    if not total > 0:
        return math.nan, math.nan
    mc_share = min(noise / total, 1.0)
    return mc_share, 1.0 - mc_share


def variance_ranking(outcome: np.ndarray, draws: Sequence[Mapping[str, float]]) -> list[tuple[str, float]]:
    """Effects ranked by their share of the outcome's variance over the prior draws: the squared
    correlation of the outcome with each effect's draw (a first-order, linear estimate; with few
    replications it is itself uncertain, so the report states the number of replications)."""
    outcome = np.asarray(outcome, dtype=np.float64)
    shares = []
    for name in sorted({key for draw in draws for key in draw}):
        values = np.array([draw.get(name, math.nan) for draw in draws])
        if len(outcome) < 3 or np.isnan(values).any() or values.std() == 0 or outcome.std() == 0:
            continue
        shares.append((name, float(np.corrcoef(values, outcome)[0, 1] ** 2)))
    return sorted(shares, key=lambda item: -item[1])
