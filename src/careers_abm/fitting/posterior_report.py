"""Diagnostics of a posterior sample: per parameter its prior range against the posterior median and
90% interval, which parameters the targets identify, the strongest correlations, and the fit of each
target; computed from the weighted proposal draws (not the resampled rows, which repeat draws).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .posterior import Box, PosteriorResult

IDENTIFIED = 0.5  # posterior sd below half the prior's: the targets identify the parameter
WEAKLY = 0.8  # below 0.8 of the prior's: weakly identified; above: the prior speaks, not the data
CORRELATIONS_SHOWN = 8
MIN_ESS = 10.0  # below it the weighted draws cannot give spreads: identification is read off the Laplace step
LOGISTIC_SD = np.pi / np.sqrt(3.0)  # the uniform prior's sd on the logit of the position in the range
WHY = (
    "About 30 parameters at about 4 s an evaluation allow a few hundred evaluations in an hour on two cores; "
    "ABC-SMC needs tens of thousands in this dimension, and history matching needs an emulator design of "
    "several hundred runs before its first wave. The Laplace step costs one Jacobian (d + 2 evaluations); "
    "importance sampling then corrects the Gaussian guess with the simulated likelihood at every proposal "
    "draw, so the sample is exact where the weights are well spread, and the effective sample size says how "
    "far that holds. Limits: with few effective draws the intervals are coarse; a second mode far from the "
    "least-squares point is missed (the proposal rarely goes there); the Monte Carlo noise of the simulated "
    "moments (a fixed pair of seeds, common random numbers) is not in the likelihood; and the tolerance as "
    "the standard deviation is a choice: it stands for measurement error and model discrepancy together."
)


def weighted_quantiles(values: np.ndarray, weights: np.ndarray, probabilities: list[float]) -> np.ndarray:
    """Quantiles of a weighted sample: the smallest value whose cumulative weight reaches each probability."""
    order = np.argsort(values)
    cumulative = np.cumsum(weights[order])
    return values[order][np.minimum(np.searchsorted(cumulative, probabilities), len(values) - 1)]


def weighted_covariance(draws: np.ndarray, weights: np.ndarray) -> np.ndarray:
    mean = weights @ draws
    offset = draws - mean
    return (offset * weights[:, None]).T @ offset


def _label(ratio: float) -> str:
    return "identified" if ratio < IDENTIFIED else "weakly" if ratio < WEAKLY else "not identified"


def parameter_table(result: PosteriorResult, names: list[str], box: Box) -> pd.DataFrame:
    """One row per parameter: bounds, weighted median and 90% interval, the posterior sd over the prior's
    (uniform: width / sqrt 12) from the weighted draws and from the Laplace step (on the logit scale,
    over the logistic prior's pi / sqrt 3), and whether the targets identify it: by the weighted draws
    when the ESS allows (>= MIN_ESS), else by the Laplace step (a local, Gaussian reading)."""
    sd = np.sqrt(np.diag(weighted_covariance(result.draws, result.weights)))
    laplace = np.sqrt(np.diag(result.covariance)) / LOGISTIC_SD
    prior_sd = box.width / np.sqrt(12.0)
    enough = result.ess >= MIN_ESS
    rows = []
    for j, name in enumerate(names):
        p05, median, p95 = weighted_quantiles(result.draws[:, j], result.weights, [0.05, 0.5, 0.95])
        ratio = sd[j] / prior_sd[j]
        rows.append({"parameter": name, "lower": box.lower[j], "upper": box.upper[j], "start": result.start[j],
                     "centre": result.centre[j], "median": median, "p05": p05, "p95": p95, "sd": sd[j],
                     "prior_sd": prior_sd[j], "sd_ratio": ratio, "laplace_sd_ratio": laplace[j],
                     "identified": _label(ratio if enough else laplace[j])})  # fmt: skip
    return pd.DataFrame(rows)


def strongest_correlations(result: PosteriorResult, names: list[str], shown: int = CORRELATIONS_SHOWN) -> pd.DataFrame:
    """From the weighted draws when the ESS allows, else from the Laplace step (on the logit scale)."""
    covariance = weighted_covariance(result.draws, result.weights) if result.ess >= MIN_ESS else result.covariance
    sd = np.sqrt(np.diag(covariance))
    with np.errstate(invalid="ignore", divide="ignore"):
        correlation = covariance / np.outer(sd, sd)
    upper = np.triu_indices(len(names), k=1)
    pairs = pd.DataFrame({"first": np.array(names)[upper[0]], "second": np.array(names)[upper[1]],
                          "correlation": correlation[upper]}).dropna()  # fmt: skip
    return pairs.reindex(pairs["correlation"].abs().sort_values(ascending=False).index).head(shown)


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3f}"


def diagnostics_text(result: PosteriorResult, names: list[str], box: Box, record: dict,
                     targets: pd.DataFrame, moments: pd.DataFrame) -> str:  # fmt: skip
    """The markdown diagnostics (docs/calibration.md once shipped)."""
    table = parameter_table(result, names, box)
    lines = [
        "# Posterior of the behavioural parameters",
        "",
        f"Generated by `careers-abm posterior` on {record['date']} (careers_abm {record['package_version']}, "
        f"model {record['model_digest']}, spec {record['spec_hash']}, targets {record['targets_hash']}); "
        "regenerate with the same command, do not edit by hand.",
        "",
        f"**Method.** {record['method']}. Prior: {record['prior']}. Likelihood: {record['likelihood']}. "
        f"Scale {record['scale']}, seeds {record['seeds']} averaged per evaluation, runs to {record['end_year']}; "
        f"method seed {record['seed']}.",
        "",
        f"**Why this method, and its limits.** {WHY}",
        "",
        f"**Budget.** {record['draws']} proposal draws and {len(names) + 2} evaluations for the Laplace step "
        f"({record['evaluations']} evaluations in all), {record['evaluation_seconds']:.0f} s of simulation on "
        f"this machine. Objective (sum of squared tolerance-scaled errors): {record['objective_start']:.2f} at "
        f"the start, {record['objective_centre']:.2f} at the proposal's centre, {record['objective_map']:.2f} "
        "at the best draw (the MAP among the evaluated points, the prior being uniform).",
        "",
        f"**Effective sample size** {record['ess']:.1f} of {record['draws']} draws. "
        + (f"Below {MIN_ESS:.0f}: the weighted draws give no spread (the intervals collapse onto the best draws), "
           "so identification and correlations below are read off the Laplace step instead (local and Gaussian); "
           "the sample is not yet a usable posterior: raise --draws, or re-linearise at the centre."
           if record["ess"] < MIN_ESS else
           "Too few effective draws for the intervals to be more than indicative: raise --draws."
           if record["ess"] < 0.1 * record["draws"] else "The weights are spread well enough for the intervals below."),
        "",
        "## Parameters",
        "",
        f"Identified: posterior sd below {IDENTIFIED:.0%} of the prior's (uniform on the range: width / sqrt 12); "
        f"weakly: below {WEAKLY:.0%}; otherwise the data do not move the parameter much off its prior. "
        f"Judged by the weighted draws' sd when the ESS is {MIN_ESS:.0f} or more, else by the Laplace step's "
        "(on the logit of the position in the range, against the uniform prior's pi / sqrt 3 there).",
        "",
        "| parameter | prior range | start | Laplace centre | posterior median | 90% interval | sd / prior sd"
        " (draws) | (Laplace) | identified |",
        "|---|---|---|---|---|---|---|---|---|",
    ]  # fmt: skip
    for row in table.itertuples():
        lines.append(
            f"| `{row.parameter}` | [{row.lower:g}, {row.upper:g}] | {row.start:.4g} | {row.centre:.4g} | "
            f"{row.median:.4g} | [{row.p05:.4g}, {row.p95:.4g}] | {row.sd_ratio:.2f} | {row.laplace_sd_ratio:.2f} | "
            f"{row.identified} |"
        )
    counts = table["identified"].value_counts()
    lines += ["", "Counts: " + ", ".join(f"{label} {counts.get(label, 0)}" for label in
                                          ("identified", "weakly", "not identified")) + ".", ""]  # fmt: skip
    source = "weighted draws" if result.ess >= MIN_ESS else f"Laplace step (ESS below {MIN_ESS:.0f}), logit scale"
    lines += ["## Strongest correlations", "", f"From the {source}.", ""]
    lines += ["| parameter | parameter | correlation |", "|---|---|---|"]
    for row in strongest_correlations(result, names).itertuples():
        lines.append(f"| `{row.first}` | `{row.second}` | {row.correlation:+.2f} |")
    fitted = targets[targets["fit"] == "yes"]
    if not moments.empty:
        lines += ["", "## Fitted targets under the posterior", ""]
        lines += ["| target | observed | tolerance | posterior median | 90% interval |", "|---|---|---|---|---|"]
        for row in fitted.itertuples():
            if row.id not in moments:
                continue
            values = moments[row.id].to_numpy(dtype=np.float64)
            finite = np.isfinite(values)
            p05, median, p95 = weighted_quantiles(values[finite], result.weights[finite] / result.weights[finite].sum(),
                                                  [0.05, 0.5, 0.95])  # fmt: skip
            lines.append(f"| {row.id} | {_number(row.value)} | {_number(row.tolerance)} | {_number(median)} | "
                         f"[{_number(p05)}, {_number(p95)}] |")  # fmt: skip
    return "\n".join(lines) + "\n"
