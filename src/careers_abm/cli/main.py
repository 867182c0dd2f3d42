"""The command line: `careers-abm run CONFIG [--out DIR] [--scale S] [--seed N] [--start Y] [--end Y] [--panel K]`,
`careers-abm compare BASELINE POLICY... [--replications R] [--seed N] [--scale S] --out DIR`,
`careers-abm sweep EXPERIMENT --out DIR` and `careers-abm analyze DIR` (see sweep_commands.py),
`careers-abm calibrate | align | validate` (see fitting_commands.py), and `careers-abm report DIR | schema`
with `--version`, `-q` and `-v` (see study_commands.py)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from tqdm import tqdm

from ..core.config import ConfigError
from ..core.model import MAX_PER_AGENT_PERSONS, resolve_config
from ..core.population import BUILD_YEAR
from ..report.run_figure import plot_report
from ..report.study import write_report
from ..scenarios import files
from ..scenarios.compare import OUTPUTS as COMPARE_OUTPUTS
from ..scenarios.compare import compare, planned_runs
from ..scenarios.compare_text import ranking_text, uncertainty_text
from ..scenarios.executor import RunsFailed
from ..scenarios.run import run_scenario
from ..scenarios.tidy import long_series
from ..scenarios.uncertainty import MODES
from .arguments import Parser, count
from .fitting_commands import add_commands as add_calibration_commands
from .study_commands import add_commands as add_study_commands
from .study_commands import add_conventions, configure_logging, report_path, say_where
from .sweep_commands import add_commands as add_sweep_commands
from .sweep_commands import stopped

COMPARE_RUN_BYTES = 200_000  # one run file in DIR/runs: 30 years of about 100 indicators in Parquet
log = logging.getLogger("careers_abm")
SUMMARY_COLUMNS = {
    "population": ("population (M)", 1e-6, "{:.2f}"),
    "tech_inflow_share_he": ("β-t share hbo+wo", 100, "{:.1f}%"),
    "tech_inflow_share_he_female": ("of women", 100, "{:.1f}%"),
    "tech_grads_to_tech_job_share": ("tech grads → tech job", 100, "{:.1f}%"),
    "tech_workers": ("tech workers (k)", 1e-3, "{:.0f}"),
    "shortage": ("shortage (k/yr)", 1e-3, "{:.1f}"),
    "tech_wage_premium": ("premium", 1, "{:.3f}"),
}


def _parser() -> argparse.ArgumentParser:
    parser = Parser(prog="careers-abm", description="Agent-based simulator of the Dutch technical talent pipeline.")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run one scenario and write its outputs")
    run.add_argument("config", type=Path, help="scenario TOML file, e.g. configs/baseline.toml")
    run.add_argument("--out", type=Path, default=Path("out"), help="output folder (default: out)")
    run.add_argument("--scale", type=float, help="fraction of the 16.7 million persons to simulate")
    run.add_argument("--seed", type=int, help="random seed")
    run.add_argument("--start", type=int, help="first reported year")
    run.add_argument("--end", type=int, help="last simulated year")
    run.add_argument(
        "--panel",
        type=count(0, MAX_PER_AGENT_PERSONS),
        default=0,
        metavar="K",
        help="track K persons: DIR/panel.parquet",
    )
    run.set_defaults(handler=run_command)
    compare = commands.add_parser(
        "compare", help="policy contrasts with common random numbers and the cost per extra technician"
    )
    compare.add_argument("baseline", type=Path, help="baseline scenario, e.g. configs/baseline.toml")
    compare.add_argument("policies", type=Path, nargs="+", help="policy scenarios, e.g. configs/masterplan_2012.toml")
    compare.add_argument("--replications", type=count(1), default=5, help="paired runs per scenario (default 5)")
    compare.add_argument("--seed", type=int, help="replication r uses seed N + r (default: the baseline's seed)")
    compare.add_argument("--scale", type=float, help="fraction of the 16.7 million persons to simulate")
    compare.add_argument("--end", type=int, help="last simulated year")
    compare.add_argument("--workers", type=count(1), default=2, help="parallel processes (default 2)")
    compare.add_argument(
        "--scheduler", metavar="ADDRESS", help="Dask scheduler address (tcp://host:8786): run on that cluster"
    )
    compare.add_argument(
        "--uncertainty",
        choices=MODES,
        default="none",
        help="none: Monte Carlo only (default); priors: each replication also draws the effect sizes from their"
        " priors, and the effects are ranked by their share of the variance (1 + one run per drawn effect more"
        " per policy and replication); posterior: the behavioural parameters from the posterior sample; all: both",
    )
    compare.add_argument("--out", type=Path, default=Path("comparison"), help="output folder (default: comparison)")
    compare.set_defaults(handler=compare_command)
    add_sweep_commands(commands)
    add_calibration_commands(commands)
    add_study_commands(commands)
    add_conventions(parser, commands)
    return parser


def _summary(series) -> str:
    frame = series.copy()
    frame["shortage"] = sum(frame[f"tech_shortage_{level}"] for level in ("vmbo", "mbo", "hbo", "wo"))
    wanted = sorted({int(frame["year"].iloc[0]), 2016, 2020, 2030, int(frame["year"].iloc[-1])})
    frame = frame[frame["year"].isin(wanted)]
    header = ["year"] + [label for label, _, _ in SUMMARY_COLUMNS.values()]
    lines = [header]
    for _, row in frame.iterrows():
        lines.append(
            [str(int(row["year"]))]
            + [fmt.format(row[name] * factor) for name, (_, factor, fmt) in SUMMARY_COLUMNS.items()]
        )
    widths = [max(len(line[k]) for line in lines) for k in range(len(header))]
    return "\n".join("  ".join(cell.rjust(width) for cell, width in zip(line, widths)) for line in lines)


def run_command(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    config = resolve_config(args.config, scale=args.scale, seed=args.seed, start_year=args.start, end_year=args.end)
    run = config.run
    files.check_output(args.out, files.run_output_bytes(run.end_year - run.start_year + 1, args.panel))
    if not any(Path(os.environ.get("NUMBA_CACHE_DIR", "/nonexistent")).rglob("*.nbi")):  # a bad config stays one line
        log.info("First run of this version: compiling the simulation kernels (a minute or two, cached after).")
    log.debug("%s: scale %s, seed %s, %s-%s", args.config, run.scale, run.seed, run.start_year, run.end_year)
    try:
        with files.atomic_folder(args.out, replaces=files.is_run_folder) as staging:
            output = _simulate(config, args.panel)
            simulated = time.perf_counter()
            series = output.series
            files.write_series(series, staging)
            long = long_series(series)
            files.write_atomically(staging / "series_long.parquet", lambda tmp: long.to_parquet(tmp, index=False))
            if output.panel is not None:
                files.write_panel(output.panel, staging)
            title = f"{args.config.name}, scale {run.scale}, seed {run.seed}"
            plot_report(series, staging / "report.png", title=title)
            written = time.perf_counter()
            times = {
                "build": output.wall_times_s["build"],
                "simulate": output.wall_times_s["simulate"],
                "write": written - simulated,
                "total": written - started,
            }
            files.write_manifest(staging, config.model_dump(), times)
            write_report(staging, shown_as=args.out)  # reads the manifest, then is sealed with the rest
            files.write_manifest(staging, config.model_dump(), times)
    except KeyboardInterrupt:
        print(f"\ninterrupted: {args.out}/ is left as it was", file=sys.stderr)
        return 130
    print(_summary(series))
    log.debug("wall times (s): %s", {name: round(seconds, 2) for name, seconds in times.items()})
    log.info(
        f"{len(series)} years, {output.sim.people.n:,} persons simulated; "
        f"{times['total']:.1f} s, peak memory {files.peak_memory_mb():.0f} MB; outputs in {args.out}/"
    )
    say_where(args.out / "report.html")
    return 0


def _simulate(config, panel_size: int):
    with tqdm(total=config.run.end_year - BUILD_YEAR + 1, desc="simulating", unit="yr", file=sys.stderr) as bar:

        def progress(year: int) -> None:
            bar.set_postfix_str(str(year))
            bar.update(1)

        return run_scenario(config, panel_size=panel_size, progress=progress)


def compare_command(args: argparse.Namespace) -> int:
    runs = planned_runs(args.policies, args.replications, args.uncertainty)
    files.check_output(args.out, runs * COMPARE_RUN_BYTES + files.run_output_bytes(0, 0))
    try:
        _, table, ranking = compare(
            args.baseline, args.policies, args.out, replications=args.replications, seed=args.seed,
            scale=args.scale, end_year=args.end, workers=args.workers, scheduler=args.scheduler,
            uncertainty=args.uncertainty,
        )  # fmt: skip
        print(ranking_text(table))
        report_path(args.out)  # a Ctrl-C while the report is written is an interruption too
    except (KeyboardInterrupt, BrokenProcessPool, RunsFailed) as error:
        return stopped(error, args.out)
    print("\n" + uncertainty_text(table, ranking))
    log.info(f"outputs in {args.out}/: {', '.join(COMPARE_OUTPUTS)}, manifest.json")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    configure_logging(args)
    try:
        return args.handler(args)
    except ConfigError as error:
        print(f"careers-abm: config error: {error}", file=sys.stderr)
        return 2
    except files.OutputError as error:
        print(f"careers-abm: output error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # before a command's own handling starts (reading its inputs): nothing written
        print("\ninterrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
