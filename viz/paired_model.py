"""PairedCareersModel: the scenario set by the app's controls, stepped in lockstep with a baseline run of
the same seed, so the app shows a policy's effect as a paired difference (common random numbers), and
a few tracked persons whose life courses the app draws.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numba
import pandas as pd
from app_controls import (
    BAND_SEEDS_CONTROL,
    BASELINE_SCENARIO,
    DEFAULT_SCALE,
    EFFECT_SIZES,
    EFFECT_SIZES_CONTROL,
    SCENARIO_CONTROL,
    baseline_value,
    default_values,
    model_params,
    scenario_from_controls,
    shipped_scenarios,
)
from tracked_persons import TrackedPersons

from careers_abm import CareersModel
from careers_abm.core.loader import load_config
from careers_abm.scenarios.posterior_draws import POSTERIOR_MODES, PRIOR_MODES, posterior_draw, posterior_overrides
from careers_abm.scenarios.uncertainty import MODES, with_prior_draws

# Numba's fallback threading layer (workqueue, used when OpenMP and TBB are missing) aborts the process
# when two threads launch parallel kernels at once; each browser session steps from its own thread.
_KERNELS = threading.Lock()


@contextmanager
def _kernels_on_one_thread() -> Iterator[None]:
    """Run the simulator's kernels one session at a time, on one thread. At the app's scales a parallel
    launch costs more than its work (measured: a paired year at scale 0.003 took 0.1 s of CPU on one
    thread, 0.25 s on two), and results are identical for any number of threads."""
    with _KERNELS:
        threads = numba.get_num_threads()
        numba.set_num_threads(1)
        try:
            yield
        finally:
            numba.set_num_threads(threads)


class PairedCareersModel(CareersModel):
    """The app's model: a CareersModel for the scenario, plus `baseline` and `tracked`.

    The scenario is a shipped scenario file (`scenario_file`, by name) with the controls on top: a moved
    parameter overrides the file's value, a measure switched on is added to the file's measures (or
    replaces the file's entry of that type). `baseline` is a CareersModel of the packaged baseline with
    the same run settings and seed. An unchanged baseline scenario is its own baseline (same seed, same
    random numbers, same results), so the default app runs the simulator once per year. Years before
    `start_year` are simulated at build time and, as in the command line, not reported: the views read
    `series()`, which leaves them out (the DataCollector, which the views do not use, keeps the 2011
    build state as its first row).
    """

    def __init__(
        self,
        *,
        scale: float = DEFAULT_SCALE,
        seed: int = baseline_value("run.seed"),
        start_year: int = 2011,
        end_year: int = 2040,
        scenario_file: str = BASELINE_SCENARIO,
        band_seeds: int = 1,
        effect_sizes: str = EFFECT_SIZES[0],
        **kwargs: Any,
    ):
        """kwargs: the other controls, keyed by dotted config key or `intervention.<name>.<field>`
        (SolaraViz accepts parameters missing from the signature only if it has a `**kwargs`).
        band_seeds: how many seeds the Policy tab's paired contrast is averaged over (seed, seed + 1, ...);
        each seed beyond the first adds a scenario and a baseline run stepped alongside.
        effect_sizes: "drawn from priors" gives the pair of seed index r the measures' effect sizes that
        replication r of `compare --uncertainty priors` draws at this seed, so the band spreads over the
        priors too; an effect the controls or the file set is held. "behaviour from the posterior" gives
        both runs of the pair replication r's row of the posterior sample (`--uncertainty posterior`;
        a parameter a control or the file moves is held in the scenario); the last option does both."""
        starting = default_values(model_params())
        for run_control in (SCENARIO_CONTROL, BAND_SEEDS_CONTROL, EFFECT_SIZES_CONTROL):
            starting.pop(run_control)
        overrides, interventions = scenario_from_controls(kwargs, starting)
        path = shipped_scenarios()[scenario_file]
        from_file = load_config(path)[1]["interventions"] if scenario_file != BASELINE_SCENARIO else []
        toggled = {entry["type"] for entry in interventions}
        measures = [entry for entry in from_file if entry["type"] not in toggled] + interventions
        if measures:
            overrides["interventions"] = measures
        start_year = int(start_year)
        run = {
            "scale": float(scale),
            "seed": int(seed),
            "start_year": start_year,
            "end_year": max(int(end_year), start_year),
        }
        mode = dict(zip(EFFECT_SIZES, MODES))[effect_sizes]

        def scenario_at(replication: int) -> dict[str, Any]:
            scenario = dict(overrides)
            if mode in PRIOR_MODES and measures:
                scenario.update(with_prior_draws({"interventions": measures}, run["seed"], replication))
            if mode in POSTERIOR_MODES:
                resolved = load_config(path, scenario)[1]
                scenario = {**posterior_overrides(resolved, run["seed"], replication), **scenario}
            return scenario

        def baseline_at(replication: int) -> dict[str, Any]:
            return posterior_draw(run["seed"], replication) if mode in POSTERIOR_MODES else {}

        with _kernels_on_one_thread():
            super().__init__(path, overrides=scenario_at(0), rng=run["seed"], **run)
            paired = overrides or scenario_file != BASELINE_SCENARIO
            self.baseline = CareersModel(overrides=baseline_at(0), rng=run["seed"], **run) if paired else self
            more_seeds = range(1, int(band_seeds)) if paired else range(0)
            self.more_pairs = [
                (CareersModel(path, overrides=scenario_at(r), rng=run["seed"] + r, **{**run, "seed": run["seed"] + r}),
                 CareersModel(overrides=baseline_at(r), rng=run["seed"] + r, **{**run, "seed": run["seed"] + r}))
                for r in more_seeds
            ]  # fmt: skip
            for model in self._runs():
                while model.sim.year < start_year:
                    model.sim.step()
            self.tracked = TrackedPersons.choose(self.sim.people, self.sim.year - 1, run["seed"])
        self.scenario = scenario_at(0)
        self.scenario_file = scenario_file

    def _runs(self) -> tuple[CareersModel, ...]:
        own = (self,) if self.baseline is self else (self, self.baseline)
        return own + tuple(model for pair in self.more_pairs for model in pair)

    def step(self) -> None:
        """One calendar year of the scenario and of its baseline (and of the band's further seed pairs)."""
        with _kernels_on_one_thread():
            super().step()
            for model in self._runs()[1:]:
                model.step()
        self.tracked.record(self.sim.people, self.sim.year - 1)

    def paired_differences(self, column: str) -> pd.DataFrame:
        """Scenario minus baseline of `column` per reported year (rows) and seed (columns), common random
        numbers within each seed: the Policy tab's band is their mean and t-interval over seeds."""
        pairs = [(self, self.baseline), *self.more_pairs]
        return pd.DataFrame({
            scenario.config.run.seed: scenario.series().set_index("year")[column]
            - baseline.series().set_index("year")[column]
            for scenario, baseline in pairs
        })  # fmt: skip
