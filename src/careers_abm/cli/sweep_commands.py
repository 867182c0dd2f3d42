"""The `sweep` and `analyze` subcommands of the command line (registered by main.py)."""

from __future__ import annotations

import argparse
import sys
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from ..scenarios.analysis import analyze
from ..scenarios.experiment import load_experiment
from ..scenarios.files import check_output
from ..scenarios.sweep import plan_runs, run_sweep
from .arguments import count
from .study_commands import report_path

SWEEP_RUN_BYTES = 100_000  # one run file in OUT/runs: the kept columns of 30 years, labelled, in Parquet


def add_commands(commands) -> None:
    sweep = commands.add_parser("sweep", help="run every run of an experiment file; rerun to resume")
    sweep.add_argument("experiment", type=Path, help="experiment TOML file, e.g. experiments/pig_cycle.toml")
    sweep.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help="output folder (a Parquet dataset in OUT/runs)"
    )
    sweep.add_argument("--workers", type=count(1), metavar="N", help="local worker processes (default: one per core)")
    sweep.add_argument(
        "--scheduler", metavar="ADDRESS", help="Dask scheduler address (tcp://host:8786): run on that cluster"
    )
    sweep.add_argument("--scale", type=float, metavar="S", help="change the experiment's run.scale")
    sweep.add_argument("--samples", type=count(1), metavar="N", help="change the experiment's design.samples")
    sweep.add_argument("--replications", type=count(1), metavar="R", help="change the experiment's replications")
    sweep.set_defaults(handler=sweep_command)
    analyze = commands.add_parser("analyze", help="bands, sensitivity indices and figures of a sweep folder")
    analyze.add_argument("out", type=Path, metavar="DIR", help="the folder a sweep wrote")
    analyze.set_defaults(handler=analyze_command)


def stopped(error: BaseException, out: Path) -> int:
    """One line on stderr for a study that stopped before its end (finished runs are kept); the exit code."""
    if isinstance(error, KeyboardInterrupt):
        print(f"\ninterrupted: finished runs are kept in {out}/runs; rerun the same command to resume",
              file=sys.stderr)  # fmt: skip
        return 130
    if isinstance(error, BrokenProcessPool):
        print(f"careers-abm: a worker process died ({error}); finished runs are kept in {out}/runs, "
              "rerun the same command to resume", file=sys.stderr)  # fmt: skip
        return 1
    print(f"careers-abm: {error} (rerun the same command to retry them)", file=sys.stderr)
    return 1


def sweep_command(args: argparse.Namespace) -> int:
    changes = {"run.scale": args.scale, "design.samples": args.samples, "replications": args.replications}
    loaded = load_experiment(args.experiment, changes)
    check_output(args.out, len(plan_runs(loaded)) * SWEEP_RUN_BYTES + 2**20)
    try:
        summary = run_sweep(loaded, args.out, workers=args.workers, scheduler=args.scheduler)
        print(
            f"{summary.planned} runs planned, {summary.already_done} already done, {summary.finished} finished "
            f"now, {summary.failed} failed; results in {args.out}/runs"
        )
        if summary.failed:
            print(f"errors in {args.out}/errors/ (rerun the same command to retry them)", file=sys.stderr)
            return 1
        report_path(args.out)  # a Ctrl-C here, after the last run, is an interruption like any other
    except (KeyboardInterrupt, BrokenProcessPool) as error:
        return stopped(error, args.out)
    return 0


def analyze_command(args: argparse.Namespace) -> int:
    for path in analyze(args.out):
        print(path)
    return 0
