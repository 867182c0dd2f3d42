"""Posterior uncertainty (scenarios/posterior_draws.py): a replication's row is reproducible by seed and
shared by every scenario, a value the scenario sets is held, common random numbers hold within a
replication, and the history section of the validation report is produced."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from careers_abm.core.config import ConfigError
from careers_abm.core.interventions import REGISTRY, no_effect_settings
from careers_abm.core.loader import load_config
from careers_abm.fitting.history import HISTORY_CONFIG, MILESTONES, history_report
from careers_abm.fitting.moments import LAST_FITTED_YEAR
from careers_abm.scenarios import posterior_draws
from careers_abm.scenarios.compare import plan_ranking_runs, plan_runs
from careers_abm.scenarios.posterior_draws import load_posterior, posterior_draw, posterior_row
from careers_abm.scenarios.run import contrast_frame, run_scenario

ROOT = Path(__file__).resolve().parents[1]
CONFIGS = ROOT / "configs"
PEERS, LEAVING = "schooling.tech_slopes.peer_share", "working_life.leave_tech_constant"


@pytest.fixture
def sample(tmp_path, monkeypatch):
    """A small posterior sample in place of the shipped one (values off the baseline's)."""
    path = tmp_path / "posterior.parquet"
    pd.DataFrame(
        {"draw": range(5), PEERS: [0.2, 0.5, 1.1, 1.4, 1.7], LEAVING: [-3.0, -3.1, -3.3, -3.5, -3.6]}
    ).to_parquet(path)
    monkeypatch.setattr(posterior_draws, "POSTERIOR_SAMPLE", path)
    load_posterior.cache_clear()
    yield path
    load_posterior.cache_clear()


def test_a_replications_row_is_reproducible_by_seed_and_spreads_over_the_sample(sample):
    rows = [posterior_row(2012, r, 5) for r in range(40)]
    assert rows == [posterior_row(2012, r, 5) for r in range(40)]
    assert set(rows) == set(range(5)) and rows != [posterior_row(2013, r, 5) for r in range(40)]
    assert posterior_draw(2012, 3)[PEERS] == [0.2, 0.5, 1.1, 1.4, 1.7][rows[3]]


def test_every_scenario_of_a_replication_gets_the_same_row_and_a_value_it_sets_is_held(sample, tmp_path):
    held = tmp_path / "held.toml"
    held.write_text(f'extends = "{CONFIGS / "baseline.toml"}"\n[schooling.tech_slopes]\npeer_share = 0.05\n')
    scenarios = {"baseline": CONFIGS / "baseline.toml", "package": CONFIGS / "masterplan_2012.toml", "held": held}
    tasks = plan_runs(scenarios, [5, 6, 7], 0.001, 2012, "all")
    value = {(t.labels["scenario"], t.labels["replication"]): t.config["working_life"]["leave_tech_constant"]
             for t in tasks}  # fmt: skip
    for r in range(3):
        assert value["baseline", r] == value["package", r] == value["held", r] == posterior_draw(5, r)[LEAVING]
    peers = {t.labels["scenario"]: t.config["schooling"]["tech_slopes"]["peer_share"] for t in tasks}
    assert peers["held"] == 0.05 and peers["baseline"] in (0.2, 0.5, 1.1, 1.4, 1.7)
    assert len({t.key for t in tasks}) == len(tasks)


def test_under_all_the_ranking_runs_hold_the_replications_posterior_row(sample):
    tasks = plan_ranking_runs({"package": CONFIGS / "masterplan_2012.toml"}, [5, 6], 0.001, 2012, "all")
    assert len({t.labels["effect"] for t in tasks}) > 2
    for task in tasks:
        assert (
            task.config["working_life"]["leave_tech_constant"] == posterior_draw(5, task.labels["replication"])[LEAVING]
        )


def test_no_shipped_sample_is_one_clear_config_error(tmp_path, monkeypatch):
    monkeypatch.setattr(posterior_draws, "POSTERIOR_SAMPLE", tmp_path / "absent.parquet")
    with pytest.raises(ConfigError, match="no posterior sample at .*careers-abm posterior"):
        posterior_draw(1, 0)


def test_with_posterior_draws_a_zero_effect_package_equals_its_baseline_bit_for_bit(sample, tmp_path):
    lines = [f'extends = "{CONFIGS / "baseline.toml"}"']
    for name in REGISTRY:
        lines += [
            "[[interventions]]",
            f'type = "{name}"',
            *(f"{k} = {v!r}" for k, v in no_effect_settings(name).items()),
        ]
    zero = tmp_path / "zero.toml"
    zero.write_text("\n".join(lines) + "\n")
    tasks = plan_runs({"baseline": CONFIGS / "baseline.toml", "zero": zero}, [3, 4], 0.002, 2013, "posterior")
    frames = {(t.labels["scenario"], t.labels["replication"]): contrast_frame(run_scenario(t.config)) for t in tasks}
    outcomes = [c for c in frames["baseline", 0].columns if "cost" not in c]  # a measure reaching people costs money
    for r in range(2):
        assert frames["baseline", r][outcomes].equals(frames["zero", r][outcomes])
    assert not np.array_equal(frames["baseline", 0][outcomes], frames["baseline", 1][outcomes])


def test_the_history_section_reports_every_later_observation_the_series_answers(sample, tmp_path):
    table, section = history_report(ROOT / HISTORY_CONFIG, tmp_path, 0.002, [11], 3)
    assert len(table) > 50 and (table["year"] > LAST_FITTED_YEAR).all()
    assert {"tech_inflow_share_he", "tech_inflow_share_havo", "inflow_tech_he", "tech_workers"} <= set(
        table["indicator"]
    )
    assert (table["p05"] <= table["median"]).all() and (table["median"] <= table["p95"]).all()
    assert table["hit"].equals((table["observed"] >= table["p05"]) & (table["observed"] <= table["p95"]))
    assert "posterior band: 3 replications" in section and f"Hits: {int(table['hit'].sum())} of {len(table)}" in section
    figures = tmp_path / "figures" / "history"
    assert {path.stem for path in figures.glob("*.png")} == set(table["indicator"])
    milestones = (tmp_path / "history.md").read_text()
    row = next(line for line in milestones.splitlines() if line.startswith("| `tech_inflow_share_he` |"))
    assert row.count(" | ") == 1 + len(MILESTONES)  # the series, a cell per milestone year, its hits
    at_milestones = table[table["year"].isin(MILESTONES)].drop_duplicates(["indicator", "year"])
    rows = [line for line in milestones.splitlines() if line.startswith("| `")]
    assert sum(line.count("**miss**") for line in rows) == int((~at_milestones["hit"]).sum())


def test_the_history_runs_every_measure_of_the_enacted_package():
    package = {entry["type"] for entry in load_config(CONFIGS / "masterplan_2012.toml")[1]["interventions"]}
    history = {entry["type"] for entry in load_config(ROOT / HISTORY_CONFIG)[1]["interventions"]}
    assert package == history
