"""PairedCareersModel: the scenario set by the app's controls, stepped in lockstep with a baseline run of
the same seed, so the app shows a policy's effect as a paired difference (common random numbers), and
a few tracked persons whose life courses the app draws.
"""

from __future__ import annotations

import threading
from typing import Any

from app_controls import DEFAULT_SCALE, baseline_value, scenario_from_controls
from tracked_persons import TrackedPersons

from careers_abm import CareersModel

# Numba's fallback threading layer (workqueue, used when OpenMP and TBB are missing) aborts the process
# when two threads launch parallel kernels at once; each browser session steps from its own thread.
KERNELS = threading.Lock()


class PairedCareersModel(CareersModel):
    """The app's model: a CareersModel for the scenario, plus `baseline` and `tracked`.

    `baseline` is a CareersModel with the same run settings and seed but no overrides or interventions.
    An unchanged scenario is its own baseline (same seed, same random numbers, same results), so the
    default app runs the simulator once per year. Years before `start_year` are simulated at build time
    and, as in the command line, not reported: the views read `series()`, which leaves them out.
    """

    def __init__(
        self,
        *,
        scale: float = DEFAULT_SCALE,
        seed: int = baseline_value("run.seed"),
        start_year: int = 2011,
        end_year: int = 2040,
        **kwargs: Any,
    ):
        """kwargs: the other controls, keyed by dotted config key or `intervention.<name>.<field>`
        (SolaraViz hands parameters it does not find in the signature only to a `**kwargs`)."""
        overrides, interventions = scenario_from_controls(kwargs)
        if interventions:
            overrides["interventions"] = interventions
        start_year = int(start_year)
        run = {
            "scale": float(scale),
            "seed": int(seed),
            "start_year": start_year,
            "end_year": max(int(end_year), start_year),
        }
        with KERNELS:
            super().__init__(overrides=overrides, rng=run["seed"], **run)
            self.baseline = CareersModel(rng=run["seed"], **run) if overrides else self
            for model in self._runs():
                while model.sim.year < start_year:
                    model.sim.step()
        self.tracked = TrackedPersons.choose(self.sim.people, self.sim.year - 1)

    def _runs(self) -> tuple[CareersModel, ...]:
        return (self,) if self.baseline is self else (self, self.baseline)

    def step(self) -> None:
        """One calendar year of the scenario and of its baseline."""
        with KERNELS:
            super().step()
            if self.baseline is not self:
                self.baseline.step()
        self.tracked.record(self.sim.people, self.sim.year - 1)
