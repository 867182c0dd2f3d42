"""careers_abm: an agent-based simulator of the Dutch technical talent pipeline (Masterplan Bèta en Technologie).

Layers, each importing only those below it (held by import-linter in the tests):
  cli        the command line
  report     figures and reports of finished runs
  fitting    calibration against the record and the validation report
  scenarios  one run path, the executor of many runs, contrasts, sweeps, designs, the run() API
  core       the model: config, parameters, person arrays, rules, processes, measures, the yearly schedule
"""

from importlib import import_module
from typing import Any

__all__ = ["CareersModel", "ConfigError", "load_config", "run", "run_scenario"]

_EXPORTS = {
    "CareersModel": ".core.model",
    "ConfigError": ".core.config",
    "load_config": ".core.loader",
    "run": ".scenarios.api",
    "run_scenario": ".scenarios.run",
}


def __getattr__(name: str) -> Any:
    # Lazy, so `import careers_abm` stays fast: Mesa and the compiled kernels load on first use.
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name], __name__), name)
    raise AttributeError(name)
