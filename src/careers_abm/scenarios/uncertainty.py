"""Parameter uncertainty: each replication draws the measures' effect sizes from their priors.

With `uncertainty="priors"` replication r of a study draws every effect parameter (an `Effect` of its
measure) that the scenario file does not set from the effect's prior, with the counter-based uniform
u = uniform(seed, Decision.EFFECT_PRIOR, slot x 64 + effect key, r): reproducible by seed, independent of
the scenario, and so shared by every scenario within a replication (common random numbers hold for the
effect draws too; a package and a measure alone draw the same size). A value the file sets is held.

Which effect's uncertainty matters most: a first-order variance decomposition over the same draws, by
"one effect drawn, the others at their prior medians" (one_at_a_time, first_order_shares).
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


def drawn_effects(entries: Sequence[Mapping[str, Any]]) -> list[tuple[str, str, Mapping[str, Any]]]:
    """(measure type, "type.parameter", its effect row) for every effect of the entries' measures that
    the entries do not set: the effects a replication draws."""
    return [
        (entry["type"], f"{entry['type']}.{row['name']}", row)
        for entry in entries
        for row in effects(entry["type"])
        if row["name"] not in entry
    ]


def effect_grade(key: str) -> str:
    """The evidence grade of the effect "type.parameter" (base.GRADES)."""
    name, parameter = key.split(".", 1)
    return next(row["prior"]["grade"] for row in effects(name) if row["name"] == parameter)


def prior_draws(entries: Sequence[Mapping[str, Any]], seed: int, replication: int) -> dict[str, float]:
    """{"type.parameter": value} for every effect of the entries' measures that the entries do not set."""
    drawn = drawn_effects(entries)
    if not drawn:
        return {}
    keys = np.array([effect_key(name, row) for name, _, row in drawn], dtype=np.uint64)
    uniforms = uniform_array(seed, int(Decision.EFFECT_PRIOR), keys, replication)
    return {key: prior_quantile(row, float(u)) for (_, key, row), u in zip(drawn, uniforms)}


def prior_medians(entries: Sequence[Mapping[str, Any]]) -> dict[str, float]:
    """{"type.parameter": its prior median} for the same effects as `prior_draws`."""
    return {key: prior_quantile(row, 0.5) for _, key, row in drawn_effects(entries)}


def with_effects(config: Mapping[str, Any], values: Mapping[str, float]) -> dict[str, Any]:
    """A resolved config whose [[interventions]] carry the given {"type.parameter": value}."""
    changed = copy.deepcopy(dict(config))
    for entry in changed.get("interventions", []):
        for key, value in values.items():
            name, parameter = key.split(".", 1)
            if name == entry["type"]:
                entry[parameter] = value
    return changed


def with_prior_draws(config: Mapping[str, Any], seed: int, replication: int) -> dict[str, Any]:
    """A resolved config whose [[interventions]] carry this replication's prior draws."""
    return with_effects(config, prior_draws(config.get("interventions", []), seed, replication))


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


REFERENCE = "(prior medians)"  # the ranking's reference run: every drawn effect at its prior median
RESAMPLES = 2000  # bootstrap resamples of the replications for each share's 90% interval


def one_at_a_time(config: Mapping[str, Any], seed: int, replication: int) -> dict[str, dict[str, Any]]:
    """The configs of the effect ranking for one replication: the reference (every drawn effect at its
    prior median) and, for each drawn effect whose prior is not a point, that effect at this
    replication's draw and every other one at its median. A point prior has no variance to rank."""
    entries = config.get("interventions", [])
    medians, draws = prior_medians(entries), prior_draws(entries, seed, replication)
    configs = {REFERENCE: with_effects(config, medians)}
    for _, key, row in drawn_effects(entries):
        if row["range"][1] > row["range"][0]:
            configs[key] = with_effects(config, {**medians, key: draws[key]})
    return configs


def bootstrap_indices(seed: int, replications: int, resamples: int = RESAMPLES) -> np.ndarray:
    """(resamples, replications) indices drawn with replacement, counter-based and keyed by the seed."""
    keys = np.arange(resamples * replications, dtype=np.uint64)
    uniforms = uniform_array(seed, int(Decision.RANKING_BOOTSTRAP), keys, replications)
    return np.minimum((uniforms * replications).astype(np.int64), replications - 1).reshape(resamples, replications)


Share = tuple[float, float, float]  # a first-order share and its bootstrap 90% interval


def first_order_shares(
    all_drawn: np.ndarray, reference: np.ndarray, one_drawn: Mapping[str, np.ndarray], seed: int
) -> tuple[dict[str, Share], Share]:
    """Each effect's first-order share of the outcome's variance over the replications, and their sum.

    Replication r gives the outcome with every effect drawn (`all_drawn[r]`), with every effect at its
    prior median (`reference[r]`) and with only effect k drawn (`one_drawn[k][r]`), all at r's seed. The
    share of k is `Var_r(one_drawn[k] - reference) / Var_r(all_drawn)`: the difference at one seed removes
    the Monte Carlo noise that common random numbers share, so an effect that does nothing gets ~0
    rather than the Monte Carlo share. The total variance holds the Monte Carlo part too, so with
    additive effects the shares sum to about 1 less the Monte Carlo share; a sum away from that signals
    interactions (below: effects that reinforce each other; above: effects that substitute). The
    interval is the 5-95% percentile over bootstrap resamples of the replications (the same resamples
    for every effect): with 8 replications it is wide, and it should be.
    """
    total = np.asarray(all_drawn, dtype=np.float64)
    names = list(one_drawn)
    nan = (math.nan, math.nan, math.nan)
    if len(total) < 2 or not np.var(total) > 0 or not names:
        return dict.fromkeys(names, nan), nan
    differences = np.array([np.asarray(one_drawn[k], dtype=np.float64) for k in names]) - reference
    indices = bootstrap_indices(seed, len(total))
    with np.errstate(divide="ignore", invalid="ignore"):
        resampled = np.var(differences[:, indices], axis=-1, ddof=1) / np.var(total[indices], axis=-1, ddof=1)
    resampled[:, ~np.isfinite(resampled).all(axis=0)] = math.nan  # a resample of one repeated replication
    point = np.var(differences, axis=1, ddof=1) / np.var(total, ddof=1)

    def share(value: float, samples: np.ndarray) -> Share:
        low, high = np.nanquantile(samples, [0.05, 0.95])
        return float(value), float(low), float(high)

    shares = {k: share(point[i], resampled[i]) for i, k in enumerate(names)}
    return shares, share(point.sum(), resampled.sum(axis=0))
