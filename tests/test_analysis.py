"""The analysis on made-up results with known answers: paired contrasts, Morris and Sobol rankings,
pig-cycle measures and figures. No simulation runs here."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from careers_abm.scenarios.analysis import contrasts, oscillation_table, sensitivity
from careers_abm.scenarios.analysis_plots import plot_oscillation
from careers_abm.scenarios.compare import contrast_table
from careers_abm.scenarios.designs import salib_problem
from careers_abm.scenarios.experiment import parse_experiment
from careers_abm.scenarios.statistics import t975
from careers_abm.scenarios.sweep import plan_runs

BASELINE = str(Path(__file__).resolve().parents[1] / "configs" / "baseline.toml")
STRONG, WEAK = "schooling.tech_slopes.signal", "schooling.tech_slopes.peer_share"


def loaded(tmp_path, **changes):
    data = {
        "name": "t",
        "scenarios": [BASELINE],
        "outputs": ["tech_wage_premium"],
        "uncertainties": [{"key": STRONG, "range": [0.0, 3.0]}, {"key": WEAK, "range": [0.0, 2.0]}],
        **changes,
    }
    return parse_experiment(data, tmp_path / "e.toml")


def made_up_outcomes(plan: pd.DataFrame) -> pd.DataFrame:
    """y = 3 * strong + 0.1 * weak: the strong parameter must rank first."""
    return plan.assign(y=3.0 * plan[STRONG] + 0.1 * plan[WEAK])


@pytest.mark.parametrize("design", [{"kind": "sobol", "samples": 64}, {"kind": "morris", "samples": 20}])
def test_sensitivity_ranks_the_strong_parameter_first(design, tmp_path):
    experiment = loaded(
        tmp_path, design=design, outcomes=[{"name": "y", "columns": ["tech_workers"], "years": [2011, 2011]}]
    )
    plan = pd.DataFrame([task.labels for task in plan_runs(experiment)])
    indices = sensitivity(
        experiment.experiment, salib_problem(experiment.experiment.uncertainties), plan, made_up_outcomes(plan)
    )
    column = "ST" if design["kind"] == "sobol" else "mu_star"
    ranked = indices.sort_values(column, ascending=False)["parameter"].tolist()
    assert ranked == [STRONG, WEAK]
    if design["kind"] == "sobol":
        strong = indices.set_index("parameter").loc[STRONG]
        assert strong["S1"] == pytest.approx(1.0, abs=0.05) and strong["ST_conf"] > 0


def test_contrasts_pair_replications():
    rng = np.random.default_rng(3)
    noise = rng.normal(0, 10, size=20)  # shared by both scenarios: common random numbers
    frame = pd.DataFrame({
        "scenario": ["baseline"] * 20 + ["policy"] * 20,
        "policy": 0, "sample": 0, "replication": list(range(20)) * 2,
        "y": np.concatenate([100 + noise, 102 + noise + rng.normal(0, 0.1, size=20)]),
    })  # fmt: skip
    table = contrasts(frame, ["y"], "baseline").set_index("scenario")
    assert table.loc["baseline", "difference_mean"] == 0
    policy = table.loc["policy"]
    assert policy["difference_low95"] < 2 < policy["difference_high95"]
    assert policy["difference_high95"] - policy["difference_low95"] < 0.2  # pairing removed the shared noise


def test_contrasts_give_compare_s_t_interval_for_the_same_pairs():
    """analyze and compare read paired runs with one statistic: at 5 replications the sweep's interval
    is the Student-t interval of compare, not a 29% narrower normal one."""
    rng = np.random.default_rng(5)
    base, policy = rng.normal(100, 10, size=5), rng.normal(103, 10, size=5)
    frame = pd.DataFrame({
        "scenario": ["baseline"] * 5 + ["policy"] * 5, "policy": 0, "sample": 0,
        "replication": list(range(5)) * 2, "y": np.concatenate([base, policy]),
    })  # fmt: skip
    row = contrasts(frame, ["y"], "baseline").set_index("scenario").loc["policy"]
    as_frames = {name: [pd.DataFrame({"y": [value]}, index=pd.Index([2020], name="year")) for value in values]
                 for name, values in (("baseline", base), ("policy", policy))}  # fmt: skip
    [compared] = contrast_table(as_frames["baseline"], {"policy": as_frames["policy"]}).to_dict("records")
    assert row["pairs"] == 5
    for analyzed, compared_name in (("mean", "mean"), ("low95", "low"), ("high95", "high")):
        assert row[f"difference_{analyzed}"] == compared[f"difference_{compared_name}"]
    half_width = (row["difference_high95"] - row["difference_low95"]) / 2
    assert half_width == pytest.approx(t975(4) * np.std(policy - base, ddof=1) / np.sqrt(5))


def test_oscillation_table_and_figure_follow_the_lag(tmp_path):
    experiment = loaded(
        tmp_path,
        uncertainties=[{"key": STRONG, "values": [1.0, 3.0]}],
        levers=[{"key": "labour_market.premium.lag", "values": [1, 4]}],
        replications=2,
        analysis={
            "oscillation": {"column": "tech_wage_premium", "rows": "labour_market.premium.lag", "columns": STRONG}
        },
    )
    plan = pd.DataFrame([task.labels for task in plan_runs(experiment)])
    years = np.arange(2011, 2051)
    lags = plan.set_index("run_key")["labour_market.premium.lag"]
    # A cycle whose period is four times (lag + 1) years, as a cobweb with that information delay would give.
    runs = pd.concat(
        pd.DataFrame(
            {"run_key": key, "year": years, "tech_wage_premium": np.sin(np.pi * (years - 2011) / (2 * (lag + 1)))}
        )
        for key, lag in lags.items()
    )
    table = oscillation_table(experiment.experiment, plan, runs).set_index("labour_market.premium.lag")
    assert table.loc[1, "dominant_period_years"].tolist() == pytest.approx([8, 8], abs=0.5)
    assert table.loc[4, "dominant_period_years"].tolist() == pytest.approx([20, 20], abs=0.5)
    figure = plot_oscillation(runs, plan, experiment.experiment, tmp_path / "pig_cycle.png")
    assert figure.stat().st_size > 10_000
