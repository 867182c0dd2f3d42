"""The shipped scenario files of the measures, derived from what each measure declares.

`configs/interventions/<type>.toml` (one measure alone on top of the baseline, with every parameter's
default, source and range as comments) and `configs/masterplan_2012.toml` (the whole package) are
written from the intervention classes, so a new measure or a changed default never needs a hand edit:
`python scripts/write_measure_files.py` rewrites them and a test fails while they are stale.
"""

from __future__ import annotations

import inspect
from pathlib import Path

from ..core.interventions import REGISTRY, parameters

PACKAGE_FILE = "masterplan_2012.toml"


def _literal(value) -> str:
    if isinstance(value, float):
        return repr(round(value, 4))
    return repr(value)


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


def package_toml() -> str:
    """Every measure with its default parameters, on top of the baseline."""
    lines = [
        "# The Masterplan 2012 package: every measure of the cabinet response (DESIGN §4) with its default",
        "# parameters, on top of the baseline. Each measure alone: configs/interventions/<type>.toml.",
        "# Measures act in the order of their fixed slots, whatever the order below.",
        'extends = "baseline.toml"',
    ]
    for name, cls in REGISTRY.items():
        lines += ["", f"# {cls.TITLE}", "[[interventions]]", f'type = "{name}"']
    return "\n".join(lines) + "\n"


def measure_files() -> dict[str, str]:
    """Every derived file, by its path under configs/."""
    files = {f"interventions/{name}.toml": measure_toml(name) for name in REGISTRY}
    files[PACKAGE_FILE] = package_toml()
    return files
