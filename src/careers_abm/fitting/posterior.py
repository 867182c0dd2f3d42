"""A posterior sample of the behavioural parameters: a Laplace (Gauss-Newton) proposal at the
least-squares point, corrected by importance sampling and resampled (sampling-importance-resampling).

Why this method: about 30 parameters at about 4 s an evaluation allow a few hundred evaluations in an
hour on two cores; ABC-SMC needs tens of thousands in this dimension, and an emulator for history
matching needs a design of several hundred runs before its first wave. The Laplace step costs one
Jacobian (d + 1 evaluations), and importance sampling then corrects the Gaussian guess with the exact
(simulated) likelihood at each proposal draw, so the sample is right where the weights are well spread;
the effective sample size (ESS) says how far that holds. Limits: with few effective draws the intervals
are coarse, and a second mode far from the least-squares point is missed (the proposal never goes there).

Prior: uniform on each parameter's bounds (its documented plausible range). Likelihood: the fitted
targets independent normal around the simulated moments with the target's tolerance as the standard
deviation (the tolerance stands for measurement error and model discrepancy together); the Monte Carlo
noise of the simulated moments (common random numbers, a fixed pair of seeds) is not modelled.
The proposal lives on the logit of each parameter's position in its range, z = logit((x - lower) /
width), so every draw is inside the bounds (in 30 dimensions a proposal truncated to the box rejects
nearly every draw when several parameters sit at a bound); the uniform prior is then a logistic density
in each z. Proposal: a multivariate Student-t (5 degrees of freedom, heavier tails than the Gaussian so
the weights stay bounded; Geweke 1989, Econometrica 57(6)) with covariance (J'J + P)^-1, where J is the
Jacobian of the tolerance-scaled residuals in z and P = (3 / pi^2) I the precision of the logistic
prior, so a direction the targets leave unidentified is proposed as wide as the prior.
Every random number is counter-based (core/rng.py), keyed by (seed, Decision, key, 0).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..core.codes import Decision
from ..core.rng import normal_array, uniform_array

DEGREES_OF_FREEDOM = 5  # the Student-t proposal's tails (see the module docstring)
KEY_STRIDE = 128  # a proposal draw's components and chi-square normals take keys draw x 128 + k
EDGE = 0.005  # a start on a bound is moved this share of the range inside, where its logit is finite
LOGISTIC_PRECISION = 3.0 / np.pi**2  # 1 / variance of the standard logistic: the uniform prior in z

Residuals = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Box:
    """The prior: uniform on [lower, upper] in every parameter."""

    lower: np.ndarray
    upper: np.ndarray

    @property
    def width(self) -> np.ndarray:
        return self.upper - self.lower

    def contains(self, x: np.ndarray) -> np.ndarray:
        return np.all((x >= self.lower) & (x <= self.upper), axis=-1)

    def to_z(self, x: np.ndarray) -> np.ndarray:
        """The logit of the position in the range, from a point moved EDGE inside if it is on a bound."""
        position = np.clip((x - self.lower) / self.width, EDGE, 1.0 - EDGE)
        return np.log(position / (1.0 - position))

    def from_z(self, z: np.ndarray) -> np.ndarray:
        return self.lower + self.width / (1.0 + np.exp(-z))

    def log_prior_z(self, z: np.ndarray) -> np.ndarray:
        """The uniform prior's log density in z (the logistic's), up to a constant: log s(1 - s)."""
        return np.sum(-np.logaddexp(0.0, -z) - np.logaddexp(0.0, z), axis=-1)

    def dx_dz(self, z: np.ndarray) -> np.ndarray:
        s = 1.0 / (1.0 + np.exp(-z))
        return self.width * s * (1.0 - s)


@dataclass(frozen=True)
class PosteriorResult:
    """The start, the Laplace proposal, every weighted proposal draw and the resampled sample."""

    start: np.ndarray
    centre: np.ndarray  # in the parameters' own units
    covariance: np.ndarray  # of the proposal in z
    draws: np.ndarray  # proposal draws, one row each
    objectives: np.ndarray  # sum of squared tolerance-scaled residuals at each draw (-2 log likelihood)
    weights: np.ndarray  # normalised importance weights
    sample: np.ndarray  # indices into draws: the equally weighted posterior sample
    objective_start: float
    objective_centre: float

    @property
    def ess(self) -> float:
        """Kish's effective sample size of the weights, 1 / sum(w^2)."""
        return float(1.0 / np.sum(self.weights**2))


def objective(residuals: np.ndarray) -> float:
    """-2 log likelihood up to a constant; a target the run cannot compute (NaN) makes it infinite."""
    value = float(np.sum(np.asarray(residuals, dtype=np.float64) ** 2))
    return value if np.isfinite(value) else np.inf


def jacobian(residuals: Residuals, x0: np.ndarray, r0: np.ndarray, box: Box, step: float) -> np.ndarray:
    """Forward differences with a step of `step` x each parameter's range (backwards at the upper bound)."""
    columns = []
    for j in range(len(x0)):
        h = step * box.width[j]
        if x0[j] + h > box.upper[j]:
            h = -h
        x = x0.copy()
        x[j] += h
        columns.append((residuals(x) - r0) / h)
    return np.column_stack(columns)


def laplace_covariance(jac_z: np.ndarray) -> np.ndarray:
    """(J'J + P)^-1 in z, with P the logistic prior's precision (see the module docstring)."""
    precision = jac_z.T @ jac_z + LOGISTIC_PRECISION * np.eye(jac_z.shape[1])
    return np.linalg.inv(precision)


def proposal_draws(centre_z: np.ndarray, covariance: np.ndarray, n: int, seed: int) -> np.ndarray:
    """n draws in z of the Student-t proposal: draw i takes the keys i x 128 + k, so every draw depends
    only on (seed, i) and more draws extend a sample without changing its first rows."""
    d, nu = len(centre_z), DEGREES_OF_FREEDOM
    if d + nu > KEY_STRIDE:
        raise ValueError(f"at most {KEY_STRIDE - nu} parameters")
    keys = (np.arange(n)[:, None] * KEY_STRIDE + np.arange(d + nu)[None, :]).astype(np.uint64)
    normals = normal_array(seed, int(Decision.POSTERIOR_PROPOSAL), keys.ravel(), 0).reshape(keys.shape)
    chi2 = np.sum(normals[:, d:] ** 2, axis=1)
    return centre_z + (normals[:, :d] @ np.linalg.cholesky(covariance).T) / np.sqrt(chi2 / nu)[:, None]


def log_proposal(x: np.ndarray, centre: np.ndarray, covariance: np.ndarray) -> np.ndarray:
    """The Student-t proposal's log density up to a constant."""
    nu, d = DEGREES_OF_FREEDOM, x.shape[1]
    offset = x - centre
    mahalanobis = np.einsum("ij,ij->i", offset @ np.linalg.inv(covariance), offset)
    return -0.5 * (nu + d) * np.log1p(mahalanobis / nu)


def importance_weights(objectives: np.ndarray, log_prior: np.ndarray, log_q: np.ndarray) -> np.ndarray:
    """Self-normalised weights prior x likelihood / proposal, all as densities in z."""
    log_w = -0.5 * objectives + log_prior - log_q
    log_w = np.where(np.isfinite(log_w), log_w, -np.inf)
    if not np.isfinite(log_w).any():
        raise RuntimeError("every proposal draw has zero likelihood (a target the runs cannot compute?)")
    w = np.exp(log_w - log_w.max())
    return w / w.sum()


def systematic_resample(weights: np.ndarray, n: int, seed: int) -> np.ndarray:
    """n indices by systematic resampling from one counter-based uniform (low variance, reproducible)."""
    u = uniform_array(seed, int(Decision.POSTERIOR_RESAMPLE), np.zeros(1, dtype=np.uint64), 0)[0]
    positions = (u + np.arange(n)) / n
    cumulative = np.cumsum(weights)
    cumulative[-1] = 1.0
    return np.searchsorted(cumulative, positions, side="right")


def sample_posterior(
    residuals: Residuals, box: Box, start: np.ndarray, draws: int, seed: int, step: float
) -> PosteriorResult:
    """The whole method: residuals at the start, their Jacobian, one damped Gauss-Newton step in z (kept
    if it lowers the objective), `draws` proposal draws weighted by their likelihood, resampled to
    `draws` rows."""
    start = np.clip(np.asarray(start, dtype=np.float64), box.lower, box.upper)
    r0 = np.asarray(residuals(start), dtype=np.float64)
    z0 = box.to_z(start)
    jac_z = jacobian(residuals, start, r0, box, step) * box.dx_dz(z0)[None, :]
    covariance = laplace_covariance(jac_z)
    z1 = z0 - covariance @ jac_z.T @ r0
    objective_start, objective_stepped = objective(r0), objective(residuals(box.from_z(z1)))
    centre_z = z1 if objective_stepped < objective_start else z0
    z = proposal_draws(centre_z, covariance, draws, seed)
    points = box.from_z(z)
    objectives = np.array([objective(residuals(x)) for x in points])
    weights = importance_weights(objectives, box.log_prior_z(z), log_proposal(z, centre_z, covariance))
    return PosteriorResult(
        start=start,
        centre=box.from_z(centre_z),
        covariance=covariance,
        draws=points,
        objectives=objectives,
        weights=weights,
        sample=systematic_resample(weights, draws, seed),
        objective_start=objective_start,
        objective_centre=min(objective_start, objective_stepped),
    )
