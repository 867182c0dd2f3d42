"""Experimental designs: the sample of uncertainty values and the combinations of policy levers.

Sampled designs come from SALib so that its analysers (Sobol, Morris) read the points in the order it
expects; the sample index of each run is kept with its results for that reason. Integer config keys
(such as the signal lag in years) are rounded after sampling.
"""

from __future__ import annotations

import itertools

import numpy as np

from .experiment import Experiment, Parameter


def salib_problem(uncertainties: list[Parameter]) -> dict:
    """The SALib problem definition, with identifier names (`schooling__tech_slopes__female`); a grid
    parameter given by values is bounded by its smallest and largest value."""
    return {
        "num_vars": len(uncertainties),
        "names": [parameter.identifier for parameter in uncertainties],
        "bounds": [list(p.range) if p.range else [min(p.values), max(p.values)] for p in uncertainties],
    }


def _grid_axis(parameter: Parameter, levels: int) -> list[float]:
    if parameter.values is not None:
        return list(parameter.values)
    low, high = parameter.range
    return np.linspace(low, high, levels).tolist()


def sample_uncertainties(experiment: Experiment) -> np.ndarray:
    """One row per sample, one column per uncertainty (a single empty row when nothing is uncertain)."""
    design, uncertainties = experiment.design, experiment.uncertainties
    if not uncertainties:
        return np.zeros((1, 0))
    problem = salib_problem(uncertainties)
    if design.kind == "grid":
        axes = [_grid_axis(parameter, design.levels) for parameter in uncertainties]
        return np.array(list(itertools.product(*axes)), dtype=float)
    if design.kind == "latin_hypercube":
        from SALib.sample import latin

        return latin.sample(problem, design.samples, seed=design.seed)
    if design.kind == "sobol":
        from SALib.sample import sobol

        return sobol.sample(problem, design.samples, calc_second_order=design.second_order, seed=design.seed)
    from SALib.sample import morris

    return morris.sample(problem, design.samples, num_levels=design.levels, seed=design.seed)


def lever_combinations(levers: list[Parameter]) -> list[dict[str, float]]:
    """Every combination of the levers' values (one empty policy when there are no levers)."""
    keys = [lever.key for lever in levers]
    return [dict(zip(keys, combination)) for combination in itertools.product(*(lever.values for lever in levers))]


def typed(key: str, value: float, integer_keys: frozenset[str]) -> int | float:
    """The value as the config expects it: whole numbers for integer keys."""
    return int(round(value)) if key in integer_keys else float(value)
