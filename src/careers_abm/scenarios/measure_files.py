"""The shipped scenario files of the measures, derived from what each measure declares.

`configs/interventions/<type>.toml` (one measure alone on top of the baseline, as enacted, with every
parameter's default, source and range as comments), `configs/interventions/<type>_as_proposed.toml` (the
letter's version, where a measure declares `AS_PROPOSED` values), `configs/masterplan_2012.toml` (the
package as enacted: every measure whose ENACTMENT is not "not enacted") and
`configs/masterplan_2012_as_proposed.toml` (the letter's package) are written from the intervention
classes, so a new measure or a changed default never needs a hand edit: `python
scripts/write_measure_files.py` rewrites them and a test fails while they are stale. `effect_table()`
is the table of effects and their evidence in docs/interventions.md (also kept current by a test).
"""

from __future__ import annotations

import inspect
from pathlib import Path

from ..core.interventions import REGISTRY, effects, parameters

PACKAGE_FILE = "masterplan_2012.toml"
PROPOSED_PACKAGE_FILE = "masterplan_2012_as_proposed.toml"


def _literal(value) -> str:
    if isinstance(value, float):
        return repr(round(value, 4))
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{key} = {_literal(item)}" for key, item in value.items()) + " }"
    if isinstance(value, str):
        return f'"{value}"'
    return repr(value)


def _proposal_lines(name: str) -> list[str]:
    return [f"{key} = {_literal(value)}" for key, value in REGISTRY[name].AS_PROPOSED.items()]


def _module_summary(name: str) -> tuple[str, str]:
    """The first line of the measure's module docstring, and the module's path in the source tree."""
    module = inspect.getmodule(REGISTRY[name])
    path = Path(module.__file__).resolve()
    source = path.relative_to(path.parents[4]).as_posix()  # src/careers_abm/core/interventions/<file>
    return (module.__doc__ or "").strip().splitlines()[0], source


def measure_toml(name: str) -> str:
    """One measure alone on top of the baseline, its defaults as comments to uncomment."""
    summary, source = _module_summary(name)
    lines = [
        f"# {REGISTRY[name].TITLE}, alone on top of the baseline.",
        f"# {summary}",
        f"# Reach, channel and sources: {source}",
        f"# As enacted: {REGISTRY[name].ENACTMENT}",
        'extends = "../baseline.toml"',
        "",
        "[[interventions]]",
        f'type = "{name}"',
        "# Defaults from the module (source or assumption [range]); uncomment a line to change it.",
    ]
    for row in parameters(name):
        if row["default"] is None:
            continue
        comment = row["description"]
        if row["range"] is not None:
            comment += f" [{_literal(row['range'][0])}, {_literal(row['range'][1])}]"
        lines.append(f"# {row['name']} = {_literal(row['default'])}  # {comment}")
    return "\n".join(lines) + "\n"


def proposed_toml(name: str) -> str:
    """The letter's version of one measure alone: its AS_PROPOSED values on top of the module's defaults."""
    summary, source = _module_summary(name)
    lines = [
        f"# {REGISTRY[name].TITLE}, as the letter proposed it, alone on top of the baseline.",
        f"# {summary}",
        f"# As enacted instead ({name}.toml): {REGISTRY[name].ENACTMENT}",
        f"# Reach, channel and sources: {source}",
        'extends = "../baseline.toml"',
        "",
        "[[interventions]]",
        f'type = "{name}"',
        *_proposal_lines(name),
    ]
    return "\n".join(lines) + "\n"


def package_toml(as_proposed: bool = False) -> str:
    """Every measure as enacted (or every measure of the letter as proposed), on top of the baseline."""
    if as_proposed:
        head = [
            "# The Masterplan 2012 package as the cabinet's letter proposed it: every measure of the response",
            "# (DESIGN §4), with the letter's amounts, years and reach where the enactment differed.",
            f"# As enacted: {PACKAGE_FILE}. Each measure: configs/interventions/<type>[_as_proposed].toml.",
        ]
    else:
        head = [
            "# The Masterplan 2012 package as enacted: every measure of the cabinet response (DESIGN §4) that ran,",
            "# with the amounts, years and reach of its enactment (sources in each module and docs/interventions.md).",
            f"# As the letter proposed it: {PROPOSED_PACKAGE_FILE}. Each measure: configs/interventions/<type>.toml.",
        ]
    lines = [
        *head,
        "# Measures act in the order of their fixed slots, whatever the order below.",
        'extends = "baseline.toml"',
    ]
    for name, cls in REGISTRY.items():
        if not as_proposed and not cls.enacted():
            lines += ["", f"# {cls.TITLE}: {cls.ENACTMENT}"]
            continue
        lines += ["", f"# {cls.TITLE}", "[[interventions]]", f'type = "{name}"']
        if as_proposed:
            lines += _proposal_lines(name)
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "/")


def effect_table() -> str:
    """The effects of every measure with their priors and evidence, as a Markdown table."""
    lines = [
        "| measure | effect | default | prior | grade | evidence covered | transfer (assumption) | source |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name in REGISTRY:
        for row in effects(name):
            prior = row["prior"]
            low, high = (_literal(float(bound)) for bound in row["range"])
            shape = f"{prior['prior']}({low}, {_literal(float(row['default']))}, {high})"
            if prior["prior"] == "uniform":
                shape = f"uniform({low}, {high})"
            cells = (
                f"`{name}`",
                f"`{row['name']}`",
                _literal(float(row["default"])),
                shape,
                prior["grade"],
                prior["population"],
                prior["transfer"] or "-",
                row["description"],
            )
            lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def measure_files() -> dict[str, str]:
    """Every derived file, by its path under configs/."""
    files = {f"interventions/{name}.toml": measure_toml(name) for name in REGISTRY}
    for name, cls in REGISTRY.items():
        if cls.AS_PROPOSED:
            files[f"interventions/{name}_as_proposed.toml"] = proposed_toml(name)
    files[PACKAGE_FILE] = package_toml()
    files[PROPOSED_PACKAGE_FILE] = package_toml(as_proposed=True)
    return files
