"""The `report` and `schema` commands, and the conventions every command shares: `--version`, and `-q` /
`-v` through the standard logging module (messages on stderr; tables and paths a script reads stay on
stdout; progress bars are tqdm's and stay)."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from ..core.config import Config
from ..report.study import write_report
from ..scenarios.files import package_version

log = logging.getLogger("careers_abm")


def add_conventions(parser: argparse.ArgumentParser, commands) -> None:
    """--version on the program; -q and -v before or after any command (`careers-abm -q run ...` and
    `careers-abm run ... -q`): a command's copies default to SUPPRESS so they never reset the program's."""
    parser.add_argument("--version", action="version", version=f"careers-abm {package_version()}")
    for target, default in ((parser, 0), *((command, argparse.SUPPRESS) for command in commands.choices.values())):
        target.add_argument("-q", "--quiet", action="count", default=default, help="fewer messages (warnings only)")
        target.add_argument("-v", "--verbose", action="count", default=default, help="more messages (debug detail)")


def configure_logging(args: argparse.Namespace) -> None:
    """careers_abm's messages to stderr: warnings with -q, info by default, debug with -v."""
    level = logging.WARNING if args.quiet > args.verbose else logging.DEBUG if args.verbose else logging.INFO
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s" if level > logging.DEBUG else "%(name)s: %(message)s"))
    log.handlers[:] = [handler]
    log.setLevel(level)
    log.propagate = False


def add_commands(commands) -> None:
    report = commands.add_parser("report", help="write DIR/report.html: one self-contained page about a study")
    report.add_argument("folder", type=Path, metavar="DIR", help="a folder written by run, compare or sweep")
    report.set_defaults(handler=report_command)
    schema = commands.add_parser("schema", help="print the JSON Schema of the config files (for editors)")
    schema.set_defaults(handler=schema_command)


def report_path(folder: Path) -> Path:
    """Write the study's report and say where it is (the path on stdout, for scripts)."""
    path = write_report(folder)
    say_where(path)
    return path


def say_where(path: Path) -> None:
    log.info("report: %s (%.0f kB, self-contained)", path, path.stat().st_size / 1e3)


def report_command(args: argparse.Namespace) -> int:
    print(report_path(args.folder))
    return 0


def schema_command(args: argparse.Namespace) -> int:
    schema = Config.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "careers_abm scenario config (TOML)"
    print(json.dumps(schema, indent=2))
    return 0
