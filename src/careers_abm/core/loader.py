"""Loading a config: a TOML file and the files it `extends`, dotted overrides on top, validated against
the config models, the measures and the run's size.

A bad value stops the program with one line naming the file, the key, the value and what is allowed;
so does a file that cannot be read, a chain of `extends` of any length, and a run too small to mean
anything or too large for the machine.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import sizing
from .config import Config, ConfigError, read_toml, shorten
from .interventions import InterventionError, build_interventions

PACKAGED_BASELINE = Path(__file__).parents[1] / "defaults" / "baseline.toml"


def _resolve_parent(child: Path, name: str) -> Path:
    try:
        candidate = (child.parent / name).resolve()
        found = candidate.exists()
    except (OSError, ValueError) as error:
        raise ConfigError(f"{child}: key 'extends' = {shorten(name)}: not a usable file name ({error})") from None
    if found and candidate.is_dir():
        raise ConfigError(f"{child}: key 'extends' = {shorten(name)}: {candidate} is a folder, not a config file")
    if found:
        return candidate
    if Path(name).name == PACKAGED_BASELINE.name:
        return PACKAGED_BASELINE
    raise ConfigError(f"{child}: key 'extends' = {shorten(name)}: no such file next to it")


def _merge(base: dict, top: Mapping, origin: dict, label: str, prefix: str = "") -> None:
    """Deep-merge `top` into `base`, recording in `origin` which file set each dotted key (the nesting
    is bounded by _check_nesting, so the recursion is too)."""
    for key, value in top.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, Mapping) and isinstance(base.get(key), dict):
            _merge(base[key], value, origin, label, dotted + ".")
        else:
            base[key] = copy.deepcopy(dict(value)) if isinstance(value, Mapping) else value
            origin[dotted] = label


def _load_chain(path: Path) -> tuple[dict, dict]:
    """Follow `extends` from `path` to the root file (iteratively: a chain of any length), then merge
    from the root down, so that each file overrides the ones it extends."""
    chain: list[tuple[Path, dict]] = []
    seen: set[Path] = set()
    current: Path | None = path.resolve()
    while current is not None:
        if current in seen:
            raise ConfigError(f"{current}: key 'extends' makes a cycle")
        seen.add(current)
        raw = read_toml(current)
        parent_name = raw.pop("extends", None)
        chain.append((current, raw))
        if parent_name is not None and not isinstance(parent_name, str):
            raise ConfigError(f"{current}: key 'extends' = {shorten(parent_name)}: must be a file name")
        current = None if parent_name is None else _resolve_parent(current, parent_name)
    data: dict = {}
    origin: dict = {}
    for file, raw in reversed(chain):
        _merge(data, raw, origin, str(file))
    return data, origin


def _dotted(overrides: Mapping[str, Any]) -> dict[str, Any]:
    """Turn {'run.scale': 0.1} and nested dicts alike into a nested dict."""
    nested: dict[str, Any] = {}
    for key, value in overrides.items():
        if not isinstance(key, str) or not all(key.split(".")):
            raise ConfigError(f"overrides: key {shorten(key)}: must be a dotted config key such as 'run.scale'")
        node = nested
        *parents, last = key.split(".")
        for depth, part in enumerate(parents):
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise ConfigError(f"overrides: key '{key}' sets inside '{'.'.join(parents[: depth + 1])}', a value")
        if isinstance(node.get(last), dict) and not isinstance(value, Mapping):
            raise ConfigError(f"overrides: key '{key}' = {shorten(value)} replaces the table of its other keys")
        node[last] = value
    return nested


def _describe(error: dict, origin: dict, data: dict, fallback: str) -> str:
    location = [str(part) for part in error["loc"]]
    key = ".".join(location)[:120]
    source = next(
        (origin[p] for p in (".".join(location[:i]) for i in range(len(location), 0, -1)) if p in origin),
        fallback,
    )
    kind = error["type"]
    if kind == "extra_forbidden":
        model = Config
        for part in location[:-1]:
            field = model.model_fields.get(part)
            model = field.annotation if field is not None else None
            if not (isinstance(model, type) and issubclass(model, BaseModel)):
                break
        allowed = ", ".join(model.model_fields) if isinstance(model, type) else "?"
        where = f"[{'.'.join(location[:-1])}]" if len(location) > 1 else "the top level"
        return f"{source}: unknown key '{key}'; allowed in {where}: {allowed}"
    if kind == "missing":
        return f"{source}: missing key '{key}' (extend baseline.toml to inherit defaults)"
    return f"{source}: key '{key}' = {shorten(error.get('input'))}: {error['msg'].lower()}"


def load_config(
    path: str | Path | None = None, overrides: Mapping[str, Any] | None = None
) -> tuple[Config, dict[str, Any]]:
    """Load and validate a config file (default: the packaged baseline) with optional overrides.

    Returns the validated config and the resolved plain dict (for the run manifest). Any problem is a
    ConfigError of one line naming the file (or 'overrides') and the key.
    """
    source = Path(path) if path is not None else PACKAGED_BASELINE
    data, origin = _load_chain(source)
    if overrides:
        _merge(data, _dotted(overrides), origin, "overrides")
    try:
        config = Config.model_validate(data)
    except ValidationError as error:
        raise ConfigError(_describe(error.errors()[0], origin, data, str(source))) from None
    adult = config.adult_learning
    if adult.max_age < adult.min_age:
        raise ConfigError(
            f"{origin.get('adult_learning.max_age', source)}: key 'adult_learning.max_age' = {adult.max_age}: "
            f"must not be below adult_learning.min_age = {adult.min_age}"
        )
    if config.run.end_year < config.run.start_year:
        raise ConfigError(
            f"{origin.get('run.end_year', source)}: key 'run.end_year' = {config.run.end_year}: "
            f"must not be before run.start_year = {config.run.start_year}"
        )
    try:
        build_interventions(config.interventions)
    except InterventionError as error:
        raise ConfigError(f"{origin.get('interventions', source)}: {error}") from None
    problem = sizing.size_problem(config)
    if problem:
        raise ConfigError(f"{origin.get('run.scale', source)}: {problem}")
    return config, config.model_dump()
