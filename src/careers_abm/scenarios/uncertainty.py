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
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..core.codes import Decision
from ..core.interventions import REGISTRY, effects
from ..core.rng import uniform_array

# none: Monte Carlo only (the effects at their defaults); priors: effects drawn as well; posterior: the behavioural
# parameters drawn from the posterior sample; all: both (posterior_draws.py)
MODES = ("none", "priors", "posterior", "all")


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


@dataclass(frozen=True)
class VarianceRanking:
    """Which effects' prior uncertainty drives an outcome: shares of its variance that sum with the
    unexplained remainder to one, or no shares at all when the replications cannot identify them."""

    method: str  # one line for the printed text and effect_ranking.csv: method, draws, effects, limits
    shares: list[tuple[str, float]]  # (effect, share of the variance), largest first; empty if not identifiable
    unexplained: float  # 1 - the explained share: Monte Carlo noise, interactions, nonlinearity; NaN if none


MIN_RESIDUAL_DEGREES = 10  # replications beyond the effects and the intercept before shares are reported


def variance_ranking(outcome: np.ndarray, draws: Sequence[Mapping[str, float]]) -> VarianceRanking:
    """First-order shares of the outcome's variance by standardized regression coefficients (SRC).

    The outcome is regressed on every drawn effect at once; with independent draws SRC_i^2 is effect i's
    linear main-effect share. The explained part is the adjusted R^2 (so that regressing on noise does
    not read as explained), split over the effects in proportion to SRC_i^2; the rest is reported as
    unexplained. Squared correlations one effect at a time, which this replaces, overlap and can sum
    past 100%. With p effects it needs R >= 2p + 1 and R >= p + 11 replications (at least as many and
    ten more residual degrees of freedom than effects); with fewer the shares are not identifiable and
    none are invented. It misses what is not linear in an effect (thresholds, interactions): that
    lands in the remainder, which a Sobol design over the effect sizes would split further.
    """
    outcome = np.asarray(outcome, dtype=np.float64)
    names = sorted({key for draw in draws for key in draw})
    columns = np.array([[draw[name] for name in names] for draw in draws], dtype=np.float64).reshape(len(draws), -1)
    varying = [k for k in range(len(names)) if columns[:, k].std() > 0]
    replications, effects_count = len(outcome), len(varying)
    needed = max(2 * effects_count + 1, effects_count + 1 + MIN_RESIDUAL_DEGREES)
    where = f"over {replications} prior draws of {effects_count} effects"
    if replications < needed:
        return VarianceRanking(f"not identifiable {where} (needs >= {needed} replications)", [], math.nan)
    if not varying or not outcome.std() > 0:
        return VarianceRanking(f"nothing to split {where} (no drawn effect or no spread)", [], math.nan)
    design = columns[:, varying]
    standardized = (design - design.mean(axis=0)) / design.std(axis=0)
    response = (outcome - outcome.mean()) / outcome.std()
    coefficients, *_ = np.linalg.lstsq(standardized, response, rcond=None)
    r_squared = 1.0 - float(np.sum((response - standardized @ coefficients) ** 2)) / float(np.sum(response**2))
    degrees = replications - effects_count - 1
    explained = min(max(1.0 - (1.0 - r_squared) * (replications - 1) / degrees, 0.0), 1.0)
    weights = coefficients**2 / float(np.sum(coefficients**2))
    shares = sorted(((names[k], explained * float(w)) for k, w in zip(varying, weights)), key=lambda item: -item[1])
    method = f"standardized regression coefficients {where}, adjusted R^2 {explained:.0%}"
    return VarianceRanking(method, shares, 1.0 - explained)
