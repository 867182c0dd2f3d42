"""`careers-abm posterior`: the posterior sample of the calibration spec's parameters (posterior.py) on
the model, resumable and reproducible by seed.

Every evaluation (the seed-averaged simulated moments at one parameter vector) is cached in
OUT/evaluations/KEY.json, written by an atomic rename, under a key that hashes what it depends on: the
resolved start config, the spec's settings, the fitted targets, the model's source and data, and the
vector. The method's draws depend only on the seed, so rerunning after an interruption finds the same
keys and simulates only what is missing. The outputs are written last and sealed by manifest.json.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm import tqdm

from ..core import model_digest
from ..core.loader import load_config
from ..core.model import CareersModel
from ..scenarios.files import folder_lock, package_version, seal, unseal, write_atomically
from .calibration import Objective, _lookup, load_spec
from .moments import load_targets
from .posterior import Box, PosteriorResult, sample_posterior
from .posterior_report import diagnostics_text, parameter_table

METHOD = (
    "Laplace (Gauss-Newton) proposal at the least-squares point, Student-t(5), corrected by importance "
    "sampling and systematic resampling (careers_abm.fitting.posterior)"
)
OUTPUTS = ("posterior.parquet", "draws.parquet", "posterior.json", "diagnostics.md")


def digest(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()[:16]


class EvaluationCache:
    """`compute(x)` -> {"residuals": [...], ...} cached by key in `folder`; `computed` counts the misses."""

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
        moments = self.objective.moments(x)[fitted["id"]]
        residuals = (moments.to_numpy() - fitted["value"].to_numpy()) / fitted["tolerance"].to_numpy()
        return {"residuals": residuals.tolist(), "moments": dict(zip(fitted["id"], moments.tolist()))}


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


def posterior(config_path: Path, targets_path: Path, spec_path: Path, out: Path, draws: int, seed: int,
              scale: float | None = None, progress: bool = True) -> dict:  # fmt: skip
    """Sample the posterior into `out` (see the module docstring) and return its record."""
    started = time.perf_counter()
    spec, targets = load_spec(spec_path), load_targets(targets_path)
    scale = scale or spec.settings.scale
    names = [p.key for p in spec.parameters]
    box = Box(np.array([p.lower for p in spec.parameters]), np.array([p.upper for p in spec.parameters]))
    config = load_config(config_path)[0]
    start = np.array([_lookup(config, key) for key in names])
    prefix = provenance(config_path, spec_path, targets, scale, seed)
    cache_prefix = {**prefix, "settings": spec.settings.model_dump(), "names": names}
    cache_prefix.pop("seed")  # an evaluation does not depend on the method's seed: seeds share the cache
    out = Path(out)
    with folder_lock(out):
        (out / "evaluations").mkdir(parents=True, exist_ok=True)
        for stale in [*out.glob(".*.tmp"), *(out / "evaluations").glob(".*.tmp")]:
            stale.unlink()
        cache = EvaluationCache(out / "evaluations", cache_prefix, ModelMoments(config_path, spec, targets, scale))
        total = len(names) + 2 + draws
        with tqdm(total=total, desc="posterior", unit="eval", disable=not progress) as bar:

            def evaluate(x: np.ndarray) -> np.ndarray:
                residuals = cache(x)
                bar.update(1)
                bar.set_postfix(simulated=cache.computed)
                return residuals

            result = sample_posterior(evaluate, box, start, draws, seed, spec.settings.step)
        record = _record(prefix, spec, result, cache, names, box, time.perf_counter() - started)
        unseal(out)
        _write(out, names, box, result, cache, targets, record)
        seal(out, OUTPUTS, record)
    return record


def _record(prefix: dict, spec, result: PosteriorResult, cache: EvaluationCache, names: list, box: Box,
            wall: float) -> dict:  # fmt: skip
    best = int(np.argmin(result.objectives))
    seconds = sum(record.get("seconds", 0.0) for record in cache.records.values())
    return {
        "kind": "posterior",
        **prefix,
        "package_version": package_version(),
        "date": date.today().isoformat(),
        "method": METHOD,
        "prior": "uniform on the spec's bounds (the documented plausible ranges)",
        "likelihood": "fitted targets independent normal, standard deviation = the target's tolerance",
        "seeds": spec.settings.seeds,
        "end_year": spec.settings.end_year,
        "draws": len(result.draws),
        "ess": round(result.ess, 2),
        "evaluations": len(cache.records),
        "simulated_now": cache.computed,
        "evaluation_seconds": round(seconds, 1),
        "wall_time_s": round(wall, 1),
        "objective_start": result.objective_start,
        "objective_centre": result.objective_centre,
        "objective_map": float(result.objectives[best]),
        "map": dict(zip(names, result.draws[best].tolist())),
        "median": dict(zip(names, parameter_table(result, names, box)["median"].tolist())),
    }


def _write(out: Path, names: list, box: Box, result: PosteriorResult, cache: EvaluationCache,
           targets: pd.DataFrame, record: dict) -> None:  # fmt: skip
    weighted = pd.DataFrame(result.draws, columns=names)
    weighted["objective"] = result.objectives
    weighted["weight"] = result.weights
    sample = pd.DataFrame(result.draws[result.sample], columns=names)
    sample.insert(0, "draw", result.sample)
    write_atomically(out / "draws.parquet", lambda tmp: weighted.to_parquet(tmp, index=False))
    write_atomically(out / "posterior.parquet", lambda tmp: sample.to_parquet(tmp, index=False))
    text = json.dumps(record, indent=2)
    write_atomically(out / "posterior.json", lambda tmp: tmp.write_text(text))
    moments = pd.DataFrame([cache.record(x).get("moments", {}) for x in result.draws])
    report = diagnostics_text(result, names, box, record, targets, moments)
    write_atomically(out / "diagnostics.md", lambda tmp: tmp.write_text(report))
