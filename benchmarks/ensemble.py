"""Ensemble throughput: runs a minute for the studies that run many simulations, at scale 0.01.

Run from the repository root:  python benchmarks/ensemble.py [--only compare sobol] [--out FILE]

Times, on 2 local workers (or one, in this process, with --in-process; the calibration always runs in
one process, as it does): a compare of the baseline
and five measures that start after 2011, the shipped experiments (the intervention ranking, the pig
cycle grid, the Sobol design, with fewer replications or samples so each takes minutes) and the
calibration's evaluations. Only public entry points are called, so the same script measures an older
checkout. The 2011 build cache, where there is one, starts empty (a folder of this run's own), so
the first build of each seed is counted. CPU seconds (this process and its finished workers) are
reported beside the wall time: on a shared machine runs per CPU-minute compare, runs per minute do not.
Writes benchmarks/results/ensemble.json (or --out).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCALE = 0.01
POLICIES = ("guest_lessons", "vitaliteitspakket", "werk_naar_werk", "training_deduction", "centres_of_expertise")
SWEEPS = {
    "intervention_ranking": {"replications": 1},
    "pig_cycle": {"replications": 1, "run.end_year": 2040},
    "sobol_behaviour": {"design.samples": 4},
}


def cpu_seconds() -> float:
    """CPU time of this process (all threads) and of its finished children (the pool's workers)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def load_average() -> list[float]:
    return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]


def time_compare(out: Path, workers: int) -> dict:
    from careers_abm.scenarios.compare import compare

    policies = [ROOT / "configs" / "interventions" / f"{name}.toml" for name in POLICIES]
    replications = 2
    started = time.perf_counter()
    compare(ROOT / "configs" / "baseline.toml", policies, out, replications=replications, scale=SCALE,
            end_year=2030, workers=workers, progress=False)  # fmt: skip
    return {"runs": (1 + len(policies)) * replications, "seconds": time.perf_counter() - started}


def time_sweep(name: str, out: Path, workers: int) -> dict:
    from careers_abm.scenarios.experiment import load_experiment
    from careers_abm.scenarios.sweep import run_sweep

    loaded = load_experiment(ROOT / "experiments" / f"{name}.toml", {"run.scale": SCALE, **SWEEPS[name]})
    started = time.perf_counter()
    summary = run_sweep(loaded, out, workers=workers, progress=False)
    return {"runs": summary.finished, "seconds": time.perf_counter() - started}


def time_calibration(evaluations: int = 4) -> dict:
    import numpy as np

    from careers_abm.core.model import CareersModel
    from careers_abm.fitting.calibration import Objective, _lookup, load_spec
    from careers_abm.fitting.moments import load_targets

    spec = load_spec(ROOT / "configs" / "calibration.toml")
    targets = load_targets(ROOT / "src" / "careers_abm" / "data" / "targets.csv")
    settings = spec.settings
    started = time.perf_counter()
    run = {"run.scale": SCALE, "run.end_year": settings.end_year}
    templates = [CareersModel(ROOT / "configs" / "baseline.toml", {**run, "run.seed": s}).sim for s in settings.seeds]
    built = time.perf_counter()
    objective = Objective(templates, spec, targets)
    x = np.array([_lookup(templates[0].config, p.key) for p in spec.parameters])
    for k in range(evaluations):
        objective.residuals(x + 1e-3 * k)
    seconds = time.perf_counter() - built
    runs = evaluations * len(settings.seeds)
    return {"runs": runs, "seconds": seconds, "templates_s": built - started, "evaluations": evaluations}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", default=["compare", *SWEEPS, "calibration"])
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "ensemble.json")
    parser.add_argument("--in-process", action="store_true", help="one worker, in this process")
    args = parser.parse_args()
    workers = 1 if args.in_process else 2
    report = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "scale": SCALE, "studies": {}}
    with tempfile.TemporaryDirectory() as folder:
        os.environ.setdefault("CAREERS_ABM_BUILD_CACHE", str(Path(folder) / "builds"))
        for study in args.only:
            before = load_average()
            cpu = cpu_seconds()
            if study == "compare":
                figures = time_compare(Path(folder) / study, workers)
            elif study == "calibration":
                figures = time_calibration()
            else:
                figures = time_sweep(study, Path(folder) / study, workers)
            figures["cpu_seconds"] = cpu_seconds() - cpu
            figures["runs_per_minute"] = 60 * figures["runs"] / figures["seconds"]
            figures["runs_per_cpu_minute"] = 60 * figures["runs"] / figures["cpu_seconds"]
            figures["load_average"] = [before, load_average()]
            report["studies"][study] = figures
            print(f"{study}: {figures['runs']} runs in {figures['seconds']:.1f} s, {figures['cpu_seconds']:.1f} CPU s: "
                  f"{figures['runs_per_minute']:.1f} runs/min, {figures['runs_per_cpu_minute']:.1f} runs/CPU-min "
                  f"(load {before[0]:.1f})", flush=True)  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
