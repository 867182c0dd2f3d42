"""Gaussian-process emulators of the simulated moments, one per fitted target: a linear regression on
the inputs (the global trend) plus a GP on its residuals with an anisotropic squared-exponential kernel
(one length scale per parameter) and a nugget (scikit-learn's WhiteKernel) for the Monte Carlo roughness
of the moments between nearby points, floored at their variance between seed replicates. The predictive variance includes the nugget, so the likelihood
never trusts the emulator more than the simulator's own noise allows.

Deterministic: the kernel's hyperparameters are fitted by L-BFGS from one fixed start (no random
restarts), so the same design gives the same emulator. They are fitted on the last FIT_ROWS runs only
(the latest waves, nearest the posterior) and the GP is then conditioned on every run with them fixed:
the fit costs O(n^3) per optimiser step, the conditioning once.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import RBF, ConstantKernel, WhiteKernel

LENGTH_BOUNDS = (0.05, 1e3)  # on inputs scaled to [0, 1] over the design region
NUGGET_BOUNDS = (1e-6, 1.0)  # share of the standardised residual variance
FIT_ROWS = 160  # runs the hyperparameters are fitted on (the last ones)
Z90 = 1.6449  # the normal's 95% quantile: a central 90% interval is mean +- 1.645 sd


@dataclass
class TargetEmulator:
    """One target: mean = intercept + slopes . x + GP(x), all on the target's standardised scale. The
    prediction is written out from the fitted GP's factors (the same numbers as its predict, without its
    per-call overhead, which an MCMC calling it millions of times would pay)."""

    coefficients: np.ndarray
    centre: float
    spread: float
    gp: GaussianProcessRegressor

    def __post_init__(self):
        kernel = self.gp.kernel_
        self.amplitude = float(kernel.k1.k1.constant_value)
        self.lengths = np.asarray(kernel.k1.k2.length_scale, dtype=np.float64)
        self.nugget = float(kernel.k2.noise_level)
        self.inputs = self.gp.X_train_ / self.lengths
        self.alpha = self.gp.alpha_
        self.whitening = np.linalg.inv(self.gp.L_)  # K = L L', so var = k(x, x) - |L^-1 k*|^2

    def predict(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        trend = self.coefficients[0] + x @ self.coefficients[1:]
        scaled = x / self.lengths
        distance = (scaled**2).sum(1)[:, None] + (self.inputs**2).sum(1)[None, :] - 2.0 * scaled @ self.inputs.T
        cross = self.amplitude * np.exp(-0.5 * np.maximum(distance, 0.0))
        mean = cross @ self.alpha
        variance = np.maximum(self.amplitude + self.nugget - ((self.whitening @ cross.T) ** 2).sum(0), 0.0)
        return self.centre + self.spread * (trend + mean), self.spread**2 * variance


def fit_target(x: np.ndarray, y: np.ndarray, noise: float | None = None) -> TargetEmulator:
    """Fit one target's emulator on the rows where the simulator gave a value. `noise`, the Monte Carlo
    variance of a simulated moment measured between seed replicates, floors the nugget: the fitted
    nugget otherwise shrinks below the simulator's own noise on a design this sparse in ~30 dimensions,
    and the emulator claims more than the runs show."""
    keep = np.isfinite(y)
    x, y = x[keep], y[keep]
    centre, spread = float(np.mean(y)), float(np.std(y)) or 1.0
    standard = (y - centre) / spread
    design = np.column_stack([np.ones(len(x)), x])
    coefficients = np.linalg.lstsq(design, standard, rcond=None)[0]
    floor = NUGGET_BOUNDS[0] if noise is None or not np.isfinite(noise) else noise / spread**2
    floor = float(np.clip(floor, NUGGET_BOUNDS[0], 0.5 * NUGGET_BOUNDS[1]))
    kernel = ConstantKernel(1.0, (1e-3, 1e2)) * RBF(np.ones(x.shape[1]), LENGTH_BOUNDS) + WhiteKernel(
        max(0.01, 2.0 * floor), (floor, NUGGET_BOUNDS[1])
    )
    residuals = standard - design @ coefficients
    tuned = GaussianProcessRegressor(kernel, normalize_y=False, n_restarts_optimizer=0)
    with warnings.catch_warnings():  # a bound reached (a flat direction: a long length scale) is an answer
        warnings.simplefilter("ignore", ConvergenceWarning)
        tuned.fit(x[-FIT_ROWS:], residuals[-FIT_ROWS:])
    if len(x) <= FIT_ROWS:
        return TargetEmulator(coefficients, centre, spread, tuned)
    gp = GaussianProcessRegressor(tuned.kernel_, normalize_y=False, optimizer=None).fit(x, residuals)
    return TargetEmulator(coefficients, centre, spread, gp)


@dataclass
class Emulator:
    """The emulators of every fitted target, predicting (points x targets) means and variances."""

    targets: list[str]
    members: list[TargetEmulator]

    @classmethod
    def fit(cls, x: np.ndarray, moments: np.ndarray, targets: list[str], noise: np.ndarray | None = None) -> Emulator:
        """One emulator a target; `noise` (per target, or None) the moments' Monte Carlo variance."""
        floors = [None] * moments.shape[1] if noise is None else list(noise)
        return cls(list(targets), [fit_target(x, moments[:, k], floors[k]) for k in range(moments.shape[1])])

    def predict(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        predictions = [member.predict(np.atleast_2d(x)) for member in self.members]
        return np.column_stack([p[0] for p in predictions]), np.column_stack([p[1] for p in predictions])

    def length_scales(self) -> np.ndarray:
        """Per target and parameter, the fitted length scale (a short one: the target moves with it)."""
        return np.vstack([member.gp.kernel_.k1.k2.length_scale for member in self.members])


def coverage(emulator: Emulator, x: np.ndarray, moments: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """On held-out runs: per target, the share of simulated moments inside the emulator's central 90%
    interval, and the standardised errors (simulated - mean) / sd (about N(0, 1) if the variance is right)."""
    mean, variance = emulator.predict(x)
    errors = (moments - mean) / np.sqrt(variance)
    inside = np.where(np.isfinite(errors), np.abs(errors) <= Z90, np.nan)
    return np.nanmean(inside, axis=0), errors
