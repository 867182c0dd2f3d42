"""The per-agent Mesa path equals the kernels bit for bit; the tracked panel reads the arrays."""

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from careers_abm import CareersModel
from careers_abm.core.agents import PANEL_COLUMNS, PersonAgent
from careers_abm.core.people import COLUMN_NAMES


def run(model: CareersModel) -> CareersModel:
    while model.running:
        model.step()
    return model


def test_per_agent_path_equals_kernels_bit_for_bit():
    # about 20,000 persons, 2011-2025: every person a PersonAgent applying the same rules itself
    kernels = run(CareersModel(scale=0.0012, end_year=2025, rng=3))
    agents = CareersModel(scale=0.0012, end_year=2025, rng=3, agents="all")
    assert len(agents.agents) == agents.sim.people.n > 19_000
    run(agents)
    pd.testing.assert_frame_equal(kernels.series(), agents.series(), check_exact=True)
    assert agents.sim.people.n == kernels.sim.people.n
    for name in COLUMN_NAMES:
        assert np.array_equal(getattr(agents.sim.people, name), getattr(kernels.sim.people, name)), name
    living = np.flatnonzero(agents.sim.people.stage < 10)
    rows = sorted(agent.row for agent in agents.agents)
    assert set(living) <= set(rows)  # births and immigrants became agents; only last year's leavers remain
    assert all(isinstance(agent, PersonAgent) for agent in agents.agents)


def test_per_agent_path_refuses_large_populations():
    with pytest.raises(ValueError, match="small populations"):
        CareersModel(scale=0.02, end_year=2011, agents="all")


def test_panel_reads_the_arrays_and_changes_no_result():
    plain = run(CareersModel(scale=0.002, end_year=2015, rng=11))
    model = CareersModel(scale=0.002, end_year=2015, rng=11, panel_size=300)
    assert len(model.agents) == 300
    again = CareersModel(scale=0.002, end_year=2011, rng=11, panel_size=300)
    assert sorted(a.row for a in model.agents) == sorted(a.row for a in again.agents)  # reproducible choice
    while model.running:
        model.step()
        year = model.sim.year - 1
        rows = model.panel().query("year == @year").set_index("person")
        people = model.sim.people
        for column in ("sex", "stage", "study_tech", "attainment", "attain_tech", "occupation", "occ_years"):
            assert np.array_equal(rows[column].to_numpy(), getattr(people, column)[rows.index.to_numpy()]), column
        assert np.array_equal(rows["age"].to_numpy(), year - people.birth_year[rows.index.to_numpy()])
    pd.testing.assert_frame_equal(plain.series(), model.series(), check_exact=True)
    panel = model.panel()
    assert list(panel.columns) == list(PANEL_COLUMNS)
    assert panel["year"].min() == 2011 and panel["year"].max() == 2015
    # a person appears every year until the year it leaves, then no more
    assert (panel.groupby("person")["year"].agg(lambda years: years.diff().dropna().eq(1).all())).all()


def test_cli_writes_the_panel(tmp_path):
    out = tmp_path / "out"
    command = [sys.executable, "-m", "careers_abm.cli.main", "run", "configs/baseline.toml", "--out", str(out)]
    command += ["--scale", "0.002", "--end", "2013", "--panel", "25"]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    panel = pd.read_parquet(out / "panel.parquet")
    assert list(panel.columns) == list(PANEL_COLUMNS)
    assert panel.groupby("year")["person"].nunique().loc[2011] == 25
    assert not list(out.glob(".*.tmp"))


def test_import_compiles_nothing():
    code = "import sys, careers_abm; assert 'numba' not in sys.modules and 'mesa' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
