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
Sampler: the affine-invariant ensemble stretch move (Goodman & Weare 2010, CAMCoS 5(1)), two half-
ensembles updated in turn as in emcee. Every random number is counter-based (core/rng.py), keyed by
(seed, Decision, key, wave or 0), so a seed reproduces the design, the chain and the sample.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..core.codes import Decision
from ..core.rng import uniform_array

KEY_STRIDE = 128  # a design row's or a walker's components take keys row x 128 + k
STRETCH = 2.0  # the stretch move's scale a (Goodman & Weare's default)


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
    positions: np.ndarray  # steps x walkers x d
    log_density: np.ndarray  # steps x walkers
    accepted: np.ndarray  # steps x walkers, bool

    @property
    def acceptance(self) -> float:
        return float(self.accepted.mean())


def stretch_sampler(log_density: Callable[[np.ndarray], np.ndarray], start: np.ndarray, steps: int,
                    seed: int, wave: int = 0) -> Chain:  # fmt: skip
    """The ensemble stretch move from `start` (walkers x d, an even number of walkers, each of finite
    density): at step t walker k of the half being moved takes the keys (t x walkers + k) x 4 + 0, 1, 2
    for its stretch, its acceptance and its partner from the other half (year = wave)."""
    walkers, d = start.shape
    if walkers % 2 or walkers < 2 * d:
        raise ValueError(f"an even number of walkers, at least {2 * d}")
    here, density = start.copy(), log_density(start)
    if not np.isfinite(density).all():
        raise ValueError("every walker must start at a point of finite density")
    positions, densities, accepted = (np.empty((steps, walkers, d)), np.empty((steps, walkers)),
                                      np.zeros((steps, walkers), dtype=bool))  # fmt: skip
    halves = (np.arange(walkers // 2), np.arange(walkers // 2, walkers))
    keys = (np.arange(steps * walkers * 4)).astype(np.uint64)  # (t x walkers + k) x 4 + part, drawn at once
    uniforms = uniform_array(seed, int(Decision.POSTERIOR_MCMC), keys, wave).reshape(steps, walkers, 4)
    for t in range(steps):
        for moving, other in (halves, halves[::-1]):
            u_stretch, u_accept, u_partner = uniforms[t, moving, 0], uniforms[t, moving, 1], uniforms[t, moving, 2]
            z = ((STRETCH - 1.0) * u_stretch + 1.0) ** 2 / STRETCH  # density proportional to 1/sqrt(z) on [1/a, a]
            partner = here[other[np.minimum((u_partner * len(other)).astype(int), len(other) - 1)]]
            proposal = partner + z[:, None] * (here[moving] - partner)
            proposed = log_density(proposal)
            log_ratio = (d - 1) * np.log(z) + proposed - density[moving]
            take = np.log(np.maximum(u_accept, 1e-300)) < log_ratio
            here[moving[take]], density[moving[take]] = proposal[take], proposed[take]
            accepted[t, moving[take]] = True
        positions[t], densities[t] = here, density
    return Chain(positions, densities, accepted)


def autocorrelation_time(series: np.ndarray, window: float = 5.0) -> float:
    """The integrated autocorrelation time of one parameter's chain (steps x walkers): the mean over
    walkers of their autocorrelation functions, summed to Sokal's automatic window (as emcee does)."""
    steps = series.shape[0]
    centred = series - series.mean(axis=0)
    size = 2 ** int(np.ceil(np.log2(2 * steps)))
    spectrum = np.fft.rfft(centred, n=size, axis=0)
    acf = np.fft.irfft(spectrum * np.conjugate(spectrum), axis=0)[:steps].mean(axis=1)
    if acf[0] <= 0:
        return float("nan")
    taus = 2.0 * np.cumsum(acf / acf[0]) - 1.0
    beyond = np.arange(steps) >= window * taus
    cut = int(np.argmax(beyond)) if beyond.any() else steps - 1
    return float(taus[cut])


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
