"""A posterior sample of the behavioural parameters by emulator-based Bayesian calibration: a Latin
hypercube of simulator runs around the least-squares point, a Gaussian-process emulator of each fitted
target (emulator.py), one refocusing wave inside the emulated posterior, and an ensemble MCMC on the
emulated likelihood.

Why this method: about 30 parameters at about 5 s an evaluation allow a few hundred evaluations in an
hour of one core. ABC-SMC needs tens of thousands in this dimension; importance sampling from a Laplace
proposal collapsed onto one draw (effective sample size 1 of 150: the likelihood is far sharper than any
Gaussian guess at the fit); an emulator turns a few hundred runs into a likelihood that MCMC can evaluate
millions of times (Kennedy & O'Hagan 2001, JRSS-B 63(3); Vernon, Goldstein & Bower 2010, Bayesian
Analysis 5(4), for the refocusing waves of history matching).

Prior: uniform on each parameter's bounds (its documented plausible range), truncated to the design
region: each parameter's position in its range within +- a half-width of the least-squares point's,
where the emulators were trained (the report flags a parameter whose sample reaches the region's edge).
Likelihood: the fitted targets independent normal, the variance the target's tolerance squared (measure-
ment error and model discrepancy together) plus the emulator's predictive variance at the point (its own
uncertainty and the Monte Carlo roughness of the simulated moments, the emulator's nugget).
Sampler: emcee's ensemble sampler with differential-evolution moves, on the logits of the positions.
Every random number is counter-based (core/rng.py), keyed by (seed, Decision, key, wave or 0), or
drawn by emcee's generator seeded from one such number, so a seed reproduces the design, the chain
and the sample.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import emcee
import numpy as np

from ..core.codes import Decision
from ..core.rng import uniform_array

KEY_STRIDE = 128  # a design row's components take keys row x 128 + k


@dataclass(frozen=True)
class Box:
    """The prior: uniform on [lower, upper] in every parameter; `unit` maps a point to its positions."""

    lower: np.ndarray
    upper: np.ndarray

    @property
    def width(self) -> np.ndarray:
        return self.upper - self.lower

    def unit(self, x: np.ndarray) -> np.ndarray:
        return (np.asarray(x, dtype=np.float64) - self.lower) / self.width

    def point(self, u: np.ndarray) -> np.ndarray:
        return self.lower + self.width * np.asarray(u, dtype=np.float64)


@dataclass(frozen=True)
class Region:
    """A box of positions in [0, 1]^d: the design's, and the prior's truncation."""

    low: np.ndarray
    high: np.ndarray

    def contains(self, u: np.ndarray) -> np.ndarray:
        return np.all((u >= self.low) & (u <= self.high), axis=-1)

    def scaled(self, u: np.ndarray) -> np.ndarray:
        """Positions rescaled to [0, 1] inside the region: the emulators' inputs."""
        return (u - self.low) / (self.high - self.low)


def region_around(centre: np.ndarray, half_width: float) -> Region:
    """Positions within +- half_width of the centre's, clipped to [0, 1]."""
    return Region(np.clip(centre - half_width, 0.0, 1.0), np.clip(centre + half_width, 0.0, 1.0))


def latin_hypercube(region: Region, n: int, seed: int, wave: int) -> np.ndarray:
    """n points of a Latin hypercube in the region: in every dimension one point in each of n strata,
    the strata's order and the point within its stratum from keyed uniforms (row i, component j takes
    keys (i x 128 + j) x 2 and + 1, year = wave)."""
    d = len(region.low)
    keys = ((np.arange(n)[:, None] * KEY_STRIDE + np.arange(d)[None, :]) * 2).astype(np.uint64)
    order = uniform_array(seed, int(Decision.POSTERIOR_DESIGN), keys.ravel(), wave).reshape(n, d)
    jitter = uniform_array(seed, int(Decision.POSTERIOR_DESIGN), (keys + 1).ravel(), wave).reshape(n, d)
    strata = np.argsort(np.argsort(order, axis=0), axis=0)
    return region.low + (region.high - region.low) * (strata + jitter) / n


def log_likelihood(mean: np.ndarray, variance: np.ndarray, observed: np.ndarray, tolerance: np.ndarray) -> np.ndarray:
    """Per point, the normal log likelihood of the observations up to a constant: emulator mean and
    variance (points x targets) against the observed values with the tolerance as error."""
    total = variance + tolerance**2
    return -0.5 * np.sum((mean - observed) ** 2 / total + np.log(total), axis=-1)


def implausibility(mean: np.ndarray, variance: np.ndarray, observed: np.ndarray, tolerance: np.ndarray) -> np.ndarray:
    """Per point, the largest standardised distance of a target from its observation (history matching)."""
    return np.max(np.abs(mean - observed) / np.sqrt(variance + tolerance**2), axis=-1)


@dataclass(frozen=True)
class Chain:
    positions: np.ndarray  # steps x walkers x d, positions in [0, 1]^d
    log_density: np.ndarray  # steps x walkers
    acceptance: float  # the share of proposals accepted, over every walker and step


def _logistic(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def ensemble_sampler(log_density: Callable[[np.ndarray], np.ndarray], region: Region, start: np.ndarray, steps: int,
                     seed: int, wave: int = 0) -> Chain:  # fmt: skip
    """emcee's ensemble sampler on a density over the region (-inf outside) from `start` (walkers x d,
    inside the region), with differential-evolution moves (ter Braak & Vrugt 2008, Statistics and
    Computing 18(4); 80% DE, 20% DE snooker, as emcee's documentation advises for a posterior whose
    directions differ in scale by orders of magnitude, where the stretch move stalls). The chain runs on
    the logit of each position within the region, the uniform prior's density carried by the logistic
    Jacobian, so no proposal lands outside it. emcee's generator is seeded from one keyed uniform
    (key 0, year = wave), so a seed reproduces the chain."""
    walkers, d = start.shape
    low, width = region.low, region.high - region.low
    inner = np.clip((start - low) / width, 1e-9, 1.0 - 1e-9)

    def positions(z: np.ndarray) -> np.ndarray:
        return low + width * _logistic(z)

    def density(z: np.ndarray) -> np.ndarray:
        z = np.atleast_2d(z)
        jacobian = -np.sum(np.logaddexp(0.0, z) + np.logaddexp(0.0, -z), axis=1)
        return log_density(np.clip(positions(z), low, low + width)) + jacobian

    first = np.log(inner) - np.log1p(-inner)
    if not np.isfinite(density(first)).all():
        raise ValueError("every walker must start at a point of finite density")
    moves = [(emcee.moves.DEMove(), 0.8), (emcee.moves.DESnookerMove(), 0.2)]
    sampler = emcee.EnsembleSampler(walkers, d, density, moves=moves, vectorize=True)
    key = np.zeros(1, dtype=np.uint64)
    state = int(uniform_array(seed, int(Decision.POSTERIOR_MCMC), key, wave)[0] * 2**32)
    sampler.random_state = np.random.RandomState(state).get_state()
    sampler.run_mcmc(first, steps, progress=False)
    return Chain(positions(sampler.get_chain()), sampler.get_log_prob(),
                 float(np.mean(sampler.acceptance_fraction)))  # fmt: skip


def autocorrelation_time(series: np.ndarray) -> float:
    """The integrated autocorrelation time of one parameter's chain (steps x walkers), by emcee's
    estimator (the walkers' mean autocorrelation function to Sokal's automatic window), without its
    check that the chain is 50 times longer: the report states the ratio instead."""
    return float(emcee.autocorr.integrated_time(series[:, :, None], quiet=True)[0])


def split_rhat(series: np.ndarray) -> float:
    """Gelman-Rubin's potential scale reduction over the walkers' chain halves (steps x walkers)."""
    half = series.shape[0] // 2
    chains = np.concatenate([series[:half], series[half : 2 * half]], axis=1)
    n = chains.shape[0]
    within = chains.var(axis=0, ddof=1).mean()
    between = n * chains.mean(axis=0).var(ddof=1)
    if within <= 0:
        return float("nan")
    return float(np.sqrt(((n - 1) / n * within + between / n) / within))


def thinned(chain: Chain, burn: int, rows: int) -> np.ndarray:
    """`rows` points evenly spaced over the chain after `burn` steps (steps first, then walkers)."""
    flat = chain.positions[burn:].reshape(-1, chain.positions.shape[-1])
    return flat[np.linspace(0, len(flat) - 1, rows).round().astype(int)]
