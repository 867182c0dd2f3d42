"""Calibration by the method of simulated moments: behavioural parameters fitted to published Dutch figures.

Every evaluation reuses the same built population and the same seeds (common random numbers), so a
small change in a parameter moves the simulated moments smoothly instead of through fresh noise.
The objective is the sum of squared errors, each scaled by the target's tolerance.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from pydantic import Field, ValidationError, model_validator
from tqdm import tqdm

from ..core.config import Config, ConfigError, StrictModel, flatten, read_toml
from ..core.loader import load_config
from ..core.model import CareersModel
from ..core.rules import log_odds
from ..core.sim import Sim
from ..scenarios.files import write_atomically
from .moments import load_targets, simulate_moments, year_range
from .validation import plot_fit

# Sections and keys the population build reads: a fit that reuses one build must leave them alone.
BUILD_KEYS = ("run.", "demography.affinity_inheritance", "schooling.group_size", "schooling.tech_slopes.affinity",
              "study.duration.", "series.intl_entrants_")  # fmt: skip


class FittedParameter(StrictModel):
    """A behavioural parameter to fit, with the bounds of its plausible range."""

    key: str
    lower: float
    upper: float

    @model_validator(mode="after")
    def _ordered(self):
        if not self.lower < self.upper:
            raise ValueError(f"lower ({self.lower}) must be below upper ({self.upper})")
        if self.key.startswith(BUILD_KEYS):
            raise ValueError(f"{self.key} shapes the 2011 population and cannot be fitted on a reused build")
        return self


class Settings(StrictModel):
    scale: float = Field(gt=0.0, le=1.0)
    seeds: list[int] = Field(min_length=1)
    end_year: int = Field(ge=2011, le=2100)
    max_evaluations: int = Field(ge=1)
    step: float = Field(gt=0.0, le=1.0)


class Spec(StrictModel):
    settings: Settings
    parameters: list[FittedParameter] = Field(min_length=1)


def load_spec(path: Path) -> Spec:
    data = read_toml(path, "calibration")
    try:
        return Spec.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        key = ".".join(str(part) for part in first["loc"])
        raise ConfigError(f"{path}: key '{key}' = {first.get('input')!r}: {first['msg']}") from None


@dataclass
class Objective:
    """Tolerance-scaled residuals of the fitted targets, averaged over the seeds' templates."""

    templates: list[Sim]
    spec: Spec
    targets: pd.DataFrame
    evaluations: int = 0
    log: list[dict] = field(default_factory=list)
    moments_log: list[pd.Series] = field(default_factory=list)

    def __post_init__(self):
        self.fitted = self.targets[self.targets["fit"] == "yes"].reset_index(drop=True)

    def config_for(self, x: np.ndarray, template: Sim) -> Config:
        """The template's config (its seed and scale) with the parameters set to `x`."""
        overrides = {p.key: float(v) for p, v in zip(self.spec.parameters, x)}
        config, _ = load_config(None, {**flatten(template.config.model_dump()), **overrides})
        return config

    def seed_moments(self, x: np.ndarray) -> pd.DataFrame:
        """One row of simulated moments per seed's template."""
        return pd.DataFrame([simulate_moments(self.config_for(x, t), self.fitted, template=t) for t in self.templates])

    def moments(self, x: np.ndarray) -> pd.Series:
        return self.seed_moments(x).mean()

    def residuals(self, x: np.ndarray) -> np.ndarray:
        moments = self.moments(x)
        self.moments_log.append(moments)
        residuals = ((moments[self.fitted["id"]].to_numpy() - self.fitted["value"].to_numpy()) /
                     self.fitted["tolerance"].to_numpy())  # fmt: skip
        self.evaluations += 1
        self.log.append({"evaluation": self.evaluations, "objective": float(np.sum(residuals**2)),
                         **{p.key: float(v) for p, v in zip(self.spec.parameters, x)}})  # fmt: skip
        return residuals


def _lookup(config: Config, key: str) -> float:
    node = config.model_dump()
    for part in key.split("."):
        node = node[part]
    return float(node)


def calibrated_toml(extends: str, values: dict[str, float], note: str) -> str:
    """A scenario file that extends the calibrated config's parent and sets the fitted values."""
    sections: dict[str, list[str]] = {}
    for key, value in values.items():
        section, _, name = key.rpartition(".")
        sections.setdefault(section, []).append(f"{name} = {value:.4f}")
    lines = [f"# {note}", f'extends = "{extends}"', ""]
    for section, entries in sections.items():
        lines += [f"[{section}]", *entries, ""]
    return "\n".join(lines)


def calibrate(config_path: Path, targets_path: Path, spec_path: Path, out: Path, scale: float | None = None,
              max_evaluations: int | None = None) -> dict:  # fmt: skip
    """Fit, then write calibrated.toml, fit.csv, fit.png, evaluations.csv and calibration.json to `out`."""
    from scipy.optimize import least_squares  # heavy, and only the fit needs it

    spec = load_spec(spec_path)
    targets = load_targets(targets_path)
    settings = spec.settings
    scale = scale or settings.scale
    started = time.perf_counter()
    run = {"run.scale": scale, "run.end_year": settings.end_year}
    templates = [CareersModel(config_path, {**run, "run.seed": seed}).sim for seed in settings.seeds]
    objective = Objective(templates, spec, targets)
    lower = np.array([p.lower for p in spec.parameters])
    width = np.array([p.upper for p in spec.parameters]) - lower
    start = np.clip([_lookup(templates[0].config, p.key) for p in spec.parameters], lower, lower + width)
    budget = max_evaluations or settings.max_evaluations
    # The optimiser works on each parameter's position within its range (0..1), so one step size fits all.
    with tqdm(total=budget, desc="calibrating", unit="run") as bar:

        def residuals(z):
            if objective.evaluations >= budget:
                raise _BudgetSpent
            value = objective.residuals(lower + z * width)
            bar.update(1)
            bar.set_postfix(objective=f"{objective.log[-1]['objective']:.1f}")
            return value

        try:
            least_squares(residuals, (start - lower) / width, bounds=(0.0, 1.0), diff_step=settings.step, method="trf")
            message = "converged"
        except _BudgetSpent:
            message = f"stopped after the budget of {budget} evaluations"
    best_index = int(np.argmin([entry["objective"] for entry in objective.log]))
    best_log = objective.log[best_index]
    best = np.array([best_log[p.key] for p in spec.parameters])
    fitted = dict(zip((p.key for p in spec.parameters), best.tolist()))
    fit = _fit_table(targets, objective.moments_log[0], objective.moments_log[best_index])
    summary = {
        "objective_before": objective.log[0]["objective"],
        "objective_after": best_log["objective"],
        "evaluations": objective.evaluations,
        "wall_time_s": round(time.perf_counter() - started, 1),
        "scale": scale,
        "seeds": settings.seeds,
        "parameters_before": dict(zip(fitted, start.tolist())),
        "parameters_after": fitted,
        "optimizer": f"scipy.optimize.least_squares (trf, bounded), best evaluation kept; {message}",
    }
    _write(out, config_path, fitted, fit, objective.log, summary)
    return summary


class _BudgetSpent(Exception):
    """Raised inside the optimiser's objective once the evaluation budget is used up."""


def _fit_table(targets: pd.DataFrame, before: pd.Series, after: pd.Series) -> pd.DataFrame:
    fit = targets[["id", "indicator", "years", "value", "tolerance", "fit", "source"]].copy()
    fit["before"] = fit["id"].map(before)
    fit["after"] = fit["id"].map(after)
    fit["error_before"] = fit["before"] - fit["value"]
    fit["error_after"] = fit["after"] - fit["value"]
    fit["within_tolerance"] = fit["error_after"].abs() <= fit["tolerance"]
    return fit


def _write(out: Path, config_path: Path, fitted: dict, fit: pd.DataFrame, log: list, summary: dict) -> None:
    out.mkdir(parents=True, exist_ok=True)
    relative = Path(config_path).resolve()
    objective = f"{summary['objective_before']:.1f} -> {summary['objective_after']:.1f}"
    note = f"Fitted by careers-abm calibrate; objective {objective}"
    text = calibrated_toml(str(relative), fitted, note)
    write_atomically(out / "calibrated.toml", lambda tmp: tmp.write_text(text))
    write_atomically(out / "fit.csv", lambda tmp: fit.to_csv(tmp, index=False, float_format="%.6g"))
    write_atomically(out / "evaluations.csv", lambda tmp: pd.DataFrame(log).to_csv(tmp, index=False))
    write_atomically(out / "calibration.json", lambda tmp: tmp.write_text(json.dumps(summary, indent=2)))
    plot_fit(fit, out / "fit.png")


# Alignment pairs: a share target and the one term that moves it most directly (for the take-up of
# technical graduates: the technical diploma's slope, which only they have). No wo share is published
# for 2013 or earlier, so the wo constant carries the hbo+wo share with the hbo constant holding hbo.
ALIGNMENT = {
    "vmbo_tech_share": "schooling.tech_constant.vmbo",
    "havo_science_share": "schooling.tech_constant.havo",
    "vwo_science_share": "schooling.tech_constant.vwo",
    "mbo_tech_share": "schooling.tech_constant.mbo",
    "hbo_tech_share": "schooling.tech_constant.hbo",
    "he_tech_share": "schooling.tech_constant.wo",
    "he_female_tech_share": "schooling.tech_slopes.female",
    "tech_grads_to_tech_job": "labour_entry.tech_job_slopes.tech_field",
}


def align(config_path: Path, targets_path: Path, out: Path, scale: float, seeds: list[int], rounds: int = 3) -> dict:
    """Shift each aligned constant by the log-odds gap between target and simulated share, averaged
    over several seeds, and freeze the result in `out/aligned.toml` (a config extending `config_path`).

    Alignment is fitted on the baseline only and then stays fixed, so a policy scenario that extends
    the aligned baseline is never pulled back to the targets.
    """
    targets = load_targets(targets_path).set_index("id").loc[list(ALIGNMENT)].reset_index()
    end = max(year_range(years)[1] for years in targets["years"])
    run = {"run.scale": scale, "run.end_year": end}
    templates = [CareersModel(config_path, {**run, "run.seed": seed}).sim for seed in seeds]
    values = {key: _lookup(templates[0].config, key) for key in ALIGNMENT.values()}
    history = []
    for _ in tqdm(range(rounds + 1), desc="aligning", unit="round"):
        runs = []
        for template in templates:
            config, _ = load_config(None, {**flatten(template.config.model_dump()), **values})
            runs.append(simulate_moments(config, targets, template=template))
        shares = pd.DataFrame(runs).mean()
        history.append({**values, **{f"simulated {name}": shares[name] for name in ALIGNMENT}})
        if len(history) > rounds:
            break
        for row in targets.itertuples():
            values[ALIGNMENT[row.id]] += float(log_odds(row.value) - log_odds(shares[row.id]))
    best = min(history, key=lambda h: sum((h[f"simulated {t.id}"] - t.value) ** 2 for t in targets.itertuples()))
    aligned = {key: best[key] for key in ALIGNMENT.values()}
    text = calibrated_toml(str(Path(config_path).resolve()), aligned, f"Aligned by careers-abm align on seeds {seeds}")
    out.mkdir(parents=True, exist_ok=True)
    write_atomically(out / "aligned.toml", lambda tmp: tmp.write_text(text))
    write_atomically(out / "alignment.csv", lambda tmp: pd.DataFrame(history).to_csv(tmp, index=False))
    return best
