"""`careers-abm posterior`: the posterior sample of the calibration spec's parameters by emulator-based
calibration (posterior.py, emulator.py) on the model, resumable and reproducible by seed.

Steps: (1) wave 1, the least-squares point and a Latin hypercube of `design` points in the region
around it, simulated, and emulators fitted on them; (2) `waves` refocusing waves: a short chain on the
current emulators, `refocus` points of it (the refocused, non-implausible region) simulated, the
emulators refitted on every run so far (before the last refit, the last wave's every fifth point is
held out and the emulators' coverage on it reported); (3) the final chain, thinned to `draws` rows;
(4) `checks` rows of the sample, its median and the chain's mode simulated, against the emulators.

Every evaluation (the seed-averaged simulated moments at one parameter vector) is cached in
OUT/evaluations/KEY.json, written by an atomic rename, under a key that hashes what it depends on: the
resolved start config, the spec's settings, the fitted targets, the model's source and data, and the
vector. The design and the chains depend only on the seed and the evaluations, so rerunning after an
interruption finds the same keys and simulates only what is missing. The outputs are written last and
sealed by manifest.json.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits
from tqdm import tqdm

from ..core import model_digest
from ..core.loader import load_config
from ..core.model import CareersModel
from ..scenarios.files import folder_lock, package_version, seal, unseal, write_atomically
from .calibration import Objective, _lookup, load_spec
from .emulator import Emulator, coverage
from .moments import load_targets
from .posterior import Box, Chain, Region, ensemble_sampler, latin_hypercube, log_likelihood, region_around, thinned
from .posterior_report import diagnostics_text, summary

METHOD = (
    "emulator-based Bayesian calibration: Latin hypercube around the least-squares point, one Gaussian-process "
    "emulator per fitted target (linear trend + anisotropic squared-exponential kernel + a nugget floored at the "
    "seed replicates' variance), refocusing "
    "waves from the emulated posterior, emcee's ensemble MCMC with differential-evolution moves on the emulated "
    "likelihood (careers_abm.fitting.posterior, .emulator)"
)
OUTPUTS = ("posterior.parquet", "design.parquet", "posterior.json", "diagnostics.md")
HALF_WIDTH = 0.15  # the design region: each position within +- 0.15 of its range around the least-squares point's
HELD_OUT_EVERY = 5  # every fifth wave-2 point validates the emulators before they are refitted on all


def digest(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()[:16]


class EvaluationCache:
    """`compute(x)` -> {"residuals": [...], "moments": {...}} cached by key in `folder`; `computed` counts
    the misses."""

    def __init__(self, folder: Path, prefix: dict, compute: Callable[[np.ndarray], dict]):
        self.folder, self.compute, self.computed = Path(folder), compute, 0
        self.prefix = json.dumps(prefix, sort_keys=True)
        self.records: dict[str, dict] = {}

    def key(self, x: np.ndarray) -> str:
        return digest(self.prefix + json.dumps([repr(float(v)) for v in x]))

    def record(self, x: np.ndarray) -> dict:
        key = self.key(x)
        path = self.folder / f"{key}.json"
        if key not in self.records:
            if path.exists():
                self.records[key] = json.loads(path.read_text())
            else:
                started = time.perf_counter()
                record = {"x": [float(v) for v in x], **self.compute(x)}
                record["seconds"] = round(time.perf_counter() - started, 3)
                text = json.dumps(record)
                write_atomically(path, lambda tmp: tmp.write_text(text))
                self.records[key] = record
                self.computed += 1
        return self.records[key]

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return np.asarray(self.record(x)["residuals"], dtype=np.float64)


class ModelMoments:
    """The simulated moments of the fitted targets, averaged over the spec's seeds; the seeds' 2011
    builds are made on the first evaluation that is not cached (a resumed run may need none)."""

    def __init__(self, config_path: Path, spec, targets: pd.DataFrame, scale: float):
        self.config_path, self.spec, self.targets, self.scale = config_path, spec, targets, scale
        self.objective: Objective | None = None

    def __call__(self, x: np.ndarray) -> dict:
        if self.objective is None:
            run = {"run.scale": self.scale, "run.end_year": self.spec.settings.end_year}
            templates = [CareersModel(self.config_path, {**run, "run.seed": s}).sim for s in self.spec.settings.seeds]
            self.objective = Objective(templates, self.spec, self.targets)
        fitted = self.objective.fitted
        per_seed = self.objective.seed_moments(x)[fitted["id"]]
        moments = per_seed.mean()
        residuals = (moments.to_numpy() - fitted["value"].to_numpy()) / fitted["tolerance"].to_numpy()
        return {"residuals": residuals.tolist(), "moments": dict(zip(fitted["id"], moments.tolist())),
                "seed_moments": per_seed.to_dict(orient="records")}  # fmt: skip


def replicate_noise(records: list[dict], ids: list[str]) -> np.ndarray | None:
    """Per target, the Monte Carlo variance of a seed-averaged moment, from the spread between the seeds
    of every evaluation so far (the mean over evaluations of var(seeds) / seeds); None with one seed."""
    spreads = []
    for record in records:
        seeds = pd.DataFrame(record.get("seed_moments", []))
        if len(seeds) > 1:
            spreads.append(seeds[ids].var(ddof=1).to_numpy() / len(seeds))
    return np.nanmean(spreads, axis=0) if spreads else None


def provenance(config_path: Path, spec_path: Path, targets: pd.DataFrame, scale: float, seed: int) -> dict:
    """What the sample depends on, hashed: the evaluation cache's key prefix and the sidecar's record."""
    fitted = targets[targets["fit"] == "yes"][["id", "indicator", "years", "statistic", "value", "tolerance"]]
    return {
        "config_hash": digest(json.dumps(load_config(config_path)[1], sort_keys=True, default=str)),
        "spec_hash": digest(Path(spec_path).read_bytes()),
        "targets_hash": digest(fitted.to_csv(index=False)),
        "model_digest": model_digest(),
        "scale": scale,
        "seed": seed,
    }


@dataclass(frozen=True)
class Settings:
    """The method's sizes: `design` wave-1 points, `waves` refocusing waves of `refocus` points, the final
    chain's `steps` and a refocusing chain's `wave_steps` (the first half of each burnt in) with
    `walkers_per_dimension` walkers a parameter, `draws` rows shipped, `checks` rows re-simulated."""

    draws: int = 200
    design: int = 150
    refocus: int = 100
    waves: int = 2
    steps: int = 12000
    wave_steps: int = 1500
    checks: int = 8
    walkers_per_dimension: int = 4
    half_width: float = HALF_WIDTH


@dataclass(frozen=True)
class Problem:
    """The emulated posterior's pieces, on positions in [0, 1]^d."""

    box: Box
    region: Region
    observed: np.ndarray
    tolerance: np.ndarray

    def log_density(self, emulator: Emulator) -> Callable[[np.ndarray], np.ndarray]:
        def density(u: np.ndarray) -> np.ndarray:
            inside = self.region.contains(u)
            values = np.full(len(u), -np.inf)
            if inside.any():
                mean, variance = emulator.predict(self.region.scaled(u[inside]))
                values[inside] = log_likelihood(mean, variance, self.observed, self.tolerance)
            return values

        return density


def chain_on(emulator: Emulator, problem: Problem, start: np.ndarray, steps: int, seed: int, wave: int) -> Chain:
    """The sampler on the emulated posterior; one BLAS thread (the emulators' products are small, and
    threads contending for shared cores slow them several times)."""
    with threadpool_limits(1):
        return ensemble_sampler(problem.log_density(emulator), problem.region, start, steps, seed, wave)


def best_walkers(emulator: Emulator, problem: Problem, points: np.ndarray, walkers: int) -> np.ndarray:
    """The simulated points of highest emulated density, as a chain's walkers: a start spread over the
    posterior's region, so that walkers which disagree show in the split R-hat instead of one point's
    neighbourhood passing for the posterior. With fewer points than walkers, the best are repeated."""
    density = problem.log_density(emulator)(points)
    order = np.argsort(-density)
    return points[order[np.arange(walkers) % len(order)]]


def posterior(config_path: Path, targets_path: Path, spec_path: Path, out: Path, settings: Settings, seed: int,
              scale: float | None = None, progress: bool = True) -> dict:  # fmt: skip
    """Sample the posterior into `out` (see the module docstring) and return its record."""
    started = time.perf_counter()
    spec, targets = load_spec(spec_path), load_targets(targets_path)
    scale = scale or spec.settings.scale
    names = [p.key for p in spec.parameters]
    box = Box(np.array([p.lower for p in spec.parameters]), np.array([p.upper for p in spec.parameters]))
    start = np.array([_lookup(load_config(config_path)[0], key) for key in names])
    prefix = provenance(config_path, spec_path, targets, scale, seed)
    cache_prefix = {**prefix, "settings": spec.settings.model_dump(), "names": names}
    cache_prefix.pop("seed")  # an evaluation does not depend on the method's seed: seeds share the cache
    fitted = targets[targets["fit"] == "yes"].reset_index(drop=True)
    ids = fitted["id"].tolist()
    centre = np.clip(box.unit(start), 0.0, 1.0)
    problem = Problem(box, region_around(centre, settings.half_width), fitted["value"].to_numpy(np.float64),
                      fitted["tolerance"].to_numpy(np.float64))  # fmt: skip
    out = Path(out)
    with folder_lock(out):
        (out / "evaluations").mkdir(parents=True, exist_ok=True)
        for stale in [*out.glob(".*.tmp"), *(out / "evaluations").glob(".*.tmp")]:
            stale.unlink()
        cache = EvaluationCache(out / "evaluations", cache_prefix, ModelMoments(config_path, spec, targets, scale))
        total = 1 + settings.design + settings.waves * settings.refocus + settings.checks + 2
        with tqdm(total=total, desc="posterior", unit="eval", disable=not progress) as bar:

            def simulate(positions: np.ndarray) -> np.ndarray:
                rows = []
                for u in positions:
                    rows.append([cache.record(box.point(u))["moments"][i] for i in ids])
                    bar.update(1)
                    bar.set_postfix(simulated=cache.computed)
                return np.asarray(rows, dtype=np.float64)

            def noise() -> np.ndarray | None:
                return replicate_noise(list(cache.records.values()), ids)

            result = _calibrate(problem, centre, settings, seed, simulate, ids, noise)
        wall = time.perf_counter() - started
        record = _record(prefix, spec, settings, result, cache, names, box, start, wall, ids)
        unseal(out)
        _write(out, names, box, result, fitted, record)
        seal(out, OUTPUTS, record)
    return record


def _calibrate(problem: Problem, centre: np.ndarray, settings: Settings, seed: int,
               simulate: Callable[[np.ndarray], np.ndarray], ids: list[str],
               noise: Callable[[], np.ndarray | None] = lambda: None) -> dict:  # fmt: skip
    """Steps (1)-(4) of the module docstring, on positions; every array of the result. `noise()` gives the
    Monte Carlo variance of each simulated moment so far (the emulators' nugget floor), or None."""
    d = len(centre)
    walkers = settings.walkers_per_dimension * d + (settings.walkers_per_dimension * d) % 2
    short = settings.wave_steps
    x = np.vstack([centre, latin_hypercube(problem.region, settings.design, seed, 1)])
    moments, wave = simulate(x), np.ones(len(x), dtype=int)
    emulator = Emulator.fit(problem.region.scaled(x), moments, ids, noise())
    acceptances = []
    for number in range(2, settings.waves + 2):
        chain = chain_on(emulator, problem, best_walkers(emulator, problem, x, walkers), short, seed, number)
        acceptances.append(chain.acceptance)
        new = thinned(chain, short // 2, settings.refocus)
        x, moments = np.vstack([x, new]), np.vstack([moments, simulate(new)])
        wave = np.r_[wave, np.full(len(new), number)]
        if number == settings.waves + 1:  # the last wave's every fifth point validates the emulators first
            held = np.r_[np.zeros(len(x) - len(new), bool), np.arange(len(new)) % HELD_OUT_EVERY == 0]
            trial = Emulator.fit(problem.region.scaled(x[~held]), moments[~held], ids, noise())
            covered, errors = coverage(trial, problem.region.scaled(x[held]), moments[held])
        emulator = Emulator.fit(problem.region.scaled(x), moments, ids, noise())
    start = best_walkers(emulator, problem, x, walkers)
    chain = chain_on(emulator, problem, start, settings.steps, seed, settings.waves + 2)
    sample = thinned(chain, settings.steps // 2, settings.draws)
    median = np.median(sample, axis=0)
    mode = chain_mode(chain, problem.region)
    rows = sample[np.linspace(0, len(sample) - 1, settings.checks).round().astype(int)]
    checked = np.vstack([rows, median, mode])
    check_moments = simulate(checked)
    check_mean, check_variance = emulator.predict(problem.region.scaled(checked))
    return {
        "design": x, "moments": moments, "wave": wave, "held": held, "coverage": covered, "errors": errors,
        "chain": chain, "sample": sample, "median": median, "mode": mode, "checked": checked, "check_moments": check_moments,
        "check_mean": check_mean, "check_variance": check_variance, "emulator": emulator, "problem": problem,
        "walkers": walkers, "wave_acceptances": acceptances, "noise": noise(),
    }  # fmt: skip


def chain_mode(chain: Chain, region: Region) -> np.ndarray:
    """The kept chain's point of highest emulated posterior density: the chain's log density less the
    logit's Jacobian (the sampler's density is over the logits, the posterior's over the positions)."""
    kept = chain.positions[chain.positions.shape[0] // 2 :]
    inner = np.clip((kept - region.low) / (region.high - region.low), 1e-12, 1.0 - 1e-12)
    density = chain.log_density[chain.positions.shape[0] // 2 :] - np.sum(np.log(inner) + np.log1p(-inner), axis=-1)
    step, walker = np.unravel_index(np.argmax(density), density.shape)
    return kept[step, walker]


def objective(moments: np.ndarray, problem: Problem) -> np.ndarray:
    """Sum of squared tolerance-scaled errors per row (the least-squares objective)."""
    return np.sum(((moments - problem.observed) / problem.tolerance) ** 2, axis=-1)


def _record(prefix: dict, spec, settings: Settings, result: dict, cache: EvaluationCache, names: list, box: Box,
            start: np.ndarray, wall: float, ids: list[str]) -> dict:  # fmt: skip
    problem = result["problem"]
    seconds = sum(record.get("seconds", 0.0) for record in cache.records.values())
    diagnostics = summary(result, names)
    real = objective(result["check_moments"], problem)
    emulated = objective(result["check_mean"], problem)
    return {
        "kind": "posterior",
        **prefix,
        "package_version": package_version(),
        "date": date.today().isoformat(),
        "method": METHOD,
        "prior": "uniform on the spec's bounds (the documented plausible ranges), truncated to the design region",
        "likelihood": "fitted targets independent normal, variance = tolerance^2 + the emulator's predictive variance",
        "design_region_half_width": settings.half_width,
        "seeds": spec.settings.seeds,
        "end_year": spec.settings.end_year,
        "design": settings.design + 1,
        "refocus": settings.refocus,
        "waves": settings.waves,
        "wave_acceptances": [round(a, 3) for a in result["wave_acceptances"]],
        "held_out": int(result["held"].sum()),
        "emulator_coverage_90": round(float(np.nanmean(result["coverage"])), 3),
        "walkers": result["walkers"],
        "moves": "emcee 3 DEMove 0.8, DESnookerMove 0.2, on the logits of the positions in the design region",
        "replicate_noise_sd": dict(zip(ids, np.sqrt(result["noise"]).round(6).tolist())) if result["noise"] is not None
        else None,
        "steps": settings.steps,
        **diagnostics,
        "draws": len(result["sample"]),
        "evaluations": len(cache.records),
        "simulated_now": cache.computed,
        "evaluation_seconds": round(seconds, 1),
        "wall_time_s": round(wall, 1),
        "objective_map": float(objective(result["moments"][0], problem)),
        "objective_median": float(real[-2]),
        "objective_mode": float(real[-1]),
        "objective_checks_real": [round(float(v), 2) for v in real[:-2]],
        "objective_checks_emulated": [round(float(v), 2) for v in emulated[:-2]],
        "objective_median_emulated": float(emulated[-2]),
        "objective_mode_emulated": float(emulated[-1]),
        "map": dict(zip(names, start.tolist())),
        "median": dict(zip(names, box.point(result["median"]).tolist())),
        "mode": dict(zip(names, box.point(result["mode"]).tolist())),
    }


def _write(out: Path, names: list, box: Box, result: dict, fitted: pd.DataFrame, record: dict) -> None:
    sample = pd.DataFrame(box.point(result["sample"]), columns=names)
    design = pd.DataFrame(box.point(result["design"]), columns=names)
    design.insert(0, "wave", result["wave"].astype(int))
    design.insert(1, "held_out", result["held"])
    for k, target in enumerate(fitted["id"]):
        design[f"moment:{target}"] = result["moments"][:, k]
    write_atomically(out / "design.parquet", lambda tmp: design.to_parquet(tmp, index=False))
    write_atomically(out / "posterior.parquet", lambda tmp: sample.to_parquet(tmp, index=False))
    text = json.dumps(record, indent=2)
    write_atomically(out / "posterior.json", lambda tmp: tmp.write_text(text))
    report = diagnostics_text(result, names, box, record, fitted)
    write_atomically(out / "diagnostics.md", lambda tmp: tmp.write_text(report))
