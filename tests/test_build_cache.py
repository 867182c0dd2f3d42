"""The 2011 build cache: its key holds everything the build reads, and a cached build is the build."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pydantic import BaseModel

from careers_abm.core import build_cache
from careers_abm.core.build_cache import BUILD_READS, build_key, cached_population
from careers_abm.core.groups import SchoolGroups
from careers_abm.core.model import resolve_config
from careers_abm.core.people import COLUMN_NAMES
from careers_abm.core.population import build_population
from careers_abm.core.sim import Sim

SMALL = {"run.scale": 0.002, "run.end_year": 2014}


class Recorder:
    """A config that records the dotted path of every value read through it."""

    def __init__(self, value, path, seen):
        self._value, self._path, self._seen = value, path, seen

    def __getattr__(self, name):
        value = getattr(self._value, name)
        path = f"{self._path}.{name}" if self._path else name
        if isinstance(value, BaseModel):
            return Recorder(value, path, self._seen)
        self._seen.add(path)
        return value


def test_the_key_holds_everything_the_build_reads():
    seen: set[str] = set()
    config = resolve_config(None, SMALL)
    recorder = Recorder(config, "", seen)
    build_population(recorder, SchoolGroups(recorder.schooling.group_size))
    outside = [path for path in seen if not any(path == r or path.startswith(f"{r}.") for r in BUILD_READS)]
    assert seen and not outside, f"the build reads {outside}: add them to build_cache.BUILD_READS"


@pytest.mark.parametrize(
    "change",
    [{"run.seed": 5}, {"run.scale": 0.003}, {"study.duration.mbo": 4}, {"series.births": {"2011": 150000}},
     {"demography.affinity_inheritance": 0.1}],
)  # fmt: skip
def test_a_changed_input_changes_the_key(change):
    assert build_key(resolve_config(None, {**SMALL, **change})) != build_key(resolve_config(None, SMALL))


def test_behaviour_the_build_does_not_read_keeps_the_key_and_changed_code_changes_it(monkeypatch):
    config = resolve_config(None, SMALL)
    key = build_key(config)
    assert build_key(resolve_config(None, {**SMALL, "working_life.job_loss": 0.05})) == key
    monkeypatch.setattr(build_cache, "model_digest", lambda: "another model")
    assert build_key(config) != key


def test_a_cached_build_gives_identical_bits(tmp_path, monkeypatch):
    monkeypatch.setenv("CAREERS_ABM_BUILD_CACHE", str(tmp_path))
    config = resolve_config(None, SMALL)
    groups = SchoolGroups(config.schooling.group_size)
    fresh = build_population(config, groups)
    stored, _ = cached_population(config)  # builds and stores
    cached, cached_groups = cached_population(config)  # reads the stored folder
    assert [path.name for path in Path(tmp_path).iterdir()] == [build_key(config)]
    for people in (stored, cached):
        assert people.n == fresh.n and people.capacity == fresh.capacity
        for name in COLUMN_NAMES:
            assert np.array_equal(getattr(people, name), getattr(fresh, name)), name
    assert (cached_groups.next_id, cached_groups._registry) == (groups.next_id, groups._registry)
    runs = []
    for population in (None, (cached, cached_groups)):
        sim = Sim(config, population=population)
        while not sim.done:
            sim.step()
        runs.append(sim.series())
    pd.testing.assert_frame_equal(runs[0], runs[1], check_exact=True)
