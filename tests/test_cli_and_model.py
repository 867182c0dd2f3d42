"""The command line writes the output contract; the Mesa model collects it year by year."""

import json
import subprocess
import sys

import numpy as np
import pandas as pd

from careers_abm import CareersModel
from careers_abm.core.results import CONTRACT_COLUMNS

CONTRACT = [
    "year", "population", "births", "deaths", "immigrants", "emigrants",
    *(f"{name}_{level}" for level in ("vmbo", "mbo", "hbo", "wo")
      for name in ("inflow", "inflow_tech", "tech_inflow_share", "graduates", "graduates_tech",
                   "tech_workers", "tech_job_openings", "tech_labour_inflow", "tech_shortage")),
    "tech_inflow_share_he", "tech_inflow_share_he_female", "tech_grads_to_tech_job_share",
    "tech_workers", "tech_workers_female_share", "tech_leavers", "side_entrants_tech",
    "mean_retirement_age", "intl_graduates", "intl_stayers", "tech_wage_premium",
]  # fmt: skip


def test_run_writes_every_output(tmp_path):
    out = tmp_path / "out"
    command = [sys.executable, "-m", "careers_abm.cli.main", "run", "configs/baseline.toml", "--out", str(out)]
    result = subprocess.run(
        command + ["--scale", "0.002", "--start", "2012", "--end", "2016"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    series = pd.read_csv(out / "series.csv")
    assert set(CONTRACT) <= set(series.columns)
    assert series["year"].tolist() == [2012, 2013, 2014, 2015, 2016]
    assert not series.isna().any().any()
    pd.testing.assert_frame_equal(pd.read_parquet(out / "series.parquet"), series, check_dtype=False, rtol=1e-9)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["seed"] == 2012 and manifest["config"]["run"]["scale"] == 0.002
    assert manifest["peak_memory_mb"] > 0 and manifest["wall_times_s"]["total"] > 0
    assert (out / "report.png").stat().st_size > 10_000
    assert "2016" in result.stdout  # the summary table


def test_model_collects_the_contract_each_year():
    model = CareersModel(scale=0.002, end_year=2013, rng=5)
    assert model.config.run.seed == 5
    while model.running:
        model.step()
    frame = model.datacollector.get_model_vars_dataframe()
    assert list(frame.columns) == list(CONTRACT_COLUMNS)
    assert frame["year"].tolist() == [2010, 2011, 2012, 2013]
    assert np.isfinite(frame.to_numpy(dtype=float)).all()
    model.step()  # stepping past the end does nothing
    assert len(model.datacollector.get_model_vars_dataframe()) == 4
