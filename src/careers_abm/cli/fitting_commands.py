"""The `calibrate`, `posterior`, `align` and `validate` commands: fitting the baseline to Dutch data, its
posterior, and reporting the fit."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..core.tables import DATA_DIR
from ..fitting.calibration import ALIGNMENT, align, calibrate
from ..fitting.history import HISTORY_CONFIG
from ..fitting.moments import load_targets
from ..fitting.posterior_run import HELD_OUT_EVERY, Settings, posterior
from ..fitting.validation import validation_report
from .arguments import count

DEFAULT_TARGETS = DATA_DIR / "targets.csv"
VALIDATION_SEEDS = [11, 12, 13]  # not among the seeds fitted (configs/calibration.toml)


def add_commands(commands) -> None:
    calibrate = commands.add_parser("calibrate", help="fit behavioural parameters to published targets")
    calibrate.add_argument("config", type=Path, help="config to start from, e.g. configs/baseline.toml")
    calibrate.add_argument("--targets", type=Path, default=DEFAULT_TARGETS, help="targets CSV (default: packaged)")
    calibrate.add_argument("--spec", type=Path, default=Path("configs/calibration.toml"), help="parameters and bounds")
    calibrate.add_argument("--out", type=Path, default=Path("calibration"), help="output folder")
    calibrate.add_argument("--scale", type=float, help="override the spec's scale")
    calibrate.add_argument("--max-evaluations", type=int, help="override the spec's evaluation budget")
    calibrate.set_defaults(handler=calibrate_command)
    sample = commands.add_parser("posterior", help="sample the posterior of the spec's parameters (resumable)")
    sample.add_argument("config", type=Path, help="config at the least-squares point, e.g. configs/baseline.toml")
    sample.add_argument("--draws", type=count(1), default=200, help="rows of the shipped sample (200)")
    sample.add_argument("--design", type=count(2), default=150, help="wave-1 Latin hypercube runs (150)")
    sample.add_argument("--refocus", type=count(HELD_OUT_EVERY), default=100, help="runs a refocusing wave (100)")
    sample.add_argument("--waves", type=count(1), default=2, help="refocusing waves (2)")
    sample.add_argument("--steps", type=count(20), default=12000, help="steps of the final chain (12000)")
    sample.add_argument("--wave-steps", type=count(20), default=1500, help="steps of a refocusing chain (1500)")
    sample.add_argument("--checks", type=count(1), default=8, help="sample rows re-simulated (8)")
    sample.add_argument("--seed", type=int, default=1, help="seed of the method's draws (default 1)")
    sample.add_argument("--targets", type=Path, default=DEFAULT_TARGETS, help="targets CSV (default: packaged)")
    sample.add_argument("--spec", type=Path, default=Path("configs/calibration.toml"), help="parameters and bounds")
    sample.add_argument("--scale", type=float, help="override the spec's scale")
    sample.add_argument("--out", type=Path, required=True, help="output folder (evaluations are cached in it)")
    sample.set_defaults(handler=posterior_command)
    align = commands.add_parser("align", help="align inflow shares to their targets by logit shifts, then freeze")
    align.add_argument("config", type=Path, help="config to align, e.g. configs/baseline.toml")
    align.add_argument("--targets", type=Path, default=DEFAULT_TARGETS, help="targets CSV (default: packaged)")
    align.add_argument("--out", type=Path, default=Path("calibration"), help="output folder")
    align.add_argument("--scale", type=float, default=0.01, help="fraction of the population (default 0.01)")
    align.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3], help="seeds to average over")
    align.set_defaults(handler=align_command)
    validate = commands.add_parser("validate", help="regenerate the validation report (docs/validation.md)")
    validate.add_argument("config", type=Path, nargs="?", help="config to validate (default: packaged baseline)")
    validate.add_argument("--targets", type=Path, default=DEFAULT_TARGETS, help="targets CSV (default: packaged)")
    validate.add_argument("--out", type=Path, default=Path("docs"), help="report folder (default: docs)")
    validate.add_argument("--scale", type=float, default=0.01, help="fraction of the population (default 0.01)")
    validate.add_argument("--seeds", type=int, nargs="+", default=VALIDATION_SEEDS, help="seeds (not those fitted)")
    validate.add_argument("--history", type=Path, default=HISTORY_CONFIG, help="the historical run's config")
    validate.add_argument("--no-history", action="store_true", help="leave out the history section")
    validate.add_argument(
        "--history-replications", type=count(2), default=8, help="posterior draws of the history's band (8)"
    )
    validate.set_defaults(handler=validate_command)


def calibrate_command(args: argparse.Namespace) -> int:
    summary = calibrate(args.config, args.targets, args.spec, args.out, args.scale, args.max_evaluations)
    print(
        f"objective {summary['objective_before']:.1f} -> {summary['objective_after']:.1f} after "
        f"{summary['evaluations']} evaluations ({summary['wall_time_s']:.0f} s); see {args.out}/fit.csv"
    )
    return 0


def posterior_command(args: argparse.Namespace) -> int:
    settings = Settings(args.draws, args.design, args.refocus, args.waves, args.steps, args.wave_steps, args.checks)
    record = posterior(args.config, args.targets, args.spec, args.out, settings, args.seed, args.scale)
    print(
        f"emulator coverage {record['emulator_coverage_90']:.0%} (nominal 90%); chain: R-hat {record['rhat_max']:.3f},"
        f" ESS {record['ess_min']:.0f}; objective {record['objective_map']:.1f} at the least-squares point, "
        f"{record['objective_median']:.1f} at the median, {record['objective_mode']:.1f} at the chain's mode; {record['simulated_now']} of {record['evaluations']} "
        f"evaluations simulated now ({record['wall_time_s']:.0f} s); see {args.out}/diagnostics.md"
    )
    return 0


def align_command(args: argparse.Namespace) -> int:
    best = align(args.config, args.targets, args.out, args.scale, args.seeds)
    for target in ALIGNMENT:
        print(f"{target:24s} {best[f'simulated {target}']:.3f}")
    print(f"wrote {args.out}/aligned.toml")
    return 0


def validate_command(args: argparse.Namespace) -> int:
    history = None if args.no_history else args.history
    targets = load_targets(args.targets)
    fit = validation_report(args.config, targets, args.out, args.scale, args.seeds, history, args.history_replications)
    fitted = fit[fit["fit"] == "yes"]
    within = f"{int(fitted['within_tolerance'].sum())}/{len(fitted)}"
    print(f"{within} fitted targets within tolerance; wrote {args.out}/validation.md")
    return 0
