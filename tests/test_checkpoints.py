"""Checkpoints and forks change no bit: a saved and resumed run equals the unbroken run, and a contrast
whose scenarios fork from shared years equals the one that runs every scenario from 2011."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from careers_abm.core import checkpoint
from careers_abm.core.model import resolve_config
from careers_abm.core.people import COLUMN_NAMES
from careers_abm.core.sim import Sim
from careers_abm.scenarios.compare import plan_runs, read_runs, simulate, task_config
from careers_abm.scenarios.executor import claimed, run_pending
from careers_abm.scenarios.forks import batches

ROOT = Path(__file__).resolve().parents[1]
CONFIGS = ROOT / "configs"
SMALL = {"run.scale": 0.002, "run.end_year": 2016}
# Measures of every kind: affinity (guest lessons, 2012), arrivals (knowledge migrants, 2012), bonuses
# and later retirement (vitaliteitspakket, 2013), side-entry (werk naar werk, 2014); the whole package
# has measures from 2011, so it forks from the build.
POLICIES = ("guest_lessons", "knowledge_migrants", "vitaliteitspakket", "werk_naar_werk")


def _same_people(one: Sim, other: Sim) -> None:
    assert one.people.n == other.people.n
    for name in COLUMN_NAMES:
        assert np.array_equal(getattr(one.people, name), getattr(other.people, name)), name


def test_a_checkpointed_and_resumed_run_equals_the_unbroken_run(tmp_path):
    config = resolve_config(CONFIGS / "masterplan_2012.toml", SMALL)
    unbroken = Sim(config)
    while not unbroken.done:
        unbroken.step()
    first = Sim(config)
    while first.year < 2014:
        first.step()
    checkpoint.save(first, tmp_path / "at_2014")
    del first
    resumed = checkpoint.load(tmp_path / "at_2014")
    assert resumed.year == 2014
    while not resumed.done:
        resumed.step()
    pd.testing.assert_frame_equal(resumed.series(), unbroken.series(), check_exact=True)
    assert resumed.results.counts == unbroken.results.counts
    assert [i.cost_by_year() for i in resumed.interventions] == [i.cost_by_year() for i in unbroken.interventions]
    _same_people(resumed, unbroken)


def test_a_forked_contrast_equals_the_unforked_one(tmp_path):
    scenarios = {"baseline": CONFIGS / "baseline.toml", "masterplan_2012": CONFIGS / "masterplan_2012.toml"}
    scenarios.update({name: CONFIGS / "interventions" / f"{name}.toml" for name in POLICIES})
    tasks = plan_runs(scenarios, [3, 4], scale=SMALL["run.scale"], end_year=SMALL["run.end_year"])
    planned = batches(tasks, task_config)
    assert len(planned) == 2  # one trunk per seed
    years = dict(zip([t.labels["scenario"] for t in planned[0].tasks], planned[0].fork_years))
    assert years == {"baseline": 2017, "masterplan_2012": 2011, "guest_lessons": 2012,
                     "knowledge_migrants": 2012, "vitaliteitspakket": 2013, "werk_naar_werk": 2014}  # fmt: skip
    frames = {}
    for label, forks in (("forked", task_config), ("unforked", None)):
        with claimed(tmp_path / label) as out:
            summary = run_pending(out, tasks, simulate, workers=1, progress=False, forks=forks)
        assert summary.finished == len(tasks) and summary.failed == 0
        frames[label] = read_runs(tmp_path / label, tasks)
    for name, runs in frames["unforked"].items():
        for forked, unforked in zip(frames["forked"][name], runs):
            pd.testing.assert_frame_equal(forked, unforked, check_exact=True)


def test_a_fork_refuses_what_would_change_the_shared_years():
    config = resolve_config(CONFIGS / "masterplan_2012.toml", SMALL)
    sim = Sim(config)
    sim.step()
    with pytest.raises(ValueError, match="acted before"):
        sim.fork(resolve_config(CONFIGS / "baseline.toml", SMALL))  # drops measures that acted in 2011
    with pytest.raises(ValueError, match="differs in its measures"):
        sim.fork(resolve_config(CONFIGS / "masterplan_2012.toml", {**SMALL, "working_life.job_loss": 0.05}))
