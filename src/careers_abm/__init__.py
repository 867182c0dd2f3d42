"""careers_abm: an agent-based simulator of the Dutch technical talent pipeline (Masterplan Bèta en Technologie)."""

from importlib import import_module
from typing import Any

__all__ = ["CareersModel", "load_config", "run"]


def __getattr__(name: str) -> Any:
    # Lazy, so `import careers_abm` stays fast: Mesa and the compiled kernels load on first use.
    if name == "CareersModel":
        return import_module(".model", __name__).CareersModel
    if name == "load_config":
        return import_module(".config", __name__).load_config
    if name == "run":
        return import_module(".api", __name__).run
    raise AttributeError(name)
