"""Measures of a pig (cobweb) cycle in one yearly series: does supply chase demand in waves?

A series is detrended with a straight line first, so that slow drifts (ageing, a rising premium) are
not mistaken for cycles. Then: its amplitude (standard deviation), the dominant period (the peak of the
periodogram) and the cycle strength, minus the lowest autocorrelation at lags 2 to n/2: a regular
cycle of period P is negatively correlated with itself at P/2, white noise only weakly (about -2/sqrt(n));
and the amplitude growth, the ratio of the second half's to the first half's standard deviation: above 1
a cycle grows (an explosive cobweb), below 1 it dies out.
"""

from __future__ import annotations

import numpy as np


def detrend(values: np.ndarray) -> np.ndarray:
    """The residuals of a least-squares straight line through the series."""
    years = np.arange(len(values), dtype=float)
    slope, intercept = np.polyfit(years, values, 1)
    return values - (slope * years + intercept)


def autocorrelation(values: np.ndarray, max_lag: int) -> np.ndarray:
    """Sample autocorrelation at lags 0..max_lag of a series with mean zero."""
    centred = values - values.mean()
    variance = float(np.dot(centred, centred))
    if variance == 0.0:
        return np.zeros(max_lag + 1)
    return np.array([np.dot(centred[: len(centred) - lag], centred[lag:]) / variance for lag in range(max_lag + 1)])


def dominant_period(values: np.ndarray) -> float:
    """The period in years of the strongest frequency of the periodogram (excluding the mean)."""
    power = np.abs(np.fft.rfft(values - values.mean())) ** 2
    if len(power) < 2 or not np.any(power[1:] > 0):
        return float("nan")
    strongest = 1 + int(np.argmax(power[1:]))
    return len(values) / strongest


def measures(values: np.ndarray) -> dict[str, float]:
    """Amplitude (and its growth), dominant period, lag-1 autocorrelation and cycle strength, detrended."""
    residual = detrend(np.asarray(values, dtype=float))
    max_lag = max(2, len(residual) // 2)
    acf = autocorrelation(residual, max_lag)
    trough = 2 + int(np.argmin(acf[2:]))
    half = len(residual) // 2
    first_half = residual[:half].std()
    return {
        "amplitude": float(residual.std()),
        "amplitude_growth": float(residual[half:].std() / first_half) if first_half > 0 else float("nan"),
        "dominant_period_years": dominant_period(residual),
        "autocorrelation_lag1": float(acf[1]),
        "cycle_strength": float(-acf[trough]),
        "half_period_years": float(trough),
    }
