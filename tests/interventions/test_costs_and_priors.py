"""Costs by payer add up to the total; effects carry graded priors; prior draws are reproducible by seed and
shared by every scenario within a replication; compare with priors splits the spread and ranks the effects."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from careers_abm.core.interventions import REGISTRY, effects
from careers_abm.core.interventions.base import GRADES, PAYERS
from careers_abm.core.loader import load_config
from careers_abm.report.study import write_report
from careers_abm.scenarios import compare as compare_module
from careers_abm.scenarios.compare import SUM, compare, plan_runs
from careers_abm.scenarios.compare_text import uncertainty_text
from careers_abm.scenarios.run import contrast_frame, run_scenario
from careers_abm.scenarios.uncertainty import prior_draws, prior_quantile, with_prior_draws

ROOT = Path(__file__).resolve().parents[2]
CONFIGS = ROOT / "configs"


def test_every_effect_has_a_grade_a_population_and_a_transfer_prior_that_includes_no_effect():
    for name in REGISTRY:
        assert effects(name), f"{name} declares no effect"
        for row in effects(name):
            prior = row["prior"]
            assert prior["grade"] in GRADES and prior["population"], (name, row["name"])
            low, high = row["range"]
            if prior["transfer"] or prior["grade"] != "trial_same_population":
                assert row["null"] is None or low <= row["null"] <= high, (name, row["name"], "prior excludes 0")


def test_prior_quantiles_span_the_range_with_the_mode_at_the_default():
    row = {"range": [0.0, 0.3], "default": 0.1, "prior": {"prior": "triangular"}}
    values = [prior_quantile(row, u) for u in np.linspace(0, 1, 1001)]
    assert values[0] == 0.0 and values[-1] == pytest.approx(0.3) and np.all(np.diff(values) >= 0)
    assert prior_quantile(row, 1 / 3) == pytest.approx(0.1)  # F(mode) = (mode - low) / (high - low)


def test_prior_draws_are_reproducible_by_seed_and_shared_across_scenarios_within_a_replication():
    package = load_config(CONFIGS / "masterplan_2012_as_proposed.toml")[1]["interventions"]
    alone = [{"type": "guest_lessons"}]
    first, again = prior_draws(package, 7, 3), prior_draws(package, 7, 3)
    assert first == again
    shared = prior_draws(alone, 7, 3)
    assert shared and all(first[key] == value for key, value in shared.items())
    assert prior_draws(package, 7, 4) != first and prior_draws(package, 8, 3) != first
    for key, value in first.items():
        name, parameter = key.split(".")
        [row] = [row for row in effects(name) if row["name"] == parameter]
        assert row["range"][0] <= value <= row["range"][1]
    held = with_prior_draws({"interventions": [{"type": "guest_lessons", "persistence": 0.9}]}, 7, 3)
    assert held["interventions"][0]["persistence"] == 0.9  # a value the file sets is held


def test_compare_plans_the_same_effect_draws_for_every_scenario_of_a_replication():
    scenarios = {
        "alone": CONFIGS / "interventions" / "werk_naar_werk.toml",
        "package": CONFIGS / "masterplan_2012.toml",
    }
    tasks = plan_runs(scenarios, [5, 6], 0.001, 2012, "priors")
    drawn = {
        (task.labels["scenario"], task.labels["replication"]): next(
            entry["side_entry_log_odds"] for entry in task.config["interventions"] if entry["type"] == "werk_naar_werk"
        )
        for task in tasks
    }
    assert drawn["alone", 0] == drawn["package", 0] != drawn["package", 1] == drawn["alone", 1]


def test_costs_by_payer_add_up_to_the_total_and_deadweight_is_part_of_the_cost():
    settings = {"run.scale": 0.002, "run.end_year": 2015}
    output = run_scenario(CONFIGS / "masterplan_2012_as_proposed.toml", overrides=settings)
    frame = contrast_frame(output)
    by_payer = sum(frame[f"cost_{payer}_eur"] for payer in PAYERS)
    np.testing.assert_allclose(by_payer, frame["intervention_cost_eur"], rtol=1e-12)
    assert (frame.loc[2013:, "cost_social_partners_eur"] > 0).all() and (frame["cost_firms_eur"] > 0).any()
    assert (frame["deadweight_cost_eur"] <= frame["intervention_cost_eur"] + 1e-6).all()
    assert frame.loc[2013, "deadweight_cost_eur"] > 0


def test_the_enacted_vitaliteitspakket_pays_far_less_than_the_letters():
    settings = {"run.scale": 0.002, "run.end_year": 2014}
    cost = {}
    for variant in ("vitaliteitspakket", "vitaliteitspakket_as_proposed"):
        output = run_scenario(CONFIGS / "interventions" / f"{variant}.toml", overrides=settings)
        cost[variant] = contrast_frame(output).loc[2013:, "intervention_cost_eur"].sum()
    # Mostly the hiring bonus, which ran; the proposed werkbonus for every worker 61+ did not.
    assert 0 < cost["vitaliteitspakket"] < 0.5 * cost["vitaliteitspakket_as_proposed"]


def test_compare_with_priors_reports_medians_the_split_of_the_spread_and_a_ranking(tmp_path, monkeypatch):
    policy = CONFIGS / "interventions" / "vitaliteitspakket.toml"  # from 2013
    settings = {"replications": 2, "scale": 0.002, "end_year": 2014, "workers": 1, "progress": False}
    _, table, ranking = compare(CONFIGS / "baseline.toml", [policy], tmp_path, uncertainty="priors", **settings)
    [row] = table.to_dict("records")
    assert row["uncertainty"] == "monte_carlo_and_priors"
    assert row["public_cost_eur"] == row["cost_state_eur"] == row["total_cost_eur"] > 0
    assert row["extra_per_year_p05"] <= row["extra_per_year_median"] <= row["extra_per_year_p95"]
    if row["extra_per_year_p05"] < row["extra_per_year_p95"]:
        assert row["spread_monte_carlo_share"] + row["spread_priors_share"] == pytest.approx(1.0)
    else:  # at this scale the measure may move no technician in either replication: no spread to split
        assert np.isnan(row["spread_monte_carlo_share"]) and np.isnan(row["spread_priors_share"])
    effects_ranked = ["vitaliteitspakket.reemployment_log_odds", "vitaliteitspakket.retire_log_odds"]
    assert sorted(ranking["effect"]) == [SUM, *effects_ranked]
    ranked = ranking[ranking["rank"].notna()]
    assert list(ranked["rank"]) == [1, 2] and set(ranked["grade"]) == {"observational"}
    assert ranked["first_order_share"].is_monotonic_decreasing or ranked["first_order_share"].isna().all()
    assert "top effects by first-order share" in uncertainty_text(table, ranking)
    written = pd.read_csv(tmp_path / "cost_effectiveness.csv")
    assert {"public_cost_eur", "deadweight_cost_eur", "cost_state_eur", "cost_eu_eur"} <= set(written)
    # baseline; the policy without and with draws; the reference and one run per effect
    assert len(list((tmp_path / "runs").glob("*.parquet"))) == 2 * (1 + 2 + 1 + 2)
    report = write_report(tmp_path).read_text()
    assert "Parameter uncertainty" in report and "vitaliteitspakket.retire_log_odds" in report

    def recomputed(task):
        raise AssertionError(f"run {task.key} recomputed on resume")

    monkeypatch.setattr(compare_module, "simulate", recomputed)
    _, _, again = compare(CONFIGS / "baseline.toml", [policy], tmp_path, uncertainty="priors", **settings)
    pd.testing.assert_frame_equal(again, ranking)  # nothing rerun, and the ranking is the same
    assert len(list((tmp_path / "runs").glob("*.parquet"))) == 2 * (1 + 2 + 1 + 2)
